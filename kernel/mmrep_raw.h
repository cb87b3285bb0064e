/*
 * mmrep_raw.h: the raw EFI memory map (Multiboot2 tag 17) as received, one
 * report line per descriptor, with its anomalies flagged. Pure C over
 * struct efi_mmap (mm/efi_mmap.h): built for the kernel and the host tests.
 *
 * Line shape (tools/memmap and tests/qemu/check-memmap.py read the part up
 * to attr=; the columns after it are for people, except type=N):
 *
 *   efi-mmap: IDX NAME 0xSTART-0xEND PAGES pages attr=0xATTR type=N | SIZE | ATTRS | FLAGS
 *
 * END is exclusive; an end past 2^64 prints as "(overflow)0x0000000000000000"
 * and SIZE is then what lies below 2^64 ("16 EiB" from address 0).
 */
#ifndef KERNEL_MMREP_RAW_H
#define KERNEL_MMREP_RAW_H

#include <stddef.h>
#include <stdint.h>

#include "efi_mmap.h"

#define MMREP_1MIB            0x100000ull
#define MMREP_4GIB            0x100000000ull
#define MMREP_OVERLAPS_SHOWN  4u   /* overlapping indexes listed; more are counted as ",+N" */
#define MMREP_RAW_LINE_MAX    448u /* a raw line with every column at its widest (~390) */

/* Anomaly bits of one descriptor. */
#define MMREP_F_UNSORTED    0x01u /* starts below the descriptor before it */
#define MMREP_F_OVERLAPS    0x02u /* shares addresses with another descriptor */
#define MMREP_F_ZERO        0x04u /* 0 pages */
#define MMREP_F_OVERFLOW    0x08u /* start + pages * 4 KiB passes 2^64 */
#define MMREP_F_UNALIGNED   0x10u /* start not a multiple of 4 KiB */
#define MMREP_F_BELOW_1M    0x20u /* lies (partly) below 1 MiB */
#define MMREP_F_ABOVE_4G    0x40u /* lies (partly) at or above 4 GiB */

struct mmrep_flags {
    uint32_t bits;                              /* MMREP_F_* */
    uint32_t overlap_count;                     /* descriptors it overlaps */
    uint32_t overlaps[MMREP_OVERLAPS_SHOWN];    /* the first of them, by index */
};

/*
 * mmrep_raw_flags: the anomalies of descriptor i of map (which
 * efi_mmap_check accepts; i < efi_mmap_count) into *out. Overlap is
 * checked against every other descriptor (O(n) per call), with ranges that
 * pass 2^64 clipped there and zero-length ranges overlapping nothing.
 */
void mmrep_raw_flags(const struct efi_mmap *map, size_t i, struct mmrep_flags *out);

/*
 * mmrep_flags_text: the flags as words separated by spaces, in the order
 * unsorted, overlaps:N,M (",+K" when more than MMREP_OVERLAPS_SHOWN),
 * zero-length, overflow, unaligned, <1MiB, >4GiB; "-" when there are none.
 * Writes into buf (capacity cap, NUL-terminated, cut when short); returns
 * the length the full text needs.
 */
size_t mmrep_flags_text(char *buf, size_t cap, const struct mmrep_flags *f);

/*
 * mmrep_raw_line: descriptor i of map as one report line (shape above, no
 * newline) into buf, capacity cap (NUL-terminated, cut when short).
 * Returns the length the full line needs.
 */
size_t mmrep_raw_line(char *buf, size_t cap, const struct efi_mmap *map, size_t i);

/*
 * mmrep_raw_header: the header line, "efi-mmap: descr_size=S version=V
 * count=N ..." with the descriptor's padding beyond the 40-byte version-1
 * layout, the map's size in bytes and the ranges' convention ([start, end),
 * end exclusive), no newline. Same buffer contract.
 */
size_t mmrep_raw_header(char *buf, size_t cap, const struct efi_mmap *map);

#endif /* KERNEL_MMREP_RAW_H */
