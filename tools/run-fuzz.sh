#!/bin/sh
# tools/run-fuzz.sh RESULTFILE SECONDS BIN...: run each libFuzzer target for
# SECONDS (-max_total_time) on a scratch corpus, write "passed=N failed=M"
# to RESULTFILE (one test per target: passed when it ran to the end without
# a crash, leak, timeout or out-of-memory), exit non-zero on any failure.
#
# Target build/fuzz/fuzz_NAME starts from tests/fuzz/corpus/NAME/ copied
# into $FUZZ_WORK/corpus/NAME/ (FUZZ_WORK defaults to build/fuzz), which
# keeps what earlier runs found. A crashing input is saved under
# $FUZZ_WORK/artifacts/ and the script says where; reproduce it with
#     build/fuzz/fuzz_NAME build/fuzz/artifacts/NAME-crash-...
set -u

if [ $# -lt 2 ]; then
    echo "usage: $0 RESULTFILE SECONDS BIN..." >&2
    exit 2
fi
result=$1; secs=$2; shift 2

top=$(cd "$(dirname "$0")/.." && pwd)
work=${FUZZ_WORK:-build/fuzz}
PER_INPUT_TIMEOUT=10   # seconds one input may take before it counts as a hang
RSS_LIMIT_MB=2048
GRACE=60               # seconds past SECONDS before a stuck run is killed
mkdir -p "$work/corpus" "$work/artifacts" "$work/logs"

total_p=0; total_f=0
for bin in "$@"; do
    name=$(basename "$bin")
    short=${name#fuzz_}
    corpus="$work/corpus/$short"
    log="$work/logs/$short.log"
    mkdir -p "$corpus"
    if [ -d "$top/tests/fuzz/corpus/$short" ]; then
        cp -f "$top/tests/fuzz/corpus/$short"/* "$corpus"/ 2>/dev/null || true
    fi
    if [ ! -x "$bin" ]; then
        echo "fuzz: $name: binary missing or not executable: FAILED"
        total_f=$((total_f + 1))
        continue
    fi
    echo "fuzz: $name: ${secs}s from $(ls "$corpus" | wc -l) inputs in $corpus"
    timeout --kill-after=10 $((secs + GRACE)) "$bin" -max_total_time="$secs" \
        -timeout="$PER_INPUT_TIMEOUT" -rss_limit_mb="$RSS_LIMIT_MB" -print_final_stats=1 \
        -artifact_prefix="$work/artifacts/$short-" "$corpus" >"$log" 2>&1
    rc=$?
    if [ "$rc" -eq 0 ]; then
        runs=$(sed -n 's/^Done \([0-9][0-9]*\) runs.*/\1/p' "$log" | tail -n 1)
        echo "fuzz: $name: passed (${runs:-?} runs, log $log)"
        total_p=$((total_p + 1))
        continue
    fi
    echo "fuzz: $name: FAILED (exit status $rc); the end of $log:"
    tail -n 40 "$log" | sed 's/^/    /'
    saved=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
    if [ -n "$saved" ]; then
        echo "fuzz: $name: reproducer saved at $saved"
        echo "fuzz: $name: reproduce with: $bin $saved"
    elif [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        echo "fuzz: $name: killed after $((secs + GRACE))s: it did not stop on its own"
    fi
    total_f=$((total_f + 1))
done

echo "passed=$total_p failed=$total_f" > "$result"
echo "fuzz: $total_p passed, $total_f failed"
[ "$total_f" -eq 0 ] && [ "$total_p" -gt 0 ]
