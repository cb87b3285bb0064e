#!/usr/bin/env python3
"""elf-overlap-segments.py IN OUT: copy an ELF32 kernel, moving its second
PT_LOAD segment's physical address (p_paddr) one page into the first
segment, so the two overlap in memory. Everything else stays, so the file
is still a valid ELF32 kernel; only the loader's planner can tell it
cannot be placed (used to check it names both segments)."""
import sys

from elf32 import P_MEMSZ, P_PADDR, load_segments, put_phdr

PAGE = 0x1000


def main():
    src, dst = sys.argv[1], sys.argv[2]
    data = bytearray(open(src, "rb").read())
    loads = load_segments(data)
    if len(loads) < 2:
        sys.exit("elf-overlap-segments: %s has %d PT_LOAD segment(s), expected at least 2"
                 % (src, len(loads)))
    first, (off, second) = loads[0][1], loads[1]
    if first[P_MEMSZ] <= PAGE:
        sys.exit("elf-overlap-segments: the first segment is %#x bytes, expected more than a page"
                 % first[P_MEMSZ])
    second[P_PADDR] = first[P_PADDR] + PAGE
    put_phdr(data, off, second)
    open(dst, "wb").write(data)


if __name__ == "__main__":
    main()
