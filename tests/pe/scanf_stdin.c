/* scanf_stdin.c - proves stdin is connected and read in text mode: scanf of
 * numbers and words (the .stdin file has CRLF line ends, which text mode turns
 * into \n), then fgets of the remaining lines until EOF. */
#include <stdio.h>
#include <string.h>

int main(void)
{
    int a, b, c, n, count = 0;
    long sum = 0;
    char w1[32], w2[32], line[128];
    double d;

    n = scanf("%d %d %d", &a, &b, &c);
    printf("scanf 3 ints: n=%d sum=%d\n", n, a + b + c);
    n = scanf("%31s %31s", w1, w2);
    printf("scanf 2 words: n=%d [%s] [%s]\n", n, w1, w2);
    n = scanf("%lf", &d);
    printf("scanf double: n=%d %.3f\n", n, d);

    /* a run of numbers terminated by a non-number */
    while (scanf("%d", &a) == 1) {
        sum += a;
        count++;
    }
    printf("number list: count=%d sum=%ld\n", count, sum);
    n = scanf("%31s", w1);
    printf("stopper word: n=%d [%s]\n", n, w1);

    /* rest of the current line, then whole lines */
    fgets(line, sizeof line, stdin);
    printf("rest of line: %u chars\n", (unsigned)strlen(line));
    while (fgets(line, sizeof line, stdin)) {
        size_t len = strlen(line);
        int has_cr = strchr(line, '\r') != NULL;
        if (len && line[len - 1] == '\n')
            line[--len] = '\0';
        printf("line [%s] len %u cr %d\n", line, (unsigned)len, has_cr);
    }
    printf("eof: %d\n", feof(stdin) != 0);
    n = scanf("%d", &a);
    printf("scanf at eof: %d\n", n);
    return 0;
}
