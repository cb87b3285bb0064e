/*
 * info_print.h: the console report of what the boot loader handed over.
 */
#ifndef KERNEL_INFO_PRINT_H
#define KERNEL_INFO_PRINT_H

#include "mb2_info.h"

/*
 * info_print: print, from a view mb2_info_parse accepted, the tag types
 * found, the loader name, the command line, modules, basic memory, the
 * framebuffer, ACPI RSDP presence, the EFI system table, the load base, the
 * EFI memory map (one line per descriptor, mmrep_raw.h, a screenful at a
 * time on the framebuffer: mmrep_page.h) and the memory map (tag 6).
 * Lines start with "info:", "efi-mmap:" or "mmap:".
 */
void info_print(const struct mb2_info_view *v);

#endif /* KERNEL_INFO_PRINT_H */
