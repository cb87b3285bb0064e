/*
 * info.h: building the Multiboot2 information structure (pure code).
 *
 * The loader reserves one buffer below 4 GiB, adds the tags it knows before
 * ExitBootServices, and adds the memory-map tags from the final map after
 * it (no firmware calls are needed for that). Every add is bounds-checked;
 * once a tag does not fit, the builder stays in an overflow state.
 */
#ifndef EFI_INFO_H
#define EFI_INFO_H

#include <stddef.h>
#include <stdint.h>

#include "../kernel/include/multiboot2.h"
#include "../mm/efi_mmap.h"

struct mb2_builder {
    uint8_t *buf;      /* 8-byte aligned */
    size_t cap;
    size_t len;        /* bytes used, always a multiple of 8 */
    int overflow;      /* set once something did not fit */
    uint32_t supplied; /* bit n: a tag of type n was added */
};

/* mb2b_init: start an empty structure (the 8-byte header) in buf. */
void mb2b_init(struct mb2_builder *b, void *buf, size_t cap);

/*
 * mb2b_add: append a tag of `type` with `payload` bytes after its 8-byte
 * head, zero-filled and padded to 8. Returns a pointer to the tag's start
 * (type and size filled in), or NULL (and sets overflow) if it does not fit.
 */
void *mb2b_add(struct mb2_builder *b, uint32_t type, size_t payload);

/* mb2b_add_string: a tag 1 (command line) or 2 (loader name). 0 or -1. */
int mb2b_add_string(struct mb2_builder *b, uint32_t type, const char *s);

/* mb2b_add_module: a tag 3 for [start, end) with its string. 0 or -1. */
int mb2b_add_module(struct mb2_builder *b, uint32_t start, uint32_t end, const char *s);

/*
 * mb2b_add_memory: from the final firmware map, add tag 4 (basic memory:
 * mem_lower counts usable KiB from 0 up to the first gap, at most 640;
 * mem_upper usable KiB from 1 MiB up to the first gap), tag 6 (entries
 * sorted by address, adjacent entries of the same Multiboot2 type merged;
 * usable-after-exit types -> available, ACPI reclaim -> 3, ACPI NVS -> 4,
 * unusable -> 5, everything else reserved) and tag 17 (the raw descriptors
 * with the map's own stride and version). Returns 0, or -1 when the map is
 * malformed (efi_mmap_check) or the tags do not fit.
 */
int mb2b_add_memory(struct mb2_builder *b, const struct efi_mmap *map);

/*
 * mb2b_memory_bytes: an upper bound on what mb2b_add_memory needs for a map
 * of `map_size` bytes with stride `descr_size`: reserve this much room.
 */
size_t mb2b_memory_bytes(size_t map_size, size_t descr_size);

/*
 * mb2b_finish: append the end tag and write total_size. Returns the total
 * size, or 0 if anything overflowed.
 */
size_t mb2b_finish(struct mb2_builder *b);

#endif /* EFI_INFO_H */
