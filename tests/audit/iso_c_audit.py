#!/usr/bin/env python3
# ISO C audit: every C90/C95 library function (iso_c_functions.txt) that
# msvcrt.dll or ucrtbase.dll exports must be implemented by wowbox, as
# `wowbox --list-unimplemented DLL` reports it (host handlers and guest code).
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DLLS = ("msvcrt", "ucrtbase")


def iso_functions(path):
    names = {}
    header = None
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            if line.startswith("["):
                header = line.strip("[]")
                continue
            for name in line.split():
                if name in names:
                    sys.exit("iso_c_audit: %s listed twice" % name)
                names[name] = header
    return names


def exports(source_dir, dll):
    path = os.path.join(source_dir, "syscalls", dll, "exports.h")
    with open(path) as f:
        return set(re.findall(r'^EXPORT\("([^"]+)"', f.read(), re.M))


def unimplemented(wowbox, dll):
    out = subprocess.run([wowbox, "--list-unimplemented", dll], check=True,
                         capture_output=True, text=True).stdout
    lines = out.splitlines()
    head = re.match(r"%s\.dll: (\d+) of (\d+) exports implemented, (\d+) not" % dll,
                    lines[0] if lines else "")
    if not head:
        sys.exit("iso_c_audit: unexpected --list-unimplemented output: %r" % out[:200])
    names = {l.split()[0] for l in lines[1:] if l.startswith("  ")}
    # The list must be what the header counts, or this audit reads nothing.
    if len(names) != int(head.group(3)):
        sys.exit("iso_c_audit: %s: header says %s unimplemented, listed %d"
                 % (dll, head.group(3), len(names)))
    return names


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: iso_c_audit.py WOWBOX SOURCE_DIR")
    wowbox, source_dir = sys.argv[1], sys.argv[2]
    iso = iso_functions(os.path.join(HERE, "iso_c_functions.txt"))
    failed = False
    for dll in DLLS:
        have = exports(source_dir, dll)
        missing = unimplemented(wowbox, dll)
        exported = [n for n in iso if n in have]
        bad = [n for n in exported if n in missing]
        absent = [n for n in iso if n not in have]
        print("%s: %d of %d ISO C90/C95 functions exported, %d of those unimplemented"
              % (dll, len(exported), len(iso), len(bad)))
        if absent:
            print("  not exported by %s.dll: %s" % (dll, " ".join(absent)))
        for n in bad:
            print("  UNIMPLEMENTED %s (%s)" % (n, iso[n]))
            failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
