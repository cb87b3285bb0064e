/*
 * multiboot1.h: the Multiboot (version 0.6.96, "Multiboot1") structures and
 * constants this loader uses: the kernel's header and the information
 * structure handed to the kernel. Pure definitions, layouts checked below.
 */
#ifndef EFI_MULTIBOOT1_H
#define EFI_MULTIBOOT1_H

#include <stdint.h>

#define MB1_HEADER_MAGIC     0x1BADB002u /* in the kernel file */
#define MB1_BOOTLOADER_MAGIC 0x2BADB002u /* in EAX at the kernel's entry */
#define MB1_SEARCH_BYTES     8192u       /* the header lies in the file's first 8 KiB */
#define MB1_HEADER_ALIGN     4u          /* ... on a 32-bit boundary */

/* Header flags. Bits 0-15 are requirements: an unknown one set refuses the kernel. */
#define MB1_HF_PAGE_ALIGN    (1u << 0)  /* modules on 4 KiB boundaries */
#define MB1_HF_MEMORY_INFO   (1u << 1)  /* mem_lower/mem_upper (and the map) required */
#define MB1_HF_VIDEO_MODE    (1u << 2)  /* video mode table present; framebuffer info wanted */
#define MB1_HF_ADDRESS       (1u << 16) /* load address fields present (a.out kludge) */
#define MB1_HF_REQUIRED_MASK 0xFFFFu
#define MB1_HF_KNOWN_REQUIRED (MB1_HF_PAGE_ALIGN | MB1_HF_MEMORY_INFO | MB1_HF_VIDEO_MODE)

/* The header: magic, flags, checksum, then optional fields. */
struct mb1_header {
    uint32_t magic;
    uint32_t flags;
    uint32_t checksum; /* magic + flags + checksum == 0 (mod 2^32) */
    uint32_t header_addr;   /* MB1_HF_ADDRESS */
    uint32_t load_addr;
    uint32_t load_end_addr;
    uint32_t bss_end_addr;
    uint32_t entry_addr;
    uint32_t mode_type;     /* MB1_HF_VIDEO_MODE: 0 linear graphics, 1 EGA text */
    uint32_t width;         /* pixels or characters; 0: no preference */
    uint32_t height;
    uint32_t depth;         /* bits per pixel; 0 in text mode or no preference */
};
#define MB1_VIDEO_LINEAR     0u /* header mode_type: linear graphics */
#define MB1_VIDEO_EGA_TEXT   1u /* header mode_type: EGA text (UEFI has none) */

#define MB1_HEADER_BASE_BYTES  12u /* magic, flags, checksum */
#define MB1_HEADER_VIDEO_END   48u /* the header through depth */

/* Information flags: which fields of struct mb1_info are valid. */
#define MB1_IF_MEMORY       (1u << 0)  /* mem_lower, mem_upper */
#define MB1_IF_CMDLINE      (1u << 2)
#define MB1_IF_MODS         (1u << 3)
#define MB1_IF_MMAP         (1u << 6)
#define MB1_IF_LOADER_NAME  (1u << 9)
#define MB1_IF_FRAMEBUFFER  (1u << 12)

#define MB1_FRAMEBUFFER_TYPE_RGB 1u

/* The information structure the kernel finds at EBX. */
struct mb1_info {
    uint32_t flags;
    uint32_t mem_lower;        /* KiB from 0 */
    uint32_t mem_upper;        /* KiB from 1 MiB to the first hole */
    uint32_t boot_device;
    uint32_t cmdline;          /* physical address of a C string */
    uint32_t mods_count;
    uint32_t mods_addr;        /* physical address of struct mb1_module[mods_count] */
    uint32_t syms[4];
    uint32_t mmap_length;      /* bytes of the map */
    uint32_t mmap_addr;        /* physical address of the first struct mb1_mmap_entry */
    uint32_t drives_length;
    uint32_t drives_addr;
    uint32_t config_table;
    uint32_t boot_loader_name; /* physical address of a C string */
    uint32_t apm_table;
    uint32_t vbe_control_info;
    uint32_t vbe_mode_info;
    uint16_t vbe_mode;
    uint16_t vbe_interface_seg;
    uint16_t vbe_interface_off;
    uint16_t vbe_interface_len;
    uint64_t framebuffer_addr;
    uint32_t framebuffer_pitch;
    uint32_t framebuffer_width;
    uint32_t framebuffer_height;
    uint8_t framebuffer_bpp;
    uint8_t framebuffer_type;
    uint8_t red_field_position;   /* colour info, for type 1 (RGB) */
    uint8_t red_mask_size;
    uint8_t green_field_position;
    uint8_t green_mask_size;
    uint8_t blue_field_position;
    uint8_t blue_mask_size;
} __attribute__((packed));

struct mb1_module {
    uint32_t mod_start;
    uint32_t mod_end;
    uint32_t string;   /* physical address of a C string */
    uint32_t reserved; /* 0 */
};

/* A memory map entry; `size` counts the bytes after itself (20). */
struct mb1_mmap_entry {
    uint32_t size;
    uint64_t base_addr;
    uint64_t length;
    uint32_t type; /* 1 available, 3 ACPI reclaimable, 4 NVS, 5 bad, else reserved */
} __attribute__((packed));
#define MB1_MMAP_ENTRY_SIZE_FIELD 20u

_Static_assert(sizeof(struct mb1_header) == MB1_HEADER_VIDEO_END, "header layout");
_Static_assert(__builtin_offsetof(struct mb1_info, mmap_length) == 44, "info layout: mmap");
_Static_assert(__builtin_offsetof(struct mb1_info, boot_loader_name) == 64, "info layout: name");
_Static_assert(__builtin_offsetof(struct mb1_info, framebuffer_addr) == 88, "info layout: fb");
_Static_assert(__builtin_offsetof(struct mb1_info, framebuffer_bpp) == 108, "info layout: bpp");
_Static_assert(sizeof(struct mb1_info) == 116, "info layout: size");
_Static_assert(sizeof(struct mb1_module) == 16, "module layout");
_Static_assert(sizeof(struct mb1_mmap_entry) == 24, "mmap entry layout");
_Static_assert(MB1_MMAP_ENTRY_SIZE_FIELD + sizeof(uint32_t) == sizeof(struct mb1_mmap_entry),
               "mmap entry size field");

#endif /* EFI_MULTIBOOT1_H */
