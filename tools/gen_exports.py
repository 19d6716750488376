#!/usr/bin/env python3
# Generates syscalls/<dll>/exports.h, the X-macro export tables of the builtin DLLs,
# from the mingw-w64 i686 import libraries (export names, stdcall sizes, data vs. function)
# and headers (return type, parameters; see tools/prototypes.py).
"""Export-table generator for wowbox's builtin DLL images.

Each member of a mingw-w64 (GNU dlltool) import library that imports one
symbol carries:
  * an ``I __imp_<decorated>`` symbol (the IAT slot),
  * a ``.idata$6`` section holding the hint/name entry: a 2-byte hint
    followed by the NUL-terminated name the DLL really exports,
  * for functions only, a code thunk ``T <decorated>`` (``jmp *__imp_...``).
Data exports have no code thunk.

Static helper objects that mingw compiles into some import libraries
(libmsvcrt.a, libws2_32.a) have no ``.idata$`` sections and their
``__imp_`` pointers, if any, are ordinary data (``D``), so they are skipped.
The export name is taken from ``.idata$6``, not from the symbol: several
symbols can be aliases of one export (msvcrt ``strdup`` -> ``_strdup``,
``__ms_printf`` -> ``printf``, ``_time32`` -> ``time``).

Each function's prototype comes from the mingw-w64 headers through
tools/prototypes.py: its return type, the failure class an unimplemented
stub returns, and its arguments in the trace letters of syscalls/api.h.

Usage: python3 tools/gen_exports.py [--libdir DIR] [--out syscalls] [--check]
"""

import argparse
import os
import re
import subprocess
import sys

import prototypes

DLLS = ["kernel32", "ntdll", "msvcrt", "user32", "advapi32", "ws2_32", "wsock32", "ucrtbase", "winmm", "vcruntime140", "psapi", "version", "setupapi", "shell32", "comctl32", "gdi32", "iphlpapi", "ole32", "oleaut32", "dbghelp", "lz32", "cabinet", "comdlg32", "mpr", "secur32", "netapi32", "rpcrt4", "shcore"]

# Import libraries that together cover one DLL: mingw-w64 keeps ntdll.dll's
# C runtime exports (strlen, memcpy, _snprintf, _alldiv, ...) in a separate
# libntdllcrt.a that also imports from ntdll.dll.
# vcruntime140.dll: mingw-w64 ships only the import library of the Store
# flavour, vcruntime140_app.dll, whose exports are the desktop DLL's.
LIBS = {"ntdll": ["ntdll", "ntdllcrt"], "vcruntime140": ["vcruntime140_app"]}

# mingw-w64 marks some *functions* DATA in its .def files (no code thunk) so
# that its own static replacements win at link time. In the real DLLs these
# are functions. (Stdcall-decorated names such as kernel32's Interlocked*
# are functions anyway, see collect().)
FUNCS_MARKED_DATA = {
    "msvcrt": {"_cabs", "_fpreset", "atan2", "atexit", "ceil", "cos", "exp",
               "fabs", "floor", "fmod", "frexp", "ldexp", "log", "modf", "pow",
               "sin", "sqrt", "wcsnlen"},
    "ntdll": {"atan", "cos", "fabs", "floor"},
    # ucrtbase exports one variable, _mbcasemap; the rest are functions
    # (the long double ones are the double functions under another name).
    "ucrtbase": {"_cabs", "_fpreset", "_tzset", "acoshl", "asinhl", "atan2", "atanhl", "cbrtl",
                 "ceil", "copysignl", "cos", "erfcl", "erfl", "exp", "exp2l", "expm1l",
                 "fabs", "fdiml", "feclearexcept", "fegetenv", "fegetexceptflag", "fegetround", "feholdexcept", "fesetenv",
                 "fesetexceptflag", "fesetround", "fetestexcept", "floor", "fmal", "fmaxl", "fminl", "fmod",
                 "ilogbl", "ldexp", "lgamma", "lgammaf", "lgammal", "llrintl", "llroundl", "log",
                 "log1pl", "log2l", "logbl", "lrintl", "lroundl", "modf", "nanl", "nearbyintl",
                 "nextafterl", "nexttoward", "nexttowardf", "nexttowardl", "pow", "remainderl", "remquol", "rintl",
                 "roundl", "scalblnl", "scalbnl", "sin", "sqrt", "tgammal", "truncl", "wcsnlen"},
}

# And the other way round: rpcrt4's NdrTypeFlags and SimpleType* are tables (a byte per
# format character), which mingw-w64's library declares as functions with
# bogus stdcall sizes (@60029, @1526).
DATA_MARKED_FUNCS = {"rpcrt4": {"NdrTypeFlags", "SimpleTypeAlignment", "SimpleTypeBufferSize", "SimpleTypeMemorySize"}}

# Documented Windows ordinals of ws2_32.dll: the Winsock 1.1 set, numbered
# the same in ws2_32.dll on every Windows version (MSVC's ws2_32.lib
# imports several of them by ordinal). The Winsock 2 additions have no
# fixed ordinals (their numbers changed between Windows releases), so they
# are numbered after the highest entry here. wsock32.dll keeps the Winsock
# 1.1 specification's numbers, which differ for 10-12 (inet_addr,
# inet_ntoa, ioctlsocket), and numbers its own extensions from 1000.
WS2_32_ORDINALS = {
    "accept": 1,
    "bind": 2,
    "closesocket": 3,
    "connect": 4,
    "getpeername": 5,
    "getsockname": 6,
    "getsockopt": 7,
    "htonl": 8,
    "htons": 9,
    "ioctlsocket": 10,
    "inet_addr": 11,
    "inet_ntoa": 12,
    "listen": 13,
    "ntohl": 14,
    "ntohs": 15,
    "recv": 16,
    "recvfrom": 17,
    "select": 18,
    "send": 19,
    "sendto": 20,
    "setsockopt": 21,
    "shutdown": 22,
    "socket": 23,
    "gethostbyaddr": 51,
    "gethostbyname": 52,
    "getprotobyname": 53,
    "getprotobynumber": 54,
    "getservbyname": 55,
    "getservbyport": 56,
    "gethostname": 57,
    "WSAAsyncSelect": 101,
    "WSAAsyncGetHostByAddr": 102,
    "WSAAsyncGetHostByName": 103,
    "WSAAsyncGetProtoByNumber": 104,
    "WSAAsyncGetProtoByName": 105,
    "WSAAsyncGetServByPort": 106,
    "WSAAsyncGetServByName": 107,
    "WSACancelAsyncRequest": 108,
    "WSASetBlockingHook": 109,
    "WSAUnhookBlockingHook": 110,
    "WSAGetLastError": 111,
    "WSASetLastError": 112,
    "WSACancelBlockingCall": 113,
    "WSAIsBlocking": 114,
    "WSAStartup": 115,
    "WSACleanup": 116,
    "__WSAFDIsSet": 151,
    "WEP": 500,
}

WSOCK32_ORDINALS = dict(WS2_32_ORDINALS, inet_addr=10, inet_ntoa=11, ioctlsocket=12)
del WSOCK32_ORDINALS["WEP"]  # not in mingw-w64's libwsock32.a
WSOCK32_ORDINALS.update({
    "WSApSetPostRoutine": 1000, "inet_network": 1100, "getnetbyname": 1101, "rcmd": 1102,
    "rexec": 1103, "rresvport": 1104, "sethostname": 1105, "dn_expand": 1106, "WSARecvEx": 1107,
    "s_perror": 1108, "GetAddressByNameA": 1109, "GetAddressByNameW": 1110, "EnumProtocolsA": 1111,
    "EnumProtocolsW": 1112, "GetTypeByNameA": 1113, "GetTypeByNameW": 1114, "GetNameByTypeA": 1115,
    "GetNameByTypeW": 1116, "SetServiceA": 1117, "SetServiceW": 1118, "GetServiceA": 1119,
    "GetServiceW": 1120, "NPLoadNameSpaces": 1130, "TransmitFile": 1140, "AcceptEx": 1141,
    "GetAcceptExSockaddrs": 1142,
})

# comctl32.dll: InitCommonControls is ordinal 17 on every Windows, and
# programs import it so; the rest of its ordinal-only exports (Alloc 71,
# the DSA/DPA functions 320-339, the subclassing ones 410-413) are not in
# mingw-w64's library, so the named exports are numbered from 500 on: an
# import of one of those ordinals fails to load instead of binding to some
# other function.
COMCTL32_ORDINALS = {"InitCommonControls": 17}
# oleaut32.dll: Visual C++'s oleaut32.lib imports by ordinal, and the
# numbers have been the same since Windows NT 4 (Wine's oleaut32.spec keeps
# them too): the BSTR and VARIANT basics 2-12, SafeArray 15-40, the VarXxxFromYyy
# conversions, SysStringByteLen 149 / SysAllocStringByteLen 150, ... up to
# 492. Exports with no number listed here are numbered from 600 on, clear of
# the newer numbers this table lacks.
OLEAUT32_ORDINALS = {
    "SysAllocString": 2, "SysReAllocString": 3, "SysAllocStringLen": 4, "SysReAllocStringLen": 5,
    "SysFreeString": 6, "SysStringLen": 7, "VariantInit": 8, "VariantClear": 9, "VariantCopy": 10,
    "VariantCopyInd": 11, "VariantChangeType": 12, "VariantTimeToDosDateTime": 13,
    "DosDateTimeToVariantTime": 14, "SafeArrayCreate": 15, "SafeArrayDestroy": 16,
    "SafeArrayGetDim": 17, "SafeArrayGetElemsize": 18, "SafeArrayGetUBound": 19,
    "SafeArrayGetLBound": 20, "SafeArrayLock": 21, "SafeArrayUnlock": 22, "SafeArrayAccessData": 23,
    "SafeArrayUnaccessData": 24, "SafeArrayGetElement": 25, "SafeArrayPutElement": 26,
    "SafeArrayCopy": 27, "DispGetParam": 28, "DispGetIDsOfNames": 29, "DispInvoke": 30,
    "CreateDispTypeInfo": 31, "CreateStdDispatch": 32, "RegisterActiveObject": 33,
    "RevokeActiveObject": 34, "GetActiveObject": 35, "SafeArrayAllocDescriptor": 36,
    "SafeArrayAllocData": 37, "SafeArrayDestroyDescriptor": 38, "SafeArrayDestroyData": 39,
    "SafeArrayRedim": 40, "OACreateTypeLib2": 41, "VarParseNumFromStr": 46,
    "VarNumFromParseNum": 47, "VarI2FromUI1": 48, "VarI2FromI4": 49, "VarI2FromR4": 50,
    "VarI2FromR8": 51, "VarI2FromCy": 52, "VarI2FromDate": 53, "VarI2FromStr": 54,
    "VarI2FromDisp": 55, "VarI2FromBool": 56, "VarI4FromUI1": 58, "VarI4FromI2": 59,
    "VarI4FromR4": 60, "VarI4FromR8": 61, "VarI4FromCy": 62, "VarI4FromDate": 63,
    "VarI4FromStr": 64, "VarI4FromDisp": 65, "VarI4FromBool": 66, "VarR4FromUI1": 68,
    "VarR4FromI2": 69, "VarR4FromI4": 70, "VarR4FromR8": 71, "VarR4FromCy": 72, "VarR4FromDate": 73,
    "VarR4FromStr": 74, "VarR4FromDisp": 75, "VarR4FromBool": 76, "VarR8FromUI1": 78,
    "VarR8FromI2": 79, "VarR8FromI4": 80, "VarR8FromR4": 81, "VarR8FromCy": 82, "VarR8FromDate": 83,
    "VarR8FromStr": 84, "VarR8FromDisp": 85, "VarR8FromBool": 86, "VarDateFromUI1": 88,
    "VarDateFromI2": 89, "VarDateFromI4": 90, "VarDateFromR4": 91, "VarDateFromR8": 92,
    "VarDateFromCy": 93, "VarDateFromStr": 94, "VarDateFromDisp": 95, "VarDateFromBool": 96,
    "VarCyFromUI1": 98, "VarCyFromI2": 99, "VarCyFromI4": 100, "VarCyFromR4": 101,
    "VarCyFromR8": 102, "VarCyFromDate": 103, "VarCyFromStr": 104, "VarCyFromDisp": 105,
    "VarCyFromBool": 106, "VarBstrFromUI1": 108, "VarBstrFromI2": 109, "VarBstrFromI4": 110,
    "VarBstrFromR4": 111, "VarBstrFromR8": 112, "VarBstrFromCy": 113, "VarBstrFromDate": 114,
    "VarBstrFromDisp": 115, "VarBstrFromBool": 116, "VarBoolFromUI1": 118, "VarBoolFromI2": 119,
    "VarBoolFromI4": 120, "VarBoolFromR4": 121, "VarBoolFromR8": 122, "VarBoolFromDate": 123,
    "VarBoolFromCy": 124, "VarBoolFromStr": 125, "VarBoolFromDisp": 126, "VarUI1FromI2": 130,
    "VarUI1FromI4": 131, "VarUI1FromR4": 132, "VarUI1FromR8": 133, "VarUI1FromCy": 134,
    "VarUI1FromDate": 135, "VarUI1FromStr": 136, "VarUI1FromDisp": 137, "VarUI1FromBool": 138,
    "DispCallFunc": 146, "VariantChangeTypeEx": 147, "SafeArrayPtrOfIndex": 148,
    "SysStringByteLen": 149, "SysAllocStringByteLen": 150, "CreateTypeLib": 160, "LoadTypeLib": 161,
    "LoadRegTypeLib": 162, "RegisterTypeLib": 163, "QueryPathOfRegTypeLib": 164,
    "LHashValOfNameSys": 165, "LHashValOfNameSysA": 166, "OaBuildVersion": 170,
    "ClearCustData": 171, "CreateTypeLib2": 180, "LoadTypeLibEx": 183,
    "SystemTimeToVariantTime": 184, "VariantTimeToSystemTime": 185, "UnRegisterTypeLib": 186,
    "VarDecFromUI1": 190, "VarDecFromI2": 191, "VarDecFromI4": 192, "VarDecFromR4": 193,
    "VarDecFromR8": 194, "VarDecFromDate": 195, "VarDecFromCy": 196, "VarDecFromStr": 197,
    "VarDecFromDisp": 198, "VarDecFromBool": 199, "GetErrorInfo": 200, "SetErrorInfo": 201,
    "CreateErrorInfo": 202, "VarI2FromI1": 205, "VarI2FromUI2": 206, "VarI2FromUI4": 207,
    "VarI2FromDec": 208, "VarI4FromI1": 209, "VarI4FromUI2": 210, "VarI4FromUI4": 211,
    "VarI4FromDec": 212, "VarR4FromI1": 213, "VarR4FromUI2": 214, "VarR4FromUI4": 215,
    "VarR4FromDec": 216, "VarR8FromI1": 217, "VarR8FromUI2": 218, "VarR8FromUI4": 219,
    "VarR8FromDec": 220, "VarDateFromI1": 221, "VarDateFromUI2": 222, "VarDateFromUI4": 223,
    "VarDateFromDec": 224, "VarCyFromI1": 225, "VarCyFromUI2": 226, "VarCyFromUI4": 227,
    "VarCyFromDec": 228, "VarBstrFromI1": 229, "VarBstrFromUI2": 230, "VarBstrFromUI4": 231,
    "VarBstrFromDec": 232, "VarBoolFromI1": 233, "VarBoolFromUI2": 234, "VarBoolFromUI4": 235,
    "VarBoolFromDec": 236, "VarUI1FromI1": 237, "VarUI1FromUI2": 238, "VarUI1FromUI4": 239,
    "VarUI1FromDec": 240, "VarDecFromI1": 241, "VarDecFromUI2": 242, "VarDecFromUI4": 243,
    "VarI1FromUI1": 244, "VarI1FromI2": 245, "VarI1FromI4": 246, "VarI1FromR4": 247,
    "VarI1FromR8": 248, "VarI1FromDate": 249, "VarI1FromCy": 250, "VarI1FromStr": 251,
    "VarI1FromDisp": 252, "VarI1FromBool": 253, "VarI1FromUI2": 254, "VarI1FromUI4": 255,
    "VarI1FromDec": 256, "VarUI2FromUI1": 257, "VarUI2FromI2": 258, "VarUI2FromI4": 259,
    "VarUI2FromR4": 260, "VarUI2FromR8": 261, "VarUI2FromDate": 262, "VarUI2FromCy": 263,
    "VarUI2FromStr": 264, "VarUI2FromDisp": 265, "VarUI2FromBool": 266, "VarUI2FromI1": 267,
    "VarUI2FromUI4": 268, "VarUI2FromDec": 269, "VarUI4FromUI1": 270, "VarUI4FromI2": 271,
    "VarUI4FromI4": 272, "VarUI4FromR4": 273, "VarUI4FromR8": 274, "VarUI4FromDate": 275,
    "VarUI4FromCy": 276, "VarUI4FromStr": 277, "VarUI4FromDisp": 278, "VarUI4FromBool": 279,
    "VarUI4FromI1": 280, "VarUI4FromUI2": 281, "VarUI4FromDec": 282, "BSTR_UserSize": 283,
    "BSTR_UserMarshal": 284, "BSTR_UserUnmarshal": 285, "BSTR_UserFree": 286,
    "VARIANT_UserSize": 287, "VARIANT_UserMarshal": 288, "VARIANT_UserUnmarshal": 289,
    "VARIANT_UserFree": 290, "LPSAFEARRAY_UserSize": 291, "LPSAFEARRAY_UserMarshal": 292,
    "LPSAFEARRAY_UserUnmarshal": 293, "LPSAFEARRAY_UserFree": 294, "LPSAFEARRAY_Size": 295,
    "LPSAFEARRAY_Marshal": 296, "LPSAFEARRAY_Unmarshal": 297, "DllRegisterServer": 320,
    "DllUnregisterServer": 321, "VarDateFromUdate": 330, "VarUdateFromDate": 331,
    "GetAltMonthNames": 332, "SafeArrayCreateVector": 411, "SafeArrayCopyData": 412,
    "VectorFromBstr": 413, "BstrFromVector": 414, "OleIconToCursor": 415,
    "OleCreatePropertyFrameIndirect": 416, "OleCreatePropertyFrame": 417, "OleLoadPicture": 418,
    "OleCreatePictureIndirect": 419, "OleCreateFontIndirect": 420, "OleTranslateColor": 421,
    "OleLoadPictureFile": 422, "OleSavePictureFile": 423, "OleLoadPicturePath": 424,
    "OleLoadPictureEx": 425, "GetRecordInfoFromGuids": 426, "GetRecordInfoFromTypeInfo": 427,
    "OleLoadPictureFileEx": 428, "SafeArrayAllocDescriptorEx": 429, "SafeArrayCreateEx": 430,
    "SafeArrayCreateVectorEx": 431, "SafeArrayGetIID": 432, "SafeArrayGetRecordInfo": 433,
    "SafeArraySetIID": 434, "SafeArraySetRecordInfo": 435, "VarAbs": 436, "VarAdd": 437,
    "VarAnd": 438, "VarBstrCat": 439, "VarBstrCmp": 440, "VarCat": 441, "VarCmp": 442,
    "VarCyAbs": 443, "VarCyAdd": 444, "VarCyCmp": 445, "VarCyCmpR8": 446, "VarCyFix": 447,
    "VarCyInt": 448, "VarCyMul": 449, "VarCyMulI4": 450, "VarCyNeg": 451, "VarCyRound": 452,
    "VarCySub": 453, "VarDateFromUdateEx": 454, "VarDecAbs": 455, "VarDecAdd": 456,
    "VarDecCmp": 457, "VarDecCmpR8": 458, "VarDecDiv": 459, "VarDecFix": 460, "VarDecInt": 461,
    "VarDecMul": 462, "VarDecNeg": 463, "VarDecRound": 464, "VarDecSub": 465, "VarDiv": 466,
    "VarEqv": 467, "VarFix": 468, "VarFormat": 469, "VarFormatCurrency": 470,
    "VarFormatDateTime": 471, "VarFormatFromTokens": 472, "VarFormatNumber": 473,
    "VarFormatPercent": 474, "VarIdiv": 475, "VarImp": 476, "VarInt": 477, "VarMod": 478,
    "VarMonthName": 479, "VarMul": 480, "VarNeg": 481, "VarNot": 482, "VarOr": 483, "VarPow": 484,
    "VarR4CmpR8": 485, "VarR8Pow": 486, "VarR8Round": 487, "VarRound": 488, "VarSub": 489,
    "VarTokenizeFormatString": 490, "VarWeekdayName": 491, "VarXor": 492,
}
FIXED_ORDINALS = {"ws2_32": WS2_32_ORDINALS, "wsock32": WSOCK32_ORDINALS, "comctl32": COMCTL32_ORDINALS,
                  "oleaut32": OLEAUT32_ORDINALS}
NUMBER_FROM = {"comctl32": 500, "oleaut32": 600}

# Calling conventions the import libs get wrong. ntdll's _alldiv (64-bit
# divide helper) pops its 16 bytes of arguments like its siblings _allmul@16,
# _allrem@16, _aulldiv@16, but libntdllcrt.a lists it undecorated.
CONV_OVERRIDES = {"ntdll": {"_alldiv": ("STDCALL", 16)}}

# Exports the real DLL has that its mingw-w64 import library lacks (the
# library follows an older DLL). msvcrt.dll has exported the C95 restartable
# multibyte functions since Windows Vista (Microsoft's CRT reference lists
# msvcrt.dll for each); mingw-w64 supplies its own static copies instead.
# They are numbered after the library's exports, so no ordinal moves.
# version.dll has had the Ex functions (flags for MUI lookups) since Vista.
ADDED_EXPORTS = {
    # Windows 8's wait-on-address calls live in kernelbase.dll (the
    # api-ms-win-core-synch-l1-2-0 set; mingw-w64 has them in
    # libsynchronization.a); wowbox's kernel32 stands in for kernelbase.
    "kernel32": {"WaitOnAddress": (16, "STDCALL", "FUNC"), "WakeByAddressAll": (4, "STDCALL", "FUNC"),
                 "WakeByAddressSingle": (4, "STDCALL", "FUNC")},
    "msvcrt": {name: (0, "CDECL", "FUNC") for name in
               ("btowc", "mbrlen", "mbrtowc", "mbsrtowcs", "wcrtomb", "wcsrtombs", "wctob")},
    "version": {"GetFileVersionInfoExA": (20, "STDCALL", "FUNC"), "GetFileVersionInfoExW": (20, "STDCALL", "FUNC"),
                "GetFileVersionInfoSizeExA": (12, "STDCALL", "FUNC"),
                "GetFileVersionInfoSizeExW": (12, "STDCALL", "FUNC")},
}

IMP_PREFIX = "__imp_"


def die(msg):
    sys.stderr.write("gen_exports: error: %s\n" % msg)
    sys.exit(1)


def warn(msg):
    sys.stderr.write("gen_exports: warning: %s\n" % msg)


def run(cmd):
    try:
        res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             check=False)
    except FileNotFoundError:
        die("cannot run %s (install binutils-mingw-w64-i686)" % cmd[0])
    if res.returncode != 0:
        die("%s failed: %s" % (" ".join(cmd), res.stderr.decode(errors="replace")))
    return res.stdout.decode("latin-1")


def mingw_version():
    """Version of the Debian package that ships the import libraries."""
    try:
        res = subprocess.run(["dpkg-query", "-W", "-f=${Version}",
                              "mingw-w64-i686-dev"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             check=False)
    except FileNotFoundError:
        return None
    ver = res.stdout.decode().strip()
    return ver if res.returncode == 0 and ver else None


def read_symbols(nm, lib):
    """member name -> {"sections": set, "imp": [sym], "text": [sym]}."""
    out = run([nm, "-A", lib])
    prefix = lib + ":"
    members = {}
    for line in out.splitlines():
        if not line.startswith(prefix):
            continue
        rest = line[len(prefix):]
        member, sep, sym = rest.partition(":")
        if not sep:
            continue
        fields = sym.split()
        if len(fields) == 3:
            _, typ, name = fields
        elif len(fields) == 2:
            typ, name = fields
        else:
            continue
        m = members.setdefault(member, {"sections": set(), "imp": [], "text": []})
        if typ in "iI" and name.startswith(".idata$"):
            m["sections"].add(name)
        elif typ == "I" and name.startswith(IMP_PREFIX):
            m["imp"].append(name)
        elif typ == "T":
            m["text"].append(name)
    return members


HEX_LINE = re.compile(r"^ ([0-9a-f]+) ")
MEMBER_LINE = re.compile(r"^(\S.*):\s+file format ")


def read_hint_names(objdump, lib):
    """member name -> export name from its .idata$6 hint/name entry."""
    out = run([objdump, "-s", "-j", ".idata$6", lib])
    raw = {}
    member = None
    for line in out.splitlines():
        m = MEMBER_LINE.match(line)
        if m:
            member = m.group(1)
            continue
        m = HEX_LINE.match(line)
        if m and member is not None:
            # Hex area: up to four 8-digit groups, 35 columns, then the ASCII dump.
            hexpart = line[m.end():m.end() + 35].replace(" ", "")
            raw.setdefault(member, bytearray()).extend(bytes.fromhex(hexpart))
    names = {}
    for member, data in raw.items():
        end = data.find(b"\0", 2)
        if len(data) < 3 or end < 0:
            die("%s(%s): malformed .idata$6" % (lib, member))
        names[member] = data[2:end].decode("ascii")
    return names


def decode_import(sym):
    """'__imp__Foo@8' -> ('Foo', 'STDCALL', 8); '__imp_@Bar@4' -> FASTCALL."""
    dec = sym[len(IMP_PREFIX):]
    if dec.startswith("_"):
        body = dec[1:]
        m = re.match(r"^(.+)@(\d+)$", body)
        if m:
            return m.group(1), "STDCALL", int(m.group(2))
        return body, "CDECL", 0
    m = re.match(r"^@(.+)@(\d+)$", dec)
    if m:
        return m.group(1), "FASTCALL", int(m.group(2))
    # Undecorated (e.g. C++ mangled '?...' names): taken as is.
    return dec, "CDECL", 0


def collect(dll, libdir, nm, objdump, notes):
    """Export name -> (arg_bytes, conv, kind) over all import libs of dll."""
    libs = []
    candidates = {}  # name -> [(rank, entry, where)]
    for stem in LIBS.get(dll, [dll]):
        lib = os.path.join(libdir, "lib%s.a" % stem)
        if not os.path.isfile(lib):
            die("missing import library %s" % lib)
        libs.append(lib)
        symbols = read_symbols(nm, lib)
        hint_names = read_hint_names(objdump, lib)
        for member in sorted(symbols):
            info = symbols[member]
            if not info["imp"] or ".idata$5" not in info["sections"]:
                continue  # import header/trailer or a static helper object
            if len(info["imp"]) != 1:
                die("%s(%s): %d __imp_ symbols" % (lib, member, len(info["imp"])))
            imp = info["imp"][0]
            base, conv, nbytes = decode_import(imp)
            name = hint_names.get(member)
            if name is None:
                # Import by ordinal: no hint/name entry; fall back to the symbol.
                notes.append("%s: %s has no .idata$6 (ordinal import); using %r"
                             % (dll, imp, base))
                name = base
            elif name != base:
                notes.append("%s: %s is an alias of export %r" % (dll, imp, name))
            override = CONV_OVERRIDES.get(dll, {}).get(name)
            if override is not None and name == base:
                notes.append("%s: %s taken as %s %d" % (dll, imp, *override))
                conv, nbytes = override
            if conv not in ("STDCALL", "CDECL"):
                notes.append("%s: %s is %s" % (dll, imp, conv))
            # Data exports have no code thunk. Decorated names are functions
            # even when mingw marks them DATA (kernel32 Interlocked*).
            if name in DATA_MARKED_FUNCS.get(dll, ()):
                notes.append("%s: %r is a FUNC in the import lib, taken as DATA" % (dll, name))
                kind, conv, nbytes = "DATA", "CDECL", 0
            elif info["text"] or conv != "CDECL":
                kind = "FUNC"
            elif name in FUNCS_MARKED_DATA.get(dll, ()):
                notes.append("%s: %r is DATA in the import lib, taken as FUNC"
                             % (dll, name))
                kind = "FUNC"
            else:
                kind = "DATA"
            # An alias member (symbol name differs from the export name) ranks
            # below the member that imports the export under its own name.
            rank = 0 if name == base else 1
            where = "%s(%s)" % (os.path.basename(lib), imp)
            candidates.setdefault(name, []).append((rank, (nbytes, conv, kind), where))
    exports = {}
    for name, cands in candidates.items():
        best = min(cands, key=lambda c: c[0])  # stable: first of the best rank
        for rank, entry, where in cands:
            if entry != best[1]:
                notes.append("%s: %r from %s as %r differs from %s as %r; kept the latter"
                             % (dll, name, where, entry, best[2], best[1]))
        exports[name] = best[1]
    for name, entry in ADDED_EXPORTS.get(dll, {}).items():
        if name in exports:
            die("%s: %s is in the import library now; drop it from ADDED_EXPORTS" % (dll, name))
        exports[name] = entry
    return libs, exports


def assign_ordinals(dll, names):
    fixed = FIXED_ORDINALS.get(dll, {})
    result = {}
    for name in names:
        if name in fixed:
            result[name] = fixed[name]
    missing = sorted(set(fixed) - set(result))
    if missing:
        warn("%s: documented ordinals for names not in the library: %s"
             % (dll, ", ".join(missing)))
    nxt = max(max(fixed.values(), default=0) + 1, NUMBER_FROM.get(dll, 0))
    for name in names:
        if name not in result:
            result[name] = nxt
            nxt += 1
    return result


def c_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def c_string_or_null(s):
    return "NULL" if s is None else c_string(s)


def prototype_columns(units, dll, name, nbytes, conv, stats):
    """(fail, ret type, ret letter, args) of a function export; None for
    what the headers do not say."""
    proto, typedefs = prototypes.lookup(units, dll, name)
    if proto is None:
        if dll == "ntdll" and name[:2] in ("Nt", "Zw"):
            # Every Nt*/Zw* system service returns NTSTATUS.
            stats["convention"].append(name)
            return "NTSTATUS", "NTSTATUS", "x", None
        stats["unknown"].append(name)
        return "UNKNOWN", None, None, None
    ret = prototypes.resolve(proto.ret, typedefs)
    fail = prototypes.fail_class(dll, name, ret)
    ret_letter, args, nslots = prototypes.signature(proto, typedefs)
    if args is not None and conv != "CDECL" and nslots * 4 != nbytes:
        # The header disagrees with the DLL's @N: its arguments cannot be trusted.
        stats["mismatch"].append("%s (%d bytes, header %d)" % (name, nbytes, nslots * 4))
        args = None
    elif args is None:
        stats["mismatch"].append("%s (argument of unknown size)" % name)
    elif conv == "FASTCALL":
        # The trace reads arguments from the stack; these come in ecx/edx.
        stats["mismatch"].append("%s (fastcall: arguments in registers)" % name)
        args = None
    else:
        stats["known"] += 1
    return fail, prototypes.describe(proto.ret), ret_letter, args


def write_header(path, dll, libs, exports, version, units, stats, check=False):
    names = sorted(exports, key=lambda s: s.encode("ascii"))
    added = ADDED_EXPORTS.get(dll, {})
    ordinals = assign_ordinals(dll, [n for n in names if n not in added] +
                                    [n for n in names if n in added])
    ver = ("mingw-w64 %s" % version) if version else "mingw-w64"
    lines = [
        "/* Generated by tools/gen_exports.py from %s%s and the mingw-w64 headers (%s)."
        " Do not edit. */"
        % (", ".join(os.path.basename(l) for l in libs),
           " (plus ADDED_EXPORTS)" if added else "", ver),
        "/* EXPORT(name, ordinal, arg_bytes, conv, kind, fail, ret_type, ret, args) */",
    ]
    for name in names:
        nbytes, conv, kind = exports[name]
        if kind == "DATA":
            cols = ("DATA", None, None, None)
        else:
            cols = prototype_columns(units, dll, name, nbytes, conv, stats)
        lines.append("EXPORT(%s, %d, %d, %s, %s, %s, %s, %s, %s)"
                     % (c_string(name), ordinals[name], nbytes, conv, kind, cols[0],
                        c_string_or_null(cols[1]), c_string_or_null(cols[2]),
                        c_string_or_null(cols[3])))
    data = ("\n".join(lines) + "\n").encode("ascii")
    if check:
        with open(path, "rb") as f:
            return f.read() == data
    with open(path, "wb") as f:
        f.write(data)
    return True


def check_samples(all_exports):
    """Sanity checks on well-known exports."""
    expect = {
        "msvcrt": {"_iob": "DATA", "__argc": "DATA", "__argv": "DATA",
                   "_environ": "DATA", "_acmdln": "DATA", "_fmode": "DATA",
                   "printf": "FUNC", "malloc": "FUNC"},
        "kernel32": {"ExitProcess": "FUNC"},
        "ws2_32": {"WSAStartup": "FUNC"},
    }
    for dll, want in expect.items():
        have = all_exports.get(dll)
        if have is None:
            continue
        for name, kind in want.items():
            if name not in have:
                die("%s: expected export %s missing" % (dll, name))
            if have[name][2] != kind:
                die("%s: %s is %s, expected %s" % (dll, name, have[name][2], kind))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--libdir", default="/usr/i686-w64-mingw32/lib",
                    help="directory holding lib<dll>.a (default: %(default)s)")
    ap.add_argument("--out", default=os.path.join(here, "..", "syscalls"),
                    help="output directory; each DLL goes to OUT/<dll>/exports.h (default: syscalls)")
    ap.add_argument("--nm", default="i686-w64-mingw32-nm")
    ap.add_argument("--objdump", default="i686-w64-mingw32-objdump")
    ap.add_argument("--cc", default="i686-w64-mingw32-gcc",
                    help="preprocessor for the mingw-w64 headers (default: %(default)s)")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="list names that needed special handling")
    ap.add_argument("--check", action="store_true",
                    help="write nothing; fail if a checked-in table differs from what "
                         "the import libraries and headers give")
    args = ap.parse_args()

    os.makedirs(args.out, exist_ok=True)
    version = mingw_version()
    all_exports = {}
    notes = []
    stale = []
    try:
        units = prototypes.load_units(args.cc)
    except (OSError, RuntimeError) as e:
        die("cannot read the mingw-w64 headers (install gcc-mingw-w64-i686 and "
            "mingw-w64-common): %s" % e)
    for dll in DLLS:
        libs, exports = collect(dll, args.libdir, args.nm, args.objdump, notes)
        all_exports[dll] = exports
        os.makedirs(os.path.join(args.out, dll), exist_ok=True)
        path = os.path.join(args.out, dll, "exports.h")
        stats = {"known": 0, "unknown": [], "convention": [], "mismatch": []}
        if not write_header(path, dll, libs, exports, version, units, stats, args.check):
            stale.append(os.path.relpath(path))
        kinds = [e[2] for e in exports.values()]
        convs = [e[1] for e in exports.values()]
        print("%-9s %5d exports (%d DATA, %d STDCALL, %d CDECL, %d FASTCALL) -> %s"
              % (dll, len(exports), kinds.count("DATA"), convs.count("STDCALL"),
                 convs.count("CDECL"), convs.count("FASTCALL"),
                 os.path.relpath(path)))
        print("%-9s prototypes: %d known, %d return type only (arguments disagree "
              "with the DLL, have no known size or come in registers), %d NTSTATUS "
              "by the Nt*/Zw* convention, %d unknown"
              % ("", stats["known"], len(stats["mismatch"]), len(stats["convention"]),
                 len(stats["unknown"])))
        for what in ("mismatch", "convention", "unknown"):
            notes += ["%s: prototype %s: %s" % (dll, what, n) for n in stats[what]]
    check_samples(all_exports)
    if stale:
        die("out of date (run python3 tools/gen_exports.py): %s" % ", ".join(stale))
    if args.verbose:
        for n in notes:
            print("note: " + n)
    elif notes:
        print("%d name(s) needed special handling (run with -v to list)" % len(notes))


if __name__ == "__main__":
    main()
