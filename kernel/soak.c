/*
 * soak.c: allocator, paging and heap stress for a given time (see soak.h).
 */
#include "soak.h"

#include <stdarg.h>
#include <stddef.h>

#include "console.h"
#include "fmt.h"
#include "kheap.h"
#include "kvm.h"
#include "mm_boot.h"
#include "mm_glue.h"
#include "paging.h"
#include "pit.h"
#include "pmm.h"
#include "vm.h"
#include "x86.h"

#define SOAK_REPORT_SECONDS 30u
#define N_FRAMES   256u  /* single-frame slots */
#define N_RUNS     16u   /* contiguous-run slots */
#define RUN_MAX    64u   /* frames in a run: 1..RUN_MAX */
#define ALIGN_LOG_MAX 5u /* run alignment: 1, 2, 4 ... 32 frames */
#define N_MAPS     ((SCRATCH_VEND - SCRATCH_VBASE) / PAGE_SIZE) /* one slot per scratch page */
#define N_BLOCKS   128u  /* kmalloc slots */
#define BLOCK_MAX  4096u /* kmalloc sizes 1..BLOCK_MAX */
#define KINDS      4u    /* frame, run, map, heap */
#define OPS_PER_CLOCK_CHECK 64u
#define SEED       0x50a4u
#define LCG_MUL    1664525u     /* Numerical Recipes' 32-bit LCG */
#define LCG_ADD    1013904223u
#define LCG_HIGH_SHIFT 8u       /* the low bits of an LCG are weak: drop them */
#define TAG_SALT   0x9e3779b9u  /* mixes the slot number into each tag */
#define WORDS_PER_PAGE (PAGE_SIZE / sizeof(uint32_t))

enum kind { K_FRAME, K_RUN, K_MAP, K_HEAP };

struct run_slot { paddr_t pa; uint32_t n; };
struct block_slot { uint8_t *p; uint32_t len; };

static paddr_t frames[N_FRAMES];
static struct run_slot runs[N_RUNS];
static paddr_t maps[N_MAPS];          /* frame behind scratch page i, 0 when unmapped */
static struct block_slot blocks[N_BLOCKS];

struct counts {
    uint32_t ops[KINDS];
    uint32_t held_frames;             /* frames, run frames and mapped frames now held */
};

static uint32_t rng_state;
static char fail_msg[128];

static uint32_t rnd(void)
{
    rng_state = rng_state * LCG_MUL + LCG_ADD;
    return rng_state >> LCG_HIGH_SHIFT;
}

static uint32_t tag_of(uint32_t kind, uint32_t slot, uint32_t word)
{
    return (kind << 24) ^ (slot * TAG_SALT) ^ word;
}

static int soak_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* soak_fail: record the first failure (printf-style); always returns -1. */
static int soak_fail(const char *fmt, ...)
{
    if (fail_msg[0] == '\0') {
        va_list ap;
        va_start(ap, fmt);
        fmt_vformat(fail_msg, sizeof(fail_msg), fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* tag_frame / check_frame: first and last word of a frame, through a temporary mapping. */
static void tag_frame(paddr_t pa, uint32_t kind, uint32_t slot)
{
    uint32_t *w = kphys_temp(pa);
    w[0] = tag_of(kind, slot, 0);
    w[WORDS_PER_PAGE - 1u] = tag_of(kind, slot, WORDS_PER_PAGE - 1u);
}

static int check_frame(paddr_t pa, uint32_t kind, uint32_t slot)
{
    const uint32_t *w = kphys_temp(pa);
    if (w[0] != tag_of(kind, slot, 0) ||
        w[WORDS_PER_PAGE - 1u] != tag_of(kind, slot, WORDS_PER_PAGE - 1u))
        return soak_fail("a frame's tag changed while it was allocated (slot %u, at 0x%llx)",
            slot, (unsigned long long)(paddr_val(pa)));
    return 0;
}

static int op_frame(struct pmm *p, struct counts *c, uint32_t i)
{
    if (!paddr_is_null(frames[i])) {
        if (check_frame(frames[i], K_FRAME, i) != 0)
            return -1;
        pmm_free(p, frames[i]);
        frames[i] = paddr(0);
        c->held_frames--;
        return 0;
    }
    frames[i] = pmm_alloc(p);
    if (paddr_is_null(frames[i]))
        return 0; /* memory is short: not a failure, the run goes on */
    tag_frame(frames[i], K_FRAME, i);
    c->held_frames++;
    return 0;
}

static int op_run(struct pmm *p, struct counts *c, uint32_t i)
{
    struct run_slot *r = &runs[i];
    if (!paddr_is_null(r->pa)) {
        if (check_frame(r->pa, K_RUN, i) != 0 ||
            check_frame(paddr(paddr_val(r->pa) + (uint64_t)(r->n - 1u) * PAGE_SIZE), K_RUN, i) != 0)
            return -1;
        pmm_free_run(p, r->pa, r->n);
        c->held_frames -= r->n;
        r->pa = paddr(0);
        return 0;
    }
    uint32_t n = 1u + rnd() % RUN_MAX;
    uint32_t align = 1u << (rnd() % (ALIGN_LOG_MAX + 1u));
    paddr_t pa = pmm_alloc_run(p, n, align);
    if (paddr_is_null(pa))
        return 0;
    if ((paddr_val(pa) / PAGE_SIZE) % align != 0)
        return soak_fail("pmm_alloc_run ignored the alignment (slot %u, at 0x%llx)",
            i, (unsigned long long)(paddr_val(pa)));
    r->pa = pa;
    r->n = n;
    tag_frame(pa, K_RUN, i);
    tag_frame(paddr(paddr_val(pa) + (uint64_t)(n - 1u) * PAGE_SIZE), K_RUN, i);
    c->held_frames += n;
    return 0;
}

static int op_map(struct pmm *p, struct counts *c, uint32_t i)
{
    struct vm_space *s = kvm_space();
    vaddr_t va = vaddr_of((void *)(uintptr_t)(SCRATCH_VBASE + i * PAGE_SIZE));
    volatile uint32_t *w = vaddr_ptr(va);
    if (!paddr_is_null(maps[i])) {
        paddr_t pa;
        if (virt_to_phys(s, va, &pa, NULL) != 0 || paddr_val(pa) != paddr_val(maps[i]))
            return soak_fail("a scratch page no longer maps its frame (slot %u, at 0x%llx)",
                i, (unsigned long long)(paddr_val(maps[i])));
        for (uint32_t k = 0; k < WORDS_PER_PAGE; k++)
            if (w[k] != tag_of(K_MAP, i, k))
                return soak_fail("a mapped page's contents changed (slot %u, at 0x%llx)",
                    i, (unsigned long long)(paddr_val(maps[i])));
        if (unmap_range(s, va, PAGE_SIZE) != 1)
            return soak_fail("unmap_range did not unmap the page (slot %u, at 0x%llx)",
                i, (unsigned long long)(paddr_val(maps[i])));
        pmm_free(p, maps[i]);
        maps[i] = paddr(0);
        c->held_frames--;
        return 0;
    }
    paddr_t f = pmm_alloc(p);
    if (paddr_is_null(f))
        return 0;
    int rc = map_page(s, va, f, PTE_W, 0);
    if (rc == VM_NOMEM) {
        pmm_free(p, f);
        return 0;
    }
    if (rc != VM_OK)
        return soak_fail("map_page refused an unmapped scratch page (slot %u, at 0x%llx)",
            i, (unsigned long long)(paddr_val(f)));
    maps[i] = f;
    c->held_frames++;
    for (uint32_t k = 0; k < WORDS_PER_PAGE; k++)
        w[k] = tag_of(K_MAP, i, k);
    const uint32_t *other = kphys_temp(f); /* the same frame through another mapping */
    if (other[0] != tag_of(K_MAP, i, 0) ||
        other[WORDS_PER_PAGE - 1u] != tag_of(K_MAP, i, WORDS_PER_PAGE - 1u))
        return soak_fail("a write through a new mapping missed its frame (slot %u, at 0x%llx)",
            i, (unsigned long long)(paddr_val(f)));
    return 0;
}

static int op_heap(uint32_t i)
{
    struct block_slot *b = &blocks[i];
    if (b->p != NULL) {
        for (uint32_t k = 0; k < b->len; k++)
            if (b->p[k] != (uint8_t)tag_of(K_HEAP, i, k))
                return soak_fail("a kmalloc block's contents changed (slot %u, at 0x%llx)",
                    i, (unsigned long long)((uintptr_t)b->p));
        if (kheap_check(b->p) != 0)
            return soak_fail("a live kmalloc block failed its check (slot %u, at 0x%llx)",
                i, (unsigned long long)((uintptr_t)b->p));
        kfree(b->p);
        b->p = NULL;
        return 0;
    }
    uint32_t len = 1u + rnd() % BLOCK_MAX;
    b->p = kmalloc(len);
    if (b->p == NULL)
        return 0;
    b->len = len;
    for (uint32_t k = 0; k < len; k++)
        b->p[k] = (uint8_t)tag_of(K_HEAP, i, k);
    return 0;
}

/* one_op: a random operation on a random slot of a random kind. */
static int one_op(struct pmm *p, struct counts *c)
{
    uint32_t kind = rnd() % KINDS;
    c->ops[kind]++;
    switch (kind) {
    case K_FRAME:
        return op_frame(p, c, rnd() % N_FRAMES);
    case K_RUN:
        return op_run(p, c, rnd() % N_RUNS);
    case K_MAP:
        return op_map(p, c, rnd() % N_MAPS);
    default:
        return op_heap(rnd() % N_BLOCKS);
    }
}

/* release_all: undo every held slot (each checked on the way, as in one_op). */
static int release_all(struct pmm *p, struct counts *c)
{
    for (uint32_t i = 0; i < N_FRAMES; i++)
        if (!paddr_is_null(frames[i]) && op_frame(p, c, i) != 0)
            return -1;
    for (uint32_t i = 0; i < N_RUNS; i++)
        if (!paddr_is_null(runs[i].pa) && op_run(p, c, i) != 0)
            return -1;
    for (uint32_t i = 0; i < N_MAPS; i++)
        if (!paddr_is_null(maps[i]) && op_map(p, c, i) != 0)
            return -1;
    for (uint32_t i = 0; i < N_BLOCKS; i++)
        if (blocks[i].p != NULL && op_heap(i) != 0)
            return -1;
    return 0;
}

/* pdes_present: present PDEs over [lo, hi) (4 MiB steps) in the kernel's space. */
static uint32_t pdes_present(uint32_t lo, uint32_t hi)
{
    uint32_t n = 0;
    for (uint64_t va = lo; va < hi; va += LARGE_PAGE_SIZE) {
        uint32_t pde, pte;
        vm_entries(kvm_space(), vaddr_of((void *)(uintptr_t)va), &pde, &pte);
        n += (pde & PTE_P) != 0;
    }
    return n;
}

static uint32_t total_ops(const struct counts *c)
{
    return c->ops[K_FRAME] + c->ops[K_RUN] + c->ops[K_MAP] + c->ops[K_HEAP];
}

static void progress(uint32_t secs, const struct counts *c, struct pmm *p)
{
    struct kheap_stats h = kheap_stats();
    kprintf("soak: %u s: %u ops (frames %u, runs %u, maps %u, heap %u); free=%llu frames, "
            "held %u; heap %u blocks live (%u bytes), %u KiB mapped; page tables %u\n",
            secs, total_ops(c), c->ops[K_FRAME], c->ops[K_RUN], c->ops[K_MAP], c->ops[K_HEAP],
            (unsigned long long)pmm_free_count(p), c->held_frames, h.live, h.live_bytes,
            h.mapped / 1024u, kvm_space()->tables);
}

/* The object soak_run_leaking holds back during the end checks. */
static paddr_t leaked_frame;
static void *leaked_block;
#define LEAK_BLOCK_BYTES 16u

/* leak: take the object `what` names and keep it from the end checks. */
static void leak(struct pmm *p, enum soak_leak what)
{
    if (what == SOAK_LEAK_FRAME)
        leaked_frame = pmm_alloc(p);
    else if (what == SOAK_LEAK_HEAP)
        leaked_block = kmalloc(LEAK_BLOCK_BYTES);
}

/* unleak: give back what leak took. */
static void unleak(struct pmm *p)
{
    if (!paddr_is_null(leaked_frame))
        pmm_free(p, leaked_frame);
    kfree(leaked_block);
    leaked_frame = paddr(0);
    leaked_block = NULL;
}

const char *soak_failure(void)
{
    return fail_msg;
}

int soak_run(uint32_t seconds)
{
    return soak_run_leaking(seconds, SOAK_LEAK_NONE);
}

int soak_run_leaking(uint32_t seconds, enum soak_leak what)
{
    struct pmm *p = mm_boot_pmm();
    struct counts c = { { 0 }, 0 };
    rng_state = SEED;
    fail_msg[0] = '\0';
    uint64_t free0 = pmm_free_count(p);
    uint32_t tables0 = kvm_space()->tables;
    uint32_t heap_tables0 = pdes_present(HEAP_VBASE, HEAP_VEND);
    struct kheap_stats h0 = kheap_stats();
    kprintf("soak: %u s of random frame, run, mapping and kmalloc operations; free=%llu frames, "
            "heap %u blocks live, page tables %u\n", seconds, (unsigned long long)free0,
            h0.live, tables0);

    sti(); /* the clock is the PIT tick: without interrupts the run would never end */
    uint32_t t0 = pit_ticks();
    uint32_t end = seconds * PIT_TICK_HZ;
    uint32_t next_report = SOAK_REPORT_SECONDS * PIT_TICK_HZ;
    int bad = 0;
    for (;;) {
        for (uint32_t k = 0; k < OPS_PER_CLOCK_CHECK && !bad; k++)
            bad = one_op(p, &c) != 0;
        uint32_t now = pit_ticks() - t0;
        if (bad || now >= end)
            break;
        if (now >= next_report) {
            progress(now / PIT_TICK_HZ, &c, p);
            next_report += SOAK_REPORT_SECONDS * PIT_TICK_HZ;
        }
    }
    if (!bad)
        bad = release_all(p, &c) != 0;
    leak(p, what);
    /* The heap keeps the frames and page tables it grew by (kheap.h): count them. */
    struct kheap_stats h1 = kheap_stats();
    uint32_t heap_tables = pdes_present(HEAP_VBASE, HEAP_VEND) - heap_tables0;
    uint64_t heap_grew = (uint64_t)(h1.frames - h0.frames) + heap_tables;
    uint64_t free1 = pmm_free_count(p);
    if (!bad && (free1 + heap_grew != free0 || c.held_frames != 0))
        bad = soak_fail("free frames: %llu at the end + %llu kept by the heap, %llu at the start "
                        "(%u still held)", (unsigned long long)free1,
                        (unsigned long long)heap_grew, (unsigned long long)free0,
                        c.held_frames) != 0;
    if (!bad && (kvm_space()->tables != tables0 + heap_tables ||
                 pdes_present(SCRATCH_VBASE, SCRATCH_VEND) != 0))
        bad = soak_fail("page tables: %u at the end (%u of them new for the heap), %u at "
                        "the start; scratch window tables left: %u", kvm_space()->tables,
                        heap_tables, tables0, pdes_present(SCRATCH_VBASE, SCRATCH_VEND)) != 0;
    if (!bad && (h1.live != h0.live || h1.live_bytes != h0.live_bytes))
        bad = soak_fail("kmalloc leak: %u blocks (%u bytes) live, %u (%u bytes) at the start",
                        h1.live, h1.live_bytes, h0.live, h0.live_bytes) != 0;
    progress((pit_ticks() - t0) / PIT_TICK_HZ, &c, p);
    unleak(p);
    if (bad) {
        if (what == SOAK_LEAK_NONE)
            kprintf("soak: FAILED: %s\n", fail_msg);
        else /* a test's deliberate leak: the expected outcome, not a failure of the run */
            kprintf("soak: the deliberate leak was caught: %s\n", fail_msg);
        return 1;
    }
    kprintf("soak: passed: %u operations in %u s; free=%llu frames as at the start (+%llu the "
            "heap grew by and keeps), page tables %u (+%u for the heap), heap %u blocks live as "
            "at the start\n", total_ops(&c), (pit_ticks() - t0) / PIT_TICK_HZ,
            (unsigned long long)free1, (unsigned long long)heap_grew, kvm_space()->tables,
            heap_tables, h1.live);
    return 0;
}
