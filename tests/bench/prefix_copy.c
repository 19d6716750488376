/* How long one sample's prefix takes to make: created from nothing (what a
 * child wowbox does on first use, and what `wowbox test` would do per sample
 * without a template) against copied from the run's template (what it does).
 * usage: bench_prefix [COUNT [DIR]]   (DIR: where, default /tmp; prints ms per prefix) */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "core/app/test_scratch.h"
#include "redirect/prefix.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    int count = argc > 1 ? atoi(argv[1]) : 200;
    char root[200], path[256], err[512];
    snprintf(root, sizeof root, "%.150s/wowbox-bench-prefix-XXXXXX", argc > 2 ? argv[2] : "/tmp");
    if (count <= 0 || !mkdtemp(root))
        return 2;
    double t0 = now_ms();
    for (int i = 0; i < count; i++) {
        struct prefix p;
        snprintf(path, sizeof path, "%s/fresh%d", root, i);
        if (!prefix_open(&p, path, err, sizeof err)) {
            fprintf(stderr, "%s\n", err);
            return 2;
        }
        prefix_close(&p);
    }
    double fresh = (now_ms() - t0) / count;
    snprintf(path, sizeof path, "%s/template", root);
    struct tree_manifest m;
    if (!template_prefix_make(path, NULL, err, sizeof err) || !manifest_load(&m, path, err, sizeof err))
        return 2;
    t0 = now_ms();
    for (int i = 0; i < count; i++) {
        char copy[300];
        snprintf(copy, sizeof copy, "%s/copy%d", root, i);
        if (!manifest_copy(&m, copy, err, sizeof err)) {
            fprintf(stderr, "%s\n", err);
            return 2;
        }
    }
    double copied = (now_ms() - t0) / count;
    manifest_free(&m);
    t0 = now_ms();
    for (int i = 0; i < count; i++) {
        snprintf(path, sizeof path, "%s/copy%d", root, i);
        tree_remove(path);
    }
    double removed = (now_ms() - t0) / count;
    tree_remove(root);
    printf("%s: prefix from nothing %.3f ms, copied from the template %.3f ms, removed %.3f ms (%d each)\n", root,
           fresh, copied, removed, count);
    return 0;
}
