/*
 * efi_mmap.h: reading a UEFI memory map without trusting the compiler's
 * idea of its layout.
 *
 * The firmware's EFI_MEMORY_DESCRIPTOR has a 4-byte hole after Type because
 * x86_64 aligns uint64_t to 8; i386 GCC aligns it to 4 and would close that
 * hole. struct efi_mdesc spells the hole out so that the kernel (i386), the
 * loader (x86_64) and the host tests agree. Descriptors are stepped by the
 * map's own descriptor size, never by sizeof: firmware may append fields.
 *
 * Pure code: no firmware calls, usable from the loader, the kernel and the
 * host tests alike.
 */
#ifndef MM_EFI_MMAP_H
#define MM_EFI_MMAP_H

#include <stddef.h>
#include <stdint.h>

/* UEFI memory types (UEFI 2.10, 7.2 EFI_MEMORY_TYPE). */
enum efi_memory_type {
    EFI_MT_RESERVED = 0,
    EFI_MT_LOADER_CODE = 1,
    EFI_MT_LOADER_DATA = 2,
    EFI_MT_BOOT_SERVICES_CODE = 3,
    EFI_MT_BOOT_SERVICES_DATA = 4,
    EFI_MT_RUNTIME_SERVICES_CODE = 5,
    EFI_MT_RUNTIME_SERVICES_DATA = 6,
    EFI_MT_CONVENTIONAL = 7,
    EFI_MT_UNUSABLE = 8,
    EFI_MT_ACPI_RECLAIM = 9,
    EFI_MT_ACPI_NVS = 10,
    EFI_MT_MMIO = 11,
    EFI_MT_MMIO_PORT_SPACE = 12,
    EFI_MT_PAL_CODE = 13,
    EFI_MT_PERSISTENT = 14,
    EFI_MT_UNACCEPTED = 15,
    EFI_MT_COUNT = 16 /* types at or above this are unknown to us */
};

/* Memory attribute bits (EFI_MEMORY_*). */
#define EFI_MA_UC            0x0000000000000001ull
#define EFI_MA_WC            0x0000000000000002ull
#define EFI_MA_WT            0x0000000000000004ull
#define EFI_MA_WB            0x0000000000000008ull
#define EFI_MA_UCE           0x0000000000000010ull
#define EFI_MA_WP            0x0000000000001000ull
#define EFI_MA_RP            0x0000000000002000ull
#define EFI_MA_XP            0x0000000000004000ull
#define EFI_MA_NV            0x0000000000008000ull
#define EFI_MA_MORE_RELIABLE 0x0000000000010000ull
#define EFI_MA_RO            0x0000000000020000ull
#define EFI_MA_SP            0x0000000000040000ull
#define EFI_MA_CPU_CRYPTO    0x0000000000080000ull
#define EFI_MA_RUNTIME       0x8000000000000000ull

#define EFI_MAP_PAGE_SIZE         4096u /* the map counts 4 KiB pages, whatever the CPU uses */
#define EFI_MAP_PAGE_SHIFT        12u
#define EFI_MDESC_MIN_SIZE    40u   /* sizeof the version-1 descriptor */
#define EFI_MDESC_VERSION     1u

/* One descriptor, with the padding x86_64 firmware puts after type. */
struct efi_mdesc {
    uint32_t type;
    uint32_t pad;
    uint64_t phys_start;
    uint64_t virt_start;
    uint64_t num_pages;
    uint64_t attribute;
};

_Static_assert(sizeof(struct efi_mdesc) == EFI_MDESC_MIN_SIZE, "efi_mdesc is 40 bytes");
_Static_assert(__builtin_offsetof(struct efi_mdesc, phys_start) == 8, "phys_start at 8");
_Static_assert(__builtin_offsetof(struct efi_mdesc, num_pages) == 24, "num_pages at 24");
_Static_assert(__builtin_offsetof(struct efi_mdesc, attribute) == 32, "attribute at 32");

/* A map as the firmware gave it: a byte buffer, its size and its stride. */
struct efi_mmap {
    const uint8_t *buf;
    size_t size;       /* bytes in buf */
    size_t descr_size; /* stride between descriptors */
    uint32_t descr_version;
};

/*
 * efi_mmap_check: is the map well-formed enough to walk?
 * Returns NULL when it is, or a static string saying what is wrong
 * (stride below 40, unknown version, size not a multiple of the stride).
 */
const char *efi_mmap_check(const struct efi_mmap *map);

/* efi_mmap_count: number of descriptors; 0 for a map efi_mmap_check refuses. */
size_t efi_mmap_count(const struct efi_mmap *map);

/*
 * efi_mmap_get: copy descriptor i (0 <= i < efi_mmap_count) into *out.
 * Copies byte-wise, so buf need not be aligned. Returns 0, or -1 if i is out
 * of range.
 */
int efi_mmap_get(const struct efi_mmap *map, size_t i, struct efi_mdesc *out);

/*
 * efi_mdesc_end: one past the last byte the descriptor covers, or 0 when
 * phys_start + num_pages * 4 KiB overflows 64 bits.
 */
uint64_t efi_mdesc_end(const struct efi_mdesc *d);

/* efi_memory_type_name: "EfiConventionalMemory" etc.; "unknown" for others. */
const char *efi_memory_type_name(uint32_t type);

/*
 * efi_type_usable_after_exit: true for the types an OS may use once boot
 * services have exited (loader code/data, boot services code/data,
 * conventional memory).
 */
int efi_type_usable_after_exit(uint32_t type);

#endif /* MM_EFI_MMAP_H */
