/*
 * mm_check.c: reference checks of the sanitiser (see mm_check.h).
 */
#include "mm_check.h"

#include <stdio.h>

void mm_rng_seed(struct mm_rng *r, uint64_t seed)
{
    r->s = seed != 0 ? seed : 0x9e3779b97f4a7c15ull;
}

uint64_t mm_rng_next(struct mm_rng *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 0x2545f4914f6cdd1dull;
}

uint64_t mm_rng_below(struct mm_rng *r, uint64_t n)
{
    return mm_rng_next(r) % n;
}

int mm_check_shape(const struct memmap *m, char *why, size_t cap)
{
    for (size_t i = 0; i < m->count; i++) {
        const struct mm_region *r = &m->regions[i];
        const char *bad = NULL;
        if (r->kind >= MM_KIND_COUNT)
            bad = "invalid kind";
        else if (((r->base | r->end) & PAGE_MASK) != 0)
            bad = "not 4 KiB aligned";
        else if (r->base >= r->end)
            bad = "empty";
        else if (r->end > ADDR_4G)
            bad = "above 4 GiB";
        else if (i > 0 && r->base < m->regions[i - 1].end)
            bad = "unsorted or overlapping its predecessor";
        else if (i > 0 && r->base == m->regions[i - 1].end && r->kind == m->regions[i - 1].kind)
            bad = "touches a predecessor of the same kind (not merged)";
        if (bad != NULL) {
            snprintf(why, cap, "region %zu 0x%llx-0x%llx kind %u: %s", i,
                     (unsigned long long)r->base, (unsigned long long)r->end, r->kind, bad);
            return 1;
        }
    }
    return 0;
}

/* get_input: input i of the reference list: source entries, then legacy, then carve-outs. */
static int get_input(const struct memmap_src *src, const struct mm_region *carve, size_t n_carve,
                     size_t i, struct mm_region *out)
{
    size_t n = memmap_src_count(src);
    if (i < n) {
        if (memmap_src_get(src, i, out) != 0)
            return 0;
    } else if (i < n + MEMMAP_LEGACY_RANGES) {
        *out = (i == n) ? (struct mm_region){ 0, MEMMAP_LEGACY_LOW_END, MM_LEGACY, 0 }
                        : (struct mm_region){ MEMMAP_LEGACY_HOLE_START, MEMMAP_LEGACY_HOLE_END,
                                              MM_LEGACY, 0 };
    } else if (i < n + MEMMAP_LEGACY_RANGES + n_carve) {
        *out = carve[i - n - MEMMAP_LEGACY_RANGES];
    } else {
        return -1;
    }
    if (out->end > ADDR_4G)
        out->end = ADDR_4G;
    return out->base < out->end;
}

uint32_t mm_reference_kind(const struct memmap_src *src, const struct mm_region *carve,
                           size_t n_carve, uint64_t p)
{
    uint64_t pe = p + PAGE_SIZE;
    uint32_t top = MM_NO_KIND;
    /* Coverage of the page by allocatable inputs: walk the page from p, extending. */
    uint64_t covered = p;
    int progress = 1;
    struct mm_region r;
    int rc;
    for (size_t i = 0; (rc = get_input(src, carve, n_carve, i, &r)) >= 0; i++) {
        if (rc == 0 || r.end <= p || r.base >= pe)
            continue;
        if (top == MM_NO_KIND || r.kind > top)
            top = r.kind;
    }
    if (top == MM_NO_KIND || !mm_kind_allocatable(top))
        return top;
    while (progress && covered < pe) {
        progress = 0;
        for (size_t i = 0; (rc = get_input(src, carve, n_carve, i, &r)) >= 0; i++) {
            if (rc == 1 && mm_kind_allocatable(r.kind) && r.base <= covered && r.end > covered) {
                covered = r.end;
                progress = 1;
            }
        }
    }
    return covered >= pe ? top : MM_NO_KIND;
}

uint32_t mm_output_kind(const struct memmap *m, uint64_t p)
{
    size_t lo = 0, hi = m->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p < m->regions[mid].base)
            hi = mid;
        else if (p >= m->regions[mid].end)
            lo = mid + 1;
        else
            return m->regions[mid].kind;
    }
    return MM_NO_KIND;
}

/* check_page: compare page p (any address in it); 0 or 1 with why. */
static int check_page(const struct memmap_src *src, const struct mm_region *carve,
                      size_t n_carve, const struct memmap *m, uint64_t a, char *why, size_t cap)
{
    if (a >= ADDR_4G)
        return 0;
    uint64_t p = page_down(a);
    uint32_t want = mm_reference_kind(src, carve, n_carve, p);
    uint32_t got = mm_output_kind(m, p);
    if (want == got)
        return 0;
    snprintf(why, cap, "page 0x%llx: expected kind %s, found %s", (unsigned long long)p,
             want == MM_NO_KIND ? "(none)" : mm_kind_name(want),
             got == MM_NO_KIND ? "(none)" : mm_kind_name(got));
    return 1;
}

/* check_around: the pages holding a - 1, a and a + 4 KiB - 1 (a boundary's neighbours). */
static int check_around(const struct memmap_src *src, const struct mm_region *carve,
                        size_t n_carve, const struct memmap *m, uint64_t a, char *why, size_t cap)
{
    if (a > 0 && check_page(src, carve, n_carve, m, a - 1, why, cap))
        return 1;
    if (check_page(src, carve, n_carve, m, a, why, cap))
        return 1;
    return a <= UINT64_MAX - PAGE_SIZE && check_page(src, carve, n_carve, m, a + PAGE_SIZE, why, cap);
}

int mm_check_reference(const struct memmap_src *src, const struct mm_region *carve,
                       size_t n_carve, const struct memmap *m, char *why, size_t cap)
{
    struct mm_region r;
    int rc;
    for (size_t i = 0; (rc = get_input(src, carve, n_carve, i, &r)) >= 0; i++) {
        if (rc == 0)
            continue;
        if (check_around(src, carve, n_carve, m, r.base, why, cap) ||
            check_around(src, carve, n_carve, m, r.end, why, cap))
            return 1;
    }
    for (size_t i = 0; i < m->count; i++) {
        const struct mm_region *o = &m->regions[i];
        if (check_around(src, carve, n_carve, m, o->base, why, cap) ||
            check_around(src, carve, n_carve, m, o->end, why, cap) ||
            check_page(src, carve, n_carve, m, o->base + (o->end - o->base) / 2, why, cap))
            return 1;
    }
    return 0;
}
