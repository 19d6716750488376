/* `wowbox test`'s reports: the lines people read while a suite runs and at
 * its end, and the files CI reads (JUnit XML, JSON). */
#define _GNU_SOURCE
#include "core/app/test_report.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

double report_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *const outcome_names[] = { "pass", "fail", "flaky", "skip" };

void report_begin(struct report *rep, FILE *out, bool tty, bool show_backend, size_t total)
{
    memset(rep, 0, sizeof *rep);
    rep->out = out;
    rep->tty = tty;
    rep->show_backend = show_backend;
    rep->total = total;
    rep->started = report_now();
}

/* "sub/hello" or, with several backends, "sub/hello [unicorn]". */
static void case_name(const struct report *rep, const struct test_case *c, char *buf, size_t size)
{
    if (rep->show_backend)
        snprintf(buf, size, "%s [%s]", c->sample->id, c->backend);
    else
        snprintf(buf, size, "%s", c->sample->id);
}

static void clear_progress(struct report *rep)
{
    if (rep->tty && rep->progress_width)
        fprintf(rep->out, "\r%*s\r", rep->progress_width, "");
    rep->progress_width = 0;
}

static void draw_progress(struct report *rep)
{
    double elapsed = report_now() - rep->started;
    double left = rep->done ? elapsed / (double)rep->done * (double)(rep->total - rep->done) : 0;
    int n = fprintf(rep->out, "[%zu/%zu] %zu passed, %zu failed, %zu skipped, %.0f s, ~%.0f s left", rep->done,
                    rep->total, rep->passed, rep->failed, rep->skipped, elapsed, left);
    rep->progress_width = n > 0 ? n : 0;
}

/* The first failing run of a case: its reason and details. */
static const struct run_result *first_failure(const struct test_case *c)
{
    for (size_t i = 0; i < c->nruns; i++)
        if (c->runs[i].verdict == RUN_FAIL)
            return &c->runs[i];
    return NULL;
}

static size_t passed_runs(const struct test_case *c)
{
    size_t n = 0;
    for (size_t i = 0; i < c->nruns; i++)
        n += c->runs[i].verdict == RUN_PASS;
    return n;
}

static void print_failure(FILE *out, const struct test_case *c, const char *name)
{
    const struct run_result *r = first_failure(c);
    if (c->outcome == CASE_FLAKY)
        fprintf(out, "FLAKY %s: passed %zu of %zu runs; a failing one: %s\n", name, passed_runs(c), c->nruns,
                r->reason ? r->reason : "?");
    else
        fprintf(out, "FAIL %s: %s (%.2f s)\n", name, r && r->reason ? r->reason : "?", c->seconds);
    if (!r)
        return;
    if (r->details.data)
        fputs(r->details.data, out);
    if (r->err_len && strcmp(r->kind, "stderr") != 0) {
        /* the first lines of stderr: wowbox's own error or the crash report */
        fprintf(out, "    stderr (%zu bytes):\n", r->err_len);
        const char *p = r->err;
        for (int line = 0; line < 12 && *p; line++) {
            const char *nl = strchr(p, '\n');
            int len = nl ? (int)(nl - p) : (int)strlen(p);
            fprintf(out, "      %.*s\n", len, p);
            p += len + (nl ? 1 : 0);
        }
        if (*p)
            fputs("      ...\n", out);
    }
    if (r->kept)
        fprintf(out, "    kept: %s\n", r->kept);
}

void report_case(struct report *rep, const struct test_case *c)
{
    char name[4200];
    case_name(rep, c, name, sizeof name);
    rep->done++;
    clear_progress(rep);
    switch (c->outcome) {
    case CASE_SKIP:
        rep->skipped++;
        if (!rep->tty)
            fprintf(rep->out, "SKIP %s: %s\n", name, c->skip);
        break;
    case CASE_PASS:
        rep->passed++;
        if (!rep->tty)
            fprintf(rep->out, "PASS %s (%.2f s)\n", name, c->seconds);
        break;
    case CASE_FAIL:
    case CASE_FLAKY:
        rep->failed++;
        print_failure(rep->out, c, name);
        break;
    }
    for (size_t i = 0; i < c->nruns; i++)
        if (c->runs[i].updated)
            fprintf(rep->out, "UPDATED %s: %s\n", name, c->runs[i].updated);
    if (rep->tty)
        draw_progress(rep);
    fflush(rep->out);
}

static int by_time_desc(const void *a, const void *b)
{
    const struct test_case *x = *(const struct test_case *const *)a, *y = *(const struct test_case *const *)b;
    return x->seconds < y->seconds ? 1 : x->seconds > y->seconds ? -1 : 0;
}

void report_summary(struct report *rep, const struct test_case *cases, size_t n, int jobs)
{
    clear_progress(rep);
    double elapsed = report_now() - rep->started;
    size_t count[4] = { 0 };
    const struct test_case **ran = malloc((n ? n : 1) * sizeof *ran);
    size_t nran = 0;
    for (size_t i = 0; i < n; i++) {
        count[cases[i].outcome]++;
        if (cases[i].outcome != CASE_SKIP)
            ran[nran++] = &cases[i];
    }
    char name[4200];
    fprintf(rep->out, "\nsummary: %zu cases in %.1f s with -j %d: %zu passed, %zu failed, %zu flaky, %zu skipped\n", n,
            elapsed, jobs, count[CASE_PASS], count[CASE_FAIL], count[CASE_FLAKY], count[CASE_SKIP]);
    if (count[CASE_FAIL] + count[CASE_FLAKY]) {
        fprintf(rep->out, "failed:\n");
        for (size_t i = 0; i < n; i++) {
            if (cases[i].outcome != CASE_FAIL && cases[i].outcome != CASE_FLAKY)
                continue;
            const struct run_result *r = first_failure(&cases[i]);
            case_name(rep, &cases[i], name, sizeof name);
            fprintf(rep->out, "  %-40s %s%s\n", name, cases[i].outcome == CASE_FLAKY ? "flaky: " : "",
                    r && r->reason ? r->reason : "?");
        }
    }
    if (nran) {
        qsort(ran, nran, sizeof *ran, by_time_desc);
        fprintf(rep->out, "slowest:\n");
        for (size_t i = 0; i < nran && i < 5; i++) {
            case_name(rep, ran[i], name, sizeof name);
            fprintf(rep->out, "  %8.2f s  %s\n", ran[i]->seconds, name);
        }
    }
    free(ran);
    fprintf(rep->out, "%zu passed, %zu failed, %zu skipped\n", count[CASE_PASS], count[CASE_FAIL] + count[CASE_FLAKY],
            count[CASE_SKIP]);
    fflush(rep->out);
}

/* Text as XML 1.0 character data: markup escaped, bytes that are not UTF-8
 * and characters XML forbids (most controls) shown as U+FFFD. */
static void xml_text(FILE *f, const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x80) {
            i++;
            if (ch == '<')
                fputs("&lt;", f);
            else if (ch == '>')
                fputs("&gt;", f);
            else if (ch == '&')
                fputs("&amp;", f);
            else if (ch == '"')
                fputs("&quot;", f);
            else if (ch < 0x20 && ch != '\n' && ch != '\t')
                fputs(ch == '\r' ? "&#13;" : "\xEF\xBF\xBD", f);
            else
                fputc(ch, f);
            continue;
        }
        int extra = ch >= 0xF0 && ch < 0xF5 ? 3 : ch >= 0xE0 ? 2 : ch >= 0xC2 && ch < 0xE0 ? 1 : -1;
        bool ok = extra > 0 && i + (size_t)extra < len;
        for (int k = 1; ok && k <= extra; k++)
            ok = ((unsigned char)s[i + k] & 0xC0) == 0x80;
        if (ok && extra == 2) /* no surrogates, no overlong forms */
            ok = !(ch == 0xE0 && (unsigned char)s[i + 1] < 0xA0) && !(ch == 0xED && (unsigned char)s[i + 1] >= 0xA0);
        if (ok && extra == 3)
            ok = !(ch == 0xF0 && (unsigned char)s[i + 1] < 0x90) && !(ch == 0xF4 && (unsigned char)s[i + 1] >= 0x90);
        if (ok) {
            fwrite(s + i, 1, (size_t)extra + 1, f);
            i += (size_t)extra + 1;
        } else {
            fputs("\xEF\xBF\xBD", f);
            i++;
        }
    }
}

static void xml_str(FILE *f, const char *s)
{
    xml_text(f, s ? s : "", s ? strlen(s) : 0);
}

#define REPORT_OUTPUT_MAX 65536 /* bytes of stdout/stderr kept per case in the files */

static void junit_output(FILE *f, const char *tag, const char *text, size_t len)
{
    if (!len)
        return;
    fprintf(f, "      <%s>", tag);
    xml_text(f, text, len < REPORT_OUTPUT_MAX ? len : REPORT_OUTPUT_MAX);
    if (len > REPORT_OUTPUT_MAX)
        fputs("\n[... cut]", f);
    fprintf(f, "</%s>\n", tag);
}

static void junit_case(FILE *f, const struct test_case *c)
{
    fprintf(f, "    <testcase classname=\"wowbox.%s\" name=\"", c->backend);
    xml_str(f, c->sample->id);
    fprintf(f, "\" file=\"");
    xml_str(f, c->sample->exe);
    fprintf(f, "\" time=\"%.3f\">\n", c->seconds);
    const struct run_result *r = first_failure(c);
    if (c->outcome == CASE_SKIP) {
        fputs("      <skipped message=\"", f);
        xml_str(f, c->skip);
        fputs("\"/>\n", f);
    } else if (r) {
        fprintf(f, "      <failure type=\"%s\" message=\"", c->outcome == CASE_FLAKY ? "flaky" : r->kind);
        if (c->outcome == CASE_FLAKY)
            fprintf(f, "flaky: passed %zu of %zu runs; ", passed_runs(c), c->nruns);
        xml_str(f, r->reason);
        fputs("\">", f);
        xml_str(f, r->details.data);
        fputs("</failure>\n", f);
    }
    const struct run_result *shown = r ? r : c->nruns ? &c->runs[0] : NULL;
    if (shown) {
        junit_output(f, "system-out", shown->out, shown->out_len);
        junit_output(f, "system-err", shown->err, shown->err_len);
    }
    fputs("    </testcase>\n", f);
}

bool report_junit(const char *path, const struct test_case *cases, size_t n, double seconds)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    size_t fails = 0, skips = 0;
    for (size_t i = 0; i < n; i++) {
        fails += cases[i].outcome == CASE_FAIL || cases[i].outcome == CASE_FLAKY;
        skips += cases[i].outcome == CASE_SKIP;
    }
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    fprintf(f, "<testsuites name=\"wowbox test\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\" time=\"%.3f\">\n",
            n, fails, skips, seconds);
    static const char *const backends[] = { "native", "unicorn" };
    for (int b = 0; b < 2; b++) {
        size_t tests = 0, bf = 0, bs = 0;
        double t = 0;
        for (size_t i = 0; i < n; i++) {
            if (strcmp(cases[i].backend, backends[b]))
                continue;
            tests++;
            bf += cases[i].outcome == CASE_FAIL || cases[i].outcome == CASE_FLAKY;
            bs += cases[i].outcome == CASE_SKIP;
            t += cases[i].seconds;
        }
        if (!tests)
            continue;
        fprintf(f, "  <testsuite name=\"wowbox.%s\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\" time=\"%.3f\">\n",
                backends[b], tests, bf, bs, t);
        for (size_t i = 0; i < n; i++)
            if (!strcmp(cases[i].backend, backends[b]))
                junit_case(f, &cases[i]);
        fputs("  </testsuite>\n", f);
    }
    fputs("</testsuites>\n", f);
    return fclose(f) == 0;
}

/* A JSON string: escapes, and U+FFFD for bytes that are not UTF-8. */
static void json_str(FILE *f, const char *s, size_t len)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (size_t i = 0; i < len;) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0x80) {
            int extra = ch >= 0xF0 && ch < 0xF5 ? 3 : ch >= 0xE0 ? 2 : ch >= 0xC2 && ch < 0xE0 ? 1 : -1;
            bool ok = extra > 0 && i + (size_t)extra < len;
            for (int k = 1; ok && k <= extra; k++)
                ok = ((unsigned char)s[i + k] & 0xC0) == 0x80;
            if (ok) {
                fwrite(s + i, 1, (size_t)extra + 1, f);
                i += (size_t)extra + 1;
            } else {
                fputs("\\ufffd", f);
                i++;
            }
            continue;
        }
        i++;
        if (ch == '"' || ch == '\\')
            fprintf(f, "\\%c", ch);
        else if (ch == '\n')
            fputs("\\n", f);
        else if (ch == '\r')
            fputs("\\r", f);
        else if (ch == '\t')
            fputs("\\t", f);
        else if (ch < 0x20)
            fprintf(f, "\\u%04x", ch);
        else
            fputc(ch, f);
    }
    fputc('"', f);
}

static void json_cstr(FILE *f, const char *s)
{
    json_str(f, s, s ? strlen(s) : 0);
}

static void json_run(FILE *f, const struct run_result *r)
{
    fprintf(f, "{\"outcome\": \"%s\", \"seconds\": %.3f, \"exit_status\": %d, \"kind\": ",
            r->verdict == RUN_PASS ? "pass" : r->verdict == RUN_FAIL ? "fail" : "skip", r->seconds, r->exit_status);
    json_cstr(f, r->kind);
    fputs(", \"reason\": ", f);
    json_cstr(f, r->reason);
    fputs(", \"details\": ", f);
    json_cstr(f, r->details.data ? r->details.data : (r->verdict == RUN_FAIL ? "" : NULL));
    fputs(", \"stdout\": ", f);
    json_str(f, r->out, r->out_len < REPORT_OUTPUT_MAX ? r->out_len : REPORT_OUTPUT_MAX);
    fputs(", \"stderr\": ", f);
    json_str(f, r->err, r->err_len < REPORT_OUTPUT_MAX ? r->err_len : REPORT_OUTPUT_MAX);
    fputs(", \"unimplemented\": [", f);
    for (size_t k = 0; k < r->nunimplemented; k++) {
        fputs(k ? ", " : "", f);
        json_cstr(f, r->unimplemented[k]);
    }
    fputs("], \"kept\": ", f);
    json_cstr(f, r->kept);
    fputs(", \"updated\": ", f);
    json_cstr(f, r->updated);
    fputc('}', f);
}

bool report_json(const char *path, const struct test_case *cases, size_t n, double seconds)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    size_t count[4] = { 0 };
    for (size_t i = 0; i < n; i++)
        count[cases[i].outcome]++;
    fprintf(f, "{\"schema\": \"wowbox-test/1\", \"seconds\": %.3f, \"passed\": %zu, \"failed\": %zu, \"flaky\": %zu, "
               "\"skipped\": %zu, \"results\": [\n",
            seconds, count[CASE_PASS], count[CASE_FAIL], count[CASE_FLAKY], count[CASE_SKIP]);
    for (size_t i = 0; i < n; i++) {
        const struct test_case *c = &cases[i];
        fputs(i ? ",\n  {\"sample\": " : "  {\"sample\": ", f);
        json_cstr(f, c->sample->id);
        fputs(", \"program\": ", f);
        json_cstr(f, c->sample->exe);
        fprintf(f, ", \"backend\": \"%s\", \"outcome\": \"%s\", \"seconds\": %.3f, \"skip_reason\": ", c->backend,
                outcome_names[c->outcome], c->seconds);
        json_cstr(f, c->skip);
        fputs(", \"runs\": [", f);
        for (size_t k = 0; k < c->nruns; k++) {
            fputs(k ? ", " : "", f);
            json_run(f, &c->runs[k]);
        }
        fputs("]}", f);
    }
    fputs("\n]}\n", f);
    return fclose(f) == 0;
}

struct hit {
    const char *name;
    size_t samples;
};

static int by_hits(const void *a, const void *b)
{
    const struct hit *x = a, *y = b;
    if (x->samples != y->samples)
        return x->samples < y->samples ? 1 : -1;
    return strcmp(x->name, y->name);
}

void report_unimplemented(FILE *out, const struct test_case *cases, size_t n)
{
    struct hit *hits = NULL;
    size_t nhits = 0;
    for (size_t i = 0; i < n; i++) {
        /* a name counts once per sample, whatever the backends and repeats */
        for (size_t k = 0; k < cases[i].nruns; k++) {
            const struct run_result *r = &cases[i].runs[k];
            for (size_t u = 0; u < r->nunimplemented; u++) {
                const char *name = r->unimplemented[u];
                bool counted = false;
                for (size_t j = i; j > 0 && cases[j - 1].sample == cases[i].sample && !counted; j--)
                    for (size_t kk = 0; kk < cases[j - 1].nruns && !counted; kk++)
                        for (size_t uu = 0; uu < cases[j - 1].runs[kk].nunimplemented && !counted; uu++)
                            counted = !strcmp(cases[j - 1].runs[kk].unimplemented[uu], name);
                for (size_t kk = 0; kk < k && !counted; kk++)
                    for (size_t uu = 0; uu < cases[i].runs[kk].nunimplemented && !counted; uu++)
                        counted = !strcmp(cases[i].runs[kk].unimplemented[uu], name);
                if (counted)
                    continue;
                size_t h = 0;
                while (h < nhits && strcmp(hits[h].name, name))
                    h++;
                if (h == nhits) {
                    hits = realloc(hits, (nhits + 1) * sizeof *hits);
                    hits[nhits++] = (struct hit){ name, 0 };
                }
                hits[h].samples++;
            }
        }
    }
    if (nhits > 1)
        qsort(hits, nhits, sizeof *hits, by_hits);
    fprintf(out, "\nunimplemented APIs called (%zu), by the number of samples that called them:\n", nhits);
    for (size_t h = 0; h < nhits; h++)
        fprintf(out, "  %6zu  %s\n", hits[h].samples, hits[h].name);
    free(hits);
}
