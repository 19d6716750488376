/* stdio_streams.c - proves msvcrt stream semantics beyond fileio.c: fopen
 * mode errors, "+" modes switching between reading and writing, a+ append,
 * ungetc and positions, fgetpos/fsetpos, buffering seen on disk (full,
 * _IONBF, fflush), feof/ferror values, freopen of stdout, _fdopen, tmpfile,
 * tmpnam/_tempnam, wide stream I/O in text and binary mode, _snprintf's
 * overflow rule,
 * sprintf/sscanf/swscanf, rename/remove errors, _fcloseall, perror. */
#define __USE_MINGW_ANSI_STDIO 0
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <wchar.h>

#define NAME  "wbst_one.tmp"
#define NAME2 "wbst_two.tmp"

static void show(const char *label, const char *p, int n)
{
    printf("%s (%d): [", label, n);
    for (int i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == '\r')
            printf("\\r");
        else if (c == '\n')
            printf("\\n");
        else if (c < 0x20 || c >= 0x7F)
            printf("\\x%02x", c);
        else
            putchar(c);
    }
    printf("]\n");
}

static long disk_size(const char *name)
{
    struct _stat64 st;
    return _stat64(name, &st) == 0 ? (long)st.st_size : -1;
}

static void raw_contents(const char *label, const char *name)
{
    char buf[256];
    FILE *f = fopen(name, "rb");
    int n = f ? (int)fread(buf, 1, sizeof buf, f) : -1;
    if (f)
        fclose(f);
    show(label, buf, n);
}

static void modes(void)
{
    char buf[128];
    FILE *f;
    int n;
    printf("-- modes\n");
    errno = 0;
    f = fopen(NAME, "q");
    printf("bad mode: %s errno=%d\n", f ? "opened" : "NULL", errno);
    errno = 0;
    f = fopen("", "r");
    printf("empty name: %s errno=%d\n", f ? "opened" : "NULL", errno);
    errno = 0;
    f = fopen("wbst_missing.tmp", "r");
    printf("missing: %s errno=%d\n", f ? "opened" : "NULL", errno);

    f = fopen(NAME, "w+");
    fputs("alpha\nbeta\n", f);
    printf("ftell while writing: %ld\n", ftell(f));
    rewind(f);
    fgets(buf, sizeof buf, f);
    show("w+ first line", buf, (int)strlen(buf));
    printf("ftell after it: %ld\n", ftell(f));
    fseek(f, 0, SEEK_CUR);
    fputs("GAMMA\n", f);
    fseek(f, 0, SEEK_END);
    printf("size: %ld\n", ftell(f));
    rewind(f);
    n = (int)fread(buf, 1, sizeof buf, f);
    show("w+ all", buf, n);
    fclose(f);

    f = fopen(NAME, "r+b");
    fseek(f, 2, SEEK_SET);
    fputc('P', f);
    fseek(f, 0, SEEK_SET);
    n = (int)fread(buf, 1, sizeof buf, f);
    show("r+b", buf, n);
    fclose(f);

    f = fopen(NAME, "a+");
    n = (int)fread(buf, 1, 5, f);
    show("a+ read", buf, n);
    fseek(f, 0, SEEK_SET);
    fputs("tail\n", f);
    fseek(f, 0, SEEK_SET);
    n = (int)fread(buf, 1, sizeof buf, f);
    show("a+ all", buf, n);
    fclose(f);
}

static void positions(void)
{
    char buf[64];
    FILE *f = fopen(NAME, "rb");
    int c;
    printf("-- ungetc, positions\n");
    c = fgetc(f);
    printf("fgetc %c, ftell %ld\n", c, ftell(f));
    c = ungetc('X', f);
    printf("ungetc X: %c, ftell %ld\n", c, ftell(f));
    c = fgetc(f);
    printf("then %c", c);
    c = fgetc(f);
    printf(" %c\n", c);
    printf("ungetc EOF: %d\n", ungetc(EOF, f));
    fseek(f, 0, SEEK_END);
    c = fgetc(f);
    printf("at end: %d feof=%d\n", c, feof(f));
    c = ungetc('Z', f);
    printf("ungetc Z: %c feof=%d", c, feof(f));
    c = fgetc(f);
    printf(" read back %c\n", c);

    fpos_t p;
    fseek(f, 7, SEEK_SET);
    fgetpos(f, &p);
    fgetc(f);
    fgetc(f);
    fsetpos(f, &p);
    fgets(buf, sizeof buf, f);
    show("after fsetpos", buf, (int)strlen(buf));
    fclose(f);

    f = fopen(NAME, "r");
    c = fputc('x', f);
    printf("fputc on read stream: %d ferror=%d", c, ferror(f));
    clearerr(f);
    printf(" after clearerr %d\n", ferror(f));
    while (fgetc(f) != EOF)
        ;
    printf("read to end: feof=%d ferror=%d\n", feof(f), ferror(f));
    fclose(f);
}

static void buffering(void)
{
    FILE *f, *g;
    printf("-- buffering\n");
    f = fopen(NAME2, "w");
    fputs("abc", f);
    printf("buffered: on disk %ld", disk_size(NAME2));
    fflush(f);
    printf(", after fflush %ld\n", disk_size(NAME2));
    fclose(f);
    g = fopen(NAME2, "w");
    int r = setvbuf(g, NULL, _IONBF, 0);
    printf("setvbuf _IONBF: %d", r);
    fputs("xy\n", g);
    printf(", on disk at once %ld\n", disk_size(NAME2));
    r = setvbuf(g, NULL, 3, 100);
    printf("setvbuf bad mode: %d", r != 0);
    r = setvbuf(g, NULL, _IOFBF, 1);
    printf(", tiny size: %d\n", r != 0);
    fclose(g);
    f = fopen(NAME2, "w");
    setvbuf(f, NULL, _IOFBF, 16);
    fputs("0123456789", f);
    printf("16-byte buffer: %ld", disk_size(NAME2));
    fputs("0123456789", f);
    printf(", after 20 bytes %ld\n", disk_size(NAME2));
    fclose(f);
}

static void redirection(void)
{
    char buf[64];
    FILE *f;
    printf("-- freopen, _fdopen, tmpfile\n");
    fflush(stdout);
    int saved = _dup(1);
    f = freopen(NAME2, "w", stdout);
    printf("into the file\n");
    fflush(stdout);
    _dup2(saved, 1);
    _close(saved);
    printf("freopen kept the FILE: %d, fileno %d\n", f == stdout, _fileno(stdout));
    raw_contents("redirected output", NAME2);

    int fd = _open(NAME2, _O_RDONLY);
    f = _fdopen(fd, "r");
    fgets(buf, sizeof buf, f);
    show("_fdopen fgets", buf, (int)strlen(buf));
    printf("fileno matches: %d\n", _fileno(f) == fd);
    fclose(f);
    errno = 0;
    int r = _close(fd);
    printf("descriptor closed with the stream: %d errno=%d\n", r, errno);

    char n1[L_tmpnam], *n2 = tmpnam(NULL);
    tmpnam(n1);
    printf("tmpnam: fits L_tmpnam %d, names differ %d\n", strlen(n1) < L_tmpnam, strcmp(n1, n2) != 0);
    char *tn = _tempnam(NULL, "wbp");
    printf("_tempnam: has the prefix %d\n", tn && strstr(tn, "\\wbp") != NULL);
    free(tn);

    f = tmpfile();
    fputs("temp\ndata\n", f);
    rewind(f);
    int n = (int)fread(buf, 1, sizeof buf, f);
    show("tmpfile (binary)", buf, n);
    fclose(f);
}

static void wide(void)
{
    wchar_t wb[64];
    FILE *f;
    printf("-- wide streams\n");
    f = fopen(NAME2, "w");
    fputws(L"wide line\n", f);
    errno = 0;
    wint_t r = fputwc(0x263A, f);
    printf("fputwc beyond Latin-1 in text mode: 0x%x errno=%d\n", (unsigned)r, errno);
    fputwc(0xE9, f);
    fwprintf(f, L" %d %ls\n", 5, L"x");
    fclose(f);
    raw_contents("text-mode wide output", NAME2);
    f = fopen(NAME2, "r");
    fgetws(wb, 64, f);
    printf("fgetws: %d chars, last is newline %d\n", (int)wcslen(wb), wb[wcslen(wb) - 1] == L'\n');
    wint_t c = fgetwc(f);
    printf("fgetwc: 0x%x\n", (unsigned)c);
    fclose(f);
    f = fopen(NAME2, "wb");
    fputwc(L'A', f);
    fputwc(0x263A, f);
    fputws(L"\n", f);
    fclose(f);
    raw_contents("binary-mode wide output", NAME2);
    f = fopen(NAME2, "rb");
    wint_t a = fgetwc(f), b = fgetwc(f);
    printf("binary fgetwc: 0x%x 0x%x\n", (unsigned)a, (unsigned)b);
    fclose(f);
}

static void strings(void)
{
    char buf[32];
    wchar_t wb[32];
    int n, a = 0;
    float fl = 0;
    printf("-- strings\n");
    memset(buf, '#', sizeof buf);
    n = _snprintf(buf, 5, "%s", "abc");
    printf("_snprintf fits: %d [%s]\n", n, buf);
    memset(buf, '#', sizeof buf);
    n = _snprintf(buf, 5, "%s", "abcde");
    printf("_snprintf exact: %d next byte %c\n", n, buf[5]);
    memset(buf, '#', sizeof buf);
    n = _snprintf(buf, 5, "%s", "abcdefgh");
    buf[8] = 0;
    printf("_snprintf overflow: %d [%s]\n", n, buf);
    n = sprintf(buf, "%05.1f|%-3d|%x", 3.14159, 7, 255);
    printf("sprintf: %d [%s]\n", n, buf);
    n = _snwprintf(wb, 4, L"%d", 123456);
    printf("_snwprintf overflow: %d\n", n);
    n = _snwprintf(wb, 32, L"%hs-%d", "narrow", 9);
    printf("_snwprintf: %d [%ls]\n", n, wb);

    char word[16];
    n = sscanf("42 word 2.5", "%d %15s %f", &a, word, &fl);
    printf("sscanf: %d %d %s %.1f\n", n, a, word, fl);
    n = sscanf("", "%d", &a);
    printf("sscanf empty: %d\n", n);
    wchar_t ws[16];
    n = swscanf(L"17 wide", L"%d %15s", &a, ws);
    printf("swscanf: %d %d %ls\n", n, a, ws);
    n = printf("ab\n");
    printf("printf returned %d\n", n);
}

static void names(void)
{
    printf("-- names, closing\n");
    errno = 0;
    int r = rename(NAME, NAME2);
    printf("rename onto existing: %d errno=%d\n", r, errno);
    printf("remove: %d\n", remove(NAME2));
    printf("rename: %d\n", rename(NAME, NAME2));
    errno = 0;
    r = remove(NAME);
    printf("remove missing: %d errno=%d\n", r, errno);
    FILE *a = fopen(NAME2, "r"), *b = fopen(NAME2, "r");
    printf("_fcloseall: %d\n", a && b ? _fcloseall() : -1);
    remove(NAME2);
    fflush(stdout);
    errno = ENOENT;
    perror("wbtest");
}

int main(void)
{
    remove(NAME);
    remove(NAME2);
    modes();
    positions();
    buffering();
    redirection();
    wide();
    strings();
    names();
    printf("done\n");
    return 0;
}
