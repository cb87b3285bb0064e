/*
 * multiboot2.h: the Multiboot2 boot protocol, as both sides of it see it.
 *
 * Shared by the loader (efi/, which builds the information structure and
 * reads the kernel's header), the kernel (which carries a header and walks
 * the information structure) and the host tests. Plain fixed-width types
 * only: the structures have the same layout for i386, x86_64 and the EFI
 * build, which the _Static_asserts below pin down.
 *
 * Layouts follow the Multiboot2 specification (version 2.0) as implemented
 * by GRUB 2; where the two differ (the framebuffer tag's reserved field is
 * 16 bits wide in GRUB), GRUB's layout is used since every kernel expects it.
 */
#ifndef MULTIBOOT2_H
#define MULTIBOOT2_H

#include <stdint.h>

/* ---- The header a kernel carries ------------------------------------ */

#define MB2_HEADER_MAGIC        0xE85250D6u /* first word of the header */
#define MB2_HEADER_ARCH_I386    0u          /* 32-bit protected mode i386 */
#define MB2_HEADER_ALIGN        8u          /* header and its tags: 8-aligned */
#define MB2_HEADER_SEARCH_BYTES 32768u      /* header lies in the first 32 KiB */

/* Header tag types. */
#define MB2_HTAG_END               0u
#define MB2_HTAG_INFO_REQUEST      1u
#define MB2_HTAG_ADDRESS           2u
#define MB2_HTAG_ENTRY             3u
#define MB2_HTAG_CONSOLE_FLAGS     4u
#define MB2_HTAG_FRAMEBUFFER       5u
#define MB2_HTAG_MODULE_ALIGN      6u
#define MB2_HTAG_EFI_BS            7u
#define MB2_HTAG_ENTRY_EFI32       8u
#define MB2_HTAG_ENTRY_EFI64       9u
#define MB2_HTAG_RELOCATABLE       10u

/* Header tag flag bit 0: the loader may ignore this tag if it cannot honour it. */
#define MB2_HTAG_FLAG_OPTIONAL 1u

/* Console flags (header tag 4). */
#define MB2_CONSOLE_REQUIRED   1u /* bit 0: a console is required */
#define MB2_CONSOLE_EGA_TEXT   2u /* bit 1: the kernel supports EGA text */

struct mb2_header {
    uint32_t magic;
    uint32_t architecture;
    uint32_t header_length; /* bytes, including all tags */
    uint32_t checksum;      /* magic + architecture + header_length + checksum == 0 */
};

struct mb2_header_tag {
    uint16_t type;
    uint16_t flags;
    uint32_t size; /* bytes, including this 8-byte head; tags are padded to 8 */
};

struct mb2_header_tag_info_request {
    uint16_t type;
    uint16_t flags;
    uint32_t size;
    uint32_t requests[]; /* information tag types the kernel needs */
};

struct mb2_header_tag_address {
    uint16_t type;
    uint16_t flags;
    uint32_t size;
    uint32_t header_addr;   /* physical address the header itself must land on */
    uint32_t load_addr;     /* start of the text segment (0xffffffff: file start) */
    uint32_t load_end_addr; /* end of data segment; 0: the rest of the file */
    uint32_t bss_end_addr;  /* end of bss; 0: no bss */
};

struct mb2_header_tag_entry {
    uint16_t type;
    uint16_t flags;
    uint32_t size;
    uint32_t entry_addr;
};

struct mb2_header_tag_console_flags {
    uint16_t type;
    uint16_t flags;
    uint32_t size;
    uint32_t console_flags;
};

struct mb2_header_tag_framebuffer {
    uint16_t type;
    uint16_t flags;
    uint32_t size;
    uint32_t width;  /* 0: no preference */
    uint32_t height; /* 0: no preference */
    uint32_t depth;  /* bits per pixel; 0: no preference */
};

struct mb2_header_tag_relocatable {
    uint16_t type;
    uint16_t flags;
    uint32_t size;
    uint32_t min_addr;
    uint32_t max_addr;
    uint32_t align;
    uint32_t preference; /* 0 none, 1 lowest, 2 highest */
};

/* ---- The machine state and information the loader hands over -------- */

#define MB2_BOOTLOADER_MAGIC 0x36d76289u /* in EAX at the kernel's entry */
#define MB2_INFO_ALIGN       8u          /* info structure and its tags */

/* Information tag types. */
#define MB2_TAG_END              0u
#define MB2_TAG_CMDLINE          1u
#define MB2_TAG_LOADER_NAME      2u
#define MB2_TAG_MODULE           3u
#define MB2_TAG_BASIC_MEMINFO    4u
#define MB2_TAG_BOOTDEV          5u
#define MB2_TAG_MMAP             6u
#define MB2_TAG_VBE              7u
#define MB2_TAG_FRAMEBUFFER      8u
#define MB2_TAG_ELF_SECTIONS     9u
#define MB2_TAG_APM              10u
#define MB2_TAG_EFI32            11u
#define MB2_TAG_EFI64            12u
#define MB2_TAG_SMBIOS           13u
#define MB2_TAG_ACPI_OLD         14u
#define MB2_TAG_ACPI_NEW         15u
#define MB2_TAG_NETWORK          16u
#define MB2_TAG_EFI_MMAP         17u
#define MB2_TAG_EFI_BS           18u
#define MB2_TAG_EFI32_IH         19u
#define MB2_TAG_EFI64_IH         20u
#define MB2_TAG_LOAD_BASE_ADDR   21u
#define MB2_TAG_TYPE_COUNT       22u /* one past the highest type defined */

/* Memory map entry types (information tag 6). */
#define MB2_MEMORY_AVAILABLE        1u
#define MB2_MEMORY_RESERVED         2u
#define MB2_MEMORY_ACPI_RECLAIMABLE 3u
#define MB2_MEMORY_NVS              4u
#define MB2_MEMORY_BADRAM           5u

/* Framebuffer types (information tag 8). */
#define MB2_FRAMEBUFFER_TYPE_INDEXED  0u
#define MB2_FRAMEBUFFER_TYPE_RGB      1u
#define MB2_FRAMEBUFFER_TYPE_EGA_TEXT 2u

struct mb2_info_header {
    uint32_t total_size; /* bytes, including this header and the end tag */
    uint32_t reserved;
};

struct mb2_tag {
    uint32_t type;
    uint32_t size; /* bytes, including this head, excluding padding to 8 */
};

struct mb2_tag_string { /* types 1 (command line) and 2 (loader name) */
    uint32_t type;
    uint32_t size;
    char string[]; /* NUL-terminated */
};

struct mb2_tag_module {
    uint32_t type;
    uint32_t size;
    uint32_t mod_start;
    uint32_t mod_end; /* exclusive */
    char cmdline[];   /* NUL-terminated */
};

struct mb2_tag_basic_meminfo {
    uint32_t type;
    uint32_t size;
    uint32_t mem_lower; /* KiB of usable memory from 0, at most 640 */
    uint32_t mem_upper; /* KiB of usable memory from 1 MiB up to the first hole */
};

struct mb2_mmap_entry {
    uint64_t base_addr;
    uint64_t length;
    uint32_t type;
    uint32_t reserved;
};

struct mb2_tag_mmap {
    uint32_t type;
    uint32_t size;
    uint32_t entry_size;    /* stride between entries; 24 or more */
    uint32_t entry_version; /* 0 */
    /* entries follow */
};

struct mb2_tag_framebuffer {
    uint32_t type;
    uint32_t size;
    uint64_t framebuffer_addr;
    uint32_t framebuffer_pitch; /* bytes per scan line */
    uint32_t framebuffer_width;
    uint32_t framebuffer_height;
    uint8_t framebuffer_bpp;
    uint8_t framebuffer_type;
    uint16_t reserved;
    /* for MB2_FRAMEBUFFER_TYPE_RGB: */
    uint8_t red_field_position;
    uint8_t red_mask_size;
    uint8_t green_field_position;
    uint8_t green_mask_size;
    uint8_t blue_field_position;
    uint8_t blue_mask_size;
};

struct mb2_tag_efi32 {
    uint32_t type;
    uint32_t size;
    uint32_t pointer; /* EFI system table */
};

struct mb2_tag_efi64 {
    uint32_t type;
    uint32_t size;
    uint64_t pointer; /* EFI system table */
};

struct mb2_tag_acpi { /* types 14 (RSDP 1.0) and 15 (RSDP 2.0+): a copy of it */
    uint32_t type;
    uint32_t size;
    uint8_t rsdp[];
};

struct mb2_tag_efi_mmap {
    uint32_t type;
    uint32_t size;
    uint32_t descr_size; /* stride between descriptors, at least 40 */
    uint32_t descr_vers; /* 1 */
    /* raw EFI_MEMORY_DESCRIPTORs follow */
};

struct mb2_tag_load_base_addr {
    uint32_t type;
    uint32_t size;
    uint32_t load_base_addr;
};

_Static_assert(sizeof(struct mb2_header) == 16, "mb2_header layout");
_Static_assert(sizeof(struct mb2_header_tag) == 8, "mb2_header_tag layout");
_Static_assert(sizeof(struct mb2_header_tag_address) == 24, "address tag layout");
_Static_assert(sizeof(struct mb2_header_tag_framebuffer) == 20, "framebuffer htag layout");
_Static_assert(sizeof(struct mb2_header_tag_relocatable) == 24, "relocatable tag layout");
_Static_assert(sizeof(struct mb2_info_header) == 8, "info header layout");
_Static_assert(sizeof(struct mb2_tag_module) == 16, "module tag layout");
_Static_assert(sizeof(struct mb2_tag_basic_meminfo) == 16, "meminfo tag layout");
_Static_assert(sizeof(struct mb2_mmap_entry) == 24, "mmap entry layout");
_Static_assert(sizeof(struct mb2_tag_mmap) == 16, "mmap tag layout");
_Static_assert(__builtin_offsetof(struct mb2_tag_framebuffer, red_field_position) == 32,
               "framebuffer tag: colour info at offset 32 (GRUB layout)");
_Static_assert(sizeof(struct mb2_tag_framebuffer) == 40, "framebuffer tag layout");
_Static_assert(sizeof(struct mb2_tag_efi64) == 16, "efi64 tag layout");
_Static_assert(sizeof(struct mb2_tag_efi_mmap) == 16, "efi mmap tag layout");

/* Round n up to the 8-byte alignment of tags. */
#define MB2_ALIGN_UP(n) (((n) + (MB2_INFO_ALIGN - 1u)) & ~(uint32_t)(MB2_INFO_ALIGN - 1u))

#endif /* MULTIBOOT2_H */
