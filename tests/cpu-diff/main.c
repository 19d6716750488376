/* cpu_diff: differential testing of wowbox's Unicorn backend against an
 * oracle (the native backend where the host has a 32-bit code segment,
 * else the host CPU in 64-bit mode for the instructions that mean the same
 * there). Random sequences run from the same state on both sides; a
 * difference is minimized and printed. `--ctest` runs the fixed seed set
 * with the known emulator divergences excluded, after a self-check that
 * proves the comparator catches an injected difference. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cpudiff.h"

/* Unicorn 2.0.1 divergences that wowbox does not fix (docs/cpu.md, "Known
 * emulator divergences"): a template the fixed-seed run does not generate,
 * or state bits it does not compare. */
struct known {
    const char *name;  /* template, or NULL */
    uint16_t fsw;      /* x87 status bits */
    uint32_t mxcsr;    /* MXCSR bits */
    bool mmx_exponent; /* bits 64-79 of the registers MMX code wrote */
    const char *reason;
    bool xmm_nan;      /* which NaN an XMM lane holds */
};

static const struct known known[] = {
    { NULL, 0x003F, 0, false, "x87 exception flags (IE DE ZE OE UE PE) are not raised by arithmetic", false },
    { NULL, FSW_C1, 0, false, "x87 C1 does not say that a result was rounded up", false },
    { NULL, 0, 0x003F, false, "SSE arithmetic does not raise the MXCSR exception flags", false },
    { NULL, 0, 0, true, "MMX writes leave bits 64-79 of the register as they were (the CPU sets them to 1s)", false },
    { "stmxcsr m32", 0, 0, false, "stores the MXCSR exception flags the emulator does not raise", false },
    { "fnstsw m16", 0, 0, false, "stores the x87 exception flags and C1 the emulator does not raise", false },
    { "fnstsw ax", 0, 0, false, "stores the x87 exception flags and C1 the emulator does not raise", false },
#define PHADD_SAME "with the same register as both operands the upper half is computed from the already-written lower half"
    { "phaddw xmm,xmm/m128", 0, 0, false, PHADD_SAME, false }, { "phaddd xmm,xmm/m128", 0, 0, false, PHADD_SAME, false },
    { "phaddsw xmm,xmm/m128", 0, 0, false, PHADD_SAME, false }, { "phsubw xmm,xmm/m128", 0, 0, false, PHADD_SAME, false },
    { "phsubd xmm,xmm/m128", 0, 0, false, PHADD_SAME, false }, { "phsubsw xmm,xmm/m128", 0, 0, false, PHADD_SAME, false },
    { "fisttp m32", 0, 0, false, "fisttp of a NaN or an out-of-range value stores the saturated integer (the CPU: the integer indefinite 0x80000000)", false },
    { "ldmxcsr m32 daz/ftz", 0, 0, false, "MXCSR's DAZ (denormals are zero) and FTZ (flush to zero) are ignored", false },
#define SNAN_STORE "fld/fst/fstp of a signalling NaN between m32/m64 and the stack keeps it signalling (the CPU quiets it)"
    { "fst m32", 0, 0, false, SNAN_STORE, false }, { "fst m64", 0, 0, false, SNAN_STORE, false },
    { "fstp m32", 0, 0, false, SNAN_STORE, false }, { "fstp m64", 0, 0, false, SNAN_STORE, false },
    { "fld m32", 0, 0, false, SNAN_STORE, false }, { "fld m64", 0, 0, false, SNAN_STORE, false },
    { NULL, 0, 0, false, "with NaNs in both operands SSE arithmetic returns the second operand's NaN (the CPU: the first, the destination's)", true },
#define SSSE3_MMX "the SSSE3 MMX forms do not switch the x87 unit to MMX state (TOP 0, all tags valid)"
    { "pshufb mm,mm/m64", 0, 0, false, SSSE3_MMX, false }, { "phaddw mm,mm/m64", 0, 0, false, SSSE3_MMX, false },
    { "phaddd mm,mm/m64", 0, 0, false, SSSE3_MMX, false }, { "phaddsw mm,mm/m64", 0, 0, false, SSSE3_MMX, false },
    { "pmaddubsw mm,mm/m64", 0, 0, false, SSSE3_MMX, false }, { "phsubw mm,mm/m64", 0, 0, false, SSSE3_MMX, false },
    { "phsubd mm,mm/m64", 0, 0, false, SSSE3_MMX, false }, { "phsubsw mm,mm/m64", 0, 0, false, SSSE3_MMX, false },
    { "psignb mm,mm/m64", 0, 0, false, SSSE3_MMX, false }, { "psignw mm,mm/m64", 0, 0, false, SSSE3_MMX, false },
    { "psignd mm,mm/m64", 0, 0, false, SSSE3_MMX, false }, { "pmulhrsw mm,mm/m64", 0, 0, false, SSSE3_MMX, false },
    { "pabsb mm,mm/m64", 0, 0, false, SSSE3_MMX, false }, { "pabsw mm,mm/m64", 0, 0, false, SSSE3_MMX, false },
    { "pabsd mm,mm/m64", 0, 0, false, SSSE3_MMX, false }, { "palignr mm,mm/m64,imm8", 0, 0, false, SSSE3_MMX, false },
    { NULL, 0, 0, false, NULL, false },
};

#define NKNOWN (sizeof known / sizeof known[0] - 1)

static const char *known_template(const char *name)
{
    for (size_t i = 0; i < NKNOWN; i++)
        if (known[i].name && !strcmp(known[i].name, name))
            return known[i].reason;
    return NULL;
}

/* The state bits the known divergences leave uncompared. */
static void known_ignore(struct defined *d)
{
    for (size_t i = 0; i < NKNOWN; i++) {
        d->fsw_ignore |= known[i].fsw;
        d->mxcsr_ignore |= known[i].mxcsr;
        d->mmx_exponent_ignore |= known[i].mmx_exponent;
        d->xmm_nan_ignore |= known[i].xmm_nan;
    }
}

/* Which field entry explains a difference that the masks hide. */
static const char *known_field_reason(const struct state *o, const struct state *u, const struct defined *strict)
{
    for (size_t i = 0; i < NKNOWN; i++) {
        if (known[i].name)
            continue;
        struct defined d = *strict;
        d.fsw_ignore = known[i].fsw;
        d.mxcsr_ignore = known[i].mxcsr;
        d.mmx_exponent_ignore = known[i].mmx_exponent;
        d.xmm_nan_ignore = known[i].xmm_nan;
        if (!states_differ(o, u, &d, NULL, 0))
            return known[i].reason;
    }
    struct defined all = *strict;
    known_ignore(&all);
    return states_differ(o, u, &all, NULL, 0) ? NULL : "several of the known state divergences at once";
}

#define PSEUDO_DENORMAL "a pseudo-denormal (exponent 0, integer bit set) loaded by fld m80 from random bytes: the engine's arithmetic drops its integer bit (the CPU reads it as exponent 1)"

static uint32_t scratch_addr;

/* The known divergence no template name can carry: an fld m80 in the
 * sequence whose operand, in the initial scratch block, is a pseudo-denormal. */
static const char *loads_pseudo_denormal(const struct sequence *s, const struct state *in)
{
    for (unsigned i = 0; i < s->n; i++) {
        const struct unit *u = &s->u[i];
        if (strcmp(u->name, "fld m80") || u->len < 7)
            continue;
        uint32_t disp;
        memcpy(&disp, u->bytes + 3, 4);
        uint32_t off = disp - scratch_addr;
        if (off > SCRATCH_SIZE - 10)
            continue;
        uint64_t sig;
        uint16_t se;
        memcpy(&sig, in->scratch + off, 8);
        memcpy(&se, in->scratch + off + 8, 2);
        if ((se & 0x7FFF) == 0 && (sig >> 63))
            return PSEUDO_DENORMAL;
    }
    return NULL;
}

struct run_opts;
static const char *nan_carried(const struct run_opts *ro, const struct sequence *s, const struct state *in);

struct run_opts {
    const struct side *oracle;
    struct gen_options gen;
    unsigned length;
    bool quiet;
    bool ignore_known; /* the fixed-seed run: known state divergences not compared */
};

/* The generator's model of the x87 stack depth is wrong when an fptan or
 * fsincos had an argument out of range (|x| >= 2^63: C2 set, nothing
 * pushed) and x87 code follows: a later instruction finds an empty register
 * or a different one. Such a sequence is not what the generator meant (and
 * the engine does not detect stack faults: docs/cpu.md): not compared. The
 * oracle runs the sequence up to each such instruction to see. */
static bool model_wrong(const struct run_opts *ro, const struct sequence *s, const struct state *in)
{
    static struct sequence p;
    static struct state o;
    static uint8_t code[MAX_CODE];
    for (unsigned i = 0; i + 1 < s->n; i++) {
        if (strcmp(s->u[i].name, "fptan") && strcmp(s->u[i].name, "fsincos"))
            continue;
        p = *s;
        p.n = i + 1;
        size_t n = seq_code(&p, code);
        if (!ro->oracle->run(code, n, in, &o))
            return false;
        uint16_t fsw;
        memcpy(&fsw, o.fx + 2, 2);
        if (o.fault == FAULT_NONE && (fsw & FSW_C2))
            return true;
    }
    return false;
}

static bool run_pair(const struct run_opts *ro, const struct sequence *s, const struct state *in,
                     struct state *o, struct state *u, struct defined *d)
{
    static uint8_t code[MAX_CODE];
    size_t n = seq_code(s, code);
    if (!ro->oracle->run(code, n, in, o) || !side_unicorn.run(code, n, in, u)) {
        fprintf(stderr, "cpu-diff: a side could not run the sequence\n");
        exit(2);
    }
    *d = seq_defined_at(s, o);
    if (ro->oracle == &side_native)
        d->gprs |= 1u << ESP; /* in the scratch block on both sides */
    if (model_wrong(ro, s, in))
        return false;
    if (ro->ignore_known)
        known_ignore(d);
    return states_differ(o, u, d, NULL, 0);
}

/* A minimized sequence whose prefix (all but the last unit) differs only
 * in which NaN some XMM lanes hold: the last unit carried that known
 * divergence into other data (pavgb on the NaN's bits, say). */
static const char *nan_carried(const struct run_opts *ro, const struct sequence *s, const struct state *in)
{
    if (s->n < 2)
        return NULL;
    static struct sequence p;
    static struct state o, u;
    p = *s;
    p.n--;
    struct run_opts strict = *ro;
    strict.ignore_known = false;
    struct defined d;
    if (!run_pair(&strict, &p, in, &o, &u, &d))
        return NULL;
    known_ignore(&d);
    if (states_differ(&o, &u, &d, NULL, 0))
        return NULL;
    d.xmm_nan_ignore = false;
    if (!states_differ(&o, &u, &d, NULL, 0))
        return NULL;
    return "a NaN the emulator picked differently (known) carried on into other data by the last instruction";
}

/* Delta debugging: drop chunks of units, then single units, while the
 * sequence stays valid (no undefined flag read) and the sides still differ. */
static void minimize(const struct run_opts *ro, struct sequence *s, const struct state *in)
{
    static struct state o, u;
    struct defined d;
    if (!s->n)
        return;
    for (unsigned chunk = s->n > 1 ? s->n / 2 : 1;; chunk /= 2) {
        bool progress = true;
        while (progress) {
            progress = false;
            for (unsigned at = 0; at + chunk <= s->n; at++) {
                static struct sequence t;
                t.n = 0;
                t.depth0 = s->depth0;
                for (unsigned i = 0; i < s->n; i++)
                    if (i < at || i >= at + chunk)
                        t.u[t.n++] = s->u[i];
                if (!seq_valid(&t, NULL, t.n) || !run_pair(ro, &t, in, &o, &u, &d))
                    continue;
                *s = t;
                progress = true;
                break;
            }
        }
        if (chunk <= 1)
            break;
    }
}

struct tally {
    unsigned sequences, divergent, explained, model_wrong;
    struct { char name[48]; unsigned count, known; } seen[256];
    unsigned nseen;
};

/* Divergences counted by the last instruction of the minimized sequence. */
static void note_divergence(struct tally *t, const char *name, bool known_one)
{
    unsigned i = 0;
    while (i < t->nseen && strcmp(t->seen[i].name, name))
        i++;
    if (i == t->nseen) {
        if (t->nseen == sizeof t->seen / sizeof t->seen[0])
            return;
        snprintf(t->seen[t->nseen++].name, sizeof t->seen[0].name, "%s", name);
    }
    t->seen[i].count++;
    t->seen[i].known += known_one;
}

/* One sequence from `rng`: true when the sides agree (or the difference is
 * explained by the known table). */
static bool one(const struct run_opts *ro, uint64_t *rng, struct tally *t, uint64_t seed, unsigned index)
{
    static struct sequence s;
    static struct state in, o, u;
    struct defined d;
    unsigned depth = gen_state(&in, rng, ro->gen.x87 || ro->gen.sse);
    gen_sequence(&s, rng, 1 + (unsigned)(rng_next(rng) % ro->length), depth, &ro->gen);
    t->sequences++;
    bool differs = run_pair(ro, &s, &in, &o, &u, &d);
    if (!differs) {
        t->model_wrong += model_wrong(ro, &s, &in);
        return true;
    }
    t->divergent++;
    minimize(ro, &s, &in);
    run_pair(ro, &s, &in, &o, &u, &d);
    const char *culprit = s.n ? s.u[s.n - 1].name : "(empty)";
    const char *why = NULL;
    for (unsigned i = 0; i < s.n && !why; i++)
        why = known_template(s.u[i].name);
    if (!why)
        why = known_field_reason(&o, &u, &d);
    if (!why)
        why = nan_carried(ro, &s, &in);
    if (!why)
        why = loads_pseudo_denormal(&s, &in);
    note_divergence(t, culprit, why != NULL);
    if (why)
        t->explained++;
    if (!ro->quiet || !why) {
        printf("%s divergence (seed %llu, sequence %u), minimized to %u units; last: %s\n",
               why ? "known" : "UNEXPLAINED", (unsigned long long)seed, index, s.n, culprit);
        if (why)
            printf("  known: %s\n", why);
        report(&s, &in, &o, &u, ro->oracle->name, &d);
    }
    return why != NULL;
}

/* The comparator must see each kind of injected difference, and must not
 * see a difference in a flag the sequence left undefined. */
static bool self_check(const struct run_opts *ro)
{
    static struct state in, o, u, x;
    static struct sequence s;
    struct defined d = { .flags = FL_ARITH | FL_DF, .fsw = FSW_CC, .gprs = 0xFF & ~(1u << ESP) };
    uint64_t rng = 12345;
    unsigned depth = gen_state(&in, &rng, true);
    s.n = 0;
    s.depth0 = depth;
    struct defined dd;
    if (run_pair(ro, &s, &in, &o, &u, &dd)) {
        printf("self-check: an empty sequence differs\n");
        return false;
    }
    struct { const char *what; size_t off; uint8_t bit; } flips[] = {
        { "eax", offsetof(struct state, gpr), 1 },
        { "edi", offsetof(struct state, gpr) + 4 * EDI, 0x80 },
        { "OF", offsetof(struct state, eflags) + 1, 0x08 },
        { "scratch", offsetof(struct state, scratch) + SCRATCH_SIZE - 1, 4 },
        { "fcw", offsetof(struct state, fx), 0x10 },
        { "mxcsr", offsetof(struct state, fx) + 25, 0x20 },
        { "xmm7", offsetof(struct state, fx) + 160 + 16 * 7 + 15, 1 },
        { "fault", offsetof(struct state, fault), 1 },
    };
    for (size_t i = 0; i < sizeof flips / sizeof flips[0]; i++) {
        x = o;
        ((uint8_t *)&x)[flips[i].off] ^= flips[i].bit;
        if (!states_differ(&o, &x, &d, NULL, 0)) {
            printf("self-check: a difference in %s went unseen\n", flips[i].what);
            return false;
        }
    }
    x = o;
    x.eflags ^= FL_AF;
    struct defined no_af = d;
    no_af.flags &= (uint16_t)~FL_AF;
    if (states_differ(&o, &x, &no_af, NULL, 0)) {
        printf("self-check: an undefined flag was compared\n");
        return false;
    }
    /* end to end: the subject runs one instruction more than the oracle */
    guest_inject = 1;
    struct gen_options adds = { .integer = true, .only = "add" };
    gen_sequence(&s, &rng, 8, depth, &adds);
    bool seen = run_pair(ro, &s, &in, &o, &u, &dd);
    minimize(ro, &s, &in);
    guest_inject = 0;
    if (!seen || s.n != 0) {
        printf("self-check: an injected instruction was %s (minimized to %u units)\n",
               seen ? "not minimized away" : "unseen", s.n);
        return false;
    }
    printf("self-check: injected differences are caught\n");
    return true;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: cpu_diff [--ctest] [--count N] [--seed S] [--length L] [--oracle auto|host64|native]\n"
            "                [--classes int,x87,sse,legacy] [--only TEXT] [--quiet]\n");
    exit(2);
}

static void parse_classes(struct gen_options *g, const char *list)
{
    g->integer = strstr(list, "int") != NULL;
    g->x87 = strstr(list, "x87") != NULL;
    g->sse = strstr(list, "sse") != NULL;
    g->legacy = strstr(list, "legacy") != NULL;
}

int main(int argc, char **argv)
{
    bool ctest = false;
    unsigned count = 2000;
    uint64_t seed = 1;
    const char *oracle_name = "auto";
    struct run_opts ro = { .length = 16, .gen = { .integer = true, .x87 = true, .sse = true, .legacy = true } };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--ctest"))
            ctest = true;
        else if (!strcmp(a, "--quiet"))
            ro.quiet = true;
        else if (!strcmp(a, "--count") && v)
            count = (unsigned)strtoul(argv[++i], NULL, 0);
        else if (!strcmp(a, "--seed") && v)
            seed = strtoull(argv[++i], NULL, 0);
        else if (!strcmp(a, "--length") && v)
            ro.length = (unsigned)strtoul(argv[++i], NULL, 0);
        else if (!strcmp(a, "--oracle") && v)
            oracle_name = argv[++i];
        else if (!strcmp(a, "--classes") && v)
            parse_classes(&ro.gen, argv[++i]);
        else if (!strcmp(a, "--only") && v)
            ro.gen.only = argv[++i];
        else
            usage();
    }
    if (ro.length < 1 || ro.length > MAX_UNITS / 3)
        usage();

    char why[256] = "";
    bool native = false;
    if (!strcmp(oracle_name, "native") || !strcmp(oracle_name, "auto")) {
        scratch_addr = 0x10000000u;
        native = guest_side_init(true, scratch_addr, why, sizeof why);
        if (!native && !strcmp(oracle_name, "native")) {
            printf("cpu-diff: the native oracle is unavailable: %s\n", why);
            return 77;
        }
    }
    if (native) {
        ro.oracle = &side_native;
    } else {
        ro.gen.legacy = false; /* invalid in 64-bit mode, or the stack: native only */
        if (!host64_init(&scratch_addr, why, sizeof why)) {
            printf("cpu-diff: the host64 oracle is unavailable: %s\n", why);
            return 77;
        }
        ro.oracle = &side_host64;
    }
    gen_set_scratch(scratch_addr);
    if (!guest_side_init(false, scratch_addr, why, sizeof why)) {
        printf("cpu-diff: the Unicorn backend is unavailable: %s\n", why);
        return 77;
    }
    printf("cpu-diff: oracle %s, scratch block at %#x%s\n", ro.oracle->name, scratch_addr,
           native ? "" : " (no legacy class: BCD, the stack and control flow need the native oracle)");

    static const char *excluded[NKNOWN + 1];
    if (ctest) {
        size_t nex = 0;
        for (size_t i = 0; i < NKNOWN; i++)
            if (known[i].name)
                excluded[nex++] = known[i].name;
        ro.gen.exclude = excluded;
        ro.ignore_known = true;
        ro.quiet = false;
        if (!self_check(&ro))
            return 1;
    }

    static const uint64_t ctest_seeds[] = { 1, 2, 3, 17, 42, 1000, 65537, 20261207 };
    size_t nseeds = ctest ? sizeof ctest_seeds / sizeof ctest_seeds[0] : 1;
    unsigned per_seed = ctest ? 300 : count;
    struct tally t = { 0 };
    unsigned unexplained = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (size_t k = 0; k < nseeds; k++) {
        uint64_t sd = ctest ? ctest_seeds[k] : seed;
        uint64_t rng = sd * 0x9E3779B97F4A7C15ULL + 1;
        for (unsigned i = 0; i < per_seed; i++)
            if (!one(&ro, &rng, &t, sd, i))
                unexplained++;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("cpu-diff: %u sequences in %.2f s (%.0f/s), %u divergent (%u known, %u unexplained), "
           "%u not compared (fptan/fsincos out of range)\n",
           t.sequences, secs, secs > 0 ? t.sequences / secs : 0.0, t.divergent, t.explained, unexplained,
           t.model_wrong);
    for (unsigned i = 0; i < t.nseen; i++)
        printf("  diverging: %-28s %5u (%u known)\n", t.seen[i].name, t.seen[i].count, t.seen[i].known);
    return unexplained ? 1 : 0;
}
