#!/bin/sh
# tools/run-layers.sh JOBS LOGDIR TARGET...: run the `make test` layers,
# JOBS of them at a time (each a `make TARGET` of its own), in the order
# given (put the longest first). A layer's output goes to LOGDIR/TARGET.log
# and is printed whole when the layer ends, so parallel layers never
# interleave their lines. Exits 1 if any layer's make failed.
#
# The layers' prerequisites must already be built (`make test-prereqs`):
# two layers building the same file at once would race.
set -u
if [ $# -lt 3 ]; then
    echo "usage: $0 JOBS LOGDIR TARGET..." >&2
    exit 2
fi
jobs=$1; logdir=$2; shift 2
case "$jobs" in
    ''|*[!0-9]*|0) echo "run-layers: JOBS=$jobs: expected a positive number" >&2; exit 2 ;;
esac
MAKE=${MAKE:-make}
mkdir -p "$logdir"
status=0
running=""   # "pid:target:start" words

# finish PID TARGET START: wait for one layer, print its log and time.
finish() {
    wait "$1"
    rc=$?
    secs=$(( $(date +%s) - $3 ))
    echo "==== layer $2: ${secs} s, make exit $rc ===="
    cat "$logdir/$2.log"
    [ "$rc" -eq 0 ] || status=1
}

# reap: wait until one running layer ends, then drop it from the list.
reap() {
    while :; do
        for entry in $running; do
            pid=${entry%%:*}
            if ! kill -0 "$pid" 2>/dev/null; then
                rest=${entry#*:}
                finish "$pid" "${rest%%:*}" "${rest#*:}"
                running=$(printf '%s\n' $running | grep -vx "$entry" | tr '\n' ' ')
                return
            fi
        done
        sleep 1
    done
}

for target in "$@"; do
    while [ "$(printf '%s\n' $running | grep -c .)" -ge "$jobs" ]; do
        reap
    done
    $MAKE --no-print-directory "$target" > "$logdir/$target.log" 2>&1 &
    running="$running $!:$target:$(date +%s)"
done
while [ -n "$(printf '%s' "$running" | tr -d ' ')" ]; do
    reap
done
exit $status
