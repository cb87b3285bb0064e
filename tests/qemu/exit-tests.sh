#!/bin/bash
# tests/qemu/exit-tests.sh RESULTFILE: the ExitBootServices retry path,
# run for real. Test builds of the loader (TEST_STALE_EXITS=N, see
# efi/boot.c) make the memory map key stale on the first N attempts; with
# N below the loader's limit of 8 attempts the kernel must still be entered
# in the Multiboot2 state, with N = 8 the loader must give up without
# printing (the firmware reports the failed boot option) instead of hanging.
# Writes "passed=N failed=M" to RESULTFILE.
#
# Environment (set by tests/qemu/qemu.mk): BUILD, ESP_ROOT, STALE_EXIT_COUNTS.
set -u
result=$1
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/qemu/lib.sh
. "$here/lib.sh"
out=$BUILD/exit-tests
rm -rf "$out" && mkdir -p "$out"

BOOT_TIMEOUT=${BOOT_TIMEOUT:-90}
EXIT_ATTEMPTS=8          # EXIT_RETRIES in efi/boot.c
ESP_KIB=65536

for n in $STALE_EXIT_COUNTS; do
    dir=$out/stale$n.root
    rm -rf "$dir" && cp -r "$ESP_ROOT" "$dir"
    cp "$BUILD/efi/stale$n/BOOTX64.EFI" "$dir/EFI/BOOT/BOOTX64.EFI"
    printf 'kernel = /kernel.elf\ncmdline = test\n' > "$dir/boot.cfg"
    "$here/../../tools/mkesp.sh" "$out/stale$n.img" "$ESP_KIB" "$dir" >/dev/null
    log=$out/stale$n.log
    if [ "$n" -lt "$EXIT_ATTEMPTS" ]; then
        "$here/run-qemu.sh" "$out/stale$n.img" "$log" 512M "$BOOT_TIMEOUT"
        expect_rc "stale key $n times: kernel entered, in-kernel tests pass" $? "$QEMU_EXIT_PASSED" "$log"
        check_entry_state "stale key $n times:" "$log"
        check_absent "stale key $n times: nothing printed after the first attempt" "$log" \
            '^loader: .*(error|fail)'
    else
        "$here/run-qemu.sh" "$out/stale$n.img" "$log" 512M "$BOOT_TIMEOUT" 'BdsDxe: failed to start Boot'
        expect_rc "stale key on all $n attempts: back to the firmware, no hang" $? 0 "$log"
        check_absent "stale key on all $n attempts: silent after the first attempt, no kernel" "$log" \
            '^loader: boot failed|^entry: |^kernel: '
    fi
done

write_results "$result" exit
