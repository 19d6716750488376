#!/usr/bin/env python3
"""console_tty.exe on a terminal: a pty sized 100x30 as stdin/stdout/stderr.
Checks the console modes, the screen buffer size, the ANSI colour sequences
SetConsoleTextAttribute writes, the title sequence, and a line typed into
ReadConsoleA (returned with CR LF), WriteConsoleW's text (as UTF-8), and
bytes written by WriteConsoleA/WriteFile/printf in the console's output code
page reaching the terminal as UTF-8.  usage: console_pty.py WOWBOX EXE"""
import fcntl, os, select, shutil, struct, subprocess, sys, tempfile, termios, time

wowbox, exe = sys.argv[1], sys.argv[2]
prefix = tempfile.mkdtemp(prefix="wowbox-pty-")
master, slave = os.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
child = subprocess.Popen([wowbox, "--prefix=" + prefix, "--cpu=unicorn", exe],
                         stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
os.close(slave)
out, typed, deadline = b"", False, time.time() + 120
while time.time() < deadline:
    r, _, _ = select.select([master], [], [], 0.2)
    if r:
        try:
            data = os.read(master, 4096)
        except OSError:
            break  # the child closed the terminal
        if not data:
            break
        out += data
    if not typed and b"type a line" in out:
        os.write(master, b"hello world\n")
        typed = True
    if child.poll() is not None and not r:
        break
child.wait(timeout=30)
shutil.rmtree(prefix, ignore_errors=True)
text = out.replace(b"\r", b"")
want = [b"input mode 0x1f7", b"output mode 0x3", b"echo without line input: 0, error 87",
        b"screen buffer: 1, 100x30, window 0..99, attributes 0x7",
        b"\x1b[0;91;44mred on blue\x1b[0m", b"attributes now 0x7",
        "console \u00e9crit\n".encode("utf-8"), b"WriteConsoleW: 1, 15 chars",
        "A \u2554\u2550\u2557\n".encode("utf-8"), b"WriteConsoleA: 1, 6 chars",
        "F \u2591\u2592\u2593\n".encode("utf-8"), b"WriteFile: 1, 6 bytes",
        "P \u250c\u2500\u2510\n".encode("utf-8"), "caf\u00e9\n".encode("utf-8"),
        "U \u2500\n".encode("utf-8"), "J \u65e5\u672c\n".encode("utf-8"), b"split pair: 1, 4 bytes",
        b"ReadConsoleA: 1, 13 chars, ends with CR LF: yes", b"line [hello world]",
        b"\x1b]0;wowbox title\x07", b"GetConsoleTitleA: 12 [wowbox title]"]
missing = [w for w in want if w not in text]
if missing or child.returncode != 0:
    print("exit status", child.returncode)
    print("missing:", missing)
    print(out.decode("latin-1"))
    sys.exit(1)
print("PASS console on a pty")
