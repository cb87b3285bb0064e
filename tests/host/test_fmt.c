/*
 * test_fmt.c: host tests of kernel/lib/fmt.c, the freestanding formatter.
 * Where fmt promises printf's behaviour, the host's snprintf is the oracle.
 */
#include "test_util.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>

#include "fmt.h"

#define BUF 128

/* expect: fmt_format and snprintf agree on the text and on the returned length. */
#define expect_like_printf(fmtstr, ...)                                            \
    do {                                                                        \
        char got_[BUF], want_[BUF];                                             \
        size_t n_ = fmt_format(got_, sizeof(got_), fmtstr, __VA_ARGS__);        \
        int w_ = snprintf(want_, sizeof(want_), fmtstr, __VA_ARGS__);           \
        assert_string_equal(got_, want_);                                       \
        assert_int_equal(n_, (size_t)w_);                                       \
    } while (0)

static void strings_and_chars(void **state)
{
    (void)state;
    expect_like_printf("[%s]", "hello");
    expect_like_printf("[%8s]", "abc");
    expect_like_printf("[%2s]", "abcdef");
    expect_like_printf("%c%c%c", 'x', 'y', 'z');
    expect_like_printf("100%% %s", "sure");
    char buf[BUF];
    const char *volatile null_string = NULL; /* hidden from the format check */
    fmt_format(buf, sizeof(buf), "%s", null_string);
    assert_string_equal(buf, "(null)");
}

static void signed_decimal(void **state)
{
    (void)state;
    expect_like_printf("%d", 0);
    expect_like_printf("%d", 12345);
    expect_like_printf("%d", -42);
    expect_like_printf("%d", INT_MIN);
    expect_like_printf("%d", INT_MAX);
    expect_like_printf("%5d|%1d", -42, 7);
    expect_like_printf("%05d", -42);
    expect_like_printf("%ld", LONG_MIN);
    expect_like_printf("%lld", LLONG_MIN);
    expect_like_printf("%lld", LLONG_MAX);
}

static void unsigned_and_hex(void **state)
{
    (void)state;
    expect_like_printf("%u", 4000000000u);
    expect_like_printf("%lu", ULONG_MAX);
    expect_like_printf("%llu", ULLONG_MAX);
    expect_like_printf("%x", 0xdeadbeefu);
    expect_like_printf("%X", 0xdeadbeefu);
    expect_like_printf("%08x", 0x1234u);
    expect_like_printf("%08x", 0x89abcdefu);
    expect_like_printf("%llx", 0x100002000ull);
    expect_like_printf("%016llx", 0xabcull);
    expect_like_printf("%4x|%x", 0xau, 0u);
    expect_like_printf("%02x %02x", 0x7fu, 0x5u);
}

static void pointers(void **state)
{
    (void)state;
    char buf[BUF];
    fmt_format(buf, sizeof(buf), "%p", (void *)(uintptr_t)0x1000);
    assert_string_equal(buf, "0x1000");
    fmt_format(buf, sizeof(buf), "%p", (void *)0);
    assert_string_equal(buf, "0x0");
}

/* unchecked: fmt_vformat without the printf format attribute, for formats printf would refuse. */
static size_t unchecked(char *buf, size_t cap, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    size_t n = fmt_vformat(buf, cap, f, ap);
    va_end(ap);
    return n;
}

static void unknown_and_truncated_conversions_are_copied(void **state)
{
    (void)state;
    char buf[BUF];
    assert_int_equal(unchecked(buf, sizeof(buf), "a%qb"), 4);
    assert_string_equal(buf, "a%qb");
    assert_int_equal(unchecked(buf, sizeof(buf), "end%"), 4);
    assert_string_equal(buf, "end%");
}

static void truncation_keeps_the_full_length(void **state)
{
    (void)state;
    char buf[6];
    memset(buf, 'Z', sizeof(buf));
    assert_int_equal(fmt_format(buf, sizeof(buf), "hello %s", "world"), 11);
    assert_string_equal(buf, "hello");
    assert_int_equal(fmt_format(buf, 1, "abc"), 3);
    assert_string_equal(buf, "");
    memset(buf, 'Z', sizeof(buf));
    assert_int_equal(fmt_format(buf, 0, "abc%d", 12), 5);
    assert_int_equal(buf[0], 'Z'); /* nothing written with no room at all */
    assert_int_equal(fmt_format(NULL, 0, "%08x", 1u), 8);
    /* Cut inside a number. */
    assert_int_equal(fmt_format(buf, sizeof(buf), "%d", -123456789), 10);
    assert_string_equal(buf, "-1234");
}

static void exact_fit(void **state)
{
    (void)state;
    char buf[4];
    assert_int_equal(fmt_format(buf, sizeof(buf), "abc"), 3);
    assert_string_equal(buf, "abc");
    assert_int_equal(fmt_format(buf, sizeof(buf), "abcd"), 4);
    assert_string_equal(buf, "abc");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(strings_and_chars),
        cmocka_unit_test(signed_decimal),
        cmocka_unit_test(unsigned_and_hex),
        cmocka_unit_test(pointers),
        cmocka_unit_test(unknown_and_truncated_conversions_are_copied),
        cmocka_unit_test(truncation_keeps_the_full_length),
        cmocka_unit_test(exact_fit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
