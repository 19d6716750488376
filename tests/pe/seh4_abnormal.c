/* seh4_abnormal.c - proves AbnormalTermination() in SEH4 __finally blocks:
 * the Universal CRT's __intrinsic_abnormal_termination (ucrtbase) sees the
 * registration vcruntime140's local unwind puts at the head of fs:[0]
 * while it runs a __finally, in frames with Visual C++'s SEH4 layout
 * (file-scope assembly; mingw cannot emit them) and scope tables written
 * by hand: a __try { __try { body } __finally { report } } __except
 * (filter) { } function. Its __finally reports 0 when the body returns
 * (the function calls the funclet itself), 1 when _local_unwind4 runs it
 * (a return out of the __try), 1 when the exception its own __except
 * takes unwinds it (_except_handler4_common), and 1 in the inner frame of
 * two when the outer frame's __except takes the exception (the global
 * unwind calls the inner frame's handler); fs:[0] is the same after each. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

typedef struct {
    uint32_t gs, gs_xor, eh, eh_xor;
    struct { uint32_t enclosing; const void *filter, *handler; } rec[2];
} scope_table4;

static int(__cdecl *p_eh4_common)(uint32_t *, void(__fastcall *)(uint32_t), void *, void *, void *, void *);
void *p_local_unwind4;
static int(__cdecl *p_abnormal)(void);

uint32_t security_cookie = 0x5EC4C00Cu;

static void __fastcall check_cookie(uint32_t cookie)
{
    if (cookie != security_cookie) {
        printf("cookie check failed\n");
        exit(3);
    }
}

int __cdecl except_handler4(void *rec, void *frame, void *ctx, void *dc)
{
    return p_eh4_common(&security_cookie, check_cookie, rec, frame, ctx, dc);
}

/* the funclets (assembly below) call these with the frame's label */
void on_finally(const char *label) { printf("%s: __finally, AbnormalTermination() = %d\n", label, p_abnormal()); }

int on_filter(uint32_t code, uint32_t catches) { return code == catches ? EXCEPTION_EXECUTE_HANDLER : EXCEPTION_CONTINUE_SEARCH; }

extern char seh4_filter[], seh4_except[], seh4_finally[];
/* 1 if the __except block ran, 0 if the body returned */
int seh4_frame(void (*body)(uint32_t), uint32_t arg, uint32_t catches, const char *label);
/* enters both __try levels and leaves them through _local_unwind4 */
int seh4_leave(const char *label);

const scope_table4 scope4 = { 0xFFFFFFE0u, 0, 0xFFFFFFE4u, 0,
                              { { 0xFFFFFFFEu, seh4_filter, seh4_except }, { 0, 0, seh4_finally } } };

__asm__(".intel_syntax noprefix\n"
        /* SEH4 frame: [ebp-4] try level, [ebp-8] scope table ^ cookie,
         * [ebp-0Ch] handler, [ebp-10h] next, [ebp-14h] exception
         * pointers, [ebp-18h] saved esp, [ebp-1Ch] EH cookie, [ebp-20h]
         * /GS cookie, [ebp-24h] the label, [ebp-28h] the code it catches */
        ".macro SEH4_PROLOGUE\n"
        "  push ebp\n  mov ebp, esp\n  push -2\n  push offset _scope4\n  push offset _except_handler4\n"
        "  push dword ptr fs:[0]\n  sub esp, 0x18\n  push ebx\n  push esi\n  push edi\n"
        "  mov eax, [_security_cookie]\n  xor [ebp-8], eax\n  xor eax, ebp\n  mov [ebp-0x1C], eax\n"
        "  mov [ebp-0x20], eax\n  mov [ebp-0x18], esp\n  lea eax, [ebp-0x10]\n  mov dword ptr fs:[0], eax\n"
        ".endm\n"
        ".macro SEH4_EPILOGUE\n"
        "  mov ecx, [ebp-0x10]\n  mov dword ptr fs:[0], ecx\n  pop edi\n  pop esi\n  pop ebx\n"
        "  mov esp, ebp\n  pop ebp\n  ret\n"
        ".endm\n"
        ".globl _seh4_frame\n"
        "_seh4_frame:\n"
        "  SEH4_PROLOGUE\n"
        "  mov eax, [ebp+20]\n  mov [ebp-0x24], eax\n  mov eax, [ebp+16]\n  mov [ebp-0x28], eax\n"
        "  mov dword ptr [ebp-4], 1\n"
        "  push dword ptr [ebp+12]\n  call dword ptr [ebp+8]\n  add esp, 4\n"
        /* the body returned: leave the inner __try and run its __finally */
        "  mov dword ptr [ebp-4], 0\n  call _seh4_finally\n"
        "  mov dword ptr [ebp-4], -2\n  xor eax, eax\n"
        "seh4_out:\n"
        "  SEH4_EPILOGUE\n"
        ".globl _seh4_except\n_seh4_except:\n  mov esp, [ebp-0x18]\n  mov dword ptr [ebp-4], -2\n"
        "  mov eax, 1\n  jmp seh4_out\n"
        ".globl _seh4_filter\n_seh4_filter:\n  push dword ptr [ebp-0x28]\n  mov eax, [ebp-0x14]\n"
        "  mov eax, [eax]\n  push dword ptr [eax]\n  call _on_filter\n  add esp, 8\n  ret\n"
        ".globl _seh4_finally\n_seh4_finally:\n  push dword ptr [ebp-0x24]\n  call _on_finally\n  add esp, 4\n  ret\n"
        ".globl _seh4_leave\n"
        "_seh4_leave:\n"
        "  SEH4_PROLOGUE\n"
        "  mov eax, [ebp+8]\n  mov [ebp-0x24], eax\n  mov dword ptr [ebp-4], 1\n"
        "  push -2\n  lea eax, [ebp-0x10]\n  push eax\n  push offset _security_cookie\n"
        "  call dword ptr [_p_local_unwind4]\n  add esp, 12\n  mov eax, [ebp-4]\n"
        "  SEH4_EPILOGUE\n"
        ".att_syntax prefix\n");

static void nothing(uint32_t arg) { (void)arg; }

static void raise_code(uint32_t code)
{
    RaiseException(code, 0, 0, NULL);
    printf("WRONG: RaiseException(%#lx) returned\n", (unsigned long)code);
}

static void inner_frame(uint32_t code)
{
    seh4_frame(raise_code, code, 0xE0000001u, "inner frame");
    printf("WRONG: the inner frame returned\n");
}

static uint32_t head(void) { return __readfsdword(0); }

int main(void)
{
    HMODULE vc = LoadLibraryA("vcruntime140.dll"), ucrt = LoadLibraryA("ucrtbase.dll");
    *(FARPROC *)&p_eh4_common = GetProcAddress(vc, "_except_handler4_common");
    *(FARPROC *)&p_local_unwind4 = GetProcAddress(vc, "_local_unwind4");
    *(FARPROC *)&p_abnormal = GetProcAddress(ucrt, "__intrinsic_abnormal_termination");
    if (!p_eh4_common || !p_local_unwind4 || !p_abnormal) {
        printf("missing exports\n");
        return 1;
    }
    uint32_t before = head();
    printf("body returns: %d\n", seh4_frame(nothing, 0, 0xE0000001u, "normal exit"));
    printf("_local_unwind4 left level %d\n", seh4_leave("_local_unwind4"));
    printf("own __except: %d\n", seh4_frame(raise_code, 0xE0000001u, 0xE0000001u, "own exception"));
    printf("outer __except: %d\n", seh4_frame(inner_frame, 0xE0000002u, 0xE0000002u, "outer frame"));
    printf("outside every __finally: %d\n", p_abnormal());
    printf("fs:[0] restored: %s\n", head() == before ? "yes" : "NO");
    return 0;
}
