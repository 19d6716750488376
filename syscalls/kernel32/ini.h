/* The in-memory model of an initialization (.ini) file
 * (syscalls/kernel32/ini.c); profile.c reads and writes the files. */
#ifndef WOWBOX_SYSCALLS_KERNEL32_INI_H
#define WOWBOX_SYSCALLS_KERNEL32_INI_H

#include <stdbool.h>
#include <stddef.h>

struct ini_key {
    char *name;
    char *value; /* NULL: a line without '=' */
};

struct ini_section {
    char *name;
    struct ini_key *keys;
    size_t nkeys;
};

struct ini {
    struct ini_section *sections;
    size_t n;
    bool utf16; /* read with a UTF-16 byte-order mark: written back so */
};

/* Adds text's sections and keys (text is modified). Lines before the first
 * section are ignored, as Windows ignores them; blanks around names and
 * values go. False when out of memory. */
bool ini_parse(struct ini *ini, char *text);
/* "[name]\r\nkey=value\r\n..." with a blank line between sections (malloc'd). */
char *ini_serialize(const struct ini *ini);
void ini_free(struct ini *ini);
struct ini_section *ini_find_section(struct ini *ini, const char *name);
struct ini_key *ini_find_key(struct ini_section *s, const char *name);
struct ini_section *ini_add_section(struct ini *ini, const char *name);
/* value NULL: a line without '='. */
bool ini_add_key(struct ini_section *s, const char *name, const char *value);
/* Sets a key's value, adding the section and key as needed; value NULL
 * deletes the key, key NULL the whole section. False when out of memory. */
bool ini_set(struct ini *ini, const char *app, const char *key, const char *value);
/* s without blanks (spaces, tabs, CRs) at either end; modifies s. */
char *ini_strip(char *s);

#endif
