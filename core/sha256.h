/* SHA-256 (FIPS 180-4) of a byte string, for checking files a program left
 * behind (`wowbox test`'s NAME.files). */
#ifndef WOWBOX_CORE_SHA256_H
#define WOWBOX_CORE_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
    uint32_t h[8];
    uint64_t total;        /* bytes hashed so far */
    uint8_t block[64];
    size_t used;           /* bytes waiting in block */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
/* The digest as 64 lower-case hex digits and a NUL. */
void sha256_final_hex(struct sha256 *s, char hex[65]);

#endif
