/* The in-memory model of an initialization file: sections of keys in
 * file order, parsed from text and written back as text. Names match
 * without regard to case. */
#include "syscalls/kernel32/ini.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

char *ini_strip(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = 0;
    return s;
}

struct ini_section *ini_add_section(struct ini *ini, const char *name)
{
    struct ini_section *grown = realloc(ini->sections, (ini->n + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    ini->sections = grown;
    struct ini_section *s = &ini->sections[ini->n];
    memset(s, 0, sizeof *s);
    if (!(s->name = strdup(name)))
        return NULL;
    ini->n++;
    return s;
}

bool ini_add_key(struct ini_section *s, const char *name, const char *value)
{
    struct ini_key *grown = realloc(s->keys, (s->nkeys + 1) * sizeof *grown);
    if (!grown)
        return false;
    s->keys = grown;
    struct ini_key *k = &s->keys[s->nkeys];
    k->name = strdup(name);
    k->value = value ? strdup(value) : NULL;
    if (!k->name || (value && !k->value)) {
        free(k->name);
        free(k->value);
        return false;
    }
    s->nkeys++;
    return true;
}

static void section_free(struct ini_section *s)
{
    for (size_t j = 0; j < s->nkeys; j++) {
        free(s->keys[j].name);
        free(s->keys[j].value);
    }
    free(s->keys);
    free(s->name);
}

void ini_free(struct ini *ini)
{
    for (size_t i = 0; i < ini->n; i++)
        section_free(&ini->sections[i]);
    free(ini->sections);
    memset(ini, 0, sizeof *ini);
}

/* Lines before the first section belong to none and are ignored, as
 * Windows ignores them. */
bool ini_parse(struct ini *ini, char *text)
{
    struct ini_section *cur = NULL;
    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = 0;
        char *s = ini_strip(line);
        if (!*s)
            continue;
        if (*s == '[') {
            char *end = strchr(s + 1, ']');
            if (end)
                *end = 0;
            if (!(cur = ini_add_section(ini, ini_strip(s + 1))))
                return false;
            continue;
        }
        if (!cur)
            continue;
        char *eq = strchr(s, '=');
        if (eq)
            *eq = 0;
        if (!ini_add_key(cur, ini_strip(s), eq ? ini_strip(eq + 1) : NULL))
            return false;
    }
    return true;
}

static bool append(char **out, size_t *len, const char *s)
{
    size_t n = strlen(s);
    char *grown = realloc(*out, *len + n + 1);
    if (!grown)
        return false;
    memcpy(grown + *len, s, n + 1);
    *out = grown;
    *len += n;
    return true;
}

char *ini_serialize(const struct ini *ini)
{
    char *out = strdup("");
    size_t len = 0;
    bool ok = out != NULL;
    for (size_t i = 0; ok && i < ini->n; i++) {
        const struct ini_section *s = &ini->sections[i];
        ok = (!i || append(&out, &len, "\r\n")) && append(&out, &len, "[") && append(&out, &len, s->name) &&
             append(&out, &len, "]\r\n");
        for (size_t j = 0; ok && j < s->nkeys; j++)
            ok = append(&out, &len, s->keys[j].name) &&
                 (!s->keys[j].value || (append(&out, &len, "=") && append(&out, &len, s->keys[j].value))) &&
                 append(&out, &len, "\r\n");
    }
    if (!ok)
        free(out);
    return ok ? out : NULL;
}

struct ini_section *ini_find_section(struct ini *ini, const char *name)
{
    for (size_t i = 0; i < ini->n; i++)
        if (!strcasecmp(ini->sections[i].name, name))
            return &ini->sections[i];
    return NULL;
}

struct ini_key *ini_find_key(struct ini_section *s, const char *name)
{
    for (size_t j = 0; s && j < s->nkeys; j++)
        if (!strcasecmp(s->keys[j].name, name))
            return &s->keys[j];
    return NULL;
}

/* Sets key's value in the section (NULL: deletes the key; key NULL deletes
 * the section), creating what is missing. */
bool ini_set(struct ini *ini, const char *app, const char *key, const char *value)
{
    struct ini_section *s = ini_find_section(ini, app);
    if (!key) {
        if (s) {
            section_free(s);
            memmove(s, s + 1, (ini->n - (size_t)(s - ini->sections) - 1) * sizeof *s);
            ini->n--;
        }
        return true;
    }
    struct ini_key *k = ini_find_key(s, key);
    if (!value) {
        if (k) {
            free(k->name);
            free(k->value);
            memmove(k, k + 1, (s->nkeys - (size_t)(k - s->keys) - 1) * sizeof *k);
            s->nkeys--;
        }
        return true;
    }
    if (!s && !(s = ini_add_section(ini, app)))
        return false;
    if (!k)
        return ini_add_key(s, key, value);
    char *v = strdup(value);
    if (!v)
        return false;
    free(k->value);
    k->value = v;
    return true;
}

