/*
 * test_cmdline.c: host tests of kernel/cmdline.c (finding `test` on the
 * kernel command line).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "../../kernel/cmdline.h"

static void whole_words_match(void **state)
{
    (void)state;
    assert_int_equal(cmdline_has_word("test", "test"), 1);
    assert_int_equal(cmdline_has_word("a test b", "test"), 1);
    assert_int_equal(cmdline_has_word("console=serial test", "test"), 1);
    assert_int_equal(cmdline_has_word("test console=serial", "test"), 1);
    assert_int_equal(cmdline_has_word("  \ttest\r\n", "test"), 1);
    assert_int_equal(cmdline_has_word("a  b   test", "test"), 1);
}

static void parts_of_words_do_not(void **state)
{
    (void)state;
    assert_int_equal(cmdline_has_word("testing", "test"), 0);
    assert_int_equal(cmdline_has_word("atest", "test"), 0);
    assert_int_equal(cmdline_has_word("x=test", "test"), 0);
    assert_int_equal(cmdline_has_word("tes", "test"), 0);
    assert_int_equal(cmdline_has_word("te st", "test"), 0);
    assert_int_equal(cmdline_has_word("test-mode", "test"), 0);
}

static void degenerate_inputs(void **state)
{
    (void)state;
    assert_int_equal(cmdline_has_word("", "test"), 0);
    assert_int_equal(cmdline_has_word("   ", "test"), 0);
    assert_int_equal(cmdline_has_word(NULL, "test"), 0);
    assert_int_equal(cmdline_has_word("test", ""), 0);
    assert_int_equal(cmdline_has_word("test", NULL), 0);
}

static void key_values(void **state)
{
    (void)state;
    uint32_t v = 7;
    assert_int_equal(cmdline_uint("test soak=600", "soak", &v), CMDLINE_FOUND);
    assert_int_equal(v, 600);
    assert_int_equal(cmdline_uint("soak=0", "soak", &v), CMDLINE_FOUND);
    assert_int_equal(v, 0);
    assert_int_equal(cmdline_uint("\tsoak=4294967295\n", "soak", &v), CMDLINE_FOUND);
    assert_int_equal(v, 4294967295u);
    v = 7;
    assert_int_equal(cmdline_uint("soak=4294967296", "soak", &v), CMDLINE_BAD);
    assert_int_equal(cmdline_uint("soak=", "soak", &v), CMDLINE_BAD);
    assert_int_equal(cmdline_uint("soak=10s", "soak", &v), CMDLINE_BAD);
    assert_int_equal(cmdline_uint("soak=-1", "soak", &v), CMDLINE_BAD);
    assert_int_equal(v, 7);
    /* Only the whole key followed by '=' counts; the first match decides. */
    assert_int_equal(cmdline_uint("soaking=5 xsoak=5 soak", "soak", &v), CMDLINE_ABSENT);
    assert_int_equal(cmdline_uint("soak=1 soak=2", "soak", &v), CMDLINE_FOUND);
    assert_int_equal(v, 1);
    assert_int_equal(cmdline_uint(NULL, "soak", &v), CMDLINE_ABSENT);
    assert_int_equal(cmdline_uint("soak=1", "", &v), CMDLINE_ABSENT);
    assert_int_equal(cmdline_uint("", "soak", &v), CMDLINE_ABSENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(whole_words_match),
        cmocka_unit_test(parts_of_words_do_not),
        cmocka_unit_test(degenerate_inputs),
        cmocka_unit_test(key_values),
    };
    return cmocka_run_group_tests_name("cmdline", tests, NULL, NULL);
}
