/* The SZDD format of MS-DOS's compress.exe, which kernel32's LZ functions
 * (LZInit, LZRead, LZCopy, GetExpandedName) and expand.exe read: a 14-byte
 * header, then LZSS data. Pure functions on byte buffers (unit-tested). */
#ifndef WOWBOX_SYSCALLS_KERNEL32_LZ_SZDD_H
#define WOWBOX_SYSCALLS_KERNEL32_LZ_SZDD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SZDD_HEADER_SIZE 14
#define SZDD_MODE_LZSS 'A' /* the one compression mode there is */

struct szdd_header {
    uint8_t mode;      /* SZDD_MODE_LZSS */
    uint8_t last_char; /* the original name's last character, 0: unknown */
    uint32_t size;     /* uncompressed size */
};

/* Parses a header: false when p does not start with the SZDD magic. */
bool szdd_parse_header(const uint8_t *p, size_t n, struct szdd_header *h);

/* Decodes LZSS data into out (at most out_len bytes); returns how many
 * bytes it produced (fewer when the input ends first). */
size_t szdd_decode(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len);

/* The name GetExpandedName reports for a compressed file called `name`
 * (rewritten in place): a final '_' becomes the stored last character, in
 * upper case when the file name has no lower-case letter; a name without '_' at
 * the end, or no stored character, stays as it is. */
void szdd_expanded_name(char *name, uint8_t last_char);

#endif
