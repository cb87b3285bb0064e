#!/usr/bin/env python3
"""gen_corpus.py: write the seed corpora of the loader's fuzz targets.

tests/fuzz/corpus/{config,kimage,plan,efi_mmap,smbios,uelf}/ hold a few small valid and
invalid inputs each; the files are committed, and this script says how they
were made (run it from the top of the tree to regenerate them).
"""
import os
import struct

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")

MB2_MAGIC = 0xE85250D6
EFI_CONVENTIONAL, EFI_LOADER_DATA, EFI_BS_CODE, EFI_BS_DATA = 7, 2, 3, 4
EFI_RT_DATA, EFI_ACPI_RECLAIM, EFI_ACPI_NVS, EFI_MMIO = 6, 9, 10, 11
STRIDE_INDEX = {40: 0, 48: 1, 64: 2}  # fuzz_strides[] in fuzz_input.h


def write(target, name, data):
    d = os.path.join(TOP, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def mb2_tag(ttype, flags, words):
    size = 8 + 4 * len(words)
    body = struct.pack("<HHI", ttype, flags, size) + b"".join(struct.pack("<I", w) for w in words)
    return body + b"\0" * (-len(body) % 8)


def mb2_header(tags):
    body = b"".join(tags) + mb2_tag(0, 0, [])
    length = 16 + len(body)
    checksum = (-(MB2_MAGIC + 0 + length)) & 0xFFFFFFFF
    return struct.pack("<IIII", MB2_MAGIC, 0, length, checksum) + body


def elf32(phdrs, entry, file_len, cls=1, machine=3, etype=2):
    ident = b"\x7fELF" + bytes([cls, 1, 1]) + b"\0" * 9
    ehdr = ident + struct.pack("<HHIIIIIHHHHHH", etype, machine, 1, entry, 52, 0, 0, 52, 32,
                               len(phdrs), 0, 0, 0)
    ph = b"".join(struct.pack("<IIIIIIII", *p, 5, 0x1000) for p in phdrs)
    data = bytearray(file_len)
    data[:len(ehdr + ph)] = ehdr + ph
    return data


def config_seeds():
    write("config", "full.cfg", b"# boot.cfg\nkernel = /kernel.elf\ncmdline = test console=ttyS0\n"
          b"module = /initrd.img root=ram\nmodule=/font.psf\n")
    write("config", "crlf.cfg", b"kernel\t=\t/boot/k.elf \r\n\r\n  # c\r\ncmdline =\r\n")
    write("config", "unknown.cfg", b"kernal = /x\n")
    write("config", "noequals.cfg", b"kernel /kernel.elf\n")
    write("config", "nul.cfg", b"cmdline = a\0b\n")


def kimage_seeds():
    header_off, paddr = 0x80, 0x100000
    tags = [mb2_tag(1, 0, [6, 8, 17]), mb2_tag(1, 1, [14, 15]), mb2_tag(5, 1, [1024, 768, 32]),
            mb2_tag(6, 0, []), mb2_tag(4, 1, [2]), mb2_tag(3, 0, [paddr + 0x40])]
    hdr = mb2_header(tags)
    f = elf32([(1, header_off, 0xC0000000 + paddr, paddr, 0x180, 0x2000)], 0xC0000000 + paddr + 0x40,
              header_off + 0x180)
    f[header_off:header_off + len(hdr)] = hdr
    write("kimage", "elf_tags.bin", bytes(f))

    hdr = mb2_header([])
    f = elf32([(1, header_off, paddr, paddr, 0x40, 0x1000), (1, 0, 0x200000, 0x200000, 0, 0x1000)],
              paddr, header_off + 0x40)
    f[header_off:header_off + len(hdr)] = hdr
    write("kimage", "elf_plain.bin", bytes(f))

    flat = bytearray(0x100)
    flat[0:2] = b"\xeb\xfe"
    hdr = mb2_header([mb2_tag(2, 0, [paddr + 0x40, paddr, paddr + 0x100, paddr + 0x1000]),
                      mb2_tag(3, 0, [paddr])])
    flat[0x40:0x40 + len(hdr)] = hdr
    write("kimage", "flat_address_tag.bin", bytes(flat))

    write("kimage", "elf64.bin", bytes(elf32([], 0, 64, cls=2, machine=62)))
    write("kimage", "text.bin", b"#!/bin/sh\necho not a kernel\n")


def mdesc(stride, etype, start, pages):
    d = struct.pack("<IIQQQQ", etype, 0, start, 0, pages, 0xF)
    return d + b"\xa5" * (stride - len(d))


def pc_map(stride):
    parts = [(EFI_BS_CODE, 0, 0xA0), (EFI_CONVENTIONAL, 0x100000, 0xF00),
             (EFI_LOADER_DATA, 0x1000000, 0x1000), (EFI_BS_DATA, 0x2000000, 0x2000),
             (EFI_RT_DATA, 0x4000000, 0x10), (EFI_ACPI_RECLAIM, 0x4010000, 4),
             (EFI_ACPI_NVS, 0x4014000, 4), (EFI_CONVENTIONAL, 0x4018000, 0x3000),
             (EFI_MMIO, 0xFEC00000, 1), (EFI_CONVENTIONAL, 0x100000000, 0x40000)]
    return b"".join(mdesc(stride, *p) for p in parts)


def plan_seeds():
    for stride in (40, 48, 64):
        head = bytes([STRIDE_INDEX[stride], 0, 2, 1, 8]) + struct.pack("<I", 0x8000000)
        segs = struct.pack("<IIII", 0x100000, 0x1000, 0x2000, 0x3000) + \
            struct.pack("<IIII", 0x200000, 0x3000, 0x100, 0x5000)
        busy = struct.pack("<QQ", 0x7000000, 0x7001000)
        write("plan", "pc_%d.bin" % stride, head + segs + busy + pc_map(stride))
    head = bytes([0, 0, 1, 0, 8]) + struct.pack("<I", 0x8000000)
    segs = struct.pack("<IIII", 0x3FF0000, 0x1000, 0x1000, 0x20000)  # runs into runtime data
    write("plan", "reserved.bin", head + segs + pc_map(40))


def efi_mmap_seeds():
    for stride in (40, 48, 64):
        write("efi_mmap", "pc_%d.bin" % stride, bytes([STRIDE_INDEX[stride], 0]) + pc_map(stride))
    write("efi_mmap", "empty.bin", bytes([0, 0]))
    write("efi_mmap", "bad_version.bin", bytes([1, 0x82]) + pc_map(48))


def smbios_seeds():
    """Mode byte 0: a structure table; mode byte 1: an entry point."""
    bios = bytes([0, 0x18, 0, 0, 1]) + bytes(0x18 - 5) + b"Vendor\0\0"
    system = bytes([1, 8, 1, 0, 1, 2, 0, 0]) + b"QEMU\0Standard PC\0\0"
    end = bytes([127, 4, 0, 0, 0, 0])
    write("smbios", "table", b"\0" + bios + system + end)
    write("smbios", "table-no-type1", b"\0" + bios + end)
    ep = bytearray(0x1F)
    ep[0:4] = b"_SM_"
    ep[5] = 0x1F
    ep[0x16:0x18] = struct.pack("<H", 0x100)
    ep[0x18:0x1C] = struct.pack("<I", 0xF0000)
    ep[4] = (-sum(ep)) & 0xFF
    write("smbios", "entry-2x", b"\1" + bytes(ep))
    ep3 = bytearray(0x18)
    ep3[0:5] = b"_SM3_"
    ep3[6] = 0x18
    ep3[0x0C:0x10] = struct.pack("<I", 0x800)
    ep3[0x10:0x18] = struct.pack("<Q", 0x7E000000)
    ep3[5] = (-sum(ep3)) & 0xFF
    write("smbios", "entry-3x", b"\1" + bytes(ep3))


def uelf_seeds():
    """User programs (kernel/uelf.c): the shape user/user.ld links, and near misses."""
    def prog(phdrs, entry, file_len=0x2000):
        ident = b"\x7fELF" + bytes([1, 1, 1]) + b"\0" * 9
        ehdr = ident + struct.pack("<HHIIIIIHHHHHH", 2, 3, 1, entry, 52, 0, 0, 52, 32,
                                   len(phdrs), 0, 0, 0)
        ph = b"".join(struct.pack("<IIIIIIII", t, off, va, va, fs, ms, fl, 0x1000)
                      for (t, off, va, fs, ms, fl) in phdrs)
        data = bytearray(file_len)
        data[:len(ehdr + ph)] = ehdr + ph
        return bytes(data)
    text = (1, 0, 0x08048000, 0x300, 0x300, 5)
    data = (1, 0x1000, 0x08049000, 0x20, 0x2000, 6)
    write("uelf", "text-data", prog([text, data], 0x08048080))
    write("uelf", "text-only", prog([text, (1, 0x300, 0, 0, 0, 6)], 0x08048080))
    write("uelf", "entry-in-data", prog([text, data], 0x08049004))
    write("uelf", "shared-page", prog([text, (1, 0x300, 0x08048300, 0x10, 0x10, 6)], 0x08048080))
    write("uelf", "kernel-half", prog([(1, 0, 0xC0100000, 0x300, 0x300, 5)], 0xC0100080))


if __name__ == "__main__":
    config_seeds()
    kimage_seeds()
    plan_seeds()
    efi_mmap_seeds()
    smbios_seeds()
    uelf_seeds()
