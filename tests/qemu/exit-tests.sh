#!/bin/bash
# tests/qemu/exit-tests.sh RESULTFILE: the ExitBootServices retry path,
# run for real. Test builds of the loader (TEST_STALE_EXITS=N, see
# efi/boot.c) make the memory map key stale on the first N attempts; with
# N below the loader's limit of 8 attempts the kernel must still be entered
# in the Multiboot2 state, with N = 8 the loader must give up without
# printing (the firmware reports the failed boot option) instead of hanging.
# Writes "passed=N failed=M" to RESULTFILE.
#
# Then the loader test builds that damage the information structure before
# the jump (corrupt-truncate, corrupt-overrun, corrupt-descr0).
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

for n in $STALE_EXIT_COUNTS; do
    dir=$(variant "stale$n")
    cp "$BUILD/efi/stale$n/BOOTX64.EFI" "$dir/EFI/BOOT/BOOTX64.EFI"
    printf 'kernel = /kernel.elf\ncmdline = test\n' > "$dir/boot.cfg"
    image "stale$n" "$dir" >/dev/null
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

# ---- A damaged information structure (loader test builds corrupt-KIND,
# TEST_CORRUPT_INFO, efi/info_corrupt.h): the kernel reports it and panics
# readably (test mode: failure code, QEMU exits 35), or falls back to tag 6.
QEMU_EXIT_FAILED=35
# corrupt_image KIND CMDLINE: the ESP with the corrupt-KIND loader; prints its path.
corrupt_image() {
    local dir
    dir=$(variant "corrupt-$1")
    cp "$BUILD/efi/corrupt-$1/BOOTX64.EFI" "$dir/EFI/BOOT/BOOTX64.EFI"
    printf 'kernel = /kernel.elf\ncmdline = %s\n' "$2" > "$dir/boot.cfg"
    image "corrupt-$1" "$dir"
}
# corrupt_panics KIND WHAT REGEX: the kernel names the fault and panics with the failure code.
corrupt_panics() {
    local name="info $2" log=$out/corrupt-$1.log
    "$here/run-qemu.sh" "$(corrupt_image "$1" test)" "$log" 256M "$BOOT_TIMEOUT"
    expect_rc "$name: panic in test mode, QEMU exit code $QEMU_EXIT_FAILED (no hang)" $? "$QEMU_EXIT_FAILED" "$log"
    check "$name: reported with the tag and the reason" "$log" "^info: malformed Multiboot2 information at 0x[0-9a-f]{8}: $3"
    check "$name: readable panic" "$log" '^panic: kernel/main\.c:[0-9]+: cannot walk the Multiboot2 information at 0x[0-9a-f]{8}'
    check_absent "$name: no kernel: ready" "$log" '^kernel: ready'
}
corrupt_panics truncate "tag 4 cut to 12 bytes" \
    'tag at offset 0x[0-9a-f]+ \(type 4, [^)]+\): size 12 is below the 16 bytes this tag needs$'
corrupt_panics overrun "tag 6 running past total_size" \
    'tag at offset 0x[0-9a-f]+ \(type 6, [^)]+\): size [0-9]+ runs past total_size [0-9]+ \([0-9]+ bytes left\)$'

# descr_size 0 in tag 17: set aside, the memory map comes from tag 6, the
# kernel reaches kernel: ready with the memory the firmware's map offers.
name="info tag 17 with descr_size 0"
log=$out/corrupt-descr0.log
"$here/run-qemu.sh" "$(corrupt_image descr0 console=serial)" "$log" 512M "$BOOT_TIMEOUT" '^kernel: ready|^panic: '
check "$name: set aside with the reason" "$log" \
    '^info: EFI memory map \(tag 17, descr_size 0, version 1, [0-9]+ bytes\) set aside: .*descriptor size'
check "$name: says it falls back to tag 6" "$log" '^info: falling back to the Multiboot2 memory map \(tag 6\)$'
check "$name: the allocator is seeded from tag 6" "$log" '^pmm: Multiboot2 memory map \(tag 6\): [0-9]+ entries'
read -r rec fw <<<"$(pmm_recovered "$log")"
pmm_agrees "$rec" "$fw" && pass "$name: pmm recovered $rec of $fw KiB (>= 99.9%)" \
    || fail "$name: pmm recovered >= 99.9% of tag 6's usable memory" "${rec:-no pmm: recovered line} ${fw}" "$log"
check "$name: kernel: ready" "$log" '^kernel: ready$'

write_results "$result" exit
