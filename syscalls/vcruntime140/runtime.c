/* vcruntime140's support for std::exception (its message copies) and
 * type_info (names, comparison, hash), pure virtual calls and the
 * start-up telemetry hooks. Memory it hands out comes from the process
 * heap and goes back there. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/guest_mem.h"
#include "core/heap.h"
#include "core/log.h"
#include "core/process.h"
#include "syscalls/api.h"
#include "syscalls/vcruntime140/api_args.h"
#include "syscalls/vcruntime140/runtime.h"
#include "syscalls/vcruntime140/struct32.h"

/* abort(), which ucrtbase shares with msvcrt */
uint64_t msvcrt_abort(struct thunk_call *c);

/* ------------------------------------------------------ std::exception */

/* The copy owns its message only if the source did (what() strings that
 * were literals stay shared). */
uint64_t vcruntime140___std_exception_copy(struct thunk_call *c)
{
    API_ARGS(vcruntime140, __std_exception_copy, a);
    STD_EXCEPTION_DATA32 from, to = { 0 };
    if (!gm_read(a.from, &from, sizeof from))
        return 0;
    if (from.doFree && from.what) {
        char *s = gm_strdup(from.what);
        size_t n = s ? strlen(s) + 1 : 0;
        gaddr copy = s ? heap_alloc(proc->process_heap, (uint32_t)n, 0) : 0;
        if (copy && gm_write(copy, s, n)) {
            to.what = copy;
            to.doFree = 1;
        }
        free(s);
    } else {
        to.what = from.what;
    }
    gm_write(a.to, &to, sizeof to);
    return 0;
}

uint64_t vcruntime140___std_exception_destroy(struct thunk_call *c)
{
    API_ARGS(vcruntime140, __std_exception_destroy, a);
    STD_EXCEPTION_DATA32 d;
    if (!gm_read(a.data, &d, sizeof d))
        return 0;
    if (d.doFree && d.what)
        heap_free(proc->process_heap, d.what);
    d = (STD_EXCEPTION_DATA32){ 0 };
    gm_write(a.data, &d, sizeof d);
    return 0;
}

/* ------------------------------------------------------------ type_info */

/* The decorated name after its leading '.', as a host string. */
static char *decorated_name(gaddr data)
{
    char *s = gm_strdup(data + offsetof(STD_TYPE_INFO_DATA32, decoratedName));
    if (s && s[0] == '.')
        memmove(s, s + 1, strlen(s));
    return s;
}

uint64_t vcruntime140___std_type_info_compare(struct thunk_call *c)
{
    API_ARGS(vcruntime140, __std_type_info_compare, a);
    if (a.lhs == a.rhs)
        return 0;
    char *l = decorated_name(a.lhs), *r = decorated_name(a.rhs);
    int cmp = l && r ? strcmp(l, r) : (l != NULL) - (r != NULL);
    free(l);
    free(r);
    return (uint32_t)(cmp < 0 ? -1 : cmp > 0);
}

/* FNV-1a of the decorated name without its '.', as type_info::hash_code */
uint64_t vcruntime140___std_type_info_hash(struct thunk_call *c)
{
    API_ARGS(vcruntime140, __std_type_info_hash, a);
    char *s = decorated_name(a.data);
    uint32_t h = 2166136261u;
    for (const char *p = s ? s : ""; *p; p++)
        h = (h ^ (uint8_t)*p) * 16777619u;
    free(s);
    return h;
}

/* The undecorated names of type descriptors (".H", ".?AVname@ns@@",
 * ".PAX"...), as type_info::name shows them. */
static const char *builtin_type(const char **p)
{
    static const struct { const char *code, *name; } types[] = {
        { "_N", "bool" }, { "_J", "__int64" }, { "_K", "unsigned __int64" }, { "_W", "wchar_t" },
        { "C", "signed char" }, { "D", "char" }, { "E", "unsigned char" }, { "F", "short" },
        { "G", "unsigned short" }, { "H", "int" }, { "I", "unsigned int" }, { "J", "long" },
        { "K", "unsigned long" }, { "M", "float" }, { "N", "double" }, { "O", "long double" },
        { "X", "void" },
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        size_t n = strlen(types[i].code);
        if (!strncmp(*p, types[i].code, n)) {
            *p += n;
            return types[i].name;
        }
    }
    return NULL;
}

/* "name@ns1@ns2@@" -> "ns2::ns1::name" */
static bool qualified_name(const char **p, char *out, size_t outsz)
{
    const char *parts[16];
    size_t lens[16], n = 0;
    const char *s = *p;
    while (*s && *s != '@' && n < 16) {
        const char *at = strchr(s, '@');
        if (!at)
            return false;
        parts[n] = s;
        lens[n++] = (size_t)(at - s);
        s = at + 1;
    }
    if (*s != '@' || n == 0)
        return false;
    *p = s + 1;
    size_t len = strlen(out);
    for (size_t i = n; i-- > 0;) {
        int w = snprintf(out + len, outsz - len, "%.*s%s", (int)lens[i], parts[i], i ? "::" : "");
        if (w < 0 || (size_t)w >= outsz - len)
            return false;
        len += (size_t)w;
    }
    return true;
}

static bool undecorate_type(const char **p, char *out, size_t outsz)
{
    const char *b = builtin_type(p);
    if (b) {
        snprintf(out + strlen(out), outsz - strlen(out), "%s", b);
        return true;
    }
    static const struct { const char *code, *kind; } kinds[] = {
        { "?AV", "class " }, { "?AU", "struct " }, { "?AT", "union " }, { "W4", "enum " },
        { "V", "class " }, { "U", "struct " }, { "T", "union " },
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        size_t n = strlen(kinds[i].code);
        if (!strncmp(*p, kinds[i].code, n)) {
            *p += n;
            snprintf(out + strlen(out), outsz - strlen(out), "%s", kinds[i].kind);
            return qualified_name(p, out, outsz);
        }
    }
    if ((**p == 'P' || **p == 'Q') && ((*p)[1] == 'A' || (*p)[1] == 'B')) { /* pointer to (const) */
        bool is_const = (*p)[1] == 'B';
        *p += 2;
        if (!undecorate_type(p, out, outsz))
            return false;
        snprintf(out + strlen(out), outsz - strlen(out), "%s *", is_const ? " const" : "");
        return true;
    }
    return false;
}

char *vcrt_undecorate_type(const char *decorated)
{
    char out[512] = "";
    const char *p = decorated;
    if (undecorate_type(&p, out, sizeof out) && !*p)
        return strdup(out);
    return strdup(decorated);
}

/* The undecorated name, made once and kept on the root list until
 * __std_type_info_destroy_list (the DLL's unload) frees it. */
uint64_t vcruntime140___std_type_info_name(struct thunk_call *c)
{
    API_ARGS(vcruntime140, __std_type_info_name, a);
    uint32_t have = 0;
    if (!gm_read_u32(a.data + offsetof(STD_TYPE_INFO_DATA32, undecoratedName), &have))
        return 0;
    if (have)
        return have;
    char *dec = decorated_name(a.data), *name = dec ? vcrt_undecorate_type(dec) : NULL;
    free(dec);
    TYPE_INFO_ROOT32 root;
    size_t n = name ? strlen(name) + 1 : 0;
    gaddr node = name && gm_read(a.root, &root, sizeof root)
                     ? heap_alloc(proc->process_heap, (uint32_t)(sizeof(TYPE_INFO_NAME32) + n), 0)
                     : 0;
    if (!node) {
        free(name);
        return 0;
    }
    gaddr text = node + offsetof(TYPE_INFO_NAME32, name);
    gm_write(text, name, n);
    gm_write_u32(node + offsetof(TYPE_INFO_NAME32, next), root.next);
    root.next = node;
    root.depth++;
    gm_write(a.root, &root, sizeof root);
    gm_write_u32(a.data + offsetof(STD_TYPE_INFO_DATA32, undecoratedName), text);
    free(name);
    return text;
}

uint64_t vcruntime140___std_type_info_destroy_list(struct thunk_call *c)
{
    API_ARGS(vcruntime140, __std_type_info_destroy_list, a);
    TYPE_INFO_ROOT32 root;
    if (!gm_read(a.root, &root, sizeof root))
        return 0;
    for (gaddr node = root.next, guard = 0; node && guard < 1u << 20; guard++) {
        uint32_t next = 0;
        gm_read_u32(node + offsetof(TYPE_INFO_NAME32, next), &next);
        heap_free(proc->process_heap, node);
        node = next;
    }
    root.next = 0;
    root.depth = 0;
    gm_write(a.root, &root, sizeof root);
    return 0;
}

/* --------------------------------------------------------- pure virtual */

static gaddr purecall_handler;

/* A pure virtual function was called: the handler, if any, then abort()
 * (R6025), as vcruntime140 does. */
uint64_t vcruntime140__purecall(struct thunk_call *c)
{
    if (purecall_handler) {
        uint32_t ignored;
        if (!thunk_call_guest(c, purecall_handler, NULL, 0, &ignored))
            return 0;
    }
    wb_error("pure virtual function call (R6025)");
    c->no_return = true;
    return msvcrt_abort(c);
}

uint64_t vcruntime140__set_purecall_handler(struct thunk_call *c)
{
    API_ARGS(vcruntime140, _set_purecall_handler, a);
    gaddr old = purecall_handler;
    purecall_handler = a.handler;
    return old;
}

uint64_t vcruntime140__get_purecall_handler(struct thunk_call *c)
{
    (void)c;
    return purecall_handler;
}

/* ------------------------------------------------------------ telemetry */

/* The Visual C++ start-up tells Windows' telemetry (ETW) that main is
 * entered and left; there is no telemetry here to tell, and the program
 * sees nothing either way. */
uint64_t vcruntime140___telemetry_main_invoke_trigger(struct thunk_call *c)
{
    (void)c;
    return 0;
}

uint64_t vcruntime140___telemetry_main_return_trigger(struct thunk_call *c)
{
    (void)c;
    return 0;
}
