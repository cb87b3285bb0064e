/*
 * ktests_vm.c: in-kernel tests of paging (kvm.c, mm/vm.c) and the kernel
 * heap (kheap.c): page faults (null read, write to text, guard page, stack
 * overflow to the #DF task), the mappings table against virt_to_phys and
 * a second mapping of each frame, page-table frame accounting, a live
 * map/unmap round trip, and kmalloc stress with a leak check.
 */
#include <stdint.h>

#include "kheap.h"
#include "ktest.h"
#include "kstring.h"
#include "kvm.h"
#include "layout.h"
#include "mm_boot.h"
#include "mm_glue.h"
#include "pmm.h"
#include "seg.h"
#include "trap.h"
#include "x86.h"

#define BAD_FREE_SIZE 40u /* bytes: a small block for the bad-free cases */

#define TEST_VA   SCRATCH_VBASE /* the 4 MiB nothing else maps (mm/paging.h) */
#define SAMPLE_STRIDE 97u     /* pages between cross-checks through a second mapping */
#define STRESS_N  400u
#define STRESS_MAX_SIZE 3000u
#define LCG_MUL   1103515245u
#define LCG_ADD   12345u
#define LCG_SHIFT 16u
#define PATTERN   0x5au
#define WALK_TAG  0xa5c3e1f7u /* written through one mapping, read through another */

void ktest_ud2(void);
void ktest_stack_overflow(void);

static struct trap_catch caught;

/* expect_pf: run fn (or read/write *p), expect a #PF with err bits `want` and cr2. */
static int pf_read(const volatile uint32_t *p)
{
    trap_expect(&caught, EXC_PF);
    if (trap_setjmp(&caught.jmp) == 0) {
        (void)*p;
        trap_expect_end();
        return 0;
    }
    return 1;
}

static int pf_write(volatile uint8_t *p)
{
    trap_expect(&caught, EXC_PF);
    if (trap_setjmp(&caught.jmp) == 0) {
        *p = *p;
        trap_expect_end();
        return 0;
    }
    return 1;
}

KTEST(paging_null_read)
{
    if (!pf_read((const volatile uint32_t *)0))
        return ktest_failf(why, whycap, "reading address 0 raised no #PF");
    if (caught.cr2 != 0 || (caught.frame.err & (PF_ERR_P | PF_ERR_W)) != 0)
        return ktest_failf(why, whycap, "cr2=%08x err=%x, expected cr2=0, P=0 W=0", caught.cr2,
                           caught.frame.err);
    return KTEST_PASS;
}

KTEST(paging_text_write)
{
    if ((read_cr0() & CR0_WP) == 0)
        return ktest_failf(why, whycap, "CR0.WP is clear: ring 0 could write read-only pages");
    volatile uint8_t *p = (volatile uint8_t *)(uintptr_t)ktest_ud2;
    if (!pf_write(p))
        return ktest_failf(why, whycap, "writing kernel text at %08x raised no #PF",
                           (unsigned)(uintptr_t)p);
    if (caught.cr2 != (uint32_t)(uintptr_t)p ||
        (caught.frame.err & (PF_ERR_P | PF_ERR_W)) != (PF_ERR_P | PF_ERR_W))
        return ktest_failf(why, whycap, "cr2=%08x err=%x, expected cr2=%08x with P and W",
                           caught.cr2, caught.frame.err, (unsigned)(uintptr_t)p);
    return KTEST_PASS;
}

KTEST(paging_guard_page_read)
{
    const volatile uint32_t *g = (const volatile uint32_t *)(uintptr_t)_stack_guard;
    if (!pf_read(g))
        return ktest_failf(why, whycap, "reading the guard page %08x raised no #PF",
                           (unsigned)(uintptr_t)g);
    if (caught.cr2 != (uint32_t)(uintptr_t)g || (caught.frame.err & PF_ERR_P) != 0)
        return ktest_failf(why, whycap, "cr2=%08x err=%x, expected cr2=%08x not-present",
                           caught.cr2, caught.frame.err, (unsigned)(uintptr_t)g);
    return KTEST_PASS;
}

KTEST(paging_stack_overflow_double_fault)
{
    trap_expect(&caught, EXC_DF);
    if (trap_setjmp(&caught.jmp) == 0) {
        ktest_stack_overflow();
        trap_expect_end();
        return ktest_failf(why, whycap, "running the stack into its guard page raised no #DF");
    }
    uint32_t guard = (uint32_t)(uintptr_t)_stack_guard;
    uint32_t esp = caught.frame.user_esp;
    if (esp < guard || esp > guard + PAGE_SIZE)
        return ktest_failf(why, whycap, "esp=%08x at the #DF, expected at the guard page %08x",
                           esp, guard);
    if (str() != SEL_TSS)
        return ktest_failf(why, whycap, "task register %04x after the #DF, expected %04x", str(),
                           SEL_TSS);
    return KTEST_PASS;
}

KTEST(paging_state)
{
    struct vm_space *s = kvm_space();
    if (s == NULL)
        return ktest_failf(why, whycap, "kvm_init did not run");
    if (read_cr3() != (uint32_t)paddr_val(s->pd) || (read_cr0() & CR0_PG) == 0)
        return ktest_failf(why, whycap, "cr3=%08x cr0=%08x, expected cr3=%08x and PG", read_cr3(),
                           read_cr0(), (unsigned)paddr_val(s->pd));
    int pge = (cpuid(CPUID_FEATURES, 0).edx & CPUID_EDX_PGE) != 0;
    if (pge != ((read_cr4() & CR4_PGE) != 0))
        return ktest_failf(why, whycap, "cpuid PGE=%d but cr4=%08x", pge, read_cr4());
    paddr_t pa;
    if (virt_to_phys(s, vaddr_of((void *)0), &pa, NULL) == 0)
        return ktest_failf(why, whycap, "page 0 is mapped (to %llx)",
                           (unsigned long long)paddr_val(pa));
    if (virt_to_phys(s, vaddr_of((void *)(uintptr_t)kernel_phys_start()), &pa, NULL) == 0)
        return ktest_failf(why, whycap, "the identity map of the kernel is still there");
    if (virt_to_phys(s, vaddr_of((void *)(uintptr_t)KERNEL_VBASE), &pa, NULL) == 0)
        return ktest_failf(why, whycap, "physical page 0 is in the direct map");
    return KTEST_PASS;
}

/*
 * hw_walk_differs: does the CPU's own walk of va reach another frame than
 * pa? Checked through a second, independent mapping of pa (a temporary
 * slot): a writable page gets a tag written through va and read back
 * through the slot (then restored, interrupts off meanwhile); a read-only
 * page must read the same through both.
 */
static int hw_walk_differs(uint32_t va, paddr_t pa, uint32_t writable)
{
    volatile uint32_t *a = (volatile uint32_t *)(uintptr_t)va;
    volatile uint32_t *b = kphys_temp(pa);
    if (!writable)
        return *a != *b;
    uint32_t fl = read_eflags();
    cli();
    uint32_t saved = *a;
    *a = va ^ WALK_TAG;
    int differs = *b != (va ^ WALK_TAG);
    *a = saved;
    if (fl & EFLAGS_IF)
        sti();
    return differs;
}

/* Every page of every mapping: virt_to_phys says what the table says; the CPU agrees on samples. */
KTEST(paging_mappings_agree)
{
    size_t n;
    const struct kvm_mapping *m = kvm_mappings(&n);
    struct vm_space *s = kvm_space();
    uint32_t pages = 0;
    for (size_t i = 0; i < n; i++) {
        for (uint32_t off = 0; off < m[i].size; off += PAGE_SIZE, pages++) {
            paddr_t pa;
            uint32_t fl;
            uint32_t va = m[i].va + off;
            if (virt_to_phys(s, vaddr_of((void *)(uintptr_t)va), &pa, &fl) != 0 ||
                paddr_val(pa) != m[i].pa + off || (fl & (PTE_W | PTE_U | PTE_G | PTE_P | PTE_PS)) != m[i].flags)
                return ktest_failf(why, whycap, "%s: va %08x -> %llx flags %x, expected %llx %x",
                                   m[i].name, va, (unsigned long long)paddr_val(pa), fl,
                                   (unsigned long long)(m[i].pa + off), m[i].flags);
            if (pages % SAMPLE_STRIDE == 0 || off + PAGE_SIZE == m[i].size) {
                int bad = hw_walk_differs(va, pa, m[i].flags & PTE_W);
                if (bad)
                    return ktest_failf(why, whycap, "%s: the CPU's walk of %08x and a temporary "
                                       "mapping of %llx see different memory", m[i].name, va,
                                       (unsigned long long)paddr_val(pa));
            }
        }
    }
    return KTEST_PASS;
}

KTEST(paging_table_frames_accounted)
{
    struct vm_space *s = kvm_space();
    struct pmm *p = mm_boot_pmm();
    if (vm_count_tables(s) != s->tables)
        return ktest_failf(why, whycap, "%u page tables in the directory, %u counted",
                           vm_count_tables(s), s->tables);
    if (pmm_is_free(p, s->pd))
        return ktest_failf(why, whycap, "the page directory's frame is free in the PMM");
    for (uint32_t d = 0; d < PT_ENTRIES; d++) {
        uint32_t pde, pte;
        vm_entries(s, vaddr_of((void *)(uintptr_t)PGADDR(d, 0u, 0u)), &pde, &pte);
        if ((pde & PTE_P) && !(pde & (PTE_PS | PTE_AVAIL_STATIC)) &&
            pmm_is_free(p, paddr(PTE_ADDR(pde))))
            return ktest_failf(why, whycap, "pde[%u]=%08x: its table frame is free in the PMM",
                               d, pde);
    }
    return KTEST_PASS;
}

KTEST(paging_map_unmap_live)
{
    struct vm_space *s = kvm_space();
    struct pmm *p = mm_boot_pmm();
    uint64_t free0 = pmm_free_count(p);
    uint32_t tables0 = s->tables;
    paddr_t f = pmm_alloc(p);
    vaddr_t va = vaddr_of((void *)(uintptr_t)TEST_VA);
    if (map_page(s, va, f, PTE_W, 0) != VM_OK)
        return ktest_failf(why, whycap, "map_page at %08x failed", TEST_VA);
    if (map_page(s, va, f, PTE_W, 0) != VM_EXISTS)
        return ktest_failf(why, whycap, "map_page over a present page did not refuse");
    volatile uint32_t *w = vaddr_ptr(va);
    *w = PMM_POISON;
    if (*(volatile uint32_t *)phys_to_ptr(f) != PMM_POISON)
        return ktest_failf(why, whycap, "a write at %08x did not reach frame %llx", TEST_VA,
                           (unsigned long long)paddr_val(f));
    if (unmap_range(s, va, PAGE_SIZE) != 1 || s->tables != tables0)
        return ktest_failf(why, whycap, "unmap_range: tables %u, expected %u", s->tables, tables0);
    if (!pf_read(w))
        return ktest_failf(why, whycap, "reading %08x after the unmap raised no #PF", TEST_VA);
    pmm_free(p, f);
    if (pmm_free_count(p) != free0)
        return ktest_failf(why, whycap, "free frames %llu, expected %llu",
                           (unsigned long long)pmm_free_count(p), (unsigned long long)free0);
    return KTEST_PASS;
}

KTEST(kheap_stress_no_leaks)
{
    static uint8_t *ptr[STRESS_N];
    static uint32_t len[STRESS_N];
    struct kheap_stats s0 = kheap_stats();
    uint32_t seed = 1;
    for (uint32_t i = 0; i < STRESS_N; i++) {
        seed = seed * LCG_MUL + LCG_ADD;
        len[i] = 1u + (seed >> LCG_SHIFT) % STRESS_MAX_SIZE;
        ptr[i] = kmalloc(len[i]);
        if (ptr[i] == NULL || ((uintptr_t)ptr[i] & (KHEAP_ALIGN - 1u)) != 0)
            return ktest_failf(why, whycap, "kmalloc(%u) #%u returned %08x", len[i], i,
                               (unsigned)(uintptr_t)ptr[i]);
        for (uint32_t j = 0; j < len[i]; j++)
            ptr[i][j] = (uint8_t)(PATTERN ^ i);
    }
    /* An overrun by one byte is caught (and repaired before the free). */
    uint8_t saved = ptr[0][len[0]];
    ptr[0][len[0]] ^= 0xFFu;
    int caught_overrun = kheap_check(ptr[0]) != 0;
    ptr[0][len[0]] = saved;
    if (!caught_overrun)
        return ktest_failf(why, whycap, "kheap_check missed a one-byte overrun");
    for (uint32_t k = 0; k < STRESS_N; k++) {
        uint32_t i = (k * 7u) % STRESS_N; /* 7 is coprime to STRESS_N: every block once */
        for (uint32_t j = 0; j < len[i]; j++)
            if (ptr[i][j] != (uint8_t)(PATTERN ^ i))
                return ktest_failf(why, whycap, "block %u byte %u changed", i, j);
        kfree(ptr[i]);
        if (kheap_check(ptr[i]) == 0)
            return ktest_failf(why, whycap, "block %u still looks live after kfree", i);
    }
    struct kheap_stats s1 = kheap_stats();
    if (s1.live != s0.live || s1.live_bytes != s0.live_bytes)
        return ktest_failf(why, whycap, "leak: %u blocks (%u bytes) live, expected %u", s1.live,
                           s1.live_bytes, s0.live);
    /* Everything coalesced: one allocation as big as the mapped heap fits without growing. */
    void *big = kmalloc(s1.mapped - 2u * KHEAP_ALIGN);
    struct kheap_stats s2 = kheap_stats();
    kfree(big);
    if (big == NULL || s2.mapped != s1.mapped)
        return ktest_failf(why, whycap, "free blocks did not coalesce (heap grew %u -> %u)",
                           s1.mapped, s2.mapped);
    return KTEST_PASS;
}

static void do_kfree(void *arg)
{
    kfree(arg);
}

/* Every bad kfree is refused with its reason, and the heap is unchanged after it. */
KTEST(kheap_bad_frees_are_caught)
{
    uint8_t *live = kmalloc(BAD_FREE_SIZE), *gone = kmalloc(BAD_FREE_SIZE);
    if (live == NULL || gone == NULL)
        return ktest_failf(why, whycap, "kmalloc(%u) failed", BAD_FREE_SIZE);
    memset(live, 0, BAD_FREE_SIZE); /* no stray header magic inside the block */
    kfree(gone);
    struct kheap_stats s0 = kheap_stats();
    static char msg[KTEST_WHY_MAX];
    struct {
        void *p;
        const char *expect;
    } cases[] = {
        { gone, "already freed (double free)" },
        { live + KHEAP_ALIGN, "no block header there" },
        { (void *)(uintptr_t)(HEAP_VBASE - PAGE_SIZE), "not a heap pointer" },
        { live, "canary after the block overwritten" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int overrun = i == sizeof(cases) / sizeof(cases[0]) - 1;
        if (overrun)
            live[BAD_FREE_SIZE] ^= 0xFFu;
        int caught = mm_fatal_try(do_kfree, cases[i].p, msg, sizeof(msg));
        if (overrun)
            live[BAD_FREE_SIZE] ^= 0xFFu;
        if (!caught || !ktest_contains(msg, cases[i].expect))
            return ktest_failf(why, whycap, "kfree(%08x): expected \"%s\", got %s%s",
                               (unsigned)(uintptr_t)cases[i].p, cases[i].expect,
                               caught ? "" : "no error", caught ? msg : "");
        struct kheap_stats s1 = kheap_stats();
        if (s1.live != s0.live || s1.live_bytes != s0.live_bytes || kheap_check(live) != 0)
            return ktest_failf(why, whycap, "the refused kfree(%08x) changed the heap",
                               (unsigned)(uintptr_t)cases[i].p);
    }
    kfree(live);
    return KTEST_PASS;
}
