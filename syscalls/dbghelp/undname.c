/* UnDecorateSymbolName's demangler for Microsoft C++ decorated names: the
 * common forms (functions and data, at namespace or class scope, their
 * access and calling convention, operators, constructors and destructors,
 * the built-in, class, struct, union and enum types with pointers,
 * references and const/volatile, function pointers, templates with type
 * and integer arguments, the two back-reference tables). Every string is
 * built in one arena per call, so nothing is freed piecemeal. */
#include "syscalls/dbghelp/undname.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define ARENA_SIZE 16384
#define BACKREFS 10

struct dm {
    const char *p;           /* the cursor in the decorated name */
    unsigned flags;
    bool bad;                /* a form not understood: the whole call fails */
    const char *names[BACKREFS]; /* names met so far: '0'-'9' repeat them */
    unsigned nnames;
    const char *args[BACKREFS];  /* argument types longer than one letter */
    unsigned nargs;
    char arena[ARENA_SIZE];
    size_t used;
};

/* The arguments concatenated into a new arena string (NULL ends them). */
static const char *cat(struct dm *d, ...)
{
    char *out = d->arena + d->used;
    size_t n = 0;
    va_list ap;
    va_start(ap, d);
    for (const char *s; (s = va_arg(ap, const char *));) {
        size_t len = strlen(s);
        if (d->used + n + len + 1 > ARENA_SIZE) {
            d->bad = true;
            va_end(ap);
            return "";
        }
        memcpy(out + n, s, len);
        n += len;
    }
    va_end(ap);
    out[n] = 0;
    d->used += n + 1;
    return out;
}

/* The next character, staying on the terminating NUL. */
static char next(struct dm *d)
{
    return *d->p ? *d->p++ : 0;
}

static const char *fail(struct dm *d)
{
    d->bad = true;
    return "";
}

static void remember(const char **table, unsigned *n, const char *s)
{
    if (*n < BACKREFS)
        table[(*n)++] = s;
}

/* Template argument lists close with " >" after a nested one, so the text
 * never shows ">>". */
static const char *close_angle(struct dm *d, const char *open)
{
    size_t n = strlen(open);
    return cat(d, open, n && open[n - 1] == '>' ? " >" : ">", NULL);
}

static const char *type(struct dm *d);
static const char *template_name(struct dm *d);

/* An identifier up to its '@'. */
static const char *identifier(struct dm *d)
{
    const char *end = strchr(d->p, '@');
    if (!end || end == d->p)
        return fail(d);
    char tmp[256];
    size_t len = (size_t)(end - d->p);
    if (len >= sizeof tmp)
        return fail(d);
    memcpy(tmp, d->p, len);
    tmp[len] = 0;
    d->p = end + 1;
    return cat(d, tmp, NULL);
}

/* One scope or class name: a back reference, a template, the anonymous
 * namespace or an identifier (the last three are remembered). */
static const char *name_fragment(struct dm *d)
{
    if (*d->p >= '0' && *d->p <= '9') {
        unsigned i = (unsigned)(next(d) - '0');
        return i < d->nnames ? d->names[i] : fail(d);
    }
    const char *s;
    if (d->p[0] == '?' && d->p[1] == '$') {
        d->p += 2;
        s = template_name(d);
    } else if (d->p[0] == '?' && d->p[1] == 'A') {
        d->p += 2;
        identifier(d); /* the namespace's unique tag */
        s = "`anonymous namespace'";
    } else if (*d->p == '?') {
        return fail(d); /* a nested decorated name */
    } else {
        s = identifier(d);
    }
    remember(d->names, &d->nnames, s);
    return s;
}

/* The scopes after the first name, up to the '@' that ends them,
 * innermost first in the decoration: "A::B::" as text. */
static const char *scopes(struct dm *d, const char **innermost)
{
    const char *parts[32];
    unsigned n = 0;
    while (*d->p && *d->p != '@' && !d->bad) {
        if (n == 32)
            return fail(d);
        parts[n++] = name_fragment(d);
    }
    if (*d->p != '@')
        return fail(d);
    d->p++;
    if (innermost)
        *innermost = n ? parts[0] : NULL;
    const char *s = "";
    while (n)
        s = cat(d, s, parts[--n], "::", NULL);
    return s;
}

/* A number: '0'-'9' for 1-10, else hexadecimal in the letters A-P up to
 * an '@'; '?' first makes it negative. */
static const char *number(struct dm *d)
{
    bool neg = *d->p == '?';
    if (neg)
        d->p++;
    unsigned long long v = 0;
    if (*d->p >= '0' && *d->p <= '9') {
        v = (unsigned long long)(next(d) - '0') + 1;
    } else {
        while (*d->p >= 'A' && *d->p <= 'P')
            v = v * 16 + (unsigned long long)(next(d) - 'A');
        if (next(d) != '@')
            return fail(d);
    }
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%s%llu", neg ? "-" : "", v);
    return cat(d, tmp, NULL);
}

/* Template arguments up to their '@': types and integer constants,
 * joined by ','. */
static const char *template_args(struct dm *d)
{
    const char *s = "";
    bool first = true;
    while (*d->p && *d->p != '@' && !d->bad) {
        const char *arg;
        if (d->p[0] == '$' && d->p[1] == '0') {
            d->p += 2;
            arg = number(d);
        } else if (*d->p >= '0' && *d->p <= '9') {
            unsigned i = (unsigned)(next(d) - '0');
            arg = i < d->nargs ? d->args[i] : fail(d);
        } else {
            const char *start = d->p;
            arg = type(d);
            if (d->p - start > 1)
                remember(d->args, &d->nargs, arg);
        }
        s = first ? arg : cat(d, s, ",", arg, NULL);
        first = false;
    }
    if (*d->p != '@')
        return fail(d);
    d->p++;
    return s;
}

/* name@args@ after "?$": the arguments have back-reference tables of
 * their own; the whole "name<args>" is one name to the outer table. */
static const char *template_name(struct dm *d)
{
    const char *names[BACKREFS], *args[BACKREFS];
    unsigned nnames = d->nnames, nargs = d->nargs;
    memcpy(names, d->names, sizeof names);
    memcpy(args, d->args, sizeof args);
    d->nnames = d->nargs = 0;
    const char *name = identifier(d);
    remember(d->names, &d->nnames, name);
    const char *s = close_angle(d, cat(d, name, "<", template_args(d), NULL));
    memcpy(d->names, names, sizeof names);
    memcpy(d->args, args, sizeof args);
    d->nnames = nnames;
    d->nargs = nargs;
    return s;
}

/* A class, struct, union or enum name in a type: its scopes and itself. */
static const char *type_name(struct dm *d, const char *keyword)
{
    const char *self = name_fragment(d);
    return cat(d, keyword, " ", scopes(d, NULL), self, NULL);
}

static const char *const cv_text[] = { "", " const", " volatile", " const volatile" };

/* 'A'-'D': none, const, volatile, both. */
static const char *cv(struct dm *d)
{
    char c = next(d);
    if (c < 'A' || c > 'D')
        return fail(d);
    return cv_text[c - 'A'];
}

static const char *calling_convention(struct dm *d)
{
    static const char *const names[] = { "__cdecl", "__pascal", "__thiscall", "__stdcall", "__fastcall" };
    char c = next(d);
    if (c < 'A' || c > 'J')
        return fail(d);
    const char *s = names[(c - 'A') / 2];
    if (d->flags & UNDNAME_NO_MS_KEYWORDS)
        return "";
    return d->flags & UNDNAME_NO_LEADING_UNDERSCORES ? s + 2 : s;
}

/* Argument types up to '@' (or 'Z': "..." follows), "void" for 'X'. */
static const char *arg_list(struct dm *d)
{
    if (*d->p == 'X') {
        d->p++;
        return "void";
    }
    const char *s = "";
    bool first = true;
    for (;;) {
        if (d->bad || !*d->p)
            return fail(d);
        if (*d->p == '@') {
            d->p++;
            return s;
        }
        if (*d->p == 'Z') {
            d->p++;
            return first ? "..." : cat(d, s, ",...", NULL);
        }
        const char *arg;
        if (*d->p >= '0' && *d->p <= '9') {
            unsigned i = (unsigned)(next(d) - '0');
            arg = i < d->nargs ? d->args[i] : fail(d);
        } else {
            const char *start = d->p;
            arg = type(d);
            if (d->p - start > 1)
                remember(d->args, &d->nargs, arg);
        }
        s = first ? arg : cat(d, s, ",", arg, NULL);
        first = false;
    }
}

/* After "P6": convention, return type, arguments, exceptions. */
static const char *function_pointer(struct dm *d, const char *ptr)
{
    const char *cc = calling_convention(d);
    const char *ret = type(d);
    const char *args = arg_list(d);
    if (next(d) != 'Z') /* the exception specification: none */
        return fail(d);
    return cat(d, ret, " (", cc, ptr, ")(", args, ")", NULL);
}

/* P, Q, R, S: a pointer, itself const, volatile or both; A, B: a
 * reference (B: volatile). The pointee's cv letter comes first. */
static const char *indirection(struct dm *d, char kind)
{
    static const char *const self_cv[] = { "", " const", " volatile", " const volatile" };
    const char *mark = kind == 'A' || kind == 'B' ? "&" : "*";
    const char *after = kind == 'A' || kind == 'B' ? self_cv[(kind - 'A') * 2] : self_cv[kind - 'P'];
    if (*d->p == 'E')
        d->p++; /* __ptr64: not in 32-bit names */
    if (*d->p == '6') {
        d->p++;
        return function_pointer(d, cat(d, mark, after, NULL));
    }
    const char *target_cv = cv(d);
    const char *target = type(d);
    return cat(d, target, target_cv, " ", mark, after, NULL);
}

static const char *builtin(char c)
{
    switch (c) {
    case 'C': return "signed char";
    case 'D': return "char";
    case 'E': return "unsigned char";
    case 'F': return "short";
    case 'G': return "unsigned short";
    case 'H': return "int";
    case 'I': return "unsigned int";
    case 'J': return "long";
    case 'K': return "unsigned long";
    case 'M': return "float";
    case 'N': return "double";
    case 'O': return "long double";
    case 'X': return "void";
    default: return NULL;
    }
}

static const char *extended(char c)
{
    switch (c) {
    case 'D': return "__int8";
    case 'E': return "unsigned __int8";
    case 'F': return "__int16";
    case 'G': return "unsigned __int16";
    case 'H': return "__int32";
    case 'I': return "unsigned __int32";
    case 'J': return "__int64";
    case 'K': return "unsigned __int64";
    case 'N': return "bool";
    case 'S': return "char16_t";
    case 'U': return "char32_t";
    case 'W': return "wchar_t";
    default: return NULL;
    }
}

static const char *type(struct dm *d)
{
    char c = next(d);
    const char *s = builtin(c);
    if (s)
        return s;
    switch (c) {
    case '_':
        s = extended(next(d));
        return s ? s : fail(d);
    case 'P': case 'Q': case 'R': case 'S': case 'A': case 'B':
        return indirection(d, c);
    case 'T':
        return type_name(d, "union");
    case 'U':
        return type_name(d, "struct");
    case 'V':
        return type_name(d, "class");
    case 'W':
        if (next(d) != '4') /* the enum's underlying type: int */
            return fail(d);
        return type_name(d, "enum");
    case '?': { /* a cv-qualified class type (return values, template arguments) */
        const char *q = cv(d);
        return cat(d, type(d), q, NULL);
    }
    case '$':
        if (d->p[0] == '$' && d->p[1] == 'Q') { /* rvalue reference */
            d->p += 2;
            const char *q = cv(d);
            return cat(d, type(d), q, " &&", NULL);
        }
        if (d->p[0] == '$' && d->p[1] == 'C') { /* cv-qualified type */
            d->p += 2;
            const char *q = cv(d);
            return cat(d, type(d), q, NULL);
        }
        return fail(d);
    default:
        return fail(d);
    }
}

/* The operator names after "??": code -> text ("" ends the table). */
static const struct { const char *code, *text; } operators[] = {
    { "2", "operator new" }, { "3", "operator delete" }, { "4", "operator=" },
    { "5", "operator>>" }, { "6", "operator<<" }, { "7", "operator!" }, { "8", "operator==" },
    { "9", "operator!=" }, { "A", "operator[]" }, { "C", "operator->" }, { "D", "operator*" },
    { "E", "operator++" }, { "F", "operator--" }, { "G", "operator-" }, { "H", "operator+" },
    { "I", "operator&" }, { "J", "operator->*" }, { "K", "operator/" }, { "L", "operator%" },
    { "M", "operator<" }, { "N", "operator<=" }, { "O", "operator>" }, { "P", "operator>=" },
    { "Q", "operator," }, { "R", "operator()" }, { "S", "operator~" }, { "T", "operator^" },
    { "U", "operator|" }, { "V", "operator&&" }, { "W", "operator||" }, { "X", "operator*=" },
    { "Y", "operator+=" }, { "Z", "operator-=" }, { "_0", "operator/=" }, { "_1", "operator%=" },
    { "_2", "operator>>=" }, { "_3", "operator<<=" }, { "_4", "operator&=" }, { "_5", "operator|=" },
    { "_6", "operator^=" }, { "_U", "operator new[]" }, { "_V", "operator delete[]" },
    { "_7", "`vftable'" }, { "_8", "`vbtable'" },
};

/* What a symbol names: its own name (maybe an operator, constructor
 * '0', destructor '1' or conversion 'B', resolved once the class or the
 * type is known), then its scopes. */
struct symbol_name {
    const char *self, *scopes;
    char special; /* '0', '1', 'B' or 0 */
};

static void symbol_name(struct dm *d, struct symbol_name *n)
{
    n->special = 0;
    n->self = NULL;
    if (*d->p == '?' && d->p[1] != '$') {
        d->p++;
        if (*d->p == '0' || *d->p == '1' || *d->p == 'B') {
            n->special = next(d);
        } else {
            for (size_t i = 0; i < sizeof operators / sizeof operators[0]; i++) {
                size_t len = strlen(operators[i].code);
                if (strncmp(d->p, operators[i].code, len) == 0) {
                    n->self = operators[i].text;
                    d->p += len;
                    break;
                }
            }
            if (!n->self) {
                fail(d);
                return;
            }
        }
    } else {
        n->self = name_fragment(d);
    }
    const char *cls = NULL;
    n->scopes = scopes(d, &cls);
    if (n->special == '0' || n->special == '1') {
        /* named after the class: the innermost scope, template arguments and all */
        if (!cls) {
            fail(d);
            return;
        }
        n->self = cat(d, n->special == '1' ? "~" : "", cls, NULL);
    }
}

static const char *access_text(struct dm *d, char c)
{
    if (d->flags & UNDNAME_NO_ACCESS_SPECIFIERS)
        return "";
    if (c <= 'H')
        return "private: ";
    if (c <= 'P')
        return "protected: ";
    return c <= 'X' ? "public: " : "";
}

/* Data: '0'-'2' static members (private, protected, public), '3' a
 * global variable, '4' a function's static local. */
static const char *data(struct dm *d, char kind, const char *full)
{
    const char *t = type(d);
    const char *storage = cv(d);
    const char *access = "", *member = "";
    if (kind <= '2') {
        static const char *const acc[] = { "private: ", "protected: ", "public: " };
        access = d->flags & UNDNAME_NO_ACCESS_SPECIFIERS ? "" : acc[kind - '0'];
        member = d->flags & UNDNAME_NO_MEMBER_TYPE ? "" : "static ";
    }
    return cat(d, access, member, t, storage, " ", full, NULL);
}

/* Functions: the letter says access and kind (A-X members in groups of
 * eight: private, protected, public; within each, two each of plain,
 * static, virtual, thunk), Y and Z free functions. */
static const char *function(struct dm *d, char kind, struct symbol_name *n)
{
    int group = kind <= 'X' ? (kind - 'A') % 8 / 2 : -1; /* 0 plain 1 static 2 virtual 3 thunk */
    if (group == 3)
        return fail(d);
    const char *this_cv = "";
    if (group == 0 || group == 2) {
        if (*d->p == 'E')
            d->p++; /* __ptr64 */
        this_cv = cv(d);
    }
    const char *cc = calling_convention(d);
    const char *ret = NULL;
    if (*d->p == '@') {
        d->p++; /* constructors and destructors return nothing */
    } else {
        ret = type(d);
    }
    const char *args = arg_list(d);
    if (next(d) != 'Z') /* the exception specification: none */
        return fail(d);
    if (d->bad)
        return "";
    const char *self = n->special == 'B' ? cat(d, "operator ", ret ? ret : "", NULL) : n->self;
    const char *full = cat(d, n->scopes, self, NULL);
    if (d->flags & UNDNAME_NAME_ONLY)
        return full;
    const char *member = "";
    if (group == 1 && !(d->flags & UNDNAME_NO_MEMBER_TYPE))
        member = "static ";
    else if (group == 2 && !(d->flags & UNDNAME_NO_MEMBER_TYPE))
        member = "virtual ";
    const char *ret_text = ret && n->special != 'B' && !(d->flags & UNDNAME_NO_FUNCTION_RETURNS) ? cat(d, ret, " ", NULL) : "";
    const char *cc_text = *cc ? cat(d, cc, " ", NULL) : "";
    const char *arg_text = d->flags & UNDNAME_NO_ARGUMENTS ? "" : cat(d, "(", args, ")", NULL);
    /* a const member function: "(void)const ", as undname writes it */
    const char *this_text = *this_cv && !(d->flags & UNDNAME_NO_THISTYPE) ? cat(d, this_cv + 1, " ", NULL) : "";
    return cat(d, access_text(d, kind), member, ret_text, cc_text, full, arg_text, this_text, NULL);
}

/* The virtual tables: "const C::`vftable'". */
static const char *vtable(struct dm *d, const char *full)
{
    const char *storage = cv(d);
    if (next(d) != '@')
        return fail(d); /* `vftable'{for ...}: not read */
    return cat(d, storage + (*storage ? 1 : 0), *storage ? " " : "", full, NULL);
}

bool undname(const char *name, unsigned flags, char *out, size_t size)
{
    if (!size)
        return false;
    if (name[0] != '?') {
        snprintf(out, size, "%s", name);
        return true;
    }
    static _Thread_local struct dm d;
    memset(&d, 0, offsetof(struct dm, arena));
    d.used = 0;
    d.p = name + 1;
    d.flags = flags;
    struct symbol_name n;
    symbol_name(&d, &n);
    if (d.bad)
        return false;
    char kind = next(&d);
    const char *s;
    if (kind >= 'A' && kind <= 'Z') {
        s = function(&d, kind, &n);
    } else {
        const char *full = cat(&d, n.scopes, n.self ? n.self : "", NULL);
        if (n.special)
            s = fail(&d); /* constructors, destructors, conversions are functions */
        else if (kind >= '0' && kind <= '4')
            s = data(&d, kind, full);
        else if (kind == '6' || kind == '7')
            s = vtable(&d, full);
        else
            s = fail(&d);
        if (flags & UNDNAME_NAME_ONLY)
            s = full;
    }
    if (d.bad || *d.p) /* the whole name must have been read */
        return false;
    snprintf(out, size, "%s", s);
    return true;
}
