#!/usr/bin/env python3
# Unit tests of tools/prototypes.py: the declaration parser on header
# snippets, the type -> trace letter and failure class rules, and (when the
# mingw-w64 cross compiler is installed) a few prototypes of the real headers.
import os
import shutil
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import prototypes as P  # noqa: E402

BASE = """
#pragma pack(push,8)
typedef unsigned short wchar_t;
typedef unsigned int size_t;
typedef int errno_t;
typedef unsigned short wint_t;
typedef int WINBOOL;
typedef unsigned char BYTE;
typedef BYTE BOOLEAN;
typedef unsigned long DWORD, *PDWORD;
typedef long LONG;
typedef LONG NTSTATUS, *PNTSTATUS;
typedef LONG HRESULT;
typedef LONG LSTATUS;
typedef void *HANDLE;
typedef HANDLE *PHANDLE;
typedef char CHAR;
typedef wchar_t WCHAR;
typedef CHAR *LPSTR;
typedef const CHAR *LPCSTR;
typedef const WCHAR *LPCWSTR;
typedef unsigned int UINT_PTR;
typedef UINT_PTR SOCKET;
struct HKEY__ { int unused; }; typedef struct HKEY__ *HKEY;
typedef union _LARGE_INTEGER { struct { DWORD LowPart; LONG HighPart; } u; long long QuadPart; } LARGE_INTEGER;
typedef struct _COORD { short X; short Y; } COORD, *PCOORD;
#pragma pack(pop)
"""


def parse(text):
    return P.Headers().feed(BASE + text)


def sig(h, name):
    return P.signature(h.protos[name], h.typedefs)


def cls(h, dll, name):
    return P.fail_class(dll, name, P.resolve(h.protos[name].ret, h.typedefs))


class Parser(unittest.TestCase):
    def test_winapi_declaration(self):
        h = parse("__attribute__((dllimport)) HANDLE __attribute__((__stdcall__)) "
                  "CreateFileA (LPCSTR lpFileName, DWORD dwDesiredAccess, PHANDLE out, "
                  "LPSTR buffer, LPCWSTR wide, HKEY hKey);")
        self.assertEqual(sig(h, "CreateFileA"),
                         ("h", "s lpFileName, x dwDesiredAccess, p out, p buffer, "
                          "w wide, h hKey", 6))
        self.assertEqual(P.describe(h.protos["CreateFileA"].ret), "HANDLE")

    def test_function_pointers_and_inline_definitions(self):
        h = parse("void __cdecl qsort(void *_Base, size_t _N, size_t _S, "
                  "int (__cdecl *_Cmp)(const void *, const void *));\n"
                  "void (__cdecl *signal(int _Sig, void (__cdecl *_Func)(int)))(int);\n"
                  "static __inline__ int twice(int a) { if (a) { return a + a; } return 0; }\n"
                  "extern int after(void);\n"
                  "int sum(int n, ...);\n"
                  "char *names(char *list[], int);")
        self.assertEqual(sig(h, "qsort"), ("v", "p _Base, u _N, u _S, p _Cmp", 4))
        self.assertEqual(sig(h, "signal"), ("p", "i _Sig, p _Func", 2))
        self.assertEqual(sig(h, "twice"), ("i", "i a", 1))
        self.assertEqual(sig(h, "after"), ("i", "", 0))
        self.assertEqual(sig(h, "sum"), ("i", "i n, ...", 1))
        self.assertEqual(sig(h, "names"), ("p", "p list, i arg2", 2))

    def test_by_value_arguments(self):
        h = parse("WINBOOL __attribute__((__stdcall__)) SetPos(HANDLE h, COORD at, "
                  "LARGE_INTEGER off, double d, BOOLEAN flag, WINBOOL b);\n"
                  "struct big { int a[5]; };\n"
                  "int takes(struct big b);")
        self.assertEqual(sig(h, "SetPos"),
                         ("b", "h h, x at, l off, f d, x flag, b b", 8))
        self.assertEqual(sig(h, "takes"), ("i", None, None))  # size unknown

    def test_macro_only_functions_are_absent(self):
        h = parse("int real(int);")
        self.assertNotIn("RtlMoveMemory", h.protos)
        units = {"win": h, "nt": P.Headers(), "crt": P.Headers()}
        self.assertEqual(P.lookup(units, "kernel32", "RtlMoveMemory"), (None, None))

    def test_nt_zw_share_prototypes(self):
        h = parse("NTSTATUS __attribute__((__stdcall__)) ZwClose(HANDLE Handle);")
        units = {"nt": h, "win": P.Headers(), "crt": P.Headers()}
        proto, _ = P.lookup(units, "ntdll", "NtClose")
        self.assertEqual(proto.name, "ZwClose")


class Rules(unittest.TestCase):
    def setUp(self):
        self.h = parse("""
NTSTATUS __attribute__((__stdcall__)) NtFoo(HANDLE h);
LONG __attribute__((__stdcall__)) RegFoo(HKEY k);
LONG __attribute__((__stdcall__)) CompareFoo(LONG a);
LSTATUS __attribute__((__stdcall__)) SHFoo(HKEY k);
HRESULT __attribute__((__stdcall__)) WerFoo(HANDLE h);
WINBOOL __attribute__((__stdcall__)) BoolFoo(void);
BOOLEAN __attribute__((__stdcall__)) RtlBoolFoo(void);
HANDLE __attribute__((__stdcall__)) CreateMailslotA(LPCSTR n);
HANDLE __attribute__((__stdcall__)) CreateEventA(LPCSTR n);
HKEY __attribute__((__stdcall__)) KeyFoo(void);
DWORD __attribute__((__stdcall__)) CountFoo(void);
DWORD __attribute__((__stdcall__)) WaitForSingleObject(HANDLE h, DWORD ms);
unsigned long long __attribute__((__stdcall__)) TickFoo(void);
void __attribute__((__stdcall__)) VoidFoo(void);
double __cdecl sqrt(double);
int __cdecl _open(const char *, int, ...);
errno_t __cdecl strcpy_s(char *, size_t, const char *);
wint_t __cdecl towlower(wint_t);
size_t __cdecl strlen(const char *);
long long __cdecl _atoi64(const char *);
char *__cdecl getenv(const char *);
void __cdecl perror(const char *);
int __attribute__((__stdcall__)) recv(SOCKET s, char *buf, int len, int flags);
SOCKET __attribute__((__stdcall__)) socket(int af, int type, int protocol);
struct hostent *__attribute__((__stdcall__)) gethostbyname(const char *name);
""")

    def test_win32_classes(self):
        h = self.h
        for name, want in [("NtFoo", "NTSTATUS"), ("RegFoo", "WIN32_ERROR"),
                           ("CompareFoo", "ZERO"), ("SHFoo", "WIN32_ERROR"),
                           ("WerFoo", "HRESULT"), ("BoolFoo", "FALSE"),
                           ("RtlBoolFoo", "FALSE"), ("CreateMailslotA", "INVALID_HANDLE"),
                           ("CreateEventA", "NULL"), ("KeyFoo", "NULL"),
                           ("CountFoo", "ZERO"), ("WaitForSingleObject", "ALL_ONES"),
                           ("TickFoo", "INT64"), ("VoidFoo", "VOID"), ("sqrt", "DOUBLE")]:
            self.assertEqual(cls(h, "kernel32", name), want, name)

    def test_crt_classes(self):
        h = self.h
        for name, want in [("sqrt", "CRT_DOUBLE"), ("_open", "CRT_INT"),
                           ("strcpy_s", "CRT_ERRNO"), ("towlower", "CRT_WEOF"),
                           ("strlen", "CRT_ZERO"), ("_atoi64", "CRT_INT64"),
                           ("getenv", "CRT_NULL"), ("perror", "CRT_VOID")]:
            self.assertEqual(cls(h, "msvcrt", name), want, name)

    def test_winsock_classes(self):
        h = self.h
        self.assertEqual(cls(h, "ws2_32", "recv"), "SOCKET_ERROR")
        self.assertEqual(cls(h, "ws2_32", "socket"), "INVALID_SOCKET")
        self.assertEqual(cls(h, "ws2_32", "gethostbyname"), "WSA_NULL")
        self.assertEqual(sig(h, "recv"), ("i", "x s, p buf, i len, i flags", 4))

    def test_every_class_documented(self):
        self.assertEqual(sorted(c for c, _ in P.FAIL_DOC),
                         sorted(c for c in P.FAIL_CLASSES if c != "DATA"))

    def test_unknown_prototype(self):
        self.assertEqual(P.fail_class("kernel32", "X", None), "UNKNOWN")


@unittest.skipUnless(shutil.which("i686-w64-mingw32-gcc") and os.path.isdir(P.INCLUDE),
                     "needs gcc-mingw-w64-i686 and mingw-w64-common")
class RealHeaders(unittest.TestCase):
    """The mingw-w64 headers through the real preprocessor: WINBASEAPI/WINAPI,
    NTSYSAPI/NTAPI, _CRTIMP, __MINGW_NAME_AW and inline CRT functions."""

    @classmethod
    def setUpClass(cls):
        cls.units = P.load_units()

    def check(self, dll, name, fail, ret, args):
        proto, typedefs = P.lookup(self.units, dll, name)
        self.assertIsNotNone(proto, name)
        self.assertEqual(P.fail_class(dll, name, P.resolve(proto.ret, typedefs)), fail)
        letter, sig_args, _ = P.signature(proto, typedefs)
        self.assertEqual((letter, sig_args), (ret, args))

    def test_real(self):
        self.check("kernel32", "FindFirstFileW", "INVALID_HANDLE", "h",
                   "w lpFileName, p lpFindFileData")
        self.check("kernel32", "GetEnvironmentStringsA", "NULL", "p", "")
        self.check("ntdll", "NtClose", "NTSTATUS", "x", "h Handle")
        self.check("advapi32", "RegOpenKeyExA", "WIN32_ERROR", "i",
                   "h hKey, s lpSubKey, x ulOptions, u samDesired, p phkResult")
        self.check("msvcrt", "time", "CRT_INT", "i", "p _Time")  # 32-bit time_t
        self.check("ws2_32", "closesocket", "SOCKET_ERROR", "i", "x s")
        # tools/ntdll_extra.h, where mingw-w64 has no declaration
        self.check("ntdll", "RtlFlsSetValue", "NTSTATUS", "x", "u Index, p Value")
        self.check("ntdll", "TpSetPoolMaxThreads", "VOID", "v", "p Pool, i MaxThreads")
        # tools/kernel32_extra.h, and a legacy unsuffixed export (the ANSI one)
        self.check("kernel32", "GetThreadDescription", "HRESULT", "x",
                   "h hThread, p ppszThreadDescription")
        self.check("kernel32", "lstrcat", "NULL", "p", "p lpString1, s lpString2")


if __name__ == "__main__":
    unittest.main()
