/*
 * test_uaccess.c: the system calls' user-pointer checks and copies
 * (mm/uaccess.c) against fake page tables: kernel addresses, ranges that
 * wrap or run past the user half, supervisor pages, read-only pages,
 * unmapped pages in and out of regions (demand-mapped for the call),
 * running out of frames, and copies across page boundaries.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

#include "fake_frames.h"
#include "host_mm.h"
#include "uaccess.h"

#define FAKE_RAM    (4ull << 20)
#define FRAMES      (FAKE_RAM >> PAGE_SHIFT)
#define PAGE        PAGE_SIZE
#define TEXT        0x08048000u /* user, read-only */
#define DATA        0x08049000u /* user, writable */
#define SUPER       0x0804A000u /* present, supervisor-only */
#define HOLE        0x0804B000u /* nothing */
#define HEAP        0x0804C000u /* region, not yet mapped */
#define HEAP_PAGES  4u

static struct fake_frames ff;

static struct vm_space s;
static struct uregion_list l;

/* map_new: a fresh frame at va with flags, filled with byte b. */
static void map_new(uint32_t va, uint32_t flags, uint8_t b)
{
    paddr_t pa = fake_frame_alloc(&ff);
    assert_false(paddr_is_null(pa));
    memset(phys_to_ptr(pa), b, PAGE);
    assert_int_equal(map_page(&s, uva(va), pa, flags, 0), VM_OK);
}

static int setup(void **state)
{
    (void)state;
    host_phys_init(0, FAKE_RAM);
    fake_frames_init(&ff, FRAMES, FRAMES);
    struct vm_frames fr = fake_frames_ops(&ff);
    assert_int_equal(vm_space_init(&s, &fr), VM_OK);
    map_new(TEXT, PTE_U, 'T');
    map_new(DATA, PTE_U | PTE_W, 'D');
    map_new(SUPER, PTE_W, 'S');
    uregion_init(&l);
    assert_int_equal(uregion_add(&l, HEAP, HEAP + HEAP_PAGES * PAGE, UREG_W, UREG_HEAP), UREG_OK);
    /* A kernel page, mapped supervisor in the same directory (as the shared kernel half is). */
    map_new(KERNEL_VBASE + 0x100000u, PTE_W, 'K');
    return 0;
}

static void kernel_and_wrapping_ranges(void **state)
{
    (void)state;
    assert_int_equal(uaccess_check(&s, &l, KERNEL_VBASE + 0x100000u, 16, UACCESS_READ),
                     UACCESS_FAULT);
    assert_int_equal(uaccess_check(&s, &l, 0xFFFFFFF0u, 16, UACCESS_READ), UACCESS_FAULT);
    assert_int_equal(uaccess_check(&s, &l, USER_TOP - 8, 16, UACCESS_READ), UACCESS_FAULT);
    assert_int_equal(uaccess_check(&s, &l, DATA, 0xFFFFFFFFu, UACCESS_READ), UACCESS_FAULT);
    assert_int_equal(uaccess_check(&s, &l, DATA + 16, 0xFFFFFFF0u, UACCESS_READ), UACCESS_FAULT);
    /* Zero bytes: nothing is touched, anything goes. */
    assert_int_equal(uaccess_check(&s, &l, KERNEL_VBASE, 0, UACCESS_WRITE), UACCESS_OK);
}

static void page_permissions(void **state)
{
    (void)state;
    assert_int_equal(uaccess_check(&s, &l, TEXT + 4, 100, UACCESS_READ), UACCESS_OK);
    assert_int_equal(uaccess_check(&s, &l, TEXT + 4, 100, UACCESS_WRITE), UACCESS_FAULT);
    assert_int_equal(uaccess_check(&s, &l, DATA, PAGE, UACCESS_WRITE), UACCESS_OK);
    assert_int_equal(uaccess_check(&s, &l, SUPER, 4, UACCESS_READ), UACCESS_FAULT);
    /* A range that starts fine and runs into the supervisor page. */
    assert_int_equal(uaccess_check(&s, &l, DATA + PAGE - 4, 8, UACCESS_READ), UACCESS_FAULT);
    /* Spanning text and data: readable, not writable. */
    assert_int_equal(uaccess_check(&s, &l, TEXT + PAGE - 4, 8, UACCESS_READ), UACCESS_OK);
    assert_int_equal(uaccess_check(&s, &l, TEXT + PAGE - 4, 8, UACCESS_WRITE), UACCESS_FAULT);
    assert_int_equal(uaccess_check(&s, &l, HOLE, 1, UACCESS_READ), UACCESS_FAULT);
    assert_int_equal(uaccess_check(&s, &l, 0, 4, UACCESS_READ), UACCESS_FAULT);
}

static void user_pte_under_supervisor_pde(void **state)
{
    (void)state;
    /* A PTE with U under a PDE without it is not user-accessible (the CPU ANDs both). */
    uint32_t va = 0x10000000u;
    map_new(va, PTE_U | PTE_W, 'X');
    uint32_t *pd = phys_to_ptr(s.pd);
    pd[PDX(va)] &= ~PTE_U;
    assert_int_equal(uaccess_check(&s, &l, va, 4, UACCESS_READ), UACCESS_FAULT);
    pd[PDX(va)] |= PTE_U;
    assert_int_equal(uaccess_check(&s, &l, va, 4, UACCESS_READ), UACCESS_OK);
}

static void region_pages_are_mapped_for_the_call(void **state)
{
    (void)state;
    uint32_t out0 = ff.out;
    assert_int_equal(uaccess_check(&s, &l, HEAP + PAGE - 2, 4, UACCESS_WRITE), UACCESS_OK);
    assert_int_equal(ff.out, out0 + 2); /* two pages (the table exists: same 4 MiB as TEXT) */
    char buf[8];
    assert_int_equal(uaccess_copy_in(&s, &l, buf, HEAP + PAGE - 4, 8), UACCESS_OK);
    for (int i = 0; i < 8; i++)
        assert_int_equal(buf[i], 0);
    /* Running past the region: refused (the pages inside it may stay mapped). */
    assert_int_equal(uaccess_check(&s, &l, HEAP + (HEAP_PAGES - 1) * PAGE, PAGE + 1, UACCESS_READ),
                     UACCESS_FAULT);
}

static void out_of_frames(void **state)
{
    (void)state;
    ff.limit = ff.out;
    assert_int_equal(uaccess_check(&s, &l, HEAP + 2 * PAGE, 4, UACCESS_READ), UACCESS_NOMEM);
    ff.limit = FRAMES;
}

static void copies_cross_pages(void **state)
{
    (void)state;
    /* DATA then HEAP pages: make a writable run of two pages at HEAP. */
    char msg[PAGE / 2];
    for (size_t i = 0; i < sizeof(msg); i++)
        msg[i] = (char)('a' + i % 26);
    uint32_t va = HEAP + 2 * PAGE - 100;
    assert_int_equal(uaccess_copy_out(&s, &l, va, msg, sizeof(msg)), UACCESS_OK);
    char back[PAGE / 2];
    memset(back, 0, sizeof(back));
    assert_int_equal(uaccess_copy_in(&s, &l, back, va, sizeof(back)), UACCESS_OK);
    assert_memory_equal(back, msg, sizeof(msg));
    /* The bytes landed in the frames the page tables name. */
    paddr_t pa;
    assert_int_equal(virt_to_phys(&s, uva(HEAP + 2 * PAGE), &pa, NULL), 0);
    assert_memory_equal(phys_to_ptr(pa), msg + 100, 16);
    /* A refused copy copies nothing. */
    memset(back, '#', sizeof(back));
    assert_int_equal(uaccess_copy_in(&s, &l, back, SUPER - 4, 8), UACCESS_FAULT);
    assert_int_equal(back[0], '#');
    assert_int_equal(uaccess_copy_out(&s, &l, TEXT, msg, 4), UACCESS_FAULT);
    assert_int_equal(((const char *)phys_to_ptr(pa))[0], msg[100]);
    char t[4];
    assert_int_equal(uaccess_copy_in(&s, &l, t, TEXT, 4), UACCESS_OK);
    assert_memory_equal(t, "TTTT", 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kernel_and_wrapping_ranges),
        cmocka_unit_test(page_permissions),
        cmocka_unit_test(user_pte_under_supervisor_pde),
        cmocka_unit_test(region_pages_are_mapped_for_the_call),
        cmocka_unit_test(out_of_frames),
        cmocka_unit_test(copies_cross_pages),
    };
    int failed = cmocka_run_group_tests(tests, setup, NULL);
    host_phys_release();
    return failed;
}
