/*
 * memmap_save.c: memory map snapshots and the files they are saved to
 * (see memmap_save.h).
 */
#include "memmap_save.h"

#include <efilib.h>

#include "config.h"
#include "console.h"
#include "fmt.h"
#include "fs.h"

#define SNAPSHOT_SLACK_DESCRIPTORS 16u  /* GetMemoryMap's own allocation adds some */
#define SMBIOS_EP_READ             0x20u /* bytes of an entry point we look at */
#define SMBIOS_TABLE_MAX           0x100000u /* refuse bigger structure tables as corrupt */
#define MACHINE_NAME_MAX           41u   /* 40 characters of <machine>, plus the NUL */
#define LATIN1_MAX                 0xFFu
#define NOT_LATIN1                 '?'

EFI_STATUS memmap_take(const char *when, struct memmap_snapshot *snap)
{
    UINTN size = 0, key = 0, dsize = 0;
    UINT32 dver = 0;
    snap->when = when;
    snap->map.buf = NULL;
    snap->map.size = 0;
    EFI_STATUS st = uefi_call_wrapper(BS->GetMemoryMap, 5, &size, NULL, &key, &dsize, &dver);
    if (st != EFI_BUFFER_TOO_SMALL)
        return EFI_ERROR(st) ? st : EFI_DEVICE_ERROR;
    size += SNAPSHOT_SLACK_DESCRIPTORS * dsize;
    void *buf = NULL;
    st = uefi_call_wrapper(BS->AllocatePool, 3, EfiLoaderData, size, &buf);
    if (EFI_ERROR(st))
        return st;
    st = uefi_call_wrapper(BS->GetMemoryMap, 5, &size, buf, &key, &dsize, &dver);
    if (EFI_ERROR(st)) {
        uefi_call_wrapper(BS->FreePool, 1, buf);
        return st;
    }
    snap->map.buf = buf;
    snap->map.size = size;
    snap->map.descr_size = dsize;
    snap->map.descr_version = dver;
    return EFI_SUCCESS;
}

void memmap_release(struct memmap_snapshot *snap)
{
    if (snap->map.buf != NULL)
        uefi_call_wrapper(BS->FreePool, 1, (void *)snap->map.buf);
    snap->map.buf = NULL;
    snap->map.size = 0;
}

/* The SMBIOS system strings, from the 3.x entry point if there is one, else 2.x. */
static void find_machine(EFI_SYSTEM_TABLE *st, struct smbios_system *sys)
{
    EFI_GUID guids[] = { SMBIOS3_TABLE_GUID, SMBIOS_TABLE_GUID };
    sys->manufacturer[0] = '\0';
    sys->product[0] = '\0';
    for (unsigned g = 0; g < sizeof(guids) / sizeof(guids[0]); g++) {
        for (UINTN i = 0; i < st->NumberOfTableEntries; i++) {
            EFI_CONFIGURATION_TABLE *t = &st->ConfigurationTable[i];
            if (CompareGuid(&t->VendorGuid, &guids[g]) != 0 || t->VendorTable == NULL)
                continue;
            uint64_t addr = 0;
            uint32_t size = 0;
            if (smbios_entry_table(t->VendorTable, SMBIOS_EP_READ, &addr, &size) != 0 ||
                size == 0 || size > SMBIOS_TABLE_MAX || addr > (UINTN)-1 - size)
                continue;
            if (smbios_find_system((const uint8_t *)(UINTN)addr, size, sys) == 0)
                return;
        }
    }
}

/* The firmware vendor string as bytes (Latin-1; other characters as '?'). */
static void vendor_bytes(const CHAR16 *w, char *out, size_t max)
{
    size_t n = 0;
    for (; w != NULL && w[n] != 0 && n + 1 < max; n++)
        out[n] = w[n] <= LATIN1_MAX ? (char)w[n] : NOT_LATIN1;
    out[n] = '\0';
}

static const char *gop_format_name(EFI_GRAPHICS_PIXEL_FORMAT f)
{
    switch (f) {
    case PixelRedGreenBlueReserved8BitPerColor: return "RGBX";
    case PixelBlueGreenRedReserved8BitPerColor: return "BGRX";
    case PixelBitMask: return "BITMASK";
    default: return "BLTONLY";
    }
}

/* Write one text, produced by `writer`, to path; print the outcome. */
static EFI_STATUS save_one(EFI_FILE_HANDLE root, const char *path, const struct memmap_record *r,
                           int (*writer)(struct textbuf *, const struct memmap_record *))
{
    size_t cap = memmap_bytes_bound(r);
    char *buf = NULL;
    EFI_STATUS st = uefi_call_wrapper(BS->AllocatePool, 3, EfiLoaderData, cap, (void **)&buf);
    if (EFI_ERROR(st)) {
        con_printf("loader: memmap: no memory to format %s: %s\n", path, con_status_name(st));
        return st;
    }
    struct textbuf tb;
    tb_init(&tb, buf, cap);
    if (writer(&tb, r) != 0) {
        con_printf("loader: memmap: %s does not fit the %llu bytes reserved for it\n", path,
                   (unsigned long long)cap);
        uefi_call_wrapper(BS->FreePool, 1, buf);
        return EFI_BUFFER_TOO_SMALL;
    }
    st = fs_write_new_file(root, path, buf, tb.len);
    if (EFI_ERROR(st))
        con_printf("loader: memmap: cannot save %s (%llu bytes): %s%s; booting on\n", path,
                   (unsigned long long)tb.len, con_status_name(st),
                   st == EFI_WRITE_PROTECTED ? " (the medium is read-only)"
                   : st == EFI_VOLUME_FULL   ? " (the volume is full; nothing was left behind)"
                   : st == EFI_VOLUME_CORRUPTED ? " (read-back differed; the file was removed)"
                                                : "");
    else
        con_printf("loader: memmap: saved %s (%llu bytes, verified)\n", path,
                   (unsigned long long)tb.len);
    uefi_call_wrapper(BS->FreePool, 1, buf);
    return st;
}

EFI_STATUS memmap_save(EFI_FILE_HANDLE root, EFI_SYSTEM_TABLE *st, const char *loader,
                       EFI_GRAPHICS_OUTPUT_PROTOCOL *gop,
                       const struct memmap_snapshot *snaps, unsigned nsnaps)
{
    static struct memmap_record r;
    r.loader = loader;
    find_machine(st, &r.machine);
    vendor_bytes(st->FirmwareVendor, r.fw_vendor, sizeof(r.fw_vendor));
    r.fw_revision = st->FirmwareRevision;
    r.uefi_revision = st->Hdr.Revision;
    r.has_gop = gop != NULL && gop->Mode != NULL && gop->Mode->Info != NULL;
    if (r.has_gop) {
        r.gop_width = gop->Mode->Info->HorizontalResolution;
        r.gop_height = gop->Mode->Info->VerticalResolution;
        r.gop_pixels_per_line = gop->Mode->Info->PixelsPerScanLine;
        r.gop_format = gop_format_name(gop->Mode->Info->PixelFormat);
        r.gop_framebuffer = gop->Mode->FrameBufferBase;
    }
    r.nmaps = nsnaps < MEMMAP_MAX_SNAPSHOTS ? nsnaps : MEMMAP_MAX_SNAPSHOTS;
    for (unsigned i = 0; i < r.nmaps; i++)
        r.maps[i] = snaps[i];

    EFI_STATUS s = fs_make_dir(root, MEMMAP_DIR);
    if (EFI_ERROR(s)) {
        con_printf("loader: memmap: cannot create %s: %s%s; booting on\n", MEMMAP_DIR,
                   con_status_name(s),
                   s == EFI_WRITE_PROTECTED ? " (the medium is read-only)" : "");
        return s;
    }
    char machine[MACHINE_NAME_MAX];
    smbios_file_name(&r.machine, machine, sizeof(machine));
    char json[CFG_PATH_MAX], text[CFG_PATH_MAX];
    for (unsigned n = 1; n <= MEMMAP_MAX_FILES; n++) {
        fmt_format(json, sizeof(json), "%s/%s-%u.json", MEMMAP_DIR, machine, n);
        fmt_format(text, sizeof(text), "%s/%s-%u.txt", MEMMAP_DIR, machine, n);
        if (fs_exists(root, json) || fs_exists(root, text))
            continue;
        s = save_one(root, json, &r, memmap_write_json);
        if (!EFI_ERROR(s))
            s = save_one(root, text, &r, memmap_write_text);
        return s;
    }
    con_printf("loader: memmap: %s already holds %u maps of %s; delete some to save more\n",
               MEMMAP_DIR, MEMMAP_MAX_FILES, machine);
    return EFI_VOLUME_FULL;
}
