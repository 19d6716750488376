/* malloc.c - proves the msvcrt heap: malloc/calloc/realloc/free over many
 * sizes (1 byte .. 4 MB), contents surviving realloc growth and shrinkage,
 * calloc zeroing, and reuse after free; prints checksums of the contents. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NBLOCKS 200

static unsigned fill_byte(unsigned block, unsigned i)
{
    return (block * 31u + i * 7u + 3u) & 0xFFu;
}

/* order-sensitive checksum of the bytes (not of any address) */
static unsigned long checksum(const unsigned char *p, size_t n, unsigned long h)
{
    size_t i;
    for (i = 0; i < n; i++)
        h = (h * 33u) ^ p[i];
    return h;
}

int main(void)
{
    static unsigned char *blocks[NBLOCKS];
    static size_t sizes[NBLOCKS];
    unsigned long sum = 5381;
    unsigned i, j, bad = 0, zero_bad = 0;
    unsigned char *big, *z;

    /* many sizes, including odd ones and page-crossing ones */
    for (i = 0; i < NBLOCKS; i++) {
        sizes[i] = 1 + (i * i * 37u) % 5000u;
        blocks[i] = malloc(sizes[i]);
        if (!blocks[i]) {
            printf("malloc(%u) failed\n", (unsigned)sizes[i]);
            return 1;
        }
        for (j = 0; j < sizes[i]; j++)
            blocks[i][j] = (unsigned char)fill_byte(i, j);
    }
    /* free every third block, then grow every other block */
    for (i = 0; i < NBLOCKS; i += 3) {
        free(blocks[i]);
        blocks[i] = NULL;
    }
    for (i = 1; i < NBLOCKS; i += 2) {
        size_t old = sizes[i];
        unsigned char *p;
        if (!blocks[i])
            continue;
        sizes[i] = old * 3 + 100;
        p = realloc(blocks[i], sizes[i]);
        if (!p) {
            printf("realloc grow failed\n");
            return 1;
        }
        for (j = 0; j < old; j++)
            if (p[j] != fill_byte(i, j))
                bad++;
        for (j = old; j < sizes[i]; j++)
            p[j] = (unsigned char)fill_byte(i + 1000, j);
        blocks[i] = p;
    }
    /* shrink the remaining even blocks */
    for (i = 2; i < NBLOCKS; i += 2) {
        unsigned char *p;
        if (!blocks[i] || sizes[i] < 4)
            continue;
        sizes[i] /= 2;
        p = realloc(blocks[i], sizes[i]);
        if (!p) {
            printf("realloc shrink failed\n");
            return 1;
        }
        for (j = 0; j < sizes[i]; j++)
            if (p[j] != fill_byte(i, j))
                bad++;
        blocks[i] = p;
    }
    /* reuse the freed slots with calloc: must be zeroed */
    for (i = 0; i < NBLOCKS; i += 3) {
        sizes[i] = 16 + i * 13u;
        blocks[i] = calloc(sizes[i], 1);
        if (!blocks[i]) {
            printf("calloc failed\n");
            return 1;
        }
        for (j = 0; j < sizes[i]; j++)
            if (blocks[i][j] != 0)
                zero_bad++;
        memset(blocks[i], (int)(i & 0xFF), sizes[i]);
    }
    for (i = 0; i < NBLOCKS; i++)
        sum = checksum(blocks[i], sizes[i], sum);
    printf("realloc preserved contents: %s (%u bad bytes)\n", bad ? "NO" : "yes", bad);
    printf("calloc zeroed: %s\n", zero_bad ? "NO" : "yes");
    printf("checksum of %u blocks: %08lx\n", NBLOCKS, sum);
    for (i = 0; i < NBLOCKS; i++)
        free(blocks[i]);

    /* a large block (4 MB), touched at both ends, grown to 8 MB */
    big = malloc(4u << 20);
    if (!big) {
        printf("big malloc failed\n");
        return 1;
    }
    big[0] = 0x5A;
    big[(4u << 20) - 1] = 0xA5;
    big = realloc(big, 8u << 20);
    if (!big) {
        printf("big realloc failed\n");
        return 1;
    }
    printf("big block ends after realloc: %02x %02x\n", big[0], big[(4u << 20) - 1]);
    free(big);

    /* calloc of an array type */
    z = calloc(1000, sizeof(int));
    if (!z) {
        printf("calloc(1000, 4) failed\n");
        return 1;
    }
    for (i = 0, j = 0; i < 1000 * sizeof(int); i++)
        j += z[i];
    printf("calloc(1000, 4) sum of bytes: %u\n", j);
    free(z);
    printf("done\n");
    return 0;
}
