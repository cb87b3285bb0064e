/*
 * mb2_names.c: names of Multiboot2 information tag types, for messages of
 * the loader and the kernel alike (see mb2_names.h).
 */
#include "mb2_names.h"

#include "multiboot2.h"

const char *mb2_info_tag_name(uint32_t type)
{
    static const char *const names[MB2_TAG_TYPE_COUNT] = {
        [MB2_TAG_END] = "end",
        [MB2_TAG_CMDLINE] = "command line",
        [MB2_TAG_LOADER_NAME] = "boot loader name",
        [MB2_TAG_MODULE] = "modules",
        [MB2_TAG_BASIC_MEMINFO] = "basic memory information",
        [MB2_TAG_BOOTDEV] = "BIOS boot device",
        [MB2_TAG_MMAP] = "memory map",
        [MB2_TAG_VBE] = "VBE information",
        [MB2_TAG_FRAMEBUFFER] = "framebuffer information",
        [MB2_TAG_ELF_SECTIONS] = "ELF sections",
        [MB2_TAG_APM] = "APM table",
        [MB2_TAG_EFI32] = "EFI 32-bit system table",
        [MB2_TAG_EFI64] = "EFI 64-bit system table",
        [MB2_TAG_SMBIOS] = "SMBIOS tables",
        [MB2_TAG_ACPI_OLD] = "ACPI 1.0 RSDP",
        [MB2_TAG_ACPI_NEW] = "ACPI 2.0 RSDP",
        [MB2_TAG_NETWORK] = "networking information",
        [MB2_TAG_EFI_MMAP] = "EFI memory map",
        [MB2_TAG_EFI_BS] = "EFI boot services not terminated",
        [MB2_TAG_EFI32_IH] = "EFI 32-bit image handle",
        [MB2_TAG_EFI64_IH] = "EFI 64-bit image handle",
        [MB2_TAG_LOAD_BASE_ADDR] = "image load base address",
    };
    if (type >= MB2_TAG_TYPE_COUNT)
        return "unknown";
    return names[type];
}
