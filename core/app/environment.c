/* Builds the guest's initial environment: the variables Windows defines for
 * a 32-bit process on a 64-bit system, pointing into the prefix, then the
 * host's variables as Wine passes them (a test driver configures a program
 * with FOO=1 wowbox prog.exe), then --env additions. Windows' own variables
 * win over the host's of the same name (PATH, TEMP...: host paths mean
 * nothing to the guest); WOWBOX_* and LD_* stay on the host side. */
#include "core/app/environment.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "core/unicode.h"
#include "redirect/prefix.h"

/* Windows orders the block by name alone, compared in upper case (so
 * "ProgramFiles" precedes "ProgramFiles(x86)" and '_' sorts after letters). */
static int cmp_var(const void *a, const void *b)
{
    const unsigned char *x = *(const unsigned char *const *)a, *y = *(const unsigned char *const *)b;
    for (;; x++, y++) {
        int cx = *x == '=' ? 0 : toupper(*x), cy = *y == '=' ? 0 : toupper(*y);
        if (cx != cy || cx == 0)
            return cx - cy;
    }
}

struct env_list {
    char **v;
    size_t n, cap;
};

static bool same_name(const char *a, const char *b)
{
    for (;; a++, b++) {
        int ca = *a == '=' ? 0 : toupper((unsigned char)*a), cb = *b == '=' ? 0 : toupper((unsigned char)*b);
        if (ca != cb)
            return false;
        if (ca == 0)
            return true;
    }
}

static ssize_t find_var(const struct env_list *l, const char *kv)
{
    for (size_t i = 0; i < l->n; i++)
        if (same_name(l->v[i], kv))
            return (ssize_t)i;
    return -1;
}

/* Adds "NAME=value"; an existing variable of that name is kept unless
 * `replace`. False only when out of memory. */
static bool put_var(struct env_list *l, const char *kv, bool replace)
{
    ssize_t at = find_var(l, kv);
    if (at >= 0 && !replace)
        return true;
    char *copy = strdup(kv);
    if (!copy)
        return false;
    if (at >= 0) {
        free(l->v[at]);
        l->v[at] = copy;
        return true;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        char **nv = realloc(l->v, cap * sizeof *nv);
        if (!nv) {
            free(copy);
            return false;
        }
        l->v = nv;
        l->cap = cap;
    }
    l->v[l->n++] = copy;
    return true;
}

static bool put_fmt(struct env_list *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool put_fmt(struct env_list *l, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return put_var(l, buf, true);
}

static bool windows_vars(struct env_list *l, const struct prefix *p)
{
    const char *user = p && p->user ? p->user : "user";
    static const char *const fixed[] = {
        "ALLUSERSPROFILE=C:\\ProgramData",
        "CommonProgramFiles=C:\\Program Files (x86)\\Common Files",
        "CommonProgramFiles(x86)=C:\\Program Files (x86)\\Common Files",
        "CommonProgramW6432=C:\\Program Files\\Common Files",
        "COMPUTERNAME=WOWBOX",
        "ComSpec=C:\\Windows\\system32\\cmd.exe",
        "HOMEDRIVE=C:",
        "NUMBER_OF_PROCESSORS=2",
        "OS=Windows_NT",
        "Path=C:\\Windows\\system32;C:\\Windows;C:\\Windows\\System32\\Wbem",
        "PATHEXT=.COM;.EXE;.BAT;.CMD;.VBS;.JS",
        "PROCESSOR_ARCHITECTURE=x86",
        "PROCESSOR_ARCHITEW6432=AMD64",
        "PROCESSOR_IDENTIFIER=Intel64 Family 6 Model 85 Stepping 7, GenuineIntel",
        "PROCESSOR_LEVEL=6",
        "ProgramData=C:\\ProgramData",
        "ProgramFiles=C:\\Program Files (x86)",
        "ProgramFiles(x86)=C:\\Program Files (x86)",
        "ProgramW6432=C:\\Program Files",
        "PUBLIC=C:\\Users\\Public",
        "SystemDrive=C:",
        "SystemRoot=C:\\Windows",
        "USERDOMAIN=WOWBOX",
        "windir=C:\\Windows",
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (!put_var(l, fixed[i], true))
            return false;
    return put_fmt(l, "APPDATA=C:\\Users\\%s\\AppData\\Roaming", user) &&
           put_fmt(l, "HOMEPATH=\\Users\\%s", user) &&
           put_fmt(l, "LOCALAPPDATA=C:\\Users\\%s\\AppData\\Local", user) &&
           put_fmt(l, "TEMP=C:\\Users\\%s\\AppData\\Local\\Temp", user) &&
           put_fmt(l, "TMP=C:\\Users\\%s\\AppData\\Local\\Temp", user) &&
           put_fmt(l, "USERNAME=%s", user) && put_fmt(l, "USERPROFILE=C:\\Users\\%s", user);
}

/* A host variable the guest may see: named, and not wowbox's or the
 * dynamic linker's own. */
static bool host_var_passes(const char *kv)
{
    if (kv[0] == '=' || !strchr(kv, '='))
        return false;
    return strncmp(kv, "WOWBOX_", 7) != 0 && strncmp(kv, "LD_", 3) != 0;
}

static uint16_t *to_block(struct env_list *l, size_t *units)
{
    qsort(l->v, l->n, sizeof *l->v, cmp_var);
    uint16_t *block = malloc(2);
    size_t used = 0;
    for (size_t i = 0; block && i < l->n; i++) {
        size_t len;
        uint16_t *w = utf8_to_utf16(l->v[i], &len);
        if (!w)
            continue; /* not UTF-8: a host variable Windows could not hold */
        uint16_t *nb = realloc(block, (used + len + 2) * 2);
        if (!nb) {
            free(w);
            free(block);
            return NULL;
        }
        block = nb;
        memcpy(block + used, w, (len + 1) * 2);
        used += len + 1;
        free(w);
    }
    if (!block)
        return NULL;
    block[used++] = 0;
    *units = used;
    return block;
}

uint16_t *environment_build(const struct prefix *p, const struct env_request *req, size_t *units)
{
    struct env_list l = { 0 };
    bool ok = windows_vars(&l, p);
    for (char *const *e = req ? req->host : NULL; ok && e && *e; e++)
        if (host_var_passes(*e))
            ok = put_var(&l, *e, false);
    for (size_t i = 0; ok && req && i < req->nadd; i++)
        ok = put_var(&l, req->add[i], true);
    uint16_t *block = ok ? to_block(&l, units) : NULL;
    for (size_t i = 0; i < l.n; i++)
        free(l.v[i]);
    free(l.v);
    return block;
}
