/* NAME.reg, the registry a sample must leave (docs/cli.md): a subset of the
 * .reg file syntax parsed into expectations, and their check against the
 * open registry. The parser also reads values for `wowbox reg import`. */
#ifndef WOWBOX_CORE_APP_REG_EXPECT_H
#define WOWBOX_CORE_APP_REG_EXPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/strbuf.h"

/* "HKLM\Software\X" or "HKEY_CURRENT_USER\..." → the NT path
 * ("\REGISTRY\MACHINE\Software\X"), malloc'd; NULL when no root matches. */
char *reg_nt_path(const char *key);
/* key with its root as regedit writes it (HKEY_LOCAL_MACHINE...), malloc'd. */
char *reg_long_form(const char *key);

/* One value line of a .reg file: "name"=... or @=...; delete: "name"=-. */
struct reg_value_line {
    char *name;        /* "" for @ */
    bool delete;       /* =- */
    uint32_t type;
    uint8_t *data;
    uint32_t size;
};
/* regedit4: REG_EXPAND_SZ/REG_MULTI_SZ hex data is ANSI (widened here).
 * False with a reason when the line is malformed. */
bool reg_parse_value_line(const char *line, bool regedit4, struct reg_value_line *v, const char **why);
void reg_value_line_free(struct reg_value_line *v);

enum reg_expect_kind {
    REG_EXPECT_KEY,      /* [KEY]: it exists */
    REG_EXPECT_NO_KEY,   /* [-KEY]: it does not */
    REG_EXPECT_VALUE,    /* "name"=data under the last [KEY]: present, same type and bytes */
    REG_EXPECT_NO_VALUE, /* "name"=- : absent */
};

struct reg_expect {
    enum reg_expect_kind kind;
    int line;
    char *key;      /* as written */
    char *nt_key;
    struct reg_value_line value; /* VALUE and NO_VALUE */
};

struct reg_expect_list {
    struct reg_expect *items;
    size_t count;
};

/* Parses the sidecar text; on a malformed line false with its number and
 * what is wrong (out is then empty). */
bool reg_expect_parse(const char *text, struct reg_expect_list *out, int *bad_line, char *why, size_t whysz);
void reg_expect_free(struct reg_expect_list *l);

/* Checks each expectation against the registry the NT services have open,
 * in the 32-bit program's view (WOW6432Node redirection applies); one line
 * per mismatch into out ("KEY: value \"x\" differs: ..."). Returns how many. */
unsigned reg_expect_check(const struct reg_expect_list *l, struct strbuf *out);

#endif
