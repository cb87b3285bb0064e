/*
 * efi_mmap.c: walk a firmware memory map by its own stride (see efi_mmap.h).
 */
#include "efi_mmap.h"

const char *efi_mmap_check(const struct efi_mmap *map)
{
    if (map->buf == NULL && map->size != 0)
        return "memory map has a size but no buffer";
    if (map->descr_size < EFI_MDESC_MIN_SIZE)
        return "descriptor size is below the 40 bytes of a version-1 descriptor";
    if (map->descr_version != EFI_MDESC_VERSION)
        return "descriptor version is not 1";
    if (map->size % map->descr_size != 0)
        return "map size is not a multiple of the descriptor size";
    return NULL;
}

size_t efi_mmap_count(const struct efi_mmap *map)
{
    if (efi_mmap_check(map) != NULL)
        return 0;
    return map->size / map->descr_size;
}

int efi_mmap_get(const struct efi_mmap *map, size_t i, struct efi_mdesc *out)
{
    if (i >= efi_mmap_count(map))
        return -1;
    const uint8_t *src = map->buf + i * map->descr_size;
    uint8_t *dst = (uint8_t *)out;
    for (size_t k = 0; k < sizeof(*out); k++)
        dst[k] = src[k];
    return 0;
}

uint64_t efi_mdesc_end(const struct efi_mdesc *d)
{
    const uint64_t max_pages = UINT64_MAX >> EFI_MAP_PAGE_SHIFT;
    if (d->num_pages > max_pages)
        return 0;
    uint64_t bytes = d->num_pages << EFI_MAP_PAGE_SHIFT;
    if (d->phys_start > UINT64_MAX - bytes)
        return 0;
    uint64_t end = d->phys_start + bytes;
    return end; /* 0 only if it wrapped exactly to 2^64, which is overflow too */
}

const char *efi_memory_type_name(uint32_t type)
{
    static const char *const names[EFI_MT_COUNT] = {
        [EFI_MT_RESERVED] = "EfiReservedMemoryType",
        [EFI_MT_LOADER_CODE] = "EfiLoaderCode",
        [EFI_MT_LOADER_DATA] = "EfiLoaderData",
        [EFI_MT_BOOT_SERVICES_CODE] = "EfiBootServicesCode",
        [EFI_MT_BOOT_SERVICES_DATA] = "EfiBootServicesData",
        [EFI_MT_RUNTIME_SERVICES_CODE] = "EfiRuntimeServicesCode",
        [EFI_MT_RUNTIME_SERVICES_DATA] = "EfiRuntimeServicesData",
        [EFI_MT_CONVENTIONAL] = "EfiConventionalMemory",
        [EFI_MT_UNUSABLE] = "EfiUnusableMemory",
        [EFI_MT_ACPI_RECLAIM] = "EfiACPIReclaimMemory",
        [EFI_MT_ACPI_NVS] = "EfiACPIMemoryNVS",
        [EFI_MT_MMIO] = "EfiMemoryMappedIO",
        [EFI_MT_MMIO_PORT_SPACE] = "EfiMemoryMappedIOPortSpace",
        [EFI_MT_PAL_CODE] = "EfiPalCode",
        [EFI_MT_PERSISTENT] = "EfiPersistentMemory",
        [EFI_MT_UNACCEPTED] = "EfiUnacceptedMemoryType",
    };
    if (type >= EFI_MT_COUNT)
        return "unknown";
    return names[type];
}

int efi_type_usable_after_exit(uint32_t type)
{
    switch (type) {
    case EFI_MT_LOADER_CODE:
    case EFI_MT_LOADER_DATA:
    case EFI_MT_BOOT_SERVICES_CODE:
    case EFI_MT_BOOT_SERVICES_DATA:
    case EFI_MT_CONVENTIONAL:
        return 1;
    default:
        return 0;
    }
}
