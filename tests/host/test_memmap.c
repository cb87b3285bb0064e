/*
 * test_memmap.c: host tests of the sanitiser (mm/memmap.c): every
 * adversarial map of DESIGN.md with its exact expected output, at
 * descriptor strides 40/48/64, the Multiboot2 tag-6 source, and seeded
 * random maps checked against a page-by-page reference (mm_check.c).
 */
#include "test_util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "memmap.h"
#include "mm_check.h"
#include "mmap_builder.h"

#define R(b, e, k) { (b), (e), (k), 0 }
#define MB2_ENTRY 24u
#define MB2_MAX   64u
#define EFI_ATTR_OFF 32u
#define RANDOM_ROUNDS 300u
#define RANDOM_SPAN   (64ull << 20)
#define MiB(x)  ((uint64_t)(x) << 20)

static const size_t strides[] = { 40, 48, 64 };
static char err[MEMMAP_ERR_MAX];

/* built: a sanitised map and the scratch it lives in. */
struct built {
    struct memmap map;
    void *scratch;
};

/* build: sanitise src with exactly the scratch it asks for; checks shape and reference. */
static void build(const struct memmap_src *src, const struct mm_region *carve, size_t nc,
                  struct built *b)
{
    size_t need = memmap_scratch_bytes(memmap_src_count(src), nc);
    b->scratch = malloc(need);
    assert_non_null(b->scratch);
    int rc = memmap_build(src, carve, nc, b->scratch, need, &b->map, err, sizeof(err));
    if (rc != 0)
        fail_msg("memmap_build failed: %s", err);
    assert_true(b->map.count <= memmap_max_regions(memmap_src_count(src), nc));
    char why[MM_CHECK_WHY_MAX];
    if (mm_check_shape(&b->map, why, sizeof(why)))
        fail_msg("shape: %s", why);
    if (mm_check_reference(src, carve, nc, &b->map, why, sizeof(why)))
        fail_msg("reference: %s", why);
}

static void unbuild(struct built *b)
{
    free(b->scratch);
}

static struct memmap_src efi_src(const struct mmb *m)
{
    struct memmap_src s = { .type = MEMMAP_SRC_EFI, .efi = mmb_map(m) };
    return s;
}

/* expect: the output is exactly want[0..n). */
static void expect(const struct memmap *m, const struct mm_region *want, size_t n)
{
    for (size_t i = 0; i < m->count && i < n; i++) {
        const struct mm_region *g = &m->regions[i];
        if (g->base != want[i].base || g->end != want[i].end || g->kind != want[i].kind)
            fail_msg("region %zu: expected 0x%" PRIx64 "-0x%" PRIx64 " %s, found 0x%" PRIx64
                     "-0x%" PRIx64 " %s", i, want[i].base, want[i].end,
                     mm_kind_name(want[i].kind), g->base, g->end, mm_kind_name(g->kind));
    }
    if (m->count != n)
        fail_msg("expected %zu regions, found %zu", n, m->count);
}

/* set_attr: overwrite descriptor i's attribute. */
static void set_attr(struct mmb *m, size_t i, uint64_t attr)
{
    uint8_t *d = m->buf + i * m->stride + EFI_ATTR_OFF;
    for (unsigned k = 0; k < sizeof(attr); k++)
        d[k] = (uint8_t)(attr >> (8 * k));
}

/* A PC-like map (OVMF shapes) and its carve-outs: kernel at 1 MiB, an unaligned info structure. */
static void add_pc(struct mmb *m)
{
    mmb_add_range(m, EFI_MT_CONVENTIONAL, 0x0, 0xA0000);
    mmb_add_range(m, EFI_MT_LOADER_DATA, 0x100000, 0x200000);
    mmb_add_range(m, EFI_MT_CONVENTIONAL, 0x200000, 0x800000);
    mmb_add_range(m, EFI_MT_ACPI_NVS, 0x800000, 0x900000);
    mmb_add_range(m, EFI_MT_BOOT_SERVICES_DATA, 0x900000, 0x1000000);
    mmb_add_range(m, EFI_MT_CONVENTIONAL, 0x1000000, 0x7000000);
    mmb_add_range(m, EFI_MT_RUNTIME_SERVICES_DATA, 0x7000000, 0x7100000);
    mmb_add_range(m, EFI_MT_ACPI_RECLAIM, 0x7100000, 0x7200000);
    mmb_add_range(m, EFI_MT_CONVENTIONAL, 0x7200000, 0x8000000);
    mmb_add_range(m, EFI_MT_MMIO, 0xFFC00000, 0x100000000);
}
static const struct mm_region pc_carve[] = {
    R(0x100000, 0x10d000, MM_KERNEL),
    R(0x6E8E000, 0x6E8FA00, MM_BOOT_INFO),
};
static const struct mm_region pc_want[] = {
    R(0x0, 0x1000, MM_LEGACY),
    R(0x1000, 0xA0000, MM_USABLE),
    R(0xA0000, 0x100000, MM_LEGACY),
    R(0x100000, 0x10d000, MM_KERNEL),
    R(0x10d000, 0x200000, MM_BOOT_RECLAIM),
    R(0x200000, 0x800000, MM_USABLE),
    R(0x800000, 0x900000, MM_ACPI_NVS),
    R(0x900000, 0x1000000, MM_BOOT_RECLAIM),
    R(0x1000000, 0x6E8E000, MM_USABLE),
    R(0x6E8E000, 0x6E90000, MM_BOOT_INFO),
    R(0x6E90000, 0x7000000, MM_USABLE),
    R(0x7000000, 0x7100000, MM_FW_RUNTIME),
    R(0x7100000, 0x7200000, MM_ACPI_RECLAIM),
    R(0x7200000, 0x8000000, MM_USABLE),
    R(0xFFC00000, 0x100000000, MM_MMIO),
};

static void pc_map_at_every_stride(void **state)
{
    (void)state;
    for (size_t s = 0; s < ARRAY_LEN(strides); s++) {
        struct mmb m;
        mmb_init(&m, strides[s]);
        add_pc(&m);
        struct memmap_src src = efi_src(&m);
        struct built b;
        build(&src, pc_carve, ARRAY_LEN(pc_carve), &b);
        expect(&b.map, pc_want, ARRAY_LEN(pc_want));
        const struct memmap_stats *st = &b.map.stats;
        assert_int_equal(st->entries, 10);
        assert_int_equal(st->dropped_zero + st->dropped_overflow, 0);
        uint64_t fw = 0xA0000 + 0x100000 + 0x600000 + 0x700000 + 0x6000000 + 0xE00000;
        assert_int_equal(st->fw_usable_net, fw - 0x1000 - 0xD000 - 0x2000);
        assert_int_equal(st->kept[MM_USABLE] + st->kept[MM_BOOT_RECLAIM], st->fw_usable_net);
        assert_int_equal(st->kept[MM_KERNEL], 0xD000);
        assert_int_equal(st->reported[MM_MMIO], 0x400000);
        assert_int_equal(st->above_4g[MM_USABLE], 0);
        unbuild(&b);
        mmb_free(&m);
    }
}

static void unsorted_map_gives_the_same_output(void **state)
{
    (void)state;
    static const size_t order[] = { 7, 2, 9, 0, 5, 3, 8, 1, 6, 4 };
    struct mmb sorted, m;
    mmb_init(&sorted, 48);
    add_pc(&sorted);
    for (size_t s = 0; s < ARRAY_LEN(strides); s++) {
        mmb_init(&m, strides[s]);
        for (size_t i = 0; i < ARRAY_LEN(order); i++) {
            struct efi_mmap sm = mmb_map(&sorted);
            struct efi_mdesc d;
            assert_int_equal(efi_mmap_get(&sm, order[i], &d), 0);
            mmb_add(&m, d.type, d.phys_start, d.num_pages);
        }
        struct memmap_src src = efi_src(&m);
        struct built b;
        build(&src, pc_carve, ARRAY_LEN(pc_carve), &b);
        expect(&b.map, pc_want, ARRAY_LEN(pc_want));
        unbuild(&b);
        mmb_free(&m);
    }
    mmb_free(&sorted);
}

static void overlaps_most_restrictive_wins(void **state)
{
    (void)state;
    static const struct mm_region want[] = {
        R(0x0, 0x1000, MM_LEGACY),
        R(0xA0000, 0x100000, MM_LEGACY),
        R(0x100000, 0x200000, MM_USABLE),
        R(0x200000, 0x300000, MM_RESERVED),
        R(0x300000, 0x380000, MM_USABLE),
        R(0x380000, 0x500000, MM_BOOT_RECLAIM),
        R(0x600000, 0x6F0000, MM_FW_RUNTIME),
        R(0x6F0000, 0x6F1000, MM_BAD),
        R(0x6F1000, 0x700000, MM_FW_RUNTIME),
        R(0x700000, 0x780000, MM_ACPI_RECLAIM),
    };
    for (size_t s = 0; s < ARRAY_LEN(strides); s++) {
        struct mmb m;
        mmb_init(&m, strides[s]);
        mmb_add_range(&m, EFI_MT_CONVENTIONAL, 0x100000, 0x400000);
        mmb_add_range(&m, EFI_MT_RESERVED, 0x200000, 0x300000);
        mmb_add_range(&m, EFI_MT_BOOT_SERVICES_CODE, 0x380000, 0x500000);
        mmb_add_range(&m, EFI_MT_CONVENTIONAL, 0x450000, 0x480000);
        mmb_add_range(&m, EFI_MT_RUNTIME_SERVICES_CODE, 0x600000, 0x700000);
        mmb_add_range(&m, EFI_MT_ACPI_RECLAIM, 0x680000, 0x780000);
        mmb_add_range(&m, EFI_MT_UNUSABLE, 0x6F0000, 0x6F1000);
        struct memmap_src src = efi_src(&m);
        struct built b;
        build(&src, NULL, 0, &b);
        expect(&b.map, want, ARRAY_LEN(want));
        unbuild(&b);
        mmb_free(&m);
    }
}

static void zero_length_and_overflowing_entries_are_dropped(void **state)
{
    (void)state;
    static const struct mm_region want[] = {
        R(0x0, 0x1000, MM_LEGACY),
        R(0xA0000, 0x100000, MM_LEGACY),
        R(0x100000, 0x200000, MM_USABLE),
    };
    for (size_t s = 0; s < ARRAY_LEN(strides); s++) {
        struct mmb m;
        mmb_init(&m, strides[s]);
        mmb_add(&m, EFI_MT_CONVENTIONAL, 0x300000, 0);                 /* zero length */
        mmb_add_range(&m, EFI_MT_CONVENTIONAL, 0x100000, 0x200000);
        mmb_add(&m, EFI_MT_CONVENTIONAL, 0xFFFFFFFFFFFFF000ull, 2);    /* end wraps */
        mmb_add(&m, EFI_MT_RESERVED, 0x1000, 1ull << 52);              /* pages * 4 KiB wraps */
        mmb_add(&m, EFI_MT_RESERVED, 0x500000, 0);                     /* zero length */
        struct memmap_src src = efi_src(&m);
        struct built b;
        build(&src, NULL, 0, &b);
        expect(&b.map, want, ARRAY_LEN(want));
        assert_int_equal(b.map.stats.entries, 5);
        assert_int_equal(b.map.stats.dropped_zero, 2);
        assert_int_equal(b.map.stats.dropped_overflow, 2);
        unbuild(&b);
        mmb_free(&m);
    }
}

static void entries_above_4g_are_clipped_and_counted(void **state)
{
    (void)state;
    static const struct mm_region want[] = {
        R(0x0, 0x1000, MM_LEGACY),
        R(0xA0000, 0x100000, MM_LEGACY),
        R(0x100000, 0xF0000000, MM_USABLE),
        R(0xF0000000, 0x100000000, MM_RESERVED),
    };
    for (size_t s = 0; s < ARRAY_LEN(strides); s++) {
        struct mmb m;
        mmb_init(&m, strides[s]);
        mmb_add_range(&m, EFI_MT_CONVENTIONAL, 0x100000, 0x110000000ull);
        mmb_add_range(&m, EFI_MT_CONVENTIONAL, 0x200000000ull, 0x240000000ull);
        mmb_add_range(&m, EFI_MT_RESERVED, 0xF0000000, 0x100001000ull);
        mmb_add_range(&m, EFI_MT_MMIO, 0xFD00000000ull, 0x10000000000ull);
        struct memmap_src src = efi_src(&m);
        struct built b;
        build(&src, NULL, 0, &b);
        expect(&b.map, want, ARRAY_LEN(want));
        const struct memmap_stats *st = &b.map.stats;
        assert_int_equal(st->reported[MM_USABLE], 0x110000000ull - 0x100000 + 0x40000000);
        assert_int_equal(st->above_4g[MM_USABLE], 0x10000000 + 0x40000000);
        assert_int_equal(st->above_4g[MM_RESERVED], 0x1000);
        assert_int_equal(st->above_4g[MM_MMIO], 0x300000000ull);
        assert_int_equal(st->kept[MM_USABLE], 0xF0000000 - 0x100000);
        unbuild(&b);
        mmb_free(&m);
    }
}

static void hundreds_of_entries(void **state)
{
    (void)state;
    enum { N = 500, MERGED = 480 };
    for (size_t s = 0; s < ARRAY_LEN(strides); s++) {
        struct mmb m;
        mmb_init(&m, strides[s]);
        /* Alternating usable / reserved pages, added in a scrambled order. */
        for (size_t i = 0; i < N; i++) {
            size_t j = (i * 7) % N; /* 7 and 500 are coprime: a permutation */
            mmb_add(&m, (j % 2) ? EFI_MT_RESERVED : EFI_MT_CONVENTIONAL, MiB(1) + j * PAGE_SIZE, 1);
        }
        struct memmap_src src = efi_src(&m);
        struct built b;
        build(&src, NULL, 0, &b);
        assert_int_equal(b.map.count, N + MEMMAP_LEGACY_RANGES);
        for (size_t j = 0; j < N; j++) {
            const struct mm_region *r = &b.map.regions[j + MEMMAP_LEGACY_RANGES];
            assert_int_equal(r->base, MiB(1) + j * PAGE_SIZE);
            assert_int_equal(r->end, r->base + PAGE_SIZE);
            assert_int_equal(r->kind, (j % 2) ? MM_RESERVED : MM_USABLE);
        }
        unbuild(&b);
        mmb_free(&m);

        /* Many touching usable pages merge into one region. */
        mmb_init(&m, strides[s]);
        for (size_t i = MERGED; i-- > 0;)
            mmb_add(&m, EFI_MT_CONVENTIONAL, MiB(2) + i * PAGE_SIZE, 1);
        src = efi_src(&m);
        build(&src, NULL, 0, &b);
        static const struct mm_region want[] = {
            R(0x0, 0x1000, MM_LEGACY),
            R(0xA0000, 0x100000, MM_LEGACY),
            R(MiB(2), MiB(2) + MERGED * PAGE_SIZE, MM_USABLE),
        };
        expect(&b.map, want, ARRAY_LEN(want));
        unbuild(&b);
        mmb_free(&m);
    }
}

static void empty_map(void **state)
{
    (void)state;
    static const struct mm_region want[] = {
        R(0x0, 0x1000, MM_LEGACY),
        R(0xA0000, 0x100000, MM_LEGACY),
    };
    for (size_t s = 0; s < ARRAY_LEN(strides); s++) {
        struct mmb m;
        mmb_init(&m, strides[s]);
        struct memmap_src src = efi_src(&m);
        struct built b;
        build(&src, NULL, 0, &b);
        expect(&b.map, want, ARRAY_LEN(want));
        assert_int_equal(b.map.stats.entries, 0);
        assert_int_equal(b.map.stats.fw_usable_net, 0);
        uint64_t lo, hi;
        assert_int_equal(memmap_usable_span(&src, &lo, &hi), -1);
        unbuild(&b);
        mmb_free(&m);
    }
}

static void malformed_input_is_refused(void **state)
{
    (void)state;
    struct mmb m;
    mmb_init(&m, 48);
    add_pc(&m);
    struct memmap_src src = efi_src(&m);
    size_t need = memmap_scratch_bytes(memmap_src_count(&src), 1);
    void *scratch = malloc(need);
    struct memmap out;

    struct memmap_src bad = src;
    bad.efi.descr_size = 32;
    assert_int_equal(memmap_build(&bad, NULL, 0, scratch, need, &out, err, sizeof(err)), -1);
    assert_contains(err, "below the 40 bytes");
    bad = src;
    bad.efi.descr_version = 2;
    assert_int_equal(memmap_build(&bad, NULL, 0, scratch, need, &out, err, sizeof(err)), -1);
    assert_contains(err, "version");
    bad = src;
    bad.efi.size -= 8;
    assert_int_equal(memmap_build(&bad, NULL, 0, scratch, need, &out, err, sizeof(err)), -1);
    assert_contains(err, "not a multiple");
    bad = src;
    bad.type = 9;
    assert_int_equal(memmap_build(&bad, NULL, 0, scratch, need, &out, err, sizeof(err)), -1);
    assert_contains(err, "unknown memory-map source");

    assert_int_equal(memmap_build(&src, NULL, 0, scratch, need / 2, &out, err, sizeof(err)), -1);
    assert_contains(err, "scratch");
    assert_int_equal(out.count, 0);

    struct mm_region c = R(0x200000, 0x100000, MM_KERNEL);
    assert_int_equal(memmap_build(&src, &c, 1, scratch, need, &out, err, sizeof(err)), -1);
    assert_contains(err, "carve-out 0");
    c = (struct mm_region)R(0x100000, 0x200000, MM_USABLE);
    assert_int_equal(memmap_build(&src, &c, 1, scratch, need, &out, err, sizeof(err)), -1);
    assert_contains(err, "not a carve-out kind");

    free(scratch);
    mmb_free(&m);
}

static void attributes_withhold_usable_memory(void **state)
{
    (void)state;
    static const struct mm_region want[] = {
        R(0x0, 0x1000, MM_LEGACY),
        R(0xA0000, 0x100000, MM_LEGACY),
        R(0x100000, 0x200000, MM_WITHHELD),
        R(0x300000, 0x400000, MM_WITHHELD),
        R(0x500000, 0x600000, MM_WITHHELD),
        R(0x700000, 0x800000, MM_USABLE),
        R(0x900000, 0xA00000, MM_RESERVED),
    };
    for (size_t s = 0; s < ARRAY_LEN(strides); s++) {
        struct mmb m;
        mmb_init(&m, strides[s]);
        mmb_add_range(&m, EFI_MT_CONVENTIONAL, 0x100000, 0x200000);
        set_attr(&m, 0, EFI_MA_UC);
        mmb_add_range(&m, EFI_MT_CONVENTIONAL, 0x300000, 0x400000);
        set_attr(&m, 1, EFI_MA_WB | EFI_MA_SP);
        mmb_add_range(&m, EFI_MT_BOOT_SERVICES_DATA, 0x500000, 0x600000);
        set_attr(&m, 2, EFI_MA_WB | EFI_MA_HOT_PLUGGABLE);
        mmb_add_range(&m, EFI_MT_CONVENTIONAL, 0x700000, 0x800000);
        set_attr(&m, 3, EFI_MA_WB | EFI_MA_UC | EFI_MA_RUNTIME);
        mmb_add_range(&m, 0x70000000u, 0x900000, 0xA00000); /* OEM type: unknown */
        struct memmap_src src = efi_src(&m);
        struct built b;
        build(&src, NULL, 0, &b);
        expect(&b.map, want, ARRAY_LEN(want));
        assert_int_equal(b.map.stats.fw_usable_net, 0x100000);
        unbuild(&b);
        mmb_free(&m);
    }
}

static void unaligned_efi_starts_and_carve_outs(void **state)
{
    (void)state;
    static const struct mm_region want[] = {
        R(0x0, 0x1000, MM_LEGACY),
        R(0xA0000, 0x100000, MM_LEGACY),
        R(0x101000, 0x102000, MM_USABLE),
        R(0x200000, 0x202000, MM_RESERVED),
        R(0x400000, 0x420000, MM_USABLE),
        R(0x420000, 0x431000, MM_MODULE),
        R(0x431000, 0x500000, MM_USABLE),
        R(0x500000, 0x502000, MM_EARLY),
    };
    for (size_t s = 0; s < ARRAY_LEN(strides); s++) {
        struct mmb m;
        mmb_init(&m, strides[s]);
        mmb_add(&m, EFI_MT_CONVENTIONAL, 0x100800, 2);
        mmb_add(&m, EFI_MT_RESERVED, 0x200800, 1);
        mmb_add_range(&m, EFI_MT_CONVENTIONAL, 0x400000, 0x500000);
        struct mm_region carve[] = {
            R(0x420123, 0x430456, MM_MODULE),
            R(0x500000, 0x501001, MM_EARLY), /* over no firmware entry at all */
            R(0x200000000ull, 0x200001000ull, MM_MODULE), /* above 4 GiB: ignored */
        };
        struct memmap_src src = efi_src(&m);
        struct built b;
        build(&src, carve, ARRAY_LEN(carve), &b);
        expect(&b.map, want, ARRAY_LEN(want));
        unbuild(&b);
        mmb_free(&m);
    }
}

/* mb2_add: append a Multiboot2 tag-6 entry. */
static void mb2_add(uint8_t *buf, size_t *n, uint64_t base, uint64_t len, uint32_t type)
{
    uint8_t *e = buf + *n * MB2_ENTRY;
    memset(e, 0, MB2_ENTRY);
    memcpy(e, &base, sizeof(base));
    memcpy(e + 8, &len, sizeof(len));
    memcpy(e + 16, &type, sizeof(type));
    (*n)++;
}

static void multiboot2_map_from_another_loader(void **state)
{
    (void)state;
    static const struct mm_region want[] = {
        R(0x0, 0x1000, MM_LEGACY),
        R(0x1000, 0x9F000, MM_USABLE),
        R(0x9F000, 0xA0000, MM_RESERVED),
        R(0xA0000, 0xF0000, MM_LEGACY),
        R(0xF0000, 0x100000, MM_RESERVED),
        R(0x100000, 0x200000, MM_USABLE),
        R(0x200000, 0x301000, MM_MODULE),
        R(0x301000, 0x7FE0000, MM_USABLE),
        R(0x7FE0000, 0x8000000, MM_RESERVED),
        R(0x8000000, 0x8002000, MM_USABLE),
        R(0x8100000, 0x8101000, MM_ACPI_NVS),
        R(0x8200000, 0x8201000, MM_BAD),
        R(0xFEFFC000, 0xFF000000, MM_RESERVED),
    };
    uint8_t buf[MB2_MAX * MB2_ENTRY];
    size_t n = 0;
    mb2_add(buf, &n, 0x0, 0x9FC00, 1);
    mb2_add(buf, &n, 0x9FC00, 0x400, 2);
    mb2_add(buf, &n, 0xF0000, 0x10000, 2);
    mb2_add(buf, &n, 0x100000, 0x7EE0000, 1);
    mb2_add(buf, &n, 0x7FE0000, 0x20000, 2);
    mb2_add(buf, &n, 0xFEFFC000, 0x4000, 7);
    mb2_add(buf, &n, 0x8000800, 0x1800, 1);
    mb2_add(buf, &n, 0x8000000, 0x800, 1);
    mb2_add(buf, &n, 0x8100000, 0x800, 3);
    mb2_add(buf, &n, 0x8100800, 0x800, 4);
    mb2_add(buf, &n, 0x8200000, 0x1000, 5);
    mb2_add(buf, &n, 0x9000000, 0, 1);                          /* zero length */
    mb2_add(buf, &n, 0x1000, UINT64_MAX - 0xFFF, 1);            /* ends exactly at 2^64 */
    struct mm_region carve[] = { R(0x200123, 0x300456, MM_MODULE) };
    struct memmap_src src = { .type = MEMMAP_SRC_MB2, .mb2_entries = buf,
                              .mb2_entry_size = MB2_ENTRY, .mb2_count = n };
    struct built b;
    build(&src, carve, ARRAY_LEN(carve), &b);
    expect(&b.map, want, ARRAY_LEN(want));
    assert_int_equal(b.map.stats.dropped_zero, 1);
    assert_int_equal(b.map.stats.dropped_overflow, 1);
    unbuild(&b);

    src.mb2_entry_size = 16;
    assert_contains(memmap_src_check(&src), "below 24");
}

static void find_free_avoids_everything(void **state)
{
    (void)state;
    struct mmb m;
    mmb_init(&m, 64);
    mmb_add_range(&m, EFI_MT_CONVENTIONAL, 0x0, 0xA0000);
    mmb_add_range(&m, EFI_MT_CONVENTIONAL, 0x100000, 0x800000);
    mmb_add_range(&m, EFI_MT_RESERVED, 0x300000, 0x301000); /* overlapping, inside */
    struct memmap_src src = efi_src(&m);
    struct mm_region avoid[] = { R(0x100000, 0x180000, MM_KERNEL), R(0x182000, 0x183000, MM_BOOT_INFO) };
    uint64_t at;
    assert_int_equal(memmap_find_free(&src, avoid, 2, 0x2000, MiB(1), &at), 0);
    assert_int_equal(at, 0x180000);
    assert_int_equal(memmap_find_free(&src, avoid, 2, 0x3000, MiB(1), &at), 0);
    assert_int_equal(at, 0x183000);
    assert_int_equal(memmap_find_free(&src, avoid, 2, 0x180000, MiB(1), &at), 0);
    assert_int_equal(at, 0x301000);
    assert_int_equal(memmap_find_free(&src, avoid, 2, 0x600000, MiB(1), &at), -1);
    assert_int_equal(memmap_find_free(&src, avoid, 2, 0x2000, 0, &at), 0);
    assert_int_equal(at, 0x1000); /* not page 0 */
    uint64_t lo, hi;
    assert_int_equal(memmap_usable_span(&src, &lo, &hi), 0);
    assert_int_equal(lo, 0);
    assert_int_equal(hi, 0x800000);
    mmb_free(&m);
}

/* random_seed: MM_SEED from the environment, else the clock. */
static uint64_t random_seed(void)
{
    const char *e = getenv("MM_SEED");
    return e != NULL ? strtoull(e, NULL, 0) : (uint64_t)time(NULL);
}

static const uint32_t random_types[] = {
    EFI_MT_CONVENTIONAL, EFI_MT_CONVENTIONAL, EFI_MT_CONVENTIONAL, EFI_MT_LOADER_DATA,
    EFI_MT_BOOT_SERVICES_CODE, EFI_MT_BOOT_SERVICES_DATA, EFI_MT_RESERVED, EFI_MT_ACPI_NVS,
    EFI_MT_ACPI_RECLAIM, EFI_MT_RUNTIME_SERVICES_DATA, EFI_MT_MMIO, EFI_MT_UNUSABLE,
    EFI_MT_PERSISTENT, EFI_MT_UNACCEPTED, EFI_MT_PAL_CODE, 0x80000001u,
};

static void random_maps_match_the_reference(void **state)
{
    (void)state;
    uint64_t seed = random_seed();
    struct mm_rng rng;
    mm_rng_seed(&rng, seed);
    for (unsigned round = 0; round < RANDOM_ROUNDS; round++) {
        size_t n = mm_rng_below(&rng, 80);
        struct mm_region carve[4];
        size_t nc = mm_rng_below(&rng, ARRAY_LEN(carve) + 1);
        for (size_t i = 0; i < nc; i++) {
            uint64_t b = mm_rng_below(&rng, RANDOM_SPAN);
            carve[i] = (struct mm_region)R(b, b + mm_rng_below(&rng, MiB(2)),
                                           MM_KERNEL + (uint32_t)mm_rng_below(&rng, 4));
        }
        struct built b;
        struct memmap_src src;
        struct mmb m;
        uint8_t mb2[128 * MB2_ENTRY];
        int use_mb2 = (round % 3) == 2;
        if (use_mb2) {
            size_t k = 0;
            for (size_t i = 0; i < n; i++) {
                uint64_t base = mm_rng_below(&rng, RANDOM_SPAN);
                uint64_t len = mm_rng_below(&rng, 8) == 0 ? 0 : mm_rng_below(&rng, MiB(4));
                if (mm_rng_below(&rng, 20) == 0)
                    base += 0xFFFF0000ull; /* straddles or passes 4 GiB */
                mb2_add(mb2, &k, base, len, 1 + (uint32_t)mm_rng_below(&rng, 7));
            }
            src = (struct memmap_src){ .type = MEMMAP_SRC_MB2, .mb2_entries = mb2,
                                       .mb2_entry_size = MB2_ENTRY, .mb2_count = k };
        } else {
            mmb_init(&m, strides[mm_rng_below(&rng, ARRAY_LEN(strides))]);
            for (size_t i = 0; i < n; i++) {
                uint64_t base = page_down(mm_rng_below(&rng, RANDOM_SPAN));
                if (mm_rng_below(&rng, 10) == 0)
                    base += mm_rng_below(&rng, PAGE_SIZE); /* unaligned start */
                if (mm_rng_below(&rng, 20) == 0)
                    base += 0xFFF00000ull;
                mmb_add(&m, random_types[mm_rng_below(&rng, ARRAY_LEN(random_types))], base,
                        mm_rng_below(&rng, 1024));
                if (mm_rng_below(&rng, 10) == 0)
                    set_attr(&m, m.count - 1, mm_rng_below(&rng, 2) ? EFI_MA_UC : EFI_MA_WB | EFI_MA_SP);
            }
            src = efi_src(&m);
        }
        size_t need = memmap_scratch_bytes(memmap_src_count(&src), nc);
        b.scratch = malloc(need);
        if (memmap_build(&src, carve, nc, b.scratch, need, &b.map, err, sizeof(err)) != 0)
            fail_msg("seed %" PRIu64 " round %u: build failed: %s", seed, round, err);
        char why[MM_CHECK_WHY_MAX];
        if (mm_check_shape(&b.map, why, sizeof(why)) ||
            mm_check_reference(&src, carve, nc, &b.map, why, sizeof(why)))
            fail_msg("seed %" PRIu64 " round %u (rerun with MM_SEED=%" PRIu64 "): %s", seed,
                     round, seed, why);
        free(b.scratch);
        if (!use_mb2)
            mmb_free(&m);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pc_map_at_every_stride),
        cmocka_unit_test(unsorted_map_gives_the_same_output),
        cmocka_unit_test(overlaps_most_restrictive_wins),
        cmocka_unit_test(zero_length_and_overflowing_entries_are_dropped),
        cmocka_unit_test(entries_above_4g_are_clipped_and_counted),
        cmocka_unit_test(hundreds_of_entries),
        cmocka_unit_test(empty_map),
        cmocka_unit_test(malformed_input_is_refused),
        cmocka_unit_test(attributes_withhold_usable_memory),
        cmocka_unit_test(unaligned_efi_starts_and_carve_outs),
        cmocka_unit_test(multiboot2_map_from_another_loader),
        cmocka_unit_test(find_free_avoids_everything),
        cmocka_unit_test(random_maps_match_the_reference),
    };
    return cmocka_run_group_tests_name("memmap", tests, NULL, NULL);
}
