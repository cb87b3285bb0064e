/*
 * mb2_names.h: one table of Multiboot2 information tag names, shared by the
 * loader's refusals ("requires information tag 5 (BIOS boot device)") and
 * the kernel's info parser and reports. Pure code.
 */
#ifndef LIB_MB2_NAMES_H
#define LIB_MB2_NAMES_H

#include <stdint.h>

/* mb2_info_tag_name: a short name for an information tag type ("memory map"); "unknown" past the known types. */
const char *mb2_info_tag_name(uint32_t type);

#endif /* LIB_MB2_NAMES_H */
