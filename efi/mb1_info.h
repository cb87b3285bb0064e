/*
 * mb1_info.h: building the Multiboot1 information structure (pure code).
 * Like the Multiboot2 builder (info.h): the loader reserves one buffer
 * below 4 GiB, fills in what it knows before ExitBootServices and adds the
 * memory fields from the final map after it. The structure sits at the
 * buffer's start; the module list, strings and memory map follow it, and
 * every pointer in it is a physical address: `phys` (where the buffer is)
 * plus the offset. Every step is bounds-checked; once something does not
 * fit, the builder stays in an overflow state.
 */
#ifndef EFI_MB1_INFO_H
#define EFI_MB1_INFO_H

#include <stddef.h>
#include <stdint.h>

#include "../mm/efi_mmap.h"
#include "multiboot1.h"

#define MB1_INFO_ALIGN 8u /* the structure and each area after it */

struct mb1_builder {
    uint8_t *buf;  /* MB1_INFO_ALIGN aligned; buf[0] is the struct mb1_info */
    size_t cap;
    size_t len;    /* bytes used, a multiple of MB1_INFO_ALIGN */
    uint32_t phys; /* the buffer's physical address as the kernel sees it */
    int overflow;  /* set once something did not fit */
};

/* A module as the loader placed it: [start, end) and its string. */
struct mb1_module_in {
    uint32_t start;
    uint32_t end;
    const char *string;
};

/* The framebuffer fields (RGB, direct colour). */
struct mb1_fb_in {
    uint64_t addr;
    uint32_t pitch;
    uint32_t width;
    uint32_t height;
    uint8_t bpp;
    uint8_t red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
};

/* mb1_info_of: the structure at the buffer's start. */
struct mb1_info *mb1_info_of(struct mb1_builder *b);

/*
 * mb1b_init: start a zeroed structure (flags 0) in buf (cap bytes, at
 * physical address phys). Sets overflow if cap cannot hold it or phys +
 * cap runs past 4 GiB.
 */
void mb1b_init(struct mb1_builder *b, void *buf, size_t cap, uint32_t phys);

/* mb1b_set_cmdline: copy s after the structure, set cmdline and flag bit 2. 0 or -1. */
int mb1b_set_cmdline(struct mb1_builder *b, const char *s);

/* mb1b_set_loader_name: copy s, set boot_loader_name and flag bit 9. 0 or -1. */
int mb1b_set_loader_name(struct mb1_builder *b, const char *s);

/*
 * mb1b_set_modules: the module list (n entries of 16 bytes, reserved 0) and
 * their strings; sets mods_count, mods_addr and flag bit 3 (also for n = 0,
 * as GRUB does). 0 or -1.
 */
int mb1b_set_modules(struct mb1_builder *b, const struct mb1_module_in *m, unsigned n);

/* mb1b_set_framebuffer: the framebuffer fields (type RGB) and flag bit 12. */
void mb1b_set_framebuffer(struct mb1_builder *b, const struct mb1_fb_in *fb);

/*
 * mb1b_memory_bytes: an upper bound on what mb1b_add_memory needs for a map
 * of map_size bytes with stride descr_size: reserve this much room.
 */
size_t mb1b_memory_bytes(size_t map_size, size_t descr_size);

/*
 * mb1b_add_memory: from the final firmware map, the memory map (entries
 * with their size field 20, sorted by address, touching entries of the
 * same type merged; types as in the Multiboot2 tag 6: usable after
 * ExitBootServices -> 1, ACPI reclaim -> 3, ACPI NVS -> 4, unusable -> 5,
 * else 2) with flag bit 6, and mem_lower (usable KiB from 0 without a gap,
 * at most 640) and mem_upper (usable KiB from 1 MiB without a gap) with
 * flag bit 0. Returns 0, or -1 when the map is malformed (efi_mmap_check)
 * or does not fit.
 */
int mb1b_add_memory(struct mb1_builder *b, const struct efi_mmap *map);

#endif /* EFI_MB1_INFO_H */
