"""tests/qemu/elf32.py: the ELF32 program headers of a kernel file, for the
test helpers that rewrite them (elf-move-segment.py, elf-overlap-segments.py)."""
import struct

EHDR_FMT = "<16sHHIIIIIHHHHHH"
PHDR_FMT = "<IIIIIIII"
PT_LOAD = 1
E_PHOFF, E_PHENTSIZE, E_PHNUM = 5, 9, 10
P_TYPE, P_PADDR, P_MEMSZ = 0, 3, 5


def load_segments(data):
    """The PT_LOAD program headers of the ELF32 image data, in file order,
    as (offset, fields): fields a list in Elf32_Phdr order (index it with
    P_*), offset where put_phdr writes it back."""
    eh = struct.unpack_from(EHDR_FMT, data, 0)
    phoff, phentsize, phnum = eh[E_PHOFF], eh[E_PHENTSIZE], eh[E_PHNUM]
    loads = []
    for i in range(phnum):
        off = phoff + i * phentsize
        ph = list(struct.unpack_from(PHDR_FMT, data, off))
        if ph[P_TYPE] == PT_LOAD:
            loads.append((off, ph))
    return loads


def put_phdr(data, off, fields):
    """Write the program header fields back at offset off of the bytearray data."""
    struct.pack_into(PHDR_FMT, data, off, *fields)
