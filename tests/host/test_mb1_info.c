/*
 * test_mb1_info.c: host tests of efi/mb1_info.c, the Multiboot1 information
 * builder: the structure's fields byte by byte at their specified offsets,
 * pointers as physical addresses, the memory map from firmware maps with
 * strides 40/48/64, mem_lower/mem_upper, overflow.
 */
#include "test_util.h"

#include <stdint.h>
#include <stdlib.h>

#include "mb1_info.h"
#include "mmap_builder.h"

#define MIB      0x100000ull
#define PHYS     0x00200000u /* where the buffer "is" for the kernel */
#define BUF_CAP  8192u

static uint8_t buf[BUF_CAP] __attribute__((aligned(8)));
static struct mb1_builder b;

static uint32_t rd32(size_t off)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < 4; i++)
        v |= (uint32_t)buf[off + i] << (8 * i);
    return v;
}

static uint64_t rd64(size_t off)
{
    return (uint64_t)rd32(off) | (uint64_t)rd32(off + 4) << 32;
}

/* at: the buffer bytes a physical address points to. */
static const char *at(uint32_t phys)
{
    assert_true(phys >= PHYS && phys < PHYS + BUF_CAP);
    return (const char *)buf + (phys - PHYS);
}

static void start(void)
{
    memset(buf, 0xcc, sizeof(buf));
    mb1b_init(&b, buf, sizeof(buf), PHYS);
    assert_false(b.overflow);
}

static void empty_structure_has_no_flags(void **state)
{
    (void)state;
    start();
    assert_int_equal(rd32(0), 0);
    for (size_t i = 0; i < sizeof(struct mb1_info); i++)
        assert_int_equal(buf[i], 0);
    assert_int_equal(b.len % MB1_INFO_ALIGN, 0);
}

static void strings_are_physical_pointers(void **state)
{
    (void)state;
    start();
    assert_int_equal(mb1b_set_cmdline(&b, "test mb1"), 0);
    assert_int_equal(mb1b_set_loader_name(&b, "pm32boot"), 0);
    assert_int_equal(rd32(0), MB1_IF_CMDLINE | MB1_IF_LOADER_NAME);
    assert_string_equal(at(rd32(16)), "test mb1");
    assert_string_equal(at(rd32(64)), "pm32boot");
}

static void modules_list_and_strings(void **state)
{
    (void)state;
    start();
    const struct mb1_module_in m[2] = {
        { 0x300000, 0x300100, "/mods/a one" },
        { 0x400000, 0x400001, "/mods/b" },
    };
    assert_int_equal(mb1b_set_modules(&b, m, 2), 0);
    assert_int_equal(rd32(0), MB1_IF_MODS);
    assert_int_equal(rd32(20), 2);
    uint32_t list = rd32(24);
    size_t off = list - PHYS;
    assert_int_equal(off % MB1_INFO_ALIGN, 0);
    assert_int_equal(rd32(off + 0), 0x300000);
    assert_int_equal(rd32(off + 4), 0x300100);
    assert_string_equal(at(rd32(off + 8)), "/mods/a one");
    assert_int_equal(rd32(off + 12), 0);
    assert_int_equal(rd32(off + 16), 0x400000);
    assert_int_equal(rd32(off + 20), 0x400001);
    assert_string_equal(at(rd32(off + 24)), "/mods/b");
    assert_int_equal(rd32(off + 28), 0);
}

static void no_modules_still_sets_the_flag(void **state)
{
    (void)state;
    start();
    assert_int_equal(mb1b_set_modules(&b, NULL, 0), 0);
    assert_int_equal(rd32(0), MB1_IF_MODS);
    assert_int_equal(rd32(20), 0);
    assert_int_equal(rd32(24), 0);
}

static void framebuffer_fields_at_their_offsets(void **state)
{
    (void)state;
    start();
    const struct mb1_fb_in fb = { 0x80000000ull, 5120, 1280, 800, 32, 16, 8, 8, 8, 0, 8 };
    mb1b_set_framebuffer(&b, &fb);
    assert_int_equal(rd32(0), MB1_IF_FRAMEBUFFER);
    assert_int_equal(rd64(88), 0x80000000ull);
    assert_int_equal(rd32(96), 5120);
    assert_int_equal(rd32(100), 1280);
    assert_int_equal(rd32(104), 800);
    assert_int_equal(buf[108], 32);
    assert_int_equal(buf[109], MB1_FRAMEBUFFER_TYPE_RGB);
    const uint8_t colour[6] = { 16, 8, 8, 8, 0, 8 };
    assert_memory_equal(buf + 110, colour, sizeof(colour));
}

/* A PC-like map: low memory with a hole, 1-16 MiB usable in pieces, reserved, ACPI. */
static void memory_from(size_t stride)
{
    struct mmb m;
    mmb_init(&m, stride);
    mmb_add_range(&m, EFI_MT_ACPI_RECLAIM, 16 * MIB, 16 * MIB + 0x10000); /* unsorted */
    mmb_add_range(&m, EFI_MT_BOOT_SERVICES_CODE, 0, 0x9F000);
    mmb_add_range(&m, EFI_MT_RESERVED, 0x9F000, 0xA0000);
    mmb_add_range(&m, EFI_MT_CONVENTIONAL, MIB, 8 * MIB);
    mmb_add_range(&m, EFI_MT_LOADER_DATA, 8 * MIB, 16 * MIB);
    mmb_add(&m, EFI_MT_CONVENTIONAL, 32 * MIB, 0); /* empty: dropped */
    mmb_add_range(&m, EFI_MT_ACPI_NVS, 0xFFC00000ull, 0x100000000ull);
    mmb_add_range(&m, EFI_MT_CONVENTIONAL, 0x100000000ull, 0x140000000ull);
    struct efi_mmap map = mmb_map(&m);

    start();
    assert_true(mb1b_memory_bytes(map.size, map.descr_size) <= BUF_CAP - b.len);
    assert_int_equal(mb1b_add_memory(&b, &map), 0);
    mmb_free(&m);

    assert_int_equal(rd32(0), MB1_IF_MEMORY | MB1_IF_MMAP);
    assert_int_equal(rd32(4), 0x9F000 / 1024);    /* mem_lower: up to the reserved page */
    assert_int_equal(rd32(8), 15 * 1024);         /* mem_upper: 1-16 MiB, merged */
    static const struct { uint64_t base, len; uint32_t type; } want[] = {
        { 0, 0x9F000, 1 },
        { 0x9F000, 0x1000, 2 },
        { MIB, 15 * MIB, 1 },
        { 16 * MIB, 0x10000, 3 },
        { 0xFFC00000ull, 0x400000, 4 },
        { 0x100000000ull, 0x40000000ull, 1 },
    };
    size_t n = sizeof(want) / sizeof(want[0]);
    assert_int_equal(rd32(44), n * 24);
    size_t off = rd32(48) - PHYS;
    for (size_t i = 0; i < n; i++, off += 24) {
        assert_int_equal(rd32(off), 20); /* size: the bytes after itself */
        assert_int_equal(rd64(off + 4), want[i].base);
        assert_int_equal(rd64(off + 12), want[i].len);
        assert_int_equal(rd32(off + 20), want[i].type);
    }
    assert_true(off <= b.len);
    assert_int_equal(b.len % MB1_INFO_ALIGN, 0);
}

static void memory_map_at_strides_40_48_64(void **state)
{
    (void)state;
    memory_from(40);
    memory_from(48);
    memory_from(64);
}

static void malformed_map_is_refused(void **state)
{
    (void)state;
    struct mmb m;
    mmb_init(&m, 48);
    mmb_add_range(&m, EFI_MT_CONVENTIONAL, 0, MIB);
    struct efi_mmap map = mmb_map(&m);
    map.descr_size = 8; /* smaller than a descriptor */
    start();
    assert_int_equal(mb1b_add_memory(&b, &map), -1);
    assert_true(b.overflow);
    mmb_free(&m);
}

static void overflow_is_sticky(void **state)
{
    (void)state;
    memset(buf, 0, sizeof(buf));
    mb1b_init(&b, buf, sizeof(struct mb1_info) + 16, PHYS);
    assert_false(b.overflow);
    assert_int_equal(mb1b_set_cmdline(&b, "this string is longer than the room left"), -1);
    assert_true(b.overflow);
    assert_int_equal(mb1b_set_loader_name(&b, "x"), -1);
    assert_int_equal(rd32(0), 0);
    /* Too small for the structure, or running past 4 GiB. */
    mb1b_init(&b, buf, sizeof(struct mb1_info) - 1, PHYS);
    assert_true(b.overflow);
    mb1b_init(&b, buf, BUF_CAP, 0xFFFFF000u);
    assert_true(b.overflow);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_structure_has_no_flags),
        cmocka_unit_test(strings_are_physical_pointers),
        cmocka_unit_test(modules_list_and_strings),
        cmocka_unit_test(no_modules_still_sets_the_flag),
        cmocka_unit_test(framebuffer_fields_at_their_offsets),
        cmocka_unit_test(memory_map_at_strides_40_48_64),
        cmocka_unit_test(malformed_map_is_refused),
        cmocka_unit_test(overflow_is_sticky),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
