/*
 * test_info.c: host tests of efi/info.c, the Multiboot2 information
 * builder, written from the contract in efi/info.h. The structures built
 * are walked here independently and checked field by field.
 */
#include "test_util.h"

#include <stdint.h>
#include <stdlib.h>

#include "info.h"
#include "mmap_builder.h"
#include "multiboot2.h"

#define MIB        0x100000ull
#define KIB        1024u
#define BUF_BYTES  65536u
#define LOW_LIMIT_KIB 640u

static uint64_t storage[BUF_BYTES / sizeof(uint64_t)]; /* 8-byte aligned */
static struct mb2_builder b;

static const size_t strides[] = { 40, 48, 64 };

/* fresh: an empty builder over `cap` bytes of storage, poisoned first. */
static void fresh(size_t cap)
{
    memset(storage, 0xCC, sizeof(storage));
    mb2b_init(&b, storage, cap);
}

/* rd32: a 32-bit field at byte offset off of the built structure. */
static uint32_t rd32(size_t off)
{
    uint32_t v;
    memcpy(&v, (const uint8_t *)storage + off, sizeof(v));
    return v;
}

/*
 * find_tag: the byte offset of the n-th (0-based) tag of `type` in the
 * finished structure, walking it with bounds checks; fails the test on a
 * malformed structure; returns 0 if there is none.
 */
static size_t find_tag(uint32_t type, unsigned n)
{
    uint32_t total = rd32(0);
    size_t off = sizeof(struct mb2_info_header);
    while (off + sizeof(struct mb2_tag) <= total) {
        uint32_t t = rd32(off), size = rd32(off + 4);
        assert_true(size >= sizeof(struct mb2_tag));
        assert_true(off + size <= total);
        if (t == type && n-- == 0)
            return off;
        if (t == MB2_TAG_END)
            break;
        off += MB2_ALIGN_UP(size);
    }
    return 0;
}

/* mmap_entry: entry i of the tag 6 at offset tag. */
static struct mb2_mmap_entry mmap_entry(size_t tag, unsigned i)
{
    struct mb2_mmap_entry e;
    uint32_t esize = rd32(tag + offsetof(struct mb2_tag_mmap, entry_size));
    memcpy(&e, (const uint8_t *)storage + tag + sizeof(struct mb2_tag_mmap) + i * esize, sizeof(e));
    return e;
}

/* mmap_count: entries in the tag 6 at offset tag. */
static unsigned mmap_count(size_t tag)
{
    uint32_t size = rd32(tag + 4);
    uint32_t esize = rd32(tag + offsetof(struct mb2_tag_mmap, entry_size));
    return (size - (uint32_t)sizeof(struct mb2_tag_mmap)) / esize;
}

#define assert_entry(tag, i, base, len, type_)                        \
    do {                                                              \
        struct mb2_mmap_entry e_ = mmap_entry((tag), (i));            \
        assert_int_equal(e_.base_addr, (base));                       \
        assert_int_equal(e_.length, (len));                           \
        assert_int_equal(e_.type, (type_));                           \
    } while (0)

/* ---- The generic builder --------------------------------------------------- */

static void empty_structure_is_header_and_end_tag(void **state)
{
    (void)state;
    fresh(BUF_BYTES);
    assert_int_equal(b.len, 8);
    assert_int_equal(b.overflow, 0);
    assert_int_equal(mb2b_finish(&b), 16);
    assert_int_equal(rd32(0), 16);
    assert_int_equal(rd32(8), MB2_TAG_END);
    assert_int_equal(rd32(12), 8);
}

static void add_pads_to_8_and_zero_fills(void **state)
{
    (void)state;
    fresh(BUF_BYTES);
    uint8_t *t = mb2b_add(&b, MB2_TAG_LOAD_BASE_ADDR, 5);
    assert_non_null(t);
    assert_ptr_equal(t, (uint8_t *)storage + 8);
    assert_int_equal(rd32(8), MB2_TAG_LOAD_BASE_ADDR);
    assert_int_equal(rd32(12), 8 + 5);
    for (unsigned i = 0; i < 5; i++)
        assert_int_equal(t[8 + i], 0);
    assert_int_equal(b.len, 8 + 16);
    assert_true(b.supplied & (1u << MB2_TAG_LOAD_BASE_ADDR));
    uint8_t *u = mb2b_add(&b, MB2_TAG_EFI64, 8);
    assert_ptr_equal(u, (uint8_t *)storage + 24);
    assert_int_equal(b.len % 8, 0);
    assert_int_equal(mb2b_finish(&b), 24 + 16 + 8);
    assert_int_not_equal(find_tag(MB2_TAG_EFI64, 0), 0);
}

static void strings_and_modules(void **state)
{
    (void)state;
    fresh(BUF_BYTES);
    assert_int_equal(mb2b_add_string(&b, MB2_TAG_CMDLINE, "test console=ttyS0"), 0);
    assert_int_equal(mb2b_add_string(&b, MB2_TAG_LOADER_NAME, "loader"), 0);
    assert_int_equal(mb2b_add_module(&b, 0x800000, 0x801234, "/initrd.img root=ram"), 0);
    assert_int_equal(mb2b_add_module(&b, 0x900000, 0x900001, ""), 0);
    assert_int_not_equal(mb2b_finish(&b), 0);

    size_t c = find_tag(MB2_TAG_CMDLINE, 0);
    assert_int_not_equal(c, 0);
    assert_int_equal(rd32(c + 4), 8 + sizeof("test console=ttyS0"));
    assert_string_equal((const char *)storage + c + 8, "test console=ttyS0");
    size_t l = find_tag(MB2_TAG_LOADER_NAME, 0);
    assert_string_equal((const char *)storage + l + 8, "loader");
    size_t m = find_tag(MB2_TAG_MODULE, 0);
    assert_int_equal(rd32(m + offsetof(struct mb2_tag_module, mod_start)), 0x800000);
    assert_int_equal(rd32(m + offsetof(struct mb2_tag_module, mod_end)), 0x801234);
    assert_int_equal(rd32(m + 4), sizeof(struct mb2_tag_module) + sizeof("/initrd.img root=ram"));
    assert_string_equal((const char *)storage + m + sizeof(struct mb2_tag_module),
                        "/initrd.img root=ram");
    size_t m2 = find_tag(MB2_TAG_MODULE, 1);
    assert_int_equal(rd32(m2 + offsetof(struct mb2_tag_module, mod_start)), 0x900000);
    assert_string_equal((const char *)storage + m2 + sizeof(struct mb2_tag_module), "");
    uint32_t want = (1u << MB2_TAG_CMDLINE) | (1u << MB2_TAG_LOADER_NAME) | (1u << MB2_TAG_MODULE);
    assert_int_equal(b.supplied & want, want);
}

static void overflow_is_sticky(void **state)
{
    (void)state;
    fresh(64);
    assert_non_null(mb2b_add(&b, MB2_TAG_CMDLINE, 16)); /* 8 + 24 = 32 bytes used */
    assert_null(mb2b_add(&b, MB2_TAG_LOADER_NAME, 100));
    assert_int_equal(b.overflow, 1);
    assert_true(b.len <= 64);
    (void)mb2b_add(&b, MB2_TAG_EFI32, 4); /* would fit, but the structure is already broken */
    assert_int_equal(b.overflow, 1);
    assert_int_equal(mb2b_finish(&b), 0);
    assert_int_equal(mb2b_add_string(&b, MB2_TAG_CMDLINE, "x"), -1);
}

static void end_tag_must_fit_too(void **state)
{
    (void)state;
    /* A 24-byte tag fills 32 bytes: either it or the end tag cannot fit. */
    fresh(32);
    (void)mb2b_add(&b, MB2_TAG_CMDLINE, 16);
    assert_int_equal(mb2b_finish(&b), 0);
    /* With 8 more bytes both fit, exactly. */
    fresh(40);
    assert_non_null(mb2b_add(&b, MB2_TAG_CMDLINE, 16));
    assert_int_equal(mb2b_finish(&b), 40);
    assert_int_equal(rd32(0), 40);

    fresh(BUF_BYTES);
    char *big = malloc(BUF_BYTES);
    memset(big, 'a', BUF_BYTES - 1);
    big[BUF_BYTES - 1] = '\0';
    mb2b_init(&b, storage, 4096);
    assert_int_equal(mb2b_add_string(&b, MB2_TAG_CMDLINE, big), -1);
    assert_int_equal(b.overflow, 1);
    assert_int_equal(mb2b_finish(&b), 0);
    free(big);
}

/* ---- Memory tags from the firmware map ---------------------------------------- */

/* pc_map: low memory, a hole, 1..64 MiB usable in three types, runtime data, more usable. */
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

/* add_memory: mb2b_add_memory from the builder's map, then finish; the return value. */
static int add_memory(const struct mmb *m)
{
    struct efi_mmap map = mmb_map(m);
    fresh(BUF_BYTES);
    int r = mb2b_add_memory(&b, &map);
    if (r == 0)
        assert_int_not_equal(mb2b_finish(&b), 0);
    return r;
}

static void basic_memory_lower_and_upper(void **state)
{
    (void)state;
    for (size_t s = 0; s < ARRAY_LEN(strides); s++) {
        struct mmb m;
        pc_map(&m, strides[s]);
        assert_int_equal(add_memory(&m), 0);
        size_t t = find_tag(MB2_TAG_BASIC_MEMINFO, 0);
        assert_int_not_equal(t, 0);
        assert_int_equal(rd32(t + 4), sizeof(struct mb2_tag_basic_meminfo));
        assert_int_equal(rd32(t + offsetof(struct mb2_tag_basic_meminfo, mem_lower)), LOW_LIMIT_KIB);
        assert_int_equal(rd32(t + offsetof(struct mb2_tag_basic_meminfo, mem_upper)),
                         63 * MIB / KIB); /* up to the runtime data at 64 MiB */
        uint32_t want = (1u << MB2_TAG_BASIC_MEMINFO) | (1u << MB2_TAG_MMAP) |
                        (1u << MB2_TAG_EFI_MMAP);
        assert_int_equal(b.supplied & want, want);
        mmb_free(&m);
    }
}

static void basic_memory_stops_at_the_first_gap(void **state)
{
    (void)state;
    struct mmb m;
    mmb_init(&m, 48);
    /* Unsorted; page 0 usable, a reserved page at 0x9F000; 1 MiB..3 MiB then a gap. */
    mmb_add_range(&m, EFI_MT_CONVENTIONAL, 2 * MIB, 3 * MIB);
    mmb_add_range(&m, EFI_MT_ACPI_NVS, 0x9F000, 0xA0000);
    mmb_add_range(&m, EFI_MT_LOADER_CODE, MIB, 2 * MIB);
    mmb_add_range(&m, EFI_MT_CONVENTIONAL, 0, 0x9F000);
    mmb_add_range(&m, EFI_MT_CONVENTIONAL, 3 * MIB + 0x1000, 8 * MIB);
    assert_int_equal(add_memory(&m), 0);
    size_t t = find_tag(MB2_TAG_BASIC_MEMINFO, 0);
    assert_int_equal(rd32(t + offsetof(struct mb2_tag_basic_meminfo, mem_lower)), 0x9F000 / KIB);
    assert_int_equal(rd32(t + offsetof(struct mb2_tag_basic_meminfo, mem_upper)), 2 * MIB / KIB);
    mmb_free(&m);

    /* Nothing usable at 0 or at 1 MiB. */
    mmb_init(&m, 40);
    mmb_add_range(&m, EFI_MT_RESERVED, 0, 0x1000);
    mmb_add_range(&m, EFI_MT_CONVENTIONAL, 0x1000, 0x9F000);
    mmb_add_range(&m, EFI_MT_CONVENTIONAL, 2 * MIB, 8 * MIB);
    assert_int_equal(add_memory(&m), 0);
    t = find_tag(MB2_TAG_BASIC_MEMINFO, 0);
    assert_int_equal(rd32(t + offsetof(struct mb2_tag_basic_meminfo, mem_lower)), 0);
    assert_int_equal(rd32(t + offsetof(struct mb2_tag_basic_meminfo, mem_upper)), 0);
    mmb_free(&m);
}

static void mem_lower_is_capped_at_640(void **state)
{
    (void)state;
    struct mmb m;
    mmb_init(&m, 48);
    mmb_add_range(&m, EFI_MT_CONVENTIONAL, 0, 4 * MIB);
    assert_int_equal(add_memory(&m), 0);
    size_t t = find_tag(MB2_TAG_BASIC_MEMINFO, 0);
    assert_int_equal(rd32(t + offsetof(struct mb2_tag_basic_meminfo, mem_lower)), LOW_LIMIT_KIB);
    assert_int_equal(rd32(t + offsetof(struct mb2_tag_basic_meminfo, mem_upper)), 3 * MIB / KIB);
    mmb_free(&m);
}

static void memory_map_is_sorted_merged_and_typed(void **state)
{
    (void)state;
    for (size_t s = 0; s < ARRAY_LEN(strides); s++) {
        struct mmb m;
        mmb_init(&m, strides[s]);
        /* Deliberately unsorted. */
        mmb_add_range(&m, EFI_MT_MMIO, 0xFEC00000ull, 0xFEC01000ull);
        mmb_add_range(&m, EFI_MT_LOADER_DATA, 16 * MIB, 32 * MIB);
        mmb_add_range(&m, EFI_MT_ACPI_RECLAIM, 32 * MIB, 32 * MIB + 0x4000);
        mmb_add_range(&m, EFI_MT_CONVENTIONAL, MIB, 16 * MIB);
        mmb_add_range(&m, EFI_MT_ACPI_NVS, 32 * MIB + 0x4000, 32 * MIB + 0x8000);
        mmb_add_range(&m, EFI_MT_UNUSABLE, 40 * MIB, 41 * MIB);
        mmb_add_range(&m, EFI_MT_BOOT_SERVICES_CODE, 0, 0xA0000);
        mmb_add_range(&m, EFI_MT_RUNTIME_SERVICES_CODE, 41 * MIB, 42 * MIB);
        mmb_add_range(&m, EFI_MT_RUNTIME_SERVICES_DATA, 42 * MIB, 43 * MIB);
        mmb_add_range(&m, EFI_MT_CONVENTIONAL, 0x100000000ull, 0x140000000ull);
        assert_int_equal(add_memory(&m), 0);
        size_t t = find_tag(MB2_TAG_MMAP, 0);
        assert_int_not_equal(t, 0);
        assert_int_equal(rd32(t + offsetof(struct mb2_tag_mmap, entry_size)),
                         sizeof(struct mb2_mmap_entry));
        assert_int_equal(rd32(t + offsetof(struct mb2_tag_mmap, entry_version)), 0);
        assert_int_equal(mmap_count(t), 8);
        assert_entry(t, 0, 0, 0xA0000, MB2_MEMORY_AVAILABLE);
        assert_entry(t, 1, MIB, 31 * MIB, MB2_MEMORY_AVAILABLE); /* conventional + loader merged */
        assert_entry(t, 2, 32 * MIB, 0x4000, MB2_MEMORY_ACPI_RECLAIMABLE);
        assert_entry(t, 3, 32 * MIB + 0x4000, 0x4000, MB2_MEMORY_NVS);
        assert_entry(t, 4, 40 * MIB, MIB, MB2_MEMORY_BADRAM);
        assert_entry(t, 5, 41 * MIB, 2 * MIB, MB2_MEMORY_RESERVED); /* runtime code + data merged */
        assert_entry(t, 6, 0xFEC00000ull, 0x1000, MB2_MEMORY_RESERVED);
        assert_entry(t, 7, 0x100000000ull, 0x40000000ull, MB2_MEMORY_AVAILABLE);
        mmb_free(&m);
    }
}

static void same_type_with_a_gap_is_not_merged(void **state)
{
    (void)state;
    struct mmb m;
    mmb_init(&m, 48);
    mmb_add_range(&m, EFI_MT_CONVENTIONAL, MIB, 2 * MIB);
    mmb_add_range(&m, EFI_MT_CONVENTIONAL, 2 * MIB + 0x1000, 3 * MIB);
    mmb_add_range(&m, EFI_MT_PERSISTENT, 3 * MIB, 4 * MIB);
    assert_int_equal(add_memory(&m), 0);
    size_t t = find_tag(MB2_TAG_MMAP, 0);
    assert_int_equal(mmap_count(t), 3);
    assert_entry(t, 0, MIB, MIB, MB2_MEMORY_AVAILABLE);
    assert_entry(t, 1, 2 * MIB + 0x1000, MIB - 0x1000, MB2_MEMORY_AVAILABLE);
    assert_entry(t, 2, 3 * MIB, MIB, MB2_MEMORY_RESERVED);
    mmb_free(&m);
}

static void efi_memory_map_is_copied_raw_with_its_stride(void **state)
{
    (void)state;
    for (size_t s = 0; s < ARRAY_LEN(strides); s++) {
        struct mmb m;
        pc_map(&m, strides[s]);
        assert_int_equal(add_memory(&m), 0);
        size_t t = find_tag(MB2_TAG_EFI_MMAP, 0);
        assert_int_not_equal(t, 0);
        assert_int_equal(rd32(t + 4), sizeof(struct mb2_tag_efi_mmap) + m.count * m.stride);
        assert_int_equal(rd32(t + offsetof(struct mb2_tag_efi_mmap, descr_size)), strides[s]);
        assert_int_equal(rd32(t + offsetof(struct mb2_tag_efi_mmap, descr_vers)), EFI_MDESC_VERSION);
        assert_memory_equal((const uint8_t *)storage + t + sizeof(struct mb2_tag_efi_mmap),
                            m.buf, m.count * m.stride);
        mmb_free(&m);
    }
}

static void malformed_map_is_refused(void **state)
{
    (void)state;
    struct mmb m;
    pc_map(&m, 48);
    struct efi_mmap map = mmb_map(&m);
    map.size -= 8;
    fresh(BUF_BYTES);
    assert_int_equal(mb2b_add_memory(&b, &map), -1);
    map = mmb_map(&m);
    map.descr_version = 3;
    fresh(BUF_BYTES);
    assert_int_equal(mb2b_add_memory(&b, &map), -1);
    map = mmb_map(&m);
    map.descr_size = 24;
    map.size = 48;
    fresh(BUF_BYTES);
    assert_int_equal(mb2b_add_memory(&b, &map), -1);
    mmb_free(&m);
}

/*
 * worst_case_map: n descriptors of alternating usable and reserved types
 * with gaps between them, so nothing merges, in reverse order.
 */
static void worst_case_map(struct mmb *m, size_t stride, unsigned n)
{
    mmb_init(m, stride);
    for (unsigned i = n; i-- > 0;)
        mmb_add(m, (i & 1) ? EFI_MT_RESERVED : EFI_MT_CONVENTIONAL, MIB + (uint64_t)i * 0x3000, 2);
}

static void memory_bytes_is_enough_for_the_worst_case(void **state)
{
    (void)state;
    for (size_t s = 0; s < ARRAY_LEN(strides); s++) {
        static const unsigned counts[] = { 0, 1, 7, 300 };
        for (size_t c = 0; c < ARRAY_LEN(counts); c++) {
            struct mmb m;
            worst_case_map(&m, strides[s], counts[c]);
            struct efi_mmap map = mmb_map(&m);
            size_t need = mb2b_memory_bytes(map.size, map.descr_size);
            /* Exactly the reserve plus the header and the end tag. */
            fresh(BUF_BYTES);
            mb2b_init(&b, storage, sizeof(struct mb2_info_header) + need + sizeof(struct mb2_tag));
            assert_true(need <= BUF_BYTES);
            assert_int_equal(mb2b_add_memory(&b, &map), 0);
            assert_int_not_equal(mb2b_finish(&b), 0);
            if (counts[c] > 0)
                assert_int_equal(mmap_count(find_tag(MB2_TAG_MMAP, 0)), counts[c]);
            mmb_free(&m);
        }
    }
}

static void memory_tags_that_do_not_fit_fail(void **state)
{
    (void)state;
    struct mmb m;
    worst_case_map(&m, 48, 200);
    struct efi_mmap map = mmb_map(&m);
    fresh(BUF_BYTES);
    mb2b_init(&b, storage, 1024);
    assert_int_equal(mb2b_add_memory(&b, &map), -1);
    assert_int_equal(b.overflow, 1);
    assert_int_equal(mb2b_finish(&b), 0);
    mmb_free(&m);
}

static void full_structure_walks_cleanly(void **state)
{
    (void)state;
    struct mmb m;
    pc_map(&m, 48);
    struct efi_mmap map = mmb_map(&m);
    fresh(BUF_BYTES);
    assert_int_equal(mb2b_add_string(&b, MB2_TAG_CMDLINE, "test"), 0);
    assert_int_equal(mb2b_add_string(&b, MB2_TAG_LOADER_NAME, "BOOTX64.EFI"), 0);
    assert_int_equal(mb2b_add_memory(&b, &map), 0);
    size_t total = mb2b_finish(&b);
    assert_int_equal(total, b.len);
    assert_int_equal(total % 8, 0);
    assert_int_equal(rd32(0), total);
    /* The last tag is the end tag and sits right at the end. */
    assert_int_equal(rd32(total - 8), MB2_TAG_END);
    assert_int_equal(rd32(total - 4), 8);
    unsigned tags = 0;
    static const uint32_t types[] = { MB2_TAG_CMDLINE, MB2_TAG_LOADER_NAME, MB2_TAG_BASIC_MEMINFO,
                                      MB2_TAG_MMAP, MB2_TAG_EFI_MMAP, MB2_TAG_END };
    for (size_t i = 0; i < ARRAY_LEN(types); i++)
        tags += find_tag(types[i], 0) != 0;
    assert_int_equal(tags, ARRAY_LEN(types));
    mmb_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_structure_is_header_and_end_tag),
        cmocka_unit_test(add_pads_to_8_and_zero_fills),
        cmocka_unit_test(strings_and_modules),
        cmocka_unit_test(overflow_is_sticky),
        cmocka_unit_test(end_tag_must_fit_too),
        cmocka_unit_test(basic_memory_lower_and_upper),
        cmocka_unit_test(basic_memory_stops_at_the_first_gap),
        cmocka_unit_test(mem_lower_is_capped_at_640),
        cmocka_unit_test(memory_map_is_sorted_merged_and_typed),
        cmocka_unit_test(same_type_with_a_gap_is_not_merged),
        cmocka_unit_test(efi_memory_map_is_copied_raw_with_its_stride),
        cmocka_unit_test(malformed_map_is_refused),
        cmocka_unit_test(memory_bytes_is_enough_for_the_worst_case),
        cmocka_unit_test(memory_tags_that_do_not_fit_fail),
        cmocka_unit_test(full_structure_walks_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
