/* Classes and failure values of the exports, for the trace (see
 * syscalls/trace_class.h). */
#include "syscalls/trace_class.h"

#include <stdio.h>
#include <string.h>

#include "core/trace_event.h"
#include "core/trace_filter.h"

/* <concern>_apis.h → class; a concern not listed is "other". */
static const struct { const char *concern; uint8_t cls; } concern_classes[] = {
    { "file", TRACE_CLASS_FILE },       { "fs", TRACE_CLASS_FILE },
    { "pipe", TRACE_CLASS_FILE },       { "lowio", TRACE_CLASS_FILE },
    { "stdio", TRACE_CLASS_FILE },      { "registry", TRACE_CLASS_REGISTRY },
    { "memory", TRACE_CLASS_MEMORY },   { "heap", TRACE_CLASS_MEMORY },
    { "global", TRACE_CLASS_MEMORY },   { "badptr", TRACE_CLASS_MEMORY },
    { "process", TRACE_CLASS_PROCESS }, { "startup", TRACE_CLASS_PROCESS },
    { "env", TRACE_CLASS_PROCESS },     { "thread", TRACE_CLASS_THREAD },
    { "sync", TRACE_CLASS_SYNC },       { "wait", TRACE_CLASS_SYNC },
    { "objects", TRACE_CLASS_SYNC },    { "module", TRACE_CLASS_MODULE },
    { "socket", TRACE_CLASS_NET },      { "net", TRACE_CLASS_NET },
};

/* Checked before the concern: a console function in the file concern, and
 * the exports no concern declares (unimplemented ones). */
static const struct { const char *glob; uint8_t cls; } name_classes[] = {
    { "*!*Console*", TRACE_CLASS_CONSOLE },
    { "ws2_32!*", TRACE_CLASS_NET },
    { "wsock32!*", TRACE_CLASS_NET },
    { "*!Reg*", TRACE_CLASS_REGISTRY },
    { "ntdll!Nt*Key*", TRACE_CLASS_REGISTRY },
    { "ntdll!Nt*File*", TRACE_CLASS_FILE },
    { "ntdll!Nt*VirtualMemory", TRACE_CLASS_MEMORY },
    { "kernel32!*File*", TRACE_CLASS_FILE },
    { "kernel32!*Thread*", TRACE_CLASS_THREAD },
    { "kernel32!*Process*", TRACE_CLASS_PROCESS },
    { "kernel32!*Library*", TRACE_CLASS_MODULE },
};

/* "file" of ".../syscalls/kernel32/file_apis.h", into out. */
static bool concern_of(const char *path, char *out, size_t outsz)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *end = strstr(base, "_apis.h");
    if (!end || (size_t)(end - base) >= outsz)
        return false;
    memcpy(out, base, (size_t)(end - base));
    out[end - base] = 0;
    return true;
}

uint8_t api_trace_class(const char *dll, const struct api_export *exp, const struct api_impl *impl)
{
    char full[160];
    snprintf(full, sizeof full, "%s!%s", dll, exp->name);
    for (size_t i = 0; i < sizeof name_classes / sizeof name_classes[0]; i++)
        if (trace_glob_match(name_classes[i].glob, full))
            return name_classes[i].cls;
    char concern[64];
    if (impl && impl->decl_file && concern_of(impl->decl_file, concern, sizeof concern))
        for (size_t i = 0; i < sizeof concern_classes / sizeof concern_classes[0]; i++)
            if (!strcmp(concern_classes[i].concern, concern))
                return concern_classes[i].cls;
    return TRACE_CLASS_OTHER;
}

/* What each failure class (the export's C return type, classified by
 * tools/prototypes.py into exports.h) makes a failure, unless the API line
 * says otherwise. Counts and results (int, DWORD, size_t) are not judged:
 * 0 or -1 are answers of many of them; an API line whose 0 or -1 is its
 * documented failure says so ("u fails:0"). */
static const uint8_t class_rules[API_FAIL_COUNT] = {
    [API_FAIL_NTSTATUS] = API_FAILS_NEGATIVE,       [API_FAIL_HRESULT] = API_FAILS_NEGATIVE,
    [API_FAIL_WIN32_ERROR] = API_FAILS_NONZERO,     [API_FAIL_CRT_ERRNO] = API_FAILS_NONZERO,
    [API_FAIL_FALSE] = API_FAILS_ZERO,              [API_FAIL_NULL] = API_FAILS_ZERO,
    [API_FAIL_WSA_NULL] = API_FAILS_ZERO,           [API_FAIL_CRT_NULL] = API_FAILS_ZERO,
    [API_FAIL_INVALID_HANDLE] = API_FAILS_ALL_ONES, [API_FAIL_ALL_ONES] = API_FAILS_ALL_ONES,
    [API_FAIL_INVALID_SOCKET] = API_FAILS_ALL_ONES, [API_FAIL_SOCKET_ERROR] = API_FAILS_ALL_ONES,
};

/* The words of an API line's failure clause (syscalls/api.h). */
static const struct { const char *word; uint8_t rule; } fail_words[] = {
    { "never", API_FAILS_NEVER },  { "0", API_FAILS_ZERO },      { "-1", API_FAILS_ALL_ONES },
    { "<0", API_FAILS_NEGATIVE },  { "!0", API_FAILS_NONZERO },
};

bool api_ret_fail_clause(const char *ret, uint8_t *rule)
{
    *rule = API_FAILS_DEFAULT;
    if (!ret || !ret[0])
        return false;
    if (!ret[1])
        return true;
    if (strncmp(ret + 1, " fails:", 7) != 0)
        return false;
    for (size_t i = 0; i < sizeof fail_words / sizeof fail_words[0]; i++)
        if (!strcmp(ret + 8, fail_words[i].word)) {
            *rule = fail_words[i].rule;
            return true;
        }
    return false;
}

uint8_t api_fail_rule_of(const struct api_export *exp, const struct api_impl *impl)
{
    uint8_t rule;
    if (impl && api_ret_fail_clause(impl->ret, &rule) && rule != API_FAILS_DEFAULT)
        return rule;
    /* a BOOL the failure class left unjudged (ws2_32's WSASetEvent...) */
    if (impl && impl->ret && impl->ret[0] == 'b')
        return API_FAILS_ZERO;
    return exp->fail < API_FAIL_COUNT ? class_rules[exp->fail] : API_FAILS_NEVER;
}

bool api_call_failed(uint8_t rule, uint64_t ret)
{
    uint32_t v = (uint32_t)ret;
    switch (rule) {
    case API_FAILS_ZERO: return v == 0;
    case API_FAILS_ALL_ONES: return v == 0xFFFFFFFFu;
    case API_FAILS_NEGATIVE: return (int32_t)v < 0;
    case API_FAILS_NONZERO: return v != 0;
    default: return false;
    }
}
