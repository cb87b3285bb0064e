/*
 * memmap_save.h: taking memory map snapshots and saving them to the boot
 * volume as /memmaps/<machine>-<n>.json and .txt (docs/memmap-json.md).
 * Only usable before ExitBootServices. Saving never stops the boot.
 */
#ifndef EFI_MEMMAP_SAVE_H
#define EFI_MEMMAP_SAVE_H

#include <efi.h>

#include "memmap_json.h"

#define MEMMAP_DIR      "/memmaps"
#define MEMMAP_MAX_FILES 999u /* <n> runs from 1 to this; a full folder is reported */

/*
 * memmap_take: GetMemoryMap into a new pool buffer and describe it in
 * *snap (when is kept, not copied). Returns EFI_SUCCESS or the failing
 * status (no message). Release with memmap_release.
 */
EFI_STATUS memmap_take(const char *when, struct memmap_snapshot *snap);

/* memmap_release: free a snapshot's buffer (safe on a zeroed snapshot). */
void memmap_release(struct memmap_snapshot *snap);

/*
 * memmap_save: gather the machine's name (SMBIOS type 1), the firmware's
 * vendor and revisions and the graphics mode (gop may be NULL), and write
 * the snapshots as JSON and as text to MEMMAP_DIR on root, under the first
 * free <n>. Prints what it wrote, or why it could not (read-only medium,
 * full volume, failed read-back: the half-written file is removed). Returns
 * EFI_SUCCESS when both files were written and verified, else the status.
 */
EFI_STATUS memmap_save(EFI_FILE_HANDLE root, EFI_SYSTEM_TABLE *st, const char *loader,
                       EFI_GRAPHICS_OUTPUT_PROTOCOL *gop,
                       const struct memmap_snapshot *snaps, unsigned nsnaps);

#endif /* EFI_MEMMAP_SAVE_H */
