/*
 * mb2_info.c: bounds-checked walk of the Multiboot2 information structure
 * (see mb2_info.h for the contract and the list of checks).
 */
#include "mb2_info.h"

#include <stdarg.h>

#include "fmt.h"

#define TYPES_SEEN_BITS 32u /* width of mb2_info_view.types_seen */

/* Where the walk is, for error messages. */
struct walk {
    char *err;
    size_t errcap;
    uint32_t off;  /* offset of the current tag */
    uint32_t type;
    uint32_t size;
};

static int fail(char *err, size_t errcap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int tag_fail(const struct walk *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int fail(char *err, size_t errcap, const char *fmt, ...)
{
    if (err != NULL && errcap > 0) {
        va_list ap;
        va_start(ap, fmt);
        fmt_vformat(err, errcap, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* tag_fail: "tag at offset 0x.. (type N, name): " followed by the message. */
static int tag_fail(const struct walk *w, const char *fmt, ...)
{
    if (w->err == NULL || w->errcap == 0)
        return -1;
    size_t n = fmt_format(w->err, w->errcap, "tag at offset 0x%x (type %u, %s): ",
                          w->off, w->type, mb2_info_tag_name(w->type));
    if (n < w->errcap) {
        va_list ap;
        va_start(ap, fmt);
        fmt_vformat(w->err + n, w->errcap - n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* nul_inside: is there a NUL in p[from, to)? */
static int nul_inside(const uint8_t *p, uint32_t from, uint32_t to)
{
    for (uint32_t i = from; i < to; i++) {
        if (p[i] == '\0')
            return 1;
    }
    return 0;
}

static int need_size(const struct walk *w, uint32_t min)
{
    if (w->size < min)
        return tag_fail(w, "size %u is below the %u bytes this tag needs", w->size, min);
    return 0;
}

static int check_string(const struct walk *w, const uint8_t *tag, const char **slot)
{
    if (need_size(w, MB2_INFO_MIN_STRING) != 0)
        return -1;
    if (!nul_inside(tag, MB2_TAG_HEAD_SIZE, w->size))
        return tag_fail(w, "string has no NUL terminator within the tag's %u bytes", w->size);
    if (*slot == NULL)
        *slot = (const char *)(tag + MB2_TAG_HEAD_SIZE);
    return 0;
}

static int check_module(const struct walk *w, const uint8_t *tag, struct mb2_info_view *v)
{
    if (need_size(w, MB2_INFO_MIN_MODULE) != 0)
        return -1;
    const struct mb2_tag_module *m = (const struct mb2_tag_module *)tag;
    if (m->mod_start > m->mod_end)
        return tag_fail(w, "mod_start 0x%x is above mod_end 0x%x", m->mod_start, m->mod_end);
    if (!nul_inside(tag, sizeof(*m), w->size))
        return tag_fail(w, "module string has no NUL terminator within the tag's %u bytes",
                        w->size);
    if (v->first_module == NULL)
        v->first_module = m;
    v->module_count++;
    return 0;
}

static int check_mmap(const struct walk *w, const uint8_t *tag, struct mb2_info_view *v)
{
    if (need_size(w, MB2_INFO_MIN_MMAP) != 0)
        return -1;
    const struct mb2_tag_mmap *m = (const struct mb2_tag_mmap *)tag;
    if (m->entry_size < MB2_INFO_MIN_MMAP_ENTRY)
        return tag_fail(w, "entry_size %u is below %u", m->entry_size, MB2_INFO_MIN_MMAP_ENTRY);
    uint32_t bytes = w->size - MB2_INFO_MIN_MMAP;
    if (bytes % m->entry_size != 0)
        return tag_fail(w, "%u bytes of entries are not a whole number of %u-byte entries",
                        bytes, m->entry_size);
    if (v->mmap == NULL) {
        v->mmap = m;
        v->mmap_count = bytes / m->entry_size;
    }
    return 0;
}

static int check_framebuffer(const struct walk *w, const uint8_t *tag, struct mb2_info_view *v)
{
    if (need_size(w, MB2_INFO_MIN_FRAMEBUFFER) != 0)
        return -1;
    const struct mb2_tag_framebuffer *fb = (const struct mb2_tag_framebuffer *)tag;
    if (fb->framebuffer_type == MB2_FRAMEBUFFER_TYPE_RGB && w->size < MB2_INFO_MIN_FRAMEBUFFER_RGB)
        return tag_fail(w, "size %u is below the %u bytes of an RGB framebuffer tag", w->size,
                        MB2_INFO_MIN_FRAMEBUFFER_RGB);
    if (fb->framebuffer_type == MB2_FRAMEBUFFER_TYPE_INDEXED) {
        const uint32_t count_end = MB2_INFO_FB_PALETTE_OFF + (uint32_t)sizeof(uint16_t);
        if (w->size < count_end)
            return tag_fail(w, "size %u leaves no room for the palette size of an indexed "
                            "framebuffer (needs %u)", w->size, count_end);
        uint16_t ncolors = *(const uint16_t *)(tag + MB2_INFO_FB_PALETTE_OFF);
        uint32_t need = count_end + (uint32_t)ncolors * MB2_INFO_FB_PALETTE_ENTRY;
        if (w->size < need)
            return tag_fail(w, "palette of %u colours needs %u bytes, the tag has %u",
                            ncolors, need, w->size);
    }
    if (v->framebuffer == NULL)
        v->framebuffer = fb;
    return 0;
}

static int check_efi_mmap(const struct walk *w, const uint8_t *tag, struct mb2_info_view *v)
{
    if (need_size(w, MB2_INFO_MIN_EFI_MMAP) != 0)
        return -1;
    const struct mb2_tag_efi_mmap *t = (const struct mb2_tag_efi_mmap *)tag;
    struct efi_mmap map = {
        .buf = tag + MB2_INFO_MIN_EFI_MMAP,
        .size = w->size - MB2_INFO_MIN_EFI_MMAP,
        .descr_size = t->descr_size,
        .descr_version = t->descr_vers,
    };
    const char *why = efi_mmap_check(&map);
    if (why != NULL) {
        /* Unreadable descriptors in a sound tag: set aside, not fatal (mb2_info.h). */
        if (v->efi_mmap_set_aside == NULL) {
            v->efi_mmap_set_aside = t;
            v->efi_mmap_why = why;
        }
        return 0;
    }
    if (v->efi_mmap_tag == NULL) {
        v->efi_mmap_tag = t;
        v->efi_mmap = map;
    }
    return 0;
}

/*
 * check_boot_times: record our boot-times tag when it has the layout of
 * version 1; otherwise note why and skip it (never an error: the type
 * number is ours, not the specification's).
 */
static void check_boot_times(const struct walk *w, const uint8_t *tag, struct mb2_info_view *v)
{
    const struct boot_times_tag *t = (const struct boot_times_tag *)tag;
    const char *note = NULL;
    if (w->size != BOOT_TIMES_TAG_SIZE)
        note = "size is not the 72 bytes of version 1";
    else if (t->version != BOOT_TIMES_VERSION)
        note = "version is not 1";
    else if (t->count != BT_COUNT)
        note = "count is not the 7 stamps of version 1";
    if (note != NULL) {
        v->unknown_count++;
        if (v->boot_times == NULL && v->boot_times_note == NULL)
            v->boot_times_note = note;
        return;
    }
    if (v->boot_times == NULL)
        v->boot_times = t;
}

/* check_tag: the type-specific checks; records the tag in the view. */
static int check_tag(const struct walk *w, const uint8_t *tag, struct mb2_info_view *v)
{
    switch (w->type) {
    case MB2_TAG_CMDLINE:
        return check_string(w, tag, &v->cmdline);
    case MB2_TAG_LOADER_NAME:
        return check_string(w, tag, &v->loader_name);
    case MB2_TAG_MODULE:
        return check_module(w, tag, v);
    case MB2_TAG_BASIC_MEMINFO:
        if (need_size(w, MB2_INFO_MIN_MEMINFO) != 0)
            return -1;
        if (v->meminfo == NULL)
            v->meminfo = (const struct mb2_tag_basic_meminfo *)tag;
        return 0;
    case MB2_TAG_MMAP:
        return check_mmap(w, tag, v);
    case MB2_TAG_FRAMEBUFFER:
        return check_framebuffer(w, tag, v);
    case MB2_TAG_EFI32:
        if (need_size(w, MB2_INFO_MIN_EFI32) != 0)
            return -1;
        if (v->efi32 == NULL)
            v->efi32 = (const struct mb2_tag_efi32 *)tag;
        return 0;
    case MB2_TAG_EFI64:
        if (need_size(w, MB2_INFO_MIN_EFI64) != 0)
            return -1;
        if (v->efi64 == NULL)
            v->efi64 = (const struct mb2_tag_efi64 *)tag;
        return 0;
    case MB2_TAG_ACPI_OLD:
        if (need_size(w, MB2_TAG_HEAD_SIZE + MB2_INFO_RSDP_V1_SIZE) != 0)
            return -1;
        if (v->acpi_old == NULL)
            v->acpi_old = (const struct mb2_tag_acpi *)tag;
        return 0;
    case MB2_TAG_ACPI_NEW:
        if (need_size(w, MB2_TAG_HEAD_SIZE + MB2_INFO_RSDP_V2_SIZE) != 0)
            return -1;
        if (v->acpi_new == NULL)
            v->acpi_new = (const struct mb2_tag_acpi *)tag;
        return 0;
    case MB2_TAG_EFI_MMAP:
        return check_efi_mmap(w, tag, v);
    case MB2_TAG_LOAD_BASE_ADDR:
        if (need_size(w, MB2_INFO_MIN_LOAD_BASE) != 0)
            return -1;
        if (v->load_base == NULL)
            v->load_base = (const struct mb2_tag_load_base_addr *)tag;
        return 0;
    case BOOT_TIMES_TAG_TYPE:
        check_boot_times(w, tag, v);
        return 0;
    default:
        if (w->type >= MB2_TAG_TYPE_COUNT)
            v->unknown_count++;
        return 0; /* known but unused, or unknown: skipped */
    }
}

static void zero_view(struct mb2_info_view *v)
{
    uint8_t *p = (uint8_t *)v;
    for (size_t i = 0; i < sizeof(*v); i++)
        p[i] = 0;
}

/* walk_tags: the tag walk of mb2_info_parse over a structure whose header
 * has been checked; fills *v. On failure v holds what preceded the fault. */
static int walk_tags(const uint8_t *base, uint32_t total, struct mb2_info_view *v,
                     char *err, size_t errcap)
{
    struct walk w = { .err = err, .errcap = errcap };
    uint32_t off = sizeof(struct mb2_info_header);
    /* total and off are multiples of 8, so total - off is 0 or at least 8. */
    while (off < total) {
        const uint8_t *tag = base + off;
        w.off = off;
        w.type = ((const struct mb2_tag *)tag)->type;
        w.size = ((const struct mb2_tag *)tag)->size;
        if (w.size < MB2_TAG_HEAD_SIZE)
            return tag_fail(&w, "size %u is below the %u-byte tag head", w.size,
                            MB2_TAG_HEAD_SIZE);
        if (w.size > total - off)
            return tag_fail(&w, "size %u runs past total_size %u (%u bytes left)", w.size,
                            total, total - off);
        if (w.type == MB2_TAG_END) {
            if (w.size != MB2_END_TAG_SIZE)
                return tag_fail(&w, "end tag size is %u, expected %u", w.size, MB2_END_TAG_SIZE);
            if (off + MB2_END_TAG_SIZE != total)
                return tag_fail(&w, "end tag ends at 0x%x but total_size says 0x%x",
                                off + MB2_END_TAG_SIZE, total);
            return 0;
        }
        if (check_tag(&w, tag, v) != 0)
            return -1;
        if (w.type < TYPES_SEEN_BITS)
            v->types_seen |= 1u << w.type;
        v->tag_count++;
        off += MB2_ALIGN_UP(w.size); /* <= total: total - off is a multiple of 8 >= size */
    }
    return fail(err, errcap, "no end tag: the tags run to total_size %u without one", total);
}

int mb2_info_parse(const void *info, size_t avail, struct mb2_info_view *out,
                   char *err, size_t errcap)
{
    zero_view(out);
    if (info == NULL)
        return fail(err, errcap, "information structure pointer is NULL");
    if ((uintptr_t)info % MB2_INFO_ALIGN != 0)
        return fail(err, errcap, "information structure at %p is not %u-byte aligned", info,
                    MB2_INFO_ALIGN);
    if (avail < sizeof(struct mb2_info_header))
        return fail(err, errcap, "only %lu bytes readable, the header alone needs %u",
                    (unsigned long)avail, (unsigned)sizeof(struct mb2_info_header));

    const uint8_t *base = info;
    uint32_t total = ((const struct mb2_info_header *)base)->total_size;
    if (total < MB2_INFO_MIN_SIZE)
        return fail(err, errcap, "total_size %u is below the %u bytes of a header and an end tag",
                    total, MB2_INFO_MIN_SIZE);
    if (total > MB2_INFO_MAX_SIZE)
        return fail(err, errcap, "total_size %u is above the %u-byte sanity bound", total,
                    MB2_INFO_MAX_SIZE);
    if (total > avail)
        return fail(err, errcap, "total_size %u is more than the %lu bytes readable", total,
                    (unsigned long)avail);
    if (total % MB2_INFO_ALIGN != 0)
        return fail(err, errcap, "total_size %u is not a multiple of %u", total, MB2_INFO_ALIGN);

    struct mb2_info_view v;
    zero_view(&v);
    v.base = base;
    v.total_size = total;
    if (walk_tags(base, total, &v, err, errcap) != 0) {
        out->cmdline = v.cmdline; /* the one thing kept from a failed walk (mb2_info.h) */
        return -1;
    }
    *out = v;
    return 0;
}

const struct mb2_tag *mb2_info_next_tag(const struct mb2_info_view *v,
                                        const struct mb2_tag *prev, uint32_t type)
{
    if (v->base == NULL)
        return NULL;
    uint32_t off = sizeof(struct mb2_info_header);
    if (prev != NULL) {
        const uint8_t *p = (const uint8_t *)prev;
        if (p < v->base + off || p >= v->base + v->total_size)
            return NULL;
        off = (uint32_t)(p - v->base) + MB2_ALIGN_UP(prev->size);
    }
    while (off + MB2_TAG_HEAD_SIZE <= v->total_size) {
        const struct mb2_tag *t = (const struct mb2_tag *)(v->base + off);
        if (t->type == MB2_TAG_END)
            return NULL;
        if (t->type == type)
            return t;
        off += MB2_ALIGN_UP(t->size);
    }
    return NULL;
}

int mb2_info_mmap_entry(const struct mb2_info_view *v, uint32_t i, struct mb2_mmap_entry *out)
{
    if (v->mmap == NULL || i >= v->mmap_count)
        return -1;
    const uint8_t *src = (const uint8_t *)v->mmap + MB2_INFO_MIN_MMAP + (size_t)i * v->mmap->entry_size;
    uint8_t *dst = (uint8_t *)out;
    for (size_t k = 0; k < sizeof(*out); k++)
        dst[k] = src[k];
    return 0;
}

/* A source of [base, end) ranges and whether each is usable. */
typedef int (*range_fn)(const struct mb2_info_view *v, uint32_t i, uint64_t *base,
                        uint64_t *end);

static int mmap_range(const struct mb2_info_view *v, uint32_t i, uint64_t *base, uint64_t *end)
{
    struct mb2_mmap_entry e;
    if (mb2_info_mmap_entry(v, i, &e) != 0 || e.type != MB2_MEMORY_AVAILABLE)
        return 0;
    *base = e.base_addr;
    *end = e.length > UINT64_MAX - e.base_addr ? UINT64_MAX : e.base_addr + e.length;
    return 1;
}

static int efi_range(const struct mb2_info_view *v, uint32_t i, uint64_t *base, uint64_t *end)
{
    struct efi_mdesc d;
    if (efi_mmap_get(&v->efi_mmap, i, &d) != 0 || !efi_type_usable_after_exit(d.type))
        return 0;
    uint64_t e = efi_mdesc_end(&d);
    *base = d.phys_start;
    *end = e == 0 ? UINT64_MAX : e; /* overflow: clip */
    return 1;
}

/* covers: walk `cur` forward through usable ranges until it passes end. */
static int covers(const struct mb2_info_view *v, uint32_t count, range_fn get, uint64_t start,
                  uint64_t end)
{
    uint64_t cur = start;
    /* Each pass moves cur forward past one whole range, so count passes suffice. */
    for (uint32_t pass = 0; pass <= count && cur < end; pass++) {
        int moved = 0;
        for (uint32_t i = 0; i < count; i++) {
            uint64_t b, e;
            if (get(v, i, &b, &e) && b <= cur && cur < e) {
                cur = e;
                moved = 1;
                break;
            }
        }
        if (!moved)
            return 0;
    }
    return cur >= end;
}

int mb2_info_mmap_covers(const struct mb2_info_view *v, uint64_t start, uint64_t end)
{
    if (start >= end)
        return 1;
    if (v->mmap == NULL)
        return 0;
    return covers(v, v->mmap_count, mmap_range, start, end);
}

int mb2_info_efi_mmap_covers(const struct mb2_info_view *v, uint64_t start, uint64_t end)
{
    if (start >= end)
        return 1;
    if (v->efi_mmap_tag == NULL)
        return 0;
    size_t n = efi_mmap_count(&v->efi_mmap);
    return covers(v, (uint32_t)n, efi_range, start, end);
}

const char *mb2_mmap_type_name(uint32_t type)
{
    switch (type) {
    case MB2_MEMORY_AVAILABLE:
        return "available";
    case MB2_MEMORY_RESERVED:
        return "reserved";
    case MB2_MEMORY_ACPI_RECLAIMABLE:
        return "ACPI reclaimable";
    case MB2_MEMORY_NVS:
        return "ACPI NVS";
    case MB2_MEMORY_BADRAM:
        return "bad RAM";
    default:
        return "unknown";
    }
}
