/* stack_growth_threads.c - stacks grow through their guard pages while
 * other threads exist: functions with 4 KB and larger frames (probed page
 * by page by ___chkstk_ms) and deep recursion, in the main thread after a
 * second thread started (under Unicorn that once ended wowbox with a host
 * SIGSEGV: starting a thread dropped the main engine's translations and
 * left the guard page in its TLB), in a worker while the main thread
 * waits, and in the main thread again after FlushInstructionCache over its
 * own guard page. Each thread's TEB StackLimit follows its growth. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

static unsigned char *stack_limit(void)
{
    unsigned char *teb;
    __asm__ volatile("movl %%fs:0x18, %0" : "=r"(teb));
    return *(unsigned char *volatile *)(teb + 8); /* the system changes it */
}

static __attribute__((noinline)) int frame_4k(void)
{
    volatile char b[4100];
    memset((char *)b, 1, sizeof b);
    return b[9] + b[4099];
}

static __attribute__((noinline)) unsigned frame_64k(unsigned seed)
{
    volatile unsigned char b[64 * 1024];
    for (unsigned i = 0; i < sizeof b; i += 512)
        b[i] = (unsigned char)(seed + i / 4096);
    unsigned sum = 0;
    for (unsigned i = 0; i < sizeof b; i += 4096)
        sum += b[i];
    return sum;
}

static __attribute__((noinline)) unsigned recurse(unsigned n)
{
    volatile char pad[300];
    pad[0] = (char)n;
    return n == 0 ? 0 : recurse(n - 1) + (unsigned char)pad[0] % 2;
}

/* grows the calling thread's stack three ways; the limit must go down */
static void grow(const char *who, unsigned seed, unsigned depth)
{
    unsigned char *before = stack_limit();
    int a = frame_4k();
    unsigned b = frame_64k(seed);
    unsigned c = recurse(depth);
    printf("%s: 4k frame %d, 64k frame %u, recursion %u, limit lower by >= 64 KB: %s\n", who, a, b, c,
           before - stack_limit() >= 64 * 1024 ? "yes" : "no");
}

static DWORD WINAPI sleeper(void *arg)
{
    (void)arg;
    Sleep(INFINITE);
    return 0;
}

static DWORD WINAPI worker(void *arg)
{
    grow("worker", (unsigned)(size_t)arg, 1000);
    return 7;
}

int main(void)
{
    DWORD id, code = 0;
    setvbuf(stdout, NULL, _IONBF, 0);
    CreateThread(NULL, 0, sleeper, NULL, 0, &id);
    grow("main, a second thread alive", 1, 1000);

    HANDLE h = CreateThread(NULL, 0, worker, (void *)2, 0, &id);
    WaitForSingleObject(h, INFINITE);
    GetExitCodeThread(h, &code);
    printf("worker exit code %lu\n", code);
    CloseHandle(h);

    /* the guard page is the page below StackLimit: dropping translations
     * there must not open it */
    unsigned char *guard = stack_limit() - 4096;
    MEMORY_BASIC_INFORMATION mbi;
    VirtualQuery(guard, &mbi, sizeof mbi);
    printf("page below the limit is a guard page: %s\n", (mbi.Protect & PAGE_GUARD) ? "yes" : "no");
    BOOL flushed = FlushInstructionCache(GetCurrentProcess(), guard, 4096);
    unsigned char *limit = stack_limit();
    unsigned char v = *(volatile unsigned char *)(guard + 8); /* the guard hit grows the stack */
    printf("FlushInstructionCache over it: %d; then read %u from it, limit one page lower: %s\n", flushed, v,
           limit - stack_limit() == 4096 ? "yes" : "no");
    grow("main again", 3, 2000); /* deeper than before: new pages */
    return 0;
}
