/* nested_fault.c - proves exceptions in guest code that a builtin DLL
 * called back (qsort's comparator): a vectored handler that continues lets
 * qsort finish; a frame handler around the qsort call that unwinds and
 * jumps to its continuation leaves qsort for good, and the program goes on
 * (twice, then normal calls still work). */
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

static volatile int *volatile trap_ptr;   /* NULL: comparisons read it */
static int faults;

static int __attribute__((noinline)) compare(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    if (x == 3 || y == 3) {
        int r;
        __asm__ volatile(".byte 0x8B, 0x01" : "=a"(r) : "c"(trap_ptr), "a"(0) : "memory"); /* mov eax,[ecx] */
        (void)r;
    }
    return (x > y) - (x < y);
}

static LONG CALLBACK skip_read(PEXCEPTION_POINTERS ep)
{
    if (ep->ExceptionRecord->ExceptionCode != EXCEPTION_ACCESS_VIOLATION)
        return EXCEPTION_CONTINUE_SEARCH;
    faults++;
    ep->ContextRecord->Eip += 2;
    return EXCEPTION_CONTINUE_EXECUTION;
}

struct frame {
    struct frame *next;
    void *handler;
    void *jb[5];
};

static EXCEPTION_DISPOSITION __cdecl leave_qsort(EXCEPTION_RECORD *rec, void *est, CONTEXT *ctx, void *dc)
{
    struct frame *f = est;
    (void)ctx;
    (void)dc;
    if (rec->ExceptionFlags & EXCEPTION_UNWINDING)
        return ExceptionContinueSearch;
    RtlUnwind(f, NULL, rec, 0);
    __builtin_longjmp(f->jb, 1);
}

static int __attribute__((noinline)) sort_guarded(int *v, int n)
{
    struct frame f;
    __asm__ volatile("movl %%fs:0, %0" : "=r"(f.next));
    f.handler = (void *)leave_qsort;
    __asm__ volatile("movl %0, %%fs:0" : : "r"(&f) : "memory");
    if (__builtin_setjmp(f.jb)) {
        __asm__ volatile("movl %0, %%fs:0" : : "r"(f.next) : "memory");
        return -1;
    }
    qsort(v, n, sizeof *v, compare);
    __asm__ volatile("movl %0, %%fs:0" : : "r"(f.next) : "memory");
    return 0;
}

static void show(const int *v, int n)
{
    for (int i = 0; i < n; i++)
        printf(" %d", v[i]);
    printf("\n");
}

int main(void)
{
    int a[6] = { 5, 3, 9, 1, 7, 2 }, b[6] = { 4, 3, 8, 6, 0, 2 }, c[5] = { 9, 8, 7, 6, 5 };
    PVOID h = AddVectoredExceptionHandler(1, skip_read);
    qsort(a, 6, sizeof *a, compare);
    printf("sorted with faults continued:");
    show(a, 6);
    printf("faults seen: %d\n", faults > 0);
    RemoveVectoredExceptionHandler(h);

    printf("sort left by unwinding: %d\n", sort_guarded(b, 6));
    printf("and again: %d\n", sort_guarded(b, 6));
    qsort(c, 5, sizeof *c, compare);
    printf("a sort without faults:");
    show(c, 5);
    return 0;
}
