#!/bin/bash
# tests/qemu/soak-test.sh SECONDS: the long run (`make soak`, not part of
# `make test`). Boots the kernel with `soak=SECONDS` (kernel/soak.h): random
# frame, run, mapping and kmalloc operations for SECONDS under TCG, a
# progress line every 30 s, then the PMM free count, page tables and heap
# must be back where they started. Passes when QEMU exits 33 and the log has
# `soak: passed`; the serial log stays in $BUILD/soak/soak.log.
#
# Environment (set by tests/qemu/qemu.mk): BUILD, ESP_ROOT, ACCEL, SOAK_MEM.
set -u
seconds=$1
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/qemu/lib.sh
. "$here/lib.sh"
out=$BUILD/soak
rm -rf "$out" && mkdir -p "$out"
BOOT_ALLOWANCE=180   # seconds for OVMF, the loader and the boot around the run
SOAK_MEM=${SOAK_MEM:-512M}

cp -r "$ESP_ROOT" "$out/root"
printf 'kernel = /kernel.elf\ncmdline = soak=%s\n' "$seconds" > "$out/root/boot.cfg"
"$here/../../tools/mkesp.sh" "$out/soak.img" "$ESP_KIB" "$out/root" >/dev/null || exit 1
log=$out/soak.log
echo "soak: $seconds s at -m $SOAK_MEM (accelerator ${ACCEL:-tcg}); progress every 30 s:"
SHOW_POLL_SECONDS=5
# show_new: print the soak lines that appeared since the last call.
shown=0
show_new() {
    local lines
    lines=$(tr -d '\r' < "$log" 2>/dev/null | grep -a '^soak: ')
    [ -n "$lines" ] || return 0
    tail -n +$((shown + 1)) <<<"$lines"
    shown=$(grep -c . <<<"$lines")
}
: > "$log"
"$here/run-qemu.sh" "$out/soak.img" "$log" "$SOAK_MEM" $((seconds + BOOT_ALLOWANCE)) &
qpid=$!
while kill -0 "$qpid" 2>/dev/null; do
    show_new
    sleep "$SHOW_POLL_SECONDS"
done
wait "$qpid"
rc=$?
show_new
expect_rc "soak $seconds s: QEMU exit code $QEMU_EXIT_PASSED" "$rc" "$QEMU_EXIT_PASSED" "$log"
check "soak $seconds s: passed, nothing leaked" "$log" '^soak: passed: [0-9]+ operations'
check_absent "soak $seconds s: no fault, no panic" "$log" '^(exception|panic): '
[ "$failed" -eq 0 ]
