#!/bin/bash
# tests/qemu/usb-tests.sh RESULTFILE: the USB stick image (build/disk.img)
# checked as a disk (GPT, protective MBR, ESP type and alignment, FAT32,
# sgdisk --verify) and booted the ways a PC would: from a removable USB
# stick on an xHCI controller with 64-bit and with 32-bit UEFI firmware,
# and as a virtio and an IDE disk; and the hybrid ISO as a CD and as a
# stick. Writes "passed=N failed=M" to RESULTFILE.
#
# Environment (set by tests/qemu/qemu.mk): BUILD, USB_IMG, USB_ROOT,
# USB_ESP_MIB, ISO_IMG.
set -u
result=$1
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/qemu/lib.sh
. "$here/lib.sh"
out=$BUILD/usb-tests
rm -rf "$out" && mkdir -p "$out"

BOOT_TIMEOUT=${BOOT_TIMEOUT:-90}
SECTOR=512
ALIGN_SECTORS=2048
MBR_PART1=446            # first MBR partition entry
MBR_STATUS=0             # its boot flag byte
MBR_TYPE=4               # its type byte
MBR_TYPE_GPT_PROTECTIVE=ee
ESP_TYPE_GUID=C12A7328-F81F-11D2-BA4B-00A0C93EC93B
OVMF32_CODE=/usr/share/OVMF/OVMF32_CODE_4M.secboot.fd
OVMF32_VARS=/usr/share/OVMF/OVMF32_VARS_4M.fd

# ---- The disk itself ----------------------------------------------------
disk_checks() {
    local img=$USB_IMG verify info first
    verify=$(sgdisk --verify "$img" 2>&1)
    if grep -q 'No problems found' <<<"$verify"; then pass "disk.img: sgdisk --verify finds no problems"
    else fail "disk.img: sgdisk --verify finds no problems" "$verify"; fi

    local status type
    status=$(od -An -tx1 -j $((MBR_PART1 + MBR_STATUS)) -N1 "$img" | tr -d ' ')
    type=$(od -An -tx1 -j $((MBR_PART1 + MBR_TYPE)) -N1 "$img" | tr -d ' ')
    [ "$type" = "$MBR_TYPE_GPT_PROTECTIVE" ] && [ "$status" = "00" ] \
        && pass "disk.img: protective MBR (type 0xee, no boot flag)" \
        || fail "disk.img: protective MBR (type 0xee, no boot flag)" "type 0x$type, status 0x$status"

    info=$(sgdisk --info=1 "$img")
    grep -q "Partition GUID code: $ESP_TYPE_GUID" <<<"$info" \
        && pass "disk.img: partition 1 is an EFI System Partition (EF00)" \
        || fail "disk.img: partition 1 is an EFI System Partition (EF00)" "$info"
    first=$(sed -n 's/^First sector: \([0-9]*\).*/\1/p' <<<"$info")
    (( first % ALIGN_SECTORS == 0 )) && pass "disk.img: ESP starts 1 MiB-aligned (sector $first)" \
        || fail "disk.img: ESP starts 1 MiB-aligned" "first sector $first"

    local minfo
    minfo=$(MTOOLS_SKIP_CHECK=1 minfo -i "$img@@$((first * SECTOR))" :: 2>&1)
    grep -q 'disk type="FAT32' <<<"$minfo" && pass "disk.img: the ESP is FAT32" \
        || fail "disk.img: the ESP is FAT32" "$(grep 'disk type' <<<"$minfo")"
    grep -q "hidden sectors: $first" <<<"$minfo" && pass "disk.img: FAT boot sector knows its partition offset" \
        || fail "disk.img: FAT boot sector knows its partition offset" "$(grep hidden <<<"$minfo")"
    local f
    for f in /EFI/BOOT/BOOTX64.EFI /EFI/BOOT/BOOTIA32.EFI /kernel.elf /boot.cfg /memmaps; do
        MTOOLS_SKIP_CHECK=1 mdir -i "$img@@$((first * SECTOR))" "::$f" >/dev/null 2>&1 \
            && pass "disk.img: holds $f" || fail "disk.img: holds $f" "not found"
    done
}

# test_disk: a copy of the stick with `test` on the command line.
test_disk() {
    local dir=$out/test.root
    rm -rf "$dir" && cp -r "$USB_ROOT" "$dir"
    printf '# test variant\nkernel = /kernel.elf\ncmdline = test\nsave_memmap = yes\n' > "$dir/boot.cfg"
    "$here/../../tools/mkusb.sh" "$out/test-disk.img" "$USB_ESP_MIB" "$dir" >/dev/null
    echo "$out/test-disk.img"
}

# boot_test NAME IMAGE DISK_IF [OVMF_CODE OVMF_VARS]: test mode, exit 33;
# the disk as the boot left it is kept as $out/NAME.after.img.
boot_test() {
    local name=$1 log=$out/$1.log rc
    DISK_IF=$3 DISK_OUT=$out/$1.after.img OVMF_CODE=${4:-${OVMF_CODE:-}} \
        OVMF_VARS=${5:-${OVMF_VARS:-}} "$here/run-qemu.sh" "$2" "$log" 512M "$BOOT_TIMEOUT"
    rc=$?
    expect_rc "$name: QEMU exit code $QEMU_EXIT_PASSED" "$rc" "$QEMU_EXIT_PASSED" "$log"
    check_entry_state "$name" "$log"
    check "$name: kernel: ready" "$log" '^kernel: ready$'
    add_kernel_counts "$name" "$log"
}

# boot_plain NAME IMAGE DISK_IF: the image as shipped reaches kernel: ready;
# the disk as the boot left it is kept as $out/NAME.after.img.
boot_plain() {
    local name=$1 log=$out/$1.log rc
    DISK_IF=$3 DISK_OUT=$out/$1.after.img "$here/run-qemu.sh" "$2" "$log" 512M "$BOOT_TIMEOUT" \
        '^kernel: ready'
    rc=$?
    expect_rc "$name: reaches 'kernel: ready'" "$rc" 0 "$log"
}

# esp_offset IMAGE: the byte offset of the image's EFI System Partition
# (the first GPT partition of type EF00), read from its partition table.
esp_offset() {
    local n info first
    for n in 1 2 3 4; do
        info=$(sgdisk --info=$n "$1" 2>/dev/null)
        if grep -q "Partition GUID code: $ESP_TYPE_GUID" <<<"$info"; then
            first=$(sed -n 's/^First sector: \([0-9]*\).*/\1/p' <<<"$info")
            echo $((first * SECTOR))
            return
        fi
    done
    echo 0
}

disk_checks
tdisk=$(test_disk)
# saved_memmap NAME LOADER: the boot NAME saved exactly one map pair, and
# the JSON agrees with the schema and with the kernel's printout.
saved_memmap() {
    local img=$out/$1.after.img at files json
    at="$img@@$(esp_offset "$img")"
    files=$(MTOOLS_SKIP_CHECK=1 mdir -b -i "$at" ::/memmaps 2>/dev/null | sed 's|^::/memmaps/||')
    if [ "$(grep -c '\.json$' <<<"$files")" = 1 ] && [ "$(grep -c '\.txt$' <<<"$files")" = 1 ]; then
        pass "$1: saved one .json and one .txt in /memmaps"
    else
        fail "$1: saved one .json and one .txt in /memmaps" "found: $(echo $files)" "$out/$1.log"
        return
    fi
    json=$(grep '\.json$' <<<"$files")
    check "$1: the loader said it saved and verified $json" "$out/$1.log" \
        "^loader: memmap: saved /memmaps/$json \([0-9]+ bytes, verified\)"
    MTOOLS_SKIP_CHECK=1 mcopy -n -i "$at" "::/memmaps/$json" "$out/$1.json"
    local why
    if why=$("$here/check-memmap.py" "$out/$1.json" "$out/$1.log" "$2"); then
        pass "$1: $json matches the schema and the kernel's map"
    else
        fail "$1: $json matches the schema and the kernel's map" "$why"
    fi
}

# no_memmap NAME REGEX: the boot went on without saving, and said why.
no_memmap() {
    local at="$out/$1.after.img@@$(esp_offset "$out/$1.after.img")" left
    check "$1: the loader says why it saved nothing" "$out/$1.log" "$2"
    left=$(MTOOLS_SKIP_CHECK=1 mdir -b -i "$at" ::/memmaps 2>/dev/null | grep -c '\.\(json\|txt\)$')
    [ "$left" = 0 ] && pass "$1: nothing half-written left in /memmaps" \
        || fail "$1: nothing half-written left in /memmaps" "$left file(s) there"
}

# full_disk: a stick with only FULL_DISK_ROOM bytes free: too little for the map.
FULL_DISK_ROOM=16384
full_disk() {
    local dir=$out/full.root img=$out/full-disk.img free
    rm -rf "$dir" && cp -r "$USB_ROOT" "$dir"
    "$here/../../tools/mkusb.sh" "$img" "$USB_ESP_MIB" "$dir" >/dev/null
    free=$(MTOOLS_SKIP_CHECK=1 mdir -i "$img@@$((ALIGN_SECTORS * SECTOR))" ::/ | \
           sed -n 's/^ *\([0-9 ]*\) bytes free.*/\1/p' | tr -d ' ')
    head -c $(( free - FULL_DISK_ROOM )) /dev/zero > "$dir/filler.bin"
    "$here/../../tools/mkusb.sh" "$img" "$USB_ESP_MIB" "$dir" >/dev/null
    echo "$img"
}

boot_test usb-x64 "$tdisk" usb
saved_memmap usb-x64 "pm32boot (UEFI x86_64)"
boot_test usb-ia32 "$tdisk" usb "$OVMF32_CODE" "$OVMF32_VARS"
check "usb-ia32: the 32-bit loader ran" "$out/usb-ia32.log" '^loader: pm32boot \(UEFI ia32\)'
check "usb-ia32: system table in tag 11" "$out/usb-ia32.log" '^info: EFI system table: 0x[0-9a-f]+ \(32-bit\)'
saved_memmap usb-ia32 "pm32boot (UEFI ia32)"

# A write-protected stick and a full one: no file, a reason, the boot goes on.
DISK_IF=usb DISK_RO=1 DISK_OUT=$out/usb-readonly.after.img \
    "$here/run-qemu.sh" "$USB_IMG" "$out/usb-readonly.log" 512M "$BOOT_TIMEOUT" '^kernel: ready'
expect_rc "usb-readonly: boots on to 'kernel: ready'" $? 0 "$out/usb-readonly.log"
no_memmap usb-readonly 'memmap: cannot (create|save) .*EFI_WRITE_PROTECTED \(the medium is read-only\); booting on'
fdisk_img=$(full_disk)
DISK_IF=usb DISK_OUT=$out/usb-full.after.img \
    "$here/run-qemu.sh" "$fdisk_img" "$out/usb-full.log" 512M "$BOOT_TIMEOUT" '^kernel: ready'
expect_rc "usb-full: boots on to 'kernel: ready'" $? 0 "$out/usb-full.log"
no_memmap usb-full 'memmap: cannot save /memmaps/.*\.json .*EFI_VOLUME_FULL \(the volume is full; nothing was left behind\); booting on'
# The shipped images save their map too, wherever the medium can be written.
boot_plain virtio-x64 "$USB_IMG" virtio
saved_memmap virtio-x64 "pm32boot (UEFI x86_64)"
boot_plain ide-x64 "$USB_IMG" ide
saved_memmap ide-x64 "pm32boot (UEFI x86_64)"
boot_plain iso-usb-x64 "$ISO_IMG" usb
saved_memmap iso-usb-x64 "pm32boot (UEFI x86_64)"
boot_plain iso-cdrom-x64 "$ISO_IMG" cdrom
check "iso-cdrom-x64: a CD cannot take the map, and the loader says so" "$out/iso-cdrom-x64.log" \
    'memmap: cannot (create|save) .*EFI_(WRITE_PROTECTED|ACCESS_DENIED|UNSUPPORTED|MEDIA_CHANGED)'

write_results "$result" usb
