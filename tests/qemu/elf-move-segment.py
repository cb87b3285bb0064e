#!/usr/bin/env python3
"""elf-move-segment.py IN OUT ADDRESS: copy an ELF32 kernel, moving its
PT_LOAD segments' physical addresses (p_paddr) so that the lowest segment
starts at ADDRESS. Virtual addresses and e_entry stay (the loader maps the
entry from virtual to physical through its segment, as GRUB does), so the
result is still a valid kernel file; only where it asks to be loaded
changes (used to aim a kernel at reserved memory)."""
import struct
import sys

EHDR_FMT = "<16sHHIIIIIHHHHHH"
PHDR_FMT = "<IIIIIIII"
PT_LOAD = 1
E_PHOFF, E_PHENTSIZE, E_PHNUM = 5, 9, 10
P_TYPE, P_PADDR = 0, 3


def main():
    src, dst, target = sys.argv[1], sys.argv[2], int(sys.argv[3], 0)
    data = bytearray(open(src, "rb").read())
    eh = list(struct.unpack_from(EHDR_FMT, data, 0))
    phoff, phentsize, phnum = eh[E_PHOFF], eh[E_PHENTSIZE], eh[E_PHNUM]
    loads = []
    for i in range(phnum):
        off = phoff + i * phentsize
        ph = list(struct.unpack_from(PHDR_FMT, data, off))
        if ph[P_TYPE] == PT_LOAD:
            loads.append((off, ph))
    base = min(ph[P_PADDR] for _, ph in loads)
    delta = target - base
    for off, ph in loads:
        ph[P_PADDR] += delta
        struct.pack_into(PHDR_FMT, data, off, *ph)
    open(dst, "wb").write(data)


if __name__ == "__main__":
    main()
