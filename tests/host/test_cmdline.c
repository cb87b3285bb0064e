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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(whole_words_match),
        cmocka_unit_test(parts_of_words_do_not),
        cmocka_unit_test(degenerate_inputs),
    };
    return cmocka_run_group_tests_name("cmdline", tests, NULL, NULL);
}
