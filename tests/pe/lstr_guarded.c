/* lstr_guarded.c - kernel32's lstrlen/lstrcpy/lstrcpyn/lstrcat and
 * IsBad*Ptr run their work under an SEH frame of their own, as on Windows:
 * a bad pointer raises a real access violation inside the function (a
 * vectored handler sees it first, at an address in the DLL that exports the
 * function) which the function's own frame catches, returning 0/NULL (lstr)
 * or TRUE (IsBad*); the program's frame below is never asked, the SEH chain
 * and the last error are as before (Windows documents that lstrcpy does not
 * tell the caller about the fault; Wine 8 sets ERROR_INVALID_PARAMETER),
 * and the results of good calls are Windows' (lstrcpyn's count rules, what
 * a faulting copy left written). */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#include "seh_catch.h"

#define BAD ((void *)0x10)

static LONG vectored_seen;
static void *last_fault_at;
static int frame_asked;

static LONG CALLBACK count_vectored(EXCEPTION_POINTERS *ep)
{
    if (ep->ExceptionRecord->ExceptionCode == EXCEPTION_ACCESS_VIOLATION) {
        vectored_seen++;
        last_fault_at = ep->ExceptionRecord->ExceptionAddress;
    }
    return EXCEPTION_CONTINUE_SEARCH;
}

struct frame {
    struct frame *next;
    void *handler;
};

static EXCEPTION_DISPOSITION __cdecl program_frame(EXCEPTION_RECORD *rec, void *f, CONTEXT *ctx, void *dc)
{
    (void)rec;
    (void)f;
    (void)ctx;
    (void)dc;
    frame_asked++;
    return ExceptionContinueSearch;
}

static void *image_of(void *p)
{
    MEMORY_BASIC_INFORMATION mbi;
    return VirtualQuery(p, &mbi, sizeof mbi) ? mbi.AllocationBase : NULL;
}

/* Whether the last fault came from a DLL rather than the program (which
 * one is the system's business: Wine's lstrlenA faults in its strlen). */
static const char *fault_in_dll(void)
{
    return last_fault_at && image_of(last_fault_at) != GetModuleHandleA(NULL) ? "yes" : "no";
}

static void faulted(const char *what, long before)
{
    printf("  %-26s vectored handler saw it: %s, in a DLL: %s\n", what,
           vectored_seen > before ? "yes" : "no", fault_in_dll());
}

int main(void)
{
    struct frame mine = { seh_chain_head(), (void *)program_frame };
    struct frame *volatile expected = &mine; /* volatile: gcc would fold the comparison below */
    seh_set_chain_head(&mine);
    AddVectoredExceptionHandler(1, count_vectored);
    char *ro = VirtualAlloc(NULL, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    strcpy(ro, "read-only");
    DWORD old;
    VirtualProtect(ro, 4096, PAGE_READONLY, &old);
    SetLastError(1234);

    long v = vectored_seen;
    printf("lstrlenA(bad) = %d\n", lstrlenA(BAD));
    faulted("lstrlenA", v);
    v = vectored_seen;
    printf("lstrlenW(bad) = %d\n", lstrlenW(BAD));
    faulted("lstrlenW", v);
    v = vectored_seen;
    printf("lstrlenA(NULL) = %d (no fault: %s)\n", lstrlenA(NULL), vectored_seen == v ? "yes" : "no");
    v = vectored_seen;
    printf("lstrcpyA(read-only, \"x\") = %s\n", lstrcpyA(ro, "x") ? "non-NULL" : "NULL");
    faulted("lstrcpyA", v);
    printf("lstrcpyA(NULL, \"x\") = %s\n", lstrcpyA(NULL, "x") ? "non-NULL" : "NULL");
    char buf[16] = "abc";
    v = vectored_seen;
    printf("lstrcatA(buf, bad) = %s, buf = \"%s\"\n", lstrcatA(buf, BAD) ? "non-NULL" : "NULL", buf);
    faulted("lstrcatA", v);
    WCHAR wbuf[8] = L"ab";
    printf("lstrcpyW(wbuf, bad) = %s, wbuf[0] = %c\n", lstrcpyW(wbuf, BAD) ? "non-NULL" : "NULL", (char)wbuf[0]);
    printf("lstrcpynA(read-only, \"x\", 5) = %s\n", lstrcpynA(ro, "x", 5) ? "non-NULL" : "NULL");
    printf("read-only page still \"%s\"\n", ro);

    memset(buf, '#', sizeof buf);
    printf("lstrcpynA(buf, \"hello\", 3) = %s \"%s\"\n", lstrcpynA(buf, "hello", 3) == buf ? "buf" : "?", buf);
    memset(buf, '#', sizeof buf);
    buf[15] = 0;
    printf("lstrcpynA(buf, \"hello\", 0) = %s \"%s\"\n", lstrcpynA(buf, "hello", 0) == buf ? "buf" : "?", buf);
    printf("lstrcpynA(buf, \"hello\", 1) = %s \"%s\"\n", lstrcpynA(buf, "hello", 1) == buf ? "buf" : "?", buf);
    printf("lstrcpynA(buf, \"hello\", -1) = %s \"%s\"\n", lstrcpynA(buf, "hello", -1) == buf ? "buf" : "?", buf);
    WCHAR wb[8];
    lstrcpynW(wb, L"wide!", 4);
    printf("lstrcpynW(wb, L\"wide!\", 4): %d characters\n", lstrlenW(wb));
    lstrcpyA(buf, "ab");
    lstrcatA(buf, "cd");
    lstrcatW(wbuf, L"cd");
    printf("lstrcatA -> \"%s\" (%d), lstrcatW -> %d characters\n", buf, lstrlenA(buf), lstrlenW(wbuf));

    v = vectored_seen;
    printf("IsBadReadPtr(bad, 4) = %d\n", IsBadReadPtr(BAD, 4));
    faulted("IsBadReadPtr", v);
    v = vectored_seen;
    printf("IsBadWritePtr(read-only, 4) = %d\n", IsBadWritePtr(ro, 4));
    faulted("IsBadWritePtr", v);
    printf("IsBadStringPtrA(bad, 10) = %d\n", IsBadStringPtrA(BAD, 10));
    printf("IsBadWritePtr(buf, 16) = %d, buf intact: %s\n", IsBadWritePtr(buf, 16),
           strcmp(buf, "abcd") == 0 ? "yes" : "no");

    printf("program's frame asked: %d\n", frame_asked);
    printf("SEH chain restored: %s\n", seh_chain_head() == expected ? "yes" : "no");
    printf("last error: %lu\n", GetLastError());
    seh_set_chain_head(mine.next);
    return 0;
}
