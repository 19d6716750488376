/* cxx_eh_tables.c - proves vcruntime140's C++ exception handling and SEH4
 * with the tables Visual C++ emits, written here by hand (mingw cannot
 * produce them): functions with MSVC's frame layout (file-scope assembly)
 * whose handler thunks load a FuncInfo and jump to __CxxFrameHandler3.
 * Covered: throw/catch across frames with a destructor of the frame in
 * between run during the unwind (before the catch block), catch clause
 * order and type matching (a non-matching clause skipped), catch by value
 * (int; a class through its copy constructor), a derived object caught as
 * a base reference (pointer adjusted by the CatchableType's displacement),
 * the unwind map of the catching frame itself, rethrow (`throw;`) caught
 * further out with the object destroyed exactly once, catch(...) taking an
 * SEH exception under /EHa tables but not under /EHs ones, the type_info
 * and std::exception helpers, vcruntime140's memcpy/strstr (msvcrt's code
 * in its image), _except_handler4_common (filter, __finally
 * run by the unwind before the __except block, EXCEPTION_CONTINUE_EXECUTION)
 * and _local_unwind4; last, an exception leaving a noexcept function calls
 * std::terminate, whose handler (set_terminate) ends the program with 0x7E.
 * Before that, _set_se_translator: an SEH exception reaching a frame with a
 * try block under /EHa tables goes through the thread's translator, whose
 * C++ exception that frame's catch clauses take; a frame that does not
 * catch it lets the SEH exception go on, and the next frame calls the
 * translator again; a translator that returns leaves catch(...) the SEH
 * exception; /EHs frames never call it. And _is_exception_typeof.
 * With GS_FAILURE_TEST (cxx_eh_gs.c) the frame's /GS cookie is corrupted:
 * _except_handler4_common's cookie check reports it through
 * __report_gsfailure, which ends the process with 0xC0000409. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

/* ---- the MSVC tables (their layouts: syscalls/vcruntime140/struct32.h) ---- */
typedef struct { const void *vftable; void *spare; char name[24]; } type_descriptor;
typedef struct { int mdisp, pdisp, vdisp; } pmd;
typedef struct { uint32_t properties; const type_descriptor *type; pmd disp; int size; const void *copy; } catchable_type;
typedef struct { int count; const catchable_type *types[3]; } catchable_type_array;
typedef struct { uint32_t attributes; const void *unwind; const void *forward; const catchable_type_array *cta; } throw_info;
typedef struct { uint32_t adjectives; const type_descriptor *type; int disp; const void *handler; } handler_type;
typedef struct { int low, high, catch_high, count; const handler_type *handlers; } try_block;
typedef struct { int to_state; const void *action; } unwind_entry;
typedef struct { uint32_t magic; int max_state; const unwind_entry *unwind; uint32_t ntry; const try_block *tries;
                 uint32_t nip; const void *ip; const void *es; int flags; } func_info;
typedef struct { uint32_t gs, gs_xor, eh, eh_xor; struct { uint32_t enclosing; const void *filter, *handler; } rec[2]; } scope_table4;

#define DEF_TD(var, nm) static const type_descriptor var = { 0, 0, nm }
DEF_TD(td_int, ".H");
DEF_TD(td_double, ".N");
DEF_TD(td_base, ".?AUBase@@");
DEF_TD(td_derived, ".?AUDerived@@");
DEF_TD(td_other, ".?AUOther@@");

/* Derived { magic; Base { id } } : the Base part is 4 bytes in */
struct base { uint32_t id; };
struct derived { uint32_t magic; struct base b; };
static int copies, destroyed;
static void __attribute__((thiscall)) derived_copy(struct derived *self, const struct derived *from)
{
    *self = *from;
    copies++;
}
static void __attribute__((thiscall)) derived_dtor(struct derived *self)
{
    (void)self;
    destroyed++;
}

static const catchable_type ct_int = { 1, &td_int, { 0, -1, 0 }, 4, 0 };
static const catchable_type ct_derived = { 0, &td_derived, { 0, -1, 0 }, 8, (const void *)derived_copy };
static const catchable_type ct_base = { 0, &td_base, { 4, -1, 0 }, 4, 0 };
static const catchable_type_array cta_int = { 1, { &ct_int } };
static const catchable_type_array cta_derived = { 2, { &ct_derived, &ct_base } };
static const throw_info ti_int = { 0, 0, 0, &cta_int };
static const throw_info ti_derived = { 0, (const void *)derived_dtor, 0, &cta_derived };

/* funclets and frames (assembly below) */
extern char catch_double[], catch_int[], catch_base_ref[], catch_other_ref[], catch_derived_val[],
    catch_derived_rethrow[], catch_all[], unwind_b[], unwind_c[];
extern char fh_int[], fh_dtor_only[], fh_class[], fh_byval[], fh_rethrow[], fh_any[], fh_any_ehs[], fh_local[],
    fh_noexcept[];
extern char seh4_filter[], seh4_except[], seh4_finally[];
int eh_run(const void *thunk, void (*body)(uint32_t), uint32_t arg, int state);
int seh4_run(void (*body)(uint32_t), uint32_t arg, int level);
int seh4_local(void);

#define MAGIC_VC6 0x19930520u
#define MAGIC_VC8 0x19930522u

static const handler_type h_int[] = { { 0, &td_double, -0x14, catch_double }, { 0, &td_int, -0x14, catch_int } };
static const handler_type h_class[] = { { 8, &td_other, -0x14, catch_other_ref }, { 8, &td_base, -0x14, catch_base_ref } };
static const handler_type h_byval[] = { { 0, &td_derived, -0x20, catch_derived_val } };
static const handler_type h_rethrow[] = { { 8, &td_derived, -0x14, catch_derived_rethrow } };
static const handler_type h_any[] = { { 0, 0, 0, catch_all } };
static const try_block try_int = { 0, 0, 1, 2, h_int };
static const try_block try_class = { 0, 0, 1, 2, h_class };
static const try_block try_byval = { 0, 0, 1, 1, h_byval };
static const try_block try_rethrow = { 0, 0, 1, 1, h_rethrow };
static const try_block try_any = { 0, 0, 1, 1, h_any };
static const try_block try_local = { 0, 1, 2, 2, h_int };
static const unwind_entry map_try[] = { { -1, 0 } };
static const unwind_entry map_dtor_only[] = { { -1, unwind_b } };
static const unwind_entry map_local[] = { { -1, 0 }, { 0, unwind_c } };

const func_info fi_int = { MAGIC_VC6, 1, map_try, 1, &try_int, 0, 0, 0, 0 };
const func_info fi_dtor_only = { MAGIC_VC6, 1, map_dtor_only, 0, 0, 0, 0, 0, 0 };
const func_info fi_class = { MAGIC_VC6, 1, map_try, 1, &try_class, 0, 0, 0, 0 };
const func_info fi_byval = { MAGIC_VC6, 1, map_try, 1, &try_byval, 0, 0, 0, 0 };
const func_info fi_rethrow = { MAGIC_VC6, 1, map_try, 1, &try_rethrow, 0, 0, 0, 0 };
const func_info fi_any = { MAGIC_VC6, 1, map_try, 1, &try_any, 0, 0, 0, 0 };
const func_info fi_any_ehs = { MAGIC_VC8, 1, map_try, 1, &try_any, 0, 0, 0, 1 /* FI_EHS_FLAG */ };
const func_info fi_local = { MAGIC_VC6, 2, map_local, 1, &try_local, 0, 0, 0, 0 };
const func_info fi_noexcept = { MAGIC_VC8, 0, 0, 0, 0, 0, 0, 0, 4 /* FI_EHNOEXCEPT_FLAG */ };

/* ---- vcruntime140 and ucrtbase entry points ---- */
void *p_CxxFrameHandler3;
static void(__stdcall *p_throw)(void *, const throw_info *);
static void **(__cdecl *p_current_exception)(void);
static const char *(__cdecl *p_type_name)(void *, void *);
static int(__cdecl *p_type_compare)(const void *, const void *);
static size_t(__cdecl *p_type_hash)(const void *);
static void(__cdecl *p_type_destroy)(void *);
static void(__cdecl *p_exc_copy)(const void *, void *);
static void(__cdecl *p_exc_destroy)(void *);
static int(__cdecl *p_eh4_common)(uint32_t *, void(__fastcall *)(uint32_t), void *, void *, void *, void *);
void *p_local_unwind4;
static void(__cdecl *p_report_gsfailure)(void);
static void *(__cdecl *p_set_terminate)(void (*)(void));
typedef void(__cdecl *se_translator)(unsigned, EXCEPTION_POINTERS *);
static se_translator(__cdecl *p_set_se_translator)(se_translator);
static int(__cdecl *p_is_exception_typeof)(const type_descriptor *, EXCEPTION_POINTERS *);

uint32_t security_cookie = 0xBB40E64Eu;

static void __fastcall check_cookie(uint32_t cookie)
{
    if (cookie != security_cookie)
        p_report_gsfailure(); /* as the static CRT's __security_check_cookie does */
}

int __cdecl except_handler4(void *rec, void *frame, void *ctx, void *dc)
{
    return p_eh4_common(&security_cookie, check_cookie, rec, frame, ctx, dc);
}

/* ---- what the funclets report ---- */
static uint32_t thrown_at;

void on_catch(int which, uint32_t ebp)
{
    switch (which) {
    case 1: printf("WRONG: catch(double) took an int\n"); break;
    case 2: printf("catch(int) got %d\n", *(int *)(ebp - 0x14)); break;
    case 3: {
        struct base *b = *(struct base **)(ebp - 0x14);
        printf("catch(Base &) got id %u, %s\n", b->id,
               (uint32_t)b == thrown_at + 4 ? "the Base part of the thrown object" : "WRONG address");
        break;
    }
    case 4: printf("WRONG: catch(Other &) took a Derived\n"); break;
    case 5: {
        struct derived *d = (struct derived *)(ebp - 0x20);
        printf("catch(Derived) got a copy: magic %#x id %u, copies %d, %s\n", d->magic, d->b.id, copies,
               (uint32_t)d != thrown_at ? "not the thrown object" : "WRONG: the thrown object");
        break;
    }
    case 6:
        printf("catch(Derived &) rethrows\n");
        p_throw(NULL, NULL);
        printf("WRONG: throw; returned\n");
        break;
    case 7: printf("catch(...) caught it\n"); break;
    }
}

void on_unwind(int which) { printf("unwind: %s destroyed\n", which == 1 ? "B (frame above)" : "C (catching frame)"); }

void on_finally(void) { printf("seh4: __finally ran\n"); }

int seh4_filter_c(uint32_t code)
{
    printf("seh4: filter sees %#lx\n", (unsigned long)code);
    return code == 0xE0000003u ? -1 : code == 0xE0000002u ? 1 : 0;
}

/* ---- bodies run inside the frames ---- */
static void throw_int(uint32_t v)
{
    int obj = (int)v;
    p_throw(&obj, &ti_int);
}

static void throw_int_through_frame(uint32_t v) { eh_run(fh_dtor_only, throw_int, v, 0); }

static void throw_derived(uint32_t id)
{
    struct derived obj = { 0xD0D0, { id } };
    thrown_at = (uint32_t)&obj;
    p_throw(&obj, &ti_derived);
}

static void rethrow_inside(uint32_t id)
{
    int r = eh_run(fh_rethrow, throw_derived, id, 0);
    printf("WRONG: the rethrowing frame returned %d\n", r);
}

static void raise_seh(uint32_t code)
{
    RaiseException(code, 0, 0, NULL);
    printf("seh4: execution continued after RaiseException(%#lx)\n", (unsigned long)code);
}

static void ehs_inside(uint32_t code)
{
    eh_run(fh_any_ehs, raise_seh, code, 0);
    printf("WRONG: /EHs catch(...) took an SEH exception\n");
}

static void __cdecl translate_to_int(unsigned code, EXCEPTION_POINTERS *ep)
{
    printf("translator: %#x, record %s\n", code, ep->ExceptionRecord->ExceptionCode == code ? "matches" : "WRONG");
    int obj = (int)(code & 0xFF);
    p_throw(&obj, &ti_int);
}

static void __cdecl translate_nothing(unsigned code, EXCEPTION_POINTERS *ep)
{
    (void)ep;
    printf("translator: %#x, returns\n", code);
}

static void through_class_frame(uint32_t code)
{
    eh_run(fh_class, raise_seh, code, 0);
    printf("WRONG: the class frame returned\n");
}

static void se_translation(void)
{
    printf("no translator before: %s\n", p_set_se_translator(translate_to_int) == NULL ? "yes" : "NO");
    printf("returned %d\n", eh_run(fh_int, raise_seh, 0xE0000011u, 0));
    printf("through a frame that does not catch int:\n");
    printf("returned %d\n", eh_run(fh_int, through_class_frame, 0xE0000012u, 0));
    printf("previous translator returned: %s\n",
           p_set_se_translator(translate_nothing) == translate_to_int ? "yes" : "NO");
    printf("returned %d\n", eh_run(fh_any, raise_seh, 0xE0000013u, 0));
    printf("/EHs frame inside:\n");
    printf("returned %d\n", eh_run(fh_any, ehs_inside, 0xE0000014u, 0));
    p_set_se_translator(NULL);

    struct derived obj = { 0xD0D0, { 1 } };
    EXCEPTION_RECORD r = { 0xE06D7363u, EXCEPTION_NONCONTINUABLE, NULL, NULL, 3,
                           { 0x19930520u, (ULONG_PTR)&obj, (ULONG_PTR)&ti_derived } };
    EXCEPTION_RECORD seh = { 0xC0000005u, 0, NULL, NULL, 0, { 0 } };
    EXCEPTION_POINTERS ep = { &r, NULL }, ep_seh = { &seh, NULL };
    printf("_is_exception_typeof: Derived %d, Base %d, int %d, an SEH exception %d\n",
           p_is_exception_typeof(&td_derived, &ep), p_is_exception_typeof(&td_base, &ep),
           p_is_exception_typeof(&td_int, &ep), p_is_exception_typeof(&td_base, &ep_seh));
}

static void my_terminate(void)
{
    printf("terminate handler called\n");
    fflush(stdout);
    ExitProcess(0x7E);
}

static void load(void)
{
    HMODULE vc = LoadLibraryA("vcruntime140.dll"), ucrt = LoadLibraryA("ucrtbase.dll");
#define GET(var, mod, name) *(FARPROC *)&(var) = GetProcAddress(mod, name)
    GET(p_CxxFrameHandler3, vc, "__CxxFrameHandler3");
    GET(p_throw, vc, "_CxxThrowException");
    GET(p_current_exception, vc, "__current_exception");
    GET(p_type_name, vc, "__std_type_info_name");
    GET(p_type_compare, vc, "__std_type_info_compare");
    GET(p_type_hash, vc, "__std_type_info_hash");
    GET(p_type_destroy, vc, "__std_type_info_destroy_list");
    GET(p_exc_copy, vc, "__std_exception_copy");
    GET(p_exc_destroy, vc, "__std_exception_destroy");
    GET(p_eh4_common, vc, "_except_handler4_common");
    GET(p_local_unwind4, vc, "_local_unwind4");
    GET(p_report_gsfailure, vc, "__report_gsfailure");
    GET(p_set_terminate, ucrt, "set_terminate");
    GET(p_set_se_translator, vc, "_set_se_translator");
    GET(p_is_exception_typeof, vc, "_is_exception_typeof");
    printf("vcruntime140 loaded: %s\n", vc && p_CxxFrameHandler3 && p_throw && p_eh4_common && p_set_terminate ? "yes" : "NO");
}

static void type_info_helpers(void)
{
    struct { const char *undecorated; char name[24]; } a = { 0, ".?AVWidget@ui@@" }, b = { 0, ".?AVWidget@ui@@" },
                                                      c = { 0, ".H" }, d = { 0, ".PBD" };
    struct { void *next; unsigned short depth, seq; } root = { 0, 0, 0 };
    printf("type_info name: %s / %s / %s\n", p_type_name(&a, &root), p_type_name(&c, &root), p_type_name(&d, &root));
    printf("type_info name kept: %s, compare equal %d, compare int %s, hashes equal %d\n",
           a.undecorated == p_type_name(&a, &root) ? "yes" : "no", p_type_compare(&a, &b),
           p_type_compare(&a, &c) ? "differs" : "WRONG", p_type_hash(&a) == p_type_hash(&b));
    p_type_destroy(&root);
    printf("type_info list freed: %s\n", root.next == NULL ? "yes" : "no");
    struct { const char *what; char do_free; } e1 = { "bad thing", 1 }, e2 = { 0, 0 }, lit = { "literal", 0 }, e3;
    p_exc_copy(&e1, &e2);
    p_exc_copy(&lit, &e3);
    printf("exception copy: \"%s\" owned %d %s; literal shared %s\n", e2.what, e2.do_free,
           e2.what != e1.what ? "(a copy)" : "WRONG", e3.what == lit.what && !e3.do_free ? "yes" : "no");
    p_exc_destroy(&e2);
    printf("exception destroy: %s\n", e2.what == NULL && !e2.do_free ? "cleared" : "WRONG");
    /* vcruntime140's string functions are msvcrt's code, in its own image */
    HMODULE vc = GetModuleHandleA("vcruntime140.dll");
    void *(__cdecl *vc_memcpy)(void *, const void *, size_t) = (void *)GetProcAddress(vc, "memcpy");
    char *(__cdecl *vc_strstr)(const char *, const char *) = (void *)GetProcAddress(vc, "strstr");
    char copy[8] = "";
    static const char hay[] = "needle in a haystack";
    printf("vcruntime140 memcpy \"%s\", strstr at %d, code inside vcruntime140: %s\n",
           (char *)vc_memcpy(copy, "abcdef", 7), (int)(vc_strstr(hay, "a hay") - hay),
           (char *)vc_memcpy > (char *)vc && (char *)vc_memcpy < (char *)vc + 0x100000 ? "yes" : "no");
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    load();
#ifdef GS_FAILURE_TEST
    printf("raising with a corrupted /GS cookie\n");
    seh4_run(raise_seh, 0xE0000002u, 100); /* level 100: corrupt the cookie first */
    printf("WRONG: still running\n");
    return 1;
#else
    printf("-- across frames\n");
    printf("returned %d\n", eh_run(fh_int, throw_int_through_frame, 42, 0));
    printf("-- class hierarchy\n");
    int r = eh_run(fh_class, throw_derived, 7, 0);
    printf("returned %d, destroyed %d\n", r, destroyed);
    printf("-- by value\n");
    r = eh_run(fh_byval, throw_derived, 8, 0);
    printf("returned %d, destroyed %d\n", r, destroyed);
    printf("-- local unwind\n");
    printf("returned %d\n", eh_run(fh_local, throw_int, 5, 1));
    printf("-- rethrow\n");
    destroyed = 0;
    r = eh_run(fh_any, rethrow_inside, 9, 0);
    printf("returned %d, destroyed %d, current exception afterwards %s\n", r, destroyed,
           *p_current_exception() == NULL ? "none" : "WRONG");
    printf("-- SEH exceptions and catch(...)\n");
    printf("/EHa returned %d\n", eh_run(fh_any, raise_seh, 0xE0000001u, 0));
    printf("/EHs inside /EHa returned %d\n", eh_run(fh_any, ehs_inside, 0xE0000001u, 0));
    printf("-- helpers\n");
    type_info_helpers();
    printf("-- SEH4\n");
    printf("returned %d\n", seh4_run(raise_seh, 0xE0000002u, 1));
    printf("returned %d\n", seh4_run(raise_seh, 0xE0000003u, 0));
    printf("_local_unwind4 left level %d\n", seh4_local());
    printf("-- SE translator\n");
    se_translation();
    printf("-- noexcept\n");
    p_set_terminate(my_terminate);
    eh_run(fh_noexcept, throw_int, 1, 0);
    printf("WRONG: survived\n");
    return 1;
#endif
}

/* ---- MSVC-layout frames and funclets ---- */
__asm__(".intel_syntax noprefix\n"
        ".text\n"
        /* int eh_run(thunk, body, arg, state): a C++ function's frame:
         * [ebp-4] state, [ebp-8] handler, [ebp-0Ch] next, [ebp-10h] saved
         * esp; catch variables at [ebp-14h] and [ebp-20h] */
        ".globl _eh_run\n"
        "_eh_run:\n"
        "  push ebp\n  mov ebp, esp\n  push -1\n  push dword ptr [ebp+8]\n"
        "  push dword ptr fs:[0]\n  mov dword ptr fs:[0], esp\n  sub esp, 0x30\n"
        "  push ebx\n  push esi\n  push edi\n  mov [ebp-0x10], esp\n"
        "  mov eax, [ebp+20]\n  mov [ebp-4], eax\n"
        "  push dword ptr [ebp+16]\n  call dword ptr [ebp+12]\n  add esp, 4\n"
        "  mov dword ptr [ebp-4], -1\n  xor eax, eax\n"
        "eh_run_out:\n"
        "  mov ecx, [ebp-0xC]\n  mov dword ptr fs:[0], ecx\n"
        "  pop edi\n  pop esi\n  pop ebx\n  mov esp, ebp\n  pop ebp\n  ret\n"
        "eh_run_caught:\n  mov eax, 1\n  jmp eh_run_out\n"
        /* catch blocks: report, return where to continue */
        ".macro CATCH name, n\n"
        ".globl _\\name\n"
        "_\\name:\n  push ebp\n  push \\n\n  call _on_catch\n  add esp, 8\n  mov eax, offset eh_run_caught\n  ret\n"
        ".endm\n"
        "CATCH catch_double, 1\nCATCH catch_int, 2\nCATCH catch_base_ref, 3\nCATCH catch_other_ref, 4\n"
        "CATCH catch_derived_val, 5\nCATCH catch_derived_rethrow, 6\nCATCH catch_all, 7\n"
        ".globl _unwind_b\n_unwind_b:\n  push 1\n  call _on_unwind\n  add esp, 4\n  ret\n"
        ".globl _unwind_c\n_unwind_c:\n  push 2\n  call _on_unwind\n  add esp, 4\n  ret\n"
        /* handler thunks: FuncInfo in eax */
        ".macro THUNK name, fi\n"
        ".globl _\\name\n"
        "_\\name:\n  mov eax, offset _\\fi\n  jmp dword ptr [_p_CxxFrameHandler3]\n"
        ".endm\n"
        "THUNK fh_int, fi_int\nTHUNK fh_dtor_only, fi_dtor_only\nTHUNK fh_class, fi_class\n"
        "THUNK fh_byval, fi_byval\nTHUNK fh_rethrow, fi_rethrow\nTHUNK fh_any, fi_any\n"
        "THUNK fh_any_ehs, fi_any_ehs\nTHUNK fh_local, fi_local\nTHUNK fh_noexcept, fi_noexcept\n"
        /* SEH4 frame: [ebp-4] try level, [ebp-8] scope table ^ cookie,
         * [ebp-0Ch] handler, [ebp-10h] next, [ebp-14h] exception
         * pointers, [ebp-18h] saved esp, [ebp-1Ch] EH cookie, [ebp-20h]
         * /GS cookie */
        ".macro SEH4_PROLOGUE\n"
        "  push ebp\n  mov ebp, esp\n  push -2\n  push offset _scope4\n  push offset _except_handler4\n"
        "  push dword ptr fs:[0]\n  sub esp, 0x10\n  push ebx\n  push esi\n  push edi\n"
        "  mov eax, [_security_cookie]\n  xor [ebp-8], eax\n  xor eax, ebp\n  mov [ebp-0x1C], eax\n"
        "  mov [ebp-0x20], eax\n  mov [ebp-0x18], esp\n  lea eax, [ebp-0x10]\n  mov dword ptr fs:[0], eax\n"
        ".endm\n"
        ".macro SEH4_EPILOGUE\n"
        "  mov ecx, [ebp-0x10]\n  mov dword ptr fs:[0], ecx\n  pop edi\n  pop esi\n  pop ebx\n"
        "  mov esp, ebp\n  pop ebp\n  ret\n"
        ".endm\n"
        /* int seh4_run(body, arg, level): 1 if the __except block ran */
        ".globl _seh4_run\n"
        "_seh4_run:\n"
        "  SEH4_PROLOGUE\n"
        "  mov eax, [ebp+16]\n  cmp eax, 100\n  jne 1f\n  mov dword ptr [ebp-0x20], 0\n  xor eax, eax\n1:\n"
        "  mov [ebp-4], eax\n"
        "  push dword ptr [ebp+12]\n  call dword ptr [ebp+8]\n  add esp, 4\n"
        "  mov dword ptr [ebp-4], -2\n  xor eax, eax\n"
        "seh4_out:\n"
        "  SEH4_EPILOGUE\n"
        ".globl _seh4_except\n_seh4_except:\n  mov esp, [ebp-0x18]\n  mov eax, 1\n  jmp seh4_out\n"
        ".globl _seh4_filter\n_seh4_filter:\n  mov eax, [ebp-0x14]\n  mov eax, [eax]\n  push dword ptr [eax]\n"
        "  call _seh4_filter_c\n  add esp, 4\n  ret\n"
        ".globl _seh4_finally\n_seh4_finally:\n  call _on_finally\n  ret\n"
        /* int seh4_local(void): enters level 1, leaves through _local_unwind4 */
        ".globl _seh4_local\n"
        "_seh4_local:\n"
        "  SEH4_PROLOGUE\n"
        "  mov dword ptr [ebp-4], 1\n"
        "  push -2\n  lea eax, [ebp-0x10]\n  push eax\n  push offset _security_cookie\n"
        "  call dword ptr [_p_local_unwind4]\n  add esp, 12\n  mov eax, [ebp-4]\n"
        "  SEH4_EPILOGUE\n"
        ".att_syntax prefix\n");

const scope_table4 scope4 = { 0xFFFFFFE0u, 0, 0xFFFFFFE4u, 0,
                              { { 0xFFFFFFFEu, seh4_filter, seh4_except }, { 0, 0, seh4_finally } } };
