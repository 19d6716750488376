#!/usr/bin/env python3
"""End to end: the kernel-logger network records of ws_tcp_echo.exe (a TCP
echo client and server on loopback, send/recv and WriteFile/ReadFile on
the sockets) and what --net=loopback and --net=none refuse
(ws_netpolicy.exe). The text trace's `net:` lines are parsed and matched:
one connect and one accept whose endpoints mirror each other, 21 bytes
sent and received each way per connection with contiguous sequence
numbers, 127.0.0.1 everywhere, a disconnect per connection. Runs on a
throwaway prefix; nothing leaves the machine."""
import os
import re
import subprocess
import sys
import tempfile

WOWBOX, PE_DIR = sys.argv[1], sys.argv[2]
NET = re.compile(r'^\s*net: (TcpIp|UdpIp) (Send|Recv|Connect|Accept|Disconnect|Retransmit)IPV4 size=(\d+) '
                 r'([\d.]+):(\d+) -> ([\d.]+):(\d+) connid=(\d+) seqnum=(\d+)$')


def run(prefix, trace, *args):
    env = dict(os.environ, WOWBOX_PREFIX=prefix)
    cmd = [WOWBOX, '--trace-file=' + trace] + list(args)
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        sys.exit('%s exited %d\nstdout:\n%s\nstderr:\n%s' % (' '.join(cmd), p.returncode, p.stdout, p.stderr))
    with open(trace, encoding='utf-8') as f:
        return p.stdout, f.read()


def check(cond, what, text=''):
    if not cond:
        sys.exit('FAIL: %s\n%s' % (what, text))


def records(trace):
    out = []
    for line in trace.splitlines():
        m = NET.match(line)
        if m:
            proto, op, size, sa, sp, da, dp, conn, seq = m.groups()
            out.append(dict(proto=proto, op=op, size=int(size), saddr=sa, sport=int(sp), daddr=da,
                            dport=int(dp), connid=int(conn), seq=int(seq)))
        elif 'net:' in line and 'refused' not in line:
            sys.exit('FAIL: unparsed net line: %r' % line)
    return out


def echo(prefix, tmp):
    _, trace = run(prefix, os.path.join(tmp, 'echo.trace'), os.path.join(PE_DIR, 'ws_tcp_echo.exe'))
    recs = records(trace)
    check(all(r['proto'] == 'TcpIp' for r in recs), 'only TCP records', trace)
    check(all(r['saddr'] == '127.0.0.1' and r['daddr'] == '127.0.0.1' for r in recs), 'loopback addresses')
    connects = [r for r in recs if r['op'] == 'Connect']
    accepts = [r for r in recs if r['op'] == 'Accept']
    check(len(connects) == 1 and len(accepts) == 1, 'one connect and one accept', trace)
    c, a = connects[0], accepts[0]
    check(c['sport'] == a['dport'] and c['dport'] == a['sport'], 'the two ends mirror each other', str(recs))
    check(c['connid'] != a['connid'], 'one connid per socket')
    for side in (c, a):
        mine = [r for r in recs if r['connid'] == side['connid']]
        check(all(r['sport'] == side['sport'] and r['dport'] == side['dport'] for r in mine),
              'every record of a connection has its endpoints', str(mine))
        for op in ('Send', 'Recv'):
            data = [r for r in mine if r['op'] == op]
            check(sum(r['size'] for r in data) == 21, '21 bytes %s on connid %d' % (op, side['connid']), str(data))
            at = 0
            for r in data:
                check(r['seq'] == at, 'contiguous seqnum', str(data))
                at += r['size']
        check(len([r for r in mine if r['op'] == 'Disconnect']) == 1, 'one disconnect per connection', str(mine))
    # the client's send of 11 bytes, then 10 through WriteFile: two records
    sends = [r['size'] for r in recs if r['connid'] == c['connid'] and r['op'] == 'Send']
    check(sends == [11, 10], 'send and WriteFile are one record each', str(sends))
    check('kernel32!WriteFile' in trace and 'kernel32!ReadFile' in trace, 'the file APIs on a socket')


def policy(prefix, tmp):
    exe = os.path.join(PE_DIR, 'ws_netpolicy.exe')
    out, trace = run(prefix, os.path.join(tmp, 'lo.trace'), '--net=loopback', exe, 'external')
    check('loopback: connect 0 error 0' in out and 'loopback: sendto 1 error 0' in out, 'loopback allowed', out)
    check('external: connect -1 error 10013' in out and 'external: sendto -1 error 10013' in out,
          'external refused with WSAEACCES', out)
    check(re.search(r'net: connect to 192\.0\.2\.1:9 refused by --net=loopback \(error 10013\)', trace),
          'the trace says why', trace)
    out, trace = run(prefix, os.path.join(tmp, 'none.trace'), '--net=none', exe, 'external')
    for what in ('loopback', 'external'):
        check('%s: connect -1 error 10051' % what in out and '%s: sendto -1 error 10051' % what in out,
              '%s refused with WSAENETUNREACH' % what, out)
    check(trace.count('refused by --net=none (error 10051)') == 4, 'four refusals in the trace', trace)
    check(not records(trace), 'no network record when nothing was reached', trace)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        prefix = os.path.join(tmp, 'prefix')
        echo(prefix, tmp)
        policy(prefix, tmp)
    print('net records: ok')


main()
