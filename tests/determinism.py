#!/usr/bin/env python3
"""--deterministic end to end: deterministic.exe (clocks, tick counts, ids,
names, RtlGenRandom, a temporary file name, rand) run twice with
--deterministic prints the same bytes and leaves the same trace in every
trace format; without it the two runs differ; --fake-time moves the date;
long_sleep.exe (a minute of guest sleeps and waits) ends quickly at
--time-scale=1000; and `wowbox test` runs deterministically by default.

usage: determinism.py WOWBOX PE_DIR
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

WOWBOX, PE = (os.path.abspath(a) for a in sys.argv[1:3])
PROBE = os.path.join(PE, "deterministic.exe")
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def run(prefix, *opts, trace=None, fmt="text", args=("raw",)):
    cmd = [WOWBOX, "--cpu=unicorn", "--prefix=" + prefix, *opts]
    if trace:
        cmd += ["--trace-layer=all", "--trace-format=" + fmt, "--trace-file=" + trace]
    p = subprocess.run(cmd + [PROBE, *args], capture_output=True, timeout=120)
    trace_bytes = open(trace, "rb").read() if trace else b""
    return p, trace_bytes


def main():
    tmp = tempfile.mkdtemp(prefix="wowbox-determinism-")
    try:
        prefix = os.path.join(tmp, "prefix")
        run(prefix)  # creates the prefix, so both compared runs find it made
        for fmt in ("text", "jsonl", "etw-csv", "chrome"):
            a, ta = run(prefix, "--deterministic", trace=os.path.join(tmp, "a." + fmt), fmt=fmt)
            b, tb = run(prefix, "--deterministic", trace=os.path.join(tmp, "b." + fmt), fmt=fmt)
            check(a.returncode == 0 and a.stdout == b.stdout,
                  "--deterministic: the same stdout twice (%s trace run)" % fmt)
            check(len(ta) > 1000 and ta == tb, "--deterministic: the same %s trace twice (%d bytes)" % (fmt, len(ta)))
        out = a.stdout.decode()
        print(out)
        check("date 2000-01-01 00:00" in out, "the fake clock starts at the documented default date")
        check("slept 1500 ms" in out, "Sleep(1500) moves the tick count by exactly 1500 ms")
        check("pid 4096 tid 4100" in out, "fixed process and thread ids")
        check("computer WOWBOX user user" in out, "fixed computer and user names")
        x, _ = run(prefix)
        y, _ = run(prefix)
        check(x.returncode == 0 and x.stdout != y.stdout, "without --deterministic two runs differ")
        diff = [l for l in x.stdout.decode().splitlines() if l.startswith(("random", "qpc", "pid"))]
        check(all(l not in y.stdout.decode() for l in diff), "... in their random bytes, counters and ids")
        f, _ = run(prefix, "--deterministic", "--fake-time=2024-05-01T12:30:00Z")
        check(b"date 2024-05-01 12:30" in f.stdout, "--fake-time sets the fake clock's start")
        bad = subprocess.run([WOWBOX, "--fake-time=2024-13-01", PROBE], capture_output=True, text=True)
        check(bad.returncode == 2 and "--fake-time" in bad.stderr, "a malformed --fake-time is refused")
        t0 = time.monotonic()
        s = subprocess.run([WOWBOX, "--cpu=unicorn", "--prefix=" + prefix, "--time-scale=1000",
                            os.path.join(PE, "long_sleep.exe")], capture_output=True, text=True, timeout=120)
        secs = time.monotonic() - t0
        check(s.returncode == 0 and "a minute of guest time passed: yes" in s.stdout and secs < 20,
              "--time-scale=1000: a minute of guest sleeps and waits takes %.2f s of host time" % secs)
        # the runner: deterministic by default, --no-deterministic turns it off
        suite = os.path.join(tmp, "suite")
        os.mkdir(suite)
        shutil.copy(PROBE, os.path.join(suite, "det.exe"))
        with open(os.path.join(suite, "det.args"), "w") as fh:
            fh.write("raw\n")
        with open(os.path.join(suite, "det.stdout"), "wb") as fh:
            fh.write(a.stdout)
        t = subprocess.run([WOWBOX, "test", "--cpu=unicorn", suite], capture_output=True, text=True, timeout=300)
        check(t.returncode == 0, "wowbox test runs --deterministic by default: the exact raw values match")
        t = subprocess.run([WOWBOX, "test", "--cpu=unicorn", "--no-deterministic", suite], capture_output=True,
                           text=True, timeout=300)
        check(t.returncode == 1, "wowbox test --no-deterministic: the raw values differ")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("all determinism checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
