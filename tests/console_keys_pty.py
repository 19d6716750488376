#!/usr/bin/env python3
"""console_keys.exe on a terminal (a pty that is the program's controlling
terminal, so Ctrl-C is a real SIGINT): types keys and escape sequences at
each "ready <stage>" line and checks the key records the program printed,
that nothing typed in records mode was echoed, that a line read echoes
again, Ctrl-C reaching a handler and, with processed input off, arriving as
a key. Then the terminal modes: raw while the program reads records, as
they were after a normal exit and after SIGTERM.  usage: console_keys_pty.py WOWBOX EXE"""
import fcntl, os, select, shutil, signal, subprocess, sys, tempfile, termios, time

wowbox, exe = sys.argv[1], sys.argv[2]
prefix = tempfile.mkdtemp(prefix="wowbox-keys-")
failures = []


def start(args):
    master, slave = os.openpty()

    def own_terminal():
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    child = subprocess.Popen([wowbox, "--prefix=" + prefix, "--cpu=unicorn", exe] + args,
                             stdin=slave, stdout=slave, stderr=slave, preexec_fn=own_terminal)
    return master, slave, child


def lflag(fd):
    return termios.tcgetattr(fd)[3]


def run(master, child, script, deadline):
    """Reads the output; at each marker in script writes its bytes."""
    out, step = b"", 0
    while time.time() < deadline:
        r, _, _ = select.select([master], [], [], 0.1)
        if r:
            try:
                data = os.read(master, 4096)
            except OSError:
                break
            if not data:
                break
            out += data
        if step < len(script) and script[step][0] in out.replace(b"\r", b""):
            time.sleep(0.2)
            os.write(master, script[step][1])
            step += 1
        if child.poll() is not None and not r:
            break
    return out


# --- the full run
master, slave, child = start([])
before = lflag(slave)
script = [(b"ready keys\n", b"aB\x1b[A\x1b[1;5C\x1bOP\x1b[15~\x1b[3~\xc3\xa9zq\r"),
          (b"ready flush\n", b"xyz"),
          (b"ready line\n", "h\u00e9llo\r".encode("utf-8")),
          (b"ready ctrl-c\n", b"\x03"),
          (b"ready ctrl-c-key\n", b"\x03\r")]
out = run(master, child, script, time.time() + 180)
try:
    child.wait(timeout=30)
except subprocess.TimeoutExpired:
    child.kill()
after = lflag(slave)
text = out.replace(b"\r", b"")
want = [b"events waiting: yes",
        b"peek: 1, 1 record, first vk=0x41 down=1, still there: yes",
        b"ReadConsoleInputA: 1, 2 records, ch=0x61 up=1",
        b"key vk=0x42 scan=0x30 ch=0x42 state=0x10\n"
        b"key vk=0x26 scan=0x48 ch=0 state=0x100\n"
        b"key vk=0x27 scan=0x4d ch=0 state=0x108\n"
        b"key vk=0x70 scan=0x3b ch=0 state=0\n"
        b"key vk=0x74 scan=0x3f ch=0 state=0\n"
        b"key vk=0x2e scan=0x53 ch=0 state=0x100\n"
        b"key vk=0 scan=0 ch=0xe9 state=0\n"
        b"key vk=0x5a scan=0x2c ch=0x7a state=0\n"
        b"key vk=0x51 scan=0x10 ch=0x71 state=0\n"
        b"key vk=0xd scan=0x1c ch=0xd state=0\n",
        b"events before flush: yes", b"flush: 1, events after: 0",
        "ready line\nh\u00e9llo\nline: 1 [h\\x82llo]".encode("utf-8"),
        b"handler: type 0, own thread: yes", b"handler ran: yes",
        b"key vk=0x43 scan=0x2e ch=0x3 state=0x8\nkey vk=0xd scan=0x1c ch=0xd state=0\n",
        b"WriteConsoleInputW: 1, 1 written\nkey vk=0xd scan=0 ch=0xd state=0\ndone"]
missing = [w for w in want if w not in text]
if missing or child.returncode != 0:
    failures.append("full run: exit status %s, missing %r\n%s" % (child.returncode, missing, out.decode("latin-1")))
for echoed in (b"zq", b"xyz"):
    if echoed in text:
        failures.append("echoed in records mode: %r" % echoed)
if after != before:
    failures.append("terminal after exit: lflag %#x, was %#x" % (after, before))
os.close(master)
os.close(slave)

# --- raw while reading records; restored when a signal ends the program
master, slave, child = start(["hold"])
before = lflag(slave)
out, raw = run(master, child, [], time.time() + 5), None
deadline = time.time() + 120
while b"ready hold" not in out and time.time() < deadline and child.poll() is None:
    out += run(master, child, [], time.time() + 1)
raw = lflag(slave)
child.send_signal(signal.SIGTERM)
try:
    child.wait(timeout=30)
except subprocess.TimeoutExpired:
    child.kill()
restored = lflag(slave)
if b"ready hold" not in out:
    failures.append("hold: no ready line\n" + out.decode("latin-1"))
if raw & (termios.ICANON | termios.ECHO):
    failures.append("hold: terminal not raw while reading records (lflag %#x)" % raw)
if restored != before:
    failures.append("after SIGTERM: lflag %#x, was %#x" % (restored, before))
if child.returncode != -signal.SIGTERM:
    failures.append("hold: exit status %s, not SIGTERM" % child.returncode)
os.close(master)
os.close(slave)
shutil.rmtree(prefix, ignore_errors=True)
if failures:
    print("\n".join(failures))
    sys.exit(1)
print("PASS console keys on a pty")
