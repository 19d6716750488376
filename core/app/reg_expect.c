/* NAME.reg expectations (core/app/reg_expect.h): .reg syntax in, checks
 * against the NT registry services out. */
#include "core/app/reg_expect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/unicode.h"
#include "syscalls/ntdll/nt_registry.h"
#include "syscalls/ntdll/struct32_registry.h"

static const struct { const char *long_name, *short_name, *nt; } roots[] = {
    { "HKEY_LOCAL_MACHINE", "HKLM", "\\REGISTRY\\MACHINE" },
    { "HKEY_USERS", "HKU", "\\REGISTRY\\USER" },
    { "HKEY_CURRENT_USER", "HKCU", "\\REGISTRY\\USER\\" WOWBOX_USER_SID },
    { "HKEY_CLASSES_ROOT", "HKCR", "\\REGISTRY\\MACHINE\\SOFTWARE\\Classes" },
    { "HKEY_CURRENT_CONFIG", "HKCC", "\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Hardware Profiles\\Current" },
};

/* key with its root replaced: by the NT path (nt) or regedit's long name;
 * NULL when no root matches. */
static char *replace_root(const char *key, bool nt)
{
    for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++) {
        const char *names[] = { roots[i].long_name, roots[i].short_name };
        for (int j = 0; j < 2; j++) {
            size_t n = strlen(names[j]);
            if (strncasecmp(key, names[j], n) != 0 || (key[n] != '\0' && key[n] != '\\'))
                continue;
            const char *root = nt ? roots[i].nt : roots[i].long_name;
            size_t len = strlen(root) + strlen(key + n) + 1;
            char *out = malloc(len);
            if (out)
                snprintf(out, len, "%s%s", root, key + n);
            return out;
        }
    }
    return NULL;
}

char *reg_nt_path(const char *key)
{
    char *out = replace_root(key, true);
    while (out && strlen(out) > 1 && out[strlen(out) - 1] == '\\')
        out[strlen(out) - 1] = '\0';
    return out;
}

char *reg_long_form(const char *key)
{
    char *out = replace_root(key, false);
    return out ? out : strdup(key);
}

/* ---- value lines ----------------------------------------------------------- */

/* A quoted string starting at *p (after the opening quote), unescaped. */
static char *unquote(const char **p)
{
    const char *s = *p;
    char *out = malloc(strlen(s) + 1);
    size_t n = 0;
    while (out && *s && *s != '"') {
        if (*s == '\\' && s[1])
            s++;
        out[n++] = *s++;
    }
    if (!out || *s != '"') {
        free(out);
        return NULL;
    }
    out[n] = '\0';
    *p = s + 1;
    return out;
}

static bool set_string(struct reg_value_line *v, const char *text)
{
    size_t n = 0;
    uint16_t *w = utf8_to_utf16(text, &n);
    if (!w)
        return false;
    v->type = REG_SZ;
    v->data = (uint8_t *)w;
    v->size = (uint32_t)(n + 1) * 2;
    return true;
}

/* "01,02,ff" (spaces allowed after commas); false on anything else. */
static bool parse_hex_bytes(const char *p, struct reg_value_line *v)
{
    v->data = malloc(strlen(p) / 2 + 2);
    if (!v->data)
        return false;
    v->size = 0;
    while (*p) {
        char *end;
        unsigned long b = strtoul(p, &end, 16);
        if (end == p || end - p > 2 || b > 0xFF)
            return false;
        v->data[v->size++] = (uint8_t)b;
        p = end;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == ',') {
            p++;
            while (*p == ' ' || *p == '\t')
                p++;
            if (!*p)
                return false;
        } else if (*p) {
            return false;
        }
    }
    return true;
}

/* regedit4's REG_EXPAND_SZ and REG_MULTI_SZ hex data is 8-bit: widened. */
static bool widen(struct reg_value_line *v)
{
    uint8_t *w = calloc(1, 2 * (size_t)v->size + 2);
    if (!w)
        return false;
    for (uint32_t i = 0; i < v->size; i++)
        w[2 * i] = v->data[i];
    free(v->data);
    v->data = w;
    v->size *= 2;
    return true;
}

static bool parse_data(const char *p, bool regedit4, struct reg_value_line *v, const char **why)
{
    if (*p == '-' && !p[1]) {
        v->delete = true;
        return true;
    }
    if (*p == '"') {
        p++;
        char *text = unquote(&p);
        bool ok = text && !*p && set_string(v, text);
        free(text);
        *why = "expected \"text\" with the closing quote last";
        return ok;
    }
    if (strncasecmp(p, "dword:", 6) == 0) {
        char *end;
        unsigned long long d = strtoull(p + 6, &end, 16);
        *why = "expected dword: and up to 8 hex digits";
        if (end == p + 6 || *end || end - (p + 6) > 8)
            return false;
        v->type = REG_DWORD;
        v->size = 4;
        v->data = malloc(4);
        uint32_t d32 = (uint32_t)d;
        if (v->data)
            memcpy(v->data, &d32, 4);
        return v->data != NULL;
    }
    if (strncasecmp(p, "hex", 3) == 0) {
        p += 3;
        v->type = REG_BINARY;
        *why = "expected hex:01,02,... or hex(TYPE):01,02,...";
        if (*p == '(') {
            char *end;
            v->type = (uint32_t)strtoul(p + 1, &end, 16);
            if (end == p + 1 || *end != ')')
                return false;
            p = end + 1;
        }
        if (*p++ != ':' || !parse_hex_bytes(p, v))
            return false;
        return !(regedit4 && (v->type == REG_EXPAND_SZ || v->type == REG_MULTI_SZ)) || widen(v);
    }
    *why = "expected \"text\", dword:, hex: or - after '='";
    return false;
}

static void trim_end(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
}

bool reg_parse_value_line(const char *text, bool regedit4, struct reg_value_line *v, const char **why)
{
    memset(v, 0, sizeof *v);
    char *line = strdup(text);
    if (!line) {
        *why = "out of memory";
        return false;
    }
    trim_end(line);
    const char *p = line;
    if (*p == '@') {
        v->name = strdup("");
        p++;
    } else if (*p == '"') {
        p++;
        v->name = unquote(&p);
    }
    *why = "expected \"name\"= or @=";
    bool ok = v->name && *p == '=' && parse_data(p + 1, regedit4, v, why);
    free(line);
    if (!ok)
        reg_value_line_free(v);
    return ok;
}

void reg_value_line_free(struct reg_value_line *v)
{
    free(v->name);
    free(v->data);
    memset(v, 0, sizeof *v);
}

/* ---- the sidecar ------------------------------------------------------------- */

static struct reg_expect *add(struct reg_expect_list *l)
{
    struct reg_expect *items = realloc(l->items, (l->count + 1) * sizeof *items);
    if (!items)
        return NULL;
    l->items = items;
    memset(&items[l->count], 0, sizeof *items);
    return &items[l->count++];
}

/* One line: a [key], [-key], value line, comment, header or blank. */
static const char *parse_line(char *line, int line_no, struct reg_expect_list *out, const char **current_key)
{
    while (*line == ' ' || *line == '\t')
        line++;
    trim_end(line);
    if (!*line || *line == ';' || *line == '#' || !strcmp(line, "Windows Registry Editor Version 5.00") ||
        !strcmp(line, "REGEDIT4"))
        return NULL;
    struct reg_expect *e = add(out);
    if (!e)
        return "out of memory";
    e->line = line_no;
    if (*line == '[') {
        bool absent = line[1] == '-';
        size_t n = strlen(line);
        if (line[n - 1] != ']' || n < 3u + (size_t)absent)
            return "expected [KEY] or [-KEY]";
        line[n - 1] = '\0';
        e->kind = absent ? REG_EXPECT_NO_KEY : REG_EXPECT_KEY;
        e->key = strdup(line + 1 + absent);
        e->nt_key = e->key ? reg_nt_path(e->key) : NULL;
        if (!e->nt_key)
            return "unknown root key (expected HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER, HKEY_USERS, "
                   "HKEY_CLASSES_ROOT, HKEY_CURRENT_CONFIG or HKLM, HKCU, HKU, HKCR, HKCC)";
        *current_key = absent ? NULL : e->key;
        return NULL;
    }
    if (*line != '"' && *line != '@')
        return "expected [KEY], [-KEY], \"name\"=data, @=data, or a ; or # comment";
    if (!*current_key)
        return "a value line needs a [KEY] line before it";
    const char *why;
    if (!reg_parse_value_line(line, false, &e->value, &why))
        return why;
    e->kind = e->value.delete ? REG_EXPECT_NO_VALUE : REG_EXPECT_VALUE;
    e->key = strdup(*current_key);
    e->nt_key = e->key ? reg_nt_path(e->key) : NULL;
    return e->nt_key ? NULL : "out of memory";
}

bool reg_expect_parse(const char *text, struct reg_expect_list *out, int *bad_line, char *why, size_t whysz)
{
    memset(out, 0, sizeof *out);
    char *copy = strdup(text);
    if (!copy) {
        snprintf(why, whysz, "out of memory");
        *bad_line = 0;
        return false;
    }
    const char *current_key = NULL, *err = NULL;
    int line_no = 0;
    for (char *cur = copy, *line; !err && (line = cur);) {
        char *nl = strchr(cur, '\n');
        cur = nl ? nl + 1 : NULL;
        if (nl)
            *nl = '\0';
        line_no++;
        err = parse_line(line, line_no, out, &current_key);
        if (!cur)
            break;
    }
    free(copy);
    if (!err)
        return true;
    *bad_line = line_no;
    snprintf(why, whysz, "%s", err);
    reg_expect_free(out);
    return false;
}

void reg_expect_free(struct reg_expect_list *l)
{
    for (size_t i = 0; i < l->count; i++) {
        free(l->items[i].key);
        free(l->items[i].nt_key);
        reg_value_line_free(&l->items[i].value);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* ---- the check ------------------------------------------------------------- */

static const char *type_name(uint32_t t)
{
    static const char *const names[] = { "REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY", "REG_DWORD",
                                         "REG_DWORD_BIG_ENDIAN", "REG_LINK", "REG_MULTI_SZ" };
    if (t < sizeof names / sizeof names[0])
        return names[t];
    return t == REG_QWORD ? "REG_QWORD" : "REG_UNKNOWN";
}

/* Data as the sidecar would spell it (strings quoted, dwords, else hex). */
static void show_data(struct strbuf *out, uint32_t type, const uint8_t *data, uint32_t size)
{
    if (type == REG_DWORD && size == 4) {
        uint32_t d;
        memcpy(&d, data, 4);
        strbuf_printf(out, "dword:%08x", d);
        return;
    }
    if (type == REG_SZ && size % 2 == 0) {
        size_t units = size / 2;
        while (units && data[2 * units - 2] == 0 && data[2 * units - 1] == 0)
            units--;
        uint16_t *w = malloc(units * 2 + 2);
        char *u = NULL;
        if (w) {
            memcpy(w, data, units * 2);
            w[units] = 0;
            u = utf16_to_utf8(w, units);
        }
        strbuf_printf(out, "\"%s\"", u ? u : "?");
        free(w);
        free(u);
        return;
    }
    strbuf_printf(out, type == REG_BINARY ? "hex:" : "hex(%x):", type);
    for (uint32_t i = 0; i < size && i < 32; i++)
        strbuf_printf(out, "%s%02x", i ? "," : "", data[i]);
    if (size > 32)
        strbuf_printf(out, ",... (%u bytes)", size);
}

/* The value's type and data (malloc'd); STATUS_OBJECT_NAME_NOT_FOUND when absent. */
static NTSTATUS query(uint32_t key, const char *name, KEY_VALUE_PARTIAL_INFORMATION32 **info)
{
    uint32_t need = 0;
    NTSTATUS st = nt_query_value_key(key, name, KeyValuePartialInformation, NULL, 0, &need);
    if (st != STATUS_BUFFER_TOO_SMALL && st != STATUS_BUFFER_OVERFLOW)
        return st;
    *info = calloc(1, need + 2);
    if (!*info)
        return STATUS_NO_MEMORY;
    st = nt_query_value_key(key, name, KeyValuePartialInformation, *info, need, &need);
    if (st != STATUS_SUCCESS) {
        free(*info);
        *info = NULL;
    }
    return st;
}

static unsigned check_value(const struct reg_expect *e, uint32_t key, struct strbuf *out)
{
    const char *shown = *e->value.name ? e->value.name : "@ (default)";
    KEY_VALUE_PARTIAL_INFORMATION32 *got = NULL;
    NTSTATUS st = key ? query(key, e->value.name, &got) : STATUS_OBJECT_NAME_NOT_FOUND;
    unsigned bad = 0;
    if (e->kind == REG_EXPECT_NO_VALUE) {
        if (st == STATUS_SUCCESS) {
            strbuf_printf(out, "%s: value \"%s\" exists (", e->key, shown);
            show_data(out, got->Type, got->Data, got->DataLength);
            strbuf_puts(out, "), expected none\n");
            bad = 1;
        }
    } else if (st != STATUS_SUCCESS) {
        strbuf_printf(out, "%s: value \"%s\" missing\n", e->key, shown);
        bad = 1;
    } else if (got->Type != e->value.type || got->DataLength != e->value.size ||
               memcmp(got->Data, e->value.data, e->value.size) != 0) {
        strbuf_printf(out, "%s: value \"%s\" differs: expected %s ", e->key, shown, type_name(e->value.type));
        show_data(out, e->value.type, e->value.data, e->value.size);
        strbuf_printf(out, ", found %s ", type_name(got->Type));
        show_data(out, got->Type, got->Data, got->DataLength);
        strbuf_putc(out, '\n');
        bad = 1;
    }
    free(got);
    return bad;
}

unsigned reg_expect_check(const struct reg_expect_list *l, struct strbuf *out)
{
    unsigned bad = 0;
    for (size_t i = 0; i < l->count; i++) {
        const struct reg_expect *e = &l->items[i];
        uint32_t key = 0;
        NTSTATUS st = nt_open_key(0, e->nt_key, KEY_WOW64_32KEY, &key);
        if (st != STATUS_SUCCESS)
            key = 0;
        if (e->kind == REG_EXPECT_KEY && !key) {
            strbuf_printf(out, "%s: key missing\n", e->key);
            bad++;
        } else if (e->kind == REG_EXPECT_NO_KEY && key) {
            strbuf_printf(out, "%s: key exists, expected none\n", e->key);
            bad++;
        } else if (e->kind == REG_EXPECT_VALUE || e->kind == REG_EXPECT_NO_VALUE) {
            bad += check_value(e, key, out);
        }
        if (key)
            nt_close_key(key);
    }
    return bad;
}
