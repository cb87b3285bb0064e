/*
 * bench_pmm.c: `make bench`. For 64 MiB, 1 GiB and 4 GiB of RAM (fake
 * physical memory from mmap), the page-frame allocator (mm/pmm.c) beside a
 * naive first-fit bitmap allocator, in the same run:
 *  - single-frame alloc+free pairs per second with half the frames in use
 *    (the lower half, so first fit has to scan);
 *  - contiguous allocation (N frames aligned to N) on a fragmented map, for
 *    several N: mean time per alloc+free;
 *  - metadata bytes per GiB of RAM.
 * With --quick (make test's bench layer): 64 MiB only, a tenth
 * of the iterations; the same lines, less precise figures.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "memmap.h"
#include "mm_hooks.h"
#include "pmm.h"

#define MiB(x)          ((uint64_t)(x) << 20)
#define GiB(x)          ((uint64_t)(x) << 30)
#define RAM_START       MiB(1)
#define HOLE_EVERY      MiB(256)     /* a reserved hole every 256 MiB: several regions */
#define HOLE_SIZE       (64u * 1024u)
#define MB2_ENTRY       24u
#define MAX_ENTRIES     64u
#define PAIRS           2000000u
#define RUN_ITERS       2000u
#define QUICK_DIVISOR   10u          /* --quick: this many times fewer iterations */
#define QUICK_SIZES     1u           /* --quick: the first size only (64 MiB) */
#define FRAG_BLOCK      512u         /* frames per fragmentation block */
#define NS_PER_S        1000000000.0
#define BITS            64u

static uint8_t *phys_mem;
static unsigned pairs = PAIRS;         /* single-frame pairs per measurement */
static unsigned run_iters = RUN_ITERS; /* contiguous allocations per run size */

void *phys_to_ptr(paddr_t pa)
{
    return phys_mem + paddr_val(pa);
}

void mm_fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / NS_PER_S;
}

/* ---- The naive allocator: one bit per frame (set = used), first fit. ---- */
struct naive {
    uint64_t *bits;
    uint64_t frames;
};

static int nv_used(const struct naive *n, uint64_t f) { return (n->bits[f / BITS] >> (f % BITS)) & 1; }
static void nv_set(struct naive *n, uint64_t f) { n->bits[f / BITS] |= 1ull << (f % BITS); }
static void nv_clr(struct naive *n, uint64_t f) { n->bits[f / BITS] &= ~(1ull << (f % BITS)); }

static uint64_t nv_alloc(struct naive *n)
{
    for (uint64_t w = 0; w < (n->frames + BITS - 1) / BITS; w++) {
        if (n->bits[w] == UINT64_MAX)
            continue;
        uint64_t f = w * BITS + (uint64_t)__builtin_ctzll(~n->bits[w]);
        if (f >= n->frames)
            return 0;
        nv_set(n, f);
        return f;
    }
    return 0;
}

static uint64_t nv_alloc_run(struct naive *n, uint64_t cnt, uint64_t align)
{
    for (uint64_t f = align; f + cnt <= n->frames; f += align) {
        uint64_t j = 0;
        while (j < cnt && !nv_used(n, f + j))
            j++;
        if (j == cnt) {
            for (j = 0; j < cnt; j++)
                nv_set(n, f + j);
            return f;
        }
    }
    return 0;
}

/* ---- The world: a map with holes, sanitised, and both allocators over it. ---- */
struct world {
    uint64_t ram;
    uint8_t mb2[MAX_ENTRIES * MB2_ENTRY];
    size_t n;
    struct memmap map;
    void *scratch, *meta;
    struct pmm p;
    struct naive nv;
};

static void mb2_add(struct world *w, uint64_t base, uint64_t len, uint32_t type)
{
    uint8_t *e = w->mb2 + w->n++ * MB2_ENTRY;
    memset(e, 0, MB2_ENTRY);
    memcpy(e, &base, sizeof(base));
    memcpy(e + 8, &len, sizeof(len));
    memcpy(e + 16, &type, sizeof(type));
}

static void world_up(struct world *w, uint64_t ram)
{
    memset(w, 0, sizeof(*w));
    w->ram = ram;
    phys_mem = mmap(NULL, ram, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (phys_mem == MAP_FAILED) {
        perror("mmap");
        exit(1);
    }
    for (uint64_t b = RAM_START; b < ram; b += HOLE_EVERY) {
        uint64_t e = b + HOLE_EVERY < ram ? b + HOLE_EVERY - HOLE_SIZE : ram;
        mb2_add(w, b, e - b, 1);
        if (e < ram)
            mb2_add(w, e, HOLE_SIZE, 2);
    }
    struct memmap_src src = { .type = MEMMAP_SRC_MB2, .mb2_entries = w->mb2,
                              .mb2_entry_size = MB2_ENTRY, .mb2_count = w->n };
    size_t sb = memmap_scratch_bytes(w->n, 0);
    w->scratch = malloc(sb);
    char err[MEMMAP_ERR_MAX];
    if (memmap_build(&src, NULL, 0, w->scratch, sb, &w->map, err, sizeof(err)) != 0) {
        fprintf(stderr, "bench: %s\n", err);
        exit(1);
    }
    size_t mb = pmm_meta_bytes(0, ram, w->map.count);
    w->meta = malloc(mb);
    if (pmm_init(&w->p, &w->map, w->meta, mb, err, sizeof(err)) != 0) {
        fprintf(stderr, "bench: %s\n", err);
        exit(1);
    }
    /* The naive one: the same frames free, everything else used. */
    w->nv.frames = ram >> PAGE_SHIFT;
    w->nv.bits = malloc((w->nv.frames + BITS - 1) / BITS * sizeof(uint64_t));
    memset(w->nv.bits, 0xff, (w->nv.frames + BITS - 1) / BITS * sizeof(uint64_t));
    for (uint64_t f = 0; f < w->nv.frames; f++)
        if (pmm_is_free(&w->p, paddr(f << PAGE_SHIFT)))
            nv_clr(&w->nv, f);
}

static void world_down(struct world *w)
{
    munmap(phys_mem, w->ram);
    free(w->scratch);
    free(w->meta);
    free(w->nv.bits);
}

/* single_pairs: alloc+free pairs per second with the lower half of the frames in use. */
static void single_pairs(struct world *w, double *ours, double *naive)
{
    uint64_t half = pmm_total_count(&w->p) / 2;
    /* Ours: take the lowest half through alloc_run(1) (first fit = lowest frames). */
    for (uint64_t i = 0; i < half; i++)
        pmm_alloc_run(&w->p, 1, 1), nv_alloc(&w->nv);
    double t = now();
    for (unsigned i = 0; i < pairs; i++)
        pmm_free(&w->p, pmm_alloc(&w->p));
    *ours = pairs / (now() - t);
    unsigned naive_pairs = pairs / 100; /* it is much slower */
    t = now();
    for (unsigned i = 0; i < naive_pairs; i++)
        nv_clr(&w->nv, nv_alloc(&w->nv));
    *naive = naive_pairs / (now() - t);
}

/* fragment: from an empty world, leave a random-length free run in every block. */
static void fragment(struct world *w, unsigned seed)
{
    srand(seed);
    while (!paddr_is_null(pmm_alloc(&w->p)))
        ;
    memset(w->nv.bits, 0xff, (w->nv.frames + BITS - 1) / BITS * sizeof(uint64_t));
    for (size_t r = 0; r < w->p.nregions; r++) {
        for (uint32_t b = w->p.regions[r].first; b < w->p.regions[r].end; b += FRAG_BLOCK) {
            uint32_t len = (uint32_t)rand() % FRAG_BLOCK, off = (uint32_t)rand() % FRAG_BLOCK;
            for (uint32_t f = b + off; f < b + off + len && f < w->p.regions[r].end && f < b + FRAG_BLOCK; f++) {
                pmm_free(&w->p, paddr((uint64_t)f << PAGE_SHIFT));
                nv_clr(&w->nv, f);
            }
        }
    }
}

static void runs(struct world *w, size_t n, double *ours_us, double *naive_us, int *ok)
{
    double t = now();
    unsigned i;
    *ok = 1;
    for (i = 1; i <= run_iters; i++) {
        paddr_t a = pmm_alloc_run(&w->p, n, n);
        if (paddr_is_null(a)) {
            *ok = 0;
            break;
        }
        pmm_free_run(&w->p, a, n);
    }
    *ours_us = (now() - t) * 1e6 / (i > run_iters ? run_iters : i);
    t = now();
    for (i = 1; i <= run_iters; i++) {
        uint64_t f = nv_alloc_run(&w->nv, n, n);
        if (f == 0)
            break;
        for (uint64_t j = 0; j < n; j++)
            nv_clr(&w->nv, f + j);
    }
    *naive_us = (now() - t) * 1e6 / (i > run_iters ? run_iters : i);
}

int main(int argc, char **argv)
{
    static const uint64_t sizes[] = { MiB(64), GiB(1), GiB(4) };
    size_t nsizes = sizeof(sizes) / sizeof(sizes[0]);
    if (argc == 2 && strcmp(argv[1], "--quick") == 0) {
        nsizes = QUICK_SIZES;
        pairs /= QUICK_DIVISOR;
        run_iters /= QUICK_DIVISOR;
    } else if (argc != 1) {
        fprintf(stderr, "usage: %s [--quick]\n", argv[0]);
        return 2;
    }
    static const size_t run_sizes[] = { 1, 16, 64, 256 };
    printf("bench: page-frame allocator (mm/pmm.c) vs a naive first-fit bitmap, same run\n");
    for (size_t s = 0; s < nsizes; s++) {
        struct world w;
        world_up(&w, sizes[s]);
        double gib = (double)sizes[s] / GiB(1);
        printf("bench: RAM %llu MiB: %llu usable frames in %zu regions\n",
               (unsigned long long)(sizes[s] >> 20), (unsigned long long)pmm_total_count(&w.p),
               w.p.nregions);
        printf("bench:   metadata: pmm %zu bytes (%.0f bytes/GiB), naive bitmap %llu bytes (%.0f bytes/GiB)\n",
               w.p.meta_bytes, w.p.meta_bytes / gib,
               (unsigned long long)((w.nv.frames + 7) / 8), ((w.nv.frames + 7) / 8) / gib);
        double ours, naive;
        single_pairs(&w, &ours, &naive);
        printf("bench:   single frame, half in use: pmm %.1f M alloc+free pairs/s, naive %.3f M/s\n",
               ours / 1e6, naive / 1e6);
        fragment(&w, 1);
        printf("bench:   fragmented (%llu frames free in runs of < %u):\n",
               (unsigned long long)pmm_free_count(&w.p), FRAG_BLOCK);
        for (size_t r = 0; r < sizeof(run_sizes) / sizeof(run_sizes[0]); r++) {
            double o, nv;
            int ok;
            runs(&w, run_sizes[r], &o, &nv, &ok);
            printf("bench:     run of %4zu aligned to %4zu: pmm %9.2f us, naive %9.2f us%s\n",
                   run_sizes[r], run_sizes[r], o, nv, ok ? "" : " (none found)");
        }
        world_down(&w);
    }
    return 0;
}
