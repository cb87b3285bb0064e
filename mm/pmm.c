/*
 * pmm.c: the page-frame allocator (see pmm.h).
 */
#include "pmm.h"

#include "fmt.h"
#include "mm_hooks.h"

#define WORD_BITS     32u
#define WORD_SHIFT    5u
#define WORD_MASK     31u
#define NO_FRAME      0u
#define FRAME_LIMIT   (ADDR_4G >> PAGE_SHIFT)

/* The list links, in the first bytes of a free frame. */
struct free_link {
    uint32_t next;
    uint32_t prev;
};

static struct free_link *link_of(uint32_t frame)
{
    return phys_to_ptr(paddr((uint64_t)frame << PAGE_SHIFT));
}

static int bit_get(const struct pmm *p, uint32_t f)
{
    uint32_t i = f - p->span_first;
    return (p->bitmap[i >> WORD_SHIFT] >> (i & WORD_MASK)) & 1u;
}

static void bit_set(struct pmm *p, uint32_t f)
{
    uint32_t i = f - p->span_first;
    p->bitmap[i >> WORD_SHIFT] |= 1u << (i & WORD_MASK);
}

static void bit_clear(struct pmm *p, uint32_t f)
{
    uint32_t i = f - p->span_first;
    p->bitmap[i >> WORD_SHIFT] &= ~(1u << (i & WORD_MASK));
}

/* bits_set_range: mark frames [f, end) free, a word at a time where whole. */
static void bits_set_range(struct pmm *p, uint32_t f, uint32_t end)
{
    while (f < end && ((f - p->span_first) & WORD_MASK) != 0)
        bit_set(p, f++);
    while (end - f >= WORD_BITS) {
        p->bitmap[(f - p->span_first) >> WORD_SHIFT] = ~0u;
        f += WORD_BITS;
    }
    while (f < end)
        bit_set(p, f++);
}

/* push: put free frame f at the head of the list. */
static void push(struct pmm *p, uint32_t f)
{
    struct free_link *l = link_of(f);
    l->next = p->head;
    l->prev = NO_FRAME;
    if (p->head != NO_FRAME)
        link_of(p->head)->prev = f;
    p->head = f;
}

/* unlink: take free frame f out of the list. */
static void unlink(struct pmm *p, uint32_t f)
{
    struct free_link *l = link_of(f);
    if (l->prev != NO_FRAME)
        link_of(l->prev)->next = l->next;
    else
        p->head = l->next;
    if (l->next != NO_FRAME)
        link_of(l->next)->prev = l->prev;
}

/* region_of: the region holding frame f, or NULL (binary search). */
static struct pmm_region *region_of(const struct pmm *p, uint64_t f)
{
    size_t lo = 0, hi = p->nregions;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f < p->regions[mid].first)
            hi = mid;
        else if (f >= p->regions[mid].end)
            lo = mid + 1;
        else
            return &p->regions[mid];
    }
    return NULL;
}

static size_t bitmap_bytes(uint64_t frames)
{
    return (size_t)((frames + WORD_BITS - 1) / WORD_BITS) * sizeof(uint32_t);
}

size_t pmm_meta_bytes(uint64_t lo, uint64_t hi, size_t nregions)
{
    uint64_t frames = hi > lo ? (page_up(hi) - page_down(lo)) >> PAGE_SHIFT : 0;
    return bitmap_bytes(frames) + nregions * sizeof(struct pmm_region);
}

int pmm_init(struct pmm *p, const struct memmap *map, void *meta, size_t meta_cap, char *err,
             size_t errcap)
{
    *p = (struct pmm){ 0 };
    uint64_t lo = 0, hi = 0, prev_end = 0;
    size_t nreg = 0;
    for (size_t i = 0; i < map->count; i++) {
        const struct mm_region *r = &map->regions[i];
        if (((r->base | r->end) & PAGE_MASK) != 0 || r->base < prev_end || r->end > ADDR_4G ||
            r->base >= r->end) {
            fmt_format(err, errcap,
                       "pmm: region %lu 0x%llx-0x%llx is not page aligned, sorted, disjoint "
                       "and below 4 GiB",
                       (unsigned long)i, (unsigned long long)r->base,
                       (unsigned long long)r->end);
            return -1;
        }
        prev_end = r->end;
        if (!mm_kind_allocatable(r->kind) || r->end <= PAGE_SIZE)
            continue;
        if (nreg == 0)
            lo = r->base < PAGE_SIZE ? PAGE_SIZE : r->base;
        hi = r->end;
        nreg++;
    }
    size_t need = pmm_meta_bytes(lo, hi, nreg);
    if (meta == NULL || meta_cap < need || ((uintptr_t)meta & (sizeof(uint32_t) - 1)) != 0) {
        fmt_format(err, errcap,
                   "pmm: metadata buffer of %lu bytes at %p is too small or unaligned: "
                   "%lu regions spanning 0x%llx-0x%llx need %lu bytes, 4-byte aligned",
                   (unsigned long)meta_cap, meta, (unsigned long)nreg, (unsigned long long)lo,
                   (unsigned long long)hi, (unsigned long)need);
        return -1;
    }
    uint64_t span = (hi - lo) >> PAGE_SHIFT;
    p->bitmap = meta;
    p->span_first = (uint32_t)(lo >> PAGE_SHIFT);
    p->span_end = (uint32_t)(hi >> PAGE_SHIFT);
    p->regions = (struct pmm_region *)((uint8_t *)meta + bitmap_bytes(span));
    p->meta_bytes = need;
    for (size_t w = 0; w < bitmap_bytes(span) / sizeof(uint32_t); w++)
        p->bitmap[w] = 0;
    /* No frame is written here: every region starts as one fresh tail. */
    size_t k = 0;
    for (size_t i = 0; i < map->count; i++) {
        const struct mm_region *r = &map->regions[i];
        if (!mm_kind_allocatable(r->kind) || r->end <= PAGE_SIZE)
            continue;
        uint64_t b = r->base < PAGE_SIZE ? PAGE_SIZE : r->base;
        struct pmm_region *pr = &p->regions[k++];
        pr->first = (uint32_t)(b >> PAGE_SHIFT);
        pr->end = (uint32_t)(r->end >> PAGE_SHIFT);
        pr->free = pr->end - pr->first;
        pr->fresh = pr->first;
        bits_set_range(p, pr->first, pr->end);
        p->total_frames += pr->free;
    }
    p->nregions = nreg;
    p->free_frames = p->total_frames;
    return 0;
}

/*
 * take: mark free frame f (of region r) allocated. A listed frame is
 * unlinked; a fresh one ends the fresh tail at f + 1, and the fresh frames
 * below f (skipped by a contiguous run) join the list.
 */
static void take(struct pmm *p, struct pmm_region *r, uint32_t f)
{
    if (f >= r->fresh) {
        for (uint32_t s = r->fresh; s < f; s++)
            push(p, s);
        r->fresh = f + 1;
    } else {
        unlink(p, f);
    }
    bit_clear(p, f);
    r->free--;
    p->free_frames--;
}

paddr_t pmm_alloc(struct pmm *p)
{
    if (p->head != NO_FRAME) {
        uint32_t f = p->head;
        take(p, region_of(p, f), f);
        return paddr((uint64_t)f << PAGE_SHIFT);
    }
    /* The list is empty: the lowest fresh frame (fresh tails only shrink). */
    while (p->fresh_region < p->nregions &&
           p->regions[p->fresh_region].fresh == p->regions[p->fresh_region].end)
        p->fresh_region++;
    if (p->fresh_region == p->nregions)
        return paddr(0);
    struct pmm_region *r = &p->regions[p->fresh_region];
    uint32_t f = r->fresh;
    take(p, r, f);
    return paddr((uint64_t)f << PAGE_SHIFT);
}

void pmm_free(struct pmm *p, paddr_t pa)
{
    uint64_t a = paddr_val(pa);
    if ((a & PAGE_MASK) != 0)
        mm_fatal("pmm: free of 0x%llx: not 4 KiB aligned", (unsigned long long)a);
    uint64_t f = a >> PAGE_SHIFT;
    struct pmm_region *r = region_of(p, f);
    if (r == NULL)
        mm_fatal("pmm: free of 0x%llx: outside usable memory", (unsigned long long)a);
    if (bit_get(p, (uint32_t)f))
        mm_fatal("pmm: free of 0x%llx: frame is not allocated (double free?)",
                 (unsigned long long)a);
#ifdef PMM_DEBUG
    uint32_t *w = phys_to_ptr(pa);
    for (size_t i = 0; i < PAGE_SIZE / sizeof(uint32_t); i++)
        w[i] = PMM_POISON;
#endif
    bit_set(p, (uint32_t)f);
    push(p, (uint32_t)f);
    r->free++;
    p->free_frames++;
}

/* last_used: the highest allocated frame in [f, f + n), or NO_FRAME when all are free. */
static uint32_t last_used(const struct pmm *p, uint32_t f, uint32_t n)
{
    for (uint32_t j = f + n; j-- > f;)
        if (!bit_get(p, j))
            return j;
    return NO_FRAME;
}

static uint64_t align_up_frames(uint64_t f, uint64_t align)
{
    return (f + align - 1) & ~(align - 1);
}

paddr_t pmm_alloc_run(struct pmm *p, size_t n, size_t align)
{
    if (n == 0 || align == 0 || (align & (align - 1)) != 0 || n > FRAME_LIMIT ||
        align > FRAME_LIMIT)
        return paddr(0);
    for (size_t i = 0; i < p->nregions; i++) {
        struct pmm_region *r = &p->regions[i];
        if (r->free < n)
            continue;
        uint64_t f = align_up_frames(r->first, align);
        while (f + n <= r->end) {
            uint32_t used = last_used(p, (uint32_t)f, (uint32_t)n);
            if (used == NO_FRAME) {
                for (uint32_t j = (uint32_t)f; j < f + n; j++)
                    take(p, r, j);
                return paddr(f << PAGE_SHIFT);
            }
            f = align_up_frames((uint64_t)used + 1, align);
        }
    }
    return paddr(0);
}

void pmm_free_run(struct pmm *p, paddr_t pa, size_t n)
{
    for (size_t i = 0; i < n; i++)
        pmm_free(p, paddr(paddr_val(pa) + (uint64_t)i * PAGE_SIZE));
}

int pmm_is_free(const struct pmm *p, paddr_t pa)
{
    uint64_t f = paddr_val(pa) >> PAGE_SHIFT;
    return region_of(p, f) != NULL && bit_get(p, (uint32_t)f);
}

uint64_t pmm_free_count(const struct pmm *p)
{
    return p->free_frames;
}

uint64_t pmm_total_count(const struct pmm *p)
{
    return p->total_frames;
}
