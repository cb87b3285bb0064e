/*
 * test_vm.c: the page-table code (mm/vm.c) against fake RAM: round trips,
 * the bits in the entries, refusal to remap, rollback, freeing of empty
 * tables, 4 MiB entries, and random map/unmap sequences checked against a
 * reference model (page -> pa, flags).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fake_frames.h"
#include "host_mm.h"
#include "vm.h"

#define FAKE_BASE   0x0ull
#define FAKE_RAM    (16ull << 20)                /* 16 MiB of "physical memory" */
#define FRAMES      (FAKE_RAM >> PAGE_SHIFT)

struct world {
    struct fake_frames ff;
    struct vm_space s;
};

static void world_up(struct world *w, uint32_t limit)
{
    host_phys_init(FAKE_BASE, FAKE_RAM);
    fake_frames_init(&w->ff, FRAMES, limit);
    struct vm_frames fr = fake_frames_ops(&w->ff);
    assert_int_equal(vm_space_init(&w->s, &fr), VM_OK);
    host_tlb_flushes = 0;
}

static vaddr_t V(uint32_t va)
{
    return vaddr_of((void *)(uintptr_t)va);
}

static void round_trip_and_entry_bits(void **state)
{
    (void)state;
    struct world w;
    world_up(&w, FRAMES);
    assert_int_equal(w.ff.out, 1); /* the directory */
    uint32_t va = 0xC03FE000u;     /* straddles two page tables */
    assert_int_equal(map_range(&w.s, V(va), paddr(0x00500000), 4 * PAGE_SIZE, PTE_W | PTE_G, 0),
                     VM_OK);
    assert_int_equal(w.s.tables, 2);
    assert_int_equal(w.ff.out, 3);
    for (uint32_t i = 0; i < 4; i++) {
        paddr_t pa;
        uint32_t fl;
        assert_int_equal(virt_to_phys(&w.s, V(va + i * PAGE_SIZE + 0x123), &pa, &fl), 0);
        assert_int_equal(paddr_val(pa), 0x00500000 + i * PAGE_SIZE + 0x123);
        assert_int_equal(fl, PTE_P | PTE_W | PTE_G);
        uint32_t pde, pte;
        vm_entries(&w.s, V(va + i * PAGE_SIZE), &pde, &pte);
        assert_int_equal(PTE_FLAGS(pde), PTE_P | PTE_W);
        assert_int_equal(pte, (0x00500000 + i * PAGE_SIZE) | PTE_P | PTE_W | PTE_G);
    }
    paddr_t pa;
    assert_int_equal(virt_to_phys(&w.s, V(va - PAGE_SIZE), &pa, NULL), -1);
    assert_int_equal(virt_to_phys(&w.s, V(va + 4 * PAGE_SIZE), &pa, NULL), -1);
    assert_int_equal(virt_to_phys(&w.s, V(0), &pa, NULL), -1);
    /* Read-only user page with caching off: U reaches the PDE as well. */
    assert_int_equal(map_page(&w.s, V(0x00400000), paddr(0x1000), PTE_U | PTE_PCD, 0), VM_OK);
    uint32_t pde, pte;
    vm_entries(&w.s, V(0x00400000), &pde, &pte);
    assert_int_equal(PTE_FLAGS(pde), PTE_P | PTE_W | PTE_U);
    assert_int_equal(pte, 0x1000 | PTE_P | PTE_U | PTE_PCD);
    assert_int_equal(w.s.tables, 3);
    assert_int_equal(vm_count_tables(&w.s), 3);
    assert_int_equal(host_tlb_flushes, 0); /* nothing present was changed */
    host_phys_release();
}

static void refuses_to_remap_unless_told(void **state)
{
    (void)state;
    struct world w;
    world_up(&w, FRAMES);
    assert_int_equal(map_page(&w.s, V(0x10000000), paddr(0x2000), PTE_W, 0), VM_OK);
    assert_int_equal(map_page(&w.s, V(0x10000000), paddr(0x3000), PTE_W, 0), VM_EXISTS);
    paddr_t pa;
    assert_int_equal(virt_to_phys(&w.s, V(0x10000000), &pa, NULL), 0);
    assert_int_equal(paddr_val(pa), 0x2000);
    /* A range that overlaps one present page changes nothing at all. */
    assert_int_equal(map_range(&w.s, V(0x0FFFE000), paddr(0x8000), 4 * PAGE_SIZE, 0, 0),
                     VM_EXISTS);
    assert_int_equal(virt_to_phys(&w.s, V(0x0FFFE000), &pa, NULL), -1);
    assert_int_equal(w.s.tables, 1);
    /* VM_REMAP replaces, and flushes the old translation. */
    assert_int_equal(map_page(&w.s, V(0x10000000), paddr(0x3000), 0, VM_REMAP), VM_OK);
    assert_int_equal(virt_to_phys(&w.s, V(0x10000000), &pa, NULL), 0);
    assert_int_equal(paddr_val(pa), 0x3000);
    assert_int_equal(host_tlb_flushes, 1);
    host_phys_release();
}

static void invalid_arguments_change_nothing(void **state)
{
    (void)state;
    struct world w;
    world_up(&w, FRAMES);
    assert_int_equal(map_page(&w.s, V(0x1001), paddr(0x2000), 0, 0), VM_INVALID);
    assert_int_equal(map_page(&w.s, V(0x1000), paddr(0x2001), 0, 0), VM_INVALID);
    assert_int_equal(map_range(&w.s, V(0x1000), paddr(0x2000), 100, 0, 0), VM_INVALID);
    assert_int_equal(map_range(&w.s, V(0xFFFFF000), paddr(0x2000), 2 * PAGE_SIZE, 0, 0),
                     VM_INVALID);
    assert_int_equal(map_page(&w.s, V(0x1000), paddr(0x100000000ull), 0, 0), VM_INVALID);
    assert_int_equal(map_page(&w.s, V(0x1000), paddr(0x2000), PTE_PS, 0), VM_INVALID);
    assert_int_equal(unmap_range(&w.s, V(0x1800), PAGE_SIZE), VM_INVALID);
    assert_int_equal(map_range(&w.s, V(0x1000), paddr(0x2000), 0, 0, 0), VM_OK);
    assert_int_equal(w.s.tables, 0);
    assert_int_equal(w.ff.out, 1);
    host_phys_release();
}

static void unmap_frees_empty_tables(void **state)
{
    (void)state;
    struct world w;
    world_up(&w, FRAMES);
    uint32_t va = 0x003FF000u; /* last page of table 0, first pages of table 1 */
    assert_int_equal(map_range(&w.s, V(va), paddr(0x9000), 3 * PAGE_SIZE, PTE_W, 0), VM_OK);
    assert_int_equal(w.s.tables, 2);
    assert_int_equal(unmap_range(&w.s, V(va + PAGE_SIZE), PAGE_SIZE), 1);
    assert_int_equal(w.s.tables, 2); /* table 1 still holds a page */
    assert_int_equal(unmap_range(&w.s, V(va), PAGE_SIZE), 1);
    assert_int_equal(w.s.tables, 1); /* table 0 emptied and given back */
    uint32_t pde, pte;
    vm_entries(&w.s, V(va), &pde, &pte);
    assert_int_equal(pde, 0);
    assert_int_equal(unmap_range(&w.s, V(0), 0x01000000), 1);
    assert_int_equal(w.s.tables, 0);
    assert_int_equal(w.ff.out, 1);
    assert_int_equal(unmap_range(&w.s, V(0), 0x01000000), 0);
    /* 3 page flushes + 2 table flushes */
    assert_int_equal(host_tlb_flushes, 5);
    host_phys_release();
}

static void out_of_frames_rolls_back(void **state)
{
    (void)state;
    struct world w;
    world_up(&w, 2); /* the directory and one table */
    assert_int_equal(map_range(&w.s, V(0x003FE000), paddr(0x9000), 4 * PAGE_SIZE, 0, 0),
                     VM_NOMEM);
    assert_int_equal(w.s.tables, 0);
    assert_int_equal(w.ff.out, 1);
    paddr_t pa;
    assert_int_equal(virt_to_phys(&w.s, V(0x003FE000), &pa, NULL), -1);
    assert_int_equal(map_range(&w.s, V(0x003FE000), paddr(0x9000), 2 * PAGE_SIZE, 0, 0), VM_OK);
    host_phys_release();
}

static void large_pages_and_static_tables(void **state)
{
    (void)state;
    struct world w;
    world_up(&w, FRAMES);
    assert_int_equal(vm_set_pde(&w.s, V(0xF0000000), 0xC0000000u | PTE_P | PTE_W | PTE_PS), VM_OK);
    assert_int_equal(vm_set_pde(&w.s, V(0xF0000000), 0), VM_EXISTS);
    assert_int_equal(vm_set_pde(&w.s, V(0xF0001000), 0), VM_INVALID);
    paddr_t pa;
    uint32_t fl;
    assert_int_equal(virt_to_phys(&w.s, V(0xF0123456), &pa, &fl), 0);
    assert_int_equal(paddr_val(pa), 0xC0123456u);
    assert_true(fl & PTE_PS);
    assert_int_equal(map_page(&w.s, V(0xF0001000), paddr(0x1000), 0, 0), VM_EXISTS);
    assert_int_equal(map_page(&w.s, V(0xF0001000), paddr(0x1000), 0, VM_REMAP), VM_INVALID);
    assert_int_equal(unmap_range(&w.s, V(0xF0000000), PAGE_SIZE), VM_INVALID);
    /* A static table is used but never given back. */
    paddr_t t = fake_frame_alloc(&w.ff);
    memset(phys_to_ptr(t), 0, PAGE_SIZE);
    assert_int_equal(vm_set_pde(&w.s, V(0xFFC00000), (uint32_t)paddr_val(t) | PTE_P | PTE_W |
                                                         PTE_AVAIL_STATIC), VM_OK);
    assert_int_equal(map_page(&w.s, V(0xFFC05000), paddr(0x7000), PTE_W, 0), VM_OK);
    assert_int_equal(unmap_range(&w.s, V(0xFFC05000), PAGE_SIZE), 1);
    uint32_t pde, pte;
    vm_entries(&w.s, V(0xFFC05000), &pde, &pte);
    assert_int_equal(pde, (uint32_t)paddr_val(t) | PTE_P | PTE_W | PTE_AVAIL_STATIC);
    assert_int_equal(vm_count_tables(&w.s), 0);
    host_phys_release();
}

/* ---- Random sequences against a reference model ---------------------------- */
#define MODEL_VBASE  0xBFC00000u
#define MODEL_PAGES  (3u * PT_ENTRIES) /* three page tables' worth */
#define MODEL_OPS    4000
#define MAX_RUN      40u
#define SEEDS        8u
#define MAX_FRAME    0xFFF00u /* + MAX_RUN pages stays below 4 GiB */

struct model_page {
    uint32_t pa;     /* 0: not mapped (the model never maps frame 0) */
    uint32_t flags;
};

static struct model_page model[MODEL_PAGES];

static uint32_t rnd(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

static void check_model(struct world *w)
{
    uint32_t tables = 0;
    for (uint32_t t = 0; t < MODEL_PAGES / PT_ENTRIES; t++) {
        int any = 0;
        for (uint32_t i = 0; i < PT_ENTRIES; i++) {
            const struct model_page *m = &model[t * PT_ENTRIES + i];
            uint32_t va = MODEL_VBASE + (t * PT_ENTRIES + i) * PAGE_SIZE;
            paddr_t pa;
            uint32_t fl;
            int r = virt_to_phys(&w->s, V(va), &pa, &fl);
            if (m->pa == 0) {
                assert_int_equal(r, -1);
            } else {
                any = 1;
                assert_int_equal(r, 0);
                assert_int_equal(paddr_val(pa), m->pa);
                assert_int_equal(fl, m->flags | PTE_P);
            }
        }
        tables += any;
    }
    assert_int_equal(w->s.tables, tables);
    assert_int_equal(vm_count_tables(&w->s), tables);
    assert_int_equal(w->ff.out, tables + 1);
}

static void random_sequences_match_the_model(void **state)
{
    (void)state;
    static const uint32_t flag_choices[] = { 0, PTE_W, PTE_W | PTE_G, PTE_U, PTE_W | PTE_PCD };
    for (uint32_t seed = 1; seed <= SEEDS; seed++) {
        struct world w;
        world_up(&w, FRAMES);
        memset(model, 0, sizeof(model));
        uint32_t s = seed;
        for (int op = 0; op < MODEL_OPS; op++) {
            uint32_t n = 1 + rnd(&s) % MAX_RUN;
            uint32_t first = rnd(&s) % (MODEL_PAGES - n + 1);
            vaddr_t va = V(MODEL_VBASE + first * PAGE_SIZE);
            if (rnd(&s) % 3 != 0) {
                uint32_t pa = (1 + rnd(&s) % MAX_FRAME) << PAGE_SHIFT;
                uint32_t fl = flag_choices[rnd(&s) % (sizeof(flag_choices) / sizeof(flag_choices[0]))];
                unsigned opts = rnd(&s) % 4 == 0 ? VM_REMAP : 0;
                int present = 0;
                for (uint32_t i = 0; i < n; i++)
                    present |= model[first + i].pa != 0;
                int r = map_range(&w.s, va, paddr(pa), n * PAGE_SIZE, fl, opts);
                if (present && !(opts & VM_REMAP)) {
                    assert_int_equal(r, VM_EXISTS);
                } else {
                    assert_int_equal(r, VM_OK);
                    for (uint32_t i = 0; i < n; i++)
                        model[first + i] = (struct model_page){ pa + i * PAGE_SIZE, fl };
                }
            } else {
                long expect = 0;
                for (uint32_t i = 0; i < n; i++) {
                    expect += model[first + i].pa != 0;
                    model[first + i].pa = 0;
                }
                assert_int_equal(unmap_range(&w.s, va, n * PAGE_SIZE), expect);
            }
            if (op % 200 == 0)
                check_model(&w);
        }
        check_model(&w);
        assert_true(unmap_range(&w.s, V(MODEL_VBASE), MODEL_PAGES * PAGE_SIZE) >= 0);
        assert_int_equal(w.s.tables, 0);
        assert_int_equal(w.ff.out, 1);
        host_phys_release();
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip_and_entry_bits),
        cmocka_unit_test(refuses_to_remap_unless_told),
        cmocka_unit_test(invalid_arguments_change_nothing),
        cmocka_unit_test(unmap_frees_empty_tables),
        cmocka_unit_test(out_of_frames_rolls_back),
        cmocka_unit_test(large_pages_and_static_tables),
        cmocka_unit_test(random_sequences_match_the_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
