/*
 * ktests_mm.c: in-kernel tests of the sanitised map and the page-frame
 * allocator as seeded from the real firmware map (mm_boot.c).
 */
#include <stdint.h>

#include "ktest.h"
#include "layout.h"
#include "mm_boot.h"
#include "mm_glue.h"

#define RECOVER_NUM   999u  /* at least 99.9% of the firmware's usable memory */
#define RECOVER_DEN   1000u
#define PATTERN_SALT  0x5a17c0deu
#define WORDS_PER_FRAME (PAGE_SIZE / sizeof(uint32_t))
#define RUN_SMALL     16u   /* frames, 64 KiB aligned */
#define RUN_BIG       1024u /* frames: 4 MiB, 4 MiB aligned (a PSE page) */
#define MSG_MAX       160u

static int not_ready(char *why, size_t whycap)
{
    return ktest_failf(why, whycap, "mm_boot_init did not run or failed");
}

KTEST(pmm_map_carves_out_the_kernel)
{
    const struct memmap *m = mm_boot_map();
    if (m == NULL)
        return not_ready(why, whycap);
    for (size_t i = 0; i < m->count; i++) {
        const struct mm_region *r = &m->regions[i];
        if (((r->base | r->end) & PAGE_MASK) != 0 || r->base >= r->end || r->end > ADDR_4G ||
            (i > 0 && r->base < m->regions[i - 1].end))
            return ktest_failf(why, whycap, "region %u 0x%llx-0x%llx is not sorted/aligned/below 4G",
                               (unsigned)i, (unsigned long long)r->base,
                               (unsigned long long)r->end);
        if (mm_kind_allocatable(r->kind) && r->base < kernel_phys_end() &&
            r->end > kernel_phys_start())
            return ktest_failf(why, whycap, "usable region 0x%llx-0x%llx overlaps the kernel",
                               (unsigned long long)r->base, (unsigned long long)r->end);
    }
    return KTEST_PASS;
}

KTEST(pmm_recovers_999_permille)
{
    const struct memmap *m = mm_boot_map();
    if (m == NULL)
        return not_ready(why, whycap);
    uint64_t kept = m->stats.kept[MM_USABLE] + m->stats.kept[MM_BOOT_RECLAIM];
    uint64_t net = m->stats.fw_usable_net;
    if (net == 0 || kept * RECOVER_DEN < net * RECOVER_NUM)
        return ktest_failf(why, whycap, "recovered %llu bytes of the firmware's %llu (< 99.9%%)",
                           (unsigned long long)kept, (unsigned long long)net);
    if (pmm_total_count(mm_boot_pmm()) != kept >> PAGE_SHIFT)
        return ktest_failf(why, whycap, "allocator manages %llu frames, the map has %llu",
                           (unsigned long long)pmm_total_count(mm_boot_pmm()),
                           (unsigned long long)(kept >> PAGE_SHIFT));
    return KTEST_PASS;
}

static uint32_t pattern(uint64_t pa, uint32_t word)
{
    return (uint32_t)pa ^ (word * PATTERN_SALT);
}

/* fill / holds: the pattern in the first, middle and last word of a frame. */
static void fill(uint64_t pa)
{
    uint32_t *w = phys_to_ptr(paddr(pa));
    w[0] = pattern(pa, 0);
    w[WORDS_PER_FRAME / 2] = pattern(pa, WORDS_PER_FRAME / 2);
    w[WORDS_PER_FRAME - 1] = pattern(pa, WORDS_PER_FRAME - 1);
}

static int holds(uint64_t pa)
{
    const uint32_t *w = phys_to_ptr(paddr(pa));
    return w[0] == pattern(pa, 0) && w[WORDS_PER_FRAME / 2] == pattern(pa, WORDS_PER_FRAME / 2) &&
           w[WORDS_PER_FRAME - 1] == pattern(pa, WORDS_PER_FRAME - 1);
}

KTEST(pmm_every_frame_holds_a_pattern)
{
    struct pmm *p = mm_boot_pmm();
    if (p == NULL)
        return not_ready(why, whycap);
    uint64_t total = pmm_total_count(p);
    if (pmm_free_count(p) != total)
        return ktest_failf(why, whycap, "%llu of %llu frames in use before the test",
                           (unsigned long long)(total - pmm_free_count(p)),
                           (unsigned long long)total);
    uint64_t got = 0;
    for (paddr_t a = pmm_alloc(p); !paddr_is_null(a); a = pmm_alloc(p), got++) {
        if (pmm_is_free(p, a))
            return ktest_failf(why, whycap, "frame 0x%llx still free after its allocation",
                               (unsigned long long)paddr_val(a));
        fill(paddr_val(a));
    }
    if (got != total || pmm_free_count(p) != 0)
        return ktest_failf(why, whycap, "allocated %llu frames, expected %llu; %llu left free",
                           (unsigned long long)got, (unsigned long long)total,
                           (unsigned long long)pmm_free_count(p));
    /* Every frame of every region was handed out exactly once: each holds its own pattern. */
    for (size_t i = 0; i < p->nregions; i++) {
        for (uint32_t f = p->regions[i].first; f < p->regions[i].end; f++) {
            uint64_t pa = (uint64_t)f << PAGE_SHIFT;
            if (!holds(pa))
                return ktest_failf(why, whycap, "frame 0x%llx lost its pattern (handed out twice?)",
                                   (unsigned long long)pa);
            pmm_free(p, paddr(pa));
        }
    }
    if (pmm_free_count(p) != total)
        return ktest_failf(why, whycap, "%llu frames free after freeing all, expected %llu",
                           (unsigned long long)pmm_free_count(p), (unsigned long long)total);
    return KTEST_PASS;
}

/* run_ok: a run of n frames from pa, aligned to align frames, all allocated. */
static int run_ok(struct pmm *p, paddr_t pa, uint32_t n, uint32_t align)
{
    uint64_t a = paddr_val(pa);
    if (a == 0 || ((a >> PAGE_SHIFT) & (align - 1)) != 0)
        return 0;
    for (uint32_t i = 0; i < n; i++)
        if (pmm_is_free(p, paddr(a + (uint64_t)i * PAGE_SIZE)))
            return 0;
    return 1;
}

KTEST(pmm_contiguous_aligned_runs)
{
    struct pmm *p = mm_boot_pmm();
    if (p == NULL)
        return not_ready(why, whycap);
    uint64_t before = pmm_free_count(p);
    paddr_t small = pmm_alloc_run(p, RUN_SMALL, RUN_SMALL);
    paddr_t big = pmm_alloc_run(p, RUN_BIG, RUN_BIG);
    int ok_small = run_ok(p, small, RUN_SMALL, RUN_SMALL);
    int ok_big = run_ok(p, big, RUN_BIG, RUN_BIG);
    uint64_t during = pmm_free_count(p);
    if (!paddr_is_null(small))
        pmm_free_run(p, small, RUN_SMALL);
    if (!paddr_is_null(big))
        pmm_free_run(p, big, RUN_BIG);
    if (!ok_small || !ok_big)
        return ktest_failf(why, whycap, "runs: %u frames at 0x%llx (%s), %u at 0x%llx (%s)",
                           RUN_SMALL, (unsigned long long)paddr_val(small),
                           ok_small ? "ok" : "bad", RUN_BIG, (unsigned long long)paddr_val(big),
                           ok_big ? "ok" : "bad");
    if (during != before - RUN_SMALL - RUN_BIG || pmm_free_count(p) != before)
        return ktest_failf(why, whycap, "free counts %llu -> %llu -> %llu",
                           (unsigned long long)before, (unsigned long long)during,
                           (unsigned long long)pmm_free_count(p));
    return KTEST_PASS;
}

struct bad_free {
    struct pmm *p;
    uint64_t pa;
};

static void do_free(void *arg)
{
    struct bad_free *b = arg;
    pmm_free(b->p, paddr(b->pa));
}

/* contains: does s contain needle? */
static int contains(const char *s, const char *needle)
{
    for (; *s != '\0'; s++) {
        const char *a = s, *b = needle;
        while (*b != '\0' && *a == *b)
            a++, b++;
        if (*b == '\0')
            return 1;
    }
    return 0;
}

KTEST(pmm_bad_frees_are_caught)
{
    struct pmm *p = mm_boot_pmm();
    if (p == NULL)
        return not_ready(why, whycap);
    char msg[MSG_MAX];
    paddr_t a = pmm_alloc(p);
    pmm_free(p, a);
    struct {
        uint64_t pa;
        const char *expect;
    } cases[] = {
        { paddr_val(a), "double free" },
        { paddr_val(a) + 1, "not 4 KiB aligned" },
        { kernel_phys_start(), "outside usable memory" },
        { MEMMAP_LEGACY_HOLE_START, "outside usable memory" },
    };
    uint64_t before = pmm_free_count(p);
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct bad_free b = { p, cases[i].pa };
        msg[0] = '\0';
        if (!mm_fatal_try(do_free, &b, msg, sizeof(msg)) || !contains(msg, cases[i].expect))
            return ktest_failf(why, whycap, "free of 0x%llx: expected \"%s\", got \"%s\"",
                               (unsigned long long)cases[i].pa, cases[i].expect, msg);
    }
    if (pmm_free_count(p) != before)
        return ktest_failf(why, whycap, "a refused free changed the free count");
    return KTEST_PASS;
}
