/* The thunk-table vocabulary shared by every builtin DLL: export and
 * implementation tables (declared once per DLL as X-macro lists) and the
 * call frame a handler receives. */
#ifndef WOWBOX_SYSCALLS_API_H
#define WOWBOX_SYSCALLS_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/guest_mem.h"
#include "core/vm.h"

struct cpu_thread;

enum api_conv { API_STDCALL, API_CDECL, API_FASTCALL };
enum api_kind { API_FUNC, API_DATA };

/* How an unimplemented export fails, from its return type (chosen by
 * tools/prototypes.py; values in syscalls/unimplemented.c). */
enum api_fail {
    API_FAIL_UNKNOWN, API_FAIL_DATA, API_FAIL_VOID, API_FAIL_NTSTATUS, API_FAIL_WIN32_ERROR,
    API_FAIL_HRESULT, API_FAIL_FALSE, API_FAIL_NULL, API_FAIL_INVALID_HANDLE, API_FAIL_ZERO,
    API_FAIL_ALL_ONES, API_FAIL_INT64, API_FAIL_DOUBLE, API_FAIL_SOCKET_ERROR,
    API_FAIL_INVALID_SOCKET, API_FAIL_WSA_NULL, API_FAIL_WSA_ZERO, API_FAIL_WSA_VOID,
    API_FAIL_CRT_INT, API_FAIL_CRT_ERRNO, API_FAIL_CRT_NULL, API_FAIL_CRT_ZERO,
    API_FAIL_CRT_WEOF, API_FAIL_CRT_INT64, API_FAIL_CRT_DOUBLE, API_FAIL_CRT_VOID,
    API_FAIL_COUNT
};

/* One export of the real DLL (generated: syscalls/<dll>/exports.h).
 * ret_type, ret and args come from the mingw-w64 headers (NULL where they
 * do not declare the function); ret and args use the letters of api_impl. */
struct api_export {
    const char *name;
    uint16_t ordinal;
    uint16_t arg_bytes;
    uint8_t conv, kind, fail;
    const char *ret_type;
    const char *ret;
    const char *args;
};

struct thunk_call;
/* Returns edx:eax. Floating results go through thunk_return_double(). */
typedef uint64_t (*api_handler)(struct thunk_call *c);
/* Fills a data export once the image exists. */
typedef void (*api_data_init)(gaddr addr, uint32_t size);

/* One implemented export (hand-written: syscalls/<dll>/<concern>_apis.h).
 * args: ", "-separated "type name" for the trace decoder; types:
 *   i int, u unsigned, x hex, p pointer, h handle, b BOOL, c char,
 *   s char* string, w wchar* string, f double (8 bytes), l int64 (8 bytes),
 *   ... variadic (decoding stops). ret: one type letter, v for void,
 * optionally followed by the failure clause the trace judges the call by
 * (--trace-failed, the summary's errors) where the C return type alone
 * does not tell it (syscalls/trace_class.h):
 *   "p fails:never"  NULL is an answer, not a failure (strchr, TlsGetValue,
 *                    SetUnhandledExceptionFilter's previous filter)
 *   "u fails:0"      a count whose 0 is the documented failure (GetModuleFileNameA)
 *   "i fails:-1"     -1 / all ones (_open, HeapSize's (SIZE_T)-1)
 *   "i fails:<0"     negative    "u fails:!0"  non-zero (an error code: WSAStartup)
 * A pointer or string argument may add what it points to (the type
 * letter and the name always come first; core/trace_sig.h parses it):
 *   "p lpBuffer in[nNumberOfBytesToWrite]"  bytes read at entry, length
 *                                           from another argument
 *   "p lpBuffer out[*lpNumberOfBytesRead]"  bytes written by the call, as
 *                                           many as the DWORD that another
 *                                           argument points to holds after it
 *   "p buffer out[ret*size]"                the return value times an argument
 *   "p lpInfo out[28]"                      a fixed size
 *   "p lpNumberOfBytesRead out u"           points to one value of type u
 *   "s lpString1 out", "s lpFilename out[ret]"  a string the call writes
 *                                           (at most ret characters)
 * Directions: in (read at entry), out (at exit), inout (both). Sizes are
 * one term or a product of two: a number, an argument's name, *name, ret. */
struct api_impl {
    const char *name;
    api_handler fn;
    const char *args;
    const char *ret;
    uint32_t data_size;      /* DATA exports */
    api_data_init data_init; /* DATA exports */
    /* GUEST_C exports: guest code (the .c files of syscalls/<dll>/guest/, compiled to
     * i686 at build time) at this offset of the DLL's blob, run by the
     * guest with no transition: an export is guest code when it needs
     * nothing but guest memory. GUEST_HOST exports have a handler (fn) as
     * well: the CPU backend picks (builtin_image.c: guest code unless its
     * guest stores are slow). */
    bool guest;
    uint32_t guest_offset;
    /* the declaring file (its __FILE__: ".../syscalls/kernel32/file_apis.h"):
     * the concern the trace derives the call's class from */
    const char *decl_file;
};

struct guest_blob;

struct builtin_dll {
    const char *name; /* "kernel32.dll" */
    gaddr preferred_base;
    const struct api_export *exports;
    size_t nexports;
    const struct api_impl *impls;
    size_t nimpls;
    const struct guest_blob *guest; /* its guest code (syscalls/guest_blob.h) */
    /* Another builtin DLL whose implementations serve this one too, for
     * every export of the same name and kind it does not implement itself
     * (ucrtbase runs msvcrt's C runtime; NULL: none). */
    const struct builtin_dll *shares;
    /* Exports this DLL does not implement itself but forward_to exports
     * under the same name are forwarders to it ("WS2_32.send"), as
     * wsock32.dll forwards to ws2_32.dll. NULL: none. */
    const struct builtin_dll *forward_to;
    /* Prefixed to the name a forwarder points at: psapi.dll's EnumProcesses
     * is "KERNEL32.K32EnumProcesses" (NULL: the same name). */
    const char *forward_prefix;
};

/* The implementation behind export e of dll: its own, else the shared
 * DLL's of the same name and kind; NULL when nobody implements it. */
const struct api_impl *builtin_impl_for(const struct builtin_dll *dll, const struct api_export *e);

/* Where impl's guest function is in dll's blob: its own offset, or for the
 * shared DLL's guest code the copy built into dll's blob ("msvcrt_strlen"
 * in ucrtbase's). False when dll's blob has no such function. */
bool builtin_guest_offset(const struct builtin_dll *dll, const struct api_impl *impl, uint32_t *offset);

/* One stub in guest memory = one entry of the global thunk table. */
struct thunk_entry {
    const struct builtin_dll *dll;
    const struct api_export *exp;
    const struct api_impl *impl; /* NULL: unimplemented */
    gaddr stub;
    bool warned;
    uint8_t trace_class; /* enum trace_class (syscalls/trace_class.c) */
    uint8_t fail_rule;   /* enum api_fail_rule: which return values are failures */
};

struct thunk_call {
    struct cpu_thread *cpu;
    const struct thunk_entry *entry;
    gaddr esp;      /* [esp] = return address, first argument at esp+4 */
    gaddr ret_addr;
    double st0;
    bool ret_double;
    bool no_return; /* the handler took over control flow (exit, longjmp) */
};

/* Named arguments. Every API(Name, "t name, ...", r) line yields, at build
 * time (tools/gen_api_args.py → <build>/generated/syscalls/<dll>/api_args.h),
 * a struct <dll>_<Name>_args with one member per declared argument, named as
 * declared: uint32_t, or uint64_t / double for the 8-byte l / f types. A
 * variadic API's struct holds its fixed part. A handler writes
 *
 *     API_ARGS(kernel32, CreateFileA, a);
 *     ... a.lpFileName ... a.dwCreationDisposition ...
 *
 * so a name its declaration lacks does not compile, and a stdcall
 * declaration whose size differs from the export's @N does not either.
 * `c` is the handler's struct thunk_call. */
#define API_ARGS(dll, name, var)         \
    struct dll##_##name##_args var;      \
    thunk_read_args(c, &var, sizeof var)

/* Guest address of the first variadic argument, after the fixed block `var`
 * read by API_ARGS (va_list-style pointer for the printf/scanf families). */
#define API_VARARGS(var) (c->esp + 4 + (gaddr)sizeof(var))

static inline uint32_t arg(const struct thunk_call *c, unsigned i);

/* Reads the argument block (first argument at esp+4) in one checked read.
 * Where the stack is unreadable, each unreadable 32-bit slot reads as 0,
 * exactly as arg() does, which handlers treat as a NULL argument. */
static inline void thunk_read_args(const struct thunk_call *c, void *block, size_t size)
{
    if (gm_read(c->esp + 4, block, size))
        return;
    for (size_t off = 0; off + 4 <= size; off += 4) {
        uint32_t v = arg(c, (unsigned)(off / 4));
        __builtin_memcpy((uint8_t *)block + off, &v, 4);
    }
}

/* i-th 32-bit argument (0-based), for what has no name: the variadic tail
 * of an API. Reads through the checked accessor; an unreadable stack
 * yields 0, which handlers treat as a NULL argument. */
static inline uint32_t arg(const struct thunk_call *c, unsigned i)
{
    uint32_t v = 0;
    gm_read_u32(c->esp + 4 + 4 * i, &v);
    return v;
}

static inline uint64_t arg64(const struct thunk_call *c, unsigned i)
{
    return (uint64_t)arg(c, i) | (uint64_t)arg(c, i + 1) << 32;
}

static inline double arg_double(const struct thunk_call *c, unsigned i)
{
    uint64_t bits = arg64(c, i);
    double d;
    __builtin_memcpy(&d, &bits, 8);
    return d;
}

static inline uint64_t thunk_return_double(struct thunk_call *c, double v)
{
    c->st0 = v;
    c->ret_double = true;
    return 0;
}

/* Helpers every DLL needs: declared here, implemented in dispatch.c. */
const struct thunk_entry *thunk_table(uint32_t *count);
/* Calls guest code from a handler; false when the process is going away
 * (the handler must then return at once). */
bool thunk_call_guest(struct thunk_call *c, gaddr fn, const uint32_t *args, unsigned nargs, uint32_t *ret);

#define DECLARE_API(dll, name, args, ret) uint64_t dll##_##name(struct thunk_call *c);
#define DECLARE_DATA(dll, name, size, init) void init(gaddr addr, uint32_t sz);

#endif
