#!/usr/bin/env python3
"""Turns one DLL's guest code (i686 COFF, `ld -r` of syscalls/<dll>/guest/*.c
and the shared syscalls/guest/*.c) into a C blob the host embeds.

    python3 tools/gen_guest_blob.py --dll kernel32 --c OUT.c --h OUT.h [OBJ.o]

The blob is every allocated section laid end to end, then one 4-byte import
slot per host export the guest code calls. Relocations are resolved here as
far as they can be: relative ones (calls, jumps) completely; absolute ones
hold the target's offset in the blob and are listed, so the loader adds the
blob's load address (syscalls/builtin_image.c). An import is a reference to
`wg_imp_<dll>_<Name>` (syscalls/guest/wg.h: WG_IMPORT), read as a function
pointer: its slot receives the export's address at load time, so the call
reaches the export's stub (and the trace) like any program's call would. A
reference to `wg_val_<Name>` (WG_HOST_VALUE) is a slot of the pseudo-DLL
"wowbox": the loader writes a value of the run there (the CPU backend's
bulk-copy threshold), so the guest code reads a constant it cannot know at
build time.

OUT.h defines GUEST_OFFSET_<dll>_<Name> for every function <dll>_<Name>, so a
GUEST_C(...) declaration without guest code does not compile. Guest code
must not have writable data (the blob lives in the read-only .text);
per-thread and per-process state belongs in the TEB or in host-owned data.
Without OBJ the blob is empty (a DLL with no guest code).
"""
import argparse
import re
import struct
import sys

DLLS = ["advapi32", "kernel32", "msvcrt", "ntdll", "ucrtbase", "user32", "vcruntime140", "winmm", "ws2_32", "wsock32", "psapi", "version", "setupapi", "shell32", "comctl32", "gdi32", "iphlpapi", "ole32", "oleaut32", "dbghelp", "lz32", "cabinet", "comdlg32", "mpr", "secur32", "netapi32", "rpcrt4", "shcore"]
IMPORT_PREFIX = "wg_imp_"
HOST_VALUE_PREFIX = "wg_val_"
HOST_VALUE_DLL = "wowbox"  # syscalls/guest_blob.h: GUEST_HOST_VALUE_DLL

IMAGE_FILE_MACHINE_I386 = 0x14C
SCN_CNT_CODE = 0x20
SCN_CNT_INITIALIZED_DATA = 0x40
SCN_CNT_UNINITIALIZED_DATA = 0x80
SCN_LNK_INFO = 0x200
SCN_LNK_REMOVE = 0x800
SCN_MEM_DISCARDABLE = 0x02000000
SCN_MEM_WRITE = 0x80000000
REL_DIR32, REL_DIR32NB, REL_REL32 = 0x06, 0x07, 0x14
SYM_EXTERNAL = 2


class BlobError(Exception):
    pass


class Section:
    def __init__(self, name, data, relocs, align, flags):
        self.name, self.data, self.relocs, self.align, self.flags = name, data, relocs, align, flags
        self.offset = None  # in the blob


class Symbol:
    def __init__(self, name, value, section, sclass):
        self.name, self.value, self.section, self.sclass = name, value, section, sclass


def read_coff(path):
    with open(path, "rb") as f:
        raw = f.read()
    machine, nsec, _, symptr, nsyms, optsize, _ = struct.unpack_from("<HHIIIHH", raw, 0)
    if machine != IMAGE_FILE_MACHINE_I386:
        raise BlobError(f"{path}: not an i386 COFF object (machine {machine:#x})")
    strtab = symptr + 18 * nsyms

    def string_at(off):
        end = raw.index(b"\0", strtab + off)
        return raw[strtab + off:end].decode()

    def short_name(b8):
        if b8[:4] == b"\0\0\0\0":
            return string_at(struct.unpack_from("<I", b8, 4)[0])
        return b8.rstrip(b"\0").decode()

    sections = []
    for i in range(nsec):
        hdr = raw[20 + optsize + 40 * i:20 + optsize + 40 * (i + 1)]
        name = hdr[:8].rstrip(b"\0").decode()
        if name.startswith("/"):
            name = string_at(int(name[1:]))
        _, _, size, dataptr, relptr, _, nrel, _, flags = struct.unpack_from("<IIIIIIHHI", hdr, 8)
        data = raw[dataptr:dataptr + size] if dataptr and not flags & SCN_CNT_UNINITIALIZED_DATA else bytes(size)
        relocs = [struct.unpack_from("<IIH", raw, relptr + 10 * r) for r in range(nrel)]
        align_code = (flags >> 20) & 0xF
        sections.append(Section(name, bytearray(data), relocs, 1 << (align_code - 1) if align_code else 16, flags))
    symbols = {}
    i = 0
    while i < nsyms:
        off = symptr + 18 * i
        name = short_name(raw[off:off + 8])
        value, secnum, _, sclass, naux = struct.unpack_from("<IhHBB", raw, off + 8)
        symbols[i] = Symbol(name, value, secnum, sclass)
        i += 1 + naux
    return sections, symbols


def kept(sec):
    """Sections that become part of the blob: code and data, not debug info
    or linker directives."""
    if sec.flags & (SCN_LNK_INFO | SCN_LNK_REMOVE | SCN_MEM_DISCARDABLE) or sec.name.startswith(".debug"):
        return False
    return bool(sec.flags & (SCN_CNT_CODE | SCN_CNT_INITIALIZED_DATA | SCN_CNT_UNINITIALIZED_DATA))


def import_of(name):
    """'wg_imp_ws2_32_send' → ('ws2_32', 'send'), 'wg_val_bulk_copy_min' →
    ('wowbox', 'bulk_copy_min'); None for other names."""
    if name.startswith(HOST_VALUE_PREFIX) and len(name) > len(HOST_VALUE_PREFIX):
        return HOST_VALUE_DLL, name[len(HOST_VALUE_PREFIX):]
    if not name.startswith(IMPORT_PREFIX):
        return None
    rest = name[len(IMPORT_PREFIX):]
    for dll in DLLS:
        if rest.startswith(dll + "_") and len(rest) > len(dll) + 1:
            return dll, rest[len(dll) + 1:]
    raise BlobError(f"{name}: an import names no builtin DLL ({', '.join(DLLS)})")


def undecorate(name):
    """COFF name → (C name, bytes popped: -1 for cdecl)."""
    m = re.fullmatch(r"@(\w+)@(\d+)", name)  # fastcall
    if m:
        return m.group(1), int(m.group(2))
    if name.startswith("_"):
        name = name[1:]
    m = re.fullmatch(r"(\w+)@(\d+)", name)
    if m:
        return m.group(1), int(m.group(2))
    return name, -1


def build(path):
    sections, symbols = read_coff(path)
    blob = bytearray()
    for sec in sections:
        if not kept(sec):
            continue
        if sec.flags & SCN_MEM_WRITE and len(sec.data):
            raise BlobError(f"section {sec.name} is writable data ({len(sec.data)} bytes): guest "
                            "code keeps its state in the TEB or in host-owned data")
        blob += bytes(-len(blob) % sec.align)
        sec.offset = len(blob)
        blob += sec.data
    for sym in symbols.values():
        if sym.section == 0 and sym.value and sym.sclass == SYM_EXTERNAL:
            raise BlobError(f"{sym.name}: a common (uninitialised writable) variable")
    blob += bytes(-len(blob) % 4)
    imports = {}  # (dll, name) -> slot offset

    def target(sym):
        """Blob offset the symbol stands for, or ('import', slot)."""
        if sym.section > 0:
            sec = sections[sym.section - 1]
            if sec.offset is None:
                raise BlobError(f"{sym.name}: lives in dropped section {sec.name}")
            return sec.offset + sym.value, False
        imp = import_of(sym.name.lstrip("_"))
        if not imp:
            raise BlobError(f"{sym.name.lstrip('_')} is undefined in guest code (no host library "
                            "here: define it in syscalls/guest/ or import it with WG_IMPORT)")
        if imp not in imports:
            imports[imp] = len(blob)
            blob.extend(bytes(4))
        return imports[imp], True

    relocs = []
    for sec in sections:
        if sec.offset is None:
            continue
        for vaddr, symidx, rtype in sec.relocs:
            sym = symbols.get(symidx)
            if sym is None:
                raise BlobError(f"{sec.name}+{vaddr:#x}: relocation against unknown symbol {symidx}")
            where = sec.offset + vaddr
            addend = struct.unpack_from("<i", blob, where)[0]
            off, is_import = target(sym)
            if rtype == REL_DIR32:
                struct.pack_into("<I", blob, where, (off + addend) & 0xFFFFFFFF)
                relocs.append(where)
            elif rtype == REL_REL32 and not is_import:
                struct.pack_into("<i", blob, where, off + addend - (where + 4))
            elif rtype == REL_REL32:
                raise BlobError(f"{sym.name}: an import or host value is a slot (WG_IMPORT, "
                                "WG_HOST_VALUE), not called directly")
            else:
                raise BlobError(f"{sec.name}+{vaddr:#x}: relocation type {rtype:#x} is not supported")
    exported = {}
    for sym in symbols.values():
        if sym.sclass != SYM_EXTERNAL or sym.section <= 0:
            continue
        sec = sections[sym.section - 1]
        if sec.offset is None or not sec.flags & SCN_CNT_CODE:
            continue
        name, pop = undecorate(sym.name)
        if name in exported:
            raise BlobError(f"{name} is defined twice")
        exported[name] = (sec.offset + sym.value, pop)
    align = max([sec.align for sec in sections if sec.offset is not None] + [1])
    return blob, sorted(relocs), imports, exported, align


def write_c(path, dll, blob, relocs, imports, exported, align):
    out = [f"/* Generated by tools/gen_guest_blob.py from {dll}'s guest code; do not edit. */",
           '#include "syscalls/guest_blob.h"', ""]
    out.append(f"static const uint8_t code[{max(len(blob), 1)}] = {{")
    for i in range(0, len(blob), 16):
        out.append("    " + ", ".join(f"0x{b:02x}" for b in blob[i:i + 16]) + ",")
    out.append("};")
    out.append(f"static const uint32_t relocs[{max(len(relocs), 1)}] = {{")
    for i in range(0, len(relocs), 8):
        out.append("    " + ", ".join(f"{r:#x}" for r in relocs[i:i + 8]) + ",")
    out.append("};")
    out.append(f"static const struct guest_import imports[{max(len(imports), 1)}] = {{")
    for (idll, name), slot in sorted(imports.items(), key=lambda kv: kv[1]):
        out.append(f'    {{ "{idll}", "{name}", {slot:#x} }},')
    out.append("};")
    out.append(f"static const struct guest_symbol symbols[{max(len(exported), 1)}] = {{")
    for name, (off, pop) in sorted(exported.items()):
        out.append(f'    {{ "{name}", {off:#x}, {pop} }},')
    out.append("};")
    out += ["", f"const struct guest_blob guest_blob_{dll} = {{",
            f"    code, {len(blob)}, relocs, {len(relocs)}, imports, {len(imports)}, "
            f"symbols, {len(exported)}, {align},", "};", ""]
    with open(path, "w") as f:
        f.write("\n".join(out))


def write_h(path, dll, exported):
    guard = f"WOWBOX_GENERATED_{dll.upper()}_GUEST_BLOB_H"
    out = [f"/* Generated by tools/gen_guest_blob.py: {dll}'s guest code; do not edit. */",
           f"#ifndef {guard}", f"#define {guard}", "", '#include "syscalls/guest_blob.h"', "",
           f"extern const struct guest_blob guest_blob_{dll};", ""]
    for name, (off, _) in sorted(exported.items()):
        if name.startswith(dll + "_"):
            out.append(f"#define GUEST_OFFSET_{name} {off:#x}u")
    out += ["", "#endif", ""]
    with open(path, "w") as f:
        f.write("\n".join(out))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dll", required=True, choices=DLLS)
    ap.add_argument("--c", required=True)
    ap.add_argument("--h", required=True)
    ap.add_argument("object", nargs="?")
    a = ap.parse_args()
    try:
        blob, relocs, imports, exported, align = build(a.object) if a.object else (bytearray(), [], {}, {}, 1)
    except BlobError as e:
        sys.exit(f"gen_guest_blob ({a.dll}): {e}")
    write_c(a.c, a.dll, blob, relocs, imports, exported, align)
    write_h(a.h, a.dll, exported)


if __name__ == "__main__":
    main()
