/* Unit tests for the msvcrt printf engine. Expected strings are what real 32-bit msvcrt.dll
 * prints (from Wine's and ReactOS's conformance tests run on Windows) unless noted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "syscalls/format.h"

/* ------------------------------------------------------------------ fake guest */

#define GUEST_BASE 0x1000u
#define GUEST_SIZE 0x10000u

/* Argument slots as on the 32-bit stack, plus guest memory where g maps to mem[g - 0x1000]. */
static struct {
    uint32_t slots[64];
    int nslots, next;
    uint8_t mem[GUEST_SIZE];
    uint32_t brk;
} G;

static void reset(void)
{
    memset(&G, 0, sizeof G);
    G.brk = GUEST_BASE;
}

static void push32(uint32_t v) { G.slots[G.nslots++] = v; }

static void push64(uint64_t v)
{
    push32((uint32_t)v);
    push32((uint32_t)(v >> 32));
}

static void pushd(double d)
{
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    push64(b);
}

static void pushbits(uint64_t bits) { push64(bits); }

static uint32_t galloc(const void *src, size_t n)
{
    uint32_t g = G.brk;
    memcpy(G.mem + (g - GUEST_BASE), src, n);
    G.brk += (uint32_t)((n + 3) & ~(size_t)3);
    return g;
}

static uint32_t gstr(const char *s) { return galloc(s, strlen(s) + 1); }

/* Guest UTF-16 copy of a Latin-1 string. */
static uint32_t gwstr(const char *s)
{
    uint16_t w[128];
    size_t n = strlen(s);
    for (size_t i = 0; i <= n; i++)
        w[i] = (unsigned char)s[i];
    return galloc(w, (n + 1) * 2);
}

static uint32_t gwunits(const uint16_t *w, size_t n_with_nul) { return galloc(w, n_with_nul * 2); }

static bool in_guest(uint32_t g, size_t n)
{
    return g >= GUEST_BASE && g - GUEST_BASE <= GUEST_SIZE && n <= GUEST_SIZE - (g - GUEST_BASE);
}

static uint32_t cb_next32(void *ctx)
{
    (void)ctx;
    assert_true(G.next < G.nslots);     /* the engine must not read more args than given */
    return G.slots[G.next++];
}

static char *cb_read_str(void *ctx, uint32_t g)
{
    (void)ctx;
    if (!in_guest(g, 1))
        return NULL;
    const char *p = (const char *)G.mem + (g - GUEST_BASE);
    size_t n = 0;
    while (in_guest(g + (uint32_t)n, 1) && p[n])
        n++;
    char *s = malloc(n + 1);
    memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

static uint16_t *cb_read_wstr(void *ctx, uint32_t g, size_t *len)
{
    (void)ctx;
    if (!in_guest(g, 2))
        return NULL;
    const uint8_t *p = G.mem + (g - GUEST_BASE);
    size_t n = 0;
    while (in_guest(g + 2 * (uint32_t)n, 2) && (p[2 * n] | p[2 * n + 1]))
        n++;
    uint16_t *w = malloc((n + 1) * 2);
    for (size_t i = 0; i < n; i++)
        w[i] = (uint16_t)(p[2 * i] | p[2 * i + 1] << 8);
    w[n] = 0;
    *len = n;
    return w;
}

static bool cb_write_mem(void *ctx, uint32_t g, const void *src, size_t n)
{
    (void)ctx;
    if (!in_guest(g, n))
        return false;
    memcpy(G.mem + (g - GUEST_BASE), src, n);
    return true;
}

static struct crt_args ARGS = {NULL, cb_next32, cb_read_str, cb_read_wstr, cb_write_mem};

static uint32_t peek32(uint32_t g)
{
    const uint8_t *p = G.mem + (g - GUEST_BASE);
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* ------------------------------------------------------------------ checkers */

static void check_fmt(const char *fmt, const char *expect)
{
    struct strbuf sb;
    strbuf_init(&sb);
    int r = crt_format(&sb, fmt, &ARGS);
    char *got = strbuf_release(&sb);
    if (strcmp(got, expect) != 0)
        print_message("format \"%s\": got \"%s\", want \"%s\"\n", fmt, got, expect);
    assert_string_equal(got, expect);
    assert_int_equal(r, (int)strlen(expect));
    assert_int_equal(G.next, G.nslots);     /* consumed exactly the arguments given */
    free(got);
}

/* Wide variant: format and expectation are Latin-1 text, compared as UTF-16 units. */
static void check_wfmt(const char *fmt, const char *expect)
{
    uint16_t wf[128];
    size_t n = strlen(fmt);
    for (size_t i = 0; i <= n; i++)
        wf[i] = (unsigned char)fmt[i];
    struct strbuf sb;
    strbuf_init(&sb);
    int r = crt_wformat(&sb, wf, &ARGS);
    size_t elen = strlen(expect);
    assert_int_equal(r, (int)elen);
    assert_int_equal(sb.len, elen * 2);
    for (size_t i = 0; i < elen; i++) {
        unsigned u = (unsigned char)sb.data[2 * i] | (unsigned char)sb.data[2 * i + 1] << 8;
        assert_int_equal(u, (unsigned char)expect[i]);
    }
    assert_int_equal(G.next, G.nslots);
    strbuf_free(&sb);
}

#define CHECK(expect, fmt, ...) do { reset(); __VA_ARGS__; check_fmt(fmt, expect); } while (0)
#define WCHECK(expect, fmt, ...) do { reset(); __VA_ARGS__; check_wfmt(fmt, expect); } while (0)
#define NOARGS (void)0

/* ------------------------------------------------------------------ tests */

static void test_strbuf(void **state)
{
    (void)state;
    struct strbuf sb;
    strbuf_init(&sb);
    assert_true(strbuf_puts(&sb, "ab"));
    assert_true(strbuf_putc(&sb, 'c'));
    assert_true(strbuf_put(&sb, "de", 2));
    for (int i = 0; i < 100; i++)
        assert_true(strbuf_printf(&sb, "%d", i % 10));
    assert_int_equal(sb.len, 105);
    char *s = strbuf_release(&sb);
    assert_memory_equal(s, "abcde0123", 9);
    assert_int_equal(strlen(s), 105);
    assert_null(sb.data);
    free(s);
    s = strbuf_release(&sb);            /* empty buffer still yields a string */
    assert_string_equal(s, "");
    free(s);
}

static void test_plain_and_percent(void **state)
{
    (void)state;
    CHECK("hello", "hello", NOARGS);
    CHECK("%0", "%%0", NOARGS);
    CHECK("", "%", NOARGS);             /* a format ending mid-spec prints nothing more */
    CHECK("%", "%%%", NOARGS);
    CHECK("%", "%5%", NOARGS);
    CHECK("b", "%b", NOARGS);           /* unknown conversion: the char itself */
    CHECK("H", "%H", NOARGS);
    CHECK("kmqrvy", "%k%m%q%r%v%y", NOARGS);
    CHECK("_1I64d", "%_1I64d", NOARGS);
    CHECK(".f", "%..f", NOARGS);
}

static void test_integers(void **state)
{
    (void)state;
    CHECK("-8589934591", "%I64d", push64(0xffffffffull * 0xffffffffull));
    CHECK("-8589934591", "%lld", push64(0xffffffffull * 0xffffffffull));
    CHECK("-9223372036854775808", "%I64d", push64((uint64_t)INT64_MIN));
    CHECK("18446744073709551615", "%I64u", push64(UINT64_MAX));
    CHECK("fffffffffffffff6", "%I64x", push64((uint64_t)-10));
    CHECK("    +100", "%+8I64d", push64(100));
    CHECK("+00000100", "%+.8I64d", push64(100));
    CHECK(" +00000100", "%+10.8I64d", push64(100));
    CHECK("-00100", "%-1.5I64d", push64((uint64_t)-100));
    CHECK(" -100", "%5I64d", push64((uint64_t)-100));
    CHECK("-100 ", "%-5I64d", push64((uint64_t)-100));
    CHECK("00100   ", "%-8.5I64d", push64(100));
    CHECK("-0100", "%05I64d", push64((uint64_t)-100));
    CHECK(" 100", "% I64d", push64(100));
    CHECK("  -00100", "% 8.5I64d", push64((uint64_t)-100));
    CHECK("", "%.0I64d", push64(0));
    CHECK(" 0x00ffffffffffffff9c", "%#+21.18I64x", push64((uint64_t)-100));
    CHECK("0001777777777777777777634", "%#.25I64o", push64((uint64_t)-100));
    CHECK(" 01777777777777777777634", "%#+24.20I64o", push64((uint64_t)-100));
    CHECK("0X00000FFFFFFFFFFFFFF9C", "%#+18.21I64X", push64((uint64_t)-100));
    CHECK("   0018446744073709551615", "%#+25.22I64u", push64((uint64_t)-1));
    CHECK("  -0000000000000000000001", "%+#25.22I64d", push64((uint64_t)-1));
    CHECK("00144   ", "%#-8.5I64o", push64(100));
    CHECK("+00100  ", "%#-+ 08.5I64d", push64(100));
    CHECK(" 1", "% d", push32(1));
    CHECK("+1", "%+ d", push32(1));
    CHECK("+1", "%+i", push32(1));
    CHECK("-1", "%-i", push32((uint32_t)-1));
    CHECK("1234", "%3d", push32(1234));
    CHECK("2", "%-1d", push32(2));
    CHECK("12", "%o", push32(10));
    CHECK("4294967295", "%u", push32((uint32_t)-1));
    CHECK("-2147483648", "%d", push32(0x80000000u));
    CHECK("1.5|7       |-0042", "1.5|%-8d|%05d", push32(7); push32((uint32_t)-42));
    CHECK("0x0000000001", "%#012x", push32(1));
    CHECK("000000000000", "%#012x", push32(0));
    CHECK("0x00000001", "%#04.8x", push32(1));
    CHECK("0x01    ", "%#-08.2x", push32(1));
    CHECK("0x1", "%#.0x", push32(1));
    CHECK("", "%#.0x", push32(0));
    CHECK("0xcafe 0XCAFE", "%#x %#X", push32(0xcafe); push32(0xcafe));
    CHECK("00000001", "%#08o", push32(1));
    CHECK("01", "%#o", push32(1));
    CHECK("0", "%#o", push32(0));
    CHECK(" 00000000000000000000000000000000000000000000000000000000000000000000000000000001",
          "% .80d", push32(1));
    CHECK("2345", "%hx", push32(0x12345));
    CHECK("123", "%hhx", push32(0x123));   /* hh is just h on msvcrt */
    CHECK("-1", "%hd", push32(0xffff));
    CHECK("1", "%I32d", push32(1));
    CHECK("123456 1", "%Ix %d", push32(0x123456); push32(1));
    CHECK("-1", "%jd", push64((uint64_t)-1));
    CHECK("1", "%zx", push32(1));
    CHECK("1", "%tx", push32(1));
    CHECK("1", "%ld", push32(1));
    CHECK("5", "%Ld", push32(5));
}

static void test_size_quirks(void **state)
{
    (void)state;
    CHECK("I", "%I", NOARGS);
    CHECK("Iq", "%Iq", NOARGS);
    CHECK("Ihd", "%Ihd", NOARGS);
    CHECK("I0d", "%I0d", NOARGS);
    CHECK("D", "%I64D", NOARGS);
    CHECK("z", "%z", NOARGS);
    CHECK("t", "%t", NOARGS);
    CHECK("", "%j", NOARGS);
    CHECK("", "%F", NOARGS);            /* old msvcrt has no %F: F is the far-pointer size */
    CHECK("", "%N", NOARGS);
    CHECK("", "%w", NOARGS);
    CHECK("", "%h", NOARGS);
    CHECK("", "%3h", NOARGS);
    CHECK("0s", "%w0s", NOARGS);
    CHECK("-s", "%w-s", NOARGS);
    CHECK("1.500000", "%Ff", pushd(1.5));
    CHECK("          3", "%*1d", push32(1); push32(3));
    CHECK("0000000002", "%0*0d", push32(1); push32(2));
    CHECK(" 7", "% *2d", push32(0); push32(7));
    CHECK("foo  ", "%*s", push32((uint32_t)-5); push32(gstr("foo")));
    CHECK("f", "%.*s", push32(1); push32(gstr("foo")));
    CHECK("hello", "%.*s", push32((uint32_t)-1); push32(gstr("hello")));
}

static void test_pointer(void **state)
{
    (void)state;
    CHECK("0012FF7C", "%p", push32(0x12ff7c));
    CHECK("00000039", "%p", push32(57));
    CHECK("00000000", "%p", push32(0));
    CHECK("  0X00000039", "%#012p", push32(57));
    CHECK("0X00000039  ", "%#-012p", push32(57));
    CHECK("00000039", "%Fp", push32(57));
    CHECK("00000039", "%Np", push32(57));
    CHECK("  00000039", "%010p", push32(57));   /* '0' is dropped: %p has a precision */
}

static void test_strings(void **state)
{
    (void)state;
    CHECK("(null)", "%s", push32(0));
    CHECK("(nu", "%.3s", push32(0));
    CHECK("(null)", "%S", push32(0));
    CHECK("(null)", "%s", push32(0xdead0000));  /* unreadable guest pointer: our choice */
    CHECK("%%%%", "%s", push32(gstr("%%%%")));
    CHECK("0foo", "%04s", push32(gstr("foo")));
    CHECK("f", "%.1s", push32(gstr("foo")));
    CHECK("   hello", "%8s", push32(gstr("hello")));
    CHECK("hello   ", "%-8s", push32(gstr("hello")));
    CHECK("", "%.s", push32(gstr("hello")));
    CHECK("wide", "%S", push32(gwstr("wide")));
    CHECK("wide", "%ws", push32(gwstr("wide")));
    CHECK("wide", "%ls", push32(gwstr("wide")));
    CHECK("wide      ", "%-10ws", push32(gwstr("wide")));
    CHECK("      wide", "%10ws", push32(gwstr("wide")));
    CHECK("wide", "%#+ -03whlls", push32(gwstr("wide")));
    CHECK("not wide", "%Ls", push32(gstr("not wide")));
    CHECK("narrow", "%hS", push32(gstr("narrow")));
    CHECK("caf\xe9", "%S", push32(gwstr("caf\xe9")));    /* Latin-1 both ways */
    CHECK("[(null)]", "[%Z]", push32(0));
}

static void test_wide_to_narrow_failure(void **state)
{
    (void)state;
    /* msvcrt cannot narrow U+3042: %S makes the whole call fail, %C prints nothing */
    static const uint16_t hira[] = {'a', 0x3042, 'b', 0};
    reset();
    push32(gwunits(hira, 4));
    struct strbuf sb;
    strbuf_init(&sb);
    assert_int_equal(crt_format(&sb, "x%Sy", &ARGS), -1);
    strbuf_free(&sb);
    CHECK("ab", "a%Cb", push32(0x3042));
    CHECK("ab", "a%5lcb", push32(0x3042));
    CHECK("\xe9", "%C", push32(0xe9));
}

static void test_chars(void **state)
{
    (void)state;
    CHECK("a", "%c", push32('a'));
    CHECK("xXx", "x%cx", push32(0x100 + 'X'));
    CHECK("\x82", "%c", push32(0xa082));
    CHECK("a", "%C", push32('a'));
    CHECK("0001", "%04c", push32('1'));
    CHECK("1   ", "%-04c", push32('1'));
    CHECK("  a", "%3c", push32('a'));
    {
        reset();
        push32(0);
        struct strbuf sb;
        strbuf_init(&sb);
        assert_int_equal(crt_format(&sb, "a%cb", &ARGS), 3);  /* embedded NUL counts */
        assert_memory_equal(sb.data, "a\0b", 3);
        strbuf_free(&sb);
    }
}

static void test_count(void **state)
{
    (void)state;
    reset();
    uint32_t target = galloc("\xff\xff\xff\xff", 4);
    push32(target);
    check_fmt("asdf%n", "asdf");
    assert_int_equal(peek32(target), 4);

    reset();
    target = galloc("\xff\xff\xff\xff", 4);
    push32(target);
    check_fmt("abc%hn", "abc");
    assert_int_equal(peek32(target), 0xffff0003u);  /* %hn writes just 2 bytes */

    reset();
    push32(0x10);                                   /* unwritable: msvcrt-style -1 */
    struct strbuf sb;
    strbuf_init(&sb);
    assert_int_equal(crt_format(&sb, "ab%ncd", &ARGS), -1);
    strbuf_free(&sb);
}

static void test_float_basic(void **state)
{
    (void)state;
    CHECK("1.000000e+000", "%e", pushd(1.0));
    CHECK("1.000000E+000", "%E", pushd(1.0));
    CHECK("0.000000e+000", "%e", pushd(0.0));
    CHECK("+7.894561230000000e+008", "%+#23.15e", pushd(789456123));
    CHECK("7.894561230000000e+008 ", "%-#23.15e", pushd(789456123));
    CHECK(" 7.894561230000000e+008", "%#23.15e", pushd(789456123));
    CHECK("8.e+008", "%#1.1g", pushd(789456123));
    CHECK("8.6000", "%2.4f", pushd(8.6));
    CHECK("0.600000", "%0f", pushd(0.6));
    CHECK("1", "%.0f", pushd(0.6));
    CHECK("8.6000e+000", "%2.4e", pushd(8.6));
    CHECK(" 8.6000e+000", "% 2.4e", pushd(8.6));
    CHECK(" 008.6000e+000", "% 014.4e", pushd(8.6));
    CHECK("-8.6000e+000", "% 2.4e", pushd(-8.6));
    CHECK("+8.6000e+000", "%+2.4e", pushd(8.6));
    CHECK("8.6", "%2.4g", pushd(8.6));
    CHECK(" 3.14|42      |0003.142", "%5.2f|%-8d|%08.3f",
          pushd(3.14159); push32(42); pushd(3.14159));
    CHECK("-1.000000", "%f", pushd(-1.0));
    CHECK("-0.000000", "%f", pushd(-0.0));
    CHECK("0.001235", "%f", pushd(0.00123456789));
    CHECK("-01.000000", "%010f", pushd(-1.0));
    CHECK(" -1.000000", "% 10f", pushd(-1.0));
    CHECK("1.23456789000", "%.11f", pushd(1.23456789));
    CHECK("10.0", "%.1f", pushd(9.999));
    CHECK("0.10", "%.2f", pushd(0.099));
    CHECK("1.", "%#.0f", pushd(1.0));
    CHECK("1.e+000", "%#.0e", pushd(1.0));
    CHECK("001.000000e+000", "%015e", pushd(1.0));
    CHECK("+1.000E+012", "%-+.*E", push32(3); pushd(999999999999.9));
    CHECK("1.000000", "%Lf", pushd(1.0));   /* long double is double: 8 bytes */
    CHECK("1.000000", "%lf", pushd(1.0));
    CHECK("3.141593", "%f", pushd(3.14159265359));
    CHECK("3.1415926536", "%.10f", pushd(3.14159265359));
    CHECK("3.141592653589793", "%.15f", pushd(3.14159265358979323846));
    CHECK("37.8662615745371", "%.13f", pushd(37.866261574537077));
    CHECK("37.86626157453708", "%.14f", pushd(37.866261574537077));
    CHECK("37.866261574537077", "%.15f", pushd(37.866261574537077));
    CHECK("4.940656e-324", "%e", pushbits(1));
}

static void test_float_g(void **state)
{
    (void)state;
    CHECK("1e-005", "%g", pushd(1e-5));
    CHECK("0.0005", "%g", pushd(0.0005));
    CHECK("5e-005", "%g", pushd(0.00005));
    CHECK("1e+015", "%g", pushd(999999999999999.0));
    CHECK("999999999999999", "%.15g", pushd(999999999999999.0));
    CHECK("1e+015", "%.15g", pushd(1e15));
    CHECK("1.23457", "%g", pushd(1.23456789));
    CHECK("10.23", "%.4g", pushd(10.23456789));
    CHECK("0.01", "%g", pushd(0.01));
    CHECK("100000", "%g", pushd(100000.0));
    CHECK("1e+006", "%g", pushd(999999.9));
    CHECK("1.2e+006", "%g", pushd(1200000.0));
    CHECK("1e+007", "%.0g", pushd(1.123e7));
    CHECK("1.1e+007", "%.2g", pushd(1.123e7));
    CHECK("1E-006", "%.7G", pushd(9.9999999747524270788e-007));
    CHECK("0", "%g", pushd(0.0));
    CHECK("-0", "%g", pushd(-0.0));
    CHECK("1.00000", "%#g", pushd(1.0));
    CHECK("1.", "%#.1g", pushd(1.0));
}

static void test_float_digits(void **state)
{
    (void)state;
    /* msvcrt generates 17 significant digits and pads with zeros after them */
    CHECK("0.333333333333333310000000000000", "%.30f", pushd(1.0 / 3.0));
    CHECK("1.414213562373095100000000000000", "%.30lf", pushd(sqrt(2)));
    CHECK("0.10000000000000001000", "%.20f", pushd(0.1));
    CHECK("1208925819614629200000000", "%.0f", pushd(pow(2.0, 80)));
    CHECK("340282346638528860000000000000000000000.000000", "%f", pushd(FLT_MAX));
    CHECK("-92559631349317831000000000000000000000000000000000000000000000.000000", "%f",
          pushd(-9.2559631349317830737e+061));
    CHECK("1.00000000000000000000e+030", "%.20e", pushd(1e30));
    CHECK("1.2345678900000000e+020", "%.16e", pushd(1.23456789e20));
    {
        /* %f of 1e300: "10000000000000001" then zeros, 301 integer digits */
        char want[400] = "10000000000000001";
        memset(want + 17, '0', 301 - 17);
        strcpy(want + 301, ".000000");
        CHECK(want, "%f", pushd(1e300));
        char dmax[400] = "17976931348623157";
        memset(dmax + 17, '0', 309 - 17);
        strcpy(dmax + 309, ".000000");
        CHECK(dmax, "%f", pushd(DBL_MAX));
    }
    /* rounding is half-up on the decimal digits */
    CHECK("-2", "%.0f", pushd(-1.5));
    CHECK("-1", "%.0f", pushd(-0.5));
    CHECK("1", "%.0f", pushd(0.5));
    CHECK("2", "%.0f", pushd(1.5));
    CHECK("3", "%.0f", pushd(2.5));
    CHECK("0.13", "%.2f", pushd(0.125));
    CHECK("2.67", "%.2f", pushd(2.675));
    /* an exact tie at the 17th digit: glibc would round it to even (...062) */
    CHECK("0.10000991821289063", "%.17f", pushd(26217.0 / 262144.0));
}

static const uint64_t INF_BITS = 0x7FF0000000000000ull, NINF_BITS = 0xFFF0000000000000ull,
                      IND_BITS = 0xFFF8000000000000ull, QNAN_BITS = 0x7FF8000000000000ull,
                      SNAN_BITS = 0x7FF0000000000001ull, NSNAN_BITS = 0xFFF0000000000001ull;

static void test_float_special(void **state)
{
    (void)state;
    CHECK("1.#INF00", "%f", pushbits(INF_BITS));
    CHECK("-1.#INF00", "%f", pushbits(NINF_BITS));
    CHECK("-1.#IND00", "%lf", pushbits(IND_BITS));
    CHECK("1.#QNAN0", "%lf", pushbits(QNAN_BITS));
    CHECK("1.#SNAN0", "%f", pushbits(SNAN_BITS));
    CHECK("-1.#SNAN0", "%f", pushbits(NSNAN_BITS));
    CHECK("1.#QNAN0", "%f", pushbits(0x7FFFFFFFFFFFFFFFull));
    CHECK("1.#QNAN0", "%f", pushbits(0x7FF80000000000F1ull));
    CHECK("1.#INF00e+000", "%le", pushbits(INF_BITS));
    CHECK("-1.#IND00e+000", "%le", pushbits(IND_BITS));
    CHECK("1.#QNAN0e+000", "%le", pushbits(QNAN_BITS));
    CHECK("1.#QNAN0000e+000", "%.9e", pushbits(QNAN_BITS));
    CHECK("1.#INF", "%lg", pushbits(INF_BITS));
    CHECK("-1.#IND", "%lg", pushbits(IND_BITS));
    CHECK("1.#QNAN", "%lg", pushbits(QNAN_BITS));
    /* precision rounds the text like digits: "#I" + 'N' rounds up to "#J" */
    CHECK("-000001.#J", "%010.2lf", pushbits(IND_BITS));
    CHECK("0000001.#R", "%010.2lf", pushbits(QNAN_BITS));
    CHECK("0000001.#J", "%010.2lf", pushbits(INF_BITS));
    CHECK("1.$", "%.1f", pushbits(INF_BITS));
    CHECK("1", "%.0f", pushbits(INF_BITS));
    CHECK("1.#INF000000", "%.10f", pushbits(INF_BITS));
    CHECK("  1.#INF00", "%10f", pushbits(INF_BITS));
    CHECK("1e+000", "%.0e", pushbits(INF_BITS));
    CHECK("1.#INF000000e+000", "%.10e", pushbits(INF_BITS));
    CHECK(" 1.#INF00e+000", "%14e", pushbits(INF_BITS));
}

static void test_float_hex(void **state)
{
    (void)state;
    CHECK("0x0.000000p+0", "%a", pushd(0.0));
    CHECK("-0x0.000000p+0", "%a", pushd(-0.0));
    CHECK("0x1.800000p+0", "%a", pushd(1.5));
    CHECK("0x1.000000p+1", "%a", pushd(2.0));
    CHECK("0X1.000000P+0", "%A", pushd(1.0));
    CHECK("0x1.0c6f7ap-20", "%a", pushd(9.9999999747524270788e-007));
    CHECK("0x1.0c7p-20", "%.3a", pushd(9.9999999747524270788e-007));
    CHECK("0x1.000000p-1022", "%a", pushd(DBL_MIN));
    CHECK("0x2.000000p+1023", "%a", pushd(DBL_MAX));
    CHECK("0x1.#INF00p+0", "%a", pushbits(INF_BITS));
    CHECK("-0x1.#INF00p+0", "%a", pushbits(NINF_BITS));
    CHECK("0x1.#SNAN0p+0", "%a", pushbits(SNAN_BITS));
    CHECK("-0x1.#SNAN0p+0", "%a", pushbits(NSNAN_BITS));
    CHECK("0x1.#QNAN0p+0", "%a", pushbits(QNAN_BITS));
    CHECK("0x1.8000000000000000p+0", "%.16a", pushd(1.5));
}

static void test_wide_format(void **state)
{
    (void)state;
    WCHECK("wide", "%s", push32(gwstr("wide")));
    WCHECK("narrow", "%S", push32(gstr("narrow")));
    WCHECK("narrow", "%hs", push32(gstr("narrow")));
    WCHECK("wide", "%ls", push32(gwstr("wide")));
    WCHECK("narrow", "%hls", push32(gstr("narrow")));    /* in wprintf h beats l */
    WCHECK("(null)", "%s", push32(0));
    WCHECK("caf\xe9", "%S", push32(gstr("caf\xe9")));
    WCHECK("x", "%c", push32('x'));
    WCHECK("\xe9", "%C", push32(0x41e9));                /* narrow char: low byte only */
    WCHECK("-8589934591", "%I64d", push64(0xffffffffull * 0xffffffffull));
    WCHECK("+7.894561230000000e+008", "%+#23.15e", pushd(789456123));
    WCHECK("1.#INF00", "%f", pushbits(INF_BITS));
    WCHECK("0012FF7C", "%p", push32(0x12ff7c));
    WCHECK("  ab", "%4s", push32(gwstr("ab")));

    /* code units above Latin-1 pass straight through in both format and arguments */
    static const uint16_t fmt[] = {0x3042, '%', 's', '%', 'c', 0};
    static const uint16_t arg[] = {0x65e5, 0};
    reset();
    push32(gwunits(arg, 2));
    push32(0x672c);
    struct strbuf sb;
    strbuf_init(&sb);
    assert_int_equal(crt_wformat(&sb, fmt, &ARGS), 3);
    assert_int_equal(sb.len, 6);
    assert_memory_equal(sb.data, "\x42\x30\xe5\x65\x2c\x67", 6);
    strbuf_free(&sb);

    /* %n counts code units */
    reset();
    uint32_t target = galloc("\0\0\0\0", 4);
    push32(gwstr("abc"));
    push32(target);
    check_wfmt("%s%n", "abc");
    assert_int_equal(peek32(target), 3);
}

/* The Universal CRT's flavour (ucrtbase's __stdio_common_* without legacy
 * options): C99 exponents and specials, exact digits, %a with 13 digits;
 * each legacy option brings one msvcrt form back. */
static unsigned flavour;

static void check_flavour(const char *fmt, const char *expect)
{
    struct strbuf sb;
    strbuf_init(&sb);
    int r = crt_format_as(&sb, fmt, &ARGS, flavour);
    char *got = strbuf_release(&sb);
    if (strcmp(got, expect) != 0)
        print_message("format \"%s\" (flavour %u): got \"%s\", want \"%s\"\n", fmt, flavour, got, expect);
    assert_string_equal(got, expect);
    assert_int_equal(r, (int)strlen(expect));
    free(got);
}

#define UCHECK(f, expect, fmt, ...) do { reset(); __VA_ARGS__; flavour = (f); check_flavour(fmt, expect); } while (0)

static void test_ucrt_flavour(void **state)
{
    (void)state;
    UCHECK(CRT_FMT_UCRT, "1.500000e+10", "%e", pushd(1.5e10));
    UCHECK(CRT_FMT_UCRT, "1.000000E-300", "%E", pushd(1e-300));
    UCHECK(CRT_FMT_UCRT, "1e+100", "%g", pushd(1e100));
    UCHECK(CRT_FMT_UCRT, "0.10000000000000000555", "%.20f", pushd(0.1));
    UCHECK(CRT_FMT_UCRT, "[  3.14]", "[%6.2f]", pushd(3.14159));
    UCHECK(CRT_FMT_UCRT, "inf -inf", "%f %f", pushbits(INF_BITS); pushbits(NINF_BITS));
    UCHECK(CRT_FMT_UCRT, "-nan(ind) nan INF", "%f %g %E", pushbits(IND_BITS); pushbits(QNAN_BITS); pushbits(INF_BITS));
    UCHECK(CRT_FMT_UCRT, "nan(snan)", "%e", pushbits(SNAN_BITS));
    UCHECK(CRT_FMT_UCRT, "     inf", "%8f", pushbits(INF_BITS));
    /* C99's %F: %f with capitals; msvcrt's F size prefix is gone */
    UCHECK(CRT_FMT_UCRT, "[INF] [-NAN(IND)] [ -2.3] [1.500000]", "[%F] [%F] [%5.1F] [%F]",
           pushbits(INF_BITS); pushbits(IND_BITS); pushd(-2.26); pushd(1.5));
    UCHECK(CRT_FMT_MSVCRT, "1.500000", "%Ff", pushd(1.5));
    UCHECK(CRT_FMT_UCRT, "0x1.8000000000000p+0", "%a", pushd(1.5));
    UCHECK(CRT_FMT_UCRT, "0x1.8p+0", "%.1a", pushd(1.5));
    UCHECK(CRT_FMT_UCRT, "1.0e+00", "%#.1e", pushd(1.0));
    UCHECK(CRT_FMT_UCRT, "-1234567890123 42", "%lld %zu", push64((uint64_t)-1234567890123LL); push32(42));
    /* _CRT_INTERNAL_PRINTF_LEGACY_THREE_DIGIT_EXPONENTS */
    UCHECK(CRT_FMT_C99_SPECIALS, "1.500000e+010 1e+100", "%e %g", pushd(1.5e10); pushd(1e100));
    /* _CRT_INTERNAL_PRINTF_LEGACY_MSVCRT_COMPATIBILITY */
    UCHECK(CRT_FMT_TWO_DIGIT_EXPONENT, "1.#INF00 1.5e+10", "%f %g", pushbits(INF_BITS); pushd(1.5e10));
    UCHECK(CRT_FMT_MSVCRT, "1.500000e+010", "%e", pushd(1.5e10));
}

static void test_output_limit(void **state)
{
    (void)state;
    reset();
    push32(0x7fffffff);
    push32(1);
    struct strbuf sb;
    strbuf_init(&sb);
    assert_int_equal(crt_format(&sb, "%*d", &ARGS), -1);
    strbuf_free(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strbuf),
        cmocka_unit_test(test_plain_and_percent),
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_size_quirks),
        cmocka_unit_test(test_pointer),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_wide_to_narrow_failure),
        cmocka_unit_test(test_chars),
        cmocka_unit_test(test_count),
        cmocka_unit_test(test_float_basic),
        cmocka_unit_test(test_float_g),
        cmocka_unit_test(test_float_digits),
        cmocka_unit_test(test_float_special),
        cmocka_unit_test(test_float_hex),
        cmocka_unit_test(test_wide_format),
        cmocka_unit_test(test_ucrt_flavour),
        cmocka_unit_test(test_output_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
