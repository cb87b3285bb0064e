/*
 * test_pmm.c: host tests of the page-frame allocator (mm/pmm.c) on fake
 * physical memory (host_mm.c): counts, exhaustion, contiguous runs with
 * alignment, every kind of bad free caught with its address, poisoning,
 * and seeded random alloc/free sequences against a shadow model.
 */
#include "test_util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "host_mm.h"
#include "memmap.h"
#include "mm_check.h"
#include "mmap_builder.h"
#include "pmm.h"

#define R(b, e, k) { (b), (e), (k), 0 }
#define MiB(x) ((uint64_t)(x) << 20)
#define FAKE_RAM     MiB(64)
#define RANDOM_ROUNDS 40u
#define RANDOM_STEPS  3000u
#define RANDOM_SPAN   MiB(48)
#define LAZY_FILL     0x5au   /* host_phys_init's fill byte */
#define LAZY_RUN_FRAMES 256u

static char err[PMM_ERR_MAX];

/* A world: map + allocator + their memory. */
struct world {
    struct mmb m;
    struct memmap_src src;
    struct memmap map;
    void *scratch;
    void *meta;
    struct pmm p;
};

/* world_up: sanitise w->m with carve-outs, then seed the allocator; fake RAM covers 0-64 MiB. */
static void world_up(struct world *w, const struct mm_region *carve, size_t nc)
{
    host_phys_init(0, FAKE_RAM);
    w->src = (struct memmap_src){ .type = MEMMAP_SRC_EFI, .efi = mmb_map(&w->m) };
    size_t need = memmap_scratch_bytes(memmap_src_count(&w->src), nc);
    w->scratch = malloc(need);
    char e[MEMMAP_ERR_MAX];
    if (memmap_build(&w->src, carve, nc, w->scratch, need, &w->map, e, sizeof(e)) != 0)
        fail_msg("memmap_build: %s", e);
    size_t meta = pmm_meta_bytes(0, FAKE_RAM, w->map.count);
    w->meta = malloc(meta);
    if (pmm_init(&w->p, &w->map, w->meta, meta, err, sizeof(err)) != 0)
        fail_msg("pmm_init: %s", err);
}

static void world_down(struct world *w)
{
    free(w->meta);
    free(w->scratch);
    mmb_free(&w->m);
    host_phys_release();
}

/* The small map most tests use: two usable ranges around some reserved memory. */
static void small_world(struct world *w)
{
    mmb_init(&w->m, 48);
    mmb_add_range(&w->m, EFI_MT_CONVENTIONAL, 0x0, 0xA0000);
    mmb_add_range(&w->m, EFI_MT_CONVENTIONAL, 0x100000, 0x400000);
    mmb_add_range(&w->m, EFI_MT_ACPI_NVS, 0x400000, 0x410000);
    mmb_add_range(&w->m, EFI_MT_BOOT_SERVICES_DATA, 0x410000, 0x800000);
    static const struct mm_region carve[] = { R(0x100000, 0x10d000, MM_KERNEL) };
    world_up(w, carve, ARRAY_LEN(carve));
}

static uint64_t sum_region_free(const struct pmm *p)
{
    uint64_t s = 0;
    for (size_t i = 0; i < p->nregions; i++)
        s += p->regions[i].free;
    return s;
}

static void counts_after_init(void **state)
{
    (void)state;
    struct world w;
    small_world(&w);
    /* 0x1000-0xA0000 (159), 0x10d000-0x400000 (755), 0x410000-0x800000 (1008). */
    assert_int_equal(pmm_total_count(&w.p), 159 + 755 + 1008);
    assert_int_equal(pmm_free_count(&w.p), pmm_total_count(&w.p));
    assert_int_equal(w.p.nregions, 3);
    assert_int_equal(w.p.regions[0].free, 159);
    assert_int_equal(w.p.regions[1].free, 755);
    assert_int_equal(w.p.regions[2].free, 1008);
    assert_int_equal(sum_region_free(&w.p), pmm_free_count(&w.p));
    assert_int_equal(w.p.meta_bytes, pmm_meta_bytes(0x1000, 0x800000, 3));
    /* The lowest frame first. */
    paddr_t a = pmm_alloc(&w.p);
    assert_int_equal(paddr_val(a), 0x1000);
    assert_int_equal(w.p.regions[0].free, 158);
    pmm_free(&w.p, a);
    world_down(&w);
}

/* Seeding writes into no frame; a run taken inside a fresh tail lists the frames it skipped. */
static void seeding_is_lazy_and_runs_split_fresh_tails(void **state)
{
    (void)state;
    struct world w;
    small_world(&w);
    for (uint64_t a = 0x1000; a < 0x800000; a += PAGE_SIZE) {
        const uint8_t *b = phys_to_ptr(paddr(a));
        for (size_t i = 0; i < sizeof(uint64_t); i++)
            assert_int_equal(b[i], LAZY_FILL);
    }
    /* 0x10d000-0x400000 is fresh; a 1 MiB-aligned run lands at 0x200000. */
    paddr_t run = pmm_alloc_run(&w.p, LAZY_RUN_FRAMES, LAZY_RUN_FRAMES);
    assert_int_equal(paddr_val(run), 0x200000);
    assert_int_equal(w.p.regions[1].fresh, (0x200000 >> PAGE_SHIFT) + LAZY_RUN_FRAMES);
    /* Every other frame still comes out exactly once. */
    uint64_t expect = pmm_total_count(&w.p) - LAZY_RUN_FRAMES, got = 0;
    assert_int_equal(pmm_free_count(&w.p), expect);
    uint8_t *seen = calloc(0x800000 >> PAGE_SHIFT, 1);
    for (paddr_t a; paddr_val(a = pmm_alloc(&w.p)) != 0; got++) {
        uint64_t f = paddr_val(a) >> PAGE_SHIFT;
        assert_false(seen[f]);
        assert_true(f < (0x200000 >> PAGE_SHIFT) || f >= (0x200000 >> PAGE_SHIFT) + LAZY_RUN_FRAMES);
        seen[f] = 1;
    }
    assert_int_equal(got, expect);
    assert_int_equal(pmm_free_count(&w.p), 0);
    assert_int_equal(sum_region_free(&w.p), 0);
    free(seen);
    world_down(&w);
}

static void exhaustion_is_clean_and_the_count_returns(void **state)
{
    (void)state;
    struct world w;
    small_world(&w);
    uint64_t total = pmm_total_count(&w.p);
    paddr_t *got = calloc(total, sizeof(*got));
    uint8_t *seen = calloc(FAKE_RAM >> PAGE_SHIFT, 1);
    for (uint64_t i = 0; i < total; i++) {
        got[i] = pmm_alloc(&w.p);
        uint64_t a = paddr_val(got[i]);
        assert_int_not_equal(a, 0);
        assert_int_equal(a & PAGE_MASK, 0);
        assert_false(seen[a >> PAGE_SHIFT]);
        seen[a >> PAGE_SHIFT] = 1;
        assert_true(mm_kind_allocatable(mm_output_kind(&w.map, a)));
        uint32_t *word = phys_to_ptr(got[i]);
        word[0] = (uint32_t)a;
        word[PAGE_SIZE / sizeof(uint32_t) - 1] = ~(uint32_t)a;
    }
    assert_int_equal(pmm_free_count(&w.p), 0);
    assert_true(paddr_is_null(pmm_alloc(&w.p)));
    assert_true(paddr_is_null(pmm_alloc(&w.p)));
    assert_true(paddr_is_null(pmm_alloc_run(&w.p, 1, 1)));
    for (uint64_t i = 0; i < total; i++) {
        uint32_t *word = phys_to_ptr(got[i]);
        assert_int_equal(word[0], (uint32_t)paddr_val(got[i]));
        assert_int_equal(word[PAGE_SIZE / sizeof(uint32_t) - 1], ~(uint32_t)paddr_val(got[i]));
    }
    for (uint64_t i = 0; i < total; i++)
        pmm_free(&w.p, got[i]);
    assert_int_equal(pmm_free_count(&w.p), total);
    assert_int_equal(sum_region_free(&w.p), total);
    free(got);
    free(seen);
    world_down(&w);
}

static void bad_frees_are_fatal_with_the_address(void **state)
{
    (void)state;
    struct world w;
    small_world(&w);
    paddr_t a = pmm_alloc(&w.p);
    pmm_free(&w.p, a);
    expect_mm_fatal(pmm_free(&w.p, a));
    assert_contains(host_mm_fatal_msg, "double free");
    assert_mentions_hex(host_mm_fatal_msg, paddr_val(a));

    expect_mm_fatal(pmm_free(&w.p, paddr(0x200800)));
    assert_contains(host_mm_fatal_msg, "not 4 KiB aligned");
    assert_mentions_hex(host_mm_fatal_msg, 0x200800);

    static const uint64_t outside[] = { 0x0, 0xA0000, 0x100000, 0x400000, 0x800000,
                                        0x7FFFF000, 0x100000000ull, 0xFFFFFFFFFFFFF000ull };
    for (volatile size_t i = 0; i < ARRAY_LEN(outside); i++) {
        expect_mm_fatal(pmm_free(&w.p, paddr(outside[i])));
        assert_contains(host_mm_fatal_msg, "outside usable memory");
        assert_mentions_hex(host_mm_fatal_msg, outside[i]);
    }
    /* A frame that was never handed out. */
    expect_mm_fatal(pmm_free(&w.p, paddr(0x500000)));
    assert_contains(host_mm_fatal_msg, "not allocated");
    /* Nothing changed. */
    assert_int_equal(pmm_free_count(&w.p), pmm_total_count(&w.p));
    assert_int_equal(sum_region_free(&w.p), pmm_free_count(&w.p));
    world_down(&w);
}

static void freed_frames_are_poisoned(void **state)
{
    (void)state;
    struct world w;
    small_world(&w);
    paddr_t a = pmm_alloc(&w.p);
    memset(phys_to_ptr(a), 0, PAGE_SIZE);
    pmm_free(&w.p, a);
    const uint32_t *word = phys_to_ptr(a);
    /* The first 8 bytes hold the free-list links; the rest is poison. */
    for (size_t i = 2; i < PAGE_SIZE / sizeof(uint32_t); i++)
        assert_int_equal(word[i], PMM_POISON);
    world_down(&w);
}

static void contiguous_runs_with_alignment(void **state)
{
    (void)state;
    struct world w;
    small_world(&w);
    uint64_t total = pmm_total_count(&w.p);
    /* 16 frames at a 64 KiB boundary: the first such run is 0x10000. */
    paddr_t r = pmm_alloc_run(&w.p, 16, 16);
    assert_int_equal(paddr_val(r), 0x10000);
    for (unsigned i = 0; i < 16; i++)
        assert_false(pmm_is_free(&w.p, paddr(0x10000 + i * PAGE_SIZE)));
    assert_int_equal(w.p.regions[0].free, 159 - 16);
    /* A 4 MiB-aligned 4 MiB run does not exist here; a 1 MiB-aligned 1 MiB one does. */
    assert_true(paddr_is_null(pmm_alloc_run(&w.p, 1024, 1024)));
    paddr_t big = pmm_alloc_run(&w.p, 256, 256);
    assert_int_equal(paddr_val(big), 0x200000);
    /* Runs never straddle two regions, and bad arguments give 0. */
    assert_true(paddr_is_null(pmm_alloc_run(&w.p, 1100, 1)));
    assert_true(paddr_is_null(pmm_alloc_run(&w.p, 0, 1)));
    assert_true(paddr_is_null(pmm_alloc_run(&w.p, 1, 3)));
    assert_true(paddr_is_null(pmm_alloc_run(&w.p, 1, 0)));
    assert_true(paddr_is_null(pmm_alloc_run(&w.p, (size_t)1 << 30, 1)));
    pmm_free_run(&w.p, r, 16);
    pmm_free_run(&w.p, big, 256);
    assert_int_equal(pmm_free_count(&w.p), total);

    /* Fragmented: every odd frame taken, so no run of 2 exists. */
    paddr_t *got = calloc(total, sizeof(*got));
    for (uint64_t i = 0; i < total; i++)
        got[i] = pmm_alloc(&w.p);
    for (uint64_t i = 0; i < total; i++)
        if (((paddr_val(got[i]) >> PAGE_SHIFT) & 1) == 0)
            pmm_free(&w.p, got[i]);
    assert_true(paddr_is_null(pmm_alloc_run(&w.p, 2, 1)));
    paddr_t one = pmm_alloc_run(&w.p, 1, 1);
    assert_false(paddr_is_null(one));
    pmm_free(&w.p, one);
    for (uint64_t i = 0; i < total; i++)
        if (((paddr_val(got[i]) >> PAGE_SHIFT) & 1) != 0)
            pmm_free(&w.p, got[i]);
    assert_int_equal(paddr_val(pmm_alloc_run(&w.p, 1008, 1)), 0x410000);
    free(got);
    world_down(&w);
}

static void bad_maps_and_short_metadata_are_refused(void **state)
{
    (void)state;
    struct world w;
    small_world(&w);
    struct pmm p;
    size_t need = pmm_meta_bytes(0x1000, 0x800000, 3);
    assert_int_equal(pmm_init(&p, &w.map, w.meta, need - 1, err, sizeof(err)), -1);
    assert_contains(err, "too small");
    struct mm_region bad[] = { R(0x200000, 0x300000, MM_USABLE), R(0x100000, 0x180000, MM_USABLE) };
    struct memmap m = { bad, 2, { 0 } };
    assert_int_equal(pmm_init(&p, &m, w.meta, need, err, sizeof(err)), -1);
    assert_contains(err, "sorted");
    bad[0] = (struct mm_region)R(0x200800, 0x300000, MM_USABLE);
    m.count = 1;
    assert_int_equal(pmm_init(&p, &m, w.meta, need, err, sizeof(err)), -1);
    assert_contains(err, "page aligned");
    world_down(&w);
}

static uint64_t random_seed(void)
{
    const char *e = getenv("MM_SEED");
    return e != NULL ? strtoull(e, NULL, 0) : (uint64_t)time(NULL);
}

static const uint32_t random_types[] = {
    EFI_MT_CONVENTIONAL, EFI_MT_CONVENTIONAL, EFI_MT_LOADER_CODE, EFI_MT_BOOT_SERVICES_DATA,
    EFI_MT_RESERVED, EFI_MT_ACPI_NVS, EFI_MT_RUNTIME_SERVICES_CODE, EFI_MT_MMIO,
};

/* in_carveout: does any carve-out (or legacy range) touch page a? */
static int in_carveout(const struct mm_region *carve, size_t nc, uint64_t a)
{
    if (a < MEMMAP_LEGACY_LOW_END || (a >= MEMMAP_LEGACY_HOLE_START && a < MEMMAP_LEGACY_HOLE_END))
        return 1;
    for (size_t i = 0; i < nc; i++)
        if (carve[i].base < a + PAGE_SIZE && carve[i].end > a)
            return 1;
    return 0;
}

/* random_op: one random step; returns a failure reason or NULL. */
static const char *random_op(struct world *w, struct mm_rng *rng, uint8_t *shadow,
                             paddr_t *live, size_t *nlive, const struct mm_region *carve,
                             size_t nc, uint64_t *allocated)
{
    static char why[MM_CHECK_WHY_MAX];
    uint64_t op = mm_rng_below(rng, 10);
    if (op < 4 || *nlive == 0) {
        size_t n = op == 0 ? 1 + mm_rng_below(rng, 40) : 1;
        size_t align = op == 0 ? (size_t)1 << mm_rng_below(rng, 6) : 1;
        paddr_t a = n == 1 && op != 0 ? pmm_alloc(&w->p) : pmm_alloc_run(&w->p, n, align);
        if (paddr_is_null(a))
            return NULL;
        uint64_t base = paddr_val(a);
        if (((base >> PAGE_SHIFT) & (align - 1)) != 0) {
            snprintf(why, sizeof(why), "run at 0x%" PRIx64 " not aligned to %zu frames", base, align);
            return why;
        }
        for (size_t i = 0; i < n; i++) {
            uint64_t f = base + i * PAGE_SIZE;
            if (shadow[f >> PAGE_SHIFT]) {
                snprintf(why, sizeof(why), "frame 0x%" PRIx64 " handed out twice", f);
                return why;
            }
            if (!mm_kind_allocatable(mm_output_kind(&w->map, f)) || in_carveout(carve, nc, f)) {
                snprintf(why, sizeof(why), "frame 0x%" PRIx64 " is not usable or lies in a carve-out", f);
                return why;
            }
            shadow[f >> PAGE_SHIFT] = 1;
            live[(*nlive)++] = paddr(f);
            (*allocated)++;
        }
    } else {
        size_t k = mm_rng_below(rng, *nlive);
        paddr_t a = live[k];
        live[k] = live[--(*nlive)];
        shadow[paddr_val(a) >> PAGE_SHIFT] = 0;
        pmm_free(&w->p, a);
        (*allocated)--;
    }
    return NULL;
}

static void random_sequences_hold_the_invariants(void **state)
{
    (void)state;
    uint64_t seed = random_seed();
    struct mm_rng rng;
    mm_rng_seed(&rng, seed);
    for (unsigned round = 0; round < RANDOM_ROUNDS; round++) {
        struct world w;
        mmb_init(&w.m, 40 + 8 * mm_rng_below(&rng, 4));
        size_t n = 1 + mm_rng_below(&rng, 40);
        for (size_t i = 0; i < n; i++)
            mmb_add(&w.m, random_types[mm_rng_below(&rng, ARRAY_LEN(random_types))],
                    page_down(mm_rng_below(&rng, RANDOM_SPAN)), mm_rng_below(&rng, 2048));
        struct mm_region carve[3];
        size_t nc = mm_rng_below(&rng, ARRAY_LEN(carve) + 1);
        for (size_t i = 0; i < nc; i++) {
            uint64_t b = mm_rng_below(&rng, RANDOM_SPAN);
            carve[i] = (struct mm_region)R(b, b + mm_rng_below(&rng, MiB(1)), MM_MODULE);
        }
        world_up(&w, carve, nc);
        uint8_t *shadow = calloc(FAKE_RAM >> PAGE_SHIFT, 1);
        paddr_t *live = calloc(FAKE_RAM >> PAGE_SHIFT, sizeof(*live));
        size_t nlive = 0;
        uint64_t allocated = 0, total = pmm_total_count(&w.p);
        if (total != (w.map.stats.kept[MM_USABLE] + w.map.stats.kept[MM_BOOT_RECLAIM]) >> PAGE_SHIFT)
            fail_msg("seed %" PRIu64 " round %u: total %" PRIu64 " frames differs from the map's usable bytes",
                     seed, round, total);
        for (unsigned step = 0; step < RANDOM_STEPS; step++) {
            const char *why = random_op(&w, &rng, shadow, live, &nlive, carve, nc, &allocated);
            if (why == NULL && pmm_free_count(&w.p) + allocated != total)
                why = "free + allocated != total";
            if (why == NULL && sum_region_free(&w.p) != pmm_free_count(&w.p))
                why = "per-region free counts do not add up";
            if (why != NULL)
                fail_msg("seed %" PRIu64 " round %u step %u (rerun with MM_SEED=%" PRIu64 "): %s",
                         seed, round, step, seed, why);
        }
        while (nlive > 0)
            pmm_free(&w.p, live[--nlive]);
        assert_int_equal(pmm_free_count(&w.p), total);
        free(shadow);
        free(live);
        world_down(&w);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_after_init),
        cmocka_unit_test(seeding_is_lazy_and_runs_split_fresh_tails),
        cmocka_unit_test(exhaustion_is_clean_and_the_count_returns),
        cmocka_unit_test(bad_frees_are_fatal_with_the_address),
        cmocka_unit_test(freed_frames_are_poisoned),
        cmocka_unit_test(contiguous_runs_with_alignment),
        cmocka_unit_test(bad_maps_and_short_metadata_are_refused),
        cmocka_unit_test(random_sequences_hold_the_invariants),
    };
    return cmocka_run_group_tests_name("pmm", tests, NULL, NULL);
}
