#!/bin/bash
# tools/collect-memmaps.sh OUTDIR USB_IMG CONFIG...: boot the USB image in
# QEMU with OVMF once per CONFIG ("machine:memory:cpus", e.g. q35:512M:4),
# take the memory map the loader saved on the stick and the kernel's serial
# log of the same boot, and write per configuration into OUTDIR:
#   NAME.json (the saved maps plus the kernel's, `tools/memmap merge`),
#   NAME.txt  (`tools/memmap show`), NAME.svg (`tools/memmap svg`),
#   NAME.log  (the serial log);
# then OUTDIR/index.html with every SVG side by side. Used by `make memmaps`.
set -u
out=$1; img=$2; shift 2
top=$(cd "$(dirname "$0")/.." && pwd)
BOOT_TIMEOUT=${BOOT_TIMEOUT:-120}
PART_OFFSET=$((2048 * 512))   # the ESP's first byte in disk.img (tools/mkusb.sh)
mkdir -p "$out"
rows=""
status=0
for cfg in "$@"; do
    IFS=: read -r machine mem cpus <<<"$cfg"
    name="$machine-$mem-${cpus}cpu"
    echo "memmaps: booting $name"
    MACHINE=$machine SMP=$cpus DISK_IF=usb DISK_OUT="$out/$name.disk" \
        "$top/tests/qemu/run-qemu.sh" "$img" "$out/$name.log" "$mem" "$BOOT_TIMEOUT" '^kernel: ready'
    rc=$?
    json=$(MTOOLS_SKIP_CHECK=1 mdir -b -i "$out/$name.disk@@$PART_OFFSET" ::/memmaps 2>/dev/null \
           | grep '\.json$' | head -n1)
    if [ "$rc" -ne 0 ] || [ -z "$json" ]; then
        echo "memmaps: $name: no saved map (QEMU exit $rc); see $out/$name.log" >&2
        status=1
        rm -f "$out/$name.disk"
        continue
    fi
    MTOOLS_SKIP_CHECK=1 mcopy -n -i "$out/$name.disk@@$PART_OFFSET" "$json" "$out/$name.saved.json"
    rm -f "$out/$name.disk"
    "$top/tools/memmap" merge -o "$out/$name.json" "$out/$name.saved.json" "$out/$name.log" &&
        "$top/tools/memmap" show "$out/$name.json" > "$out/$name.txt" &&
        "$top/tools/memmap" svg -o "$out/$name.svg" "$out/$name.json" || { status=1; continue; }
    rows="$rows<h2>$name</h2><p><a href=\"$name.txt\">tables</a> · <a href=\"$name.json\">JSON</a> · <a href=\"$name.log\">serial log</a></p><img src=\"$name.svg\" alt=\"memory map of $name\">"
done
cat > "$out/index.html" <<HTML
<!doctype html>
<html><head><meta charset="utf-8"><title>Firmware memory maps</title>
<style>body{font-family:sans-serif;margin:2em} img{max-width:100%;border:1px solid #ccc}</style>
</head><body><h1>Firmware memory maps (OVMF under QEMU)</h1>
<p>Each map: what the firmware reported at the loader's start, before the loader wrote this file, and at the kernel's entry. Made by <code>make memmaps</code>.</p>
$rows
</body></html>
HTML
echo "memmaps: $out/index.html"
exit $status
