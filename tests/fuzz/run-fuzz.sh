#!/bin/sh
# Builds tests/fuzz as its own CMake project with clang++ and runs the decoder
# fuzzer for a bounded time, seeded from tests/fuzz/corpus. Exits non-zero when
# clang++ or its libFuzzer runtime is missing, the build fails, or the fuzzer
# finds a crash, a sanitizer report, a broken invariant, a leak or a timeout.
#
#   run-fuzz.sh BUILD_DIR
#
# Environment: FUZZ_SECONDS (default 60), FUZZ_JOBS (build parallelism, default 2),
# FUZZ_CXX (compiler, default clang++ or clang++-14), CMAKE_COMMAND, Qt6_DIR,
# FUZZ_WERROR=ON for warnings as errors.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: run-fuzz.sh BUILD_DIR}
seconds=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-2}
cmake=${CMAKE_COMMAND:-cmake}

cxx=${FUZZ_CXX:-}
if [ -z "$cxx" ]; then
    for candidate in clang++ clang++-14; do
        if command -v "$candidate" >/dev/null 2>&1; then
            cxx=$(command -v "$candidate")
            break
        fi
    done
fi
if [ -z "$cxx" ]; then
    echo "FAIL: clang++ not found. The decoder fuzz test needs clang and its libFuzzer runtime:" >&2
    echo "      apt-get install clang libclang-rt-14-dev (both listed in scripts/debian-packages.txt)" >&2
    exit 1
fi

generator=
if command -v ninja >/dev/null 2>&1; then
    generator="-G Ninja"
fi

started=$(date +%s)
# shellcheck disable=SC2086 # $generator is empty or two words
"$cmake" -S "$here" -B "$build" $generator -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    ${Qt6_DIR:+-DQt6_DIR="$Qt6_DIR"} -DFUZZ_WERROR="${FUZZ_WERROR:-OFF}"
"$cmake" --build "$build" -j "$jobs"
built=$(date +%s)
echo "fuzz_decoders built in $((built - started)) s"

# New interesting inputs go to the first corpus dir (kept between runs, in the
# build tree); the seeds in the source tree are only read.
mkdir -p "$build/corpus" "$build/artifacts"
rm -f "$build"/artifacts/*

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
status=0
# A fixed seed (FUZZ_SEED to change it) makes CI runs repeatable: the same inputs
# in the same order, cut off by time. Explore with other seeds by hand.
"$build/fuzz_decoders" -seed="${FUZZ_SEED:-1}" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=25 -max_len=8192 \
    -dict="$here/decoders.dict" -print_final_stats=1 -artifact_prefix="$build/artifacts/" \
    "$build/corpus" "$here/corpus" || status=$?

echo "fuzzed for $(($(date +%s) - built)) s, $(($(date +%s) - started)) s in all"
found=$(find "$build/artifacts" -type f | head -n 20)
if [ "$status" -ne 0 ] || [ -n "$found" ]; then
    echo "FAIL: the fuzzer stopped with status $status" >&2
    for artifact in $found; do
        echo "--- $artifact (reproduce: $build/fuzz_decoders $artifact), base64:" >&2
        base64 "$artifact" >&2
    done
    exit 1
fi
echo "PASS: no crash"
