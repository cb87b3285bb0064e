/*
 * plan.c: check where each kernel segment will be copied and build the
 * trampoline's copy list (see plan.h).
 */
#include "plan.h"

#include "fmt.h"

#define FOUR_GIB 0x100000000ull

/* Does [a0, a1) overlap [b0, b1)? Empty ranges overlap nothing. */
static int overlaps(uint64_t a0, uint64_t a1, uint64_t b0, uint64_t b1)
{
    return a0 < a1 && b0 < b1 && a0 < b1 && b0 < a1;
}

/*
 * first_blocker: the lowest-addressed descriptor that is not usable after
 * ExitBootServices and overlaps [dst0, dst1). Firmware maps should not
 * overlap, but when they do the firmware's claim wins whatever the order
 * of the descriptors. Returns 1 and fills *out when there is one.
 */
static int first_blocker(const struct efi_mmap *map, uint64_t dst0, uint64_t dst1,
                         struct efi_mdesc *out)
{
    size_t n = efi_mmap_count(map);
    int found = 0;
    for (size_t i = 0; i < n; i++) {
        struct efi_mdesc d;
        efi_mmap_get(map, i, &d);
        uint64_t d_end = efi_mdesc_end(&d);
        if (d_end == 0 || efi_type_usable_after_exit(d.type) ||
            !overlaps(dst0, dst1, d.phys_start, d_end))
            continue;
        if (!found || d.phys_start < out->phys_start)
            *out = d;
        found = 1;
    }
    return found;
}

/*
 * first_gap: walk from dst0 to dst1, each step through a usable descriptor
 * that contains the current address (descriptors may come in any order, so
 * each step scans the map: hundreds of entries, a handful of segments).
 * Returns 1 and sets *gap to the first address no usable descriptor covers,
 * or 0 when [dst0, dst1) is covered.
 */
static int first_gap(const struct efi_mmap *map, uint64_t dst0, uint64_t dst1, uint64_t *gap)
{
    size_t n = efi_mmap_count(map);
    uint64_t pos = dst0;
    while (pos < dst1) {
        int advanced = 0;
        for (size_t i = 0; i < n; i++) {
            struct efi_mdesc d;
            efi_mmap_get(map, i, &d);
            uint64_t d_end = efi_mdesc_end(&d);
            if (d_end != 0 && efi_type_usable_after_exit(d.type) && d.phys_start <= pos &&
                d_end > pos) {
                pos = d_end;
                advanced = 1;
                break;
            }
        }
        if (!advanced) {
            *gap = pos;
            return 1;
        }
    }
    return 0;
}

int plan_copies(const struct kimage *img, uint32_t staging,
                const struct efi_mmap *map,
                const struct busy_range *busy, unsigned nbusy,
                struct copy_entry *out, unsigned max,
                char *err, size_t errcap)
{
    const char *bad_map = efi_mmap_check(map);
    if (bad_map != NULL) {
        fmt_format(err, errcap, "firmware memory map unusable: %s", bad_map);
        return -1;
    }
    unsigned used = 0;
    for (unsigned s = 0; s < img->nsegs; s++) {
        const struct kseg *seg = &img->segs[s];
        if (seg->memsz == 0)
            continue;
        uint64_t dst0 = seg->paddr;
        uint64_t dst1 = dst0 + seg->memsz;
        if (dst1 > FOUR_GIB) {
            fmt_format(err, errcap, "segment %u [0x%llx-0x%llx) ends above 4 GiB", s,
                       (unsigned long long)dst0, (unsigned long long)dst1);
            return -1;
        }
        struct efi_mdesc blk;
        uint64_t gap = 0;
        if (first_blocker(map, dst0, dst1, &blk)) {
            fmt_format(err, errcap,
                       "segment %u [0x%llx-0x%llx) overlaps %s [0x%llx-0x%llx), "
                       "which is not free after ExitBootServices",
                       s, (unsigned long long)dst0, (unsigned long long)dst1,
                       efi_memory_type_name(blk.type), (unsigned long long)blk.phys_start,
                       (unsigned long long)efi_mdesc_end(&blk));
            return -1;
        }
        if (first_gap(map, dst0, dst1, &gap)) {
            fmt_format(err, errcap,
                       "segment %u [0x%llx-0x%llx): no memory described there "
                       "(first gap at 0x%llx)",
                       s, (unsigned long long)dst0, (unsigned long long)dst1,
                       (unsigned long long)gap);
            return -1;
        }
        for (unsigned b = 0; b < nbusy; b++) {
            if (overlaps(dst0, dst1, busy[b].base, busy[b].end)) {
                fmt_format(err, errcap,
                           "segment %u [0x%llx-0x%llx) overlaps the loader's %s "
                           "[0x%llx-0x%llx)",
                           s, (unsigned long long)dst0, (unsigned long long)dst1,
                           busy[b].what, (unsigned long long)busy[b].base,
                           (unsigned long long)busy[b].end);
                return -1;
            }
        }
        for (unsigned o = 0; o < s; o++) {
            const struct kseg *other = &img->segs[o];
            uint64_t o0 = other->paddr;
            uint64_t o1 = o0 + other->memsz;
            if (overlaps(dst0, dst1, o0, o1)) {
                fmt_format(err, errcap,
                           "segment %u [0x%llx-0x%llx) overlaps segment %u [0x%llx-0x%llx)",
                           s, (unsigned long long)dst0, (unsigned long long)dst1, o,
                           (unsigned long long)o0, (unsigned long long)o1);
                return -1;
            }
        }
        uint64_t src = (uint64_t)staging + seg->file_offset;
        if (src + seg->filesz > FOUR_GIB) {
            fmt_format(err, errcap, "segment %u: staged bytes at 0x%llx lie above 4 GiB", s,
                       (unsigned long long)src);
            return -1;
        }
        if (used == max) {
            fmt_format(err, errcap,
                       "kernel has more than %u segments to copy (the trampoline's limit)", max);
            return -1;
        }
        out[used].dst = seg->paddr;
        out[used].src = (uint32_t)src;
        out[used].copy_len = seg->filesz;
        out[used].zero_len = seg->memsz - seg->filesz;
        used++;
    }
    return (int)used;
}
