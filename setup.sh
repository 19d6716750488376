#!/usr/bin/env bash
# Installs what is missing (Debian packages), builds wowbox, then either runs
# the bundled demo program or the whole test suite.
#   ./setup.sh demo   build, then run tests/pe/hello.exe with an API trace
#   ./setup.sh test   build, then run every unit test and sample program
#   ./setup.sh build  build only
#   ./setup.sh test --sanitize   the unit tests and unicorn samples built with
#                     ASan + UBSan (in build-sanitize/), the native samples
#                     with UBSan alone (in build-ubsan/)
#   ./setup.sh builds the other compilers and build types must compile without
#                     a warning: a gcc Release build and a clang build (host
#                     code and unit tests; the sample PEs are the same in each)
#   ./setup.sh fuzz [SECONDS]  every libFuzzer target (tests/fuzz) for SECONDS
#                     each (default 60), in build-fuzz/: executions, findings
#   ./setup.sh build --arch=arm64, ./setup.sh test --arch=arm64
#                     cross build for aarch64 Linux (in build-arm64/) with
#                     Debian's multiarch packages; the tests run under
#                     qemu-user (docs/architecture.md, "Hosts")
set -euo pipefail
cd "$(dirname "$0")"

ARCH=""
args=()
for a in "$@"; do
    case "$a" in
        --arch=arm64|--arch=aarch64) [[ $(uname -m) == aarch64 ]] || ARCH=arm64 ;; # on arm64: the native build
        --arch=*) echo "setup: unknown architecture ${a#--arch=} (only arm64 is cross built)" >&2; exit 2 ;;
        *) args+=("$a") ;;
    esac
done
set -- "${args[@]+"${args[@]}"}"

PACKAGES=(cmake make gcc pkg-config python3 libunicorn-dev libcapstone-dev libzydis-dev
          libcmocka-dev libsqlite3-dev zlib1g-dev gcc-mingw-w64-i686 g++-mingw-w64-i686
          binutils-mingw-w64-i686 nasm)
BUILD=${WOWBOX_BUILD_DIR:-build}
CMAKE_ARGS=()
if [[ $ARCH == arm64 ]]; then
    # the cross compiler and qemu-user run here; the libraries are aarch64's
    PACKAGES+=(gcc-aarch64-linux-gnu qemu-user libc6:arm64 libunicorn-dev:arm64 libcapstone-dev:arm64
               libzydis-dev:arm64 libcmocka-dev:arm64 libsqlite3-dev:arm64 zlib1g-dev:arm64)
    BUILD=${WOWBOX_BUILD_DIR:-build-arm64}
    CMAKE_ARGS=(-DCMAKE_TOOLCHAIN_FILE="$PWD/cmake/aarch64-linux-gnu.cmake")
fi

install_missing() {
    local missing=()
    for p in "${PACKAGES[@]}" "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [[ ${#missing[@]} -eq 0 ]] && return
    echo "setup: installing ${missing[*]}" >&2
    local sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    if [[ $ARCH == arm64 ]] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
        $sudo dpkg --add-architecture arm64
    fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Real binaries nobody here wrote: ClamAV's test executables, unpacked into
# the build tree (not installed, not committed).
fetch_clamav_samples() {
    local dir="$BUILD/tests/clamav" files="clam clam-upx clam-aspack clam-fsg clam-mew clam-upack clam-petite clam-pespin clam.ea05 clam.ea06 clam-nsis"
    local f missing=
    for f in $files; do [[ -f $dir/$f.exe ]] || missing=1; done
    [[ -z $missing ]] && return
    mkdir -p "$dir"
    local tmp
    tmp=$(mktemp -d)
    if (cd "$tmp" && apt-get download clamav-testfiles >/dev/null 2>&1); then
        dpkg-deb -x "$tmp"/clamav-testfiles_*.deb "$tmp/x"
        for f in $files; do
            cp "$tmp/x/usr/share/clamav-testfiles/$f.exe" "$dir/"
        done
    else
        echo "setup: could not download clamav-testfiles; the ClamAV samples will be skipped" >&2
    fi
    rm -rf "$tmp"
}

# Real programs built against ucrtbase: console programs of Debian's
# libwine:i386 (Wine's own PE32 builds), each in a directory of its own under
# the build tree (a directory sample: no DLL beside it, so every DLL they
# import is wowbox's). Not installed, not committed.
WINE_PROGRAMS=(hostname where fc expand whoami net)
# `apt-get download PKG:i386` needs apt's i386 package lists, which a machine
# without the i386 foreign architecture does not have: read them into a
# private directory instead (no dpkg --add-architecture, no root, the
# system's lists untouched). $1: the directory to download into.
download_i386() {
    local pkg=$1 into=$2
    (cd "$into" && apt-get download "$pkg:i386" >/dev/null 2>&1) && return
    local lists="$into/apt" opts
    mkdir -p "$lists/lists/partial" "$lists/cache/archives/partial"
    opts=(-o Dir::State::Lists="$lists/lists" -o Dir::Cache="$lists/cache"
          -o APT::Architecture=i386 -o APT::Architectures=i386 -o Debug::NoLocking=1)
    apt-get -qq "${opts[@]}" update >/dev/null 2>&1 &&
        (cd "$into" && apt-get "${opts[@]}" download "$pkg" >/dev/null 2>&1)
}

fetch_wine_programs() {
    local dir="$BUILD/tests/wine"
    [[ -f $dir/net_use/net_use.exe ]] && return
    local tmp
    tmp=$(mktemp -d)
    local src=./usr/lib/i386-linux-gnu/wine/i386-windows p members=()
    for p in "${WINE_PROGRAMS[@]}"; do members+=("$src/$p.exe"); done
    if download_i386 libwine "$tmp" &&
        dpkg-deb --fsys-tarfile "$tmp"/libwine_*_i386.deb | tar -x -C "$tmp" "${members[@]}"; then
        for p in "${WINE_PROGRAMS[@]}"; do
            mkdir -p "$dir/$p"
            cp "$tmp/$src/$p.exe" "$dir/$p/"
        done
        # hostname once more, for its option errors (messages from user32,
        # delay-loaded)
        mkdir -p "$dir/hostname_opt"
        cp "$tmp/$src/hostname.exe" "$dir/hostname_opt/hostname_opt.exe"
        # expand on a plain file, a missing one, a cabinet and a broken cabinet
        for p in expand_plain expand_missing expand_cab expand_cab_bad; do
            mkdir -p "$dir/$p"
            cp "$tmp/$src/expand.exe" "$dir/$p/$p.exe"
        done
        # net with other commands
        for p in net_use net_usage; do
            mkdir -p "$dir/$p"
            cp "$tmp/$src/net.exe" "$dir/$p/$p.exe"
        done
    else
        echo "setup: could not download libwine:i386; the Wine programs will be skipped" >&2
    fi
    rm -rf "$tmp"
}

build() {
    install_missing
    cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${CMAKE_ARGS[@]+"${CMAKE_ARGS[@]}"}" "$@" >/dev/null
    cmake --build "$BUILD" -j"$(nproc)"
    fetch_clamav_samples
    fetch_wine_programs
}

# Host code under ASan + UBSan. The native backend cannot run there (ASan's
# shadow takes the low 4 GB), so its suites run in a second, UBSan-only build;
# the docs checks do not change with either.
sanitized_test() {
    local top=${WOWBOX_BUILD_DIR:-}
    BUILD=${top:-build-ubsan}
    # its samples only where they can run natively: elsewhere every native
    # test skips itself, and the sample compiles would be time spent for nothing
    build -DWOWBOX_UBSAN=ON -DWOWBOX_BUILD_SAMPLES=OFF
    if "$BUILD/wowbox" --version | grep -Eq '^ *native +available'; then
        cmake --build "$BUILD" -j"$(nproc)" --target sample_pes runner_probe wine_szdd_input
        UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir "$BUILD" --output-on-failure -j"$(nproc)" -L native
    else
        echo "== UBSan native suites skipped: $("$BUILD/wowbox" --version | grep -E '^ *native ' | sed 's/^ *//') =="
    fi
    BUILD=${top:-build-sanitize}
    build -DWOWBOX_SANITIZE=ON
    # WOWBOX_TEST_EXEC: the sample runner starts each run with exec, not by
    # fork from its worker threads. gcc 12's ASan does not lock its allocator
    # across fork, so a child forked while another worker allocates can hang
    # on its first malloc (seen: one sample in 147 timed out at 300 s).
    WOWBOX_TEST_EXEC=1 ASAN_OPTIONS=detect_leaks=0:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
        ctest --test-dir "$BUILD" --output-on-failure -j"$(nproc)" -LE "native|docs"
}

# Warnings are errors, so compiling everything (unit tests included) is the
# check: gcc Release (other optimisation, other flow warnings) and clang.
other_builds() {
    install_missing clang
    local t
    for t in "gcc Release" "clang RelWithDebInfo"; do
        set -- $t
        echo "== $1 $2 build =="
        CC=$1 cmake -S . -B "build-$1-$2" -DCMAKE_BUILD_TYPE="$2" -DWOWBOX_BUILD_SAMPLES=OFF >/dev/null
        cmake --build "build-$1-$2" -j"$(nproc)"
    done
}

# libFuzzer runs (clang): every target for SECONDS (default 60) in
# build-fuzz/, seeded with its checked-in corpus and, for the PE targets,
# the sample programs of the main build; prints executions and findings per
# target. Crashing inputs land in build-fuzz/fuzz-work/TARGET/findings/.
fuzz() {
    local secs=${1:-60} t fb=build-fuzz
    install_missing clang
    CC=clang cmake -S . -B "$fb" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWOWBOX_FUZZ=ON >/dev/null
    cmake --build "$fb" -j"$(nproc)" --target fuzz_targets >/dev/null
    local total=0 found=0
    printf '%-8s %14s %9s  %s\n' target executions findings corpus
    # the targets tests/fuzz/CMakeLists.txt declares, in its order
    for t in $(sed -n 's/^set(WOWBOX_FUZZ_TARGETS \(.*\))$/\1/p' tests/fuzz/CMakeLists.txt); do
        local work="$fb/fuzz-work/$t"
        mkdir -p "$work/corpus" "$work/findings" "$work/seeds"
        if [[ $t == pe || $t == loader ]]; then
            cp -f "$BUILD"/tests/pe/*.exe "$BUILD"/tests/pe/*.dll "$work/seeds/" 2>/dev/null || true
        fi
        ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
            "$fb/tests/fuzz/fuzz_$t" -max_total_time="$secs" -print_final_stats=1 -timeout=10 \
            -rss_limit_mb=4096 -artifact_prefix="$work/findings/" "$work/corpus" "tests/fuzz/corpus/$t" \
            "$work/seeds" >"$work/log" 2>&1 || true
        local execs n
        execs=$(awk '/stat::number_of_executed_units/ {print $2}' "$work/log")
        n=$(find "$work/findings" -type f | wc -l)
        printf '%-8s %14s %9s  %s\n' "$t" "${execs:-0}" "$n" "$(find "$work/corpus" -type f | wc -l) inputs"
        total=$((total + ${execs:-0}))
        found=$((found + n))
    done
    printf '%-8s %14s %9s\n' total "$total" "$found"
    [[ $found -eq 0 ]]
}

case "${1:-demo}" in
    build) build ;;
    demo)
        build
        export WOWBOX_PREFIX=${WOWBOX_PREFIX:-$PWD/$BUILD/prefix}
        echo "== wowbox --trace tests/pe/hello.exe =="
        wowbox="$BUILD/wowbox"
        [[ $ARCH == arm64 ]] && wowbox="$BUILD/wowbox-emulated" # under qemu-aarch64
        "$wowbox" --trace "$BUILD/tests/pe/hello.exe"
        ;;
    test)
        if [[ ${2:-} == --sanitize ]]; then
            [[ $ARCH == arm64 ]] && { echo "setup: --sanitize is for the host build only" >&2; exit 2; }
            sanitized_test
        else
            build
            ctest --test-dir "$BUILD" --output-on-failure -j"$(nproc)"
        fi
        ;;
    builds) other_builds ;;
    cpu-diff)
        # the Unicorn backend against the real CPU: N random sequences from SEED (docs/cpu.md)
        build
        "$BUILD/tests/cpu-diff/cpu_diff" --count "${2:-20000}" --seed "${3:-1}" --quiet
        ;;
    fuzz) fuzz "${2:-60}" ;;
    *) echo "usage: $0 [demo|test [--sanitize]|build|builds|cpu-diff [N] [SEED]|fuzz [SECONDS]] [--arch=arm64]" >&2; exit 2 ;;
esac
