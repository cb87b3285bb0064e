#!/bin/bash
# tests/interop/interop-tests.sh RESULTFILE: Multiboot2 both ways.
#  - GRUB 2 (grub-mkstandalone, x86_64-efi) boots our kernel in test mode
#    on the same OVMF: entry state, in-kernel tests (QEMU exit 33).
#  - Our loader boots tests/interop's foreign kernel, which checks its
#    entry state and the information structure against the specification.
#  - Our loader refuses the foreign kernel's variant that requires the BIOS
#    boot device tag (5), by name, and returns to the firmware.
# Writes "passed=N failed=M" to RESULTFILE.
set -u
result=$1
here=$(cd "$(dirname "$0")" && pwd)
qemu=$here/../qemu
# shellcheck source=tests/qemu/lib.sh
. "$qemu/lib.sh"
out=$BUILD/interop-tests
rm -rf "$out" && mkdir -p "$out"
BOOT_TIMEOUT=${BOOT_TIMEOUT:-90}

# GRUB boots our kernel.
d=$(variant grub)
cp "$INTEROP_BUILD/grub/BOOTX64.EFI" "$d/EFI/BOOT/BOOTX64.EFI"
rm -f "$d/EFI/BOOT/BOOTIA32.EFI"
"$qemu/run-qemu.sh" "$(image grub "$out/grub.root")" "$out/grub.log" 512M "$BOOT_TIMEOUT"
expect_rc "GRUB boots our kernel: in-kernel tests pass" $? "$QEMU_EXIT_PASSED" "$out/grub.log"
check "GRUB boots our kernel: loaded by GRUB" "$out/grub.log" '^info: loader: "GRUB '
check_entry_state "GRUB boots our kernel:" "$out/grub.log"
check "GRUB boots our kernel: kernel: ready" "$out/grub.log" '^kernel: ready$'
add_kernel_counts "GRUB" "$out/grub.log"

# Our loader boots a kernel that is not ours.
d=$(variant foreign)
cp "$INTEROP_BUILD/foreign.elf" "$d/kernel.elf"
printf 'kernel = /kernel.elf\ncmdline = foreign-cmdline\n' > "$d/boot.cfg"
"$qemu/run-qemu.sh" "$(image foreign "$out/foreign.root")" "$out/foreign.log" 512M "$BOOT_TIMEOUT"
expect_rc "foreign kernel: all its checks pass" $? "$QEMU_EXIT_PASSED" "$out/foreign.log"
counts=$(tr -d '\r' < "$out/foreign.log" | grep -aE '^foreign: [0-9]+ passed, [0-9]+ failed$' | tail -n1)
if [ -n "$counts" ]; then
    p=${counts#foreign: }; p=${p%% passed*}; f=${counts#*, }; f=${f%% failed*}
    echo "qemu: foreign kernel: $p passed, $f failed"
    passed=$((passed + p)); failed=$((failed + f))
    tr -d '\r' < "$out/foreign.log" | grep -a '^foreign: FAIL' | sed 's/^/qemu:   /'
else
    fail "foreign kernel: result line" "no 'foreign: N passed, N failed' line" "$out/foreign.log"
fi

# ... and refuses it when it requires what no UEFI loader has.
d=$(variant foreign-req)
cp "$INTEROP_BUILD/foreign-reqbootdev.elf" "$d/kernel.elf"
"$qemu/run-qemu.sh" "$(image foreign-req "$out/foreign-req.root")" "$out/foreign-req.log" 256M "$BOOT_TIMEOUT" \
    'BdsDxe: failed to start Boot'
expect_rc "foreign kernel requiring tag 5: back to the firmware" $? 0 "$out/foreign-req.log"
check "foreign kernel requiring tag 5: refused by name" "$out/foreign-req.log" \
    'requires information tag 5 \(BIOS boot device\), which this loader cannot provide'
check_absent "foreign kernel requiring tag 5: never entered" "$out/foreign-req.log" '^foreign: '

# mb1_video_checks NAME LOG: the loader acted on the header's video fields
# (800x600 x 32, tests/interop/mb1_header.asm): it reports the GOP mode it
# chose, exactly that size when OVMF offers it, and the kernel's framebuffer
# fields describe that mode.
MB1_VIDEO=800x600
mb1_video_checks() {
    local line chosen seen
    line=$(plain_log "$2" | grep -a -m1 '^loader: framebuffer: GOP mode ' || true)
    chosen=$(sed -nE 's/^loader: framebuffer: GOP mode [0-9]+, ([0-9]+x[0-9]+) x 32 bpp, .*/\1/p' <<<"$line")
    seen=$(plain_log "$2" | sed -n 's/^mb1: framebuffer \([0-9]*x[0-9]*\)$/\1/p' | head -n1)
    if [[ "$line" == *"exactly the $MB1_VIDEO x 32 the Multiboot1 video fields ask"* ]]; then
        pass "$1: the loader chose the $MB1_VIDEO mode the header asks for"
    elif [ -n "$line" ] && [[ "$line" == *"closest to the $MB1_VIDEO x 32"* ]]; then
        pass "$1: OVMF has no $MB1_VIDEO mode; the loader chose the closest ($chosen)"
    else
        fail "$1: the loader reports a GOP mode for the header's $MB1_VIDEO" "${line:-no 'loader: framebuffer:' line}" "$2"
    fi
    [ -n "$chosen" ] && [ "$seen" = "$chosen" ] \
        && pass "$1: the framebuffer fields describe the chosen mode ($seen)" \
        || fail "$1: the framebuffer fields describe the chosen mode" "chosen '$chosen', kernel saw '$seen'" "$2"
}

# Our loader boots a Multiboot1 kernel, from 64-bit and 32-bit firmware.
OVMF32_CODE=/usr/share/OVMF/OVMF32_CODE_4M.secboot.fd
OVMF32_VARS=/usr/share/OVMF/OVMF32_VARS_4M.fd
d=$(variant mb1)
cp "$INTEROP_BUILD/mb1.elf" "$d/kernel.elf"
mkdir -p "$d/mods" && printf 'MB1MODULE: a module for the Multiboot1 kernel\n' > "$d/mods/one.txt"
printf 'kernel = /kernel.elf\ncmdline = mb1-cmdline words\nmodule = /mods/one.txt mb1-module\n' > "$d/boot.cfg"
img=$(image mb1 "$out/mb1.root")
for fw in x64 ia32; do
    log=$out/mb1-$fw.log
    if [ "$fw" = ia32 ]; then
        DISK_IF=usb OVMF_CODE=$OVMF32_CODE OVMF_VARS=$OVMF32_VARS \
            "$qemu/run-qemu.sh" "$img" "$log" 512M "$BOOT_TIMEOUT"
    else
        "$qemu/run-qemu.sh" "$img" "$log" 512M "$BOOT_TIMEOUT"
    fi
    expect_rc "Multiboot1 kernel ($fw firmware): all its checks pass" $? "$QEMU_EXIT_PASSED" "$log"
    check "Multiboot1 kernel ($fw firmware): loaded as Multiboot1" "$log" '^loader: /kernel.elf: .*ELF32 i386, Multiboot1'
    mb1_video_checks "Multiboot1 kernel ($fw firmware)" "$log"
    counts=$(plain_log "$log" | grep -aE '^mb1: [0-9]+ passed, [0-9]+ failed$' | tail -n1)
    if [ -n "$counts" ]; then
        p=${counts#mb1: }; p=${p%% passed*}; f=${counts#*, }; f=${f%% failed*}
        echo "qemu: Multiboot1 kernel ($fw firmware): $p passed, $f failed"
        passed=$((passed + p)); failed=$((failed + f))
        plain_log "$log" | grep -a '^mb1: FAIL' | sed 's/^/qemu:   /'
    else
        fail "Multiboot1 kernel ($fw firmware): result line" "no 'mb1: N passed, N failed' line" "$log"
    fi
done

write_results "$result" interop
