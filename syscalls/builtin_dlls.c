/* The builtin DLLs: each joins its generated export list (every export of
 * the real DLL) with its hand-written implementation list. Handler
 * prototypes, the implementation tables and trace signatures all derive
 * from the one API(...) line per implemented export in each syscalls/<dll>/ folder. */
#include "syscalls/builtin_dlls.h"

/* <build>/generated: each DLL's guest code (tools/gen_guest_blob.py) */
#include "syscalls/advapi32/guest_blob.h"
#include "syscalls/kernel32/guest_blob.h"
#include "syscalls/msvcrt/guest_blob.h"
#include "syscalls/ntdll/guest_blob.h"
#include "syscalls/user32/guest_blob.h"
#include "syscalls/ws2_32/guest_blob.h"
#include "syscalls/ucrtbase/guest_blob.h"
#include "syscalls/wsock32/guest_blob.h"
#include "syscalls/winmm/guest_blob.h"
#include "syscalls/psapi/guest_blob.h"
#include "syscalls/version/guest_blob.h"
#include "syscalls/shell32/guest_blob.h"
#include "syscalls/comctl32/guest_blob.h"
#include "syscalls/gdi32/guest_blob.h"
#include "syscalls/iphlpapi/guest_blob.h"
#include "syscalls/ole32/guest_blob.h"
#include "syscalls/oleaut32/guest_blob.h"
#include "syscalls/dbghelp/guest_blob.h"
#include "syscalls/comdlg32/guest_blob.h"
#include "syscalls/mpr/guest_blob.h"
#include "syscalls/vcruntime140/guest_blob.h"
#include "syscalls/setupapi/guest_blob.h"
#include "syscalls/lz32/guest_blob.h"
#include "syscalls/cabinet/guest_blob.h"
#include "syscalls/secur32/guest_blob.h"
#include "syscalls/netapi32/guest_blob.h"
#include "syscalls/rpcrt4/guest_blob.h"
#include "syscalls/shcore/guest_blob.h"

#define EXPORT(name, ord, bytes, conv, kind, fail, ret_type, ret, args) \
    { name, ord, bytes, API_##conv, API_##kind, API_FAIL_##fail, ret_type, ret, args },

/* Prototypes: API(name, args, ret) → uint64_t <dll>_<name>(struct thunk_call *) */
#define DATA(name, size, init) void init(gaddr addr, uint32_t sz);
#define GUEST_C(name, args, ret)
#define GUEST_HOST(name, args, ret) API(name, args, ret)
#define API(name, args, ret) uint64_t kernel32_##name(struct thunk_call *c);
#include "syscalls/kernel32/apis.h"
#undef API
#define API(name, args, ret) uint64_t msvcrt_##name(struct thunk_call *c);
#include "syscalls/msvcrt/apis.h"
#undef API
#define API(name, args, ret) uint64_t user32_##name(struct thunk_call *c);
#include "syscalls/user32/apis.h"
#undef API
#define API(name, args, ret) uint64_t ntdll_##name(struct thunk_call *c);
#include "syscalls/ntdll/apis.h"
#undef API
#define API(name, args, ret) uint64_t advapi32_##name(struct thunk_call *c);
#include "syscalls/advapi32/apis.h"
#undef API
#define API(name, args, ret) uint64_t ws2_32_##name(struct thunk_call *c);
#include "syscalls/ws2_32/apis.h"
#undef API
#define API(name, args, ret) uint64_t ucrtbase_##name(struct thunk_call *c);
#include "syscalls/ucrtbase/apis.h"
#undef API
#define API(name, args, ret) uint64_t wsock32_##name(struct thunk_call *c);
#include "syscalls/wsock32/apis.h"
#undef API
#define API(name, args, ret) uint64_t winmm_##name(struct thunk_call *c);
#include "syscalls/winmm/apis.h"
#undef API
#define API(name, args, ret) uint64_t psapi_##name(struct thunk_call *c);
#include "syscalls/psapi/apis.h"
#undef API
#define API(name, args, ret) uint64_t version_##name(struct thunk_call *c);
#include "syscalls/version/apis.h"
#undef API
#define API(name, args, ret) uint64_t shell32_##name(struct thunk_call *c);
#include "syscalls/shell32/apis.h"
#undef API
#define API(name, args, ret) uint64_t comctl32_##name(struct thunk_call *c);
#include "syscalls/comctl32/apis.h"
#undef API
#define API(name, args, ret) uint64_t gdi32_##name(struct thunk_call *c);
#include "syscalls/gdi32/apis.h"
#undef API
#define API(name, args, ret) uint64_t iphlpapi_##name(struct thunk_call *c);
#include "syscalls/iphlpapi/apis.h"
#undef API
#define API(name, args, ret) uint64_t ole32_##name(struct thunk_call *c);
#include "syscalls/ole32/apis.h"
#undef API
#define API(name, args, ret) uint64_t oleaut32_##name(struct thunk_call *c);
#include "syscalls/oleaut32/apis.h"
#undef API
#define API(name, args, ret) uint64_t dbghelp_##name(struct thunk_call *c);
#include "syscalls/dbghelp/apis.h"
#undef API
#define API(name, args, ret) uint64_t comdlg32_##name(struct thunk_call *c);
#include "syscalls/comdlg32/apis.h"
#undef API
#define API(name, args, ret) uint64_t mpr_##name(struct thunk_call *c);
#include "syscalls/mpr/apis.h"
#undef API
#define API(name, args, ret) uint64_t vcruntime140_##name(struct thunk_call *c);
#include "syscalls/vcruntime140/apis.h"
#undef API
#define API(name, args, ret) uint64_t setupapi_##name(struct thunk_call *c);
#include "syscalls/setupapi/apis.h"
#undef API
#define API(name, args, ret) uint64_t lz32_##name(struct thunk_call *c);
#include "syscalls/lz32/apis.h"
#undef API
#define API(name, args, ret) uint64_t cabinet_##name(struct thunk_call *c);
#include "syscalls/cabinet/apis.h"
#undef API
#define API(name, args, ret) uint64_t secur32_##name(struct thunk_call *c);
#include "syscalls/secur32/apis.h"
#undef API
#define API(name, args, ret) uint64_t netapi32_##name(struct thunk_call *c);
#include "syscalls/netapi32/apis.h"
#undef API
#define API(name, args, ret) uint64_t rpcrt4_##name(struct thunk_call *c);
#include "syscalls/rpcrt4/apis.h"
#undef API
#define API(name, args, ret) uint64_t shcore_##name(struct thunk_call *c);
#include "syscalls/shcore/apis.h"
#undef API
#undef DATA
#undef GUEST_C
#undef GUEST_HOST

#define DATA(name, size, init) { #name, NULL, "", "", size, init, false, 0, __FILE__ },
/* a guest export without its guest function <dll>_<name> does not compile */
#define GUEST_CODE(dll, name, args, ret) { #name, NULL, args, ret, 0, NULL, true, GUEST_OFFSET_##dll##_##name, __FILE__ },
/* guest code and a host handler: the CPU backend picks (builtin_image.c) */
#define GUEST_HOST_CODE(dll, name, args, ret) \
    { #name, dll##_##name, args, ret, 0, NULL, true, GUEST_OFFSET_##dll##_##name, __FILE__ },
#define IMPL_END { NULL, NULL, NULL, NULL, 0, NULL, false, 0, NULL }
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

#define API(name, args, ret) { #name, kernel32_##name, args, ret, 0, NULL, false, 0, __FILE__ },
#define GUEST_C(name, args, ret) GUEST_CODE(kernel32, name, args, ret)
#define GUEST_HOST(name, args, ret) GUEST_HOST_CODE(kernel32, name, args, ret)
static const struct api_export kernel32_exports[] = {
#include "syscalls/kernel32/exports.h"
};
static const struct api_impl kernel32_impls[] = {
#include "syscalls/kernel32/apis.h"
    IMPL_END
};
#undef API
#undef GUEST_C
#undef GUEST_HOST

#define API(name, args, ret) { #name, msvcrt_##name, args, ret, 0, NULL, false, 0, __FILE__ },
#define GUEST_C(name, args, ret) GUEST_CODE(msvcrt, name, args, ret)
#define GUEST_HOST(name, args, ret) GUEST_HOST_CODE(msvcrt, name, args, ret)
static const struct api_export msvcrt_exports[] = {
#include "syscalls/msvcrt/exports.h"
};
static const struct api_impl msvcrt_impls[] = {
#include "syscalls/msvcrt/apis.h"
    IMPL_END
};
#undef API
#undef GUEST_C
#undef GUEST_HOST

#define API(name, args, ret) { #name, user32_##name, args, ret, 0, NULL, false, 0, __FILE__ },
#define GUEST_C(name, args, ret) GUEST_CODE(user32, name, args, ret)
static const struct api_export user32_exports[] = {
#include "syscalls/user32/exports.h"
};
static const struct api_impl user32_impls[] = {
#include "syscalls/user32/apis.h"
    IMPL_END
};
#undef API
#undef GUEST_C

#define API(name, args, ret) { #name, ntdll_##name, args, ret, 0, NULL, false, 0, __FILE__ },
#define GUEST_C(name, args, ret) GUEST_CODE(ntdll, name, args, ret)
static const struct api_export ntdll_exports[] = {
#include "syscalls/ntdll/exports.h"
};
static const struct api_impl ntdll_impls[] = {
#include "syscalls/ntdll/apis.h"
    IMPL_END
};
#undef API
#undef GUEST_C

#define API(name, args, ret) { #name, advapi32_##name, args, ret, 0, NULL, false, 0, __FILE__ },
#define GUEST_C(name, args, ret) GUEST_CODE(advapi32, name, args, ret)
static const struct api_export advapi32_exports[] = {
#include "syscalls/advapi32/exports.h"
};
static const struct api_impl advapi32_impls[] = {
#include "syscalls/advapi32/apis.h"
    IMPL_END
};
#undef API
#undef GUEST_C

#define API(name, args, ret) { #name, ws2_32_##name, args, ret, 0, NULL, false, 0, __FILE__ },
#define GUEST_C(name, args, ret) GUEST_CODE(ws2_32, name, args, ret)
static const struct api_export ws2_32_exports[] = {
#include "syscalls/ws2_32/exports.h"
};
static const struct api_impl ws2_32_impls[] = {
#include "syscalls/ws2_32/apis.h"
    IMPL_END
};
#undef API
#undef GUEST_C

#define API(name, args, ret) { #name, ucrtbase_##name, args, ret, 0, NULL, false, 0, __FILE__ },
#define GUEST_C(name, args, ret) GUEST_CODE(ucrtbase, name, args, ret)
static const struct api_export ucrtbase_exports[] = {
#include "syscalls/ucrtbase/exports.h"
};
static const struct api_impl ucrtbase_impls[] = {
#include "syscalls/ucrtbase/apis.h"
    IMPL_END
};
#undef API
#undef GUEST_C

#define API(name, args, ret) { #name, wsock32_##name, args, ret, 0, NULL, false, 0, __FILE__ },
static const struct api_export wsock32_exports[] = {
#include "syscalls/wsock32/exports.h"
};
static const struct api_impl wsock32_impls[] = {
#include "syscalls/wsock32/apis.h"
    IMPL_END
};
#undef API

#define API(name, args, ret) { #name, winmm_##name, args, ret, 0, NULL, false, 0, __FILE__ },
static const struct api_export winmm_exports[] = {
#include "syscalls/winmm/exports.h"
};
static const struct api_impl winmm_impls[] = {
#include "syscalls/winmm/apis.h"
    IMPL_END
};
#undef API

#define API(name, args, ret) { #name, psapi_##name, args, ret, 0, NULL, false, 0, __FILE__ },
static const struct api_export psapi_exports[] = {
#include "syscalls/psapi/exports.h"
};
static const struct api_impl psapi_impls[] = {
#include "syscalls/psapi/apis.h"
    IMPL_END
};
#undef API

#define API(name, args, ret) { #name, version_##name, args, ret, 0, NULL, false, 0, __FILE__ },
#define GUEST_C(name, args, ret) GUEST_CODE(version, name, args, ret)
static const struct api_export version_exports[] = {
#include "syscalls/version/exports.h"
};
static const struct api_impl version_impls[] = {
#include "syscalls/version/apis.h"
    IMPL_END
};
#undef API
#undef GUEST_C

#define API(name, args, ret) { #name, shell32_##name, args, ret, 0, NULL, false, 0, __FILE__ },
static const struct api_export shell32_exports[] = {
#include "syscalls/shell32/exports.h"
};
static const struct api_impl shell32_impls[] = {
#include "syscalls/shell32/apis.h"
    IMPL_END
};
#undef API

#define API(name, args, ret) { #name, comctl32_##name, args, ret, 0, NULL, false, 0, __FILE__ },
static const struct api_export comctl32_exports[] = {
#include "syscalls/comctl32/exports.h"
};
static const struct api_impl comctl32_impls[] = {
#include "syscalls/comctl32/apis.h"
    IMPL_END
};
#undef API

#define API(name, args, ret) { #name, gdi32_##name, args, ret, 0, NULL, false, 0, __FILE__ },
static const struct api_export gdi32_exports[] = {
#include "syscalls/gdi32/exports.h"
};
static const struct api_impl gdi32_impls[] = {
#include "syscalls/gdi32/apis.h"
    IMPL_END
};
#undef API

#define API(name, args, ret) { #name, iphlpapi_##name, args, ret, 0, NULL, false, 0, __FILE__ },
#define GUEST_C(name, args, ret) GUEST_CODE(iphlpapi, name, args, ret)
static const struct api_export iphlpapi_exports[] = {
#include "syscalls/iphlpapi/exports.h"
};
static const struct api_impl iphlpapi_impls[] = {
#include "syscalls/iphlpapi/apis.h"
    IMPL_END
};
#undef API
#undef GUEST_C

#define API(name, args, ret) { #name, ole32_##name, args, ret, 0, NULL, false, 0, __FILE__ },
#define GUEST_C(name, args, ret) GUEST_CODE(ole32, name, args, ret)
static const struct api_export ole32_exports[] = {
#include "syscalls/ole32/exports.h"
};
static const struct api_impl ole32_impls[] = {
#include "syscalls/ole32/apis.h"
    IMPL_END
};
#undef API
#undef GUEST_C

#define API(name, args, ret) { #name, oleaut32_##name, args, ret, 0, NULL, false, 0, __FILE__ },
#define GUEST_C(name, args, ret) GUEST_CODE(oleaut32, name, args, ret)
static const struct api_export oleaut32_exports[] = {
#include "syscalls/oleaut32/exports.h"
};
static const struct api_impl oleaut32_impls[] = {
#include "syscalls/oleaut32/apis.h"
    IMPL_END
};
#undef API
#undef GUEST_C

#define API(name, args, ret) { #name, dbghelp_##name, args, ret, 0, NULL, false, 0, __FILE__ },
#define GUEST_C(name, args, ret) GUEST_CODE(dbghelp, name, args, ret)
static const struct api_export dbghelp_exports[] = {
#include "syscalls/dbghelp/exports.h"
};
static const struct api_impl dbghelp_impls[] = {
#include "syscalls/dbghelp/apis.h"
    IMPL_END
};
#undef API
#undef GUEST_C

#define API(name, args, ret) { #name, comdlg32_##name, args, ret, 0, NULL, false, 0, __FILE__ },
static const struct api_export comdlg32_exports[] = {
#include "syscalls/comdlg32/exports.h"
};
static const struct api_impl comdlg32_impls[] = {
#include "syscalls/comdlg32/apis.h"
    IMPL_END
};
#undef API

#define API(name, args, ret) { #name, mpr_##name, args, ret, 0, NULL, false, 0, __FILE__ },
static const struct api_export mpr_exports[] = {
#include "syscalls/mpr/exports.h"
};
static const struct api_impl mpr_impls[] = {
#include "syscalls/mpr/apis.h"
    IMPL_END
};
#undef API

#define API(name, args, ret) { #name, vcruntime140_##name, args, ret, 0, NULL, false, 0, __FILE__ },
#define GUEST_C(name, args, ret) GUEST_CODE(vcruntime140, name, args, ret)
static const struct api_export vcruntime140_exports[] = {
#include "syscalls/vcruntime140/exports.h"
};
static const struct api_impl vcruntime140_impls[] = {
#include "syscalls/vcruntime140/apis.h"
    IMPL_END
};
#undef API
#undef GUEST_C

#define API(name, args, ret) { #name, setupapi_##name, args, ret, 0, NULL, false, 0, __FILE__ },
static const struct api_export setupapi_exports[] = {
#include "syscalls/setupapi/exports.h"
};
static const struct api_impl setupapi_impls[] = {
#include "syscalls/setupapi/apis.h"
    IMPL_END
};
#undef API

#define API(name, args, ret) { #name, lz32_##name, args, ret, 0, NULL, false, 0, __FILE__ },
static const struct api_export lz32_exports[] = {
#include "syscalls/lz32/exports.h"
};
static const struct api_impl lz32_impls[] = {
#include "syscalls/lz32/apis.h"
    IMPL_END
};
#undef API

#define API(name, args, ret) { #name, cabinet_##name, args, ret, 0, NULL, false, 0, __FILE__ },
static const struct api_export cabinet_exports[] = {
#include "syscalls/cabinet/exports.h"
};
static const struct api_impl cabinet_impls[] = {
#include "syscalls/cabinet/apis.h"
    IMPL_END
};
#undef API

#define API(name, args, ret) { #name, secur32_##name, args, ret, 0, NULL, false, 0, __FILE__ },
#define GUEST_C(name, args, ret) GUEST_CODE(secur32, name, args, ret)
static const struct api_export secur32_exports[] = {
#include "syscalls/secur32/exports.h"
};
static const struct api_impl secur32_impls[] = {
#include "syscalls/secur32/apis.h"
    IMPL_END
};
#undef API
#undef GUEST_C

#define API(name, args, ret) { #name, netapi32_##name, args, ret, 0, NULL, false, 0, __FILE__ },
#define GUEST_C(name, args, ret) GUEST_CODE(netapi32, name, args, ret)
static const struct api_export netapi32_exports[] = {
#include "syscalls/netapi32/exports.h"
};
static const struct api_impl netapi32_impls[] = {
#include "syscalls/netapi32/apis.h"
    IMPL_END
};
#undef API
#undef GUEST_C

#define API(name, args, ret) { #name, rpcrt4_##name, args, ret, 0, NULL, false, 0, __FILE__ },
#define GUEST_C(name, args, ret) GUEST_CODE(rpcrt4, name, args, ret)
static const struct api_export rpcrt4_exports[] = {
#include "syscalls/rpcrt4/exports.h"
};
static const struct api_impl rpcrt4_impls[] = {
#include "syscalls/rpcrt4/apis.h"
    IMPL_END
};
#undef API
#undef GUEST_C

#define API(name, args, ret) { #name, shcore_##name, args, ret, 0, NULL, false, 0, __FILE__ },
#define GUEST_C(name, args, ret) GUEST_CODE(shcore, name, args, ret)
static const struct api_export shcore_exports[] = {
#include "syscalls/shcore/exports.h"
};
static const struct api_impl shcore_impls[] = {
#include "syscalls/shcore/apis.h"
    IMPL_END
};
#undef API
#undef GUEST_C

/* Bases in the high part of the 2 GB space, where WoW64 puts system DLLs;
 * ntdll comes first: its spare stub slot is the nested-call return trap.
 * `shared`: a DLL whose implementations serve this one too; `forward`: a
 * DLL this one's unimplemented exports are forwarders to, `prefix` what
 * the forwarder adds to the name (NULL: the same name). */
#define DLL_ALL(ident, file, base, shared, forward, prefix) \
    static const struct builtin_dll dll_##ident = { file, base, ident##_exports, COUNT(ident##_exports), \
                                                    ident##_impls, COUNT(ident##_impls) - 1, &guest_blob_##ident, \
                                                    shared, forward, prefix };
#define DLL_FULL(ident, file, base, shared, forward) DLL_ALL(ident, file, base, shared, forward, NULL)
#define DLL(ident, file, base) DLL_FULL(ident, file, base, NULL, NULL)
DLL(ntdll, "ntdll.dll", 0x77800000u)
DLL(kernel32, "KERNEL32.dll", 0x77600000u)
DLL(msvcrt, "msvcrt.dll", 0x77400000u)
DLL(user32, "USER32.dll", 0x77200000u)
DLL(advapi32, "ADVAPI32.dll", 0x77000000u)
DLL(ws2_32, "WS2_32.dll", 0x76E00000u)
/* The Universal CRT runs msvcrt's C runtime for every export the two share. */
DLL_FULL(ucrtbase, "ucrtbase.dll", 0x76C00000u, &dll_msvcrt, NULL)
DLL_FULL(wsock32, "WSOCK32.dll", 0x76D00000u, NULL, &dll_ws2_32) /* after ws2_32: its forwarders resolve there */
DLL(winmm, "WINMM.dll", 0x76A00000u)
/* psapi.dll forwards each export to kernel32's K32 function (Windows 7+). */
DLL_ALL(psapi, "PSAPI.DLL", 0x76700000u, NULL, &dll_kernel32, "K32")
DLL(version, "VERSION.dll", 0x76600000u)
DLL(shell32, "SHELL32.dll", 0x76500000u)
DLL(comctl32, "COMCTL32.dll", 0x76400000u)
DLL(gdi32, "GDI32.dll", 0x76300000u)
DLL(iphlpapi, "IPHLPAPI.DLL", 0x76200000u)
DLL(ole32, "ole32.dll", 0x76900000u)
DLL(oleaut32, "OLEAUT32.dll", 0x76800000u)
DLL(dbghelp, "dbghelp.dll", 0x76100000u)
DLL(comdlg32, "comdlg32.dll", 0x76F00000u)
DLL(mpr, "MPR.dll", 0x77100000u)

/* The Visual C++ runtime's string and memory functions are msvcrt's too. */
DLL_FULL(vcruntime140, "VCRUNTIME140.dll", 0x76B00000u, &dll_msvcrt, NULL)
DLL(setupapi, "SETUPAPI.dll", 0x76000000u)
/* lz32.dll forwards each export to kernel32's LZ function (Windows NT+). */
DLL_FULL(lz32, "LZ32.dll", 0x75A00000u, NULL, &dll_kernel32)
DLL(cabinet, "Cabinet.dll", 0x75900000u)
DLL(secur32, "Secur32.dll", 0x75C00000u)
DLL(netapi32, "NETAPI32.dll", 0x75B00000u)
DLL(rpcrt4, "RPCRT4.dll", 0x75800000u)
/* shcore.dll holds CommandLineToArgvW since Windows 8.1; shell32's serves it. */
DLL_FULL(shcore, "SHCORE.dll", 0x75700000u, &dll_shell32, NULL)

const struct builtin_dll *const builtin_dlls[] = {
    &dll_ntdll, &dll_kernel32, &dll_msvcrt, &dll_user32, &dll_advapi32, &dll_ws2_32, &dll_ucrtbase, &dll_wsock32, &dll_winmm, &dll_vcruntime140, &dll_psapi, &dll_version, &dll_setupapi, &dll_shell32, &dll_comctl32, &dll_gdi32, &dll_iphlpapi, &dll_ole32, &dll_oleaut32, &dll_dbghelp, &dll_comdlg32, &dll_mpr, &dll_lz32, &dll_cabinet,
    &dll_secur32, &dll_netapi32, &dll_rpcrt4, &dll_shcore,
};
const size_t builtin_dll_count = COUNT(builtin_dlls);
