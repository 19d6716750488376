/* --trace=SPEC: which calls and records the trace keeps. SPEC is a comma
 * list of items, each a class name (file, registry, net, memory, process,
 * thread, sync, module, console, other), a glob over "dll!function"
 * (kernel32!Create*, *!Reg*Value*) or over the function alone (Nt*File);
 * "all" is everything. A call or record is kept when any item matches it.
 * Globs know * and ?, compare without case, and match in time linear in
 * the name for a given pattern (no backtracking beyond the last star). */
#ifndef WOWBOX_CORE_TRACE_FILTER_H
#define WOWBOX_CORE_TRACE_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TRACE_FILTER_MAX_GLOBS 16
#define TRACE_FILTER_GLOB_LEN 128

struct trace_filter {
    bool all;            /* no filter: everything */
    uint32_t classes;    /* bit per enum trace_class */
    unsigned nglobs;
    struct {
        bool with_dll;   /* "dll!func" rather than "func" */
        char pattern[TRACE_FILTER_GLOB_LEN];
    } globs[TRACE_FILTER_MAX_GLOBS];
};

/* Parses spec (NULL or "all": everything); false with the reason in why. */
bool trace_filter_compile(struct trace_filter *f, const char *spec, char *why, size_t whysz);
/* A call of class cls to dll!func. */
bool trace_filter_match(const struct trace_filter *f, uint8_t cls, const char *dll, const char *func);
/* A record of class cls (records have no function name: classes decide;
 * a filter of globs only keeps no record). */
bool trace_filter_match_class(const struct trace_filter *f, uint8_t cls);
/* Whether pattern (* and ?) matches the whole of text, ignoring case. */
bool trace_glob_match(const char *pattern, const char *text);
/* The class named name ("file"), or -1. */
int trace_class_by_name(const char *name, size_t len);

#endif
