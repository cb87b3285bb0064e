/*
 * memranges.h: the final firmware map folded into the memory ranges both
 * Multiboot protocols hand over (pure code). Multiboot1 and Multiboot2 use
 * the same type numbers (1 available, 2 reserved, 3 ACPI reclaimable,
 * 4 ACPI NVS, 5 bad), so one fold serves info.c (tag 6, tag 4) and
 * mb1_info.c (mmap_addr, mem_lower/mem_upper).
 */
#ifndef EFI_MEMRANGES_H
#define EFI_MEMRANGES_H

#include <stddef.h>
#include <stdint.h>

#include "../kernel/include/multiboot2.h"
#include "../mm/efi_mmap.h"

/*
 * memranges_build: the descriptors of map as ranges in out (room for
 * efi_mmap_count(map) entries): usable-after-exit types become available,
 * ACPI reclaim 3, ACPI NVS 4, unusable 5, everything else reserved; empty
 * and overflowing descriptors are dropped; sorted by address, and
 * neighbours of the same type that touch merged. Returns the count written.
 * Asserts (by contract) that map passed efi_mmap_check.
 */
size_t memranges_build(const struct efi_mmap *map, struct mb2_mmap_entry *out);

/*
 * memranges_lower_kib / memranges_upper_kib: usable KiB without a gap from
 * 0 (at most 640 KiB), and from 1 MiB, over ranges memranges_build made.
 */
uint32_t memranges_lower_kib(const struct mb2_mmap_entry *r, size_t n);
uint32_t memranges_upper_kib(const struct mb2_mmap_entry *r, size_t n);

#endif /* EFI_MEMRANGES_H */
