/*
 * memmap_json.c: the saved memory map files as JSON and as a table (see
 * memmap_json.h and docs/memmap-json.md).
 */
#include "memmap_json.h"

#define JSON_ENTRY_BYTES  224u  /* one descriptor's JSON object, generously */
#define TEXT_ENTRY_BYTES  112u  /* one descriptor's table row */
#define FIXED_BYTES       2048u /* everything but the entries */
#define STRING_BYTES      6u    /* worst case per string byte: \u00XX */
#define UEFI_MINOR_MASK   0xffffu
#define UEFI_MAJOR_SHIFT  16u
#define ASCII_PRINTABLE_MIN 0x20u
#define ASCII_MAX         0x7Fu
#define TYPE_COLUMN       27u   /* width of the type name column in the table */

/* A JSON string literal with the escapes JSON requires. */
static int json_string(struct textbuf *tb, const char *s)
{
    int rc = tb_putc(tb, '"');
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            rc |= tb_printf(tb, "\\%c", c);
        else if (c < ASCII_PRINTABLE_MIN || c >= ASCII_MAX)
            rc |= tb_printf(tb, "\\u%04x", c);
        else
            rc |= tb_putc(tb, (char)c);
    }
    rc |= tb_putc(tb, '"');
    return rc;
}

static int json_map(struct textbuf *tb, const struct memmap_snapshot *snap, int last)
{
    const struct efi_mmap *m = &snap->map;
    if (efi_mmap_check(m) != NULL)
        return -1;
    size_t n = efi_mmap_count(m);
    int rc = tb_printf(tb, "    { \"when\": ");
    rc |= json_string(tb, snap->when);
    rc |= tb_printf(tb, ", \"descriptor_size\": %llu, \"descriptor_version\": %u,\n"
                        "      \"entries\": [\n",
                    (unsigned long long)m->descr_size, m->descr_version);
    for (size_t i = 0; i < n; i++) {
        struct efi_mdesc d;
        efi_mmap_get(m, i, &d);
        rc |= tb_printf(tb, "        { \"type\": %u, \"type_name\": \"%s\", "
                            "\"phys_start\": \"0x%016llx\", \"pages\": %llu, "
                            "\"virt_start\": \"0x%016llx\", \"attribute\": \"0x%016llx\" }%s\n",
                        d.type, efi_memory_type_name(d.type),
                        (unsigned long long)d.phys_start, (unsigned long long)d.num_pages,
                        (unsigned long long)d.virt_start, (unsigned long long)d.attribute,
                        i + 1 < n ? "," : "");
    }
    rc |= tb_printf(tb, "      ] }%s\n", last ? "" : ",");
    return rc;
}

int memmap_write_json(struct textbuf *tb, const struct memmap_record *r)
{
    int rc = tb_printf(tb, "{\n  \"schema\": \"%s\",\n  \"version\": %u,\n  \"loader\": ",
                       MEMMAP_SCHEMA, MEMMAP_VERSION);
    rc |= json_string(tb, r->loader);
    rc |= tb_printf(tb, ",\n  \"machine\": { \"manufacturer\": ");
    rc |= json_string(tb, r->machine.manufacturer);
    rc |= tb_printf(tb, ", \"product\": ");
    rc |= json_string(tb, r->machine.product);
    rc |= tb_printf(tb, " },\n  \"firmware\": { \"vendor\": ");
    rc |= json_string(tb, r->fw_vendor);
    rc |= tb_printf(tb, ", \"revision\": %u, \"uefi_revision\": \"%u.%u\" },\n",
                    r->fw_revision, r->uefi_revision >> UEFI_MAJOR_SHIFT,
                    r->uefi_revision & UEFI_MINOR_MASK);
    if (r->has_gop)
        rc |= tb_printf(tb, "  \"gop\": { \"width\": %u, \"height\": %u, "
                            "\"pixels_per_scan_line\": %u, \"format\": \"%s\", "
                            "\"framebuffer\": \"0x%llx\" },\n",
                        r->gop_width, r->gop_height, r->gop_pixels_per_line, r->gop_format,
                        (unsigned long long)r->gop_framebuffer);
    else
        rc |= tb_printf(tb, "  \"gop\": null,\n");
    rc |= tb_printf(tb, "  \"maps\": [\n");
    for (unsigned i = 0; i < r->nmaps && i < MEMMAP_MAX_SNAPSHOTS; i++)
        rc |= json_map(tb, &r->maps[i], i + 1 == r->nmaps);
    rc |= tb_printf(tb, "  ]\n}\n");
    return rc != 0 || tb->overflow ? -1 : 0;
}

/* s, then spaces up to width columns (fmt.h has no left-justify flag). */
static int padded(struct textbuf *tb, const char *s, size_t width)
{
    int rc = tb_printf(tb, "%s", s);
    size_t n = 0;
    while (s[n] != '\0')
        n++;
    for (; n < width; n++)
        rc |= tb_putc(tb, ' ');
    return rc;
}

int memmap_write_text(struct textbuf *tb, const struct memmap_record *r)
{
    int rc = tb_printf(tb, "Memory maps saved by %s\n", r->loader);
    rc |= tb_printf(tb, "machine:  %s / %s\n", r->machine.manufacturer, r->machine.product);
    rc |= tb_printf(tb, "firmware: %s, revision 0x%x, UEFI %u.%u\n", r->fw_vendor,
                    r->fw_revision, r->uefi_revision >> UEFI_MAJOR_SHIFT,
                    r->uefi_revision & UEFI_MINOR_MASK);
    if (r->has_gop)
        rc |= tb_printf(tb, "graphics: %ux%u %s, %u pixels per line, framebuffer 0x%llx\n",
                        r->gop_width, r->gop_height, r->gop_format, r->gop_pixels_per_line,
                        (unsigned long long)r->gop_framebuffer);
    else
        rc |= tb_printf(tb, "graphics: none\n");
    for (unsigned i = 0; i < r->nmaps && i < MEMMAP_MAX_SNAPSHOTS; i++) {
        const struct efi_mmap *m = &r->maps[i].map;
        if (efi_mmap_check(m) != NULL)
            return -1;
        size_t n = efi_mmap_count(m);
        rc |= tb_printf(tb, "\nmap %s: %llu descriptors of %llu bytes, version %u "
                            "(end is exclusive)\n",
                        r->maps[i].when, (unsigned long long)n,
                        (unsigned long long)m->descr_size, m->descr_version);
        rc |= tb_printf(tb, "  idx type                        start              "
                            "end                     pages attribute\n");
        for (size_t k = 0; k < n; k++) {
            struct efi_mdesc d;
            efi_mmap_get(m, k, &d);
            uint64_t end = efi_mdesc_end(&d);
            rc |= tb_printf(tb, "%5llu ", (unsigned long long)k);
            rc |= padded(tb, efi_memory_type_name(d.type), TYPE_COLUMN);
            rc |= tb_printf(tb, " 0x%016llx 0x%016llx %10llu 0x%016llx%s\n",
                            (unsigned long long)d.phys_start, (unsigned long long)end,
                            (unsigned long long)d.num_pages, (unsigned long long)d.attribute,
                            end == 0 && d.num_pages != 0 ? " (end overflows)" : "");
        }
    }
    return rc != 0 || tb->overflow ? -1 : 0;
}

size_t memmap_bytes_bound(const struct memmap_record *r)
{
    size_t strings = STRING_BYTES * (sizeof(r->machine.manufacturer) +
                                     sizeof(r->machine.product) + sizeof(r->fw_vendor));
    size_t entries = 0;
    for (unsigned i = 0; i < r->nmaps && i < MEMMAP_MAX_SNAPSHOTS; i++)
        entries += efi_mmap_count(&r->maps[i].map);
    return FIXED_BYTES + strings + entries * JSON_ENTRY_BYTES;
}
