#!/usr/bin/env python3
"""End to end: the trace formats of wowbox on the sample programs, read by
real parsers. jsonl lines are validated by python's json module against the
documented schema (docs/trace-jsonl-schema.json); etw-csv is read by the csv
module (header lines, then FileIo rows of a program that writes a file,
Registry rows of one that sets values, TcpIp rows of plain and overlapped
socket transfers); chrome's JSON array loads and its
slices pair up per thread; --trace filters, --trace-failed and --summary
keep what they say; a crashing program's trace ends with the crash; a
parent and the child it creates share one trace in every format.

usage: trace_formats.py WOWBOX SAMPLES_DIR SCHEMA"""
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time

WOWBOX, SAMPLES, SCHEMA_PATH = (os.path.abspath(a) for a in sys.argv[1:4])
SCHEMA = json.load(open(SCHEMA_PATH))
TYPES = {"integer": int, "number": (int, float), "string": str, "boolean": bool, "null": type(None),
         "array": list, "object": dict}
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)
    return cond


def run(tmp, exe, *opts, stdin=None):
    cmd = [WOWBOX, "--cpu=unicorn", "--prefix", os.path.join(tmp, "prefix"), *opts,
           os.path.join(SAMPLES, exe)]
    return subprocess.run(cmd, cwd=tmp, capture_output=True, timeout=300)


def of_type(value, spec):
    for t in spec.split("|"):
        py = TYPES[t]
        # JSON true/false are not integers here, whatever python thinks
        if isinstance(value, bool) and t in ("integer", "number"):
            continue
        if isinstance(value, py):
            return True
    return False


def check_fields(obj, fields, where):
    """obj has exactly these fields (a '?' key may be absent), of their types."""
    allowed = set()
    for key, spec in fields.items():
        name = key.rstrip("?")
        allowed.add(name)
        if name not in obj:
            check(key.endswith("?"), f"{where}: missing {name}")
            continue
        check(of_type(obj[name], spec), f"{where}: {name}={obj[name]!r} is not {spec}")
    extra = set(obj) - allowed
    check(not extra, f"{where}: fields the schema does not document: {sorted(extra)}")


def validate_event(ev, n):
    where = f"jsonl line {n}"
    phase = ev.get("phase")
    if not check(phase in SCHEMA["enums"]["phase"], f"{where}: phase {phase!r}"):
        return
    check(ev.get("class") in SCHEMA["enums"]["class"], f"{where}: class {ev.get('class')!r}")
    fields = dict(SCHEMA["common"])
    if phase in ("entry", "exit"):
        fields.update(SCHEMA["call"])
        check(ev.get("layer") in SCHEMA["enums"]["layer"], f"{where}: layer {ev.get('layer')!r}")
        if phase == "exit":
            fields.update(SCHEMA["exit_nt" if ev.get("layer") == "nt" else "exit_api"])
    fields.update(SCHEMA[phase])
    check_fields(ev, fields, where)
    for arg in ev.get("args", []) + ev.get("out", []):
        form = arg.get("form")
        if check(form in SCHEMA["enums"]["form"], f"{where}: form {form!r}"):
            check_fields(arg, {**SCHEMA["arg"], **SCHEMA["arg_forms"][form]}, f"{where} arg {arg.get('name')}")


def read_jsonl(path):
    events = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            ev = json.loads(line)  # raises on anything that is not JSON
            validate_event(ev, n)
            events.append(ev)
    return events


def test_jsonl(tmp):
    r = run(tmp, "fileio.exe", "--trace-format=jsonl", "--trace-layer=all", "--trace-file=t.jsonl")
    check(r.returncode == 0, f"fileio under jsonl exited {r.returncode}")
    events = read_jsonl(os.path.join(tmp, "t.jsonl"))
    check(len(events) > 100, f"jsonl: only {len(events)} events")
    seqs = [e["seq"] for e in events]
    check(len(set(seqs)) == len(seqs), "jsonl: sequence numbers repeat")
    entries = {e["seq"]: e for e in events if e["phase"] == "entry"}
    exits = [e for e in events if e["phase"] == "exit"]
    check(all(x["entry_seq"] in entries and entries[x["entry_seq"]]["func"] == x["func"] for x in exits),
          "jsonl: an exit without its entry")
    nt = [e for e in events if e["phase"] == "entry" and e["func"] == "NtCreateFile"]
    check(nt and nt[0]["layer"] == "nt" and nt[0]["class"] == "file", "jsonl: NtCreateFile as an nt file call")
    creates = [e for e in events if e["phase"] == "record" and e["provider"] == "FileIo" and e["type"] == "Create"]
    check(creates and creates[0]["fields"]["OpenPath"].endswith("wowbox_fileio.tmp"),
          "jsonl: FileIo Create record of the sample's file")


def read_etw(path):
    headers, rows = {}, []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.reader(f, skipinitialspace=True):
            if len(row) > 2 and row[2] == "TID":
                headers[(row[0], row[1])] = row
            else:
                rows.append(row)
    for row in rows:
        h = headers.get((row[0], row[1]))
        if check(h is not None, f"etw-csv: a {row[0]} {row[1]} row without a header line"):
            check(len(row) == len(h), f"etw-csv: {row[0]} {row[1]} has {len(row)} columns, header {len(h)}")
    return headers, [dict(zip(headers[(r[0], r[1])], r)) for r in rows if (r[0], r[1]) in headers]


def test_etw_files(tmp):
    r = run(tmp, "fileio.exe", "--trace-format=etw-csv", "--trace-file=dumpfile.csv")
    check(r.returncode == 0, f"fileio under etw-csv exited {r.returncode}")
    headers, rows = read_etw(os.path.join(tmp, "dumpfile.csv"))
    check(headers[("FileIo", "Create")][:13] == ["FileIo", "Create", "TID", "Clock-Time", "Kernel(ms)", "User(ms)",
                                                 "IrpPtr", "TTID", "FileObject", "CreateOptions", "FileAttributes",
                                                 "ShareAccess", "OpenPath"], "etw-csv: FileIo Create columns")
    check(headers[("FileIo", "Read")][6:] == ["Offset", "IrpPtr", "TTID", "FileObject", "FileKey", "IoSize",
                                              "IoFlags"], "etw-csv: FileIo Read columns")
    by = lambda p, t: [row for row in rows if list(row.values())[0] == p and list(row.values())[1] == t]
    start = by("Process", "Start")
    check(len(start) == 1 and start[0]["ImageFileName"] == "fileio.exe", "etw-csv: one Process Start of fileio.exe")
    threads = by("Thread", "Start")
    check(len(threads) == 1, "etw-csv: one Thread Start")
    tid = int(threads[0]["TThreadId"], 16)
    creates = [r for r in by("FileIo", "Create") if r["OpenPath"].endswith("wowbox_fileio.tmp")]
    writes, reads = by("FileIo", "Write"), by("FileIo", "Read")
    check(len(creates) >= 3 and writes and reads, "etw-csv: the sample's creates, writes and reads")
    # the sample writes a 26-byte file first: one Write of 26 at offset 0 on the first handle
    first = creates[0]["FileObject"]
    check(any(w["FileObject"] == first and w["IoSize"] == "26" and w["Offset"] == "0" for w in writes),
          "etw-csv: the first write (26 bytes at 0) on the created file")
    closes = {r["FileObject"] for r in by("FileIo", "Close")}
    check(all(c["FileObject"] in closes for c in creates), "etw-csv: every created file is closed")
    check(by("FileIo", "Delete") and by("FileIo", "Rename"), "etw-csv: remove and rename rows")
    for row in by("FileIo", "Create") + writes + reads:
        check(int(row["TID"], 16) == tid and int(row["TTID"], 16) == tid, "etw-csv: TID is the guest thread's")
    clocks = [int(list(r.values())[3]) for r in rows]
    # FILETIME of a date between 2020 and 2100, never going back
    check(all(132223104000000000 < c < 157469184000000000 for c in clocks), "etw-csv: clock as FILETIME")
    check(clocks == sorted(clocks), "etw-csv: clock goes forward")


def test_etw_registry(tmp):
    r = run(tmp, "registry_api.exe", "--trace-format=etw-csv", "--trace-file=reg.csv")
    check(r.returncode == 0, f"registry_api under etw-csv exited {r.returncode}")
    headers, rows = read_etw(os.path.join(tmp, "reg.csv"))
    check(headers[("Registry", "SetValue")][6:] == ["InitialTime", "Status", "Index", "KeyHandle", "KeyName"],
          "etw-csv: Registry columns")
    sets = [r for r in rows if list(r.values())[:2] == ["Registry", "SetValue"]]
    opens = [r for r in rows if list(r.values())[:2] in (["Registry", "Open"], ["Registry", "Create"])]
    check(sets and opens, "etw-csv: Registry SetValue and Open/Create rows")
    check(any(r["KeyName"] == "Str" and r["Status"] == "0x00000000" for r in sets), "etw-csv: SetValue of Str")


def test_etw_tcp_echo(tmp):
    """The TCP echo sample (client and server threads on loopback) as the
    kernel logger's TcpIp rows: one connection seen from both ends."""
    r = run(tmp, "ws_tcp_echo.exe", "--trace=net", "--trace-format=etw-csv", "--trace-file=net.csv")
    check(r.returncode == 0, f"ws_tcp_echo under etw-csv exited {r.returncode}")
    headers, rows = read_etw(os.path.join(tmp, "net.csv"))
    check(headers[("TcpIp", "SendIPV4")][6:] == ["PID", "size", "daddr", "saddr", "dport", "sport", "startime",
                                                "endtime", "seqnum", "connid"], "etw-csv: TcpIp SendIPV4 columns")
    check(headers[("UdpIp", "RecvIPV4")][6:] == ["PID", "size", "daddr", "saddr", "dport", "sport", "seqnum",
                                                "connid"], "etw-csv: UdpIp RecvIPV4 columns")
    check(all(list(r.values())[0] == "TcpIp" for r in rows), "etw-csv: --trace=net keeps network rows only")
    by = lambda t: [r for r in rows if list(r.values())[1] == t]
    connects, accepts = by("ConnectIPV4"), by("AcceptIPV4")
    if not check(len(connects) == 1 and len(accepts) == 1, "etw-csv: one connect and one accept"):
        return
    c, a = connects[0], accepts[0]
    check(all(r["saddr"] == "127.0.0.1" and r["daddr"] == "127.0.0.1" for r in rows), "etw-csv: loopback addresses")
    # the two ends of one connection: each one's source is the other's destination
    check(c["sport"] == a["dport"] and c["dport"] == a["sport"], "etw-csv: connect and accept ports mirror")
    client, server = c["connid"], a["connid"]
    check(client != server, "etw-csv: each socket its own connid")
    sent = lambda cid: sum(int(r["size"]) for r in by("SendIPV4") if r["connid"] == cid)
    recvd = lambda cid: sum(int(r["size"]) for r in by("RecvIPV4") if r["connid"] == cid)
    # the client sends "hello, echo" (11) and 10 bytes through WriteFile; the server echoes all 21
    check(sent(client) == 21 and recvd(server) == 21 and sent(server) == 21 and recvd(client) == 21,
          f"etw-csv: 21 bytes each way ({sent(client)} {recvd(server)} {sent(server)} {recvd(client)})")
    # startime/endtime: 32-bit tick counts, the guest's GetTickCount (ms since boot)
    boot_ms = int(time.clock_gettime(time.CLOCK_BOOTTIME) * 1000) & 0xFFFFFFFF
    for r in by("SendIPV4"):
        check(int(r["startime"]) <= int(r["endtime"]) and 0 <= boot_ms - int(r["endtime"]) < 600000,
              f"etw-csv: send start <= end, ms since boot ({r['startime']} {r['endtime']} {boot_ms})")
    check(len(by("DisconnectIPV4")) == 2, "etw-csv: both ends disconnect")
    tids = {list(r.values())[2] for r in rows}
    check(len(tids) == 2, "etw-csv: client and server threads")


def test_etw_overlapped(tmp):
    """Overlapped receives (completed by a wait, an alertable wait or
    WSAGetOverlappedResult) are TcpIp records like any other receive."""
    r = run(tmp, "ws_overlapped.exe", "--trace=net", "--trace-format=etw-csv", "--trace-file=ov.csv")
    check(r.returncode == 0, f"ws_overlapped under etw-csv exited {r.returncode}")
    headers, rows = read_etw(os.path.join(tmp, "ov.csv"))
    sizes = lambda t: sorted(int(r["size"]) for r in rows if list(r.values())[1] == t)
    # hello, world!, abc, routine, xyz: each sent once and received once
    check(sizes("SendIPV4") == [3, 3, 5, 6, 7] and sizes("RecvIPV4") == [3, 3, 5, 6, 7],
          f"etw-csv: the overlapped transfers ({sizes('SendIPV4')} {sizes('RecvIPV4')})")


def test_chrome(tmp):
    r = run(tmp, "fileio.exe", "--trace-format=chrome", "--trace-layer=all", "--trace-file=t.json")
    check(r.returncode == 0, f"fileio under chrome exited {r.returncode}")
    events = json.load(open(os.path.join(tmp, "t.json"), encoding="utf-8"))
    stacks = {}
    for e in events:
        if e["ph"] == "B":
            stacks.setdefault(e["tid"], []).append(e["name"])
        elif e["ph"] == "E":
            check(stacks.get(e["tid"]) and stacks[e["tid"]].pop() == e["name"], f"chrome: unpaired E {e['name']}")
    check(all(not s for s in stacks.values()), "chrome: slices left open")
    nested = [e for e in events if e["ph"] == "B" and e["name"] == "ntdll!NtCreateFile"]
    check(nested and nested[0]["cat"] == "nt,file", "chrome: NT calls as slices")
    check(any(e["ph"] == "i" and e["name"] == "FileIo Write" for e in events), "chrome: file records as instants")
    check(any(e["ph"] == "M" and e["name"] == "thread_name" for e in events), "chrome: thread tracks named")


def test_filters(tmp):
    run(tmp, "registry_api.exe", "--trace-format=jsonl", "--trace=registry", "--trace-file=c.jsonl")
    events = read_jsonl(os.path.join(tmp, "c.jsonl"))
    check(events and all(e["class"] == "registry" for e in events), "--trace=registry keeps registry only")
    check(any(e["phase"] == "entry" and e["func"].startswith("Reg") for e in events), "--trace=registry: Reg* calls")
    run(tmp, "kernel32_files.exe", "--trace-format=jsonl", "--trace=kernel32!Create*", "--trace-file=g.jsonl")
    events = read_jsonl(os.path.join(tmp, "g.jsonl"))
    check(events and all(e["dll"] == "kernel32" and e["func"].startswith("Create") for e in events),
          "--trace=kernel32!Create* keeps kernel32!Create* only")
    run(tmp, "kernel32_files.exe", "--trace-format=jsonl", "--trace-failed", "--trace-file=f.jsonl")
    events = read_jsonl(os.path.join(tmp, "f.jsonl"))
    exits = [e for e in events if e["phase"] == "exit"]
    check(exits and all(e["failed"] for e in exits), "--trace-failed keeps failed calls only")
    check(any(e["func"] == "CreateFileA" and e["ret"] == 0xFFFFFFFF for e in exits),
          "--trace-failed: the CreateFileA of a missing file")
    check(sum(e["phase"] == "entry" for e in events) == len(exits), "--trace-failed: each shown call has its entry")
    # the failure convention comes from each export's declaration: answers
    # that look like failures (NULL, 0, -1) are not kept, real ones are
    r = run(tmp, "trace_failures.exe", "--trace-format=jsonl", "--trace-failed", "--trace-file=conv.jsonl")
    check(r.returncode == 0, "trace_failures under --trace-failed")
    failed = {e["func"] for e in read_jsonl(os.path.join(tmp, "conv.jsonl")) if e["phase"] == "exit"}
    for func in ("GetModuleHandleA", "CreateFileA", "RegOpenKeyExA", "_open", "GetModuleFileNameA", "CloseHandle"):
        check(func in failed, f"--trace-failed keeps the failed {func}")
    for func in ("memchr", "strchr", "SetUnhandledExceptionFilter", "TlsGetValue", "GlobalFree", "GetCurrentProcess",
                 "strcmp", "GetCurrentDirectoryA", "TlsAlloc", "GlobalAlloc"):
        check(func not in failed, f"--trace-failed leaves out {func}, whose result is an answer")
    r = run(tmp, "hello.exe", "--trace=nosuchclass")
    check(r.returncode == 2 and b"nosuchclass" in r.stderr, "--trace=nosuchclass is refused")
    r = run(tmp, "hello.exe", "--trace-format=xml")
    check(r.returncode == 2, "--trace-format=xml is refused")


def test_summary(tmp):
    r = run(tmp, "fileio.exe", "--summary")
    check(r.returncode == 0, "fileio under --summary")
    err = r.stderr.decode()
    lines = err.splitlines()
    head = [i for i, l in enumerate(lines) if l.startswith("% time")]
    if not check(head, "--summary: no table"):
        return
    table = lines[head[0] + 2:]
    rows, total = [], None
    for l in table:
        m = re.match(r"\s*([\d.]+)\s+([\d.]+)\s+(\d*)\s+(\d+)\s+(\d+) (\S+)$", l)
        if not m:
            continue
        if m.group(6) == "total":
            total = m
            break
        rows.append(m)
    check(rows and total, "--summary: rows and a total")
    check(sum(int(m.group(4)) for m in rows) == int(total.group(4)), "--summary: calls add up to the total")
    times = [float(m.group(2)) for m in rows]
    check(times == sorted(times, reverse=True), "--summary: sorted by time")
    fopen = [m for m in rows if m.group(6) == "msvcrt!fopen"]
    # the sample opens a missing file twice on purpose
    check(fopen and int(fopen[0].group(5)) >= 1, "--summary: fopen failures counted")
    check(not r.stdout.decode().count("% time"), "--summary: the table is on stderr")


def test_crash(tmp):
    r = run(tmp, "crash_unhandled.exe", "--trace-format=jsonl", "--trace-file=crash.jsonl")
    check(r.returncode == 5, f"crash_unhandled exited {r.returncode}")
    events = read_jsonl(os.path.join(tmp, "crash.jsonl"))
    notes = [i for i, e in enumerate(events) if e["phase"] == "note" and "unhandled exception 0xc0000005" in e["text"]]
    calls = [i for i, e in enumerate(events) if e["phase"] in ("entry", "exit")]
    check(notes and calls and notes[-1] > calls[-1], "jsonl: the trace ends with the crash")
    check(events[-1]["phase"] == "record" and events[-1]["type"] == "End", "jsonl: then the process ends")
    r = run(tmp, "crash_unhandled.exe", "--trace-file=crash.txt")
    text = open(os.path.join(tmp, "crash.txt")).read().splitlines()
    check(text and text[-1].startswith("unhandled exception 0xc0000005"), "text: the trace ends with the crash")
    r = run(tmp, "crash_unhandled.exe", "--trace-format=chrome", "--trace-file=crash.json")
    events = json.load(open(os.path.join(tmp, "crash.json")))
    check(any(e.get("name") == "note" and "unhandled" in e["args"]["text"] for e in events), "chrome: the crash")


def test_child_process(tmp):
    """A parent and the child it creates (trace_child.exe) in one trace, in
    every format: the child writes the parent's format into the same file,
    with its own pid and tids, and its Process Start names the parent."""
    r = run(tmp, "trace_child.exe", "--trace-file=t.txt")
    text = open(os.path.join(tmp, "t.txt"), encoding="utf-8").read()
    check(r.returncode == 0 and re.search(r"--- process \d+ started: .*trace_child\.exe ---", text)
          and re.search(r"--- process \d+ exited: code 0x7 ---", text), "text: the child's part between its lines")

    run(tmp, "trace_child.exe", "--trace-format=jsonl", "--trace-file=t.jsonl")
    events = read_jsonl(os.path.join(tmp, "t.jsonl"))
    starts = [e for e in events if e["phase"] == "record" and e["provider"] == "Process" and e["type"] == "Start"]
    if check(len(starts) == 2, f"jsonl: two Process Start records ({len(starts)})"):
        parent, child = sorted(starts, key=lambda e: e["fields"]["ParentId"])
        check(parent["pid"] != child["pid"] and child["fields"]["ParentId"] == parent["pid"],
              "jsonl: the child's ParentId is the parent's pid")
        check(parent["fields"]["ParentId"] == 0, "jsonl: the first process has no guest parent")
        tids = lambda pid: {e["tid"] for e in events if e["pid"] == pid and e["tid"]}
        check(tids(parent["pid"]) and tids(child["pid"]) and not tids(parent["pid"]) & tids(child["pid"]),
              "jsonl: each process its own threads")
        check(any(e["pid"] == child["pid"] and e.get("func") == "CreateFileA" for e in events),
              "jsonl: the child's calls are in the trace")
        check(any(e["pid"] == parent["pid"] and e.get("func") == "CreateProcessA" for e in events),
              "jsonl: the parent's calls are in the trace")

    run(tmp, "trace_child.exe", "--trace-format=etw-csv", "--trace-file=t.csv")
    raw = open(os.path.join(tmp, "t.csv"), encoding="utf-8").read()
    check(raw.count("Process, Start, TID,") == 1, "etw-csv: one header block for both processes")
    headers, rows = read_etw(os.path.join(tmp, "t.csv"))
    starts = [r for r in rows if list(r.values())[:2] == ["Process", "Start"]]
    if check(len(starts) == 2, f"etw-csv: two Process Start rows ({len(starts)})"):
        parent, child = sorted(starts, key=lambda r: int(r["ParentId"], 16))
        check(int(child["ParentId"], 16) == int(parent["ProcessId"], 16) != int(child["ProcessId"], 16),
              "etw-csv: the child's ParentId is the parent's ProcessId")
        writes = [r for r in rows if list(r.values())[:2] == ["FileIo", "Write"]]
        threads = [r for r in rows if list(r.values())[:2] == ["Thread", "Start"]
                   and int(r["ProcessId"], 16) == int(child["ProcessId"], 16)]
        check(writes and threads and writes[0]["TTID"] == threads[0]["TThreadId"],
              "etw-csv: the child's file write on the child's thread")

    run(tmp, "trace_child.exe", "--trace-format=chrome", "--trace-file=t.json")
    events = json.load(open(os.path.join(tmp, "t.json"), encoding="utf-8"))  # one array for both
    names = {e["pid"]: e["args"]["name"] for e in events if e["ph"] == "M" and e["name"] == "process_name"}
    check(len(names) == 2, f"chrome: both processes named ({names})")
    stacks = {}
    for e in events:
        key = (e["pid"], e["tid"])
        if e["ph"] == "B":
            stacks.setdefault(key, []).append(e["name"])
        elif e["ph"] == "E":
            check(stacks.get(key) and stacks[key].pop() == e["name"], f"chrome: unpaired E {e['name']}")
    check(len({k[0] for k in stacks}) == 2 and all(not s for s in stacks.values()),
          "chrome: slices of both processes, each closed on its own track")
    by_name = lambda n: {e["pid"] for e in events if e["ph"] == "B" and e["name"] == n}
    check(by_name("kernel32!CreateProcessA") and by_name("kernel32!CreateFileA") and
          not by_name("kernel32!CreateProcessA") & by_name("kernel32!CreateFileA"),
          "chrome: the parent's and the child's calls on their own process tracks")

def main():
    for test in (test_jsonl, test_etw_files, test_etw_registry, test_etw_tcp_echo, test_etw_overlapped, test_chrome,
                 test_filters, test_summary, test_crash, test_child_process):
        with tempfile.TemporaryDirectory() as tmp:
            test(tmp)
            print("ran", test.__name__)
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("all trace format checks passed")
    return 0


sys.exit(main())
