/*
 * test_mb1_header.c: host tests of efi/mb1_header.c, the Multiboot1 header
 * search, on files built in memory.
 */
#include "test_util.h"

#include <stdint.h>
#include <stdlib.h>

#include "mb1_header.h"

#define FILE_BYTES 16384u
#define IS_ELF 1
#define NOT_ELF 0

static uint8_t file[FILE_BYTES];
static char err[MB1_ERR_MAX];
static struct mb1_request rq;

static void put32(size_t off, uint32_t v)
{
    for (unsigned i = 0; i < 4; i++)
        file[off + i] = (uint8_t)(v >> (8 * i));
}

/* header: a header at off with these flags and a correct checksum. */
static void header(size_t off, uint32_t flags)
{
    put32(off, MB1_HEADER_MAGIC);
    put32(off + 4, flags);
    put32(off + 8, (uint32_t)-(MB1_HEADER_MAGIC + flags));
}

static int find(size_t len, int is_elf)
{
    memset(err, 0, sizeof(err));
    memset(&rq, 0x5a, sizeof(rq));
    return mb1_header_find(file, len, is_elf, &rq, err, sizeof(err));
}

static void setup(void)
{
    memset(file, 0, sizeof(file));
}

static void no_header_is_not_an_error(void **state)
{
    (void)state;
    setup();
    assert_int_equal(find(FILE_BYTES, IS_ELF), 0);
    assert_int_equal(find(0, IS_ELF), 0);
    assert_int_equal(find(11, IS_ELF), 0);
}

static void plain_header_is_found(void **state)
{
    (void)state;
    setup();
    header(0x1000, MB1_HF_PAGE_ALIGN | MB1_HF_MEMORY_INFO);
    assert_int_equal(find(FILE_BYTES, IS_ELF), 1);
    assert_int_equal(rq.offset, 0x1000);
    assert_int_equal(rq.flags, 3);
    assert_true(rq.page_align_modules);
    assert_true(rq.wants_memory);
    assert_false(rq.wants_video);
}

static void header_must_be_in_the_first_8_kib_and_aligned(void **state)
{
    (void)state;
    setup();
    header(MB1_SEARCH_BYTES - 12, 0); /* the last place it fits */
    assert_int_equal(find(FILE_BYTES, IS_ELF), 1);
    assert_int_equal(rq.offset, MB1_SEARCH_BYTES - 12);
    setup();
    header(MB1_SEARCH_BYTES - 8, 0); /* straddles the limit */
    assert_int_equal(find(FILE_BYTES, IS_ELF), 0);
    setup();
    header(0x102, 0); /* not on a 4-byte boundary */
    assert_int_equal(find(FILE_BYTES, IS_ELF), 0);
    setup();
    header(0x100, 0); /* the file ends inside the checksum */
    assert_int_equal(find(0x10b, IS_ELF), 0);
    assert_int_equal(find(0x10c, IS_ELF), 1);
}

static void bad_checksum_is_named(void **state)
{
    (void)state;
    setup();
    header(0x40, 0);
    put32(0x48, 0x12345678);
    assert_int_equal(find(FILE_BYTES, IS_ELF), -1);
    assert_contains(err, "Multiboot1 magic at 0x40, but magic + flags + checksum is 0x");
    assert_contains(err, "expected 0");
    /* A valid header after a stray magic wins. */
    header(0x80, 0);
    assert_int_equal(find(FILE_BYTES, IS_ELF), 1);
    assert_int_equal(rq.offset, 0x80);
}

static void unknown_required_flag_is_refused(void **state)
{
    (void)state;
    setup();
    header(0, MB1_HF_PAGE_ALIGN | (1u << 5));
    assert_int_equal(find(FILE_BYTES, IS_ELF), -1);
    assert_string_equal(err, "Multiboot1 header at 0x0 requires flag bit 5 (flags 0x00000021), "
                             "expected only bits 0-2 among the required bits 0-15");
    /* Optional bits (17-31) unknown to us are fine. */
    setup();
    header(0, 1u << 20);
    assert_int_equal(find(FILE_BYTES, IS_ELF), 1);
}

static void address_flag_needs_elf(void **state)
{
    (void)state;
    setup();
    header(0, MB1_HF_ADDRESS | MB1_HF_PAGE_ALIGN);
    assert_int_equal(find(FILE_BYTES, NOT_ELF), -1);
    assert_contains(err, "a.out kludge is not supported, expected an ELF32 kernel");
    assert_int_equal(find(FILE_BYTES, IS_ELF), 1); /* ELF: the address fields are ignored */
    assert_true(rq.page_align_modules);
}

static void video_fields_are_read(void **state)
{
    (void)state;
    setup();
    header(0x20, MB1_HF_VIDEO_MODE);
    put32(0x20 + 32, 0);
    put32(0x20 + 36, 1024);
    put32(0x20 + 40, 768);
    put32(0x20 + 44, 32);
    assert_int_equal(find(FILE_BYTES, IS_ELF), 1);
    assert_true(rq.wants_video);
    assert_int_equal(rq.mode_type, 0);
    assert_int_equal(rq.width, 1024);
    assert_int_equal(rq.height, 768);
    assert_int_equal(rq.depth, 32);
    /* Cut inside the video fields. */
    assert_int_equal(find(0x20 + 47, IS_ELF), -1);
    assert_contains(err, "asks for a video mode, but the file ends 47 bytes into the header, "
                         "expected at least 48");
    assert_int_equal(find(0x20 + 48, IS_ELF), 1);
}

static void small_error_buffer_is_respected(void **state)
{
    (void)state;
    setup();
    header(0, 1u << 7);
    char small[16];
    memset(small, 'x', sizeof(small));
    assert_int_equal(mb1_header_find(file, FILE_BYTES, IS_ELF, &rq, small, sizeof(small)), -1);
    assert_non_null(memchr(small, '\0', sizeof(small)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_header_is_not_an_error),
        cmocka_unit_test(plain_header_is_found),
        cmocka_unit_test(header_must_be_in_the_first_8_kib_and_aligned),
        cmocka_unit_test(bad_checksum_is_named),
        cmocka_unit_test(unknown_required_flag_is_refused),
        cmocka_unit_test(address_flag_needs_elf),
        cmocka_unit_test(video_fields_are_read),
        cmocka_unit_test(small_error_buffer_is_respected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
