/*
 * mmrep_sum.h: the sanitised memory map (mm/memmap.h, as mm_boot_init built
 * it) as report lines: every region with the holes between them, totals per
 * kind split into address bands, the headline figures and the largest free
 * runs. Reads the sanitiser's output only (regions below 4 GiB plus its
 * above-4-GiB statistics); pure C, built for the kernel and the host tests.
 */
#ifndef KERNEL_MMREP_SUM_H
#define KERNEL_MMREP_SUM_H

#include <stddef.h>
#include <stdint.h>

#include "memmap.h"

enum mmrep_band { MMREP_BAND_LOW = 0, MMREP_BAND_MID, MMREP_BAND_HIGH, MMREP_BANDS };

#define MMREP_ROW_HOLE   MM_KIND_COUNT       /* the totals' row for holes */
#define MMREP_ROWS       (MM_KIND_COUNT + 1u)
#define MMREP_LINE_MAX   320u                /* the longest line mmrep_sum_report emits (~304) */
#define MMREP_PREFIX     "memmap: "

/* [base, end) of a run of regions; base == end when there is none. */
struct mmrep_run {
    uint64_t base;
    uint64_t end;
};

struct mmrep_sum {
    uint64_t band[MMREP_ROWS][MMREP_BANDS]; /* bytes by kind (row MMREP_ROW_HOLE: holes) and band */
    size_t holes;                /* gaps between address 0 and the last region's end */
    uint64_t usable_now;         /* MM_USABLE in every band */
    uint64_t usable_reclaim;     /* MM_USABLE + MM_BOOT_RECLAIM in every band */
    uint64_t reachable;          /* MM_USABLE + MM_BOOT_RECLAIM below 4 GiB (the allocator's) */
    struct mmrep_run largest_now;      /* the longest run of adjacent MM_USABLE regions */
    struct mmrep_run largest_reclaim;  /* ... of adjacent allocatable regions */
};

/* A consumer of report lines (NUL-terminated, no newline). */
typedef void (*mmrep_emit_fn)(void *ctx, const char *line);

/*
 * mmrep_sum_compute: the figures of *m into *out. Regions are taken as the
 * sanitiser leaves them (sorted, disjoint, below 4 GiB); bytes above 4 GiB
 * come from m->stats.above_4g. Holes above 4 GiB are unknown (the sanitiser
 * drops that part) and are not counted. Of two runs of equal length the
 * lower one counts.
 */
void mmrep_sum_compute(const struct memmap *m, struct mmrep_sum *out);

/*
 * mmrep_sum_report: the report of *m, one line per emit call, every line
 * starting with MMREP_PREFIX: a title, one line per region and per hole in
 * address order ("0xSTART-0xEND SIZE KIND", END exclusive), the totals
 * table (a header, one row per kind with bytes in any band, the holes row),
 * then "usable now", "usable after reclaiming boot services", "reachable by
 * this 32-bit kernel" and the two largest runs.
 */
void mmrep_sum_report(const struct memmap *m, mmrep_emit_fn emit, void *ctx);

#endif /* KERNEL_MMREP_SUM_H */
