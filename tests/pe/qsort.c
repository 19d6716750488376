/* qsort.c - proves msvcrt qsort/bsearch calling back into guest comparators
 * (cdecl callbacks from the runtime into the program), for ints, strings and
 * structs, and counts that the comparator really was called. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int calls;

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    calls++;
    return (x > y) - (x < y);
}

static int cmp_int_desc(const void *a, const void *b)
{
    return -cmp_int(a, b);
}

static int cmp_str(const void *a, const void *b)
{
    calls++;
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct person {
    const char *name;
    int age;
};

static int cmp_person(const void *a, const void *b)
{
    const struct person *p = a, *q = b;
    calls++;
    if (p->age != q->age)
        return p->age - q->age;
    return strcmp(p->name, q->name);
}

int main(void)
{
    int nums[] = { 42, -7, 19, 0, 1000, 3, 3, -250, 77, 8, 15, 2 };
    const char *words[] = { "pear", "apple", "fig", "banana", "cherry", "date", "apricot" };
    struct person people[] = {
        { "Carol", 35 }, { "Alice", 30 }, { "Bob", 30 }, { "Dave", 25 }, { "Eve", 35 },
    };
    int big[500];
    const int nn = sizeof nums / sizeof nums[0];
    const int nw = sizeof words / sizeof words[0];
    const int np = sizeof people / sizeof people[0];
    int i, key, ok;
    int *hit;
    const char *wkey;
    const char **whit;

    qsort(nums, nn, sizeof nums[0], cmp_int);
    printf("ints:");
    for (i = 0; i < nn; i++)
        printf(" %d", nums[i]);
    printf("\ncomparator called: %s\n", calls > 0 ? "yes" : "no");

    key = 19;
    hit = bsearch(&key, nums, nn, sizeof nums[0], cmp_int);
    printf("bsearch 19: %s at index %d\n", hit ? "found" : "missing", hit ? (int)(hit - nums) : -1);
    key = 20;
    hit = bsearch(&key, nums, nn, sizeof nums[0], cmp_int);
    printf("bsearch 20: %s\n", hit ? "found" : "missing");
    key = -250;
    hit = bsearch(&key, nums, nn, sizeof nums[0], cmp_int);
    printf("bsearch -250: index %d\n", hit ? (int)(hit - nums) : -1);
    key = 1000;
    hit = bsearch(&key, nums, nn, sizeof nums[0], cmp_int);
    printf("bsearch 1000: index %d\n", hit ? (int)(hit - nums) : -1);

    qsort(nums, nn, sizeof nums[0], cmp_int_desc);
    printf("descending:");
    for (i = 0; i < nn; i++)
        printf(" %d", nums[i]);
    printf("\n");

    qsort(words, nw, sizeof words[0], cmp_str);
    printf("words:");
    for (i = 0; i < nw; i++)
        printf(" %s", words[i]);
    printf("\n");
    wkey = "date";
    whit = bsearch(&wkey, words, nw, sizeof words[0], cmp_str);
    printf("bsearch \"date\": index %d\n", whit ? (int)(whit - words) : -1);

    qsort(people, np, sizeof people[0], cmp_person);
    printf("people:");
    for (i = 0; i < np; i++)
        printf(" %s(%d)", people[i].name, people[i].age);
    printf("\n");

    /* a larger pseudo-random array (fixed LCG seed) */
    {
        unsigned s = 12345;
        long long total = 0;
        for (i = 0; i < 500; i++) {
            s = s * 1103515245u + 12345u;
            big[i] = (int)((s >> 8) % 100000u) - 50000;
            total += big[i];
        }
        qsort(big, 500, sizeof big[0], cmp_int);
        ok = 1;
        for (i = 1; i < 500; i++)
            if (big[i - 1] > big[i])
                ok = 0;
        printf("500 ints sorted: %s, min %d, max %d, median %d, sum %lld\n",
               ok ? "yes" : "no", big[0], big[499], big[250], total);
    }

    /* zero and one element arrays are fine */
    qsort(nums, 0, sizeof nums[0], cmp_int);
    qsort(nums, 1, sizeof nums[0], cmp_int);
    printf("done\n");
    return 0;
}
