#!/bin/sh
# tools/run-host-tests.sh RESULTFILE BIN...: run each cmocka host-test binary,
# show its output, count the test cases that passed and failed, write
# "passed=N failed=M" to RESULTFILE and exit non-zero on any failure.
#
# Counts come from cmocka's closing lines ("[==========] N test(s) run.",
# "[  PASSED  ] N test(s).", "[  FAILED  ] N test(s), listed below:").
# A binary that crashes before its summary (a sanitizer abort, a signal)
# counts its finished cases as passed and every case it started but did
# not finish as failed, and at least one failure; a binary that reports
# all passed but still exits non-zero (e.g. LeakSanitizer at exit) counts
# one failure; a binary that is missing counts one failure.
set -u

if [ $# -lt 1 ]; then
    echo "usage: $0 RESULTFILE BIN..." >&2
    exit 2
fi
result=$1; shift

# Make cmocka print its standard format whatever the caller's environment says.
CMOCKA_MESSAGE_OUTPUT=STDOUT; export CMOCKA_MESSAGE_OUTPUT

log=$(mktemp) || exit 2
trap 'rm -f "$log"' EXIT INT TERM

# count_lines PATTERN: lines of the log that start with the fixed string PATTERN.
count_lines() {
    grep -c -F -e "$1" "$log" 2>/dev/null || true
}

# summary_number SED-REGEX: the number captured from the last matching summary line, or "".
summary_number() {
    sed -n "s/$1/\\1/p" "$log" | tail -n 1
}

total_p=0; total_f=0
for bin in "$@"; do
    name=$(basename "$bin")
    echo "---- $name"
    if [ ! -x "$bin" ]; then
        echo "host: $name: binary missing or not executable"
        total_f=$((total_f + 1))
        continue
    fi
    "$bin" >"$log" 2>&1
    rc=$?
    cat "$log"
    run=$(summary_number '^\[==========\] \([0-9][0-9]*\) test(s) run\..*')
    p=$(summary_number '^\[  PASSED  \] \([0-9][0-9]*\) test(s)\..*')
    f=$(summary_number '^\[  FAILED  \] \([0-9][0-9]*\) test(s), listed below:.*')
    if [ -n "$run" ]; then
        p=${p:-0}; f=${f:-0}
        if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
            echo "host: $name: exited with status $rc after its tests passed: counted as a failure"
            f=1
        fi
    else
        started=$(count_lines '[ RUN      ]')
        p=$(count_lines '[       OK ]')
        f=$((started - p))
        [ "$f" -ge 1 ] || f=1
        echo "host: $name: no cmocka summary (exit status $rc): it crashed; $p passed before that"
    fi
    echo "host: $name: $p passed, $f failed"
    total_p=$((total_p + p)); total_f=$((total_f + f))
done

echo "passed=$total_p failed=$total_f" > "$result"
echo "host: $total_p passed, $total_f failed"
[ "$total_f" -eq 0 ] && [ "$total_p" -gt 0 ]
