/* Unit tests for the native CPU backend: tiny 32-bit snippets mapped through
 * the address-space map run on the real CPU; registers, the TEB selector,
 * thunks, nested calls, faults and the FPU set-up are checked. Skipped on
 * hosts where the backend is unavailable. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/guest_mem.h"
#include "core/ntstatus.h"
#include "core/vm.h"
#include "cpu/cpu.h"
#include "cpu/native.h"

#define CODE   0x00400000u
#define DATA   0x00410000u
#define STUBS  0x00420000u
#define TEB    0x00430000u
#define RWPAGE 0x00440000u
#define STACK  0x00500000u /* 64 KB */
#define FREE   0x00800000u

enum { T_STOP, T_ADD, T_NESTED, T_COUNT };

static const struct cpu_backend *cpu = &cpu_native;
static struct vm vm;
static struct cpu_thread *thr;
static bool available;
static struct cpu_context at_stop;
static uint32_t nested_result;

struct code {
    uint8_t b[512];
    size_t n;
    gaddr at;
};

static void emit(struct code *c, const uint8_t *bytes, size_t n)
{
    memcpy(c->b + c->n, bytes, n);
    c->n += n;
}
#define E(c, ...) emit(c, (const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ }))

static void emit32(struct code *c, uint32_t v)
{
    emit(c, (const uint8_t *)&v, 4);
}

static gaddr here(const struct code *c) { return c->at + (gaddr)c->n; }

static void call_to(struct code *c, gaddr target)
{
    E(c, 0xE8);
    emit32(c, target - (here(c) + 4));
}

static gaddr stub(uint32_t index) { return STUBS + index * CPU_STUB_SIZE; }

/* stdcall return from a thunk, as the dispatcher does it */
static void thunk_return(struct cpu_thread *t, uint32_t eax, uint32_t arg_bytes)
{
    uint32_t esp = cpu->get_reg(t, REG_ESP), ret = 0;
    gm_read_u32(esp, &ret);
    cpu->set_reg(t, REG_EAX, eax);
    cpu->set_reg(t, REG_ESP, esp + 4 + arg_bytes);
    cpu->set_reg(t, REG_EIP, ret);
}

static uint32_t arg(struct cpu_thread *t, unsigned i)
{
    uint32_t v = 0;
    gm_read_u32(cpu->get_reg(t, REG_ESP) + 4 + 4 * i, &v);
    return v;
}

static gaddr square_plus_one; /* guest stdcall fn(x): x*x, then add(x*x, 1) via a thunk */

static void test_thunk(struct cpu_thread *t, uint32_t index)
{
    switch (index) {
    case T_STOP:
        cpu->get_context(t, &at_stop);
        cpu->stop(t);
        return;
    case T_ADD:
        thunk_return(t, arg(t, 0) + arg(t, 1), 8);
        return;
    case T_NESTED: {
        uint32_t a = arg(t, 0), r = 0;
        struct cpu_exception exc;
        enum cpu_exit x = cpu->call(t, square_plus_one, &a, 1, false, &r, &exc);
        assert_int_equal(x, CPU_EXIT_RETURNED);
        nested_result = r;
        thunk_return(t, r * 2, 4);
        return;
    }
    default:
        fail_msg("unexpected thunk %u", index);
    }
}

static void map(gaddr at, uint32_t size, uint32_t prot)
{
    gaddr a = at;
    assert_int_equal(vm_alloc(&vm, &a, size, PAGE_READWRITE, 0), STATUS_SUCCESS);
    assert_int_equal(a, at);
    if (prot != PAGE_READWRITE)
        assert_int_equal(vm_protect(&vm, at, size, prot, NULL), STATUS_SUCCESS);
}

static void load_code(const struct code *c)
{
    assert_true(gm_write_force(c->at, c->b, c->n));
}

static int setup(void **state)
{
    (void)state;
    char why[256];
    available = cpu->available(why, sizeof why);
    if (!available) {
        fprintf(stderr, "native backend unavailable: %s\n", why);
        return 0;
    }
    if (vm_init_identity(&vm, false) != STATUS_SUCCESS)
        return -1;
    g_vm = &vm;
    vm.execute_readable = false;
    if (!cpu->init(&vm, &(struct cpu_hooks){ .thunk = test_thunk }, why, sizeof why))
        return -1;
    map(CODE, 0x10000, PAGE_EXECUTE_READ);
    map(DATA, 0x10000, PAGE_READWRITE);
    map(STUBS, 0x10000, PAGE_EXECUTE_READ);
    map(TEB, 0x10000, PAGE_READWRITE);
    map(RWPAGE, 0x10000, PAGE_READWRITE);
    map(STACK, 0x10000, PAGE_READWRITE);
    uint8_t stubs[(T_COUNT + 1) * CPU_STUB_SIZE];
    for (uint32_t i = 0; i < T_COUNT; i++)
        cpu->write_stub(stubs + i * CPU_STUB_SIZE, STUBS + i * CPU_STUB_SIZE, i, 0);
    assert_true(gm_write_force(STUBS, stubs, sizeof stubs));
    cpu->add_stub_range(STUBS, T_COUNT, 0);
    cpu->set_return_trap(stub(T_COUNT));
    gm_write_u32(TEB + 0x18, TEB); /* NT_TIB.Self */
    thr = cpu->thread_create(TEB);
    return thr ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    if (!available)
        return 0;
    cpu->thread_destroy(thr);
    cpu->shutdown();
    g_vm = NULL;
    vm_destroy(&vm);
    return 0;
}

/* cmocka installs its own SIGSEGV/SIGILL/SIGFPE handlers around each test. */
static void begin(void)
{
    char why[128];
    if (!available)
        skip();
    assert_true(native_install_signals(why, sizeof why));
}

static enum cpu_exit run_at(gaddr eip, struct cpu_exception *exc)
{
    struct cpu_context ctx = { 0 };
    ctx.eip = eip;
    ctx.esp = STACK + 0x10000 - 16;
    ctx.eflags = 0x202;
    return cpu->run(thr, &ctx, exc);
}

static void test_identity_map(void **state)
{
    (void)state;
    begin();
    assert_true(vm.identity);
    assert_ptr_equal(gm_ptr(DATA, 4, true), (void *)(uintptr_t)DATA);
    *(volatile uint32_t *)(uintptr_t)DATA = 0x1234;
    uint32_t v = 0;
    assert_true(gm_read_u32(DATA, &v));
    assert_int_equal(v, 0x1234);
}

static void test_registers_and_teb(void **state)
{
    (void)state;
    begin();
    struct code c = { .at = CODE };
    E(&c, 0x64, 0xA1, 0x18, 0, 0, 0);       /* mov eax, fs:[0x18] */
    E(&c, 0xBB); emit32(&c, 0x11223344);    /* mov ebx, 0x11223344 */
    E(&c, 0x8D, 0x4B, 0x01);                /* lea ecx, [ebx+1] */
    E(&c, 0xBE); emit32(&c, 0xCAFEF00D);    /* mov esi, imm */
    E(&c, 0xFD);                            /* std: the host must not see DF */
    call_to(&c, stub(T_STOP));
    load_code(&c);
    struct cpu_exception exc;
    assert_int_equal(run_at(CODE, &exc), CPU_EXIT_STOPPED);
    assert_int_equal(at_stop.eax, TEB);
    assert_int_equal(at_stop.ebx, 0x11223344);
    assert_int_equal(at_stop.ecx, 0x11223345);
    assert_int_equal(at_stop.esi, 0xCAFEF00D);
    assert_int_equal(at_stop.eip, stub(T_STOP));
    assert_int_equal(at_stop.esp, STACK + 0x10000 - 16 - 4); /* the call's return address */
    assert_int_equal(at_stop.cs, 0x23);
    assert_true(at_stop.eflags & 0x400);
    uint32_t ret = 0;
    gm_read_u32(at_stop.esp, &ret);
    assert_int_equal(ret, CODE + c.n);
}

static void test_thunks_and_nested_call(void **state)
{
    (void)state;
    begin();
    struct code c = { .at = CODE };
    E(&c, 0x6A, 2, 0x6A, 40);               /* push 2; push 40 */
    call_to(&c, stub(T_ADD));
    E(&c, 0xA3); emit32(&c, DATA);          /* mov [DATA], eax */
    E(&c, 0x6A, 7);                         /* push 7 */
    call_to(&c, stub(T_NESTED));
    E(&c, 0xA3); emit32(&c, DATA + 4);      /* mov [DATA+4], eax */
    call_to(&c, stub(T_STOP));
    square_plus_one = here(&c);
    E(&c, 0x8B, 0x44, 0x24, 0x04);          /* mov eax, [esp+4] */
    E(&c, 0x0F, 0xAF, 0xC0);                /* imul eax, eax */
    E(&c, 0x6A, 1, 0x50);                   /* push 1; push eax */
    call_to(&c, stub(T_ADD));               /* a thunk inside the nested call */
    E(&c, 0xC2, 4, 0);                      /* ret 4 */
    load_code(&c);
    struct cpu_exception exc;
    assert_int_equal(run_at(CODE, &exc), CPU_EXIT_STOPPED);
    uint32_t v = 0;
    gm_read_u32(DATA, &v);
    assert_int_equal(v, 42);
    assert_int_equal(nested_result, 50);
    gm_read_u32(DATA + 4, &v);
    assert_int_equal(v, 100);
    assert_int_equal(at_stop.esp, STACK + 0x10000 - 16 - 4); /* stdcall pops balanced */
}

static void test_access_violation(void **state)
{
    (void)state;
    begin();
    struct code c = { .at = CODE };
    E(&c, 0xBF); emit32(&c, 0x600DD00D);    /* mov edi, imm */
    gaddr bad = here(&c);
    E(&c, 0xC7, 0x05); emit32(&c, FREE + 0x10); emit32(&c, 1); /* mov dword [FREE+0x10], 1 */
    gaddr after = here(&c);
    E(&c, 0xA1); emit32(&c, FREE + 0x20);   /* mov eax, [FREE+0x20] */
    call_to(&c, stub(T_STOP));
    load_code(&c);
    struct cpu_exception exc;
    assert_int_equal(run_at(CODE, &exc), CPU_EXIT_EXCEPTION);
    assert_int_equal(exc.code, STATUS_ACCESS_VIOLATION);
    assert_int_equal(exc.address, bad);
    assert_int_equal(exc.nparams, 2);
    assert_int_equal(exc.params[0], 1); /* write */
    assert_int_equal(exc.params[1], FREE + 0x10);
    struct cpu_context ctx;
    cpu->get_context(thr, &ctx);
    assert_int_equal(ctx.eip, bad);
    assert_int_equal(ctx.edi, 0x600DD00D);
    /* continue after the faulting instruction, as a handler may */
    ctx.eip = after;
    assert_int_equal(cpu->run(thr, &ctx, &exc), CPU_EXIT_EXCEPTION);
    assert_int_equal(exc.address, after);
    assert_int_equal(exc.params[0], 0); /* read */
    assert_int_equal(exc.params[1], FREE + 0x20);
}

static void test_dep_and_traps(void **state)
{
    (void)state;
    begin();
    struct cpu_exception exc;
    struct code c = { .at = CODE };
    E(&c, 0xB8); emit32(&c, RWPAGE);        /* mov eax, RWPAGE; jmp eax */
    E(&c, 0xFF, 0xE0);
    gaddr brk = here(&c);
    E(&c, 0xCC);                            /* int3 */
    gaddr div = here(&c);
    E(&c, 0x31, 0xC9, 0xF7, 0xF1);          /* xor ecx, ecx; div ecx */
    gaddr ovf = here(&c);
    E(&c, 0xB8); emit32(&c, 0x80000000);    /* mov eax, INT_MIN; cdq */
    E(&c, 0x99);
    E(&c, 0xF7, 0x3D); emit32(&c, DATA + 20); /* idiv dword [DATA+20] (-1) */
    gaddr hlt = here(&c);
    E(&c, 0xF4);                            /* hlt */
    gaddr ud2 = here(&c);
    E(&c, 0x0F, 0x0B);                      /* ud2 */
    load_code(&c);

    assert_int_equal(run_at(CODE, &exc), CPU_EXIT_EXCEPTION);
    assert_int_equal(exc.code, STATUS_ACCESS_VIOLATION);
    assert_int_equal(exc.address, RWPAGE);
    assert_int_equal(exc.params[0], 8); /* DEP: execute */
    assert_int_equal(exc.params[1], RWPAGE);

    assert_int_equal(run_at(brk, &exc), CPU_EXIT_EXCEPTION);
    assert_int_equal(exc.code, STATUS_BREAKPOINT);
    assert_int_equal(exc.address, brk);
    assert_int_equal(run_at(div, &exc), CPU_EXIT_EXCEPTION);
    assert_int_equal(exc.code, STATUS_INTEGER_DIVIDE_BY_ZERO);
    assert_int_equal(exc.address, div + 2);
    gm_write_u32(DATA + 20, 0xFFFFFFFF);
    assert_int_equal(run_at(ovf, &exc), CPU_EXIT_EXCEPTION);
    assert_int_equal(exc.code, STATUS_INTEGER_OVERFLOW); /* the divisor is not zero */
    assert_int_equal(exc.address, ovf + 6);
    gm_write_u32(DATA + 20, 0);
    assert_int_equal(run_at(ovf, &exc), CPU_EXIT_EXCEPTION);
    assert_int_equal(exc.code, STATUS_INTEGER_DIVIDE_BY_ZERO);
    assert_int_equal(run_at(hlt, &exc), CPU_EXIT_EXCEPTION);
    assert_int_equal(exc.code, STATUS_PRIVILEGED_INSTRUCTION);
    assert_int_equal(exc.address, hlt);
    assert_int_equal(run_at(ud2, &exc), CPU_EXIT_EXCEPTION);
    assert_int_equal(exc.code, STATUS_ILLEGAL_INSTRUCTION);
    assert_int_equal(exc.address, ud2);
}

/* An unmasked x87 exception still pending when the guest calls a stub is
 * the guest's, raised at the stub; the host FPU stays clean. */
static void test_pending_x87_at_stub(void **state)
{
    (void)state;
    begin();
    struct code c = { .at = CODE };
    E(&c, 0x66, 0xC7, 0x05); emit32(&c, DATA + 24); E(&c, 0x7B, 0x02); /* mov word [DATA+24], 0x27B */
    E(&c, 0xD9, 0x2D); emit32(&c, DATA + 24);     /* fldcw [DATA+24]: zero-divide unmasked */
    E(&c, 0xD9, 0xE8, 0xD9, 0xEE, 0xDE, 0xF9);    /* fld1; fldz; fdivp: pending #Z */
    E(&c, 0x6A, 1, 0x6A, 2);
    call_to(&c, stub(T_ADD));
    load_code(&c);
    struct cpu_exception exc;
    assert_int_equal(run_at(CODE, &exc), CPU_EXIT_EXCEPTION);
    assert_int_equal(exc.code, STATUS_FLOAT_DIVIDE_BY_ZERO);
    assert_int_equal(exc.address, stub(T_ADD));
    uint8_t fx[CPU_FXSAVE_SIZE];
    cpu->get_fpu(thr, fx);
    assert_int_equal(fx[0] | fx[1] << 8, 0x27B);
    assert_true(fx[2] & 0x84); /* ES and ZE */
    uint16_t host_cw = 0;
    __asm__ volatile("fnstcw %0" : "=m"(host_cw));
    assert_int_equal(host_cw, 0x37F);
    fx[0] = 0x7F; /* a handler masks it: the call goes through */
    cpu->set_fpu(thr, fx);
    struct cpu_context ctx;
    cpu->get_context(thr, &ctx);
    assert_int_equal(ctx.eip, stub(T_ADD));
    assert_int_equal(cpu->run(thr, &ctx, &exc), CPU_EXIT_EXCEPTION); /* falls off the end */
    assert_int_equal(exc.address, CODE + c.n);
    cpu->get_context(thr, &ctx);
    assert_int_equal(ctx.eax, 3);
}

static void test_fpu_setup(void **state)
{
    (void)state;
    begin();
    struct code c = { .at = CODE };
    E(&c, 0xD9, 0x3D); emit32(&c, DATA + 8);        /* fnstcw [DATA+8] */
    E(&c, 0x0F, 0xAE, 0x1D); emit32(&c, DATA + 12); /* stmxcsr [DATA+12] */
    E(&c, 0x9B, 0xDB, 0xE3);                        /* finit: control word 0x37F */
    call_to(&c, stub(T_STOP));
    load_code(&c);
    struct cpu_exception exc;
    assert_int_equal(run_at(CODE, &exc), CPU_EXIT_STOPPED);
    uint32_t cw = 0, mx = 0;
    gm_read_u32(DATA + 8, &cw);
    gm_read_u32(DATA + 12, &mx);
    assert_int_equal(cw & 0xFFFF, 0x27F);
    assert_int_equal(mx, 0x1F80);
    uint16_t host_cw = 0;
    uint32_t host_mx = 0;
    __asm__ volatile("fnstcw %0; stmxcsr %1" : "=m"(host_cw), "=m"(host_mx));
    assert_int_equal(host_cw, 0x37F);
    assert_int_equal(host_mx & 0xFFC0, 0x1F80); /* control bits; host flags may be sticky */
}

/* core's exception hook: skip the faulting instruction and go on */
static struct cpu_exception hooked;
static uint8_t hooked_fx[CPU_FXSAVE_SIZE];
static uint32_t skip_bytes;

static bool skip_fault(struct cpu_thread *t, const struct cpu_exception *exc)
{
    hooked = *exc;
    cpu->get_fpu(t, hooked_fx);
    struct cpu_context ctx;
    cpu->get_context(t, &ctx);
    assert_int_equal(ctx.eip, exc->address);
    ctx.eip += skip_bytes;
    cpu->set_context(t, &ctx);
    return true;
}

static void test_exception_hook(void **state)
{
    (void)state;
    begin();
    char why[128];
    assert_true(cpu->init(&vm, &(struct cpu_hooks){ .thunk = test_thunk, .exception = skip_fault },
                          why, sizeof why));
    struct code c = { .at = CODE };
    E(&c, 0xD9, 0xE8, 0xD9, 0xE8);          /* fld1; fld1 */
    gaddr bad = here(&c);
    E(&c, 0xC7, 0x05); emit32(&c, FREE); emit32(&c, 1); /* mov dword [FREE], 1 */
    skip_bytes = (uint32_t)(here(&c) - bad);
    E(&c, 0xDE, 0xC1);                      /* faddp: the x87 stack survived */
    E(&c, 0xDB, 0x1D); emit32(&c, DATA + 16); /* fistp dword [DATA+16] */
    E(&c, 0xBB); emit32(&c, 77);            /* mov ebx, 77 */
    call_to(&c, stub(T_STOP));
    load_code(&c);
    struct cpu_exception exc;
    enum cpu_exit r = run_at(CODE, &exc);
    assert_true(cpu->init(&vm, &(struct cpu_hooks){ .thunk = test_thunk }, why, sizeof why));
    assert_int_equal(r, CPU_EXIT_STOPPED);
    assert_int_equal(hooked.code, STATUS_ACCESS_VIOLATION);
    assert_int_equal(hooked.address, bad);
    assert_int_equal(hooked.params[0], 1);
    assert_int_equal(hooked_fx[0] | hooked_fx[1] << 8, 0x27F);
    assert_int_equal((hooked_fx[2] | hooked_fx[3] << 8) >> 11 & 7, 6); /* TOP: two pushed */
    assert_int_equal(hooked_fx[4], 0xC0);                              /* ST6, ST7 valid */
    assert_int_equal(at_stop.ebx, 77);
    uint32_t v = 0;
    gm_read_u32(DATA + 16, &v);
    assert_int_equal(v, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identity_map),
        cmocka_unit_test(test_registers_and_teb),
        cmocka_unit_test(test_thunks_and_nested_call),
        cmocka_unit_test(test_access_violation),
        cmocka_unit_test(test_dep_and_traps),
        cmocka_unit_test(test_exception_hook),
        cmocka_unit_test(test_pending_x87_at_stub),
        cmocka_unit_test(test_fpu_setup),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
