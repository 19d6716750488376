/* fileio.c - proves msvcrt file I/O on real files in the current directory:
 * fopen modes, fprintf/fputs/fwrite, text mode (\n <-> \r\n, Ctrl-Z = EOF)
 * vs binary mode, fgets/fread/fscanf, fseek/ftell/feof, append, rename, remove. */
#include <stdio.h>
#include <string.h>
#include <errno.h>

#define NAME  "wowbox_fileio.tmp"
#define NAME2 "wowbox_fileio2.tmp"

/* print bytes with \r, \n and other control characters escaped */
static void show(const char *label, const char *p, size_t n)
{
    size_t i;
    printf("%s (%u bytes): [", label, (unsigned)n);
    for (i = 0; i < n; i++) {
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

int main(void)
{
    char buf[256];
    FILE *f;
    size_t n;
    int v, lines;

    /* write in text mode */
    f = fopen(NAME, "w");
    if (!f) {
        printf("fopen w failed\n");
        return 1;
    }
    fprintf(f, "line %d\n", 1);
    fputs("second line\n", f);
    fwrite("raw\n", 1, 4, f);
    printf("fclose: %d\n", fclose(f));

    /* binary read: the \r\n pairs are on disk */
    f = fopen(NAME, "rb");
    fseek(f, 0, SEEK_END);
    printf("size via fseek/ftell: %ld\n", ftell(f));
    rewind(f);
    printf("feof before read: %d\n", feof(f) != 0);
    n = fread(buf, 1, sizeof buf, f);
    show("rb fread", buf, n);
    printf("feof after short read: %d\n", feof(f) != 0);
    fclose(f);

    /* text read: the \r are gone */
    f = fopen(NAME, "r");
    lines = 0;
    while (fgets(buf, sizeof buf, f)) {
        lines++;
        show("r fgets", buf, strlen(buf));
    }
    printf("lines=%d feof=%d\n", lines, feof(f) != 0);
    fclose(f);

    f = fopen(NAME, "r");
    n = fread(buf, 1, sizeof buf, f);
    show("r fread", buf, n);
    rewind(f);
    v = 0;
    lines = fscanf(f, "line %d", &v);
    printf("fscanf: %d value %d\n", lines, v);
    fclose(f);

    /* append, then seek around in binary mode */
    f = fopen(NAME, "a");
    fputs("tail\n", f);
    fclose(f);
    f = fopen(NAME, "rb");
    fseek(f, 8, SEEK_SET);
    fgets(buf, sizeof buf, f);
    show("rb fgets at 8", buf, strlen(buf));
    printf("ftell after that: %ld\n", ftell(f));
    fseek(f, -6, SEEK_END);
    n = fread(buf, 1, sizeof buf, f);
    show("rb last 6", buf, n);
    fseek(f, 0, SEEK_END);
    printf("size after append: %ld\n", ftell(f));
    printf("fgetc at end: %d\n", fgetc(f));
    fclose(f);

    /* binary write, read back both ways; Ctrl-Z ends a text-mode read */
    f = fopen(NAME, "wb");
    fwrite("a\nb\x1a" "cd", 1, 6, f);
    fclose(f);
    f = fopen(NAME, "rb");
    n = fread(buf, 1, sizeof buf, f);
    show("wb then rb", buf, n);
    fclose(f);
    f = fopen(NAME, "r");
    n = fread(buf, 1, sizeof buf, f);
    show("wb then r", buf, n);
    fclose(f);

    /* rename and remove */
    remove(NAME2);
    printf("rename: %d\n", rename(NAME, NAME2));
    f = fopen(NAME, "r");
    printf("old name opens: %s\n", f ? "yes" : "no");
    if (f)
        fclose(f);
    printf("remove: %d\n", remove(NAME2));
    errno = 0;
    f = fopen(NAME2, "r");
    printf("after remove: fopen %s, errno %s\n", f ? "succeeded" : "failed",
           errno == ENOENT ? "ENOENT" : "other");
    if (f)
        fclose(f);
    printf("remove again: %d\n", remove(NAME2));
    return 0;
}
