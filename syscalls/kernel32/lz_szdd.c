/* SZDD decoding (see lz_szdd.h). The facts of the format: the magic
 * "SZDD" 88 F0 27 33, the mode byte 'A', the name's last character, the
 * 32-bit little-endian uncompressed size; then groups of a flag byte whose
 * bits, lowest first, mark the next eight items as a literal byte (1) or a
 * match (0) of two bytes: a 12-bit position in a 4096-byte ring (low eight
 * bits in the first byte, high four in the second's top nibble) and the
 * length minus 3 (the second byte's low nibble). The ring starts filled
 * with spaces and is written from 4096 - 16 on. */
#include "syscalls/kernel32/lz_szdd.h"

#include <ctype.h>
#include <string.h>

#define RING_SIZE 4096u
#define RING_START (RING_SIZE - 16u)
#define MATCH_MIN 3u

static const uint8_t magic[8] = { 'S', 'Z', 'D', 'D', 0x88, 0xF0, 0x27, 0x33 };

bool szdd_parse_header(const uint8_t *p, size_t n, struct szdd_header *h)
{
    if (n < SZDD_HEADER_SIZE || memcmp(p, magic, sizeof magic) != 0)
        return false;
    h->mode = p[8];
    h->last_char = p[9];
    h->size = (uint32_t)p[10] | (uint32_t)p[11] << 8 | (uint32_t)p[12] << 16 | (uint32_t)p[13] << 24;
    return true;
}

size_t szdd_decode(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len)
{
    uint8_t ring[RING_SIZE];
    memset(ring, ' ', sizeof ring);
    size_t i = 0, o = 0;
    unsigned pos = RING_START;
    while (i < in_len && o < out_len) {
        unsigned flags = in[i++];
        for (int bit = 0; bit < 8 && i < in_len && o < out_len; bit++, flags >>= 1) {
            if (flags & 1) {
                out[o++] = ring[pos] = in[i++];
                pos = (pos + 1) % RING_SIZE;
                continue;
            }
            if (i + 1 >= in_len)
                return o; /* a match cut short: the data ends */
            unsigned at = in[i] | (in[i + 1] & 0xF0u) << 4, len = (in[i + 1] & 0x0Fu) + MATCH_MIN;
            i += 2;
            /* byte by byte: a match may overlap the bytes it writes */
            for (unsigned k = 0; k < len && o < out_len; k++) {
                out[o++] = ring[pos] = ring[(at + k) % RING_SIZE];
                pos = (pos + 1) % RING_SIZE;
            }
        }
    }
    return o;
}

void szdd_expanded_name(char *name, uint8_t last_char)
{
    size_t n = strlen(name);
    if (!n || name[n - 1] != '_' || !last_char)
        return;
    size_t base = n - 1;
    while (base > 0 && name[base - 1] != '\\' && name[base - 1] != '/' && name[base - 1] != ':')
        base--;
    bool lower = false; /* in the file name, not its directories */
    for (size_t k = base; k + 1 < n; k++)
        lower |= islower((unsigned char)name[k]) != 0;
    name[n - 1] = (char)(lower ? tolower(last_char) : toupper(last_char));
}
