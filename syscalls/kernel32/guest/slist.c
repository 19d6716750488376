/* kernel32's SList exports are ntdll's (Windows forwards them): a tail jump
 * through the import slot, guest code to guest code. */
#include "syscalls/guest/wg.h"

WG_IMPORT(ntdll, RtlInitializeSListHead, void, WINAPI, (void *head));
WG_IMPORT(ntdll, RtlQueryDepthSList, uint16_t, WINAPI, (void *head));
WG_IMPORT(ntdll, RtlInterlockedPushEntrySList, void *, WINAPI, (void *head, void *entry));
WG_IMPORT(ntdll, RtlInterlockedPopEntrySList, void *, WINAPI, (void *head));
WG_IMPORT(ntdll, RtlInterlockedFlushSList, void *, WINAPI, (void *head));

void WINAPI kernel32_InitializeSListHead(void *h) { wg_imp_ntdll_RtlInitializeSListHead(h); }

uint16_t WINAPI kernel32_QueryDepthSList(void *h) { return wg_imp_ntdll_RtlQueryDepthSList(h); }

void *WINAPI kernel32_InterlockedPushEntrySList(void *h, void *e)
{
    return wg_imp_ntdll_RtlInterlockedPushEntrySList(h, e);
}

void *WINAPI kernel32_InterlockedPopEntrySList(void *h) { return wg_imp_ntdll_RtlInterlockedPopEntrySList(h); }

void *WINAPI kernel32_InterlockedFlushSList(void *h) { return wg_imp_ntdll_RtlInterlockedFlushSList(h); }
