/*
 * pmm.h: the page-frame allocator, seeded from a sanitised map (memmap.h).
 *
 * Design: one bit per frame over the span from the lowest to the highest
 * allocatable frame (set = free), plus a doubly linked list of the free
 * frames threaded through the free frames themselves (the links live in
 * the first 8 bytes of each free frame, reached through phys_to_ptr). The
 * list is seeded lazily: each region keeps a "fresh" tail of frames that
 * are free but were never linked, so pmm_init writes into no frame at all
 * (O(span / 32) bitmap words); a frame joins the list only once it has
 * been freed, or when a contiguous run is taken from the middle of a
 * fresh tail. The bitmap catches double frees and drives contiguous
 * searches; the list and the fresh tails give O(1) single-frame allocation
 * and free. A table of allocatable
 * regions (O(regions)) keeps per-region free counts; finding a frame's
 * region is a binary search (O(log regions)). Metadata: span/8 bytes +
 * 16 bytes per region, all in memory the caller carved out of the map.
 *
 * Frames are below 4 GiB (the sanitiser clips there), so frame numbers fit
 * in 32 bits; frame 0 is never handed out, so paddr 0 means "none".
 * With PMM_DEBUG defined, freed frames are filled with PMM_POISON.
 */
#ifndef MM_PMM_H
#define MM_PMM_H

#include <stddef.h>
#include <stdint.h>

#include "memmap.h"
#include "types.h"

#define PMM_POISON 0xdeadbeefu
#define PMM_ERR_MAX 160u

/* An allocatable region: frames [first, end). */
struct pmm_region {
    uint32_t first;
    uint32_t end;
    uint32_t free;   /* frames of this region now free */
    uint32_t fresh;  /* frames [fresh, end) are free and not on the list */
};

struct pmm {
    uint32_t *bitmap;            /* bit (f - span_first) set: frame f is free */
    uint32_t span_first;         /* first frame the bitmap covers */
    uint32_t span_end;           /* one past the last */
    struct pmm_region *regions;  /* sorted, disjoint */
    size_t nregions;
    uint32_t head;               /* first free frame of the list; 0: none */
    size_t fresh_region;         /* regions below this one have no fresh frames */
    uint64_t free_frames;
    uint64_t total_frames;       /* every allocatable frame */
    size_t meta_bytes;           /* bytes of metadata in use */
};

/*
 * pmm_meta_bytes: metadata for allocatable frames spanning [lo, hi) (page
 * aligned, below 4 GiB) in at most nregions regions.
 */
size_t pmm_meta_bytes(uint64_t lo, uint64_t hi, size_t nregions);

/*
 * pmm_init: manage every allocatable region of map (except frame 0),
 * all free, with metadata in meta (4-byte aligned, meta_cap bytes, at least
 * pmm_meta_bytes for the map; it must not overlap allocatable memory).
 * Writes the list links into every free frame. Returns 0, or -1 with a
 * message in err when meta is too small or the map is not sanitised
 * (unsorted, unaligned, above 4 GiB).
 */
int pmm_init(struct pmm *p, const struct memmap *map, void *meta, size_t meta_cap, char *err,
             size_t errcap);

/* pmm_alloc: one free frame, now allocated; paddr 0 when none is left. O(log regions). */
paddr_t pmm_alloc(struct pmm *p);

/*
 * pmm_free: give back a frame from pmm_alloc or pmm_alloc_run. mm_fatal
 * (naming the address) when pa is not 4 KiB aligned, lies outside every
 * allocatable region, or is not allocated (a double free). O(log regions).
 */
void pmm_free(struct pmm *p, paddr_t pa);

/*
 * pmm_alloc_run: n >= 1 contiguous free frames whose first frame number is
 * a multiple of align (a power of two, in frames; 1 = any), all within one
 * region, now allocated. First fit, O(span). paddr 0 when no run fits or
 * the arguments are invalid (n == 0, align not a power of two).
 */
paddr_t pmm_alloc_run(struct pmm *p, size_t n, size_t align);

/* pmm_free_run: pmm_free of each of the n frames from pa. */
void pmm_free_run(struct pmm *p, paddr_t pa, size_t n);

/* pmm_is_free: 1 when pa's frame is allocatable and free, 0 otherwise. */
int pmm_is_free(const struct pmm *p, paddr_t pa);

/* pmm_free_count / pmm_total_count: frames free now / allocatable in all. */
uint64_t pmm_free_count(const struct pmm *p);
uint64_t pmm_total_count(const struct pmm *p);

#endif /* MM_PMM_H */
