#!/bin/sh
# tools/mkgrub.sh OUT CFG: a GRUB 2 standalone x86_64-efi image (OUT, e.g.
# .../BOOTX64.EFI) with CFG built in as its boot/grub/grub.cfg and the
# modules a Multiboot2 boot from a FAT ESP needs. One recipe for the
# interop tests (tests/interop/grub.cfg: our kernel in test mode) and the
# benchmarks (tests/bench/grub.cfg: the same command line as esp/boot.cfg).
set -eu
if [ $# -ne 2 ]; then
    echo "usage: $0 OUT CFG" >&2
    exit 2
fi
out=$1; cfg=$2
[ -r "$cfg" ] || { echo "mkgrub: $cfg: no such file (expected a grub.cfg to build in)" >&2; exit 2; }
mkdir -p "$(dirname "$out")"
grub-mkstandalone -O x86_64-efi -o "$out" \
    --modules="part_gpt fat multiboot2 search search_fs_file normal efi_gop all_video" \
    "boot/grub/grub.cfg=$cfg"
