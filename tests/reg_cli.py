#!/usr/bin/env python3
"""End-to-end test of `wowbox reg import/export/query` on a throwaway prefix:
a version 5.00 file in UTF-16 with BOM and a REGEDIT4 file are imported,
the export gives back every value type, [-KEY] deletes a tree, query shows
the default hive, and bad input fails with a one-line error."""
import os
import subprocess
import sys
import tempfile

WOWBOX = sys.argv[1]

V5 = r'''Windows Registry Editor Version 5.00

[HKEY_CURRENT_USER\Software\WowboxCli]
"Str"="a \"quoted\" \\ value"
@="default"
"Num"=dword:0000002a
"Bin"=hex:01,02,\
  03,ff
"Exp"=hex(2):25,00,54,00,45,00,4d,00,50,00,25,00,00,00
"Multi"=hex(7):61,00,00,00,62,00,00,00,00,00

[HKEY_CURRENT_USER\Software\WowboxCli\Sub]
"x"="\u00e9t\u00e9"

[HKEY_CURRENT_USER\Software\WowboxCli\Gone\Deeper]
"y"="z"

[-HKEY_CURRENT_USER\Software\WowboxCli\Gone]
'''.replace(r'\u00e9', '\u00e9')

R4 = 'REGEDIT4\n\n[HKEY_CURRENT_USER\\Software\\WowboxCli\\Ansi]\n"E"=hex(2):41,42,00\n"Old"="gone"\n"Old"=-\n'

EXPECTED = r'''Windows Registry Editor Version 5.00

[HKEY_CURRENT_USER\Software\WowboxCli]
"Str"="a \"quoted\" \\ value"
@="default"
"Num"=dword:0000002a
"Bin"=hex:01,02,03,ff
"Exp"=hex(2):25,00,54,00,45,00,4d,00,50,00,25,00,00,00
"Multi"=hex(7):61,00,00,00,62,00,00,00,00,00

[HKEY_CURRENT_USER\Software\WowboxCli\Ansi]
"E"=hex(2):41,00,42,00,00,00

[HKEY_CURRENT_USER\Software\WowboxCli\Sub]
"x"="\u00e9t\u00e9"

'''.replace(r'\u00e9', '\u00e9')


def run(*args, prefix):
    return subprocess.run([WOWBOX, '--prefix', prefix, 'reg', *args], capture_output=True, text=True, timeout=60)


def main():
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        prefix = os.path.join(tmp, 'prefix')
        v5 = os.path.join(tmp, 'v5.reg')
        with open(v5, 'wb') as f:
            f.write(b'\xff\xfe' + V5.replace('\n', '\r\n').encode('utf-16-le'))
        r4 = os.path.join(tmp, 'r4.reg')
        with open(r4, 'w') as f:
            f.write(R4)
        for path in (v5, r4):
            r = run('import', path, prefix=prefix)
            if r.returncode != 0:
                failures.append(f'import {path}: exit {r.returncode}: {r.stderr}')
        out = os.path.join(tmp, 'out.reg')
        r = run('export', 'HKCU\\Software\\WowboxCli', out, prefix=prefix)
        text = open(out, encoding='utf-8').read() if r.returncode == 0 else ''
        if text != EXPECTED:
            failures.append(f'export differs:\n{text}\n--- expected ---\n{EXPECTED}')
        r = run('query', 'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion', prefix=prefix)
        if 'ProgramFilesDir    REG_SZ    C:\\Program Files (x86)' not in r.stdout:
            failures.append(f'query of the 32-bit CurrentVersion: {r.stdout!r}')
        r = run('query', 'HKLM\\NoSuchKey', prefix=prefix)
        if r.returncode != 1 or 'no such key' not in r.stderr:
            failures.append(f'query of a missing key: exit {r.returncode} {r.stderr!r}')
        bad = os.path.join(tmp, 'bad.reg')
        with open(bad, 'w') as f:
            f.write('hello\n')
        r = run('import', bad, prefix=prefix)
        if r.returncode != 2 or len(r.stderr.strip().splitlines()) != 1:
            failures.append(f'import of a non-.reg file: exit {r.returncode} {r.stderr!r}')
    for f in failures:
        print('FAIL', f)
    print('ok' if not failures else f'{len(failures)} failure(s)')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
