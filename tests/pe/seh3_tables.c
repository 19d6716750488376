/* seh3_tables.c - proves SEH3, the __try machinery of Visual C++ 6-2003
 * programs, with the frames and scope tables that compiler emits written
 * here by hand (mingw cannot produce them): msvcrt's _except_handler3 runs
 * a filter with the function's ebp (GetExceptionInformation at [ebp-14h]),
 * EXCEPTION_EXECUTE_HANDLER unwinds the frames above (_global_unwind2) and
 * the function's own __try levels (_local_unwind2, each __finally once)
 * before the __except block, EXCEPTION_CONTINUE_EXECUTION resumes after
 * the raise, EXCEPTION_CONTINUE_SEARCH passes the exception to an outer
 * frame whose unwind runs the inner frame's __finally; _local_unwind2
 * called by the function itself (a return out of a __try/__finally); and
 * vcruntime140's _except_handler3/_local_unwind2 (the same code, in that
 * DLL's image). msvcrt's _abnormal_termination (AbnormalTermination() in a
 * __finally) is 1 in every __finally _local_unwind2 runs and 0 in one the
 * function calls on leaving its __try normally. */
#include <stdint.h>
#include <stdio.h>
#include <windows.h>

typedef struct { uint32_t previous; const void *filter, *handler; } scope_entry;

int seh3_run(void (*body)(uint32_t), uint32_t arg, int level);
int seh3_local(void);
int seh3_normal(void);
extern char seh3_filter[], seh3_except[], seh3_finally[];
const scope_entry scope3[2] = { { 0xFFFFFFFFu, seh3_filter, seh3_except }, { 0, 0, seh3_finally } };

void *p_except_handler3, *p_local_unwind2;
static int(__cdecl *p_abnormal_termination)(void); /* msvcrt's; vcruntime140 has none */
static int search_once; /* the filter's answer to 0xE0000004: search on, once */

void on_finally(void)
{
    if (p_abnormal_termination)
        printf("  __finally ran, abnormal %d\n", p_abnormal_termination());
    else
        printf("  __finally ran\n");
}

int seh3_filter_c(const EXCEPTION_POINTERS *ep)
{
    DWORD code = ep->ExceptionRecord->ExceptionCode;
    printf("  filter sees %#lx\n", (unsigned long)code);
    if (code == 0xE0000003u)
        return EXCEPTION_CONTINUE_EXECUTION;
    if (code == 0xE0000004u && !search_once++)
        return EXCEPTION_CONTINUE_SEARCH;
    return EXCEPTION_EXECUTE_HANDLER;
}

static void raise_seh(uint32_t code)
{
    RaiseException(code, 0, 0, NULL);
    printf("  execution continued after RaiseException(%#lx)\n", (unsigned long)code);
}

static void nested(uint32_t code) { printf("  inner returned %d\n", seh3_run(raise_seh, code, 1)); }

static void run_all(const char *dll)
{
    HMODULE m = LoadLibraryA(dll);
    p_except_handler3 = (void *)GetProcAddress(m, "_except_handler3");
    p_local_unwind2 = (void *)GetProcAddress(m, "_local_unwind2");
    p_abnormal_termination = (int(__cdecl *)(void))GetProcAddress(m, "_abnormal_termination");
    printf("-- %s: _except_handler3 %s\n", dll, p_except_handler3 && p_local_unwind2 ? "found" : "MISSING");
    printf("execute handler from level 1:\n");
    printf("  returned %d\n", seh3_run(raise_seh, 0xE0000002u, 1));
    printf("continue execution:\n");
    printf("  returned %d\n", seh3_run(raise_seh, 0xE0000003u, 0));
    printf("continue search, caught outside:\n");
    search_once = 0;
    printf("  outer returned %d\n", seh3_run(nested, 0xE0000004u, 0));
    printf("_local_unwind2 from level 1:\n");
    printf("  left level %d\n", seh3_local());
    printf("__try left normally:\n");
    printf("  left level %d\n", seh3_normal());
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    run_all("msvcrt.dll");
    run_all("vcruntime140.dll");
    return 0;
}

/* SEH3 frame: [ebp-4] try level, [ebp-8] scope table, [ebp-0Ch] handler,
 * [ebp-10h] next, [ebp-14h] exception pointers, [ebp-18h] saved esp */
__asm__(".intel_syntax noprefix\n"
        ".text\n"
        ".macro SEH3_PROLOGUE\n"
        "  push ebp\n  mov ebp, esp\n  push -1\n  push offset _scope3\n  push dword ptr [_p_except_handler3]\n"
        "  push dword ptr fs:[0]\n  mov dword ptr fs:[0], esp\n  sub esp, 8\n  push ebx\n  push esi\n  push edi\n"
        "  mov [ebp-0x18], esp\n"
        ".endm\n"
        ".macro SEH3_EPILOGUE\n"
        "  mov ecx, [ebp-0x10]\n  mov dword ptr fs:[0], ecx\n  pop edi\n  pop esi\n  pop ebx\n"
        "  mov esp, ebp\n  pop ebp\n  ret\n"
        ".endm\n"
        /* int seh3_run(body, arg, level): 1 if the __except block ran */
        ".globl _seh3_run\n"
        "_seh3_run:\n"
        "  SEH3_PROLOGUE\n"
        "  mov eax, [ebp+16]\n  mov [ebp-4], eax\n"
        "  push dword ptr [ebp+12]\n  call dword ptr [ebp+8]\n  add esp, 4\n"
        "  mov dword ptr [ebp-4], -1\n  xor eax, eax\n"
        "seh3_out:\n"
        "  SEH3_EPILOGUE\n"
        ".globl _seh3_except\n_seh3_except:\n  mov esp, [ebp-0x18]\n  mov eax, 1\n  jmp seh3_out\n"
        ".globl _seh3_filter\n_seh3_filter:\n  push dword ptr [ebp-0x14]\n"
        "  call _seh3_filter_c\n  add esp, 4\n  ret\n"
        ".globl _seh3_finally\n_seh3_finally:\n  call _on_finally\n  ret\n"
        /* int seh3_local(void): enters level 1, leaves through _local_unwind2 */
        ".globl _seh3_local\n"
        "_seh3_local:\n"
        "  SEH3_PROLOGUE\n"
        "  mov dword ptr [ebp-4], 1\n"
        "  push -1\n  lea eax, [ebp-0x10]\n  push eax\n"
        "  call dword ptr [_p_local_unwind2]\n  add esp, 8\n  mov eax, [ebp-4]\n"
        "  SEH3_EPILOGUE\n"
        /* int seh3_normal(void): enters level 1, leaves it as the compiler
         * does at the end of a __try: level 0, then its __finally in line */
        ".globl _seh3_normal\n"
        "_seh3_normal:\n"
        "  SEH3_PROLOGUE\n"
        "  mov dword ptr [ebp-4], 1\n"
        "  mov dword ptr [ebp-4], 0\n  call _seh3_finally\n  mov eax, [ebp-4]\n"
        "  SEH3_EPILOGUE\n"
        ".att_syntax prefix\n");
