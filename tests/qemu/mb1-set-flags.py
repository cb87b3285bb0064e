#!/usr/bin/env python3
"""mb1-set-flags.py IN OUT BITS: copy a kernel file, setting BITS in the
flags of its Multiboot1 header (the first 0x1BADB002 at a 4-byte boundary
in the first 8 KiB) and fixing the checksum, so the header stays valid but
asks for something else (used to check a refusal of unknown required flags)."""
import struct
import sys

MAGIC = 0x1BADB002
SEARCH = 8192
ALIGN = 4
MASK = 0xFFFFFFFF


def main():
    src, dst, bits = sys.argv[1], sys.argv[2], int(sys.argv[3], 0)
    data = bytearray(open(src, "rb").read())
    for off in range(0, min(len(data), SEARCH) - 11, ALIGN):
        magic, flags, _ = struct.unpack_from("<3I", data, off)
        if magic == MAGIC:
            flags |= bits
            struct.pack_into("<3I", data, off, magic, flags, (-(magic + flags)) & MASK)
            open(dst, "wb").write(data)
            return
    sys.exit("mb1-set-flags: %s: no Multiboot1 header in the first %d bytes" % (src, SEARCH))


if __name__ == "__main__":
    main()
