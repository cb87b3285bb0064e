/*
 * mmrep_raw.c: see mmrep_raw.h.
 */
#include "mmrep_raw.h"

#include "fmt.h"
#include "mmrep_fmt.h"

#define FLAGS_TEXT_MAX 96u
#define SIZE_2_64      "16 EiB" /* the whole 64-bit address space */

/* last_byte: the last address d covers (clipped at 2^64 - 1); 0 pages: returns 0, use only when pages > 0. */
static uint64_t last_byte(const struct efi_mdesc *d)
{
    uint64_t end = efi_mdesc_end(d);
    return end == 0 ? UINT64_MAX : end - 1;
}

static int overflows(const struct efi_mdesc *d)
{
    return d->num_pages != 0 && efi_mdesc_end(d) == 0;
}

void mmrep_raw_flags(const struct efi_mmap *map, size_t i, struct mmrep_flags *out)
{
    *out = (struct mmrep_flags){ 0 };
    struct efi_mdesc d, o;
    if (efi_mmap_get(map, i, &d) != 0)
        return;
    if (i > 0 && efi_mmap_get(map, i - 1, &o) == 0 && d.phys_start < o.phys_start)
        out->bits |= MMREP_F_UNSORTED;
    if ((d.phys_start & (EFI_MAP_PAGE_SIZE - 1u)) != 0)
        out->bits |= MMREP_F_UNALIGNED;
    if (d.num_pages == 0) {
        out->bits |= MMREP_F_ZERO;
        return;
    }
    if (overflows(&d))
        out->bits |= MMREP_F_OVERFLOW;
    uint64_t last = last_byte(&d);
    if (d.phys_start < MMREP_1MIB)
        out->bits |= MMREP_F_BELOW_1M;
    if (last >= MMREP_4GIB)
        out->bits |= MMREP_F_ABOVE_4G;
    size_t n = efi_mmap_count(map);
    for (size_t j = 0; j < n; j++) {
        if (j == i || efi_mmap_get(map, j, &o) != 0 || o.num_pages == 0)
            continue;
        if (o.phys_start <= last && d.phys_start <= last_byte(&o)) {
            if (out->overlap_count < MMREP_OVERLAPS_SHOWN)
                out->overlaps[out->overlap_count] = (uint32_t)j;
            out->overlap_count++;
        }
    }
    if (out->overlap_count != 0)
        out->bits |= MMREP_F_OVERLAPS;
}

size_t mmrep_flags_text(char *buf, size_t cap, const struct mmrep_flags *f)
{
    static const struct { uint32_t bit; const char *word; } words[] = {
        { MMREP_F_ZERO, "zero-length" }, { MMREP_F_OVERFLOW, "overflow" },
        { MMREP_F_UNALIGNED, "unaligned" }, { MMREP_F_BELOW_1M, "<1MiB" },
        { MMREP_F_ABOVE_4G, ">4GiB" },
    };
    size_t len = 0;
    const char *sep = "";
#define ADD(...)                                                                          \
    len += fmt_format(len < cap ? buf + len : NULL, len < cap ? cap - len : 0, __VA_ARGS__)
    if (cap > 0)
        buf[0] = '\0';
    if (f->bits & MMREP_F_UNSORTED) {
        ADD("unsorted");
        sep = " ";
    }
    if (f->bits & MMREP_F_OVERLAPS) {
        ADD("%soverlaps:", sep);
        uint32_t shown = f->overlap_count < MMREP_OVERLAPS_SHOWN ? f->overlap_count
                                                                  : MMREP_OVERLAPS_SHOWN;
        for (uint32_t k = 0; k < shown; k++)
            ADD("%s%u", k ? "," : "", f->overlaps[k]);
        if (f->overlap_count > shown)
            ADD(",+%u", f->overlap_count - shown);
        sep = " ";
    }
    for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
        if (f->bits & words[k].bit) {
            ADD("%s%s", sep, words[k].word);
            sep = " ";
        }
    }
    if (f->bits == 0)
        ADD("-");
#undef ADD
    return len;
}

size_t mmrep_raw_line(char *buf, size_t cap, const struct efi_mmap *map, size_t i)
{
    struct efi_mdesc d;
    if (cap > 0)
        buf[0] = '\0';
    if (efi_mmap_get(map, i, &d) != 0)
        return 0;
    struct mmrep_flags f;
    mmrep_raw_flags(map, i, &f);
    char size[MMREP_SIZE_MAX], attrs[MMREP_ATTR_MAX], flags[FLAGS_TEXT_MAX];
    /* The size of an overflowing range is what lies below 2^64. */
    uint64_t bytes = (f.bits & MMREP_F_OVERFLOW) ? 0 - d.phys_start
                                                  : d.num_pages << EFI_MAP_PAGE_SHIFT;
    if ((f.bits & MMREP_F_OVERFLOW) && d.phys_start == 0)
        fmt_format(size, sizeof(size), "%s", SIZE_2_64); /* bytes would wrap to 0 */
    else
        mmrep_size_text(size, sizeof(size), bytes);
    mmrep_attr_text(attrs, sizeof(attrs), d.attribute);
    mmrep_flags_text(flags, sizeof(flags), &f);
    uint64_t end = efi_mdesc_end(&d);
    return fmt_format(buf, cap,
                      "efi-mmap: %3u %s 0x%016llx-%s0x%016llx %llu pages attr=0x%016llx "
                      "type=%u | %s | %s | %s",
                      (unsigned)i, efi_memory_type_name(d.type),
                      (unsigned long long)d.phys_start,
                      (f.bits & MMREP_F_OVERFLOW) ? "(overflow)" : "", (unsigned long long)end,
                      (unsigned long long)d.num_pages, (unsigned long long)d.attribute, d.type,
                      size, attrs, flags);
}

size_t mmrep_raw_header(char *buf, size_t cap, const struct efi_mmap *map)
{
    size_t n = efi_mmap_count(map);
    return fmt_format(buf, cap,
                      "efi-mmap: descr_size=%u version=%u count=%u (%u bytes; %u bytes past "
                      "the %u-byte version-1 layout) (ranges are [start, end): the end is "
                      "exclusive)",
                      (unsigned)map->descr_size, map->descr_version, (unsigned)n,
                      (unsigned)map->size,
                      (unsigned)(map->descr_size >= EFI_MDESC_MIN_SIZE
                                     ? map->descr_size - EFI_MDESC_MIN_SIZE : 0),
                      EFI_MDESC_MIN_SIZE);
}
