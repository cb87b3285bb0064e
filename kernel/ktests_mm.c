/*
 * ktests_mm.c: in-kernel tests of the sanitised map and the page-frame
 * allocator as seeded from the real firmware map (mm_boot.c).
 */
#include <stdint.h>

#include "kheap.h"
#include "ktest.h"
#include "kvm.h"
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
#define HELD_MAX      4096u /* frames the kernel may hold before the pattern test */

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

/*
 * Frames the kernel holds before the test: the page directory, its page
 * tables and the heap's frames, sorted (held_collect), so the test leaves
 * them alone.
 */
static uint32_t held[HELD_MAX];
static uint32_t held_n;

static int held_add(uint64_t pa)
{
    if (held_n == HELD_MAX)
        return -1;
    uint32_t f = (uint32_t)(pa >> PAGE_SHIFT), i = held_n++;
    for (; i > 0 && held[i - 1] > f; i--)
        held[i] = held[i - 1];
    held[i] = f;
    return 0;
}

static int held_collect(void)
{
    held_n = 0;
    struct vm_space *s = kvm_space();
    if (s == NULL)
        return 0;
    int bad = held_add(paddr_val(s->pd));
    for (uint32_t d = 0; d < PT_ENTRIES; d++) {
        uint32_t pde, pte;
        vm_entries(s, vaddr_of((void *)(uintptr_t)PGADDR(d, 0u, 0u)), &pde, &pte);
        if ((pde & PTE_P) && !(pde & (PTE_PS | PTE_AVAIL_STATIC)))
            bad |= held_add(PTE_ADDR(pde));
    }
    uint32_t mapped = kheap_stats().mapped;
    for (uint32_t off = 0; off < mapped; off += PAGE_SIZE) {
        paddr_t pa;
        if (virt_to_phys(s, vaddr_of((void *)(uintptr_t)(HEAP_VBASE + off)), &pa, NULL) == 0)
            bad |= held_add(paddr_val(pa));
    }
    return bad;
}

static int is_held(uint32_t f)
{
    uint32_t lo = 0, hi = held_n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (held[mid] == f)
            return 1;
        if (held[mid] < f)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

KTEST(pmm_every_frame_holds_a_pattern)
{
    struct pmm *p = mm_boot_pmm();
    if (p == NULL)
        return not_ready(why, whycap);
    if (held_collect() != 0)
        return ktest_failf(why, whycap, "the kernel holds more than %u frames", HELD_MAX);
    uint64_t total = pmm_total_count(p) - held_n;
    if (pmm_free_count(p) != total)
        return ktest_failf(why, whycap, "%llu of %llu frames in use before the test, expected "
                           "%u (page directory, page tables, heap)",
                           (unsigned long long)(pmm_total_count(p) - pmm_free_count(p)),
                           (unsigned long long)pmm_total_count(p), held_n);
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
            if (is_held(f))
                continue;
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
        if (!mm_fatal_try(do_free, &b, msg, sizeof(msg)) || !ktest_contains(msg, cases[i].expect))
            return ktest_failf(why, whycap, "free of 0x%llx: expected \"%s\", got \"%s\"",
                               (unsigned long long)cases[i].pa, cases[i].expect, msg);
    }
    if (pmm_free_count(p) != before)
        return ktest_failf(why, whycap, "a refused free changed the free count");
    return KTEST_PASS;
}
