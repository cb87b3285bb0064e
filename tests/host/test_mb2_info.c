/*
 * test_mb2_info.c: host tests of kernel/mb2_info.c, the defensive reader of
 * the Multiboot2 information structure. Structures are built tag by tag in
 * an 8-byte aligned buffer, then damaged one way at a time; each bad case
 * checks both the refusal and the words of the message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../kernel/mb2_info.h"
#include "../../efi/info_corrupt.h"

#define BUF_BYTES   8192u
#define EFI_DSIZE   48u   /* descriptor stride as OVMF uses it */
#define KIB         1024ull
#define MIB         (1024ull * KIB)
#define GIB         (1024ull * MIB)

/* ---- building structures -------------------------------------------- */

struct ib {
    _Alignas(8) uint8_t buf[BUF_BYTES];
    uint32_t len;
};

static void ib_init(struct ib *b)
{
    memset(b->buf, 0, sizeof(b->buf));
    b->len = sizeof(struct mb2_info_header);
}

/* ib_tag: append a zeroed tag of `size` bytes (head included); returns it. */
static uint8_t *ib_tag(struct ib *b, uint32_t type, uint32_t size)
{
    uint8_t *t = b->buf + b->len;
    assert_true(b->len + MB2_ALIGN_UP(size) <= BUF_BYTES);
    memcpy(t, &type, sizeof(type));
    memcpy(t + 4, &size, sizeof(size));
    b->len += MB2_ALIGN_UP(size);
    return t;
}

static void ib_set_total(struct ib *b, uint32_t total)
{
    memcpy(b->buf, &total, sizeof(total));
}

/* ib_end: append the end tag and set total_size. */
static void ib_end(struct ib *b)
{
    ib_tag(b, MB2_TAG_END, MB2_END_TAG_SIZE);
    ib_set_total(b, b->len);
}

static void ib_string(struct ib *b, uint32_t type, const char *s)
{
    uint32_t n = (uint32_t)strlen(s) + 1;
    uint8_t *t = ib_tag(b, type, MB2_TAG_HEAD_SIZE + n);
    memcpy(t + MB2_TAG_HEAD_SIZE, s, n);
}

static void ib_module(struct ib *b, uint32_t start, uint32_t end, const char *s)
{
    uint32_t n = (uint32_t)strlen(s) + 1;
    struct mb2_tag_module *m = (void *)ib_tag(b, MB2_TAG_MODULE, sizeof(*m) + n);
    m->mod_start = start;
    m->mod_end = end;
    memcpy(m->cmdline, s, n);
}

static void ib_mmap(struct ib *b, const struct mb2_mmap_entry *e, uint32_t n)
{
    struct mb2_tag_mmap *m = (void *)ib_tag(b, MB2_TAG_MMAP, sizeof(*m) + n * sizeof(*e));
    m->entry_size = sizeof(*e);
    memcpy(m + 1, e, n * sizeof(*e));
}

/* ib_efi_mmap: descriptors with EFI_DSIZE stride (the tail of each stays zero). */
static void ib_efi_mmap(struct ib *b, const struct efi_mdesc *d, uint32_t n)
{
    struct mb2_tag_efi_mmap *m =
        (void *)ib_tag(b, MB2_TAG_EFI_MMAP, sizeof(*m) + n * EFI_DSIZE);
    m->descr_size = EFI_DSIZE;
    m->descr_vers = EFI_MDESC_VERSION;
    for (uint32_t i = 0; i < n; i++)
        memcpy((uint8_t *)(m + 1) + i * EFI_DSIZE, &d[i], sizeof(d[i]));
}

static void ib_framebuffer(struct ib *b)
{
    struct mb2_tag_framebuffer *fb = (void *)ib_tag(b, MB2_TAG_FRAMEBUFFER,
                                                   MB2_INFO_MIN_FRAMEBUFFER_RGB);
    fb->framebuffer_addr = 0x80000000ull;
    fb->framebuffer_pitch = 4096;
    fb->framebuffer_width = 1024;
    fb->framebuffer_height = 768;
    fb->framebuffer_bpp = 32;
    fb->framebuffer_type = MB2_FRAMEBUFFER_TYPE_RGB;
    fb->red_field_position = 16;
    fb->red_mask_size = 8;
    fb->green_field_position = 8;
    fb->green_mask_size = 8;
    fb->blue_field_position = 0;
    fb->blue_mask_size = 8;
}

static const struct mb2_mmap_entry sample_mmap[] = {
    { 0x0, 0x9f000, MB2_MEMORY_AVAILABLE, 0 },
    { 0x9f000, 0x61000, MB2_MEMORY_RESERVED, 0 },
    { 0x100000, 0x700000, MB2_MEMORY_AVAILABLE, 0 },
    { 0x800000, 0x8000, MB2_MEMORY_NVS, 0 },
    { 0x808000, 0x1f7f8000, MB2_MEMORY_AVAILABLE, 0 },
};

static const struct efi_mdesc sample_efi[] = {
    { EFI_MT_BOOT_SERVICES_CODE, 0, 0x0, 0, 0x9f, 0xf },
    { EFI_MT_CONVENTIONAL, 0, 0x100000, 0, 0x400, 0xf },
    { EFI_MT_LOADER_DATA, 0, 0x500000, 0, 0x300, 0xf },
    { EFI_MT_ACPI_NVS, 0, 0x800000, 0, 0x8, 0xf },
    { EFI_MT_RUNTIME_SERVICES_DATA, 0, 0x808000, 0, 0x10, 0x800000000000000full },
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* build_full: one tag of every kind the kernel reads, plus two it skips. */
static void build_full(struct ib *b)
{
    ib_init(b);
    ib_string(b, MB2_TAG_CMDLINE, "console=serial test");
    ib_string(b, MB2_TAG_LOADER_NAME, "our loader");
    ib_module(b, 0x200000, 0x201000, "/initrd args");
    struct mb2_tag_basic_meminfo *mi = (void *)ib_tag(b, MB2_TAG_BASIC_MEMINFO, sizeof(*mi));
    mi->mem_lower = 636;
    mi->mem_upper = 523264;
    ib_module(b, 0x300000, 0x300000, "");
    ib_mmap(b, sample_mmap, ARRAY_LEN(sample_mmap));
    ib_framebuffer(b);
    struct mb2_tag_efi32 *e32 = (void *)ib_tag(b, MB2_TAG_EFI32, sizeof(*e32));
    e32->pointer = 0x7f000000;
    struct mb2_tag_efi64 *e64 = (void *)ib_tag(b, MB2_TAG_EFI64, sizeof(*e64));
    e64->pointer = 0x17f000000ull;
    uint8_t *old = ib_tag(b, MB2_TAG_ACPI_OLD, MB2_TAG_HEAD_SIZE + MB2_INFO_RSDP_V1_SIZE);
    memcpy(old + MB2_TAG_HEAD_SIZE, "RSD PTR ", 8);
    uint8_t *new = ib_tag(b, MB2_TAG_ACPI_NEW, MB2_TAG_HEAD_SIZE + MB2_INFO_RSDP_V2_SIZE);
    memcpy(new + MB2_TAG_HEAD_SIZE, "RSD PTR ", 8);
    ib_efi_mmap(b, sample_efi, ARRAY_LEN(sample_efi));
    struct mb2_tag_load_base_addr *lb = (void *)ib_tag(b, MB2_TAG_LOAD_BASE_ADDR, sizeof(*lb));
    lb->load_base_addr = 0x100000;
    ib_tag(b, MB2_TAG_BOOTDEV, 20); /* known, not read by the kernel */
    ib_tag(b, 99, 12);              /* unknown: skipped */
    ib_end(b);
}

/* ---- helpers for the checks ------------------------------------------ */

static char err[MB2_INFO_ERR_MAX];

static int parse(const struct ib *b, struct mb2_info_view *v)
{
    memset(err, 0, sizeof(err));
    return mb2_info_parse(b->buf, sizeof(b->buf), v, err, sizeof(err));
}

/* expect_refusal: parse fails, the view is zeroed (but for a command line
 * read before the fault, which must lie in the structure), the message has `needle`. */
static void expect_refusal_(const struct ib *b, const char *needle, const char *file, int line)
{
    struct mb2_info_view v;
    memset(&v, 0xAB, sizeof(v));
    int rc = parse(b, &v);
    if (rc != -1)
        fail_msg("%s:%d: expected a refusal mentioning \"%s\", the parse succeeded", file, line,
                 needle);
    if (strstr(err, needle) == NULL)
        fail_msg("%s:%d: expected a message containing \"%s\", found \"%s\"", file, line, needle,
                 err);
    if (v.cmdline != NULL && ((const uint8_t *)v.cmdline < b->buf ||
                              (const uint8_t *)v.cmdline >= b->buf + sizeof(b->buf)))
        fail_msg("%s:%d: the kept command line points outside the structure", file, line);
    v.cmdline = NULL;
    static const struct mb2_info_view zero;
    if (memcmp(&v, &zero, sizeof(v)) != 0)
        fail_msg("%s:%d: the view was not zeroed on failure", file, line);
}
#define expect_refusal(b, needle) expect_refusal_((b), (needle), __FILE__, __LINE__)

/* tag_at: the tag at the given offset of a built structure, for damaging. */
static struct mb2_tag *tag_at(struct ib *b, uint32_t off)
{
    return (struct mb2_tag *)(b->buf + off);
}

/* find_off: offset of the first tag of `type` in a built structure. */
static uint32_t find_off(const struct ib *b, uint32_t type)
{
    uint32_t off = sizeof(struct mb2_info_header);
    for (;;) {
        const struct mb2_tag *t = (const void *)(b->buf + off);
        if (t->type == type)
            return off;
        assert_int_not_equal(t->type, MB2_TAG_END);
        off += MB2_ALIGN_UP(t->size);
    }
}

/* ---- valid structures -------------------------------------------------- */

static void full_structure_is_read(void **state)
{
    (void)state;
    static struct ib b;
    build_full(&b);
    struct mb2_info_view v;
    assert_int_equal(parse(&b, &v), 0);
    assert_string_equal(err, "");
    assert_ptr_equal(v.base, b.buf);
    assert_int_equal(v.total_size, b.len);
    uint32_t want = (1u << MB2_TAG_CMDLINE) | (1u << MB2_TAG_LOADER_NAME) |
                    (1u << MB2_TAG_MODULE) | (1u << MB2_TAG_BASIC_MEMINFO) |
                    (1u << MB2_TAG_MMAP) | (1u << MB2_TAG_FRAMEBUFFER) | (1u << MB2_TAG_EFI32) |
                    (1u << MB2_TAG_EFI64) | (1u << MB2_TAG_ACPI_OLD) |
                    (1u << MB2_TAG_ACPI_NEW) | (1u << MB2_TAG_EFI_MMAP) |
                    (1u << MB2_TAG_LOAD_BASE_ADDR) | (1u << MB2_TAG_BOOTDEV);
    assert_int_equal(v.types_seen, want);
    assert_int_equal(v.tag_count, 15);
    assert_int_equal(v.unknown_count, 1);
    assert_string_equal(v.cmdline, "console=serial test");
    assert_string_equal(v.loader_name, "our loader");
    assert_int_equal(v.meminfo->mem_lower, 636);
    assert_int_equal(v.meminfo->mem_upper, 523264);
    assert_int_equal(v.efi32->pointer, 0x7f000000);
    assert_int_equal(v.efi64->pointer, 0x17f000000ull);
    assert_memory_equal(v.acpi_old->rsdp, "RSD PTR ", 8);
    assert_memory_equal(v.acpi_new->rsdp, "RSD PTR ", 8);
    assert_int_equal(v.load_base->load_base_addr, 0x100000);

    assert_int_equal(v.framebuffer->framebuffer_width, 1024);
    assert_int_equal(v.framebuffer->framebuffer_height, 768);
    assert_int_equal(v.framebuffer->framebuffer_pitch, 4096);
    assert_int_equal(v.framebuffer->framebuffer_bpp, 32);
    assert_int_equal(v.framebuffer->red_field_position, 16);

    assert_int_equal(v.module_count, 2);
    assert_int_equal(v.first_module->mod_start, 0x200000);
    assert_string_equal(v.first_module->cmdline, "/initrd args");
    const struct mb2_tag *m2 = mb2_info_next_tag(&v, (const void *)v.first_module,
                                                 MB2_TAG_MODULE);
    assert_non_null(m2);
    assert_int_equal(((const struct mb2_tag_module *)m2)->mod_start, 0x300000);
    assert_string_equal(((const struct mb2_tag_module *)m2)->cmdline, "");
    assert_null(mb2_info_next_tag(&v, m2, MB2_TAG_MODULE));
    assert_ptr_equal(mb2_info_next_tag(&v, NULL, MB2_TAG_MODULE), v.first_module);
    assert_null(mb2_info_next_tag(&v, NULL, MB2_TAG_SMBIOS));

    assert_int_equal(v.mmap_count, ARRAY_LEN(sample_mmap));
    for (uint32_t i = 0; i < v.mmap_count; i++) {
        struct mb2_mmap_entry e;
        assert_int_equal(mb2_info_mmap_entry(&v, i, &e), 0);
        assert_memory_equal(&e, &sample_mmap[i], sizeof(e));
    }
    struct mb2_mmap_entry e;
    assert_int_equal(mb2_info_mmap_entry(&v, v.mmap_count, &e), -1);

    assert_null(efi_mmap_check(&v.efi_mmap));
    assert_int_equal(v.efi_mmap.descr_size, EFI_DSIZE);
    assert_int_equal(efi_mmap_count(&v.efi_mmap), ARRAY_LEN(sample_efi));
    struct efi_mdesc d;
    assert_int_equal(efi_mmap_get(&v.efi_mmap, 4, &d), 0);
    assert_int_equal(d.type, EFI_MT_RUNTIME_SERVICES_DATA);
    assert_int_equal(d.phys_start, 0x808000);
}

static void minimal_structure_is_read(void **state)
{
    (void)state;
    static struct ib b;
    ib_init(&b);
    ib_end(&b);
    struct mb2_info_view v;
    assert_int_equal(parse(&b, &v), 0);
    assert_int_equal(v.total_size, MB2_INFO_MIN_SIZE);
    assert_int_equal(v.types_seen, 0);
    assert_int_equal(v.tag_count, 0);
    assert_null(v.cmdline);
    assert_null(v.mmap);
    assert_null(v.efi_mmap_tag);
    assert_int_equal(v.efi_mmap.size, 0);
    assert_int_equal(mb2_info_mmap_covers(&v, 0, 1), 0);
    assert_int_equal(mb2_info_efi_mmap_covers(&v, 0, 1), 0);
}

/* Sizes that are not multiples of 8 are padded: the next tag follows the padding. */
static void odd_sizes_are_padded(void **state)
{
    (void)state;
    static struct ib b;
    ib_init(&b);
    ib_string(&b, MB2_TAG_CMDLINE, "abcd");  /* 13 bytes, padded to 16 */
    ib_tag(&b, 77, 9);                       /* unknown, 9 bytes, padded to 16 */
    ib_string(&b, MB2_TAG_LOADER_NAME, "x"); /* 10 bytes */
    ib_end(&b);
    assert_int_equal(tag_at(&b, 8)->size, 13);
    struct mb2_info_view v;
    assert_int_equal(parse(&b, &v), 0);
    assert_string_equal(v.cmdline, "abcd");
    assert_string_equal(v.loader_name, "x");
    assert_int_equal(v.unknown_count, 1);
}

/* An mmap entry_size above 24 (and not a multiple of 8) is stepped by its own size. */
static void mmap_entry_size_is_the_stride(void **state)
{
    (void)state;
    static struct ib b;
    const uint32_t esize = 28, n = 3;
    ib_init(&b);
    struct mb2_tag_mmap *m = (void *)ib_tag(&b, MB2_TAG_MMAP, sizeof(*m) + n * esize);
    m->entry_size = esize;
    for (uint32_t i = 0; i < n; i++) {
        struct mb2_mmap_entry e = { (i + 1) * MIB, MIB, MB2_MEMORY_AVAILABLE, 0 };
        memcpy((uint8_t *)(m + 1) + i * esize, &e, sizeof(e));
    }
    ib_end(&b);
    struct mb2_info_view v;
    assert_int_equal(parse(&b, &v), 0);
    assert_int_equal(v.mmap_count, n);
    struct mb2_mmap_entry e;
    assert_int_equal(mb2_info_mmap_entry(&v, 2, &e), 0);
    assert_int_equal(e.base_addr, 3 * MIB);
    assert_int_equal(e.length, MIB);
    assert_int_equal(mb2_info_mmap_covers(&v, MIB, 4 * MIB), 1);
}

static void first_of_duplicates_wins(void **state)
{
    (void)state;
    static struct ib b;
    ib_init(&b);
    ib_string(&b, MB2_TAG_CMDLINE, "first");
    ib_string(&b, MB2_TAG_CMDLINE, "second");
    ib_end(&b);
    struct mb2_info_view v;
    assert_int_equal(parse(&b, &v), 0);
    assert_string_equal(v.cmdline, "first");
    assert_int_equal(v.tag_count, 2);
}

static void indexed_and_text_framebuffers(void **state)
{
    (void)state;
    static struct ib b;
    ib_init(&b);
    const uint16_t colours = 4;
    uint8_t *t = ib_tag(&b, MB2_TAG_FRAMEBUFFER,
                        MB2_INFO_FB_PALETTE_OFF + 2 + colours * MB2_INFO_FB_PALETTE_ENTRY);
    ((struct mb2_tag_framebuffer *)t)->framebuffer_type = MB2_FRAMEBUFFER_TYPE_INDEXED;
    memcpy(t + MB2_INFO_FB_PALETTE_OFF, &colours, sizeof(colours));
    ib_end(&b);
    struct mb2_info_view v;
    assert_int_equal(parse(&b, &v), 0);
    assert_ptr_equal(v.framebuffer, t);

    ib_init(&b);
    t = ib_tag(&b, MB2_TAG_FRAMEBUFFER, MB2_INFO_MIN_FRAMEBUFFER);
    ((struct mb2_tag_framebuffer *)t)->framebuffer_type = MB2_FRAMEBUFFER_TYPE_EGA_TEXT;
    ib_end(&b);
    assert_int_equal(parse(&b, &v), 0);
    assert_non_null(v.framebuffer);
}

/* ---- the structure as a whole ----------------------------------------- */

static void bad_pointers_and_room(void **state)
{
    (void)state;
    static struct ib b;
    ib_init(&b);
    ib_end(&b);
    struct mb2_info_view v;
    assert_int_equal(mb2_info_parse(NULL, 64, &v, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "NULL"));
    assert_int_equal(mb2_info_parse(b.buf + 4, 64, &v, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "not 8-byte aligned"));
    assert_int_equal(mb2_info_parse(b.buf, 7, &v, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "only 7 bytes readable"));
    assert_int_equal(mb2_info_parse(b.buf, 15, &v, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "total_size 16 is more than the 15 bytes readable"));
    assert_int_equal(mb2_info_parse(b.buf, 16, &v, err, sizeof(err)), 0);
}

static void total_size_too_small(void **state)
{
    (void)state;
    static struct ib b;
    ib_init(&b);
    ib_end(&b);
    ib_set_total(&b, 8);
    expect_refusal(&b, "total_size 8 is below the 16 bytes");
    ib_set_total(&b, 0);
    expect_refusal(&b, "total_size 0 is below");
}

static void total_size_huge(void **state)
{
    (void)state;
    static struct ib b;
    ib_init(&b);
    ib_end(&b);
    ib_set_total(&b, 0xFFFFFFF8u);
    expect_refusal(&b, "total_size 4294967288 is above the 1048576-byte sanity bound");
    ib_set_total(&b, MB2_INFO_MAX_SIZE + 8);
    expect_refusal(&b, "sanity bound");
    /* Within the bound but beyond what may be read. */
    ib_set_total(&b, BUF_BYTES + 8);
    expect_refusal(&b, "total_size 8200 is more than the 8192 bytes readable");
}

static void total_size_not_multiple_of_8(void **state)
{
    (void)state;
    static struct ib b;
    ib_init(&b);
    ib_end(&b);
    ib_set_total(&b, 20);
    expect_refusal(&b, "total_size 20 is not a multiple of 8");
}

/* total_size cuts the structure short: the last real tag crosses the end. */
static void truncated_total_size(void **state)
{
    (void)state;
    static struct ib b;
    build_full(&b);
    uint32_t mm = find_off(&b, MB2_TAG_MMAP);
    ib_set_total(&b, mm + 16);
    expect_refusal(&b, "runs past total_size");
    char want[64];
    snprintf(want, sizeof(want), "tag at offset 0x%x (type 6, memory map)", mm);
    expect_refusal(&b, want);
}

static void tag_crossing_the_end(void **state)
{
    (void)state;
    static struct ib b;
    ib_init(&b);
    ib_string(&b, MB2_TAG_CMDLINE, "abc");
    ib_end(&b);
    tag_at(&b, 8)->size = 4096;
    expect_refusal(&b, "tag at offset 0x8 (type 1, command line): size 4096 runs past "
                       "total_size 32 (24 bytes left)");
    tag_at(&b, 8)->size = 0xFFFFFFFFu; /* no wrap-around in the bounds check */
    expect_refusal(&b, "size 4294967295 runs past");
}

static void zero_and_short_tag_sizes(void **state)
{
    (void)state;
    static struct ib b;
    ib_init(&b);
    ib_tag(&b, 99, 16);
    ib_end(&b);
    tag_at(&b, 8)->size = 0;
    expect_refusal(&b, "tag at offset 0x8 (type 99, unknown): size 0 is below the 8-byte tag head");
    tag_at(&b, 8)->size = 7;
    expect_refusal(&b, "size 7 is below the 8-byte tag head");
}

static void missing_end_tag(void **state)
{
    (void)state;
    static struct ib b;
    ib_init(&b);
    ib_string(&b, MB2_TAG_CMDLINE, "no end");
    ib_set_total(&b, b.len); /* no end tag appended */
    expect_refusal(&b, "no end tag");
}

static void bad_end_tags(void **state)
{
    (void)state;
    static struct ib b;
    ib_init(&b);
    ib_tag(&b, MB2_TAG_END, 16);
    ib_set_total(&b, b.len);
    expect_refusal(&b, "end tag size is 16, expected 8");

    ib_init(&b);
    ib_end(&b);
    ib_tag(&b, MB2_TAG_CMDLINE, 16); /* bytes after the end tag */
    ib_set_total(&b, b.len);
    expect_refusal(&b, "end tag ends at 0x10 but total_size says 0x20");
}

/* ---- type-specific checks --------------------------------------------- */

static void string_without_nul(void **state)
{
    (void)state;
    static struct ib b;
    ib_init(&b);
    uint8_t *t = ib_tag(&b, MB2_TAG_LOADER_NAME, 12);
    memcpy(t + MB2_TAG_HEAD_SIZE, "abcd", 4); /* no terminator inside the 12 bytes */
    t[12] = '\0';                             /* the padding has one: it must not count */
    ib_end(&b);
    expect_refusal(&b, "tag at offset 0x8 (type 2, boot loader name): string has no NUL");

    ib_init(&b);
    ib_tag(&b, MB2_TAG_CMDLINE, MB2_TAG_HEAD_SIZE); /* no room for even a NUL */
    ib_end(&b);
    expect_refusal(&b, "size 8 is below the 9 bytes this tag needs");
}

static void bad_modules(void **state)
{
    (void)state;
    static struct ib b;
    ib_init(&b);
    ib_module(&b, 0x300000, 0x200000, "backwards");
    ib_end(&b);
    expect_refusal(&b, "mod_start 0x300000 is above mod_end 0x200000");

    ib_init(&b);
    struct mb2_tag_module *m = (void *)ib_tag(&b, MB2_TAG_MODULE, 20);
    memcpy(m->cmdline, "abcd", 4);
    ib_end(&b);
    expect_refusal(&b, "module string has no NUL terminator");

    ib_init(&b);
    ib_tag(&b, MB2_TAG_MODULE, 16);
    ib_end(&b);
    expect_refusal(&b, "size 16 is below the 17 bytes");
}

static void bad_mmaps(void **state)
{
    (void)state;
    static struct ib b;
    ib_init(&b);
    ib_mmap(&b, sample_mmap, 2);
    ib_end(&b);
    ((struct mb2_tag_mmap *)tag_at(&b, 8))->entry_size = 16;
    expect_refusal(&b, "tag at offset 0x8 (type 6, memory map): entry_size 16 is below 24");
    ((struct mb2_tag_mmap *)tag_at(&b, 8))->entry_size = 0;
    expect_refusal(&b, "entry_size 0 is below 24");
    ((struct mb2_tag_mmap *)tag_at(&b, 8))->entry_size = 32;
    expect_refusal(&b, "48 bytes of entries are not a whole number of 32-byte entries");

    ib_init(&b);
    ib_tag(&b, MB2_TAG_MMAP, 12);
    ib_end(&b);
    expect_refusal(&b, "size 12 is below the 16 bytes this tag needs");
}

/* expect_set_aside: the parse succeeds, tag 17 (the first tag) is set aside
 * with a reason containing `needle`, and no EFI map is offered. */
static void expect_set_aside_(const struct ib *b, const char *needle, const char *file, int line)
{
    struct mb2_info_view v;
    if (parse(b, &v) != 0)
        fail_msg("%s:%d: expected tag 17 set aside, the parse failed: %s", file, line, err);
    if (v.efi_mmap_set_aside != (const void *)(b->buf + sizeof(struct mb2_info_header)))
        fail_msg("%s:%d: tag 17 was not recorded as set aside", file, line);
    if (v.efi_mmap_why == NULL || strstr(v.efi_mmap_why, needle) == NULL)
        fail_msg("%s:%d: expected a reason containing \"%s\", found \"%s\"", file, line, needle,
                 v.efi_mmap_why != NULL ? v.efi_mmap_why : "(none)");
    if (v.efi_mmap_tag != NULL || v.efi_mmap.size != 0)
        fail_msg("%s:%d: a set-aside EFI map is still offered", file, line);
}
#define expect_set_aside(b, needle) expect_set_aside_((b), (needle), __FILE__, __LINE__)

/* An EFI map tag with unreadable descriptors is set aside, not fatal. */
static void bad_efi_mmaps(void **state)
{
    (void)state;
    static struct ib b;
    ib_init(&b);
    ib_efi_mmap(&b, sample_efi, 2);
    ib_end(&b);
    struct mb2_tag_efi_mmap *m = (void *)tag_at(&b, 8);
    m->descr_size = 32;
    expect_set_aside(&b, "descriptor size is below");
    m->descr_size = 0;
    expect_set_aside(&b, "descriptor size is below");
    m->descr_size = 40;
    expect_set_aside(&b, "not a multiple of the descriptor size");
    m->descr_size = EFI_DSIZE;
    m->descr_vers = 2;
    expect_set_aside(&b, "descriptor version is not 1");

    ib_init(&b);
    ib_tag(&b, MB2_TAG_EFI_MMAP, 8);
    ib_end(&b);
    expect_refusal(&b, "size 8 is below the 16 bytes");

    /* An empty EFI map (no descriptors) is well-formed. */
    ib_init(&b);
    m = (void *)ib_tag(&b, MB2_TAG_EFI_MMAP, 16);
    m->descr_size = EFI_DSIZE;
    m->descr_vers = 1;
    ib_end(&b);
    struct mb2_info_view v;
    assert_int_equal(parse(&b, &v), 0);
    assert_int_equal(efi_mmap_count(&v.efi_mmap), 0);
}

/* descr_size 0 next to a tag 6: the walk goes on past tag 17, tag 6 is
 * offered, a later well-formed tag 17 is used, and a second bad one does
 * not replace the first reason. */
static void efi_mmap_descr0_falls_back_to_tag_6(void **state)
{
    (void)state;
    static struct ib b;
    ib_init(&b);
    ib_string(&b, MB2_TAG_CMDLINE, "test");
    struct mb2_tag_efi_mmap *bad = (void *)(b.buf + b.len);
    ib_efi_mmap(&b, sample_efi, 3);
    bad->descr_size = 0;
    ib_mmap(&b, sample_mmap, ARRAY_LEN(sample_mmap));
    ib_end(&b);
    struct mb2_info_view v;
    assert_int_equal(parse(&b, &v), 0);
    assert_ptr_equal(v.efi_mmap_set_aside, bad);
    assert_non_null(strstr(v.efi_mmap_why, "descriptor size is below"));
    assert_null(v.efi_mmap_tag);
    assert_non_null(v.mmap);
    assert_int_equal(v.mmap_count, ARRAY_LEN(sample_mmap));
    assert_string_equal(v.cmdline, "test");
    assert_int_equal(v.tag_count, 3);

    /* A good tag 17 after the bad one is the map; the reason stays the first. */
    ib_init(&b);
    bad = (void *)(b.buf + b.len);
    ib_efi_mmap(&b, sample_efi, 2);
    bad->descr_size = 0;
    struct mb2_tag_efi_mmap *bad2 = (void *)(b.buf + b.len);
    ib_efi_mmap(&b, sample_efi, 2);
    bad2->descr_vers = 7;
    struct mb2_tag_efi_mmap *good = (void *)(b.buf + b.len);
    ib_efi_mmap(&b, sample_efi, ARRAY_LEN(sample_efi));
    ib_end(&b);
    assert_int_equal(parse(&b, &v), 0);
    assert_ptr_equal(v.efi_mmap_set_aside, bad);
    assert_non_null(strstr(v.efi_mmap_why, "descriptor size is below"));
    assert_ptr_equal(v.efi_mmap_tag, good);
    assert_int_equal(efi_mmap_count(&v.efi_mmap), ARRAY_LEN(sample_efi));
}

/* A fault after the command-line tag keeps the command line (so the kernel
 * can honour `test` when it reports the fault); a fault before it keeps none. */
static void failed_walk_keeps_the_command_line(void **state)
{
    (void)state;
    static struct ib b;
    struct mb2_info_view v;
    /* Truncated: a basic memory tag cut to 12 of its 16 bytes. */
    ib_init(&b);
    ib_string(&b, MB2_TAG_CMDLINE, "console=serial test");
    ib_tag(&b, MB2_TAG_BASIC_MEMINFO, 12);
    ib_end(&b);
    assert_int_equal(parse(&b, &v), -1);
    assert_non_null(strstr(err, "(type 4, basic memory information): size 12 is below the 16 bytes"));
    assert_string_equal(v.cmdline, "console=serial test");
    assert_null(v.mmap);
    assert_null(v.base);
    expect_refusal(&b, "size 12 is below");

    /* Overrun: the tag after the command line claims more than is left. */
    ib_init(&b);
    ib_string(&b, MB2_TAG_CMDLINE, "test");
    uint32_t off = b.len;
    ib_mmap(&b, sample_mmap, 2);
    ib_end(&b);
    uint32_t huge = b.len - off + 8;
    memcpy(b.buf + off + 4, &huge, sizeof(huge));
    assert_int_equal(parse(&b, &v), -1);
    assert_non_null(strstr(err, "runs past total_size"));
    assert_string_equal(v.cmdline, "test");

    /* The fault comes first: nothing is kept. */
    ib_init(&b);
    ib_tag(&b, MB2_TAG_BASIC_MEMINFO, 12);
    ib_string(&b, MB2_TAG_CMDLINE, "test");
    ib_end(&b);
    assert_int_equal(parse(&b, &v), -1);
    assert_null(v.cmdline);
}

/* The loader's test damages (efi/info_corrupt.c) produce what the kernel
 * must report: the same faults the QEMU exit layer boots. */
static void loader_test_damages(void **state)
{
    (void)state;
    static struct ib b;
    struct mb2_info_view v;

    build_full(&b);
    assert_int_equal(mb2_corrupt(b.buf, b.len, MB2_CORRUPT_TRUNCATE), 0);
    assert_int_equal(parse(&b, &v), -1);
    assert_non_null(strstr(err, "(type 4, basic memory information): size 12 is below the 16 bytes"));
    assert_string_equal(v.cmdline, "console=serial test");

    build_full(&b);
    assert_int_equal(mb2_corrupt(b.buf, b.len, MB2_CORRUPT_OVERRUN), 0);
    assert_int_equal(parse(&b, &v), -1);
    assert_non_null(strstr(err, "(type 6, memory map): size"));
    assert_non_null(strstr(err, "runs past total_size"));

    build_full(&b);
    assert_int_equal(mb2_corrupt(b.buf, b.len, MB2_CORRUPT_DESCR0), 0);
    assert_int_equal(parse(&b, &v), 0);
    assert_non_null(v.efi_mmap_set_aside);
    assert_int_equal(v.efi_mmap_set_aside->descr_size, 0);
    assert_null(v.efi_mmap_tag);
    assert_non_null(v.mmap);

    /* Nothing to aim at, or an unknown damage: -1 and the structure unchanged. */
    ib_init(&b);
    ib_string(&b, MB2_TAG_CMDLINE, "x");
    ib_end(&b);
    static uint8_t before[BUF_BYTES];
    memcpy(before, b.buf, sizeof(before));
    assert_int_equal(mb2_corrupt(b.buf, b.len, MB2_CORRUPT_TRUNCATE), -1);
    assert_int_equal(mb2_corrupt(b.buf, b.len, MB2_CORRUPT_OVERRUN), -1);
    assert_int_equal(mb2_corrupt(b.buf, b.len, MB2_CORRUPT_DESCR0), -1);
    assert_int_equal(mb2_corrupt(b.buf, b.len, 99), -1);
    assert_memory_equal(before, b.buf, sizeof(before));
}

static void bad_framebuffers(void **state)
{
    (void)state;
    static struct ib b;
    ib_init(&b);
    uint8_t *t = ib_tag(&b, MB2_TAG_FRAMEBUFFER, MB2_INFO_MIN_FRAMEBUFFER);
    ((struct mb2_tag_framebuffer *)t)->framebuffer_type = MB2_FRAMEBUFFER_TYPE_RGB;
    ib_end(&b);
    expect_refusal(&b, "size 32 is below the 38 bytes of an RGB framebuffer tag");

    ib_init(&b);
    ib_tag(&b, MB2_TAG_FRAMEBUFFER, 24);
    ib_end(&b);
    expect_refusal(&b, "size 24 is below the 32 bytes");

    ib_init(&b);
    const uint16_t colours = 200;
    t = ib_tag(&b, MB2_TAG_FRAMEBUFFER, 40);
    ((struct mb2_tag_framebuffer *)t)->framebuffer_type = MB2_FRAMEBUFFER_TYPE_INDEXED;
    memcpy(t + MB2_INFO_FB_PALETTE_OFF, &colours, sizeof(colours));
    ib_end(&b);
    expect_refusal(&b, "palette of 200 colours needs 634 bytes, the tag has 40");

    ib_init(&b);
    t = ib_tag(&b, MB2_TAG_FRAMEBUFFER, 33);
    ((struct mb2_tag_framebuffer *)t)->framebuffer_type = MB2_FRAMEBUFFER_TYPE_INDEXED;
    ib_end(&b);
    expect_refusal(&b, "leaves no room for the palette size");
}

static void short_fixed_size_tags(void **state)
{
    (void)state;
    static const struct {
        uint32_t type, size;
        const char *needle;
    } cases[] = {
        { MB2_TAG_BASIC_MEMINFO, 12, "size 12 is below the 16 bytes" },
        { MB2_TAG_EFI32, 8, "(type 11, EFI 32-bit system table): size 8 is below the 12" },
        { MB2_TAG_EFI64, 12, "(type 12, EFI 64-bit system table): size 12 is below the 16" },
        { MB2_TAG_ACPI_OLD, 27, "(type 14, ACPI 1.0 RSDP): size 27 is below the 28" },
        { MB2_TAG_ACPI_NEW, 28, "(type 15, ACPI 2.0 RSDP): size 28 is below the 44" },
        { MB2_TAG_LOAD_BASE_ADDR, 8, "size 8 is below the 12 bytes" },
    };
    static struct ib b;
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        ib_init(&b);
        ib_tag(&b, cases[i].type, cases[i].size);
        ib_end(&b);
        expect_refusal(&b, cases[i].needle);
    }
}

/* Tags the kernel does not read get only the generic checks. */
static void unread_tags_are_only_bounds_checked(void **state)
{
    (void)state;
    static struct ib b;
    ib_init(&b);
    ib_tag(&b, MB2_TAG_VBE, 8);  /* far below a real VBE tag: still accepted */
    ib_tag(&b, MB2_TAG_SMBIOS, 8);
    ib_tag(&b, 1000, 8);
    ib_end(&b);
    struct mb2_info_view v;
    assert_int_equal(parse(&b, &v), 0);
    assert_int_equal(v.types_seen, (1u << MB2_TAG_VBE) | (1u << MB2_TAG_SMBIOS));
    assert_int_equal(v.unknown_count, 1);
    assert_int_equal(v.tag_count, 3);
}

/* ---- messages ------------------------------------------------------------ */

static void small_or_missing_error_buffer(void **state)
{
    (void)state;
    static struct ib b;
    ib_init(&b);
    ib_end(&b);
    ib_set_total(&b, 8);
    struct mb2_info_view v;
    char tiny[8];
    memset(tiny, 'x', sizeof(tiny));
    assert_int_equal(mb2_info_parse(b.buf, sizeof(b.buf), &v, tiny, sizeof(tiny)), -1);
    assert_string_equal(tiny, "total_s");
    assert_int_equal(mb2_info_parse(b.buf, sizeof(b.buf), &v, NULL, 0), -1);

    /* A tag error cut inside its "tag at offset" prefix. */
    ib_init(&b);
    ib_tag(&b, MB2_TAG_MMAP, 12);
    ib_end(&b);
    assert_int_equal(mb2_info_parse(b.buf, sizeof(b.buf), &v, tiny, sizeof(tiny)), -1);
    assert_string_equal(tiny, "tag at ");
    assert_int_equal(mb2_info_parse(b.buf, sizeof(b.buf), &v, NULL, 0), -1);
}

static void names(void **state)
{
    (void)state;
    assert_string_equal(mb2_info_tag_name(MB2_TAG_MMAP), "memory map");
    assert_string_equal(mb2_info_tag_name(MB2_TAG_EFI_MMAP), "EFI memory map");
    assert_string_equal(mb2_info_tag_name(MB2_TAG_LOAD_BASE_ADDR), "image load base address");
    assert_string_equal(mb2_info_tag_name(MB2_TAG_TYPE_COUNT), "unknown");
    for (uint32_t t = 0; t < MB2_TAG_TYPE_COUNT; t++)
        assert_non_null(mb2_info_tag_name(t));
    assert_string_equal(mb2_mmap_type_name(MB2_MEMORY_AVAILABLE), "available");
    assert_string_equal(mb2_mmap_type_name(MB2_MEMORY_NVS), "ACPI NVS");
    assert_string_equal(mb2_mmap_type_name(0), "unknown");
    assert_string_equal(mb2_mmap_type_name(6), "unknown");
}

/* ---- coverage of a range by the maps --------------------------------- */

static void mmap_coverage(void **state)
{
    (void)state;
    static struct ib b;
    build_full(&b);
    struct mb2_info_view v;
    assert_int_equal(parse(&b, &v), 0);
    assert_int_equal(mb2_info_mmap_covers(&v, 0x100000, 0x10c000), 1);  /* one entry */
    assert_int_equal(mb2_info_mmap_covers(&v, 0x0, 0x9f000), 1);        /* exactly one */
    assert_int_equal(mb2_info_mmap_covers(&v, 0x9e000, 0xa0000), 0);    /* into reserved */
    assert_int_equal(mb2_info_mmap_covers(&v, 0x7ff000, 0x801000), 0);  /* into NVS */
    assert_int_equal(mb2_info_mmap_covers(&v, 0x808000, 0x20000000), 1);
    assert_int_equal(mb2_info_mmap_covers(&v, 0x808000, 0x20000001), 0); /* past the end */
    assert_int_equal(mb2_info_mmap_covers(&v, 5, 5), 1);                 /* empty */

    /* Adjacent, overlapping and unsorted available entries join up. */
    const struct mb2_mmap_entry joined[] = {
        { 3 * MIB, 2 * MIB, MB2_MEMORY_AVAILABLE, 0 },
        { 1 * MIB, 1 * MIB, MB2_MEMORY_AVAILABLE, 0 },
        { 2 * MIB, 1 * MIB + 4096, MB2_MEMORY_AVAILABLE, 0 },
        { 4 * GIB, UINT64_MAX, MB2_MEMORY_AVAILABLE, 0 }, /* overflowing end: clipped */
    };
    ib_init(&b);
    ib_mmap(&b, joined, ARRAY_LEN(joined));
    ib_end(&b);
    assert_int_equal(parse(&b, &v), 0);
    assert_int_equal(mb2_info_mmap_covers(&v, 1 * MIB, 5 * MIB), 1);
    assert_int_equal(mb2_info_mmap_covers(&v, 1 * MIB, 5 * MIB + 1), 0);
    assert_int_equal(mb2_info_mmap_covers(&v, 5 * GIB, UINT64_MAX), 1);
}

static void efi_mmap_coverage(void **state)
{
    (void)state;
    static struct ib b;
    build_full(&b);
    struct mb2_info_view v;
    assert_int_equal(parse(&b, &v), 0);
    /* conventional [1 MiB, 5 MiB) then loader data [5 MiB, 8 MiB) */
    assert_int_equal(mb2_info_efi_mmap_covers(&v, 0x100000, 0x10c000), 1);
    assert_int_equal(mb2_info_efi_mmap_covers(&v, 0x4ff000, 0x501000), 1);
    assert_int_equal(mb2_info_efi_mmap_covers(&v, 0x7ff000, 0x801000), 0); /* ACPI NVS */
    assert_int_equal(mb2_info_efi_mmap_covers(&v, 0x808000, 0x809000), 0); /* runtime data */
    assert_int_equal(mb2_info_efi_mmap_covers(&v, 0x9f000, 0xa0000), 0);   /* a hole */
    assert_int_equal(mb2_info_efi_mmap_covers(&v, 0x1000, 0x2000), 1);     /* BS code */
}

/* ---- our boot-times tag (boot_times.h) ---------------------------------- */

/* ib_boot_times: a boot-times tag of `size` bytes with the given version, count and stamps. */
static struct boot_times_tag *ib_boot_times(struct ib *b, uint32_t size, uint32_t version,
                                            uint32_t count)
{
    struct boot_times_tag *t = (void *)ib_tag(b, BOOT_TIMES_TAG_TYPE, size);
    if (size >= BOOT_TIMES_STAMPS_OFF) {
        t->version = version;
        t->count = count;
    }
    return t;
}

static void boot_times_tag_is_read(void **state)
{
    (void)state;
    static struct ib b;
    ib_init(&b);
    ib_string(&b, MB2_TAG_CMDLINE, "x");
    struct boot_times_tag *t = ib_boot_times(&b, BOOT_TIMES_TAG_SIZE, BOOT_TIMES_VERSION, BT_COUNT);
    for (uint32_t i = 0; i < BT_COUNT; i++)
        t->stamps[i] = 1000u * (i + 1u);
    ib_end(&b);
    struct mb2_info_view v;
    assert_int_equal(parse(&b, &v), 0);
    assert_ptr_equal(v.boot_times, t);
    assert_null(v.boot_times_note);
    assert_int_equal(v.unknown_count, 0);
    assert_int_equal(v.boot_times->stamps[BT_KERNEL_JUMP], 7000u);
    assert_int_equal(v.tag_count, 2);
}

/* A tag of our type that is not version 1's layout is skipped with a reason, never refused. */
static void odd_boot_times_tags_are_skipped(void **state)
{
    (void)state;
    static const struct {
        uint32_t size, version, count;
        const char *note;
    } cases[] = {
        { BOOT_TIMES_TAG_SIZE + 8u, BOOT_TIMES_VERSION, BT_COUNT, "size is not" },
        { MB2_TAG_HEAD_SIZE, 0, 0, "size is not" },
        { BOOT_TIMES_STAMPS_OFF, BOOT_TIMES_VERSION, 0, "size is not" },
        { BOOT_TIMES_TAG_SIZE, BOOT_TIMES_VERSION + 1u, BT_COUNT, "version is not 1" },
        { BOOT_TIMES_TAG_SIZE, BOOT_TIMES_VERSION, BT_COUNT - 1u, "count is not" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        static struct ib b;
        ib_init(&b);
        ib_boot_times(&b, cases[i].size, cases[i].version, cases[i].count);
        ib_end(&b);
        struct mb2_info_view v;
        assert_int_equal(parse(&b, &v), 0);
        assert_null(v.boot_times);
        assert_non_null(v.boot_times_note);
        assert_non_null(strstr(v.boot_times_note, cases[i].note));
        assert_int_equal(v.unknown_count, 1);
    }
}

/* The first well-formed one wins; a malformed one before it leaves only its note. */
static void first_good_boot_times_tag_wins(void **state)
{
    (void)state;
    static struct ib b;
    ib_init(&b);
    ib_boot_times(&b, BOOT_TIMES_TAG_SIZE, BOOT_TIMES_VERSION + 1u, BT_COUNT);
    struct boot_times_tag *good = ib_boot_times(&b, BOOT_TIMES_TAG_SIZE, BOOT_TIMES_VERSION, BT_COUNT);
    ib_boot_times(&b, BOOT_TIMES_TAG_SIZE, BOOT_TIMES_VERSION, BT_COUNT);
    ib_end(&b);
    struct mb2_info_view v;
    assert_int_equal(parse(&b, &v), 0);
    assert_ptr_equal(v.boot_times, good);
    assert_non_null(v.boot_times_note);
}

/* A boot-times tag that runs past total_size gets the generic refusal like any tag. */
static void boot_times_tag_past_the_end_is_refused(void **state)
{
    (void)state;
    static struct ib b;
    ib_init(&b);
    ib_boot_times(&b, BOOT_TIMES_TAG_SIZE, BOOT_TIMES_VERSION, BT_COUNT);
    ib_end(&b);
    ib_set_total(&b, b.len - MB2_END_TAG_SIZE - BOOT_TIMES_STAMP_SIZE);
    expect_refusal(&b, "runs past total_size");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_structure_is_read),
        cmocka_unit_test(minimal_structure_is_read),
        cmocka_unit_test(odd_sizes_are_padded),
        cmocka_unit_test(mmap_entry_size_is_the_stride),
        cmocka_unit_test(first_of_duplicates_wins),
        cmocka_unit_test(indexed_and_text_framebuffers),
        cmocka_unit_test(bad_pointers_and_room),
        cmocka_unit_test(total_size_too_small),
        cmocka_unit_test(total_size_huge),
        cmocka_unit_test(total_size_not_multiple_of_8),
        cmocka_unit_test(truncated_total_size),
        cmocka_unit_test(tag_crossing_the_end),
        cmocka_unit_test(zero_and_short_tag_sizes),
        cmocka_unit_test(missing_end_tag),
        cmocka_unit_test(bad_end_tags),
        cmocka_unit_test(string_without_nul),
        cmocka_unit_test(bad_modules),
        cmocka_unit_test(bad_mmaps),
        cmocka_unit_test(bad_efi_mmaps),
        cmocka_unit_test(efi_mmap_descr0_falls_back_to_tag_6),
        cmocka_unit_test(failed_walk_keeps_the_command_line),
        cmocka_unit_test(loader_test_damages),
        cmocka_unit_test(bad_framebuffers),
        cmocka_unit_test(short_fixed_size_tags),
        cmocka_unit_test(unread_tags_are_only_bounds_checked),
        cmocka_unit_test(small_or_missing_error_buffer),
        cmocka_unit_test(names),
        cmocka_unit_test(mmap_coverage),
        cmocka_unit_test(efi_mmap_coverage),
        cmocka_unit_test(boot_times_tag_is_read),
        cmocka_unit_test(odd_boot_times_tags_are_skipped),
        cmocka_unit_test(first_good_boot_times_tag_wins),
        cmocka_unit_test(boot_times_tag_past_the_end_is_refused),
    };
    return cmocka_run_group_tests_name("mb2_info", tests, NULL, NULL);
}
