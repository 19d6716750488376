/* The dispatcher: one global thunk table derived from each builtin DLL's
 * export list joined with its implementation list; every call from guest
 * code to a builtin export passes through dispatch_thunk. */
#include "syscalls/dispatch.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/process.h"
#include "core/trace.h"
#include "syscalls/guest_blob.h"
#include "syscalls/trace_class.h"
#include "syscalls/unimplemented.h"

static struct thunk_entry *table;
static uint32_t table_size;
static const struct builtin_dll *const *dlls; /* the list dispatch_init got */
static size_t ndlls;
static uint32_t *first_index; /* per dlls[] entry */

static int cmp_export_name(const void *key, const void *elem)
{
    return strcmp(key, ((const struct api_export *)elem)->name);
}

/* Each DLL's implementations sorted by name, made by dispatch_init (the
 * lists are in API-line order): joining them with the exports is one
 * binary search per export instead of a scan of every API line. */
static const struct api_impl ***impls_by_name; /* per dlls[] entry */

static int cmp_impl_name(const void *a, const void *b)
{
    return strcmp((*(const struct api_impl *const *)a)->name, (*(const struct api_impl *const *)b)->name);
}

static int cmp_name_impl(const void *key, const void *elem)
{
    return strcmp(key, (*(const struct api_impl *const *)elem)->name);
}

static const struct api_impl **sorted_impls(const struct builtin_dll *dll)
{
    for (size_t d = 0; impls_by_name && d < ndlls; d++)
        if (dlls[d] == dll)
            return impls_by_name[d];
    return NULL;
}

const struct api_impl *dispatch_find_impl(const struct builtin_dll *dll, const char *name)
{
    const struct api_impl **sorted = sorted_impls(dll);
    if (sorted) {
        const struct api_impl **hit = bsearch(name, sorted, dll->nimpls, sizeof *sorted, cmp_name_impl);
        return hit ? *hit : NULL;
    }
    for (size_t i = 0; i < dll->nimpls; i++) /* a DLL dispatch_init was not given */
        if (strcmp(dll->impls[i].name, name) == 0)
            return &dll->impls[i];
    return NULL;
}

static bool sort_impls(void)
{
    impls_by_name = calloc(ndlls, sizeof *impls_by_name);
    for (size_t d = 0; impls_by_name && d < ndlls; d++) {
        const struct builtin_dll *dll = dlls[d];
        const struct api_impl **sorted = malloc((dll->nimpls ? dll->nimpls : 1) * sizeof *sorted);
        if (!sorted)
            return false;
        for (size_t i = 0; i < dll->nimpls; i++)
            sorted[i] = &dll->impls[i];
        qsort(sorted, dll->nimpls, sizeof *sorted, cmp_impl_name);
        impls_by_name[d] = sorted;
    }
    return impls_by_name != NULL;
}

static bool impl_is_data(const struct api_impl *impl)
{
    return !impl->fn && !impl->guest;
}

static bool owns(const struct builtin_dll *dll, const struct api_impl *impl)
{
    return (uintptr_t)impl >= (uintptr_t)dll->impls && (uintptr_t)impl < (uintptr_t)(dll->impls + dll->nimpls);
}

static int cmp_symbol_name(const void *key, const void *elem)
{
    return strcmp(key, ((const struct guest_symbol *)elem)->name);
}

bool builtin_guest_offset(const struct builtin_dll *dll, const struct api_impl *impl, uint32_t *offset)
{
    if (owns(dll, impl)) {
        *offset = impl->guest_offset;
        return true;
    }
    if (!dll->guest || !dll->shares)
        return false;
    /* the shared DLL's function name: "msvcrt_strlen" for msvcrt.dll's strlen */
    char name[160];
    size_t n = strcspn(dll->shares->name, ".");
    if (n + 1 + strlen(impl->name) + 1 > sizeof name)
        return false;
    for (size_t i = 0; i < n; i++)
        name[i] = (char)tolower((unsigned char)dll->shares->name[i]);
    name[n] = '_';
    strcpy(name + n + 1, impl->name);
    const struct guest_symbol *sym = bsearch(name, dll->guest->symbols, dll->guest->nsymbols,
                                             sizeof *dll->guest->symbols, cmp_symbol_name);
    if (!sym)
        return false;
    *offset = sym->offset;
    return true;
}

const struct api_impl *builtin_impl_for(const struct builtin_dll *dll, const struct api_export *e)
{
    const struct api_impl *own = dispatch_find_impl(dll, e->name);
    if (own || !dll->shares)
        return own;
    const struct api_impl *shared = dispatch_find_impl(dll->shares, e->name);
    if (!shared)
        return NULL;
    /* Guest code runs from this DLL's own blob, which the build gives a
     * copy of the shared DLL's guest code (CMakeLists.txt). */
    uint32_t offset;
    if (shared->guest)
        return e->kind == API_FUNC && builtin_guest_offset(dll, shared, &offset) ? shared : NULL;
    return impl_is_data(shared) == (e->kind == API_DATA) ? shared : NULL;
}

/* The shared DLL's implementations fill what this DLL leaves open. */
static void join_shared(const struct builtin_dll *dll, uint32_t first)
{
    for (size_t i = 0; dll->shares && i < dll->nexports; i++)
        if (!table[first + i].impl)
            table[first + i].impl = builtin_impl_for(dll, &dll->exports[i]);
}

const struct api_export *dispatch_forward_target(const struct builtin_dll *dll, const struct api_export *e)
{
    const struct builtin_dll *to = dll->forward_to;
    if (!to || e->kind != API_FUNC || dispatch_find_impl(dll, e->name))
        return NULL;
    char name[256];
    snprintf(name, sizeof name, "%s%s", dll->forward_prefix ? dll->forward_prefix : "", e->name);
    return bsearch(name, to->exports, to->nexports, sizeof *to->exports, cmp_export_name);
}

static bool join_impls(const struct builtin_dll *dll, uint32_t first, char *err, size_t errsz)
{
    for (size_t i = 0; i < dll->nimpls; i++) {
        const struct api_impl *impl = &dll->impls[i];
        const struct api_export *e = bsearch(impl->name, dll->exports, dll->nexports,
                                             sizeof *dll->exports, cmp_export_name);
        if (!e) {
            snprintf(err, errsz, "%s!%s is implemented but not an export of the real DLL",
                     dll->name, impl->name);
            return false;
        }
        bool as_data = impl_is_data(impl);
        if ((e->kind == API_DATA) != as_data) {
            snprintf(err, errsz, "%s!%s: implemented as %s but exported as %s", dll->name,
                     impl->name, as_data ? "data" : "code", e->kind == API_DATA ? "data" : "code");
            return false;
        }
        table[first + (uint32_t)(e - dll->exports)].impl = impl;
    }
    join_shared(dll, first);
    return true;
}

static void short_dll_name(const struct builtin_dll *dll, char *out, size_t outsz);

/* What the trace keeps of each export: its class and failure values. */
static void derive_trace_facts(struct thunk_entry *e)
{
    char dll[32];
    short_dll_name(e->dll, dll, sizeof dll);
    e->trace_class = api_trace_class(dll, e->exp, e->impl);
    e->fail_rule = api_fail_rule_of(e->exp, e->impl);
}

/* The class of an NT service host code issues ("NtCreateFile"). */
static uint8_t classify_by_name(const char *dll_name, const char *func)
{
    for (size_t d = 0; d < ndlls; d++) {
        char dll[32];
        short_dll_name(dlls[d], dll, sizeof dll);
        if (strcmp(dll, dll_name) != 0)
            continue;
        const struct api_export *e = bsearch(func, dlls[d]->exports, dlls[d]->nexports,
                                             sizeof *dlls[d]->exports, cmp_export_name);
        if (e)
            return table[first_index[d] + (uint32_t)(e - dlls[d]->exports)].trace_class;
    }
    return TRACE_CLASS_OTHER;
}

bool dispatch_init(const struct builtin_dll *const *list, size_t count, char *err, size_t errsz)
{
    static bool ready;
    if (ready && list == dlls && count == ndlls)
        return true; /* made before (wowbox test does it once, before forking the runs) */
    dlls = list;
    ndlls = count;
    table_size = 0;
    for (size_t d = 0; d < ndlls; d++)
        table_size += (uint32_t)dlls[d]->nexports;
    table = calloc(table_size, sizeof *table);
    first_index = calloc(ndlls, sizeof *first_index);
    if (!table || !first_index || !sort_impls()) {
        snprintf(err, errsz, "out of memory");
        return false;
    }
    uint32_t next = 0;
    for (size_t d = 0; d < ndlls; d++) {
        const struct builtin_dll *dll = dlls[d];
        first_index[d] = next;
        for (size_t i = 0; i < dll->nexports; i++) {
            table[next + i].dll = dll;
            table[next + i].exp = &dll->exports[i];
        }
        if (!join_impls(dll, next, err, errsz))
            return false;
        for (size_t i = 0; i < dll->nexports; i++)
            derive_trace_facts(&table[next + i]);
        next += (uint32_t)dll->nexports;
    }
    trace_classify = classify_by_name;
    ready = true;
    return true;
}

uint32_t dispatch_first_index(const struct builtin_dll *dll)
{
    for (size_t d = 0; d < ndlls; d++)
        if (dlls[d] == dll)
            return first_index[d];
    wb_bug("unknown builtin DLL %s", dll->name);
}

struct thunk_entry *dispatch_entry(uint32_t index)
{
    return index < table_size ? &table[index] : NULL;
}

const struct thunk_entry *thunk_table(uint32_t *count)
{
    *count = table_size;
    return table;
}

static void short_dll_name(const struct builtin_dll *dll, char *out, size_t outsz)
{
    /* "kernel32", as people write it: lower case, no extension */
    size_t i;
    for (i = 0; dll->name[i] && dll->name[i] != '.' && i + 1 < outsz; i++)
        out[i] = (char)tolower((unsigned char)dll->name[i]);
    out[i] = 0;
}

/* ntdll's NtXxx and ZwXxx exports are NT services; everything else is an API. */
static uint8_t layer_of(const struct thunk_entry *e, const char *dll)
{
    const char *n = e->exp->name;
    bool service = (n[0] == 'N' && n[1] == 't') || (n[0] == 'Z' && n[1] == 'w');
    return service && isupper((unsigned char)n[2]) && strcmp(dll, "ntdll") == 0 ? TRACE_LAYER_NT
                                                                                 : TRACE_LAYER_API;
}

/* --unimplemented-log: one "dll!Name" line per export, for `wowbox test
 * --report-unimplemented` (which must not parse the program's stderr). */
static void log_unimplemented(const char *dll, const char *name)
{
    if (!proc->opt.unimplemented_log)
        return;
    FILE *f = fopen(proc->opt.unimplemented_log, "a");
    if (!f)
        return;
    fprintf(f, "%s!%s\n", dll, name);
    fclose(f);
}

/* An export nobody implemented: say so once, record it, and fail the way its
 * return type says (syscalls/unimplemented.c) so the program carries on. */
static uint64_t unimplemented(struct thunk_call *c)
{
    struct thunk_entry *e = (struct thunk_entry *)c->entry;
    char dll[32], where[96];
    short_dll_name(e->dll, dll, sizeof dll);
    describe_addr(c->ret_addr, where, sizeof where);
    if (!e->warned) {
        e->warned = true;
        wb_error("unimplemented %s!%s called from %s", dll, e->exp->name, where);
        log_unimplemented(dll, e->exp->name);
    }
    if (proc->opt.strict) {
        wb_error("--strict: stopping at the first unimplemented API");
        process_exit(127);
        c->no_return = true;
        return 0;
    }
    return unimplemented_fail(c);
}

static void finish_call(struct thunk_call *c, uint64_t ret)
{
    const struct cpu_backend *cpu = proc->cpu;
    const struct api_export *exp = c->entry->exp;
    cpu->set_reg(c->cpu, REG_EAX, (uint32_t)ret);
    /* edx is scratch in every convention: unimplemented stubs always set it */
    if (!c->entry->impl || (c->entry->impl->ret && c->entry->impl->ret[0] == 'l'))
        cpu->set_reg(c->cpu, REG_EDX, (uint32_t)(ret >> 32));
    if (c->ret_double)
        cpu->set_st0(c->cpu, c->st0);
    uint32_t pop = 4 + (exp->conv == API_CDECL ? 0 : exp->arg_bytes);
    cpu->return_from_thunk(c->cpu, c->esp + pop, c->ret_addr);
}

static inline __attribute__((always_inline)) uint64_t call_handler(struct thunk_call *c)
{
    bool missing = !c->entry->impl || !c->entry->impl->fn;
    return missing ? unimplemented(c) : c->entry->impl->fn(c);
}

/* The same call between an entry and an exit event. */
static uint64_t call_traced(struct thunk_call *c)
{
    const struct thunk_entry *e = c->entry;
    char dll[32];
    short_dll_name(e->dll, dll, sizeof dll);
    /* an unimplemented export is decoded from its header prototype */
    bool missing = !e->impl || !e->impl->fn;
    struct trace_call tc = {
        .layer = layer_of(e, dll), .dll = dll, .func = e->exp->name,
        .sig = missing ? e->exp->args : e->impl->args,
        .ret_sig = missing ? e->exp->ret : e->impl->ret,
        .args_at = c->esp + 4, .caller = c->ret_addr, .self = e->stub, .cls = e->trace_class,
    };
    int token = trace_call_begin(&tc);
    uint64_t ret = call_handler(c);
    trace_call_end(token, ret, c->st0, missing, api_call_failed(e->fail_rule, ret));
    return ret;
}

void dispatch_thunk(struct cpu_thread *t, uint32_t index)
{
    if (index >= table_size)
        wb_bug("thunk index %u out of range", index);
    struct thunk_call c = { .cpu = t, .entry = &table[index] };
    c.esp = proc->cpu->get_reg(t, REG_ESP);
    gm_read_u32(c.esp, &c.ret_addr);
    trace_remember(c.entry->dll->name, c.entry->exp->name, c.ret_addr);
    /* tracing off: this one test is its whole cost */
    uint64_t ret = __builtin_expect(trace_enabled, 0) ? call_traced(&c) : call_handler(&c);
    if (proc->exiting || c.no_return) {
        if (proc->exiting)
            proc->cpu->stop(t);
        return;
    }
    finish_call(&c, ret);
}

bool thunk_call_guest(struct thunk_call *c, gaddr fn, const uint32_t *args, unsigned nargs, uint32_t *ret)
{
    struct cpu_exception exc;
    thread_to_guest(); /* other threads may run host code meanwhile */
    enum cpu_exit r = proc->cpu->call(c->cpu, fn, args, nargs, true, ret, &exc);
    thread_to_host();
    if (r == CPU_EXIT_RETURNED)
        return true;
    if (r == CPU_EXIT_EXCEPTION)
        process_unhandled_exception(&exc);
    return false;
}
