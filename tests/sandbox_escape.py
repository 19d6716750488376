#!/usr/bin/env python3
"""--no-host-drive and --sandbox end to end (issue 14): the escape program
(tests/pe/sandbox_escape.c) runs under Unicorn with symlinks planted in
drive_c and in a mapped drive pointing outside, a host current directory
outside the prefix, and a CreateProcess child that tries everything again.
Passes when no attempt reached the outside directory and nothing there was
created or changed. A control run with the host drive Z: mapped must reach
it, which shows the program does detect an escape.

Under the native backend, guest code can also make Linux system calls
itself: tests/pe/native_escape.c tries int 0x80 open and creat and a far
call into 64-bit code that opens a file. Where the native backend runs, its
control run must reach outside and its --sandbox run must not.

usage: sandbox_escape.py WOWBOX ESCAPE_EXE [NATIVE_ESCAPE_EXE]"""
import os
import shutil
import subprocess
import sys
import tempfile

SECRET = b"top secret\n"


def outside_state(outside):
    state = {}
    for root, dirs, files in os.walk(outside):
        for name in dirs + files:
            path = os.path.join(root, name)
            with open(path, "rb") if os.path.isfile(path) else open(os.devnull, "rb") as f:
                state[os.path.relpath(path, outside)] = f.read()
    return state


def run(wowbox, prefix, drive, outside, extra):
    win_outside = "Z:" + outside.replace("/", "\\")
    cmd = [wowbox, "--cpu=unicorn", "--prefix", prefix, "--drive", "D:=" + drive, *extra,
           os.path.join(drive, "escape.exe"), win_outside]
    p = subprocess.run(cmd, cwd=outside, capture_output=True, timeout=300)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def check_confined(label, rc, out, err, outside):
    problems = []
    if "-- child" not in out:
        problems.append("the CreateProcess child did not run")
    problems += [line for line in out.splitlines() if "REACHED" in line]
    if rc != 0:
        problems.append("exit status %d" % rc)
    state = outside_state(outside)
    if state != {"secret": SECRET}:
        problems.append("the outside directory changed: %r" % sorted(state))
    if problems:
        print("FAIL %s:\n  %s\nstdout:\n%s\nstderr:\n%s" % (label, "\n  ".join(problems), out, err))
        return False
    attempts = out.count("blocked")
    print("ok   %s: %d attempts blocked (parent and child)" % (label, attempts))
    return True


def native_available(wowbox):
    p = subprocess.run([wowbox, "--version"], capture_output=True, text=True)
    return any(l.split()[:1] == ["native"] and l.split()[1].startswith("available") for l in p.stdout.splitlines())


def reset_outside(outside):
    shutil.rmtree(outside)
    os.makedirs(outside)
    with open(os.path.join(outside, "secret"), "wb") as f:
        f.write(SECRET)


def native_escapes(wowbox, exe, prefix, drive, outside):
    """int 0x80 and 64-bit system calls from guest code, native backend."""
    shutil.copy(exe, os.path.join(drive, "native_escape.exe"))
    ok = True
    for label, extra, confined in (("native control", [], False), ("native --sandbox", ["--sandbox"], True)):
        reset_outside(outside)
        cmd = [wowbox, "--cpu=native", "--prefix", prefix, "--drive", "D:=" + drive, *extra,
               os.path.join(drive, "native_escape.exe"), outside]
        p = subprocess.run(cmd, cwd=outside, capture_output=True, text=True, timeout=300)
        lines = [l for l in p.stdout.splitlines() if ": " in l]
        reached = [l for l in lines if "REACHED" in l]
        changed = outside_state(outside) != {"secret": SECRET}
        if len(lines) != 3 or p.returncode != 0:
            print("FAIL %s: expected three attempts and exit 0 (status %d)\n%s%s" %
                  (label, p.returncode, p.stdout, p.stderr))
            ok = False
        elif confined and (reached or changed):
            print("FAIL %s: %s%s\n%s" % (label, "; ".join(reached),
                                       " (the outside directory changed)" if changed else "", p.stdout))
            ok = False
        elif not confined and len(reached) != 3:
            print("FAIL %s: the escapes must reach outside without --sandbox\n%s" % (label, p.stdout))
            ok = False
        else:
            print("ok   %s: %s" % (label, "; ".join(lines)))
    reset_outside(outside)
    return ok


def main():
    wowbox, exe = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    native_exe = os.path.abspath(sys.argv[3]) if len(sys.argv) > 3 else None
    tmp = tempfile.mkdtemp(prefix="wowbox-escape-")
    try:
        prefix, drive, outside = (os.path.join(tmp, d) for d in ("pfx", "drive", "outside"))
        for d in (prefix, drive, outside, os.path.join(prefix, "drive_c")):
            os.makedirs(d, exist_ok=True)
        with open(os.path.join(outside, "secret"), "wb") as f:
            f.write(SECRET)
        shutil.copy(exe, os.path.join(drive, "escape.exe"))
        c = os.path.join(prefix, "drive_c")
        os.symlink(outside, os.path.join(c, "linkout"))
        os.symlink(os.path.join(outside, "secret"), os.path.join(c, "filelink"))
        os.symlink(os.path.join(outside, "created"), os.path.join(c, "dangling"))
        os.symlink(outside, os.path.join(drive, "up"))

        ok = True
        # control: with Z: mapped (the default) the program reaches outside
        rc, out, err = run(wowbox, prefix, drive, outside, [])
        if "REACHED" not in out or rc == 0:
            print("FAIL control run (host drive mapped) reached nothing: the test cannot see escapes\n" + out + err)
            ok = False
        else:
            print("ok   control run with Z: mapped reaches outside (%d attempts)" % out.count("REACHED"))
        shutil.rmtree(outside)
        os.makedirs(outside)
        with open(os.path.join(outside, "secret"), "wb") as f:
            f.write(SECRET)

        rc, out, err = run(wowbox, prefix, drive, outside, ["--no-host-drive"])
        ok &= check_confined("--no-host-drive", rc, out, err, outside)
        rc, out, err = run(wowbox, prefix, drive, outside, ["--sandbox"])
        if rc != 0 and "no Landlock" in err:
            print("SKIP --sandbox: " + err.strip())
            return 77 if ok else 1
        ok &= check_confined("--sandbox", rc, out, err, outside)
        rc, out, err = run(wowbox, prefix, drive, outside, ["--sandbox", "--net=none"])
        ok &= check_confined("--sandbox --net=none", rc, out, err, outside)
        if native_exe and native_available(wowbox):
            ok &= native_escapes(wowbox, native_exe, prefix, drive, outside)
        else:
            print("note native escapes not run: the native backend is not available here")
        return 0 if ok else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
