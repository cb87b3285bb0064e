#!/bin/bash
# tests/qemu/robust-tests.sh RESULTFILE: the loader against bad and unusual
# input, booted for real (docs/testing.md, layer "robust"). Each case must
# end in a boot or in a message and a return to the firmware (OVMF's
# "BdsDxe: failed to start Boot" line), never a hang: every QEMU run has a
# hard timeout.
#   - a kernel whose two first segments overlap in memory: refused, both named
#   - 64 modules (CFG_MODULES_MAX): each reaches the kernel with its size and string
#   - boot.cfg with a UTF-8 BOM, CRLF line ends, tabs: boots with those values
#   - boot.cfg with a line over CFG_LINE_MAX bytes: refused, naming the line
#   - a 200 MiB kernel file: refused with its size and the 64 MiB limit
#   - Multiboot1 kernels the loader cannot honour: an unknown required flag,
#     the a.out kludge (address flag on a file that is not ELF): refused
#   - every seed of the config and kimage fuzz corpora, as boot.cfg and as
#     kernel.elf: a message and a return to the firmware, or a handover
# Writes "passed=N failed=M" to RESULTFILE.
#
# Environment (set by tests/qemu/qemu.mk): BUILD, ESP_ROOT, KERNEL_ELF, MB1_ELF, ACCEL.
set -u
result=$1
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck source=tests/qemu/lib.sh
. "$here/lib.sh"
out=$BUILD/robust-tests
rm -rf "$out" && mkdir -p "$out"

BOOT_TIMEOUT=${BOOT_TIMEOUT:-90}   # hard limit for a boot that reaches the kernel
BAD_TIMEOUT=${BAD_TIMEOUT:-60}     # hard limit for a boot the loader refuses
RETURNED='BdsDxe: failed to start Boot'   # the firmware has control again
HANDOVER='^loader: command line .*exiting boot services'
MODULES=64                  # CFG_MODULES_MAX in efi/config.h
LINE_MAX=2048               # CFG_LINE_MAX in efi/config.h
BIG_KERNEL_MIB=200          # the issue's "kernel 200 MiB large"
KERNEL_FILE_MAX=67108864    # KERNEL_FILE_MAX in efi/main.c (64 MiB)
BIG_ESP_KIB=$(( (BIG_KERNEL_MIB + 24) * 1024 ))


# refused NAME IMAGE REGEX: a message matching REGEX, back to the firmware, no kernel.
refused() {
    local name="refuses $1" log=$out/$1.log rc
    "$here/run-qemu.sh" "$2" "$log" 256M "$BAD_TIMEOUT" "$RETURNED"
    rc=$?
    expect_rc "$name: returns to the firmware in bounded time" "$rc" 0 "$log"
    check "$name: message" "$log" "$3"
    check_absent "$name: no kernel output" "$log" '^entry: |^kernel: '
}

# booted NAME IMAGE: the kernel reaches "kernel: ready" in bounded time.
booted() {
    local log=$out/$1.log rc
    "$here/run-qemu.sh" "$2" "$log" 512M "$BOOT_TIMEOUT" '^kernel: ready'
    rc=$?
    expect_rc "$1: boots to kernel: ready" "$rc" 0 "$log"
    check "$1: kernel ready" "$log" '^kernel: ready'
}

# ends NAME IMAGE: a fuzz seed; the run ends in a loader message and a
# return to the firmware, or in a handover to whatever the seed describes
# (what that "kernel" then does is not the loader's business: the run stops
# a few seconds after the handover).
ends() {
    local name="fuzz seed $1" log=$out/seed-$1.log rc
    "$here/run-qemu.sh" "$2" "$log" 256M "$BAD_TIMEOUT" "$RETURNED|$HANDOVER"
    rc=$?
    expect_rc "$name: ends within ${BAD_TIMEOUT}s" "$rc" 0 "$log"
    if plain_log "$log" | grep -aEq "$HANDOVER"; then
        pass "$name: handed over to the kernel"
    else
        check "$name: a loader message before the firmware took over" "$log" '^loader: (error: |boot failed)'
    fi
}

echo "robust: accelerator ${ACCEL:-tcg}"

# ---- Segments that overlap each other.
d=$(variant overlap)
python3 "$here/elf-overlap-segments.py" "$KERNEL_ELF" "$d/kernel.elf"
refused overlapping-segments "$(image overlap "$d")" \
    'cannot place the kernel: segment 1 \[0x[0-9a-f]+-0x[0-9a-f]+\) overlaps segment 0 \[0x[0-9a-f]+-0x[0-9a-f]+\)'

# ---- 64 modules, each of its own size (i * 97 + 1 bytes) and string.
d=$(variant modules); mkdir -p "$d/mods"
{
    printf 'kernel = /kernel.elf\ncmdline = modules\n'
    for ((i = 0; i < MODULES; i++)); do
        head -c $(( i * 97 + 1 )) /dev/urandom > "$d/mods/m$i"
        printf 'module = /mods/m%d arg%d\n' "$i" "$i"
    done
} > "$d/boot.cfg"
booted "modules-$MODULES" "$(image modules "$d")"
log=$out/modules-$MODULES.log
check "$MODULES modules: the kernel counts them" "$log" "^info: modules: $MODULES\$"
seen=0
for ((i = 0; i < MODULES; i++)); do
    plain_log "$log" | grep -aEq "^info: module $i: 0x[0-9a-f]{8}-0x[0-9a-f]{8} \($(( i * 97 + 1 )) bytes\) \"/mods/m$i arg$i\"\$" \
        && seen=$((seen + 1))
done
[ "$seen" -eq "$MODULES" ] && pass "$MODULES modules: each with its size and string" \
    || fail "$MODULES modules: each with its size and string" "$seen of $MODULES found" "$log"

# ---- boot.cfg: a UTF-8 BOM, CRLF line ends, tabs, a long (allowed) comment.
d=$(variant cfg-bom)
{
    printf '\xef\xbb\xbf# written by an editor that adds a BOM\r\n'
    printf 'kernel\t=\t/kernel.elf\t\r\n'
    printf '\tcmdline =\trobust  bom\t\r\n'
    printf '#%*s\r\n' $(( LINE_MAX - 1 )) x
} > "$d/boot.cfg"
booted cfg-bom-crlf-tabs "$(image cfg-bom "$d")"
check "cfg-bom-crlf-tabs: the command line as written" "$out/cfg-bom-crlf-tabs.log" '^info: cmdline: "robust  bom"$'

d=$(variant cfg-long)
{
    printf 'kernel = /kernel.elf\r\n'
    printf 'cmdline = long\r\n'
    printf '# %*s\r\n' $(( LINE_MAX + 1000 )) x
} > "$d/boot.cfg"
refused long-config-line "$(image cfg-long "$d")" \
    "boot.cfg line 3: line is $(( LINE_MAX + 1002 )) bytes long, expected at most $LINE_MAX"

# ---- A 200 MiB kernel: the real one, padded (trailing bytes are not loaded).
d=$(variant big)
cp "$KERNEL_ELF" "$d/kernel.elf" && truncate -s "${BIG_KERNEL_MIB}M" "$d/kernel.elf"
refused big-kernel "$(image big "$d" "$BIG_ESP_KIB")" \
    "/kernel.elf: $(( BIG_KERNEL_MIB << 20 )) bytes, more than the $KERNEL_FILE_MAX this loader accepts"
rm -rf "$d" "$out/big.img"

# ---- Multiboot1 kernels that ask for what the loader does not do.
d=$(variant mb1-flag5)
python3 "$here/mb1-set-flags.py" "$MB1_ELF" "$d/kernel.elf" 0x20
refused mb1-unknown-flag "$(image mb1-flag5 "$d")" \
    'Multiboot1 header at 0x[0-9a-f]+ requires flag bit 5 \(flags 0x00000027\)'
d=$(variant mb1-aout)
python3 - "$d/kernel.elf" <<'PY'
import struct, sys
magic, flags = 0x1BADB002, 0x00010000
load = 0x200000  # header_addr, load_addr, load_end_addr, bss_end_addr, entry_addr
hdr = struct.pack("<3I5I", magic, flags, (-(magic + flags)) & 0xFFFFFFFF, load, load, 0, 0, load + 32)
open(sys.argv[1], "wb").write(hdr + b"\xf4" * 32)
PY
refused mb1-aout-kludge "$(image mb1-aout "$d")" 'the a.out kludge is not supported, expected an ELF32 kernel'

# ---- The fuzzers' seeds, booted once each.
for f in "$top"/tests/fuzz/corpus/config/*; do
    n=config-$(basename "$f"); d=$(variant "$n")
    cp "$f" "$d/boot.cfg"
    ends "$n" "$(image "$n" "$d")"
done
for f in "$top"/tests/fuzz/corpus/kimage/*; do
    n=kimage-$(basename "$f"); d=$(variant "$n")
    cp "$f" "$d/kernel.elf"
    ends "$n" "$(image "$n" "$d")"
done

write_results "$result" robust
