/*
 * mb2_info.h: a defensive reader of the Multiboot2 information structure.
 *
 * Pure code (no hardware access, no allocation): the kernel uses it on the
 * structure EBX points at, and the host tests and the fuzzer run the same
 * source on crafted buffers. Nothing in the structure is trusted until
 * mb2_info_parse has checked it; after a successful parse the view's
 * pointers may be followed without further bounds checks.
 *
 * Checks made by mb2_info_parse (the first one that fails is reported, with
 * the byte offset of the offending tag, what was expected and what was found):
 *  - the pointer is non-NULL and 8-byte aligned; at least 8 bytes available;
 *  - MB2_INFO_MIN_SIZE <= total_size <= MB2_INFO_MAX_SIZE, total_size <= the
 *    bytes available, total_size a multiple of 8 (the reserved word is ignored);
 *  - every tag starts 8-aligned, has size >= 8 and lies wholly inside
 *    total_size; tags are stepped by size rounded up to 8;
 *  - the walk ends with an end tag (type 0) of size 8 that ends exactly at
 *    total_size;
 *  - for the tags the kernel reads, a minimum size (MB2_INFO_MIN_* below)
 *    and: command line / loader name NUL-terminated inside the tag; module
 *    mod_start <= mod_end and its string NUL-terminated inside the tag;
 *    memory map entry_size >= 24 and the entries fill the tag exactly;
 *    framebuffer colour info present for its type (RGB: 6 bytes; indexed:
 *    the palette fits); EFI memory map tag at least its 16-byte head.
 * An EFI memory map tag whose descriptors cannot be read (descr_size 0 or
 * below 40, version not 1, not a whole number of descr_size:
 * efi_mmap_check) does not fail the parse: the walk steps over it (its size
 * is sound) and the view records it as set aside, with the reason, so the
 * kernel can fall back to the memory map tag (6) and say so.
 * Our boot-times tag (BOOT_TIMES_TAG_TYPE, boot_times.h) is recorded when it
 * has version 1, count BT_COUNT and size BOOT_TIMES_TAG_SIZE; any other
 * tag of that type is skipped like an unknown one, with the reason in
 * boot_times_note (another loader may use the number for something else,
 * so it never fails the parse).
 * Unknown tag types (>= MB2_TAG_TYPE_COUNT) and known types the kernel does
 * not read get only the generic checks and are skipped. When a type the
 * kernel reads appears more than once (modules aside), the first is used.
 */
#ifndef KERNEL_MB2_INFO_H
#define KERNEL_MB2_INFO_H

#include <stddef.h>
#include <stdint.h>

#include "mb2_names.h"

#include "boot_times.h"
#include "efi_mmap.h"
#include "multiboot2.h"

#define MB2_INFO_MIN_SIZE 16u               /* header (8) + end tag (8) */
#define MB2_INFO_MAX_SIZE (1024u * 1024u)   /* sanity bound on total_size */
#define MB2_INFO_ERR_MAX  192u              /* a comfortable err buffer size */

/* Minimum tag sizes (head included) for the tags the kernel reads. */
#define MB2_TAG_HEAD_SIZE            8u
#define MB2_END_TAG_SIZE             8u
#define MB2_INFO_MIN_STRING          (MB2_TAG_HEAD_SIZE + 1u)  /* head + NUL */
#define MB2_INFO_MIN_MODULE          17u  /* start, end, NUL */
#define MB2_INFO_MIN_MEMINFO         16u
#define MB2_INFO_MIN_MMAP            16u  /* head, entry_size, entry_version */
#define MB2_INFO_MIN_MMAP_ENTRY      24u
#define MB2_INFO_MIN_FRAMEBUFFER     32u  /* the common part */
#define MB2_INFO_MIN_FRAMEBUFFER_RGB 38u  /* common part + 6 colour bytes */
#define MB2_INFO_FB_PALETTE_OFF      32u  /* indexed: uint16 count, then RGB triples */
#define MB2_INFO_FB_PALETTE_ENTRY    3u
#define MB2_INFO_MIN_EFI32           12u
#define MB2_INFO_MIN_EFI64           16u
#define MB2_INFO_RSDP_V1_SIZE        20u
#define MB2_INFO_RSDP_V2_SIZE        36u
#define MB2_INFO_MIN_EFI_MMAP        16u
#define MB2_INFO_MIN_LOAD_BASE       12u

/* What a successful mb2_info_parse found. Pointers are into the structure;
 * NULL (or 0 counts) for tags that were not there. */
struct mb2_info_view {
    const uint8_t *base;           /* the structure itself */
    uint32_t total_size;
    uint32_t types_seen;           /* bit n set: a tag of type n (n < 32) was present */
    uint32_t tag_count;            /* tags before the end tag */
    uint32_t unknown_count;        /* tags of a type >= MB2_TAG_TYPE_COUNT (skipped) */
    const char *cmdline;           /* NUL-terminated */
    const char *loader_name;       /* NUL-terminated */
    uint32_t module_count;
    const struct mb2_tag_module *first_module; /* next ones: mb2_info_next_tag */
    const struct mb2_tag_basic_meminfo *meminfo;
    const struct mb2_tag_mmap *mmap;
    uint32_t mmap_count;           /* entries in the mmap tag */
    const struct mb2_tag_framebuffer *framebuffer;
    const struct mb2_tag_efi32 *efi32;
    const struct mb2_tag_efi64 *efi64;
    const struct mb2_tag_acpi *acpi_old; /* RSDP 1.0 copy, >= 20 bytes */
    const struct mb2_tag_acpi *acpi_new; /* RSDP 2.0+ copy, >= 36 bytes */
    const struct mb2_tag_efi_mmap *efi_mmap_tag;
    struct efi_mmap efi_mmap;      /* the tag's descriptors, for efi_mmap_*; size 0 when absent */
    const struct mb2_tag_efi_mmap *efi_mmap_set_aside; /* first tag 17 whose descriptors were unreadable */
    const char *efi_mmap_why;      /* why it was set aside (efi_mmap_check's message) */
    const struct mb2_tag_load_base_addr *load_base;
    const struct boot_times_tag *boot_times; /* our extension, when well-formed */
    const char *boot_times_note;   /* why a tag of that type was skipped, else NULL */
};

/*
 * mb2_info_parse: validate the information structure at `info`, of which
 * `avail` bytes may be read (the kernel passes what lies below 4 GiB, capped
 * at MB2_INFO_MAX_SIZE), and describe it in *out.
 * Returns 0 on success. On failure returns -1, leaves *out zeroed except
 * out->cmdline, which points at the command line when a well-formed
 * command-line tag came before the fault (so the caller can still honour a
 * word such as `test` when it reports the fault), and writes a message (NUL-terminated, cut to errcap) into err, e.g.
 * "tag at offset 0x40 (type 6, memory map): entry_size 16 is below 24".
 * err may be NULL when errcap is 0. Reads at most min(avail, total_size)
 * bytes; never writes to the structure.
 */
int mb2_info_parse(const void *info, size_t avail, struct mb2_info_view *out,
                   char *err, size_t errcap);

/*
 * mb2_info_next_tag: the next tag of `type` after `prev` (NULL: from the
 * first tag), or NULL when there is none. Only for a view filled by a
 * successful mb2_info_parse; prev must be a tag of that structure.
 */
const struct mb2_tag *mb2_info_next_tag(const struct mb2_info_view *v,
                                        const struct mb2_tag *prev, uint32_t type);

/*
 * mb2_info_mmap_entry: copy memory map entry i (0 <= i < v->mmap_count)
 * into *out, byte-wise (entries may be unaligned for their uint64_t fields
 * when entry_size is not a multiple of 8). Returns 0, or -1 when there is
 * no such entry.
 */
int mb2_info_mmap_entry(const struct mb2_info_view *v, uint32_t i,
                        struct mb2_mmap_entry *out);

/*
 * mb2_info_mmap_covers: 1 when every byte of [start, end) lies in
 * memory-map entries of type MB2_MEMORY_AVAILABLE (possibly several
 * adjacent or overlapping ones), 0 otherwise or when there is no memory
 * map. An empty range (start >= end) is covered. Entry ends that overflow
 * 64 bits are clipped. O(n^2) in the entry count.
 */
int mb2_info_mmap_covers(const struct mb2_info_view *v, uint64_t start, uint64_t end);

/*
 * mb2_info_efi_mmap_covers: the same for the EFI memory map, counting the
 * types efi_type_usable_after_exit accepts. 0 when there is no EFI map.
 */
int mb2_info_efi_mmap_covers(const struct mb2_info_view *v, uint64_t start, uint64_t end);


/* mb2_mmap_type_name: "available", "reserved", "ACPI reclaimable", "ACPI NVS", "bad RAM", or "unknown". */
const char *mb2_mmap_type_name(uint32_t type);

#endif /* KERNEL_MB2_INFO_H */
