#!/usr/bin/env python3
"""The cost of `wowbox test` itself: COUNT copies of the hello sample run as
one suite with -j JOBS, against the same program run alone, one after the
other, without the runner.

usage: python3 tests/bench/runner_bench.py [--build-dir build] [--count 1000] [--jobs 2]
                                           [--alone 30] [--cpu native|unicorn]

Prints the suite's wall time, the time per sample, the program's own time
alone, and the runner's overhead per sample: (wall x jobs / count) - alone,
which is what the runner adds on top of running the program (scratch
directory, prefix copy, child start, checks, clean-up), counted per core.
The goal (issue 15) is 1,000 samples in 10 s or less with -j 2.
The machine may be shared: the CPU time (user + system of every process)
is printed beside the wall time, with the wall time the suite would take on
idle cores (CPU / jobs). WOWBOX_TEST_EXEC=1 in the environment makes the
runner execute wowbox for each sample instead of forking it (the slower way,
for comparison).
--cpu defaults to wowbox's own default backend (native where the host has
it). Writes only to a temporary directory; exit status 1 when the suite failed.
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def cpu_children():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--alone", type=int, default=30, help="runs of the program alone")
    ap.add_argument("--cpu", default=None, help="backend (default: wowbox's default)")
    a = ap.parse_args()
    wowbox = os.path.join(a.build_dir, "wowbox")
    pe = os.path.join(a.build_dir, "tests", "pe")
    with open(os.path.join(pe, "hello.stdout"), "rb") as f:
        want = f.read()
    tmp = tempfile.mkdtemp(prefix="wowbox-runner-bench-")
    try:
        suite = os.path.join(tmp, "suite")
        os.mkdir(suite)
        for i in range(a.count):
            os.link(os.path.join(pe, "hello.exe"), os.path.join(suite, "hello%04d.exe" % i))
            with open(os.path.join(suite, "hello%04d.stdout" % i), "wb") as f:
                f.write(want)
        prefix = os.path.join(tmp, "prefix")
        env = dict(os.environ, WOWBOX_PREFIX=prefix)
        cpu_opt = ["--cpu=" + a.cpu] if a.cpu else []
        cmd = [wowbox] + cpu_opt + [os.path.join(pe, "hello.exe")]
        subprocess.run(cmd, env=env, capture_output=True, check=True)  # creates the prefix
        alone = []
        c0 = cpu_children()
        for _ in range(a.alone):
            t0 = time.monotonic()
            p = subprocess.run(cmd, env=env, capture_output=True)
            alone.append(time.monotonic() - t0)
            if p.stdout != want:
                print("hello.exe printed %r" % p.stdout)
                return 1
        alone_cpu = (cpu_children() - c0) / a.alone
        c0 = cpu_children()
        t0 = time.monotonic()
        p = subprocess.run([wowbox, "test"] + cpu_opt + ["-j", str(a.jobs), suite], capture_output=True,
                           text=True)
        wall = time.monotonic() - t0
        suite_cpu = cpu_children() - c0
        last = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else ""
        alone_s = statistics.median(alone)
        per_sample = wall / a.count
        overhead = wall * a.jobs / a.count - alone_s
        print("samples:           %d copies of hello.exe, -j %d, --cpu=%s" % (a.count, a.jobs, a.cpu or "default"))
        print("suite wall time:   %.2f s (%s)" % (wall, last))
        print("per sample:        %.1f ms wall" % (per_sample * 1e3))
        print("program alone:     %.1f ms (median of %d runs, one at a time)" % (alone_s * 1e3, a.alone))
        print("runner overhead:   %.1f ms per sample per core" % (overhead * 1e3))
        print("CPU (user+sys):    %.1f ms per sample in the suite, %.1f ms for the program alone" %
              (suite_cpu / a.count * 1e3, alone_cpu * 1e3))
        print("CPU-bound wall:    %.1f s for the suite on %d idle cores (CPU / jobs)" % (suite_cpu / a.jobs, a.jobs))
        print("goal <= 10 s:      %s" % ("met" if wall <= 10 else "MISSED (%.1fx)" % (wall / 10)))
        return 0 if p.returncode == 0 else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
