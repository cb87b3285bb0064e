#!/bin/sh
# tools/mkesp.sh IMAGE SIZE_KIB DIR: write a FAT ESP image of SIZE_KIB KiB
# holding the tree DIR (e.g. DIR/EFI/BOOT/BOOTX64.EFI, DIR/kernel.elf).
# HIDDEN_SECTORS (environment, default 0): the partition's first sector,
# recorded in the boot sector when the image goes inside a partition.
# No root, no loop devices: mkfs.fat on a plain file, then mtools.
# FAT32 from 33 MiB up (some firmware refuses small FAT16 ESPs), else FAT12/16.
set -eu
img=$1; size_kib=$2; dir=$3
FAT32_MIN_KIB=33792

[ -d "$dir" ] || { echo "mkesp: $dir: no such directory" >&2; exit 1; }
tmp="$img.tmp"
rm -f "$tmp"
truncate -s "${size_kib}K" "$tmp"
if [ "$size_kib" -ge "$FAT32_MIN_KIB" ]; then
    mkfs.fat -F 32 -h "${HIDDEN_SECTORS:-0}" -n ESP "$tmp" >/dev/null
else
    mkfs.fat -h "${HIDDEN_SECTORS:-0}" -n ESP "$tmp" >/dev/null
fi
# Copy the tree: directories first (mmd), then files (mcopy), in a stable order.
(cd "$dir" && find . -mindepth 1 -type d | sort) | while read -r d; do
    MTOOLS_SKIP_CHECK=1 mmd -i "$tmp" "::${d#.}"
done
(cd "$dir" && find . -type f | sort) | while read -r f; do
    MTOOLS_SKIP_CHECK=1 mcopy -i "$tmp" -o "$dir/${f#./}" "::${f#.}"
done
mv "$tmp" "$img"
echo "mkesp: $img ($size_kib KiB) from $dir"
