/* Console output text: the bytes a program writes to a console are in the
 * console's output code page (GetConsoleOutputCP, the OEM page unless
 * SetConsoleOutputCP changed it), and the host terminal shows UTF-8, so
 * every write of bytes to a console handle is converted here; writes to
 * files and pipes stay the bytes they are, as on Windows. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "syscalls/codepage.h"
#include "syscalls/console_text.h"
#include "syscalls/utf7.h"

static uint32_t output_cp; /* 0: the OEM code page */
static int pending_lead = -1; /* a DBCS lead byte that ended the last write */

uint32_t console_output_cp(void) { return output_cp ? output_cp : cp_oem; }

void console_set_output_cp(uint32_t cp)
{
    output_cp = cp;
    pending_lead = -1;
}

static size_t put_utf8(char *o, uint32_t c)
{
    if (c < 0x80) {
        o[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (char)(0xC0 | c >> 6);
        o[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    o[0] = (char)(0xE0 | c >> 12);
    o[1] = (char)(0x80 | (c >> 6 & 0x3F));
    o[2] = (char)(0x80 | (c & 0x3F));
    return 3;
}

char *console_output_to_utf8(const uint8_t *b, size_t n, size_t *len)
{
    uint32_t cp = console_output_cp();
    if (cp == CP_UTF8 || !cp_valid(cp)) { /* UTF-8: the terminal's own */
        char *copy = malloc(n ? n : 1);
        if (copy)
            memcpy(copy, b, n);
        *len = n;
        return copy;
    }
    uint8_t *in = malloc(n + 1);
    if (!in)
        return NULL;
    size_t m = 0;
    if (pending_lead >= 0)
        in[m++] = (uint8_t)pending_lead;
    memcpy(in + m, b, n);
    m += n;
    /* a lead byte that ends the buffer (after whole pairs) waits */
    pending_lead = -1;
    size_t whole = m;
    if (cp_is_dbcs(cp)) {
        size_t j = 0;
        while (j < m && !(cp_lead_byte(cp, in[j]) && j + 1 == m))
            j += cp_lead_byte(cp, in[j]) ? 2 : 1;
        if (j < m) { /* in[j] is a lead byte with nothing after it */
            pending_lead = in[j];
            whole = j;
        }
    }
    size_t units = 0;
    bool invalid = false;
    uint16_t *w = !whole ? NULL
                  : cp == CP_UTF7 ? utf7_to_utf16(in, whole, &units) /* each write on its own */
                                  : cp_to_utf16(cp, in, whole, &units, false, &invalid);
    free(in);
    if (whole && !w)
        return NULL;
    char *out = malloc(units * 3 + 1);
    size_t o = 0;
    for (size_t k = 0; out && k < units; k++)
        o += put_utf8(out + o, w[k]);
    free(w);
    *len = o;
    return out;
}
