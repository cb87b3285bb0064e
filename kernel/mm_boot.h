/*
 * mm_boot.h: bringing up physical memory management at boot: sanitise the
 * firmware's map (mm/memmap.h), seed the page-frame allocator (mm/pmm.h),
 * and report both on the console.
 */
#ifndef KERNEL_MM_BOOT_H
#define KERNEL_MM_BOOT_H

#include "mb2_info.h"
#include "memmap.h"
#include "pmm.h"

#define MM_BOOT_MAX_MODULES 64u /* the carve-out list's bound (reported when exceeded) */

/*
 * mm_boot_init: from the EFI memory map (tag 17), or the Multiboot2 memory
 * map (tag 6) when there is none, build the sanitised map with the kernel
 * image, the information structure, the modules and its own early
 * allocation carved out; seed the allocator; print the map summary, the
 * per-kind table and the "pmm: free=..." line (DESIGN.md). Panics (with the
 * reason) when there is no map, it is malformed, there are more than
 * MM_BOOT_MAX_MODULES modules, or no room for the early allocation.
 */
void mm_boot_init(const struct mb2_info_view *info, paddr_t info_pa);

/* mm_boot_map / mm_boot_pmm: the results, or NULL before mm_boot_init. */
const struct memmap *mm_boot_map(void);
struct pmm *mm_boot_pmm(void);

#endif /* KERNEL_MM_BOOT_H */
