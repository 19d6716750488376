# Function prototypes of the builtin DLLs' exports, read from the mingw-w64
# headers, and what they mean to wowbox: trace letters and the failure class.
"""Prototype extraction for tools/gen_exports.py.

The headers are run through the mingw-w64 i686 preprocessor (so WINAPI,
NTAPI, NTSYSAPI, DECLSPEC_IMPORT, WINBASEAPI, _CRTIMP, __MINGW_NAME_AW and
every #if resolve exactly as they do for a real build), then the preprocessed
text is parsed here: typedefs and function declarations (definitions of
inline functions count as declarations). Exports that exist only as
function-like macros, or not at all in the headers, stay unknown.

Types map to the trace letters of syscalls/api.h (i u x p h b c s w f l) and
the return type to a failure class (see FAIL_* in syscalls/unimplemented.h).
"""

import os
import re
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------------------
# Tokens and statements

TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<id>[A-Za-z_]\w*)
  | (?P<num>(?:0[xX][0-9a-fA-F]+|\d+\.?\d*(?:[eE][-+]?\d+)?)[uUlLfF]*)
  | (?P<str>"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')
  | (?P<ell>\.\.\.)
  | (?P<op>->|<<|>>|[-+*/%&|^!~<>=?:;,.(){}\[\]#])
""", re.X)

# Tokens that say nothing about a type as wowbox sees it.
NOISE = {"extern", "static", "inline", "__inline", "__inline__", "__extension__",
         "__cdecl", "__stdcall", "__fastcall", "_cdecl", "_stdcall", "register",
         "__restrict", "__restrict__", "restrict", "volatile", "__volatile__",
         "__unaligned", "__forceinline", "__w64", "__ptr32", "__ptr64", "auto",
         "_Noreturn", "__thread"}
# Tokens followed by a parenthesised group that is dropped with them.
GROUPED_NOISE = {"__attribute__", "__attribute", "__declspec", "__asm__", "__asm",
                 "asm", "__typeof__", "_Static_assert", "__pragma", "_Pragma"}

BUILTIN = {"void", "char", "short", "int", "long", "float", "double", "signed",
           "unsigned", "_Bool", "__int64", "__int32", "__int16", "__int8",
           "__int128", "__builtin_va_list", "_Complex"}
QUALIFIERS = {"const"}


PRAGMA_LINE = re.compile(r"^[ \t]*#.*$", re.M)


def tokenize(text):
    text = PRAGMA_LINE.sub("", text)  # '#pragma pack' lines survive -E
    out = []
    pos = 0
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            pos += 1  # stray character (e.g. '@', '\\'): not part of C
            continue
        pos = m.end()
        kind = m.lastgroup
        if kind != "ws":
            out.append(m.group())
    return out


def strip_noise(tokens):
    out = []
    i = 0
    n = len(tokens)
    while i < n:
        t = tokens[i]
        if t in GROUPED_NOISE:
            i += 1
            if i < n and tokens[i] == "(":
                i = skip_group(tokens, i)
            continue
        if t not in NOISE:
            out.append(t)
        i += 1
    return out


def skip_group(tokens, i):
    """tokens[i] opens a bracket; returns the index after its match."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    depth = 0
    while i < len(tokens):
        t = tokens[i]
        if t in pairs:
            depth += 1
        elif t in (")", "]", "}"):
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def statements(tokens):
    """Top-level declarations: brace bodies are replaced by one '{}' token;
    a function definition ends at its body, as if it were a declaration."""
    stmt = []
    i = 0
    n = len(tokens)
    while i < n:
        t = tokens[i]
        if t == ";":
            if stmt:
                yield stmt
            stmt = []
            i += 1
        elif t == "{":
            is_body = bool(stmt) and stmt[-1] == ")"
            i = skip_group(tokens, i)
            if is_body:
                yield stmt
                stmt = []
            else:
                stmt.append("{}")
        elif t in ("(", "["):
            j = skip_group(tokens, i)
            stmt.extend(tokens[i:j])
            i = j
        else:
            stmt.append(t)
            i += 1
    if stmt:
        yield stmt


# ---------------------------------------------------------------------------
# Declarations

class CType:
    """A type as written: base (builtin keywords joined by spaces, a typedef
    name, or 'struct TAG'/'union TAG'/'enum TAG'), whether the base is const,
    pointer depth, and whether it is a function pointer."""

    def __init__(self, base, const=False, ptr=0, func=False):
        self.base, self.const, self.ptr, self.func = base, const, ptr, func

    def __repr__(self):
        return "CType(%r, const=%r, ptr=%r%s)" % (self.base, self.const, self.ptr,
                                                  ", func" if self.func else "")


def split_top(tokens, sep=","):
    parts, cur, depth = [], [], 0
    for t in tokens:
        if t in "([":
            depth += 1
        elif t in ")]":
            depth -= 1
        if t == sep and depth == 0:
            parts.append(cur)
            cur = []
        else:
            cur.append(t)
    parts.append(cur)
    return parts


def parse_specifiers(tokens, typedef_names):
    """Leading declaration specifiers -> (base, const, index of the declarator)."""
    words = []
    const = False
    i = 0
    n = len(tokens)
    while i < n:
        t = tokens[i]
        if t in QUALIFIERS:
            const = True
        elif t == "typedef":
            pass
        elif t in BUILTIN:
            words.append(t)
        elif t in ("struct", "union", "enum"):
            tag = "<anon>"
            if i + 1 < n and re.match(r"^[A-Za-z_]", tokens[i + 1]):
                i += 1
                tag = tokens[i]
            if i + 1 < n and tokens[i + 1] == "{}":
                i += 1
            return "%s %s" % (t, tag), const_after(tokens, i + 1, const)
        elif re.match(r"^[A-Za-z_]\w*$", t) and not words:
            # A typedef name, unless it is the declarator itself ('int x').
            if t in typedef_names or declarator_follows(tokens, i + 1):
                return t, const_after(tokens, i + 1, const)
            return None, (const, i)
        else:
            break
        i += 1
    if not words:
        return None, (const, i)
    return " ".join(words), (const, i)


def declarator_follows(tokens, i):
    """After an unknown identifier, does a declarator follow (so the
    identifier was a type name)?"""
    while i < len(tokens) and tokens[i] in QUALIFIERS:
        i += 1
    return i < len(tokens) and (tokens[i] in ("*", "(") or
                                re.match(r"^[A-Za-z_]", tokens[i]) is not None)


def const_after(tokens, i, const):
    while i < len(tokens) and tokens[i] in QUALIFIERS | BUILTIN:
        if tokens[i] in QUALIFIERS:
            const = True
        i += 1
    return const, i


def parse_declarator(tokens):
    """One declarator -> (name or None, ptr depth, array, func ptr, params or
    None). params are the tokens inside the function's parentheses when the
    declarator declares a function."""
    ptr = 0
    i = 0
    n = len(tokens)
    while i < n and tokens[i] in ("*", "const"):
        if tokens[i] == "*":
            ptr += 1
        i += 1
    if i < n and tokens[i] == "(":
        # '( * name ... )' : pointer to function/array, or a function returning one.
        end = skip_group(tokens, i)
        inner = tokens[i + 1:end - 1]
        rest = tokens[end:]
        name, iptr, _arr, _fp, params = parse_declarator(inner)
        if params is not None:
            return name, ptr + 1, False, True, params  # function returning a function pointer
        if rest and rest[0] == "(":
            return name, iptr, False, True, None  # pointer to function
        return name, ptr + iptr, bool(rest and rest[0] == "["), False, None
    name = None
    if i < n and re.match(r"^[A-Za-z_]\w*$", tokens[i]):
        name = tokens[i]
        i += 1
    if i < n and tokens[i] == "(":
        end = skip_group(tokens, i)
        return name, ptr, False, False, tokens[i + 1:end - 1]
    array = i < n and tokens[i] == "["
    return name, ptr, array, False, None


class Param:
    def __init__(self, ctype, name):
        self.ctype, self.name = ctype, name

    def __repr__(self):
        return "Param(%r, %r)" % (self.ctype, self.name)


class Proto:
    """ret: CType; params: [Param]; variadic: bool."""

    def __init__(self, name, ret, params, variadic):
        self.name, self.ret, self.params, self.variadic = name, ret, params, variadic

    def __repr__(self):
        return "Proto(%s, %r, %r%s)" % (self.name, self.ret, self.params,
                                        ", ..." if self.variadic else "")


def parse_params(tokens, typedef_names):
    if not tokens or tokens == ["void"]:
        return [], False
    params = []
    variadic = False
    for part in split_top(tokens):
        if part == ["..."]:
            variadic = True
            continue
        base, (const, j) = parse_specifiers(part, typedef_names)
        if base is None:
            return None, False  # K&R or unparsable
        name, ptr, array, func, fparams = parse_declarator(part[j:])
        if array or fparams is not None:
            ptr += 1  # arrays and functions decay to pointers
        params.append(Param(CType(base, const, ptr, func or fparams is not None), name))
    return params, variadic


class Headers:
    """Typedefs and function prototypes gathered from preprocessed C."""

    def __init__(self):
        self.typedefs = {}  # name -> CType
        self.protos = {}    # name -> Proto (first declaration wins)

    def feed(self, text):
        for stmt in statements(strip_noise(tokenize(text))):
            if stmt[0] == "typedef":
                self._typedef(stmt[1:])
            else:
                self._declaration(stmt)
        return self

    def _typedef(self, stmt):
        base, (const, j) = parse_specifiers(stmt, self.typedefs)
        if base is None:
            return
        for decl in split_top(stmt[j:]):
            name, ptr, array, func, params = parse_declarator(decl)
            if not name:
                continue
            if params is not None:
                func = True  # a function type
            self.typedefs.setdefault(name, CType(base, const, ptr + (1 if array else 0), func))

    def _declaration(self, stmt):
        base, (const, j) = parse_specifiers(stmt, self.typedefs)
        if base is None:
            return
        decls = split_top(stmt[j:])
        if len(decls) != 1:
            return  # 'int a(void), b(void);' does not occur for exports
        name, ptr, _array, func, params = parse_declarator(decls[0])
        if not name or params is None or name in self.protos:
            return
        plist, variadic = parse_params(params, self.typedefs)
        if plist is None:
            return
        self.protos[name] = Proto(name, CType(base, const, ptr, func), plist, variadic)


# ---------------------------------------------------------------------------
# What a type means to wowbox

class Resolved:
    """A type followed through its typedefs: the names met while it was not
    yet a pointer ('top'), every name met ('chain'), the final builtin base,
    pointer depth and whether the innermost pointee is const."""

    def __init__(self, top, chain, base, ptr, const, func):
        self.top, self.chain, self.base, self.ptr, self.const, self.func = \
            top, chain, base, ptr, const, func


def resolve(ctype, typedefs):
    top, chain = [], []
    base, ptr, const, func = ctype.base, ctype.ptr, ctype.const, ctype.func
    seen = set()
    while base in typedefs and base not in seen:
        seen.add(base)
        chain.append(base)
        if ptr == 0:
            top.append(base)
        t = typedefs[base]
        if t.ptr and ptr == 0:
            const = t.const
        elif t.ptr == 0:
            const = const or t.const
        base, ptr, func = t.base, ptr + t.ptr, func or t.func
    if base.startswith("struct ") or base.startswith("union "):
        chain.append(base.split(" ", 1)[1])
        if ptr == 0:
            top.append(base.split(" ", 1)[1])
    return Resolved(top, chain, base, ptr, const, func)


BOOL_NAMES = {"BOOL", "WINBOOL", "BOOLEAN", "boolean"}
EIGHT_BYTE_STRUCTS = {"_LARGE_INTEGER", "_ULARGE_INTEGER", "LARGE_INTEGER", "ULARGE_INTEGER"}
FLAG_NAME = re.compile(r"flag|access|mask|attrib|option|protect|style|mode", re.I)


def scalar(r):
    """Classifies a non-pointer resolved type: void, bool, char, short,
    int, uint, int64, uint64, float, double, struct8, struct, enum."""
    if any(n in BOOL_NAMES for n in r.top):
        return "bool"
    b = r.base
    words = b.split()
    if b == "void":
        return "void"
    if words[0] == "enum":
        return "enum"
    if words[0] in ("struct", "union"):
        return "struct8" if words[1] in EIGHT_BYTE_STRUCTS else "struct"
    if "double" in words:
        return "double"
    if "float" in words:
        return "float"
    unsigned = "unsigned" in words
    if "__int64" in words or words.count("long") == 2:
        return "uint64" if unsigned else "int64"
    if "char" in words or "__int8" in words:
        return "char"
    if "short" in words or "__int16" in words:
        return "short"
    if b == "__builtin_va_list":
        return "ptr"
    return "uint" if unsigned else "int"


def is_handle(r):
    """HANDLE and DECLARE_HANDLE types (HKEY, HMODULE, SC_HANDLE...)."""
    if "HANDLE" in r.top:
        return True
    return r.ptr == 1 and bool(r.top) and r.base.startswith("struct ") and \
        r.base.endswith("__")


# Stack slots of the structures Win32 passes by value (checked against the
# DLLs' @N sizes by gen_exports.py).
STRUCT_SLOTS = {"_COORD": 1, "tagPOINTS": 1, "in_addr": 1, "tagPOINT": 2,
                "_POINTL": 2, "tagSIZE": 2, "_complex": 4}


def slots(r):
    """Stack slots (4 bytes) taken by an argument of this type; None if unknown."""
    if r.ptr or r.func:
        return 1
    kind = scalar(r)
    if kind in ("int64", "uint64", "double", "struct8"):
        return 2
    if kind == "struct":
        return STRUCT_SLOTS.get(r.base.split(" ", 1)[1])
    return 1


def arg_letter(r, name):
    if r.ptr or r.func:
        if is_handle(r):
            return "h"
        if r.ptr == 1 and r.const and not r.func:
            if "wchar_t" in r.chain or "WCHAR" in r.chain:
                return "w"
            if scalar(Resolved([], [], r.base, 0, False, False)) == "char":
                return "s"
        return "p"
    kind = scalar(r)
    if "SOCKET" in r.top:
        return "x"
    if kind == "bool":
        return "b" if "BOOLEAN" not in r.top and "boolean" not in r.top else "x"
    if kind in ("int64", "uint64", "struct8"):
        return "l"
    if kind == "double":
        return "f"
    if kind == "char":
        return "c"
    if any(n in ("NTSTATUS", "HRESULT") for n in r.top):
        return "x"
    if kind in ("uint", "short", "float"):
        return "x" if kind != "uint" or (name and FLAG_NAME.search(name)) else "u"
    return "i"


def ret_letter(r):
    if r.ptr or r.func:
        return "h" if is_handle(r) else "p"
    if "SOCKET" in r.top:
        return "x"
    kind = scalar(r)
    return {"void": "v", "bool": "b", "int64": "l", "uint64": "l", "double": "f",
            "float": "f", "uint": "u", "char": "x", "short": "x",
            "struct": "x", "struct8": "l"}.get(kind, "x" if any(
                n in ("NTSTATUS", "HRESULT") for n in r.top) else "i")


def describe(ctype):
    """The return type as written in the header, e.g. 'HANDLE', 'char *'."""
    base = ctype.base
    if ctype.const:
        base = "const " + base
    return base + (" " + "*" * ctype.ptr if ctype.ptr else "")


# ---------------------------------------------------------------------------
# Failure classes (the C side: syscalls/unimplemented.c, one table)

# APIs returning a handle whose documented failure is INVALID_HANDLE_VALUE
# rather than NULL.
INVALID_HANDLE_APIS = {
    "IcmpCreateFile", "Icmp6CreateFile", "CreateFileA", "CreateFileW", "CreateFile2", "CreateFileTransactedA",
    "CreateFileTransactedW", "ReOpenFile", "OpenFileById",
    "FindFirstFileA", "FindFirstFileW", "FindFirstFileExA", "FindFirstFileExW",
    "FindFirstFileTransactedA", "FindFirstFileTransactedW",
    "FindFirstFileNameW", "FindFirstFileNameTransactedW",
    "FindFirstStreamW", "FindFirstStreamTransactedW",
    "FindFirstVolumeA", "FindFirstVolumeW",
    "FindFirstVolumeMountPointA", "FindFirstVolumeMountPointW",
    "FindFirstChangeNotificationA", "FindFirstChangeNotificationW",
    "CreateNamedPipeA", "CreateNamedPipeW", "CreateMailslotA", "CreateMailslotW",
    "CreateToolhelp32Snapshot", "CreateConsoleScreenBuffer", "GetStdHandle",
}

# DWORD/UINT APIs whose documented failure is all ones rather than 0
# (WAIT_FAILED, INVALID_FILE_ATTRIBUTES, INVALID_SET_FILE_POINTER,
# INVALID_FILE_SIZE, TLS_OUT_OF_INDEXES, FLS_OUT_OF_INDEXES, (DWORD)-1 of
# ResumeThread, SuspendThread and SetThreadIdealProcessor).
ALL_ONES_APIS = {
    "WaitForSingleObject", "WaitForSingleObjectEx", "WaitForMultipleObjects",
    "WaitForMultipleObjectsEx", "SignalObjectAndWait", "MsgWaitForMultipleObjects",
    "MsgWaitForMultipleObjectsEx", "GetFileAttributesA", "GetFileAttributesW",
    "GetFileAttributesTransactedA", "GetFileAttributesTransactedW",
    "SetFilePointer", "GetFileSize", "WaitForInputIdle", "SetThreadIdealProcessor",
    "GetCompressedFileSizeA", "GetCompressedFileSizeW",
    "GetCompressedFileSizeTransactedA", "GetCompressedFileSizeTransactedW",
    "TlsAlloc", "FlsAlloc", "ResumeThread", "SuspendThread", "Wow64SuspendThread",
}

# DWORD APIs that return a Win32 error code (ERROR_SUCCESS on success).
WIN32_ERROR_APIS = {
    "GetNamedSecurityInfoA", "GetNamedSecurityInfoW", "SetNamedSecurityInfoA",
    "SetNamedSecurityInfoW", "GetSecurityInfo", "SetSecurityInfo",
    "SetEntriesInAclA", "SetEntriesInAclW", "GetEffectiveRightsFromAclA",
    "GetEffectiveRightsFromAclW", "GetExplicitEntriesFromAclA",
    "GetExplicitEntriesFromAclW", "BuildSecurityDescriptorA",
    "BuildSecurityDescriptorW", "TreeResetNamedSecurityInfoA",
    "TreeResetNamedSecurityInfoW", "TreeSetNamedSecurityInfoA",
    "TreeSetNamedSecurityInfoW", "LookupSecurityDescriptorPartsA",
    "LookupSecurityDescriptorPartsW", "StartTraceA", "StartTraceW",
    "ControlTraceA", "ControlTraceW", "StopTraceA", "StopTraceW",
    "QueryTraceA", "QueryTraceW", "FlushTraceA", "FlushTraceW",
    "EnableTrace", "EnableTraceEx", "EnableTraceEx2", "ProcessTrace",
    "CloseTrace", "RegisterTraceGuidsA", "RegisterTraceGuidsW",
    "UnregisterTraceGuids", "TraceEvent", "EventRegister", "EventUnregister",
    "EventWrite", "EventWriteTransfer", "EventWriteString", "EventActivityIdControl",
    "EventSetInformation", "EventWriteEx", "WNetGetUserA", "WNetGetUserW",
    "NotifyServiceStatusChange", "NotifyServiceStatusChangeA", "NotifyServiceStatusChangeW",
}

FAIL_CLASSES = [
    "UNKNOWN", "DATA", "VOID", "NTSTATUS", "WIN32_ERROR", "HRESULT", "FALSE",
    "NULL", "INVALID_HANDLE", "ZERO", "ALL_ONES", "INT64", "DOUBLE",
    "SOCKET_ERROR", "INVALID_SOCKET", "WSA_NULL", "WSA_ZERO", "WSA_VOID",
    "CRT_INT", "CRT_ERRNO", "CRT_NULL", "CRT_ZERO", "CRT_WEOF", "CRT_INT64",
    "CRT_DOUBLE", "CRT_VOID",
]


# The return types each class covers, for docs/apis.md (the rule itself is
# fail_class below; the values are in syscalls/unimplemented.c).
FAIL_DOC = [
    ("NTSTATUS", "`NTSTATUS`"),
    ("WIN32_ERROR", "`LSTATUS`; `LONG` of `Reg*`; `DWORD` of the functions that return a Win32 error code (`GetNamedSecurityInfo`, `SetEntriesInAcl`, event tracing, iphlpapi's `DWORD`/`ULONG` results but the ICMP replies count and `if_nametoindex`, mpr's `DWORD` results...)"),
    ("HRESULT", "`HRESULT`"),
    ("FALSE", "`BOOL`, `BOOLEAN`"),
    ("NULL", "handles and pointers (`HANDLE`, `HKEY`, `HMODULE`, `LPVOID`...)"),
    ("INVALID_HANDLE", "`HANDLE` of the APIs documented to fail with INVALID_HANDLE_VALUE (`CreateFile*`, `FindFirst*`, `CreateNamedPipe*`, `CreateMailslot*`, `CreateToolhelp32Snapshot`, `GetStdHandle`...)"),
    ("ZERO", "other integers (`DWORD`, `UINT`, `int`, `ATOM`, `SIZE_T`...): counts and lengths"),
    ("ALL_ONES", "`DWORD` of the APIs documented to fail with all ones (`WaitFor*`, `GetFileAttributes*`, `SetFilePointer`, `GetFileSize`, `TlsAlloc`, `ResumeThread`...)"),
    ("INT64", "64-bit integers (`LONGLONG`, `ULONGLONG`), in edx:eax"),
    ("DOUBLE", "`double`, `float`, in st0"),
    ("VOID", "`void`"),
    ("SOCKET_ERROR", "ws2_32 `int`"),
    ("INVALID_SOCKET", "ws2_32 `SOCKET`"),
    ("WSA_NULL", "ws2_32 pointers and handles"),
    ("WSA_ZERO", "ws2_32 unsigned integers and `BOOL`"),
    ("WSA_VOID", "ws2_32 `void`"),
    ("CRT_INT", "msvcrt signed integers (`int`, `long`, `time_t`): -1 is the documented failure of its I/O and process functions"),
    ("CRT_ERRNO", "msvcrt `errno_t` (the `_s` functions)"),
    ("CRT_NULL", "msvcrt pointers"),
    ("CRT_ZERO", "msvcrt unsigned integers (`size_t`, `unsigned`)"),
    ("CRT_WEOF", "msvcrt `wint_t`"),
    ("CRT_INT64", "msvcrt `__int64`, in edx:eax"),
    ("CRT_DOUBLE", "msvcrt `double`, in st0"),
    ("CRT_VOID", "msvcrt `void`"),
    ("UNKNOWN", "no prototype in the mingw-w64 headers"),
]


def fail_class(dll, name, r):
    """The failure class of export name of dll returning the resolved type r."""
    if r is None:
        # netapi32's undeclared exports (the I_Net*/I_Browser* internals,
        # LAN Manager 2 leftovers) return NET_API_STATUS like the rest; the
        # Netp* helpers do not.
        if dll == "netapi32" and name.startswith(("Net", "I_Net", "I_Browser", "Ds", "I_Ds", "Dav")) \
                and not name.startswith("Netp"):
            return "WIN32_ERROR"
        return "UNKNOWN"
    pointer = bool(r.ptr or r.func)
    kind = None if pointer else scalar(r)
    if dll in ("ws2_32", "wsock32"):
        if kind == "void":
            return "WSA_VOID"
        if "SOCKET" in r.top:
            return "INVALID_SOCKET"
        if pointer:
            return "WSA_NULL"
        if kind in ("int", "enum") and "BOOL" not in r.top:
            return "SOCKET_ERROR"
        return "WSA_ZERO"
    if dll in CRT_DLLS:
        if kind == "void":
            return "CRT_VOID"
        if "errno_t" in r.top:
            return "CRT_ERRNO"
        if pointer:
            return "CRT_NULL"
        if "wint_t" in r.top:
            return "CRT_WEOF"
        if kind in ("double", "float"):
            return "CRT_DOUBLE"
        if kind in ("int64", "uint64"):
            return "CRT_INT64"
        if kind in ("int", "enum", "short"):
            return "CRT_INT"
        if kind in ("struct", "struct8"):
            return "UNKNOWN"
        return "CRT_ZERO"
    if kind == "void":
        return "VOID"
    if "NTSTATUS" in r.top:
        return "NTSTATUS"
    if "HRESULT" in r.top:
        return "HRESULT"
    if "SECURITY_STATUS" in r.top:
        return "HRESULT"  # SEC_E_* are HRESULT-style failures
    if "LSTATUS" in r.top or name in WIN32_ERROR_APIS or \
            "RPC_STATUS" in r.top or \
            (dll == "netapi32" and not pointer and kind == "uint") or \
            (dll == "shcore" and not pointer and kind == "uint" and
             name.startswith(("SHCopyKey", "SHDelete", "SHGetValue", "SHQueryValue",
                              "SHRegGetPath", "SHRegSetPath", "SHSetValue", "SHEnum",
                              "SHQueryInfoKey"))) or \
            (name.startswith("Reg") and "LONG" in r.top) or \
            (dll == "iphlpapi" and not pointer and kind == "uint" and
             not name.startswith(("Icmp", "Icmp6", "if_"))) or \
            (dll == "mpr" and not pointer and kind == "uint"):
        return "WIN32_ERROR"
    if pointer:
        if name in INVALID_HANDLE_APIS and is_handle(r):
            return "INVALID_HANDLE"
        return "NULL"
    if name in ALL_ONES_APIS:
        return "ALL_ONES"
    if kind == "bool":
        return "FALSE"
    if kind in ("int64", "uint64", "struct8"):
        return "INT64"
    if kind in ("double", "float"):
        return "DOUBLE"
    if kind == "struct":
        return "UNKNOWN"
    return "ZERO"


# ---------------------------------------------------------------------------
# Signatures for an export

def signature(proto, typedefs):
    """(ret letter, args in the API-line grammar, stack slots or None)."""
    parts = []
    total = 0
    for i, p in enumerate(proto.params):
        r = resolve(p.ctype, typedefs)
        n = slots(r)
        name = p.name or "arg%d" % (i + 1)
        if n is None:
            return ret_letter(resolve(proto.ret, typedefs)), None, None
        total += n
        if scalar(r) == "struct" and not (r.ptr or r.func):
            # A structure by value: its slots in hex ('l' for two).
            parts += ["l " + name] if n == 2 else \
                ["x %s%s" % (name, "" if n == 1 else "_%d" % k) for k in range(n)]
            continue
        parts.append("%s %s" % (arg_letter(r, p.name), name))
    if proto.variadic:
        parts.append("...")
    return ret_letter(resolve(proto.ret, typedefs)), ", ".join(parts), total


# ---------------------------------------------------------------------------
# Header sets

INCLUDE = "/usr/share/mingw-w64/include"

# The C runtime DLLs: their unimplemented exports fail the CRT way (CRT_*).
CRT_DLLS = ("msvcrt", "ucrtbase", "vcruntime140")

# Translation units, each preprocessed on its own (the DDK headers cannot be
# mixed with windows.h). Order matters per DLL: see UNITS_FOR.
UNITS = {
    "win": (["winsock2.h", "ws2tcpip.h", "mswsock.h", "windows.h", "winternl.h",
             "tlhelp32.h", "psapi.h", "winsvc.h", "aclapi.h", "sddl.h", "wincrypt.h",
             "ntsecapi.h", "evntprov.h", "evntrace.h", "winsafer.h", "wct.h",
             "lmcons.h", "winnls32.h", "imm.h", "winuser.h",
             "dbt.h", "winefs.h", "werapi.h", "processthreadsapi.h",
             "wow64apiset.h", "realtimeapiset.h", "synchapi.h", "fileapi.h",
             "interlockedapi.h", "securitybaseapi.h", "ws2spi.h", "nspapi.h",
             "wsipx.h", "wincred.h", "winperf.h", "evntcons.h", "winevt.h", "setupapi.h", "shellapi.h", "shlobj.h", "commctrl.h",
             "iphlpapi.h", "icmpapi.h", "objbase.h", "oleauto.h", "dbghelp.h", "fdi.h", "commdlg.h", "winnetwk.h",
             "winsafer.h", "wmistr.h", "accctrl.h", "ntstatus.h"],
            ["-D_WIN32_WINNT=0x0A00", "-DWINVER=0x0A00", "-DNTDDI_VERSION=0x0A000000",
             "-D_WINSOCKAPI_NOWARN"], []),
    # secur32, netapi32, rpcrt4 and shcore: SSPI, LAN Manager, RPC and the
    # shell's core headers in a unit of their own, so the others' prototypes
    # stay as they were.
    "lan": (["windows.h", "security.h", "ntsecapi.h", "lm.h", "rpc.h", "rpcndr.h",
             "rpcasync.h", "midles.h", "rpcproxy.h", "rpcdcep.h", "rpcnsip.h", "rpcssl.h",
             "dsgetdc.h", "dsrole.h", "lmdfs.h", "lmjoin.h", "secext.h", "schannel.h",
             "shlwapi.h", "shellscalingapi.h", "shtypes.h"],
            ["-D_WIN32_WINNT=0x0A00", "-DWINVER=0x0A00", "-DNTDDI_VERSION=0x0A000000",
             "-DSECURITY_WIN32"], []),
    "nt": (["ntifs.h"],
           ["-D_WIN32_WINNT=0x0A00", "-DNTDDI_VERSION=0x0A000000"], ["ddk"]),
    # ntdll exports mingw-w64 does not declare (tools/ntdll_extra.h)
    "ntdll_extra": (["windows.h", "winternl.h", os.path.join(HERE, "ntdll_extra.h")],
                    ["-D_WIN32_WINNT=0x0A00", "-DWINVER=0x0A00"], []),
    # kernel32 exports mingw-w64 declares only as macros or not at all
    "kernel32_extra": (["windows.h", os.path.join(HERE, "kernel32_extra.h")],
                       ["-D_WIN32_WINNT=0x0A00", "-DWINVER=0x0A00"], []),
    "crt": (["stdio.h", "stdlib.h", "string.h", "wchar.h", "math.h", "float.h",
             "io.h", "process.h", "direct.h", "conio.h", "mbstring.h", "mbctype.h",
             "locale.h", "time.h", "signal.h", "setjmp.h", "sys/stat.h",
             "sys/timeb.h", "sys/utime.h", "ctype.h", "wctype.h", "errno.h",
             "fcntl.h", "malloc.h", "search.h", "excpt.h", "stddef.h", "share.h",
             "dos.h", "memory.h", "assert.h", "fpieee.h",
             "crtdbg.h", "sys/locking.h", "mbstring.h",
             "limits.h"],
            ["-D_USE_32BIT_TIME_T", "-DMINGW_HAS_SECURE_API=1",
             "-D_CRT_SECURE_NO_WARNINGS"], []),
    # The same headers as the Universal CRT sees them (64-bit time_t, the
    # __stdio_common_* entry points, C99 functions).
    "ucrt": (["stdio.h", "stdlib.h", "string.h", "wchar.h", "math.h", "float.h",
              "io.h", "process.h", "direct.h", "conio.h", "mbstring.h", "mbctype.h",
              "locale.h", "time.h", "signal.h", "setjmp.h", "sys/stat.h",
              "sys/timeb.h", "sys/utime.h", "ctype.h", "wctype.h", "errno.h",
              "fcntl.h", "malloc.h", "search.h", "excpt.h", "stddef.h", "share.h",
              "dos.h", "memory.h", "assert.h", "fpieee.h", "crtdbg.h",
              "sys/locking.h", "limits.h", "fenv.h", "complex.h", "inttypes.h",
              "uchar.h", "corecrt_startup.h", "new.h"],
             ["-D_UCRT", "-DMINGW_HAS_SECURE_API=1", "-D_CRT_SECURE_NO_WARNINGS"], []),
}

UNITS_FOR = {
    "secur32": ["lan", "win", "nt", "crt"],
    "netapi32": ["lan", "win", "nt", "crt"],
    "rpcrt4": ["lan", "win", "nt", "crt"],
    "shcore": ["lan", "win", "nt", "crt"],
    "ucrtbase": ["ucrt", "win"],
    "vcruntime140": ["ucrt", "win"],
    "ntdll": ["nt", "win", "ntdll_extra", "kernel32_extra", "crt"],
    "kernel32": ["win", "nt", "crt", "kernel32_extra"],
    "msvcrt": ["crt", "win"],
}
DEFAULT_UNITS = ["win", "nt", "crt"]


def preprocess(unit, cc="i686-w64-mingw32-gcc", include=INCLUDE):
    headers, defines, subdirs = UNITS[unit]
    src = "".join("#include <%s>\n" % h for h in headers)
    cmd = [cc, "-E", "-P", "-x", "c", "-"] + defines
    for sub in subdirs:
        cmd.append("-I" + include + "/" + sub)
    res = subprocess.run(cmd, input=src.encode(), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, check=False)
    if res.returncode != 0:
        raise RuntimeError("preprocessing the %s headers failed: %s"
                           % (unit, res.stderr.decode(errors="replace")[:2000]))
    return res.stdout.decode("latin-1")


def load_units(cc="i686-w64-mingw32-gcc"):
    return {u: Headers().feed(preprocess(u, cc)) for u in UNITS}


def lookup(units, dll, name):
    """(Proto, typedefs) for an export, trying the DLL's header sets in order;
    Nt* and Zw* share one prototype (ntdll exports both for each service)."""
    names = [name]
    if dll == "psapi":
        # psapi.h declares the kernel32 K32* names psapi.dll forwards to
        # (#define EnumProcesses K32EnumProcesses).
        names.append("K32" + name)
    if dll == "ntdll" and name[:2] in ("Nt", "Zw"):
        names.append(("Zw" if name[:2] == "Nt" else "Nt") + name[2:])
    if name.endswith("A"):
        # Headers that predate __MINGW_NAME_AW declare some ANSI functions
        # unsuffixed (GetEnvironmentStrings for GetEnvironmentStringsA).
        names.append(name[:-1])
    elif dll not in CRT_DLLS and not name.endswith("W"):
        # Legacy unsuffixed exports are the ANSI function (kernel32 lstrcat,
        # GetBinaryType, ReplaceFile).
        names.append(name + "A")
    for unit in UNITS_FOR.get(dll, DEFAULT_UNITS):
        h = units.get(unit)
        if h is None:
            continue
        for n in names:
            if n in h.protos:
                return h.protos[n], h.typedefs
    return None, None
