/* Fuzz target: the msvcrt/UCRT printf engine (syscalls/format.h), narrow
 * and wide, both flavours, with arguments and guest memory from the input.
 * Widths and precisions of five digits and more are left out: they only
 * make long output (up to CRT_FORMAT_MAX_OUTPUT) and slow the search;
 * the corpus replay (no WOWBOX_FUZZING) runs the huge ones in the corpus. */
#include "tests/fuzz/fuzz_guest.h"
#include "tests/fuzz/fuzz_target.h"

#ifdef WOWBOX_FUZZING
static bool long_number(const uint8_t *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        run = s[i] >= '0' && s[i] <= '9' ? run + 1 : 0;
        if (run > 4)
            return true;
    }
    return false;
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_guest g;
    size_t n;
    if (size == 0)
        return 0;
    unsigned flavour = (data[0] & 1) ? CRT_FMT_UCRT : CRT_FMT_MSVCRT;
    bool wide = data[0] & 2;
    fuzz_guest_fill(&g, data + 1, size - 1, wide, &n);
#ifdef WOWBOX_FUZZING
    if (long_number(data + 1, n))
        return 0;
#endif
    char *fmt = malloc(n + 1);
    uint16_t *wfmt = malloc((n / 2 + 1) * 2);
    if (!fmt || !wfmt) {
        free(fmt);
        free(wfmt);
        return 0;
    }
    memcpy(fmt, data + 1, n);
    fmt[n] = '\0';
    for (size_t i = 0; i < n / 2; i++)
        wfmt[i] = (uint16_t)(data[1 + 2 * i] | data[2 + 2 * i] << 8);
    wfmt[n / 2] = 0;
    struct crt_args args = fuzz_args(&g);
    struct strbuf out;
    strbuf_init(&out);
    if (wide)
        crt_wformat_as(&out, wfmt, &args, flavour);
    else
        crt_format_as(&out, fmt, &args, flavour);
    strbuf_free(&out);
    free(fmt);
    free(wfmt);
    return 0;
}
