/*
 * boot.h: the last steps of the loader: the trampoline page, the final
 * memory map, ExitBootServices and the jump.
 */
#ifndef EFI_BOOT_H
#define EFI_BOOT_H

#include <efi.h>

#include "info.h"
#include "mb1_info.h"
#include "kimage.h"
#include "plan.h"

#define MAP_SLACK_DESCRIPTORS 64u /* room for descriptors that appear after we size the map */

/* What boot_exit_and_enter needs; the caller fills all of it in. */
struct boot_state {
    const struct kimage *img;
    EFI_PHYSICAL_ADDRESS staging;         /* the kernel file, below 4 GiB */
    struct busy_range busy[PLAN_MAX_BUSY]; /* loader buffers the copies must spare */
    unsigned nbusy;
    struct mb2_builder *info;             /* every tag but the memory ones added */
    struct mb1_builder *info1;            /* a Multiboot1 kernel: this instead of info,
                                             everything but the memory fields added */
    EFI_PHYSICAL_ADDRESS tramp_page;      /* from boot_prepare_trampoline */
    UINTN map_cap;                        /* bytes reserved for the final map */
    int exit_attempted;                   /* ExitBootServices was called: no more printing */
};

/*
 * boot_map_estimate: the size of the firmware memory map right now, plus
 * MAP_SLACK_DESCRIPTORS descriptors, and the descriptor size. Returns the
 * GetMemoryMap status (EFI_SUCCESS when the sizes are set).
 */
EFI_STATUS boot_map_estimate(UINTN *bytes, UINTN *descr_size);

/*
 * boot_prepare_trampoline: allocate one page below 4 GiB for the trampoline,
 * copy its code there, and clear the no-execute (and read-only) attributes
 * on that page where the firmware has the memory attribute protocol.
 * Returns EFI_SUCCESS with *page set, or the failing status after a message.
 */
EFI_STATUS boot_prepare_trampoline(EFI_PHYSICAL_ADDRESS *page);

/* boot_add_busy: record a loader buffer that the copies must not overwrite. */
void boot_add_busy(struct boot_state *bs, UINT64 base, UINT64 size, const char *what);

/*
 * boot_exit_and_enter: allocate the final map buffer, take the map, check
 * the copy plan against it (printing and returning EFI_LOAD_ERROR if it
 * cannot hold), and exit boot services (retrying with only GetMemoryMap and
 * ExitBootServices in between while the map key is stale). Then add the
 * memory tags (Multiboot1: the memory fields, when info1 is set), finish
 * the information structure, fill in the handoff page
 * and jump to the trampoline. Returns only if the firmware still runs.
 */
EFI_STATUS boot_exit_and_enter(EFI_HANDLE image, struct boot_state *bs);

#endif /* EFI_BOOT_H */
