/*
 * test_uvm.c: the user half (mm/uvm.c) against fake page tables in fake
 * RAM: the region list (sorted, disjoint, bounds, resize), demand-zero
 * faults and their refusals, running out of frames, giving back a shrunk
 * heap, sharing and syncing the kernel's PDEs, and freeing a whole user
 * half with every frame accounted for.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

#include "fake_frames.h"
#include "host_mm.h"
#include "uvm.h"

#define FAKE_RAM    (8ull << 20)
#define FRAMES      (FAKE_RAM >> PAGE_SHIFT)
#define HEAP        0x08050000u
#define PAGE        PAGE_SIZE

struct world {
    struct fake_frames ff;
    struct vm_space s;
    struct uregion_list l;
};

static void world_up(struct world *w, uint32_t limit)
{
    host_phys_init(0, FAKE_RAM);
    fake_frames_init(&w->ff, FRAMES, limit);
    struct vm_frames fr = fake_frames_ops(&w->ff);
    assert_int_equal(vm_space_init(&w->s, &fr), VM_OK);
    uregion_init(&w->l);
}

/* kernel_space_up: a second space from the same fake frames, standing in for the kernel's. */
static void kernel_space_up(struct world *w, struct vm_space *k)
{
    struct vm_frames fr = fake_frames_ops(&w->ff);
    assert_int_equal(vm_space_init(k, &fr), VM_OK);
}

/* ---- Region list --------------------------------------------------------- */

static void regions_sorted_and_disjoint(void **state)
{
    (void)state;
    struct uregion_list l;
    uregion_init(&l);
    assert_int_equal(uregion_add(&l, USER_STACK_BOTTOM, USER_TOP, UREG_W, UREG_STACK), UREG_OK);
    assert_int_equal(uregion_add(&l, HEAP, HEAP + 4 * PAGE, UREG_W, UREG_HEAP), UREG_OK);
    assert_int_equal(uregion_add(&l, 0x40000000u, 0x40001000u, 0, UREG_OTHER), UREG_OK);
    assert_int_equal(l.n, 3);
    assert_int_equal(l.r[0].start, HEAP);
    assert_int_equal(l.r[1].start, 0x40000000u);
    assert_int_equal(l.r[2].start, USER_STACK_BOTTOM);
    /* Overlaps on either side, and touching is fine. */
    assert_int_equal(uregion_add(&l, HEAP + 3 * PAGE, HEAP + 5 * PAGE, 0, 0), UREG_OVERLAP);
    assert_int_equal(uregion_add(&l, HEAP - PAGE, HEAP + PAGE, 0, 0), UREG_OVERLAP);
    assert_int_equal(uregion_add(&l, HEAP - 2 * PAGE, HEAP + 8 * PAGE, 0, 0), UREG_OVERLAP);
    assert_int_equal(uregion_add(&l, HEAP + 4 * PAGE, HEAP + 5 * PAGE, 0, 0), UREG_OK);
    assert_int_equal(uregion_add(&l, HEAP - PAGE, HEAP, 0, 0), UREG_OK);
    assert_int_equal(l.n, 5);
    for (uint32_t i = 1; i < l.n; i++)
        assert_true(l.r[i - 1].end <= l.r[i].start);
    assert_int_equal(uregion_reserved(&l),
                     (uint64_t)USER_STACK_MAX + 6u * PAGE + PAGE);
}

static void regions_bounds(void **state)
{
    (void)state;
    struct uregion_list l;
    uregion_init(&l);
    assert_int_equal(uregion_add(&l, HEAP + 1, HEAP + PAGE, 0, 0), UREG_INVALID);
    assert_int_equal(uregion_add(&l, HEAP, HEAP + PAGE + 8, 0, 0), UREG_INVALID);
    assert_int_equal(uregion_add(&l, HEAP + PAGE, HEAP, 0, 0), UREG_INVALID);
    assert_int_equal(uregion_add(&l, 0, PAGE, 0, 0), UREG_INVALID);             /* below USER_VMIN */
    assert_int_equal(uregion_add(&l, USER_TOP - PAGE, USER_TOP + PAGE, 0, 0), UREG_INVALID);
    assert_int_equal(uregion_add(&l, KERNEL_VBASE, KERNEL_VBASE + PAGE, 0, 0), UREG_INVALID);
    assert_int_equal(l.n, 0);
    /* An empty region (a heap before its first sbrk) is allowed and finds nothing. */
    assert_int_equal(uregion_add(&l, HEAP, HEAP, UREG_W, UREG_HEAP), UREG_OK);
    assert_null(uregion_find(&l, HEAP));
    for (uint32_t i = 1; i < UREGION_MAX; i++)
        assert_int_equal(uregion_add(&l, HEAP + i * 2 * PAGE, HEAP + i * 2 * PAGE + PAGE, 0, 0),
                         UREG_OK);
    assert_int_equal(uregion_add(&l, 0x50000000u, 0x50001000u, 0, 0), UREG_FULL);
}

static void regions_find_and_resize(void **state)
{
    (void)state;
    struct uregion_list l;
    uregion_init(&l);
    assert_int_equal(uregion_add(&l, HEAP, HEAP, UREG_W, UREG_HEAP), UREG_OK);
    assert_int_equal(uregion_add(&l, USER_STACK_BOTTOM, USER_TOP, UREG_W, UREG_STACK), UREG_OK);
    /* Grow the heap by 2 GiB: only a number changes. */
    assert_int_equal(uregion_resize(&l, HEAP, HEAP + 0x80000000u), UREG_OK);
    assert_non_null(uregion_find(&l, HEAP));
    assert_non_null(uregion_find(&l, HEAP + 0x7FFFFFFFu));
    assert_null(uregion_find(&l, HEAP + 0x80000000u));
    assert_null(uregion_find(&l, HEAP - 1));
    assert_int_equal(uregion_find(&l, USER_TOP - 1)->kind, UREG_STACK);
    assert_null(uregion_find(&l, USER_STACK_BOTTOM - 1)); /* the guard page */
    /* Into the stack: refused; to the guard page: fine; shrink to nothing: fine. */
    assert_int_equal(uregion_resize(&l, HEAP, USER_STACK_BOTTOM + PAGE), UREG_OVERLAP);
    assert_int_equal(uregion_resize(&l, HEAP, USER_HEAP_LIMIT), UREG_OK);
    assert_int_equal(uregion_resize(&l, HEAP, HEAP), UREG_OK);
    assert_null(uregion_find(&l, HEAP));
    assert_int_equal(uregion_resize(&l, HEAP + PAGE, HEAP + 2 * PAGE), UREG_MISSING);
    assert_int_equal(uregion_resize(&l, HEAP, HEAP + 3), UREG_INVALID);
    assert_int_equal(uregion_resize(&l, HEAP, HEAP - PAGE), UREG_INVALID);
}

/* ---- Demand-zero faults --------------------------------------------------- */

static void fault_maps_zeroed_page(void **state)
{
    (void)state;
    struct world w;
    world_up(&w, FRAMES);
    assert_int_equal(uregion_add(&w.l, HEAP, HEAP + 0x40000000u, UREG_W, UREG_HEAP), UREG_OK);
    uint32_t out0 = w.ff.out;
    assert_int_equal(uvm_fault(&w.s, &w.l, HEAP + 0x12345678u, 1), UVM_FAULT_MAPPED);
    paddr_t pa;
    uint32_t flags;
    uint32_t page = (HEAP + 0x12345678u) & ~(PAGE - 1u);
    assert_int_equal(virt_to_phys(&w.s, uva(page), &pa, &flags), 0);
    assert_true(flags & PTE_U);
    assert_true(flags & PTE_W);
    assert_false(flags & PTE_G);
    const uint32_t *words = phys_to_ptr(pa);
    for (uint32_t i = 0; i < PAGE / 4; i++)
        assert_int_equal(words[i], 0); /* fake RAM starts as 0x5a bytes */
    assert_int_equal(w.ff.out, out0 + 2); /* the page and its table */
    /* A second fault on the same (present) page is a protection fault, not a remap. */
    assert_int_equal(uvm_fault(&w.s, &w.l, page + 8, 1), UVM_FAULT_PROTECTION);
    assert_int_equal(w.ff.out, out0 + 2);
}

static void fault_refusals(void **state)
{
    (void)state;
    struct world w;
    world_up(&w, FRAMES);
    assert_int_equal(uregion_add(&w.l, HEAP, HEAP + 4 * PAGE, 0, UREG_OTHER), UREG_OK); /* read-only */
    uint32_t out0 = w.ff.out;
    assert_int_equal(uvm_fault(&w.s, &w.l, KERNEL_VBASE + 0x100000u, 0), UVM_FAULT_KERNEL);
    assert_int_equal(uvm_fault(&w.s, &w.l, 0xFFFFFFFFu, 1), UVM_FAULT_KERNEL);
    assert_int_equal(uvm_fault(&w.s, &w.l, HEAP - 4, 0), UVM_FAULT_UNMAPPED);
    assert_int_equal(uvm_fault(&w.s, &w.l, HEAP + 4 * PAGE, 0), UVM_FAULT_UNMAPPED);
    assert_int_equal(uvm_fault(&w.s, &w.l, 0, 0), UVM_FAULT_UNMAPPED);
    assert_int_equal(uvm_fault(&w.s, &w.l, HEAP, 1), UVM_FAULT_UNMAPPED); /* write, read-only region */
    assert_int_equal(w.ff.out, out0);
    assert_int_equal(uvm_fault(&w.s, &w.l, HEAP, 0), UVM_FAULT_MAPPED);
    uint32_t flags;
    assert_int_equal(virt_to_phys(&w.s, uva(HEAP), &(paddr_t){ 0 }, &flags), 0);
    assert_false(flags & PTE_W);
    assert_string_equal(uvm_fault_name(UVM_FAULT_NOMEM), "out of memory");
}

static void fault_out_of_frames(void **state)
{
    (void)state;
    struct world w;
    world_up(&w, 3); /* the directory, one table, one page */
    assert_int_equal(uregion_add(&w.l, HEAP, HEAP + 0x800000u, UREG_W, UREG_HEAP), UREG_OK);
    assert_int_equal(uvm_fault(&w.s, &w.l, HEAP, 1), UVM_FAULT_MAPPED);
    assert_int_equal(uvm_fault(&w.s, &w.l, HEAP + PAGE, 1), UVM_FAULT_NOMEM);
    assert_int_equal(w.ff.out, 3);
    /* A page whose table is missing: the page's frame comes, the table's does not; nothing kept. */
    w.ff.limit = 4;
    assert_int_equal(uvm_fault(&w.s, &w.l, HEAP + 0x400000u, 1), UVM_FAULT_NOMEM);
    assert_int_equal(w.ff.out, 3);
    assert_int_equal(virt_to_phys(&w.s, uva(HEAP + 0x400000u), &(paddr_t){ 0 }, NULL), -1);
}

static void release_gives_frames_back(void **state)
{
    (void)state;
    struct world w;
    world_up(&w, FRAMES);
    assert_int_equal(uregion_add(&w.l, HEAP, HEAP + 0x1000000u, UREG_W, UREG_HEAP), UREG_OK);
    uint32_t out0 = w.ff.out;
    /* Touch pages in three different 4 MiB stretches. */
    static const uint32_t offs[] = { 0, PAGE, 0x400000u, 0xC00000u + 5 * PAGE };
    for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++)
        assert_int_equal(uvm_fault(&w.s, &w.l, HEAP + offs[i], 1), UVM_FAULT_MAPPED);
    assert_int_equal(w.ff.out, out0 + 4 + 3);
    /* Shrink to one page: three pages and two tables go back. */
    assert_int_equal(uvm_release(&w.s, HEAP + PAGE, HEAP + 0x1000000u), 3);
    assert_int_equal(w.ff.out, out0 + 1 + 1);
    assert_int_equal(virt_to_phys(&w.s, uva(HEAP), &(paddr_t){ 0 }, NULL), 0);
    assert_int_equal(virt_to_phys(&w.s, uva(HEAP + PAGE), &(paddr_t){ 0 }, NULL), -1);
    assert_int_equal(uvm_release(&w.s, HEAP, HEAP), 0);
}

static void free_user_half_returns_everything(void **state)
{
    (void)state;
    struct world w;
    world_up(&w, FRAMES);
    /* A kernel half to share: a "kernel directory" with two tables of its own. */
    struct vm_space k;
    kernel_space_up(&w, &k);
    assert_int_equal(map_page(&k, uva(KERNEL_VBASE), paddr(0x100000), PTE_W | PTE_G, 0), VM_OK);
    assert_int_equal(map_page(&k, uva(0xE0000000u), paddr(0x101000), PTE_W, 0), VM_OK);
    uint32_t kernel_frames = w.ff.out - 1; /* all but the user directory */
    uvm_copy_kernel_pdes(&w.s, k.pd);
    const uint32_t *kpd = phys_to_ptr(k.pd);
    const uint32_t *upd = phys_to_ptr(w.s.pd);
    for (uint32_t i = KERNEL_PDX; i < PT_ENTRIES; i++)
        assert_int_equal(upd[i], kpd[i]);
    assert_false(upd[KERNEL_PDX] & PTE_U);
    /* A user half with pages in many tables (more than one free batch of 64). */
    assert_int_equal(uregion_add(&w.l, 0x00400000u, 0x40400000u, UREG_W, UREG_HEAP), UREG_OK);
    for (uint32_t t = 0; t < 70; t++)
        for (uint32_t p = 0; p < 3; p++)
            assert_int_equal(uvm_fault(&w.s, &w.l, 0x00400000u + t * 0x400000u + p * 0x100000u, 1),
                             UVM_FAULT_MAPPED);
    assert_int_equal(w.s.tables, 70);
    uint32_t before = w.ff.out;
    assert_int_equal(uvm_free_user(&w.s), 70 * 3 + 70 + 1);
    assert_int_equal(w.ff.out, before - (70 * 3 + 70 + 1));
    assert_int_equal(w.ff.out, kernel_frames);
    assert_true(paddr_is_null(w.s.pd));
    /* The kernel's own tables are untouched. */
    assert_int_equal(virt_to_phys(&k, uva(0xE0000000u), &(paddr_t){ 0 }, NULL), 0);
}

static void sync_kernel_pde(void **state)
{
    (void)state;
    struct world w;
    world_up(&w, FRAMES);
    struct vm_space k;
    kernel_space_up(&w, &k);
    uvm_copy_kernel_pdes(&w.s, k.pd);
    /* The kernel grows a table after the process was made. */
    assert_int_equal(map_page(&k, uva(0xE0400000u), paddr(0x102000), PTE_W, 0), VM_OK);
    assert_int_equal(uvm_sync_kernel_pde(&w.s, k.pd, 0xE0400010u), 1);
    assert_int_equal(virt_to_phys(&w.s, uva(0xE0400000u), &(paddr_t){ 0 }, NULL), 0);
    assert_int_equal(uvm_sync_kernel_pde(&w.s, k.pd, 0xE0400010u), 0); /* already there */
    assert_int_equal(uvm_sync_kernel_pde(&w.s, k.pd, 0xE0800000u), 0); /* the kernel has none */
    assert_int_equal(uvm_sync_kernel_pde(&w.s, k.pd, HEAP), 0);        /* user half: never */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(regions_sorted_and_disjoint),
        cmocka_unit_test(regions_bounds),
        cmocka_unit_test(regions_find_and_resize),
        cmocka_unit_test(fault_maps_zeroed_page),
        cmocka_unit_test(fault_refusals),
        cmocka_unit_test(fault_out_of_frames),
        cmocka_unit_test(release_gives_frames_back),
        cmocka_unit_test(free_user_half_returns_everything),
        cmocka_unit_test(sync_kernel_pde),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    host_phys_release();
    return failed;
}
