/* strings.c - proves the msvcrt string and conversion routines: str* and mem*,
 * _stricmp, strtok, _strdup, ctype, sprintf/_snprintf (MS truncation rules),
 * atoi/atol/strtol/strtoul with bases and end pointers, errno, sscanf. */
// build-flags: -fno-builtin
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>

static int sign(int v) { return v < 0 ? -1 : v > 0 ? 1 : 0; }

int main(void)
{
    char buf[64], tok[64], *p, *end, *dup;
    char mem[16];
    int i, n, a, b;
    long l;
    unsigned long ul;
    double d;

    /* length, copy, concatenate */
    strcpy(buf, "Hello");
    strcat(buf, ", world");
    printf("strlen(\"%s\") = %u\n", buf, (unsigned)strlen(buf));
    strncpy(tok, "abcdef", 3);
    tok[3] = '\0';
    printf("strncpy 3: [%s]\n", tok);

    /* comparisons (only the sign is specified) */
    printf("strcmp: %d %d %d\n", sign(strcmp("abc", "abd")), sign(strcmp("abc", "abc")),
           sign(strcmp("b", "abc")));
    printf("strncmp(\"abcX\", \"abcY\", 3) = %d\n", sign(strncmp("abcX", "abcY", 3)));
    printf("_stricmp: %d %d\n", sign(_stricmp("HeLLo", "hello")), sign(_stricmp("apple", "BANANA")));
    printf("_strnicmp(\"ABCdef\", \"abcXYZ\", 3) = %d\n", sign(_strnicmp("ABCdef", "abcXYZ", 3)));

    /* searching */
    p = strchr(buf, 'o');
    printf("strchr 'o' at %d, strrchr 'o' at %d\n", (int)(p - buf), (int)(strrchr(buf, 'o') - buf));
    printf("strchr 'z' is %s\n", strchr(buf, 'z') ? "found" : "NULL");
    printf("strstr \"world\" at %d\n", (int)(strstr(buf, "world") - buf));
    printf("strspn = %u, strcspn = %u\n", (unsigned)strspn("aabbcx", "abc"),
           (unsigned)strcspn("hello, world", ",!"));
    printf("strpbrk = [%s]\n", strpbrk("key=value;x", "=;"));

    /* strtok */
    strcpy(tok, "  alpha, beta,,gamma ;delta  ");
    n = 0;
    for (p = strtok(tok, " ,;"); p; p = strtok(NULL, " ,;"))
        printf("token %d: [%s]\n", n++, p);

    /* _strdup, _strupr, _strlwr, _strrev */
    dup = _strdup("Duplicate Me");
    printf("_strdup: [%s]\n", dup);
    printf("_strupr: [%s]\n", _strupr(dup));
    printf("_strlwr: [%s]\n", _strlwr(dup));
    printf("_strrev: [%s]\n", _strrev(dup));
    free(dup);

    /* memory functions */
    memset(mem, 'x', sizeof mem);
    memcpy(mem, "0123456789", 10);
    memmove(mem + 2, mem, 6);               /* overlapping, forwards */
    printf("memmove fwd: [%.10s]\n", mem);
    memmove(mem, mem + 4, 6);               /* overlapping, backwards */
    printf("memmove back: [%.10s]\n", mem);
    printf("memcmp: %d %d\n", sign(memcmp("abc", "abd", 3)), sign(memcmp("abc", "abd", 2)));
    p = memchr("find the x here", 'x', 15);
    printf("memchr: [%s]\n", p);

    /* ctype */
    printf("toupper: %c%c%c tolower: %c%c\n", toupper('a'), toupper('z'), toupper('5'),
           tolower('Q'), tolower('!'));
    printf("isalpha/isdigit/isspace/isxdigit/isupper: %d %d %d %d %d\n",
           !!isalpha('g'), !!isdigit('7'), !!isspace('\t'), !!isxdigit('F'), !!isupper('u'));

    /* sprintf and _snprintf (MS: no terminator and -1 when it does not fit) */
    n = sprintf(buf, "%s-%d-%04x", "id", 17, 0xbeef);
    printf("sprintf: [%s] returned %d\n", buf, n);
    memset(buf, '#', sizeof buf);
    n = _snprintf(buf, 5, "%s", "abcdefgh");
    buf[8] = '\0';
    printf("_snprintf too small: returned %d, buffer [%s]\n", n, buf);
    memset(buf, '#', sizeof buf);
    n = _snprintf(buf, 5, "%s", "abcde");
    buf[8] = '\0';
    printf("_snprintf exact fit: returned %d, buffer [%s]\n", n, buf);
    n = _snprintf(buf, sizeof buf, "%d+%d", 2, 3);
    printf("_snprintf fits: returned %d, buffer [%s]\n", n, buf);

    /* integer conversions */
    printf("atoi: %d %d %d\n", atoi("  42xyz"), atoi("-17"), atoi("abc"));
    printf("atol: %ld\n", atol("  -123456789"));
    l = strtol("  -123abc", &end, 10);
    printf("strtol dec: %ld rest [%s]\n", l, end);
    printf("strtol hex: %ld %ld\n", strtol("0x1A", NULL, 16), strtol("ff", NULL, 16));
    printf("strtol base 0: %ld %ld %ld\n", strtol("0x1A", NULL, 0), strtol("0777", NULL, 0),
           strtol("99", NULL, 0));
    printf("strtol base 2/36: %ld %ld\n", strtol("101101", NULL, 2), strtol("zz", NULL, 36));
    p = "junk";
    l = strtol(p, &end, 10);
    printf("strtol no digits: %ld, end %s\n", l, end == p ? "== start" : "moved");
    errno = 0;
    l = strtol("99999999999", NULL, 10);
    printf("strtol overflow: %ld errno %s\n", l, errno == ERANGE ? "ERANGE" : "other");
    errno = 0;
    l = strtol("-99999999999", NULL, 10);
    printf("strtol underflow: %ld errno %s\n", l, errno == ERANGE ? "ERANGE" : "other");
    ul = strtoul("ffffffff", NULL, 16);
    printf("strtoul: %lu %lu\n", ul, strtoul("0x10", NULL, 0));
    ul = strtoul("4294967296", &end, 10);
    printf("strtoul overflow: %lu\n", ul);

    /* sscanf */
    n = sscanf("12 abc 3.5 ff", "%d %s %lf %x", &a, tok, &d, &b);
    printf("sscanf: n=%d a=%d s=[%s] d=%.2f x=%d\n", n, a, tok, d, b);
    n = sscanf("7,8", "%d,%d", &a, &b);
    printf("sscanf comma: n=%d %d %d\n", n, a, b);
    n = sscanf("", "%d", &a);
    printf("sscanf empty input: %d\n", n);
    n = sscanf("key=val", "%[^=]=%s", buf, tok);
    printf("sscanf scanset: n=%d [%s] [%s]\n", n, buf, tok);

    for (i = 0; i < 3; i++)
        buf[i] = "xyz"[i];
    buf[3] = 0;
    printf("done: %s\n", buf);
    return 0;
}
