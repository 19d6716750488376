/* BSTR helpers oleaut32's guest code shares (bstr.c). */
#ifndef WOWBOX_SYSCALLS_OLEAUT32_GUEST_BSTR_H
#define WOWBOX_SYSCALLS_OLEAUT32_GUEST_BSTR_H

#include "syscalls/ole32/guest/com.h"

WCHAR *bstr_make(const void *src, uint32_t bytes);
uint32_t bstr_bytes(const WCHAR *b);
void WINAPI oleaut32_SysFreeString(WCHAR *b);

#endif
