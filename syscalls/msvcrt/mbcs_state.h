/* The multibyte code page state msvcrt's _mbs* guest code reads
 * (guest/mbstring.c) and the host writes (mbcs.c, on _setmbcp): one per
 * builtin DLL that carries the guest code, in its blob, read-only to the
 * guest. The ctype bytes are _mbctype's: index c + 1, flags below. */
#ifndef WOWBOX_SYSCALLS_MSVCRT_MBCS_STATE_H
#define WOWBOX_SYSCALLS_MSVCRT_MBCS_STATE_H

#include <stdint.h>

#define MBCS_SBUP 0x10 /* single-byte upper-case letter */
#define MBCS_SBLOW 0x20 /* single-byte lower-case letter */
#define MBCS_LEAD 0x04 /* _M1 */
#define MBCS_TRAIL 0x08 /* _M2 */

/* CRT_THREAD_DATA32.mbstok_next (struct32.h): the block _errno() points to */
#define CRT_THREAD_MBSTOK_OFFSET 412

#define MBCS_STATE_SYMBOL "wg_mbcs_state"
#define MBCS_STATE_SIZE 272

struct mbcs_state {
    uint32_t codepage;  /* _getmbcp's (0: single-byte) */
    uint32_t casemap;   /* 932: fullwidth Latin letters change case too */
    uint8_t ctype[257]; /* [0] is EOF's */
};
_Static_assert(sizeof(struct mbcs_state) <= MBCS_STATE_SIZE, "the blob reserves MBCS_STATE_SIZE bytes");

#endif
