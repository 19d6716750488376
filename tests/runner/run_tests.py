#!/usr/bin/env python3
"""`wowbox test` tested on itself: small suites of known outcome around
probe.exe (pass, stdout mismatch, wrong exit, crash, timeout, flaky,
malformed sidecar, skipped, directory sample, per-sample options, files,
golden traces), checked through the runner's lines, its exit status, the
JUnit file (parsed by xml.etree) and the JSON file, plus the shard union.

usage: run_tests.py WOWBOX PROBE.exe HELLO.exe
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

WOWBOX, PROBE, HELLO = (os.path.abspath(a) for a in sys.argv[1:4])
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def sample(suite, name, args=None, **sidecars):
    """A copy of probe.exe as SUITE/NAME.exe with its sidecars."""
    path = os.path.join(suite, name + ".exe")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    shutil.copy(PROBE, path)
    if args is not None:
        sidecars["args"] = args + "\n"
    for ext, text in sidecars.items():
        mode = "wb" if isinstance(text, bytes) else "w"
        with open(os.path.join(suite, name + "." + ext), mode) as f:
            f.write(text)


def wowbox_test(*args, timeout=300):
    t0 = time.monotonic()
    p = subprocess.run([WOWBOX, "test", "--cpu=unicorn", *args], capture_output=True, text=True,
                       timeout=timeout)
    return p, time.monotonic() - t0


def last_line(text):
    lines = [l for l in text.splitlines() if l.strip()]
    return lines[-1] if lines else ""


def mixed_suite(root):
    s = os.path.join(root, "mixed")
    sample(s, "pass", "print:hello", stdout=b"hello\r\n")
    sample(s, "stdout_mismatch", "print:hello", stdout=b"goodbye\r\n")
    sample(s, "wrong_exit", "print:x exit:3")
    sample(s, "exit_expected", "exit:0x103", exit="0x103\n")
    sample(s, "crash", "crash")
    sample(s, "timeout", "sleep:60000", timeout="1\n")
    sample(s, "skipped", "print:never", skip="waits for a feature\n")
    sample(s, os.path.join("sub", "nested"), "print:deep", stdout=b"deep\r\n")
    # a directory sample: the program with its data file, sidecars beside the directory
    d = os.path.join(s, "dirapp")
    os.makedirs(d)
    shutil.copy(PROBE, os.path.join(d, "dirapp.exe"))
    with open(os.path.join(d, "data.txt"), "w") as f:
        f.write("from the sample directory\n")
    with open(os.path.join(s, "dirapp.args"), "w") as f:
        f.write("cat:data.txt\n")
    with open(os.path.join(s, "dirapp.stdout"), "wb") as f:
        f.write(b"from the sample directory\r\n")
    sample(s, "with_opts", "env:WBX_RUNNER_OPT", opts="# extra options\n--env WBX_RUNNER_OPT=two words\n",
           stdout=b"WBX_RUNNER_OPT=two words\r\n")
    digest = hashlib.sha256(b"written").hexdigest()
    sample(s, "files_ok", r"write:C:\Users\Public\out.txt:written",
           files="C:\\Users\\Public\\out.txt 7 %s\nC:\\Users\\Public\\out.txt - -\n" % digest)
    sample(s, "files_wrong", r"write:C:\Users\Public\out.txt:written",
           files="C:\\Users\\Public\\out.txt 7 %s\n" % ("0" * 64))
    sample(s, "reg_ok", r"reg:Software\WbxRunner:Name:kept",
           reg='; the value the probe sets\n[HKEY_CURRENT_USER\\Software\\WbxRunner]\n"Name"="kept"\n"Other"=-\n'
               '[-HKCU\\Software\\WbxRunner\\Never]\n')
    sample(s, "reg_wrong", r"reg:Software\WbxRunner:Name:kept",
           reg='[HKEY_CURRENT_USER\\Software\\WbxRunner]\n"Name"="other"\n"Count"=dword:00000001\n')
    sample(s, "missing_api", "missing print:done", stdout=b"done\r\n")
    sample(s, "missing_api_too", "missing")
    sample(s, "trace_ok", "print:traced",
           trace="# other lines may come between these; 0x? stands for any number\n"
                 "%layer api\n"
                 "  msvcrt!__getmainargs(pargc=0x?, pargv=0x?, penv=0x?, dowildcard=0, startinfo=0x?) = 0 from trace_ok.exe+0x?\n"
                 "msvcrt!fputc(c=116, stream=0x?) = 116 from trace_ok.exe+0x?\n"
                 "msvcrt!exit(status=0) <unfinished ...>\n")
    sample(s, "trace_wrong", "print:traced",  # the same lines out of order
           trace="msvcrt!exit(status=0) <unfinished ...>\n"
                 "msvcrt!fputc(c=116, stream=0x?) = 116 from trace_wrong.exe+0x?\n")
    return s


EXPECTED = {  # sample: (outcome, failure kind)
    "pass": ("pass", None),
    "stdout_mismatch": ("fail", "stdout"),
    "wrong_exit": ("fail", "exit"),
    "exit_expected": ("pass", None),
    "crash": ("fail", "crash"),
    "timeout": ("fail", "timeout"),
    "skipped": ("skip", None),
    "sub/nested": ("pass", None),
    "dirapp": ("pass", None),
    "with_opts": ("pass", None),
    "files_ok": ("pass", None),
    "files_wrong": ("fail", "files"),
    "reg_ok": ("pass", None),
    "reg_wrong": ("fail", "registry"),
    "missing_api": ("pass", None),
    "missing_api_too": ("pass", None),
    "trace_ok": ("pass", None),
    "trace_wrong": ("fail", "trace"),
}


def test_mixed(root):
    s = mixed_suite(root)
    junit, js = os.path.join(root, "junit.xml"), os.path.join(root, "report.json")
    p, secs = wowbox_test("-j", "2", "--junit", junit, "--json", js, "--report-unimplemented", s)
    out = p.stdout
    print(out)
    print(p.stderr, file=sys.stderr)
    npass = sum(1 for o, _ in EXPECTED.values() if o == "pass")
    nfail = sum(1 for o, _ in EXPECTED.values() if o == "fail")
    check(p.returncode == 1, "a suite with failures exits with 1 (got %d)" % p.returncode)
    check(last_line(out) == "%d passed, %d failed, 1 skipped" % (npass, nfail),
          "last line counts the outcomes: %r" % last_line(out))
    for name, (outcome, kind) in EXPECTED.items():
        word = {"pass": "PASS", "fail": "FAIL", "skip": "SKIP"}[outcome]
        check(any(l.startswith(word + " " + name + (":" if word != "PASS" else " ")) for l in out.splitlines()),
              "one line says %s %s" % (word, name))
    check("first difference in line 1:" in out and "expected: goodbye" in out, "a stdout mismatch shows the first differing line")
    # the sample sleeps 60 s and its NAME.timeout says 1 s: the runner's own
    # figure for it must be near 1 s (the whole suite's time depends on load)
    took = re.search(r"^FAIL timeout: .*\(([0-9.]+) s\)$", out, re.M)
    check(took is not None and float(took.group(1)) < 30,
          "the timeout sample is stopped after NAME.timeout (%s s; the suite took %.1f s)" %
          (took.group(1) if took else "?", secs))
    check("slowest:" in out, "the summary lists the slowest samples")
    check('HKEY_CURRENT_USER\\Software\\WbxRunner: value "Name" differs: expected REG_SZ "other", found REG_SZ "kept"'
          in out and 'value "Count" missing' in out, "a NAME.reg mismatch names the key, the value and both data")
    check("kernel32!GetNumaHighestNodeNumber" in out and
          any(l.split() == ["2", "kernel32!GetNumaHighestNodeNumber"] for l in out.splitlines()),
          "--report-unimplemented counts the export once per calling sample (2)")

    tree = ET.parse(junit)
    cases = {tc.get("name"): tc for tc in tree.getroot().iter("testcase")}
    check(set(cases) == set(EXPECTED), "JUnit has one testcase per sample: %s" % sorted(cases))
    for name, (outcome, kind) in EXPECTED.items():
        tc = cases.get(name)
        if tc is None:
            continue
        fail = tc.find("failure")
        if outcome == "fail":
            check(fail is not None and fail.get("type") == kind, "JUnit %s: failure of type %s" % (name, kind))
        elif outcome == "skip":
            check(tc.find("skipped") is not None, "JUnit %s: skipped" % name)
        else:
            check(fail is None, "JUnit %s: no failure" % name)
        check(tc.get("classname") == "wowbox.unicorn" and float(tc.get("time")) >= 0,
              "JUnit %s: classname names the backend, time is set" % name)
    crash_err = cases["crash"].find("system-err")
    check(crash_err is not None and "unhandled exception" in crash_err.text, "JUnit: the crash report is system-err")
    mismatch = cases["stdout_mismatch"].find("failure")
    check(mismatch is not None and "expected: goodbye" in (mismatch.text or ""), "JUnit: failure text has the differing lines")
    root_el = tree.getroot()
    check(root_el.get("tests") == str(len(EXPECTED)) and root_el.get("failures") == str(nfail),
          "JUnit totals: tests=%s failures=%s" % (root_el.get("tests"), root_el.get("failures")))

    with open(js) as f:
        report = json.load(f)
    by_name = {r["sample"]: r for r in report["results"]}
    check(report["schema"] == "wowbox-test/1" and set(by_name) == set(EXPECTED), "JSON: one record per sample")
    check(all(by_name[n]["outcome"] == o for n, (o, _) in EXPECTED.items()), "JSON outcomes match")
    check(by_name["wrong_exit"]["runs"][0]["exit_status"] == 3, "JSON: the exit status of a run")
    check("kernel32!GetNumaHighestNodeNumber" in by_name["missing_api"]["runs"][0]["unimplemented"],
          "JSON: a run's unimplemented exports")
    return s


def test_shards(suite, root):
    seen = []
    for i in range(1, 4):
        js = os.path.join(root, "shard%d.json" % i)
        p, _ = wowbox_test("--shard", "%d/3" % i, "--json", js, "--filter", "*", suite)
        with open(js) as f:
            seen += [r["sample"] for r in json.load(f)["results"]]
    check(sorted(seen) == sorted(EXPECTED), "the three shards together run every sample exactly once")


def test_malformed(root):
    s = os.path.join(root, "malformed")
    sample(s, "good", "print:x")
    sample(s, "bad", "print:x", exit="three\n")
    sample(s, "bad_opts", "print:x", opts="--env A=1\n--prefix=/elsewhere\n")
    sample(s, "bad_reg", "print:x", reg='[HKCU\\Software\\X]\n"A"="1"\n"B"=dword:xyz\n')
    p, _ = wowbox_test(s)
    check(p.returncode == 2, "a malformed sidecar: exit status 2 (got %d)" % p.returncode)
    check("%s/bad.exit:1: expected an exit code" % s in p.stderr, "the error names the file and line: %r" % p.stderr)
    check("%s/bad_opts.opts:2:" % s in p.stderr, "a bad option in NAME.opts names its line")
    check("%s/bad_reg.reg:3: expected dword:" % s in p.stderr, "a malformed NAME.reg line names the file and line")
    check("PASS" not in p.stdout, "nothing runs when a sidecar is malformed")
    p, _ = wowbox_test(os.path.join(root, "no-such-dir"))
    check(p.returncode == 2 and "cannot open test directory" in p.stderr, "a missing directory: exit status 2")
    p, _ = wowbox_test("--shard", "4/3", s)
    check(p.returncode == 2 and "--shard" in p.stderr, "a bad --shard: exit status 2")


def test_flaky_keep_filter(root):
    s = os.path.join(root, "flaky")
    counter = os.path.join(root, "counter.txt")
    sample(s, "flaky", "count:Z:" + counter.replace("/", "\\"))
    sample(s, "steady", "print:x", stdout=b"x\r\n")
    sample(s, "broken", "print:x", stdout=b"y\r\n")
    js = os.path.join(root, "flaky.json")
    p, _ = wowbox_test("--repeat", "2", "--filter", "fl*", "--json", js, s)
    print(p.stdout)
    check(p.returncode == 1 and "FLAKY flaky: passed 1 of 2 runs" in p.stdout, "--repeat 2: a sample that passes once is flaky")
    with open(js) as f:
        results = json.load(f)["results"]
    check([r["sample"] for r in results] == ["flaky"], "--filter runs only the matching sample")
    check(results[0]["outcome"] == "flaky" and len(results[0]["runs"]) == 2, "JSON: flaky with both runs")
    p, _ = wowbox_test("--keep", "--filter", "broken", s)
    kept = [l.split("kept: ", 1)[1] for l in p.stdout.splitlines() if "kept: " in l]
    ok = len(kept) == 1 and os.path.isdir(os.path.join(kept[0], "prefix", "drive_c")) and os.path.isdir(
        os.path.join(kept[0], "cwd"))
    check(ok, "--keep leaves the failed run's scratch directory with its prefix")
    if kept:
        shutil.rmtree(os.path.dirname(kept[0]), ignore_errors=True)
    p, _ = wowbox_test("--update", "--filter", "broken", s)
    with open(os.path.join(s, "broken.stdout"), "rb") as f:
        blessed = f.read()
    check(p.returncode == 0 and blessed == b"x\r\n" and "UPDATED broken: broken.stdout" in p.stdout,
          "--update rewrites the golden stdout and says so")
    p, _ = wowbox_test("--filter", "broken", s)
    check(p.returncode == 0, "after --update the sample passes")


def test_cpu_all(root):
    s = os.path.join(root, "backends")
    sample(s, "one", "print:x", stdout=b"x\r\n")
    junit = os.path.join(root, "all.xml")
    p = subprocess.run([WOWBOX, "test", "--cpu=all", "--junit", junit, s], capture_output=True, text=True)
    native = subprocess.run([WOWBOX, "--version"], capture_output=True, text=True).stdout
    native_ok = "native   available" in native
    classes = sorted(tc.get("classname") for tc in ET.parse(junit).getroot().iter("testcase"))
    check(classes == ["wowbox.native", "wowbox.unicorn"], "--cpu=all: one testcase per backend")
    ex = subprocess.run([WOWBOX, "test", "--cpu=unicorn", s], capture_output=True, text=True,
                        env=dict(os.environ, WOWBOX_TEST_EXEC="1"))
    check(ex.returncode == 0 and "PASS one" in ex.stdout, "WOWBOX_TEST_EXEC=1: runs executed instead of forked pass too")
    if not native_ok:
        check("SKIP one [native]: --cpu=native is not available" in p.stdout and "PASS one [unicorn]" in p.stdout,
              "--cpu=all: the native run is skipped here, reported apart from unicorn")


def main():
    root = tempfile.mkdtemp(prefix="wowbox-runner-test-")
    try:
        suite = test_mixed(root)
        test_shards(suite, root)
        test_malformed(root)
        test_flaky_keep_filter(root)
        test_cpu_all(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("all runner checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
