/*
 * boot_stamps.h: the loader's side of the boot-times tag (kernel/include/
 * boot_times.h, docs/boot-times.md): time-stamp counter readings at fixed
 * points of the loader, handed to the kernel in a Multiboot2 tag of ours.
 */
#ifndef EFI_BOOT_STAMPS_H
#define EFI_BOOT_STAMPS_H

#include <stdint.h>

#include "boot_times.h"
#include "info.h"

/* bt_mark: record rdtsc in slot (a BT_* loader slot); later marks of a slot overwrite it. */
void bt_mark(uint32_t slot);

/*
 * bt_add_tag: add the boot-times tag (all slots 0 for now) to b and
 * remember where it is. Returns 0, or -1 when b has no room (b->overflow
 * is then set, as for every tag).
 */
int bt_add_tag(struct mb2_builder *b);

/*
 * bt_finish: copy the loader's readings into the tag added by bt_add_tag
 * (nothing when there is none) and return the tag's physical address for
 * the handoff page (0: none, e.g. for a Multiboot1 kernel). Pure memory
 * writes: safe after ExitBootServices.
 */
uint32_t bt_finish(void);

#endif /* EFI_BOOT_STAMPS_H */
