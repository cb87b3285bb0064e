/*
 * memmap_json.h: the saved memory map files (docs/memmap-json.md), written
 * as text into a buffer (pure code; the loader writes the buffer to disk).
 */
#ifndef EFI_MEMMAP_JSON_H
#define EFI_MEMMAP_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "../mm/efi_mmap.h"
#include "smbios.h"
#include "textbuf.h"

#define MEMMAP_SCHEMA        "pm32boot-memmap"
#define MEMMAP_VERSION       1u
#define MEMMAP_MAX_SNAPSHOTS 4u
#define MEMMAP_VENDOR_MAX    64u /* bytes kept of the firmware vendor, incl. NUL */

/* One map and when it was taken ("loader-start", "before-write"). */
struct memmap_snapshot {
    const char *when;
    struct efi_mmap map;
};

/* Everything a saved file holds. */
struct memmap_record {
    const char *loader;                    /* the loader's name */
    struct smbios_system machine;
    char fw_vendor[MEMMAP_VENDOR_MAX];     /* FirmwareVendor, bytes as read */
    uint32_t fw_revision;
    uint32_t uefi_revision;                /* major << 16 | minor, as in the table header */
    int has_gop;
    uint32_t gop_width, gop_height, gop_pixels_per_line;
    const char *gop_format;                /* "RGBX", "BGRX", "BITMASK", "BLTONLY" */
    uint64_t gop_framebuffer;
    unsigned nmaps;
    struct memmap_snapshot maps[MEMMAP_MAX_SNAPSHOTS];
};

/*
 * memmap_write_json: the record as JSON, schema MEMMAP_SCHEMA version
 * MEMMAP_VERSION. Returns 0, or -1 when the buffer overflowed or a map is
 * malformed (efi_mmap_check), in which case the text must not be saved.
 */
int memmap_write_json(struct textbuf *tb, const struct memmap_record *r);

/* memmap_write_text: the same record as tables for people. 0 or -1 as above. */
int memmap_write_text(struct textbuf *tb, const struct memmap_record *r);

/*
 * memmap_bytes_bound: enough bytes for either text of r (the larger one),
 * including the NUL: allocate this much.
 */
size_t memmap_bytes_bound(const struct memmap_record *r);

#endif /* EFI_MEMMAP_JSON_H */
