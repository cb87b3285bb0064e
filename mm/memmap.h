/*
 * memmap.h: the memory-map sanitiser.
 *
 * Input: the firmware's EFI memory map (Multiboot2 tag 17, stepped by its
 * own descr_size) or, from a loader that is not ours (GRUB), the Multiboot2
 * memory map (tag 6); plus the ranges the kernel already uses (carve-outs).
 * Output: a sorted array of disjoint, 4 KiB aligned regions below 4 GiB,
 * each of one mm_kind, neighbours of one kind merged, and per-kind totals.
 *
 * Rules, in the order they are applied (docs/mm.md says why):
 *  1. read each entry with 64-bit arithmetic; drop zero-length entries and
 *     entries whose end overflows 64 bits (counted in the stats);
 *  2. classify its type into mm_kind (memmap_classify_efi / _mb2);
 *  3. account it (reported, above 4 GiB) and clip it to 4 GiB;
 *  4. add page 0 and 0xA0000-0xFFFFF (MM_LEGACY) and the caller's carve-outs;
 *  5. sort the range boundaries and sweep: where ranges overlap, the most
 *     restrictive kind (the highest enum value) wins;
 *  6. round allocatable regions inward and all others outward to 4 KiB;
 *  7. sweep again (resolving pages two rounded-out regions now share) and
 *     merge neighbours of one kind.
 *
 * No fixed-size tables: every array lives in scratch memory the caller
 * provides, sized by memmap_scratch_bytes from the entry count. The only
 * bound is that scratch size, and memmap_build says so when it is short.
 * Pure code: no allocation, no hardware access.
 */
#ifndef MM_MEMMAP_H
#define MM_MEMMAP_H

#include <stddef.h>
#include <stdint.h>

#include "efi_mmap.h"
#include "types.h"

/*
 * Region kinds, least restrictive first: on overlap the higher value wins.
 * Allocatable: MM_USABLE and MM_BOOT_RECLAIM. The carve-outs (MM_KERNEL ..
 * MM_LEGACY) win over usable memory but lose to anything the firmware keeps.
 */
enum mm_kind {
    MM_USABLE = 0,      /* EfiConventionalMemory; Multiboot2 type 1 */
    MM_BOOT_RECLAIM,    /* loader and boot-services code/data: free after ExitBootServices */
    MM_KERNEL,          /* carve-out: the kernel image */
    MM_BOOT_INFO,       /* carve-out: the Multiboot2 information structure */
    MM_MODULE,          /* carve-out: a boot module */
    MM_EARLY,           /* carve-out: the kernel's early allocations (this map, PMM metadata) */
    MM_LEGACY,          /* carve-out: page 0 and 0xA0000-0xFFFFF */
    MM_WITHHELD,        /* a usable type we do not hand out: no WB, SP, or hot-pluggable */
    MM_ACPI_RECLAIM,    /* EfiACPIReclaimMemory; Multiboot2 type 3 */
    MM_ACPI_NVS,        /* EfiACPIMemoryNVS; Multiboot2 type 4 */
    MM_UNACCEPTED,      /* EfiUnacceptedMemoryType (must be accepted before use) */
    MM_PERSISTENT,      /* EfiPersistentMemory */
    MM_RESERVED,        /* EfiReservedMemoryType, PAL code, unknown types; Multiboot2 2 and others */
    MM_FW_RUNTIME,      /* EfiRuntimeServicesCode/Data */
    MM_MMIO,            /* EfiMemoryMappedIO, ...PortSpace */
    MM_BAD,             /* EfiUnusableMemory; Multiboot2 type 5 */
    MM_KIND_COUNT
};

/*
 * EFI_MEMORY_HOT_PLUGGABLE: UEFI 2.11 (not 2.10) added this attribute bit
 * for "cold plugged" memory that may be unplugged at runtime. Older
 * firmware leaves the bit 0, so testing it is always safe.
 */
#define EFI_MA_HOT_PLUGGABLE 0x0000000000100000ull

#define MEMMAP_LEGACY_LOW_END    0x1000ull   /* page 0 */
#define MEMMAP_LEGACY_HOLE_START 0xA0000ull  /* VGA, option ROMs, BIOS */
#define MEMMAP_LEGACY_HOLE_END   0x100000ull
#define MEMMAP_LEGACY_RANGES     2u
#define MEMMAP_ERR_MAX           160u

/* One range [base, end) of one kind. */
struct mm_region {
    uint64_t base;
    uint64_t end;
    uint32_t kind;   /* enum mm_kind */
    uint32_t pad;
};

/* Where the map comes from. */
enum memmap_src_type { MEMMAP_SRC_EFI = 1, MEMMAP_SRC_MB2 = 2 };

struct memmap_src {
    uint32_t type;                /* enum memmap_src_type */
    struct efi_mmap efi;          /* MEMMAP_SRC_EFI */
    const uint8_t *mb2_entries;   /* MEMMAP_SRC_MB2: the first entry of tag 6 */
    size_t mb2_entry_size;        /* its stride, >= 24 */
    size_t mb2_count;
};

struct memmap_stats {
    size_t entries;                       /* entries read */
    size_t dropped_zero;                  /* zero-length entries dropped */
    size_t dropped_overflow;              /* entries whose end overflows 64 bits, dropped */
    uint64_t reported[MM_KIND_COUNT];     /* bytes the firmware reported, at any address */
    uint64_t above_4g[MM_KIND_COUNT];     /* of those, bytes at or above 4 GiB (clipped away) */
    uint64_t kept[MM_KIND_COUNT];         /* bytes of each kind in the output */
    uint64_t fw_usable_net;               /* firmware-usable bytes below 4 GiB minus the carve-outs */
};

struct memmap {
    struct mm_region *regions;  /* in the caller's scratch memory */
    size_t count;
    struct memmap_stats stats;
};

/* mm_kind_allocatable: 1 for the kinds the page-frame allocator hands out. */
int mm_kind_allocatable(uint32_t kind);

/* mm_kind_is_carveout: 1 for MM_KERNEL .. MM_LEGACY. */
int mm_kind_is_carveout(uint32_t kind);

/* mm_kind_name: "usable", "boot-reclaim", ...; "?" for values out of range. */
const char *mm_kind_name(uint32_t kind);

/*
 * memmap_classify_efi: the kind of an EFI descriptor. Usable types
 * (efi_type_usable_after_exit) without EFI_MA_WB, or with EFI_MA_SP or
 * EFI_MA_HOT_PLUGGABLE, become MM_WITHHELD; unknown types MM_RESERVED.
 */
enum mm_kind memmap_classify_efi(uint32_t type, uint64_t attribute);

/* memmap_classify_mb2: the kind of a Multiboot2 tag-6 entry type (1..5; others reserved). */
enum mm_kind memmap_classify_mb2(uint32_t type);

/*
 * memmap_src_check: NULL when the source can be read, else a static string
 * saying what is wrong (efi_mmap_check's message, an mb2 stride below 24,
 * an unknown source type).
 */
const char *memmap_src_check(const struct memmap_src *src);

/* memmap_src_count: the number of entries; 0 when memmap_src_check refuses the source. */
size_t memmap_src_count(const struct memmap_src *src);

/*
 * memmap_src_get: entry i, classified, as [base, end) in *out (end not
 * clipped). Returns 0; -1 when i is out of range; -2 for a zero-length
 * entry; -3 when the end overflows 64 bits (*out is then unspecified).
 */
int memmap_src_get(const struct memmap_src *src, size_t i, struct mm_region *out);

/*
 * memmap_scratch_bytes: scratch memory memmap_build needs for n_entries
 * source entries and n_carve carve-outs (0 when that overflows size_t).
 */
size_t memmap_scratch_bytes(size_t n_entries, size_t n_carve);

/* memmap_max_regions: an upper bound on memmap.count for those inputs. */
size_t memmap_max_regions(size_t n_entries, size_t n_carve);

/*
 * memmap_build: sanitise src (rules above) with the given carve-outs (each
 * of a carve-out kind, base <= end; they may be unaligned and overlap) into
 * *out, whose regions array lies in scratch (8-byte aligned, scratch_bytes
 * long, at least memmap_scratch_bytes). Returns 0; or -1 with a message in
 * err (what was expected, what was found) when the source is malformed, a
 * carve-out is invalid or the scratch is too small. *out is cleared first.
 */
int memmap_build(const struct memmap_src *src, const struct mm_region *carve, size_t n_carve,
                 void *scratch, size_t scratch_bytes, struct memmap *out, char *err,
                 size_t errcap);

/*
 * memmap_usable_span: the lowest base and highest end, below 4 GiB, of the
 * source's allocatable entries (page-rounded inward). Returns 0, or -1 when
 * there are none.
 */
int memmap_usable_span(const struct memmap_src *src, uint64_t *lo, uint64_t *hi);

/*
 * memmap_find_free: before any map exists, the lowest-indexed place for
 * `bytes` (rounded up to 4 KiB): page aligned, at or above min_addr, below
 * 4 GiB, inside one allocatable entry and clear of every other entry that
 * is not allocatable, of the legacy ranges and of every `avoid` range.
 * Stores its base in *out and returns 0, or returns -1 when nothing fits.
 */
int memmap_find_free(const struct memmap_src *src, const struct mm_region *avoid,
                     size_t n_avoid, uint64_t bytes, uint64_t min_addr, uint64_t *out);

#endif /* MM_MEMMAP_H */
