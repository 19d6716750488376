/* The argument grammar of the API declarations (syscalls/api.h), parsed for
 * the trace decoder and the table checks:
 *
 *     arg  := TYPE " " NAME [" " DIR [" " TYPE | "[" SIZE "]"]]
 *     DIR  := "in" | "out" | "inout"
 *     SIZE := TERM ["*" TERM]       TERM := NUMBER | NAME | "*" NAME | "ret"
 *
 * arguments separated by ", ", "..." last for a variadic tail. */
#ifndef WOWBOX_CORE_TRACE_SIG_H
#define WOWBOX_CORE_TRACE_SIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum trace_dir {
    TRACE_DIR_NONE,  /* a plain value (s and w: the string, read at entry) */
    TRACE_DIR_IN,    /* what it points to, read at entry */
    TRACE_DIR_OUT,   /* ... read at exit */
    TRACE_DIR_INOUT, /* ... read at both */
};

enum trace_term_kind {
    TRACE_TERM_CONST, /* a number of bytes (characters for s/w) */
    TRACE_TERM_ARG,   /* another argument's value at entry */
    TRACE_TERM_DEREF, /* the 32-bit value another (pointer) argument points to, after the call */
    TRACE_TERM_RET,   /* the return value */
};

struct trace_term {
    uint8_t kind;
    uint32_t value;    /* CONST */
    const char *name;  /* ARG, DEREF */
    uint8_t name_len;
};

struct trace_param {
    char type;         /* i u x p h b c s w f l; S host string, B host buffer (trace_nt_begin/end only) */
    const char *name;
    uint8_t name_len;
    uint8_t dir;       /* enum trace_dir */
    char pointee;      /* p ... DIR T: points to one T */
    uint8_t nterms;    /* p/s/w ... DIR[SIZE]: the product of the terms */
    struct trace_term terms[2];
    bool variadic;     /* "..." */
    uint8_t slots;     /* 32-bit stack slots: 2 for f and l */
};

/* Parses sig into at most max params; returns how many, or -1 with a
 * reason in why. */
int trace_sig_parse(const char *sig, struct trace_param *out, unsigned max, char *why, size_t whysz);
/* Every size term names an argument of the same declaration. */
bool trace_sig_check_sizes(const struct trace_param *p, int n, char *why, size_t whysz);
/* Bytes of fixed arguments the declaration takes (stdcall pops these). */
unsigned trace_sig_arg_bytes(const struct trace_param *p, int n);
/* Whether a letter is a type of the API declarations. */
bool trace_sig_is_type(char c);

#endif
