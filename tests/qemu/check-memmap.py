#!/usr/bin/env python3
"""check-memmap.py JSON SERIAL_LOG LOADER: check a memory map file the
loader saved against the schema (docs/memmap-json.md) and against the
kernel's printout of the final map in the serial log of the same boot.

The saved "before-write" map and the kernel's map (taken at
ExitBootServices) differ where the loader and the firmware still allocated
in between, but every descriptor the firmware keeps for itself (runtime
services, ACPI, reserved, MMIO...) must be the same in both. Exits 0 when
all holds, else 1 with one line per problem."""
import json
import re
import sys

SCHEMA, VERSION = "pm32boot-memmap", 1
WHENS = ["loader-start", "before-write"]
# Types the OS is not handed: they must not move between the two maps.
FIRMWARE_KEPT = {
    0: "EfiReservedMemoryType", 5: "EfiRuntimeServicesCode", 6: "EfiRuntimeServicesData",
    8: "EfiUnusableMemory", 9: "EfiACPIReclaimMemory", 10: "EfiACPIMemoryNVS",
    11: "EfiMemoryMappedIO", 12: "EfiMemoryMappedIOPortSpace", 13: "EfiPalCode",
    14: "EfiPersistentMemory",
}
KERNEL_LINE = re.compile(
    r"^efi-mmap:\s+\d+\s+(\S+)\s+0x([0-9a-f]{16})-0x([0-9a-f]{16})\s+(\d+) pages attr=0x([0-9a-f]{16})")
ESCAPES = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
PAGE = 4096


def problems(doc, log_text, loader):
    out = []
    if doc.get("schema") != SCHEMA or doc.get("version") != VERSION:
        out.append("schema/version are %r/%r, expected %r/%r"
                   % (doc.get("schema"), doc.get("version"), SCHEMA, VERSION))
    if doc.get("loader") != loader:
        out.append("loader is %r, expected %r" % (doc.get("loader"), loader))
    if not doc.get("machine", {}).get("manufacturer"):
        out.append("machine.manufacturer is empty: SMBIOS type 1 not read")
    maps = doc.get("maps", [])
    if [m.get("when") for m in maps] != WHENS:
        out.append("maps are %r, expected %r" % ([m.get("when") for m in maps], WHENS))
        return out
    saved = set()
    for m in maps:
        if m.get("descriptor_size", 0) < 40 or m.get("descriptor_version") != 1:
            out.append("map %s: descriptor size/version %r/%r"
                       % (m["when"], m.get("descriptor_size"), m.get("descriptor_version")))
        if not m.get("entries"):
            out.append("map %s has no entries" % m["when"])
    for e in maps[1]["entries"]:
        if e["type"] in FIRMWARE_KEPT:
            start = int(e["phys_start"], 16)
            saved.add((e["type_name"], start, start + e["pages"] * PAGE, int(e["attribute"], 16)))
    kernel = set()
    for line in ESCAPES.sub("", log_text).replace("\r", "").splitlines():
        k = KERNEL_LINE.match(line)
        if k and k.group(1) in FIRMWARE_KEPT.values():
            kernel.add((k.group(1), int(k.group(2), 16), int(k.group(3), 16), int(k.group(5), 16)))
    if not kernel:
        out.append("the serial log has no efi-mmap lines of firmware-kept memory")
    for d in sorted(kernel - saved, key=lambda x: x[1]):
        out.append("kernel sees %s [%#x-%#x) attr %#x, the saved map does not" % d)
    for d in sorted(saved - kernel, key=lambda x: x[1]):
        out.append("saved map has %s [%#x-%#x) attr %#x, the kernel does not" % d)
    return out


def main():
    path, log, loader = sys.argv[1], sys.argv[2], sys.argv[3]
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print("check-memmap: %s: not readable JSON: %s" % (path, e))
        return 1
    with open(log, encoding="latin-1") as f:
        text = f.read()
    found = problems(doc, text, loader)
    for p in found:
        print("check-memmap: %s" % p)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
