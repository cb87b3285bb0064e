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
 * covered_by_usable: walk the map from `pos` up to `end`, each step finding
 * a usable descriptor that contains pos. Descriptors may come in any order,
 * so each step scans the whole map (maps have hundreds of entries at most;
 * a kernel has a handful of segments). Returns 1 when [pos, end) is covered.
 * Otherwise returns 0 and sets *stop to the first address not covered, and
 * *blocker to the descriptor found there, if any (found = 1).
 */
static int covered_by_usable(const struct efi_mmap *map, uint64_t pos, uint64_t end,
                             uint64_t *stop, struct efi_mdesc *blocker, int *found)
{
    size_t n = efi_mmap_count(map);
    *found = 0;
    while (pos < end) {
        int advanced = 0;
        for (size_t i = 0; i < n; i++) {
            struct efi_mdesc d;
            efi_mmap_get(map, i, &d);
            uint64_t d_end = efi_mdesc_end(&d);
            if (d_end == 0 || d.phys_start > pos || d_end <= pos)
                continue;
            if (!efi_type_usable_after_exit(d.type)) {
                *stop = pos;
                *blocker = d;
                *found = 1;
                return 0;
            }
            pos = d_end;
            advanced = 1;
            break;
        }
        if (!advanced) {
            *stop = pos;
            return 0;
        }
    }
    return 1;
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
        uint64_t stop = 0;
        struct efi_mdesc blk;
        int found = 0;
        if (!covered_by_usable(map, dst0, dst1, &stop, &blk, &found)) {
            if (found) {
                fmt_format(err, errcap,
                           "segment %u [0x%llx-0x%llx) overlaps %s [0x%llx-0x%llx), "
                           "which is not free after ExitBootServices",
                           s, (unsigned long long)dst0, (unsigned long long)dst1,
                           efi_memory_type_name(blk.type),
                           (unsigned long long)blk.phys_start,
                           (unsigned long long)efi_mdesc_end(&blk));
            } else {
                fmt_format(err, errcap,
                           "segment %u [0x%llx-0x%llx): no memory described there "
                           "(first gap at 0x%llx)",
                           s, (unsigned long long)dst0, (unsigned long long)dst1,
                           (unsigned long long)stop);
            }
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
