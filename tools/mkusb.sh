#!/bin/sh
# tools/mkusb.sh DISK ESP_MIB DIR: write a GPT disk image for a USB stick:
# a protective MBR (no boot flag), one EFI System Partition (type EF00)
# starting at 1 MiB and ESP_MIB MiB long, formatted FAT32 and holding the
# tree DIR. The filesystem's size and offset are read back from the
# partition table (sgdisk -i), never assumed. No root, no loop devices.
set -eu
disk=$1; esp_mib=$2; dir=$3
SECTOR=512
ALIGN_SECTORS=2048          # 1 MiB alignment, what partitioning tools use
GPT_TAIL_MIB=1              # room for the backup GPT at the end
FAT32_MIN_MIB=33            # smaller FAT32 volumes are out of spec
here=$(cd "$(dirname "$0")" && pwd)

[ "$esp_mib" -ge "$FAT32_MIN_MIB" ] || { echo "mkusb: ESP must be at least $FAT32_MIN_MIB MiB for FAT32" >&2; exit 1; }
tmp="$disk.tmp"
rm -f "$tmp" "$tmp.fat"
truncate -s "$(( (1 + esp_mib + GPT_TAIL_MIB) ))M" "$tmp"
sgdisk --clear --set-alignment="$ALIGN_SECTORS" \
    --new=1:"$ALIGN_SECTORS":+"${esp_mib}M" --typecode=1:EF00 --change-name=1:"EFI System" \
    "$tmp" >/dev/null

# Where the partition really is, from the table itself.
info=$(sgdisk --info=1 "$tmp")
first=$(printf '%s\n' "$info" | sed -n 's/^First sector: \([0-9]*\).*/\1/p')
last=$(printf '%s\n' "$info" | sed -n 's/^Last sector: \([0-9]*\).*/\1/p')
[ -n "$first" ] && [ -n "$last" ] || { echo "mkusb: cannot read partition 1 from $tmp" >&2; exit 1; }
sectors=$(( last - first + 1 ))
[ $(( sectors * SECTOR % 1024 )) -eq 0 ] || { echo "mkusb: partition is not a whole number of KiB" >&2; exit 1; }

# The FAT32 file system, sized to the partition, then written into it.
HIDDEN_SECTORS=$first "$here/mkesp.sh" "$tmp.fat" $(( sectors * SECTOR / 1024 )) "$dir" >/dev/null
dd if="$tmp.fat" of="$tmp" bs="$SECTOR" seek="$first" conv=notrunc status=none
rm -f "$tmp.fat"
sgdisk --verify "$tmp" >/dev/null
mv "$tmp" "$disk"
echo "mkusb: $disk: GPT, ESP sectors $first-$last ($(( sectors * SECTOR / 1048576 )) MiB, FAT32) from $dir"
