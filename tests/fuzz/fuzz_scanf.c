/* Fuzz target: the msvcrt scanf engine (syscalls/msvcrt/scan.h). Input:
 * the text to scan up to the first NUL, then what fuzz_guest_fill reads
 * (format, argument slots pointing into guest memory, memory). */
#include "syscalls/msvcrt/scan.h"
#include "tests/fuzz/fuzz_guest.h"
#include "tests/fuzz/fuzz_target.h"

struct text {
    const uint8_t *p;
    size_t n, at;
};

static int text_get(void *ctx)
{
    struct text *t = ctx;
    return t->at < t->n ? t->p[t->at++] : -1;
}

static void text_unget(void *ctx, int c)
{
    struct text *t = ctx;
    if (c >= 0 && t->at > 0)
        t->at--;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_guest g;
    const uint8_t *nul = memchr(data, 0, size);
    if (!nul)
        return 0;
    struct text t = { data, (size_t)(nul - data), 0 };
    size_t rest = size - t.n - 1, n;
    fuzz_guest_fill(&g, nul + 1, rest, false, &n);
    char *fmt = malloc(n + 1);
    if (!fmt)
        return 0;
    memcpy(fmt, nul + 1, n);
    fmt[n] = '\0';
    struct crt_args args = fuzz_args(&g);
    struct crt_input in = { &t, text_get, text_unget };
    crt_scan(&in, fmt, &args);
    free(fmt);
    return 0;
}
