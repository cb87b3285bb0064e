/*
 * mmap_builder.h: firmware memory maps in memory for the host tests, laid
 * out byte by byte at a chosen descriptor stride (40, 48, 64...), so code
 * that steps by sizeof instead of the stride reads garbage and fails.
 */
#ifndef TESTS_HOST_MMAP_BUILDER_H
#define TESTS_HOST_MMAP_BUILDER_H

#include <stddef.h>
#include <stdint.h>

#include "efi_mmap.h"

#define MMB_MAX_DESCS 512u
#define MMB_FILL      0xA5u /* bytes past the 40-byte descriptor, in each stride */

struct mmb {
    uint8_t *buf;  /* malloc'd, MMB_MAX_DESCS * stride bytes */
    size_t stride;
    size_t count;
};

/* mmb_init: an empty map with descriptors stride bytes apart. */
void mmb_init(struct mmb *m, size_t stride);

/* mmb_add: append a descriptor of `type` covering pages 4 KiB pages from start. */
void mmb_add(struct mmb *m, uint32_t type, uint64_t start, uint64_t pages);

/* mmb_add_range: mmb_add for [start, end), both 4 KiB aligned. */
void mmb_add_range(struct mmb *m, uint32_t type, uint64_t start, uint64_t end);

/* mmb_map: the map as efi_mmap.h describes it (version 1). */
struct efi_mmap mmb_map(const struct mmb *m);

/* mmb_free: release the buffer. */
void mmb_free(struct mmb *m);

#endif /* TESTS_HOST_MMAP_BUILDER_H */
