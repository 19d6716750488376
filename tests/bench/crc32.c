/* crc32: table-driven CRC-32 (reflected, polynomial 0xEDB88320), one byte
 * per step: a load-heavy dependent chain (byte load, table load, xor).
 * The buffer is filled with 32-bit stores so that set-up stays small.
 * usage: crc32 [mib]   (MiB hashed, over a 1 MiB buffer; default 160) */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

#define BUF_BYTES (1u << 20)

static uint32_t table[256];

static void make_table(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320U & (0U - (c & 1)));
        table[i] = c;
    }
}

static uint32_t crc_bytes(uint32_t crc, const unsigned char *p, uint32_t len)
{
    crc = ~crc;
    for (uint32_t i = 0; i < len; i++)
        crc = table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

int main(int argc, char **argv)
{
    uint32_t mib = bench_arg(argc, argv, 1, 160);
    uint32_t *words = malloc(BUF_BYTES);
    if (!words)
        return printf("crc32: out of memory\n"), 1;
    make_table();
    uint32_t x = 1, crc = 0;
    for (uint32_t i = 0; i < BUF_BYTES / 4; i++) {
        x = x * 1103515245U + 12345U;
        words[i] = bench_mix(x);
    }
    for (uint32_t m = 0; m < mib; m++)
        crc = crc_bytes(crc, (const unsigned char *)words, BUF_BYTES);

    printf("crc32 mib=%u checksum=%08x\n", mib, crc);
    free(words);
    return 0;
}
