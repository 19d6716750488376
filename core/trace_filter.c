/* The --trace=SPEC filter (core/trace_filter.h): classes as a bit set,
 * globs matched greedily with one resume point. */
#include "core/trace_filter.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/trace_event.h"

static const char *const class_names[TRACE_CLASS_COUNT] = {
    [TRACE_CLASS_OTHER] = "other",     [TRACE_CLASS_FILE] = "file",     [TRACE_CLASS_REGISTRY] = "registry",
    [TRACE_CLASS_NET] = "net",         [TRACE_CLASS_MEMORY] = "memory", [TRACE_CLASS_PROCESS] = "process",
    [TRACE_CLASS_THREAD] = "thread",   [TRACE_CLASS_SYNC] = "sync",     [TRACE_CLASS_MODULE] = "module",
    [TRACE_CLASS_CONSOLE] = "console",
};

const char *trace_class_name(unsigned cls)
{
    return cls < TRACE_CLASS_COUNT ? class_names[cls] : NULL;
}

int trace_class_by_name(const char *name, size_t len)
{
    for (int i = 0; i < TRACE_CLASS_COUNT; i++)
        if (strlen(class_names[i]) == len && !strncmp(class_names[i], name, len))
            return i;
    return -1;
}

/* The classic greedy algorithm: on a mismatch, the last star absorbs one
 * more character of text and matching resumes after it. Each step moves
 * the text position forward or the pattern position within the segment
 * after the last star, so the work is at most |pattern| x |text| and
 * linear in the text for a given pattern; no exponential backtracking. */
bool trace_glob_match(const char *p, const char *t)
{
    const char *star = NULL, *resume = NULL;
    while (*t) {
        if (*p == '*') {
            star = ++p;
            resume = t;
        } else if (*p && (*p == '?' || tolower((unsigned char)*p) == tolower((unsigned char)*t))) {
            p++;
            t++;
        } else if (star) {
            p = star;
            t = ++resume;
        } else {
            return false;
        }
    }
    while (*p == '*')
        p++;
    return !*p;
}

static int fail(char *why, size_t whysz, const char *what, const char *item, size_t len)
{
    snprintf(why, whysz, "%s: '%.*s'", what, (int)len, item);
    return 0;
}

static bool add_item(struct trace_filter *f, const char *item, size_t len, char *why, size_t whysz)
{
    if (len == 3 && !strncmp(item, "all", 3)) {
        f->all = true;
        return true;
    }
    int cls = trace_class_by_name(item, len);
    if (cls >= 0) {
        f->classes |= 1u << cls;
        return true;
    }
    bool glob = memchr(item, '!', len) || memchr(item, '*', len) || memchr(item, '?', len);
    if (!glob)
        return fail(why, whysz, "not a class (file, registry, net, memory, process, thread, sync, module, "
                    "console, other) nor a dll!function glob", item, len);
    for (size_t i = 0; i < len; i++)
        if (!isalnum((unsigned char)item[i]) && !strchr("_!*?.@", item[i]))
            return fail(why, whysz, "a glob has letters, digits, _ . @ ! * and ? only", item, len);
    if (f->nglobs == TRACE_FILTER_MAX_GLOBS)
        return fail(why, whysz, "too many globs", item, len);
    if (len >= TRACE_FILTER_GLOB_LEN)
        return fail(why, whysz, "glob too long", item, len);
    memcpy(f->globs[f->nglobs].pattern, item, len);
    f->globs[f->nglobs].pattern[len] = 0;
    f->globs[f->nglobs].with_dll = memchr(item, '!', len) != NULL;
    f->nglobs++;
    return true;
}

bool trace_filter_compile(struct trace_filter *f, const char *spec, char *why, size_t whysz)
{
    memset(f, 0, sizeof *f);
    if (!spec || !*spec) {
        f->all = true;
        return true;
    }
    for (const char *p = spec;;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (!len)
            return fail(why, whysz, "empty item in", spec, strlen(spec));
        if (!add_item(f, p, len, why, whysz))
            return false;
        if (!end)
            break;
        p = end + 1;
    }
    return true;
}

bool trace_filter_match_class(const struct trace_filter *f, uint8_t cls)
{
    return f->all || (cls < TRACE_CLASS_COUNT && (f->classes >> cls & 1));
}

bool trace_filter_match(const struct trace_filter *f, uint8_t cls, const char *dll, const char *func)
{
    if (trace_filter_match_class(f, cls))
        return true;
    if (!f->nglobs || !func)
        return false;
    char full[160];
    snprintf(full, sizeof full, "%s!%s", dll ? dll : "", func);
    for (unsigned i = 0; i < f->nglobs; i++)
        if (trace_glob_match(f->globs[i].pattern, f->globs[i].with_dll ? full : func))
            return true;
    return false;
}
