/*
 * test_mmrep.c: host tests of the memory-map report (kernel/mmrep_fmt.c,
 * mmrep_raw.c, mmrep_sum.c): exact sizes, attribute names, every anomaly
 * flag, exact raw lines for small maps, and the sanitised map's holes,
 * totals, headline figures and largest runs.
 */
#include "test_util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "efi_mmap.h"
#include "memmap.h"
#include "mmap_builder.h"
#include "mmrep_fmt.h"
#include "mmrep_raw.h"
#include "mmrep_sum.h"

#define KIB 1024ull
#define MIB (1024ull * KIB)
#define GIB (1024ull * MIB)
#define STRIDE 48u

static void expect_size(uint64_t bytes, const char *want)
{
    char got[MMREP_SIZE_MAX];
    size_t n = mmrep_size_text(got, sizeof(got), bytes);
    assert_string_equal(got, want);
    assert_int_equal(n, strlen(want));
}

static void sizes_are_exact(void **state)
{
    (void)state;
    expect_size(0, "0 B");
    expect_size(1, "1 B");
    expect_size(1023, "1023 B");
    expect_size(4 * KIB, "4 KiB");
    expect_size(636 * KIB, "636 KiB");
    expect_size(MIB + MIB / 2, "1.5 MiB");
    expect_size(MIB + MIB / 4, "1.25 MiB");
    expect_size(MIB + 3 * MIB / 4, "1.75 MiB");
    expect_size(256 * MIB + MIB / 2, "256.5 MiB");
    expect_size(2 * GIB + GIB / 4, "2.25 GiB");
    expect_size(3 * GIB + 4 * KIB, "3 GiB + 4 KiB");
    expect_size(3 * GIB + 252 * MIB + 384 * KIB, "3 GiB + 252 MiB + 384 KiB");
    expect_size(7 * MIB + 24 * KIB, "7 MiB + 24 KiB");
    expect_size(KIB + 1, "1 KiB + 1 B");
    expect_size(1ull << 40, "1 TiB");
    expect_size(UINT64_MAX, "15 EiB + 1023 PiB + 1023 TiB + 1023 GiB + 1023 MiB + 1023 KiB + 1023 B");
    /* A short buffer is cut and terminated; the full length is still returned. */
    char small[6];
    assert_int_equal(mmrep_size_text(small, sizeof(small), 3 * GIB + 4 * KIB), 13);
    assert_string_equal(small, "3 GiB");
}

static void expect_attr(uint64_t attr, const char *want)
{
    char got[MMREP_ATTR_MAX];
    mmrep_attr_text(got, sizeof(got), attr);
    assert_string_equal(got, want);
}

static void attributes_by_name(void **state)
{
    (void)state;
    expect_attr(0, "-");
    expect_attr(0xf, "UC WC WT WB");
    expect_attr(EFI_MA_RUNTIME | EFI_MA_UC, "UC RUNTIME");
    expect_attr(EFI_MA_UCE | EFI_MA_WP | EFI_MA_RP | EFI_MA_XP | EFI_MA_NV, "UCE WP RP XP NV");
    expect_attr(EFI_MA_MORE_RELIABLE | EFI_MA_RO | EFI_MA_SP | EFI_MA_CPU_CRYPTO,
                "MORE_RELIABLE RO SP CPU_CRYPTO");
    expect_attr(EFI_MA_HOT_PLUGGABLE, "HOT_PLUGGABLE");
    /* Unknown bits: one hex number after the names. */
    expect_attr(EFI_MA_WB | 0x0000000000000100ull | 0x4000000000000000ull,
                "WB 0x4000000000000100");
    expect_attr(0x0000000000e00000ull, "0x0000000000e00000");
    expect_attr(UINT64_MAX, "UC WC WT WB UCE WP RP XP NV MORE_RELIABLE RO SP CPU_CRYPTO "
                            "HOT_PLUGGABLE RUNTIME 0x7fffffffffe00fe0");
}

/* set_attr: overwrite descriptor i's attribute in the builder's bytes. */
static void set_attr(struct mmb *m, size_t i, uint64_t attr)
{
    memcpy(m->buf + i * m->stride + offsetof(struct efi_mdesc, attribute), &attr, sizeof(attr));
}

static void expect_line(const struct efi_mmap *map, size_t i, const char *want)
{
    char got[MMREP_RAW_LINE_MAX];
    size_t n = mmrep_raw_line(got, sizeof(got), map, i);
    assert_string_equal(got, want);
    assert_int_equal(n, strlen(want));
}

static void raw_lines_of_a_small_map(void **state)
{
    (void)state;
    struct mmb m;
    mmb_init(&m, STRIDE);
    mmb_add(&m, EFI_MT_CONVENTIONAL, 0x1000, 159);
    mmb_add(&m, EFI_MT_RUNTIME_SERVICES_DATA, 0x1f4ec000, 512);
    set_attr(&m, 1, EFI_MA_RUNTIME | 0xf);
    mmb_add(&m, 0x70000001u, 0x100000000ull, 0x180000);   /* OEM type, 6 GiB above 4 GiB */
    set_attr(&m, 2, 0);
    struct efi_mmap map = mmb_map(&m);
    char hdr[MMREP_RAW_LINE_MAX];
    mmrep_raw_header(hdr, sizeof(hdr), &map);
    assert_string_equal(hdr, "efi-mmap: descr_size=48 version=1 count=3 (144 bytes; 8 bytes "
                             "past the 40-byte version-1 layout) (ranges are [start, end): "
                             "the end is exclusive)");
    expect_line(&map, 0, "efi-mmap:   0 EfiConventionalMemory 0x0000000000001000-"
                         "0x00000000000a0000 159 pages attr=0x0000000000000008 type=7 | "
                         "636 KiB | WB | <1MiB");
    expect_line(&map, 1, "efi-mmap:   1 EfiRuntimeServicesData 0x000000001f4ec000-"
                         "0x000000001f6ec000 512 pages attr=0x800000000000000f type=6 | "
                         "2 MiB | UC WC WT WB RUNTIME | -");
    expect_line(&map, 2, "efi-mmap:   2 unknown 0x0000000100000000-0x0000000280000000 "
                         "1572864 pages attr=0x0000000000000000 type=1879048193 | 6 GiB | "
                         "- | >4GiB");
    mmb_free(&m);
}

static void flags_text(const struct efi_mmap *map, size_t i, char *out, size_t cap)
{
    struct mmrep_flags f;
    mmrep_raw_flags(map, i, &f);
    mmrep_flags_text(out, cap, &f);
}

static void every_anomaly_flag(void **state)
{
    (void)state;
    struct mmb m;
    mmb_init(&m, 64);
    mmb_add(&m, EFI_MT_CONVENTIONAL, 0x200000, 256);              /* 0: 2-3 MiB */
    mmb_add(&m, EFI_MT_BOOT_SERVICES_DATA, 0x240000, 16);         /* 1: inside 0, unsorted? no: above */
    mmb_add(&m, EFI_MT_RESERVED, 0x100000, 0x110);                /* 2: unsorted, overlaps 0 */
    mmb_add(&m, EFI_MT_CONVENTIONAL, 0x500000, 0);                /* 3: zero-length */
    mmb_add(&m, EFI_MT_MMIO, 0xfffffffffffff000ull, 2);           /* 4: overflow, >4GiB */
    mmb_add(&m, EFI_MT_CONVENTIONAL, 0x600800, 1);                /* 5: unaligned */
    mmb_add(&m, EFI_MT_CONVENTIONAL, 0xff000, 2);                 /* 6: unsorted, <1MiB, overlaps 2 */
    mmb_add(&m, EFI_MT_CONVENTIONAL, 0xfffff000ull, 2);           /* 7: >4GiB (straddles) */
    struct efi_mmap map = mmb_map(&m);
    char t[128];
    flags_text(&map, 0, t, sizeof(t));
    assert_string_equal(t, "overlaps:1,2");
    flags_text(&map, 1, t, sizeof(t));
    assert_string_equal(t, "overlaps:0");
    flags_text(&map, 2, t, sizeof(t));
    assert_string_equal(t, "unsorted overlaps:0,6");
    flags_text(&map, 3, t, sizeof(t));
    assert_string_equal(t, "zero-length");
    flags_text(&map, 4, t, sizeof(t));
    assert_string_equal(t, "overflow >4GiB");
    flags_text(&map, 5, t, sizeof(t));
    assert_string_equal(t, "unsorted unaligned"); /* below entry 4 */
    flags_text(&map, 6, t, sizeof(t));
    assert_string_equal(t, "unsorted overlaps:2 <1MiB");
    flags_text(&map, 7, t, sizeof(t));
    assert_string_equal(t, ">4GiB");
    expect_line(&map, 4, "efi-mmap:   4 EfiMemoryMappedIO 0xfffffffffffff000-(overflow)"
                         "0x0000000000000000 2 pages attr=0x0000000000000008 type=11 | "
                         "4 KiB | WB | overflow >4GiB");
    expect_line(&map, 3, "efi-mmap:   3 EfiConventionalMemory 0x0000000000500000-"
                         "0x0000000000500000 0 pages attr=0x0000000000000008 type=7 | 0 B | "
                         "WB | zero-length");
    mmb_free(&m);
}

static void many_overlaps_are_counted(void **state)
{
    (void)state;
    struct mmb m;
    mmb_init(&m, 40);
    mmb_add(&m, EFI_MT_CONVENTIONAL, 0x100000, 64);
    for (int i = 0; i < 7; i++)
        mmb_add(&m, EFI_MT_BOOT_SERVICES_DATA, 0x100000 + (uint64_t)i * 0x1000, 1);
    struct efi_mmap map = mmb_map(&m);
    char t[128];
    flags_text(&map, 0, t, sizeof(t));
    assert_string_equal(t, "overlaps:1,2,3,4,+3");
    mmb_free(&m);
}

/* lines: collects the report's lines. */
struct lines {
    char text[64][MMREP_LINE_MAX];
    size_t n;
};

static void collect(void *ctx, const char *line)
{
    struct lines *l = ctx;
    assert_true(l->n < 64);
    assert_true(strlen(line) < MMREP_LINE_MAX);
    snprintf(l->text[l->n++], MMREP_LINE_MAX, "%s", line);
}

/* build: the sanitised map of an EFI map, no carve-outs. */
static void build(const struct efi_mmap *efi, struct memmap *out, void **scratch)
{
    struct memmap_src src = { .type = MEMMAP_SRC_EFI, .efi = *efi };
    size_t bytes = memmap_scratch_bytes(efi_mmap_count(efi), 0);
    *scratch = malloc(bytes);
    char err[MEMMAP_ERR_MAX];
    assert_int_equal(memmap_build(&src, NULL, 0, *scratch, bytes, out, err, sizeof(err)), 0);
}

static void sanitised_report_of_a_small_map(void **state)
{
    (void)state;
    struct mmb m;
    mmb_init(&m, STRIDE);
    mmb_add_range(&m, EFI_MT_CONVENTIONAL, 0x1000, 0xa0000);
    mmb_add_range(&m, EFI_MT_CONVENTIONAL, 0x100000, 0x400000);
    mmb_add_range(&m, EFI_MT_BOOT_SERVICES_DATA, 0x400000, 0x600000);
    mmb_add_range(&m, EFI_MT_CONVENTIONAL, 0x600000, 0x700000);
    mmb_add_range(&m, EFI_MT_ACPI_NVS, 0x800000, 0x801000);
    mmb_add_range(&m, EFI_MT_MMIO, 0xffc00000ull, 0x100000000ull);
    mmb_add_range(&m, EFI_MT_CONVENTIONAL, 0x100000000ull, 0x180000000ull);
    struct efi_mmap efi = mmb_map(&m);
    struct memmap map;
    void *scratch;
    build(&efi, &map, &scratch);

    struct mmrep_sum s;
    mmrep_sum_compute(&map, &s);
    assert_int_equal(s.holes, 2);
    assert_int_equal(s.band[MMREP_ROW_HOLE][MMREP_BAND_MID], 0x100000 + (0xffc00000ull - 0x801000));
    assert_int_equal(s.band[MM_USABLE][MMREP_BAND_LOW], 0x9f000);
    assert_int_equal(s.band[MM_USABLE][MMREP_BAND_MID], 4 * MIB);
    assert_int_equal(s.band[MM_USABLE][MMREP_BAND_HIGH], 2 * GIB);
    assert_int_equal(s.usable_now, 0x9f000 + 4 * MIB + 2 * GIB);
    assert_int_equal(s.usable_reclaim, s.usable_now + 2 * MIB);
    assert_int_equal(s.reachable, 0x9f000 + 6 * MIB);
    assert_int_equal(s.largest_now.base, 0x100000);
    assert_int_equal(s.largest_now.end, 0x400000);
    assert_int_equal(s.largest_reclaim.base, 0x100000);
    assert_int_equal(s.largest_reclaim.end, 0x700000);

    struct lines l = { .n = 0 };
    mmrep_sum_report(&map, collect, &l);
    static const char *const want[] = {
        "memmap: sanitised map below 4 GiB: 8 regions, 2 holes (sorted, overlaps to the stricter kind, neighbours merged, carve-outs shown; [start, end))",
        "memmap:   0x0000000000000000-0x0000000000001000                         4 KiB  legacy",
        "memmap:   0x0000000000001000-0x00000000000a0000                       636 KiB  usable",
        "memmap:   0x00000000000a0000-0x0000000000100000                       384 KiB  legacy",
        "memmap:   0x0000000000100000-0x0000000000400000                         3 MiB  usable",
        "memmap:   0x0000000000400000-0x0000000000600000                         2 MiB  boot-reclaim",
        "memmap:   0x0000000000600000-0x0000000000700000                         1 MiB  usable",
        "memmap:   0x0000000000700000-0x0000000000800000                         1 MiB  hole",
        "memmap:   0x0000000000800000-0x0000000000801000                         4 KiB  acpi-nvs",
        "memmap:   0x0000000000801000-0x00000000ffc00000   3 GiB + 1011 MiB + 1020 KiB  hole",
        "memmap:   0x00000000ffc00000-0x0000000100000000                         4 MiB  mmio",
        "memmap: totals                           below 1 MiB                   1 MiB-4 GiB                   above 4 GiB                         total",
        "memmap:   usable                             636 KiB                         4 MiB                         2 GiB       2 GiB + 4 MiB + 636 KiB",
        "memmap:   boot-reclaim                           0 B                         2 MiB                           0 B                         2 MiB",
        "memmap:   legacy                             388 KiB                           0 B                           0 B                       388 KiB",
        "memmap:   acpi-nvs                               0 B                         4 KiB                           0 B                         4 KiB",
        "memmap:   mmio                                   0 B                         4 MiB                           0 B                         4 MiB",
        "memmap:   hole                                   0 B   3 GiB + 1012 MiB + 1020 KiB                             -   3 GiB + 1012 MiB + 1020 KiB",
        "memmap: usable now: 2 GiB + 4 MiB + 636 KiB (2101884 KiB) (conventional memory, all bands, net of carve-outs)",
        "memmap: usable after reclaiming boot services: 2 GiB + 6 MiB + 636 KiB (2103932 KiB) (+ loader and boot-services code/data)",
        "memmap: reachable by this 32-bit kernel: 6 MiB + 636 KiB (6780 KiB) (of that, below 4 GiB: what the page-frame allocator manages)",
        "memmap: largest free run now: 3 MiB at 0x0000000000100000-0x0000000000400000",
        "memmap: largest free run after reclaiming: 6 MiB at 0x0000000000100000-0x0000000000700000",
    };
    assert_int_equal(l.n, sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < l.n; i++)
        assert_string_equal(l.text[i], want[i]);
    free(scratch);
    mmb_free(&m);
}

static void empty_and_below_4g_only(void **state)
{
    (void)state;
    struct memmap empty = { .regions = NULL, .count = 0 };
    struct mmrep_sum s;
    mmrep_sum_compute(&empty, &s);
    assert_int_equal(s.holes, 0);
    assert_int_equal(s.usable_now, 0);
    assert_int_equal(s.largest_reclaim.end - s.largest_reclaim.base, 0);
    struct lines l = { .n = 0 };
    mmrep_sum_report(&empty, collect, &l);
    assert_string_equal(l.text[l.n - 1], "memmap: largest free run after reclaiming: none");
    assert_string_equal(l.text[l.n - 2], "memmap: largest free run now: none");
    /* Nothing above 4 GiB: that column is 0 B in every row but the holes'. */
    struct mmb m;
    mmb_init(&m, STRIDE);
    mmb_add_range(&m, EFI_MT_CONVENTIONAL, 0x100000, 0x20000000);
    struct efi_mmap efi = mmb_map(&m);
    struct memmap map;
    void *scratch;
    build(&efi, &map, &scratch);
    mmrep_sum_compute(&map, &s);
    for (uint32_t k = 0; k < MM_KIND_COUNT; k++)
        assert_int_equal(s.band[k][MMREP_BAND_HIGH], 0);
    assert_int_equal(s.usable_now, s.reachable);
    assert_int_equal(s.largest_now.end, 0x20000000);
    free(scratch);
    mmb_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sizes_are_exact),
        cmocka_unit_test(attributes_by_name),
        cmocka_unit_test(raw_lines_of_a_small_map),
        cmocka_unit_test(every_anomaly_flag),
        cmocka_unit_test(many_overlaps_are_counted),
        cmocka_unit_test(sanitised_report_of_a_small_map),
        cmocka_unit_test(empty_and_below_4g_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
