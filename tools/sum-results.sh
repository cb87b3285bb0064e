#!/bin/sh
# tools/sum-results.sh DIR LAYER...: add up the "passed=N failed=M" files
# each test layer left in DIR, print one line per layer and the closing
# "N passed, N failed" line. Exits 1 if anything failed or a layer left no
# result (a layer that did not run is a failure, not a pass).
set -u
dir=$1; shift
total_p=0; total_f=0; status=0
for layer in "$@"; do
    f="$dir/$layer"
    if [ ! -r "$f" ]; then
        echo "results: layer '$layer' left no result (it did not run to the end)"
        total_f=$((total_f + 1)); status=1
        continue
    fi
    p=$(sed -n 's/.*passed=\([0-9][0-9]*\).*/\1/p' "$f" | head -n1)
    x=$(sed -n 's/.*failed=\([0-9][0-9]*\).*/\1/p' "$f" | head -n1)
    p=${p:-0}; x=${x:-1}
    echo "results: $layer: $p passed, $x failed"
    total_p=$((total_p + p)); total_f=$((total_f + x))
    [ "$x" -eq 0 ] || status=1
done
[ "$total_p" -gt 0 ] || status=1
echo "$total_p passed, $total_f failed"
exit $status
