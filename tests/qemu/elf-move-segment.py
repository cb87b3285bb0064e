#!/usr/bin/env python3
"""elf-move-segment.py IN OUT ADDRESS: copy an ELF32 kernel, moving its
PT_LOAD segments' physical addresses (p_paddr) so that the lowest segment
starts at ADDRESS. Virtual addresses and e_entry stay (the loader maps the
entry from virtual to physical through its segment, as GRUB does), so the
result is still a valid kernel file; only where it asks to be loaded
changes (used to aim a kernel at reserved memory)."""
import sys

from elf32 import P_PADDR, load_segments, put_phdr


def main():
    src, dst, target = sys.argv[1], sys.argv[2], int(sys.argv[3], 0)
    data = bytearray(open(src, "rb").read())
    loads = load_segments(data)
    base = min(ph[P_PADDR] for _, ph in loads)
    delta = target - base
    for off, ph in loads:
        ph[P_PADDR] += delta
        put_phdr(data, off, ph)
    open(dst, "wb").write(data)


if __name__ == "__main__":
    main()
