/* The differential CPU tester's shared types: a generated instruction
 * sequence, the machine state it runs from and ends in, and the sides
 * (oracle and subject) that run it. */
#ifndef WOWBOX_TESTS_CPUDIFF_H
#define WOWBOX_TESTS_CPUDIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* EFLAGS bits */
#define FL_CF 0x001u
#define FL_PF 0x004u
#define FL_AF 0x010u
#define FL_ZF 0x040u
#define FL_SF 0x080u
#define FL_DF 0x400u
#define FL_OF 0x800u
#define FL_ARITH (FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_OF)

/* x87 status-word condition bits */
#define FSW_C0 0x0100u
#define FSW_C1 0x0200u
#define FSW_C2 0x0400u
#define FSW_C3 0x4000u
#define FSW_CC (FSW_C0 | FSW_C1 | FSW_C2 | FSW_C3)

#define SCRATCH_SIZE 0x1000u /* the memory block operands address */
#define MEM_AREA     0x400u  /* [0, MEM_AREA): ModRM memory operands */
#define STACK_AT     0xA00u  /* ESP at the start (native oracle): pushes and pops stay inside */
#define STRING_AREA  0x800u  /* string instructions work around its middle */
#define MAX_UNITS    48
#define MAX_UNIT_BYTES 40
#define MAX_CODE     (MAX_UNITS * MAX_UNIT_BYTES)

enum gpr { EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI };

/* One generated step: one instruction, or a short fixed group (string
 * instruction with its ESI/EDI/ECX set-up), with what it does to the
 * defined-ness of flags and registers. */
struct unit {
    const char *name;       /* the template's name (known-divergence table key) */
    uint8_t bytes[MAX_UNIT_BYTES];
    uint8_t len;
    uint16_t flags_read, flags_def, flags_undef;
    uint16_t fsw_def, fsw_undef; /* x87 C0-C3 */
    uint8_t gpr_read, gpr_write; /* bit per enum gpr */
    int8_t x87_need;             /* x87 stack depth it needs */
    int8_t x87_push;             /* net pushes (negative: pops) */
    int8_t sti;                  /* the st(i) it names, or -1 */
    uint8_t fpu;                 /* enum fpu_use */
};

enum fpu_use { FPU_NONE, FPU_X87, FPU_MMX, FPU_EMMS };

struct sequence {
    struct unit u[MAX_UNITS];
    unsigned n;
    unsigned depth0; /* x87 stack depth of the initial state */
};

/* The state a side starts from and ends in. */
struct state {
    uint32_t gpr[8]; /* enum gpr order; ESP is not compared */
    uint32_t eflags;
    _Alignas(16) uint8_t fx[512]; /* FXSAVE image */
    uint8_t scratch[SCRATCH_SIZE];
    int fault;              /* enum fault */
    uint32_t fault_offset;  /* offset in the code of the faulting instruction */
};

enum fault { FAULT_NONE, FAULT_DE, FAULT_OTHER };

/* What is defined when a sequence ends (or faults): the mask of EFLAGS and
 * FSW condition bits to compare, and the x87 registers in use. */
struct defined {
    uint16_t flags, fsw;
    uint8_t gprs;
    bool mmx_used;
    /* known emulator divergences not compared (main.c's table) */
    uint16_t fsw_ignore;
    uint32_t mxcsr_ignore;
    bool mmx_exponent_ignore;
    bool xmm_nan_ignore; /* two different NaNs in a lane count as equal */
};

/* One side: runs code (a sequence's bytes) from `in` and fills `out`. */
struct side {
    const char *name;
    bool (*run)(const uint8_t *code, size_t len, const struct state *in, struct state *out);
};

/* templates.c */
struct gen_options {
    bool x87, sse, integer;
    bool legacy; /* BCD, the stack, near control flow: the native oracle only */
    const char *const *exclude; /* template names not to generate (NULL-terminated) */
    const char *only;           /* only templates whose name contains this */
};
void gen_sequence(struct sequence *s, uint64_t *rng, unsigned n, unsigned depth0,
                  const struct gen_options *o);
/* the initial state; returns its x87 stack depth */
unsigned gen_state(struct state *st, uint64_t *rng, bool fpu);
size_t seq_code(const struct sequence *s, uint8_t *code);
bool seq_valid(const struct sequence *s, struct defined *end, unsigned upto);
unsigned template_count(void);
const char *template_name(unsigned i);
void gen_set_scratch(uint32_t addr);
uint64_t rng_next(uint64_t *rng);

/* host64.c: the host CPU in 64-bit mode */
bool host64_init(uint32_t *scratch_addr, char *why, size_t whysz);
extern const struct side side_host64;

/* guest_side.c: a wowbox CPU backend (the Unicorn subject, the native oracle) */
bool guest_side_init(bool native, uint32_t scratch_addr, char *why, size_t whysz);
extern const struct side side_unicorn;
extern const struct side side_native;
extern unsigned guest_inject; /* self-check: bytes appended to the subject's code */

/* compare.c */
struct defined seq_defined_at(const struct sequence *s, const struct state *oracle_out);
bool states_differ(const struct state *a, const struct state *b, const struct defined *d,
                   char *what, size_t whatsz);
void report(const struct sequence *s, const struct state *in, const struct state *oracle,
            const struct state *subject, const char *oracle_name, const struct defined *d);

#endif
