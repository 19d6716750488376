/* cpu_fp: double multiply/add/divide - the spectral norm of the matrix
 * A(i,j) = 1/((i+j)(i+j+1)/2 + i + 1) by power iteration. Built with the
 * default x87 code and again with -msse2 -mfpmath=sse (cpu_fp_sse2).
 * usage: cpu_fp [n]   (matrix order, default 2000) */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

static double entry(int i, int j)
{
    return 1.0 / ((double)(i + j) * (i + j + 1) / 2 + i + 1);
}

/* out = A v (transpose = 0) or A^T v (transpose = 1) */
static void multiply(int n, int transpose, const double *v, double *out)
{
    for (int i = 0; i < n; i++) {
        double s = 0;
        for (int j = 0; j < n; j++)
            s += (transpose ? entry(j, i) : entry(i, j)) * v[j];
        out[i] = s;
    }
}

/* out = A^T A v */
static void multiply_ata(int n, const double *v, double *tmp, double *out)
{
    multiply(n, 0, v, tmp);
    multiply(n, 1, tmp, out);
}

/* Newton's method, so the program needs no libm (and no sqrt import). */
static double root(double x)
{
    double r = x > 1 ? x : 1;
    for (int k = 0; k < 64; k++)
        r = (r + x / r) / 2;
    return r;
}

int main(int argc, char **argv)
{
    int n = (int)bench_arg(argc, argv, 1, 2000);
    if (n < 0 || n > 100000)
        return printf("cpu_fp: n must be at most 100000\n"), 1;
    size_t bytes = (n ? n : 1) * sizeof(double);
    double *u = malloc(bytes), *v = malloc(bytes), *tmp = malloc(bytes);
    if (!u || !v || !tmp)
        return printf("cpu_fp: out of memory\n"), 1;

    for (int i = 0; i < n; i++)
        u[i] = 1;
    for (int k = 0; k < 10; k++) {
        multiply_ata(n, u, tmp, v);
        multiply_ata(n, v, tmp, u);
    }
    double uv = 0, vv = 0;
    for (int i = 0; i < n; i++) {
        uv += u[i] * v[i];
        vv += v[i] * v[i];
    }
    /* the iteration converges: x87 and SSE2 builds agree on these digits */
    printf("cpu_fp n=%d checksum=%.9f\n", n, vv > 0 ? root(uv / vv) : 0.0);
    free(u);
    free(v);
    free(tmp);
    return 0;
}
