/*
 * memranges.c: fold a firmware map into sorted, merged Multiboot memory
 * ranges (see memranges.h).
 */
#include "memranges.h"

#define KIB                1024ull
#define LOWER_MEM_LIMIT    0xA0000ull  /* 640 KiB: where legacy low memory ends */
#define UPPER_MEM_START    0x100000ull /* 1 MiB */

/* The Multiboot memory type for a firmware memory type. */
static uint32_t mb_type_of(uint32_t efi_type)
{
    if (efi_type_usable_after_exit(efi_type))
        return MB2_MEMORY_AVAILABLE;
    switch (efi_type) {
    case EFI_MT_ACPI_RECLAIM:
        return MB2_MEMORY_ACPI_RECLAIMABLE;
    case EFI_MT_ACPI_NVS:
        return MB2_MEMORY_NVS;
    case EFI_MT_UNUSABLE:
        return MB2_MEMORY_BADRAM;
    default:
        return MB2_MEMORY_RESERVED;
    }
}

/* touches: does a end where b begins, with the same type? */
static int touches(const struct mb2_mmap_entry *a, const struct mb2_mmap_entry *b)
{
    return a->type == b->type && a->base_addr + a->length == b->base_addr;
}

/* remove_at: drop arr[k] from n entries. */
static void remove_at(struct mb2_mmap_entry *arr, size_t n, size_t k)
{
    for (; k + 1 < n; k++)
        arr[k] = arr[k + 1];
}

/* insert: put e into the sorted array of n entries, merging touching neighbours. */
static size_t insert(struct mb2_mmap_entry *arr, size_t n, struct mb2_mmap_entry e)
{
    size_t pos = n;
    while (pos > 0 && arr[pos - 1].base_addr > e.base_addr) {
        arr[pos] = arr[pos - 1];
        pos--;
    }
    arr[pos] = e;
    n++;
    if (pos > 0 && touches(&arr[pos - 1], &arr[pos])) {
        arr[pos - 1].length += arr[pos].length;
        remove_at(arr, n--, pos);
        pos--;
    }
    if (pos + 1 < n && touches(&arr[pos], &arr[pos + 1])) {
        arr[pos].length += arr[pos + 1].length;
        remove_at(arr, n--, pos + 1);
    }
    return n;
}

size_t memranges_build(const struct efi_mmap *map, struct mb2_mmap_entry *out)
{
    size_t count = efi_mmap_count(map), used = 0;
    for (size_t i = 0; i < count; i++) {
        struct efi_mdesc d;
        efi_mmap_get(map, i, &d);
        uint64_t end = efi_mdesc_end(&d);
        if (d.num_pages == 0 || end == 0)
            continue; /* empty or overflowing: nothing a kernel could use */
        struct mb2_mmap_entry e = { d.phys_start, end - d.phys_start, mb_type_of(d.type), 0 };
        used = insert(out, used, e);
    }
    return used;
}

/* Usable KiB from `from` up to the first gap, at most to limit (0: none). */
static uint32_t contiguous_kib(const struct mb2_mmap_entry *r, size_t n, uint64_t from,
                               uint64_t limit)
{
    uint64_t pos = from;
    for (size_t i = 0; i < n; i++) {
        if (r[i].type != MB2_MEMORY_AVAILABLE)
            continue;
        uint64_t e0 = r[i].base_addr, e1 = e0 + r[i].length;
        if (e0 <= pos && e1 > pos)
            pos = e1;
    }
    if (limit != 0 && pos > limit)
        pos = limit;
    uint64_t kib = (pos - from) / KIB;
    return kib > UINT32_MAX ? UINT32_MAX : (uint32_t)kib;
}

uint32_t memranges_lower_kib(const struct mb2_mmap_entry *r, size_t n)
{
    return contiguous_kib(r, n, 0, LOWER_MEM_LIMIT);
}

uint32_t memranges_upper_kib(const struct mb2_mmap_entry *r, size_t n)
{
    return contiguous_kib(r, n, UPPER_MEM_START, 0);
}
