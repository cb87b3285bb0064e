/*
 * test_efi_mmap.c: host tests of mm/efi_mmap.c, walking a firmware memory
 * map by its own descriptor stride.
 */
#include "test_util.h"

#include <stdint.h>
#include <stdlib.h>

#include "efi_mmap.h"
#include "mmap_builder.h"

static const size_t strides[] = { 40, 48, 64 };

static void walk_at_every_stride(void **state)
{
    (void)state;
    for (size_t s = 0; s < ARRAY_LEN(strides); s++) {
        struct mmb m;
        mmb_init(&m, strides[s]);
        mmb_add(&m, EFI_MT_CONVENTIONAL, 0x0, 0x9f);
        mmb_add(&m, EFI_MT_ACPI_NVS, 0x9f000, 1);
        mmb_add(&m, EFI_MT_BOOT_SERVICES_DATA, 0x100000, 0x7f00);
        struct efi_mmap map = mmb_map(&m);
        assert_null(efi_mmap_check(&map));
        assert_int_equal(efi_mmap_count(&map), 3);
        struct efi_mdesc d;
        assert_int_equal(efi_mmap_get(&map, 1, &d), 0);
        assert_int_equal(d.type, EFI_MT_ACPI_NVS);
        assert_int_equal(d.phys_start, 0x9f000);
        assert_int_equal(d.num_pages, 1);
        assert_int_equal(d.attribute, EFI_MA_WB);
        assert_int_equal(efi_mmap_get(&map, 2, &d), 0);
        assert_int_equal(d.type, EFI_MT_BOOT_SERVICES_DATA);
        assert_int_equal(d.phys_start, 0x100000);
        assert_int_equal(efi_mdesc_end(&d), 0x100000 + 0x7f00ull * 4096);
        assert_int_equal(efi_mmap_get(&map, 3, &d), -1);
        mmb_free(&m);
    }
}

static void unaligned_buffer_is_read(void **state)
{
    (void)state;
    struct mmb m;
    mmb_init(&m, 48);
    mmb_add(&m, EFI_MT_LOADER_CODE, 0x200000, 16);
    uint8_t *odd = malloc(48 + 3);
    memcpy(odd + 3, m.buf, 48);
    struct efi_mmap map = { odd + 3, 48, 48, EFI_MDESC_VERSION };
    struct efi_mdesc d;
    assert_int_equal(efi_mmap_get(&map, 0, &d), 0);
    assert_int_equal(d.type, EFI_MT_LOADER_CODE);
    assert_int_equal(d.phys_start, 0x200000);
    assert_int_equal(d.num_pages, 16);
    free(odd);
    mmb_free(&m);
}

static void malformed_maps_are_refused(void **state)
{
    (void)state;
    struct mmb m;
    mmb_init(&m, 48);
    mmb_add(&m, EFI_MT_CONVENTIONAL, 0, 1);
    mmb_add(&m, EFI_MT_CONVENTIONAL, 0x1000, 1);
    struct efi_mmap map = mmb_map(&m);
    struct efi_mdesc d;

    map.descr_version = 2;
    assert_contains(efi_mmap_check(&map), "version");
    assert_int_equal(efi_mmap_count(&map), 0);
    assert_int_equal(efi_mmap_get(&map, 0, &d), -1);

    map = mmb_map(&m);
    map.size -= 8;
    assert_contains(efi_mmap_check(&map), "not a multiple of the descriptor size");
    assert_int_equal(efi_mmap_count(&map), 0);

    map = mmb_map(&m);
    map.descr_size = 32;
    map.size = 64;
    assert_contains(efi_mmap_check(&map), "below the 40 bytes");

    map = mmb_map(&m);
    map.descr_size = 0; /* no division by zero */
    assert_non_null(efi_mmap_check(&map));
    assert_int_equal(efi_mmap_count(&map), 0);

    map = mmb_map(&m);
    map.buf = NULL;
    assert_contains(efi_mmap_check(&map), "no buffer");
    mmb_free(&m);
}

static void empty_map_has_no_descriptors(void **state)
{
    (void)state;
    struct efi_mmap map = { NULL, 0, 48, EFI_MDESC_VERSION };
    struct efi_mdesc d;
    assert_null(efi_mmap_check(&map));
    assert_int_equal(efi_mmap_count(&map), 0);
    assert_int_equal(efi_mmap_get(&map, 0, &d), -1);
}

static void descriptor_end_overflow_is_zero(void **state)
{
    (void)state;
    struct efi_mdesc d = { EFI_MT_CONVENTIONAL, 0, 0, 0, 0, 0 };
    d.phys_start = 0xFFFFFFFFFFFFF000ull;
    d.num_pages = 1; /* ends exactly at 2^64 */
    assert_int_equal(efi_mdesc_end(&d), 0);
    d.num_pages = 2;
    assert_int_equal(efi_mdesc_end(&d), 0);
    d.phys_start = 0x1000;
    d.num_pages = UINT64_MAX >> 12; /* bytes fit, the sum does not */
    assert_int_equal(efi_mdesc_end(&d), 0);
    d.num_pages = (UINT64_MAX >> 12) + 1; /* the byte count alone overflows */
    d.phys_start = 0;
    assert_int_equal(efi_mdesc_end(&d), 0);
    d.phys_start = 0xFFFFFFFFFFFFE000ull;
    d.num_pages = 1;
    assert_int_equal(efi_mdesc_end(&d), 0xFFFFFFFFFFFFF000ull);
    d.phys_start = 0x100000000ull;
    d.num_pages = 0x100000;
    assert_int_equal(efi_mdesc_end(&d), 0x200000000ull);
}

static void type_names_and_usability(void **state)
{
    (void)state;
    assert_string_equal(efi_memory_type_name(EFI_MT_CONVENTIONAL), "EfiConventionalMemory");
    assert_string_equal(efi_memory_type_name(EFI_MT_RUNTIME_SERVICES_DATA), "EfiRuntimeServicesData");
    assert_string_equal(efi_memory_type_name(EFI_MT_UNACCEPTED), "EfiUnacceptedMemoryType");
    assert_string_equal(efi_memory_type_name(EFI_MT_COUNT), "unknown");
    assert_string_equal(efi_memory_type_name(0x80000000u), "unknown");
    static const uint32_t usable[] = { EFI_MT_LOADER_CODE, EFI_MT_LOADER_DATA,
                                       EFI_MT_BOOT_SERVICES_CODE, EFI_MT_BOOT_SERVICES_DATA,
                                       EFI_MT_CONVENTIONAL };
    unsigned n = 0;
    for (uint32_t t = 0; t < EFI_MT_COUNT + 4; t++)
        n += efi_type_usable_after_exit(t) ? 1u : 0u;
    assert_int_equal(n, ARRAY_LEN(usable));
    for (size_t i = 0; i < ARRAY_LEN(usable); i++)
        assert_true(efi_type_usable_after_exit(usable[i]));
    assert_false(efi_type_usable_after_exit(EFI_MT_RUNTIME_SERVICES_CODE));
    assert_false(efi_type_usable_after_exit(EFI_MT_ACPI_RECLAIM));
    assert_false(efi_type_usable_after_exit(EFI_MT_PERSISTENT));
    assert_false(efi_type_usable_after_exit(0x70000000u)); /* OEM types */
}

static void hundreds_of_entries(void **state)
{
    (void)state;
    struct mmb m;
    mmb_init(&m, 64);
    for (unsigned i = 0; i < 400; i++)
        mmb_add(&m, i % EFI_MT_COUNT, (uint64_t)i << 20, 256);
    struct efi_mmap map = mmb_map(&m);
    assert_int_equal(efi_mmap_count(&map), 400);
    struct efi_mdesc d;
    assert_int_equal(efi_mmap_get(&map, 399, &d), 0);
    assert_int_equal(d.phys_start, 399ull << 20);
    assert_int_equal(d.type, 399 % EFI_MT_COUNT);
    mmb_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(walk_at_every_stride),
        cmocka_unit_test(unaligned_buffer_is_read),
        cmocka_unit_test(malformed_maps_are_refused),
        cmocka_unit_test(empty_map_has_no_descriptors),
        cmocka_unit_test(descriptor_end_overflow_is_zero),
        cmocka_unit_test(type_names_and_usability),
        cmocka_unit_test(hundreds_of_entries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
