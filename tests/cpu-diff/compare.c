/* The comparator and the report: what is defined after a sequence (flags,
 * x87 condition bits, the x87 registers in use) is compared, field by field,
 * and a difference is printed as disassembly (Capstone) with both sides'
 * differing values. FOP/FIP/FDP are not compared. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <capstone/capstone.h>

#include "cpudiff.h"

static const char *const gpr_names[8] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" };

struct out {
    char *p;
    size_t size, n;
    unsigned count;
};

static void say(struct out *o, const char *fmt, ...)
{
    o->count++;
    if (!o->p || o->n >= o->size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(o->p + o->n, o->size - o->n, fmt, ap);
    va_end(ap);
    if (k > 0)
        o->n += (size_t)k < o->size - o->n ? (size_t)k : o->size - o->n - 1;
}

static uint32_t u16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static uint32_t u32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

/* What is defined where the oracle stopped: after the last unit, or
 * before the unit holding the faulting instruction. */
struct defined seq_defined_at(const struct sequence *s, const struct state *oracle_out)
{
    unsigned upto = s->n;
    if (oracle_out->fault != FAULT_NONE) {
        uint32_t at = 0;
        for (upto = 0; upto < s->n; upto++) {
            if (oracle_out->fault_offset < at + s->u[upto].len)
                break;
            at += s->u[upto].len;
        }
    }
    struct defined d;
    seq_valid(s, &d, upto);
    return d;
}

static void hex80(char *buf, size_t n, const uint8_t *p)
{
    snprintf(buf, n, "%04x:%016llx", u16(p + 8), (unsigned long long)((uint64_t)u32(p + 4) << 32 | u32(p)));
}

static bool nan32(uint32_t v) { return (v & 0x7F800000u) == 0x7F800000u && (v & 0x007FFFFFu); }

static bool nan64(uint64_t v)
{
    return (v & 0x7FF0000000000000ull) == 0x7FF0000000000000ull && (v & 0x000FFFFFFFFFFFFFull);
}

/* Equal but for which NaN each lane holds (read as floats or as doubles). */
static bool same_but_nans(const uint8_t *x, const uint8_t *y)
{
    bool as_float = true, as_double = true;
    for (int i = 0; i < 16; i += 4)
        if (u32(x + i) != u32(y + i) && !(nan32(u32(x + i)) && nan32(u32(y + i))))
            as_float = false;
    for (int i = 0; i < 16; i += 8) {
        uint64_t a, b;
        memcpy(&a, x + i, 8);
        memcpy(&b, y + i, 8);
        if (a != b && !(nan64(a) && nan64(b)))
            as_double = false;
    }
    return as_float || as_double;
}

static void diff_fpu(struct out *o, const uint8_t *a, const uint8_t *b, const struct defined *d)
{
    if (u16(a) != u16(b))
        say(o, "  fcw    %04x | %04x\n", u16(a), u16(b));
    uint32_t fsw_mask = 0xFFFFu & ~(FSW_CC & ~d->fsw) & ~d->fsw_ignore;
    if ((u16(a + 2) & fsw_mask) != (u16(b + 2) & fsw_mask))
        say(o, "  fsw    %04x | %04x (compared bits %04x)\n", u16(a + 2), u16(b + 2), fsw_mask);
    if (a[4] != b[4])
        say(o, "  ftag   %02x | %02x\n", a[4], b[4]);
    unsigned top = (u16(a + 2) >> 11) & 7;
    for (unsigned i = 0; i < 8; i++) {
        unsigned phys = (top + i) & 7;
        if (!(a[4] & (1u << phys)) && !(b[4] & (1u << phys)))
            continue;
        size_t width = d->mmx_used && d->mmx_exponent_ignore ? 8 : 10;
        if (memcmp(a + 32 + 16 * i, b + 32 + 16 * i, width)) {
            char x[32], y[32];
            hex80(x, sizeof x, a + 32 + 16 * i);
            hex80(y, sizeof y, b + 32 + 16 * i);
            say(o, "  st%u    %s | %s\n", i, x, y);
        }
    }
    if ((u32(a + 24) & ~d->mxcsr_ignore) != (u32(b + 24) & ~d->mxcsr_ignore))
        say(o, "  mxcsr  %08x | %08x\n", u32(a + 24), u32(b + 24));
    for (unsigned i = 0; i < 8; i++) {
        const uint8_t *x = a + 160 + 16 * i, *y = b + 160 + 16 * i;
        if (memcmp(x, y, 16) && !(d->xmm_nan_ignore && same_but_nans(x, y)))
            say(o, "  xmm%u   %08x%08x%08x%08x | %08x%08x%08x%08x\n", i, u32(x + 12), u32(x + 8),
                u32(x + 4), u32(x), u32(y + 12), u32(y + 8), u32(y + 4), u32(y));
    }
}

static void diff(struct out *o, const struct state *a, const struct state *b, const struct defined *d)
{
    if (a->fault != b->fault || (a->fault != FAULT_NONE && a->fault_offset != b->fault_offset)) {
        static const char *const kinds[] = { "none", "#DE", "other" };
        say(o, "  fault  %s at +%u | %s at +%u\n", kinds[a->fault], a->fault_offset, kinds[b->fault],
            b->fault_offset);
        return; /* the states are of different moments */
    }
    for (int i = 0; i < 8; i++)
        if ((d->gprs & (1u << i)) && a->gpr[i] != b->gpr[i])
            say(o, "  %s    %08x | %08x\n", gpr_names[i], a->gpr[i], b->gpr[i]);
    uint32_t fmask = d->flags;
    if ((a->eflags & fmask) != (b->eflags & fmask))
        say(o, "  eflags %08x | %08x (compared bits %03x)\n", a->eflags & fmask, b->eflags & fmask, fmask);
    for (size_t i = 0; i < SCRATCH_SIZE; i += 4)
        if (memcmp(a->scratch + i, b->scratch + i, 4))
            say(o, "  mem+%03zx %08x | %08x\n", i, u32(a->scratch + i), u32(b->scratch + i));
    diff_fpu(o, a->fx, b->fx, d);
}

bool states_differ(const struct state *a, const struct state *b, const struct defined *d, char *what,
                   size_t whatsz)
{
    struct out o = { what, whatsz, 0, 0 };
    if (what && whatsz)
        what[0] = 0;
    diff(&o, a, b, d);
    return o.count != 0;
}

static void disassemble(FILE *f, const struct sequence *s)
{
    csh cs;
    if (cs_open(CS_ARCH_X86, CS_MODE_32, &cs) != CS_ERR_OK)
        return;
    uint32_t at = 0;
    for (unsigned i = 0; i < s->n; i++) {
        const struct unit *u = &s->u[i];
        cs_insn *insn;
        size_t count = cs_disasm(cs, u->bytes, u->len, at, 0, &insn);
        for (size_t k = 0; k < count; k++) {
            char hex[48] = "";
            for (unsigned j = 0; j < insn[k].size && 3 * j + 3 < sizeof hex; j++)
                snprintf(hex + 3 * j, sizeof hex - 3 * j, "%02x ", insn[k].bytes[j]);
            fprintf(f, "    +%-4u %-30s %s %s%s%s\n", (unsigned)insn[k].address, hex, insn[k].mnemonic,
                    insn[k].op_str, k == 0 ? "    ; " : "", k == 0 ? u->name : "");
        }
        if (count)
            cs_free(insn, count);
        at += u->len;
    }
    cs_close(&cs);
}

void report(const struct sequence *s, const struct state *in, const struct state *oracle,
            const struct state *subject, const char *oracle_name, const struct defined *d)
{
    FILE *f = stdout;
    fprintf(f, "  sequence (%u units):\n", s->n);
    disassemble(f, s);
    fprintf(f, "  initial: eax=%08x ecx=%08x edx=%08x ebx=%08x ebp=%08x esi=%08x edi=%08x eflags=%08x\n",
            in->gpr[EAX], in->gpr[ECX], in->gpr[EDX], in->gpr[EBX], in->gpr[EBP], in->gpr[ESI],
            in->gpr[EDI], in->eflags);
    fprintf(f, "  initial: fcw=%04x fsw=%04x ftag=%02x mxcsr=%08x\n", u16(in->fx), u16(in->fx + 2),
            in->fx[4], u32(in->fx + 24));
    unsigned top = (u16(in->fx + 2) >> 11) & 7;
    for (unsigned i = 0; i < 8; i++)
        if (in->fx[4] & (1u << ((top + i) & 7))) {
            char v[32];
            hex80(v, sizeof v, in->fx + 32 + 16 * i);
            fprintf(f, "  initial: st%u=%s\n", i, v);
        }
    for (unsigned i = 0; i < 8; i++) {
        const uint8_t *x = in->fx + 160 + 16 * i;
        fprintf(f, "%s xmm%u=%08x%08x%08x%08x%s", i % 2 ? "" : "  initial:", i, u32(x + 12), u32(x + 8),
                u32(x + 4), u32(x), i % 2 ? "\n" : "");
    }
    fprintf(f, "  differences (%s | unicorn):\n", oracle_name);
    char buf[4096];
    struct out o = { buf, sizeof buf, 0, 0 };
    diff(&o, oracle, subject, d);
    fputs(buf, f);
}
