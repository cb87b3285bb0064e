/*
 * test_plan.c: host tests of efi/plan.c (plan_copies), written from the
 * contract in efi/plan.h: every destination lies wholly in memory usable
 * after ExitBootServices, clear of the busy ranges and of the other
 * segments; the refusal names the segment, its range and what is in the way.
 */
#include "test_util.h"

#include <stdint.h>

#include "handoff.h"
#include "kimage.h"
#include "mmap_builder.h"
#include "plan.h"

#define MIB        0x100000ull
#define STAGING    0x04000000u /* where the tests pretend the file is staged */
#define MAX_OUT    8u

static const size_t strides[] = { 40, 48, 64 };

static char err[256];
static struct copy_entry out[MAX_OUT];

/* one_seg: an image with one segment [paddr, paddr + memsz), filesz file bytes at file_offset. */
static struct kimage one_seg(uint32_t paddr, uint32_t file_offset, uint32_t filesz, uint32_t memsz)
{
    struct kimage img;
    memset(&img, 0, sizeof(img));
    img.is_elf = 1;
    img.entry = paddr;
    img.nsegs = 1;
    img.segs[0] = (struct kseg){ paddr, file_offset, filesz, memsz };
    img.load_base = paddr;
    img.load_end = paddr + memsz;
    return img;
}

/* plan: plan_copies with fresh outputs, no busy ranges unless given. */
static int plan(const struct kimage *img, const struct mmb *m, const struct busy_range *busy,
                unsigned nbusy, unsigned max)
{
    struct efi_mmap map = mmb_map(m);
    memset(err, 0, sizeof(err));
    memset(out, 0xEE, sizeof(out));
    return plan_copies(img, STAGING, &map, busy, nbusy, out, max, err, sizeof(err));
}

/* pc_map: a small PC-like map: low memory, a hole, 1..64 MiB usable, runtime data above. */
static void pc_map(struct mmb *m, size_t stride)
{
    mmb_init(m, stride);
    mmb_add_range(m, EFI_MT_BOOT_SERVICES_CODE, 0, 0xA0000);
    mmb_add_range(m, EFI_MT_CONVENTIONAL, MIB, 16 * MIB);
    mmb_add_range(m, EFI_MT_LOADER_DATA, 16 * MIB, 32 * MIB);
    mmb_add_range(m, EFI_MT_BOOT_SERVICES_DATA, 32 * MIB, 64 * MIB);
    mmb_add_range(m, EFI_MT_RUNTIME_SERVICES_DATA, 64 * MIB, 64 * MIB + 0x10000);
    mmb_add_range(m, EFI_MT_CONVENTIONAL, 64 * MIB + 0x10000, 128 * MIB);
}

static void one_segment_in_conventional_memory(void **state)
{
    (void)state;
    for (size_t s = 0; s < ARRAY_LEN(strides); s++) {
        struct mmb m;
        pc_map(&m, strides[s]);
        struct kimage img = one_seg(0x100000, 0x1000, 0x2000, 0x5000);
        assert_int_equal(plan(&img, &m, NULL, 0, MAX_OUT), 1);
        assert_int_equal(out[0].dst, 0x100000);
        assert_int_equal(out[0].src, STAGING + 0x1000);
        assert_int_equal(out[0].copy_len, 0x2000);
        assert_int_equal(out[0].zero_len, 0x3000);
        mmb_free(&m);
    }
}

static void several_segments_in_order(void **state)
{
    (void)state;
    struct mmb m;
    pc_map(&m, 48);
    struct kimage img = one_seg(0x100000, 0x1000, 0x1000, 0x1000);
    img.segs[1] = (struct kseg){ 0x200000, 0x2000, 0x800, 0x4000 };
    img.segs[2] = (struct kseg){ 0x300000, 0, 0, 0x2000 }; /* bss only */
    img.nsegs = 3;
    img.load_end = 0x302000;
    assert_int_equal(plan(&img, &m, NULL, 0, MAX_OUT), 3);
    assert_int_equal(out[1].dst, 0x200000);
    assert_int_equal(out[1].src, STAGING + 0x2000);
    assert_int_equal(out[1].copy_len, 0x800);
    assert_int_equal(out[1].zero_len, 0x3800);
    assert_int_equal(out[2].dst, 0x300000);
    assert_int_equal(out[2].copy_len, 0);
    assert_int_equal(out[2].zero_len, 0x2000);
    mmb_free(&m);
}

static void zero_sized_segment_makes_no_entry(void **state)
{
    (void)state;
    struct mmb m;
    pc_map(&m, 40);
    struct kimage img = one_seg(0x100000, 0x1000, 0x1000, 0x1000);
    img.segs[1] = (struct kseg){ 0x500000, 0x2000, 0, 0 };
    img.segs[2] = (struct kseg){ 0x600000, 0x2000, 0x100, 0x100 };
    img.nsegs = 3;
    assert_int_equal(plan(&img, &m, NULL, 0, MAX_OUT), 2);
    assert_int_equal(out[0].dst, 0x100000);
    assert_int_equal(out[1].dst, 0x600000);
    mmb_free(&m);
}

static void unsorted_map_is_handled(void **state)
{
    (void)state;
    for (size_t s = 0; s < ARRAY_LEN(strides); s++) {
        struct mmb m;
        mmb_init(&m, strides[s]);
        mmb_add_range(&m, EFI_MT_CONVENTIONAL, 64 * MIB, 128 * MIB);
        mmb_add_range(&m, EFI_MT_RUNTIME_SERVICES_CODE, 0xE0000, MIB);
        mmb_add_range(&m, EFI_MT_LOADER_CODE, 2 * MIB, 64 * MIB);
        mmb_add_range(&m, EFI_MT_CONVENTIONAL, MIB, 2 * MIB);
        struct kimage img = one_seg(0x180000, 0x1000, 0x1000, 0x100000); /* 1.5 .. 2.5 MiB */
        assert_int_equal(plan(&img, &m, NULL, 0, MAX_OUT), 1);
        assert_int_equal(out[0].dst, 0x180000);
        mmb_free(&m);
    }
}

static void segment_spanning_adjacent_usable_descriptors_is_ok(void **state)
{
    (void)state;
    struct mmb m;
    pc_map(&m, 64);
    /* 15 MiB .. 33 MiB: conventional, loader data and boot services data. */
    struct kimage img = one_seg(15 * MIB, 0x1000, 0x1000, 18 * MIB);
    assert_int_equal(plan(&img, &m, NULL, 0, MAX_OUT), 1);
    assert_int_equal(out[0].dst, 15 * MIB);
    assert_int_equal(out[0].zero_len, 18 * MIB - 0x1000);
    mmb_free(&m);
}

static void segment_in_reserved_memory_names_the_region(void **state)
{
    (void)state;
    for (size_t s = 0; s < ARRAY_LEN(strides); s++) {
        struct mmb m;
        pc_map(&m, strides[s]);
        /* 63 MiB .. 65 MiB runs into the runtime-services data at 64 MiB. */
        struct kimage img = one_seg(63 * MIB, 0x1000, 0x1000, 2 * MIB);
        assert_int_equal(plan(&img, &m, NULL, 0, MAX_OUT), -1);
        assert_contains(err, "segment");
        assert_mentions_hex(err, 63 * MIB);                  /* the segment's range */
        assert_contains(err, efi_memory_type_name(EFI_MT_RUNTIME_SERVICES_DATA));
        assert_mentions_hex(err, 64 * MIB);                  /* the region's range */
        mmb_free(&m);
    }
}

static void segment_in_a_gap_says_no_memory_described(void **state)
{
    (void)state;
    struct mmb m;
    pc_map(&m, 48);
    /* 0xA0000 .. 1 MiB is not described at all. */
    struct kimage img = one_seg(0xB8000, 0x1000, 0x1000, 0x1000);
    assert_int_equal(plan(&img, &m, NULL, 0, MAX_OUT), -1);
    assert_contains(err, "no memory described there");
    assert_mentions_hex(err, 0xB8000);
    mmb_free(&m);

    /* Past the end of the map. */
    pc_map(&m, 48);
    img = one_seg(0x10000000, 0x1000, 0x1000, 0x1000);
    assert_int_equal(plan(&img, &m, NULL, 0, MAX_OUT), -1);
    assert_contains(err, "no memory described there");
    mmb_free(&m);

    /* Starting in usable memory, ending in a gap. */
    mmb_init(&m, 40);
    mmb_add_range(&m, EFI_MT_CONVENTIONAL, MIB, 2 * MIB);
    mmb_add_range(&m, EFI_MT_CONVENTIONAL, 2 * MIB + 0x1000, 4 * MIB);
    img = one_seg(MIB, 0x1000, 0x1000, 2 * MIB);
    assert_int_equal(plan(&img, &m, NULL, 0, MAX_OUT), -1);
    assert_contains(err, "no memory described there");
    mmb_free(&m);
}

static void overlapping_busy_range_is_named(void **state)
{
    (void)state;
    struct mmb m;
    pc_map(&m, 48);
    const struct busy_range busy[] = {
        { 0x800000, 0x801000, "trampoline page" },
        { 0x180000, 0x190000, "kernel staging buffer" },
    };
    struct kimage img = one_seg(0x100000, 0x1000, 0x1000, 0x100000);
    assert_int_equal(plan(&img, &m, busy, ARRAY_LEN(busy), MAX_OUT), -1);
    assert_contains(err, "kernel staging buffer");
    assert_mentions_hex(err, 0x100000);
    mmb_free(&m);
}

static void busy_range_touching_the_segment_is_fine(void **state)
{
    (void)state;
    struct mmb m;
    pc_map(&m, 48);
    const struct busy_range busy[] = {
        { 0x0F0000, 0x100000, "info structure" }, /* ends where the segment starts */
        { 0x200000, 0x201000, "map buffer" },     /* starts where it ends */
    };
    struct kimage img = one_seg(0x100000, 0x1000, 0x1000, 0x100000);
    assert_int_equal(plan(&img, &m, busy, ARRAY_LEN(busy), MAX_OUT), 1);
    mmb_free(&m);
}

static void overlapping_segments_are_refused(void **state)
{
    (void)state;
    struct mmb m;
    pc_map(&m, 48);
    struct kimage img = one_seg(0x100000, 0x1000, 0x1000, 0x3000);
    img.segs[1] = (struct kseg){ 0x102000, 0x2000, 0x1000, 0x1000 };
    img.nsegs = 2;
    assert_int_equal(plan(&img, &m, NULL, 0, MAX_OUT), -1);
    assert_contains(err, "segment");
    assert_mentions_hex(err, 0x102000);
    mmb_free(&m);
}

static void too_many_entries_for_the_list_are_refused(void **state)
{
    (void)state;
    struct mmb m;
    pc_map(&m, 48);
    struct kimage img = one_seg(0x100000, 0x1000, 0x1000, 0x1000);
    img.segs[1] = (struct kseg){ 0x200000, 0x2000, 0x1000, 0x1000 };
    img.nsegs = 2;
    assert_int_equal(plan(&img, &m, NULL, 0, 1), -1);
    assert_true(strlen(err) > 0);
    assert_int_equal(plan(&img, &m, NULL, 0, 2), 2);
    mmb_free(&m);
}

static void malformed_map_is_refused(void **state)
{
    (void)state;
    struct mmb m;
    pc_map(&m, 48);
    struct efi_mmap map = mmb_map(&m);
    map.size -= 4;
    struct kimage img = one_seg(0x100000, 0x1000, 0x1000, 0x1000);
    memset(err, 0, sizeof(err));
    assert_int_equal(plan_copies(&img, STAGING, &map, NULL, 0, out, MAX_OUT, err, sizeof(err)), -1);
    assert_true(strlen(err) > 0);
    mmb_free(&m);
}

static void empty_map_has_no_memory(void **state)
{
    (void)state;
    struct mmb m;
    mmb_init(&m, 48);
    struct kimage img = one_seg(0x100000, 0x1000, 0x1000, 0x1000);
    assert_int_equal(plan(&img, &m, NULL, 0, MAX_OUT), -1);
    assert_contains(err, "no memory described there");
    mmb_free(&m);
}

static void odd_descriptors_do_not_get_in_the_way(void **state)
{
    (void)state;
    struct mmb m;
    pc_map(&m, 48);
    mmb_add(&m, EFI_MT_RESERVED, 0x100000, 0);                    /* zero-length */
    mmb_add(&m, EFI_MT_RESERVED, 0xFFFFFFFFFFFFF000ull, 0x10);    /* end overflows */
    mmb_add_range(&m, EFI_MT_MMIO, 0x100000000ull, 0x200000000ull); /* above 4 GiB */
    struct kimage img = one_seg(0x100000, 0x1000, 0x1000, 0x1000);
    assert_int_equal(plan(&img, &m, NULL, 0, MAX_OUT), 1);
    assert_int_equal(out[0].dst, 0x100000);
    mmb_free(&m);
}

/*
 * overlap_map: conventional memory 1..16 MiB and an ACPI NVS page at 2 MiB
 * that overlaps it, listed in either order.
 */
static void overlap_map(struct mmb *m, int nvs_first)
{
    mmb_init(m, 48);
    if (nvs_first)
        mmb_add_range(m, EFI_MT_ACPI_NVS, 2 * MIB, 2 * MIB + 0x1000);
    mmb_add_range(m, EFI_MT_CONVENTIONAL, MIB, 16 * MIB);
    if (!nvs_first)
        mmb_add_range(m, EFI_MT_ACPI_NVS, 2 * MIB, 2 * MIB + 0x1000);
}

static void reserved_descriptor_overlapping_usable_one_wins(void **state)
{
    (void)state;
    /* Firmware maps should not overlap; when they do, the same memory must
     * get the same verdict whatever the order of the descriptors, and the
     * cautious verdict is that the firmware's claim on the page stands: the
     * destination does not lie wholly in usable memory. */
    for (int nvs_first = 0; nvs_first <= 1; nvs_first++) {
        struct mmb m;
        overlap_map(&m, nvs_first);
        struct kimage img = one_seg(2 * MIB, 0x1000, 0x1000, 0x2000);
        int r = plan(&img, &m, NULL, 0, MAX_OUT);
        mmb_free(&m);
        if (r != -1)
            fail_msg("NVS page listed %s the conventional descriptor: plan_copies returned %d, "
                     "expected -1 naming EfiACPIMemoryNVS", nvs_first ? "before" : "after", r);
        assert_contains(err, efi_memory_type_name(EFI_MT_ACPI_NVS));
    }
}

static void hundreds_of_descriptors(void **state)
{
    (void)state;
    struct mmb m;
    mmb_init(&m, 64);
    /* 300 one-page descriptors alternating conventional and boot-services data, reversed. */
    for (unsigned i = 300; i-- > 0;)
        mmb_add(&m, (i & 1) ? EFI_MT_BOOT_SERVICES_DATA : EFI_MT_CONVENTIONAL,
                MIB + (uint64_t)i * 0x1000, 1);
    struct kimage img = one_seg(MIB, 0x1000, 0x1000, 300 * 0x1000);
    assert_int_equal(plan(&img, &m, NULL, 0, MAX_OUT), 1);
    img = one_seg(MIB, 0x1000, 0x1000, 301 * 0x1000);
    assert_int_equal(plan(&img, &m, NULL, 0, MAX_OUT), -1);
    assert_contains(err, "no memory described there");
    mmb_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_segment_in_conventional_memory),
        cmocka_unit_test(several_segments_in_order),
        cmocka_unit_test(zero_sized_segment_makes_no_entry),
        cmocka_unit_test(unsorted_map_is_handled),
        cmocka_unit_test(segment_spanning_adjacent_usable_descriptors_is_ok),
        cmocka_unit_test(segment_in_reserved_memory_names_the_region),
        cmocka_unit_test(segment_in_a_gap_says_no_memory_described),
        cmocka_unit_test(overlapping_busy_range_is_named),
        cmocka_unit_test(busy_range_touching_the_segment_is_fine),
        cmocka_unit_test(overlapping_segments_are_refused),
        cmocka_unit_test(too_many_entries_for_the_list_are_refused),
        cmocka_unit_test(malformed_map_is_refused),
        cmocka_unit_test(empty_map_has_no_memory),
        cmocka_unit_test(odd_descriptors_do_not_get_in_the_way),
        cmocka_unit_test(reserved_descriptor_overlapping_usable_one_wins),
        cmocka_unit_test(hundreds_of_descriptors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
