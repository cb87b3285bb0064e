/*
 * test_uelf.c: checking user programs (kernel/uelf.c), an untrusted ELF
 * parser: a well-formed program, every identity field, program headers
 * outside the file, segments outside the user half, overlapping or
 * page-sharing segments, file bytes past the end, an entry outside the
 * executable segments, too many segments, and the built programs of
 * user/ themselves when they are there.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "elf32.h"
#include "elf_builder.h"
#include "paging.h"
#include "types.h"
#include "test_util.h"
#include "uelf.h"

#define TEXT_VA   0x08048000u
#define DATA_VA   0x08049000u
#define FILE_LEN  0x2000u
#define PH_OFF    52u
#define PH_SIZE   32u
#define ENTRY     (TEXT_VA + 0x80u)

struct seg {
    uint32_t type, offset, vaddr, filesz, memsz, flags;
};

/* build: an i386 ET_EXEC file of FILE_LEN bytes with the given program headers. */
static uint8_t *build(const struct seg *segs, unsigned n, uint32_t entry)
{
    uint8_t *f = calloc(1, FILE_LEN);
    assert_non_null(f);
    f[EI_MAG0] = ELFMAG0;
    f[EI_MAG1] = ELFMAG1;
    f[EI_MAG2] = ELFMAG2;
    f[EI_MAG3] = ELFMAG3;
    f[EI_CLASS] = ELFCLASS32;
    f[EI_DATA] = ELFDATA2LSB;
    f[EI_VERSION] = EV_CURRENT;
    eb_put16(f + 16, ET_EXEC);
    eb_put16(f + 18, EM_386);
    eb_put32(f + 20, EV_CURRENT);
    eb_put32(f + 24, entry);
    eb_put32(f + 28, PH_OFF);
    eb_put16(f + 40, 52);
    eb_put16(f + 42, PH_SIZE);
    eb_put16(f + 44, (uint16_t)n);
    for (unsigned i = 0; i < n; i++) {
        uint8_t *p = f + PH_OFF + i * PH_SIZE;
        eb_put32(p + 0, segs[i].type);
        eb_put32(p + 4, segs[i].offset);
        eb_put32(p + 8, segs[i].vaddr);
        eb_put32(p + 12, segs[i].vaddr);
        eb_put32(p + 16, segs[i].filesz);
        eb_put32(p + 20, segs[i].memsz);
        eb_put32(p + 24, segs[i].flags);
        eb_put32(p + 28, PAGE_SIZE);
    }
    return f;
}

/* The shape user/user.ld gives: text (RX, with the headers) and data + bss (RW). */
static const struct seg good[] = {
    { PT_LOAD, 0, TEXT_VA, 0x300, 0x300, PF_R | PF_X },
    { PT_LOAD, 0x1000, DATA_VA, 0x20, 0x2000, PF_R | PF_W },
};

static int parse(const uint8_t *f, size_t len, struct uelf_image *img, char *err)
{
    memset(err, 0, UELF_ERR_MAX);
    return uelf_parse(f, len, img, err, UELF_ERR_MAX);
}

static void accepts_a_program(void **state)
{
    (void)state;
    uint8_t *f = build(good, 2, ENTRY);
    struct uelf_image img;
    char err[UELF_ERR_MAX];
    assert_int_equal(parse(f, FILE_LEN, &img, err), 0);
    assert_int_equal(img.entry, ENTRY);
    assert_int_equal(img.nsegs, 2);
    assert_int_equal(img.segs[0].vaddr, TEXT_VA);
    assert_int_equal(img.segs[0].flags, UELF_SEG_X);
    assert_int_equal(img.segs[1].flags, UELF_SEG_W);
    assert_int_equal(img.segs[1].memsz, 0x2000);
    assert_int_equal(img.end, DATA_VA + 0x2000);
    free(f);
}

static void sorts_and_skips(void **state)
{
    (void)state;
    /* Data first in the file, an empty PT_LOAD (no data at all) and a PT_NOTE: ignored. */
    struct seg s[] = {
        good[1],
        { PT_LOAD, 0x2d0, 0, 0, 0, PF_R | PF_W },
        { 4 /* PT_NOTE */, 0x100, 0, 0x10, 0x10, PF_R },
        good[0],
    };
    uint8_t *f = build(s, 4, ENTRY);
    struct uelf_image img;
    char err[UELF_ERR_MAX];
    assert_int_equal(parse(f, FILE_LEN, &img, err), 0);
    assert_int_equal(img.nsegs, 2);
    assert_int_equal(img.segs[0].vaddr, TEXT_VA);
    assert_int_equal(img.segs[1].vaddr, DATA_VA);
    free(f);
}

/* refuse: the file f (len bytes) is refused with a message containing want. */
static void refuse(const uint8_t *f, size_t len, const char *want)
{
    struct uelf_image img;
    char err[UELF_ERR_MAX];
    assert_int_equal(parse(f, len, &img, err), -1);
    assert_contains(err, want);
}

static void identity_fields(void **state)
{
    (void)state;
    uint8_t *f = build(good, 2, ENTRY);
    refuse(f, 10, "expected at least 52");
    struct {
        size_t off;
        uint8_t val;
        const char *want;
    } cases[] = {
        { EI_MAG0, 0x7e, "no ELF magic" },
        { EI_MAG3, 'G', "no ELF magic" },
        { EI_CLASS, ELFCLASS64, "ELF class 2, expected 1" },
        { EI_DATA, ELFDATA2MSB, "ELF data 2, expected 1" },
        { EI_VERSION, 0, "ELF version 0/1, expected 1" },
        { 16, ET_DYN, "ELF type 3, expected 2" },
        { 18, EM_X86_64, "machine 62, expected 3" },
        { 42, 40, "e_phentsize 40, expected 32" },
        { 44, 0, "program headers" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint8_t saved = f[cases[i].off];
        f[cases[i].off] = cases[i].val;
        refuse(f, FILE_LEN, cases[i].want);
        f[cases[i].off] = saved;
    }
    eb_put32(f + 28, FILE_LEN - 40); /* headers run past the end */
    refuse(f, FILE_LEN, "run past the file");
    eb_put32(f + 28, 0xFFFFFFF0u);
    refuse(f, FILE_LEN, "run past the file");
    free(f);
}

static void segment_checks(void **state)
{
    (void)state;
    struct {
        struct seg s;
        const char *want;
    } cases[] = {
        { { PT_LOAD, 0x1000, DATA_VA, 0x3000, 0x2000, PF_R | PF_W }, "p_filesz 12288 > p_memsz 8192" },
        { { PT_LOAD, 0x1800, DATA_VA, 0x100, 0x1000, PF_R | PF_W }, "differ modulo 4 KiB" },
        { { PT_LOAD, 0x1000, DATA_VA, 0x1001, 0x2000, PF_R | PF_W }, "run past the file" },
        { { PT_LOAD, 0xFFFFF000u, DATA_VA, 0x2000, 0x2000, PF_R | PF_W }, "run past the file" },
        { { PT_LOAD, 0, 0x1000, 0x10, 0x10, PF_R | PF_W }, "expected inside the user program area" },
        { { PT_LOAD, 0, KERNEL_VBASE, 0x10, 0x10, PF_R | PF_W }, "expected inside the user program area" },
        { { PT_LOAD, 0, USER_HEAP_LIMIT - 0x1000, 0x10, 0x2000, PF_R | PF_W }, "user program area" },
        { { PT_LOAD, 0, 0xFFFFF000u, 0x10, 0x2000, PF_R | PF_W }, "user program area" },
        { { PT_LOAD, 0x300, TEXT_VA + 0x300, 0x10, 0x10, PF_R | PF_W }, "share a page" },
        { { PT_LOAD, 0, TEXT_VA - 0x1000, 0x10, 0x1001, PF_R | PF_W }, "share a page" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct seg s[] = { good[0], cases[i].s };
        uint8_t *f = build(s, 2, ENTRY);
        refuse(f, FILE_LEN, cases[i].want);
        free(f);
    }
}

static void entry_and_counts(void **state)
{
    (void)state;
    uint8_t *f = build(good, 2, DATA_VA + 4); /* in a segment, not an executable one */
    refuse(f, FILE_LEN, "entry 08049004 is not inside an executable segment");
    free(f);
    f = build(good, 2, TEXT_VA + 0x300);      /* one past the text */
    refuse(f, FILE_LEN, "not inside an executable segment");
    free(f);
    struct seg none[] = { { 4, 0, 0, 0, 0, 0 } };
    f = build(none, 1, ENTRY);
    refuse(f, FILE_LEN, "no PT_LOAD segment");
    free(f);
    struct seg many[UELF_MAX_SEGMENTS + 1];
    for (unsigned i = 0; i <= UELF_MAX_SEGMENTS; i++)
        many[i] = (struct seg){ PT_LOAD, 0, TEXT_VA + i * 0x1000, 0x10, 0x10, PF_R | PF_X };
    f = build(many, UELF_MAX_SEGMENTS + 1, ENTRY);
    refuse(f, FILE_LEN, "more than 8 PT_LOAD segments");
    free(f);
}

/* The real programs (built by `make user`; tests/host/uelf.deps.mk makes the test depend on them). */
static void built_programs(void **state)
{
    (void)state;
    static const char *const names[] = { "hello", "probe", "same", "sparse", "hog", "spin", "badptr" };
    const char *dir = USER_BUILD_DIR;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        char path[256];
        snprintf(path, sizeof(path), "%s/%s.elf", dir, names[i]);
        FILE *fp = fopen(path, "rb");
        if (fp == NULL)
            fail_msg("%s: cannot open it (make user builds it)", path);
        static uint8_t buf[1 << 16];
        size_t n = fread(buf, 1, sizeof(buf), fp);
        fclose(fp);
        uint8_t *copy = malloc(n);
        assert_non_null(copy);
        memcpy(copy, buf, n);
        struct uelf_image img;
        char err[UELF_ERR_MAX];
        if (parse(copy, n, &img, err) != 0)
            fail_msg("%s: %s", path, err);
        assert_int_equal(img.segs[0].vaddr, TEXT_VA);
        assert_true(img.segs[0].flags & UELF_SEG_X);
        assert_false(img.segs[0].flags & UELF_SEG_W);
        free(copy);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accepts_a_program),
        cmocka_unit_test(sorts_and_skips),
        cmocka_unit_test(identity_fields),
        cmocka_unit_test(segment_checks),
        cmocka_unit_test(entry_and_counts),
        cmocka_unit_test(built_programs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
