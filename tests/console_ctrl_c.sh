#!/bin/sh
# A real Ctrl-C (SIGINT from `kill -INT`, as a terminal sends it) reaches the
# program's SetConsoleCtrlHandler handler on a thread of its own; a handler
# that declines it leaves the default, which ends the process with
# STATUS_CONTROL_C_EXIT (exit status 0x3A, the low byte of 0xC000013A).
# usage: console_ctrl_c.sh WOWBOX console_ctrl.exe
set -u
wowbox=$1 exe=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0

run() { # mode expected-status expected-line
    out=$dir/$1.out
    "$wowbox" --prefix="$dir/prefix" --cpu=unicorn "$exe" "$1" >"$out" 2>&1 &
    pid=$!
    n=0
    until grep -q '^ready' "$out" 2>/dev/null; do
        n=$((n + 1))
        if [ $n -gt 600 ] || ! kill -0 $pid 2>/dev/null; then
            echo "FAIL $1: never ready"; cat "$out"; fail=1; kill -KILL $pid 2>/dev/null; return
        fi
        sleep 0.1
    done
    kill -INT $pid
    wait $pid
    status=$?
    if [ $status -ne "$2" ] || ! grep -q "$3" "$out"; then
        echo "FAIL $1: status $status (expected $2)"; cat "$out"; fail=1
    else
        echo "PASS $1: status $status"
    fi
}

run wait 0 'first handler: type 0, on the main thread: no'
run wait-default 58 'declining handler: type 0'
exit $fail
