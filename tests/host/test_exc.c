/*
 * test_exc.c: host tests of kernel/exc.c, the exception names and the
 * error-code decoding that the exception report prints (#PF bits and CR2,
 * selector error codes).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../kernel/exc.h"
#include "seg.h"

static char buf[EXC_DECODE_MAX];

static void names(void **state)
{
    (void)state;
    assert_string_equal(exc_mnemonic(EXC_DE), "#DE");
    assert_string_equal(exc_mnemonic(EXC_GP), "#GP");
    assert_string_equal(exc_name(EXC_PF), "page fault");
    assert_string_equal(exc_name(EXC_DF), "double fault");
    assert_string_equal(exc_mnemonic(EXC_VECTORS), "#??");
    assert_string_equal(exc_name(1000), "unknown");
}

static void error_code_vectors(void **state)
{
    (void)state;
    static const unsigned with[] = {8, 10, 11, 12, 13, 14, 17, 21, 29, 30};
    unsigned n = 0;
    for (unsigned v = 0; v < EXC_VECTORS + 8; v++)
        n += (unsigned)exc_has_error_code(v);
    assert_int_equal(n, sizeof(with) / sizeof(with[0]));
    for (unsigned i = 0; i < sizeof(with) / sizeof(with[0]); i++)
        assert_true(exc_has_error_code(with[i]));
    assert_false(exc_has_error_code(EXC_DE));
    assert_false(exc_has_error_code(EXC_UD));
}

static void page_fault_bits(void **state)
{
    (void)state;
    /* Read of address 0, not present, supervisor. */
    exc_decode_error(EXC_PF, 0, 0, buf, sizeof(buf));
    assert_string_equal(buf, "P=0 (not present) W=0 (read) U=0 (supervisor) RSVD=0 I=0 (data) "
                             "cr2=00000000");
    /* Write to read-only kernel text from the kernel. */
    exc_decode_error(EXC_PF, PF_ERR_P | PF_ERR_W, 0xC0100000u, buf, sizeof(buf));
    assert_string_equal(buf, "P=1 (protection) W=1 (write) U=0 (supervisor) RSVD=0 I=0 (data) "
                             "cr2=c0100000");
    /* User instruction fetch hitting a reserved bit. */
    exc_decode_error(EXC_PF, PF_ERR_P | PF_ERR_U | PF_ERR_RSVD | PF_ERR_I, 0xdeadbeefu, buf,
                     sizeof(buf));
    assert_string_equal(buf, "P=1 (protection) W=0 (read) U=1 (user) RSVD=1 I=1 (fetch) "
                             "cr2=deadbeef");
}

static void selectors(void **state)
{
    (void)state;
    exc_decode_error(EXC_GP, 0, 0, buf, sizeof(buf));
    assert_string_equal(buf, "selector none (0)");
    exc_decode_error(EXC_GP, 0x00F8, 0, buf, sizeof(buf));
    assert_string_equal(buf, "selector 0x00f8: index=31 table=GDT ext=0");
    exc_decode_error(EXC_NP, 0 * 8 + SELERR_IDT, 0, buf, sizeof(buf));
    assert_string_equal(buf, "selector 0x0002: index=0 table=IDT ext=0");
    exc_decode_error(EXC_TS, 0x28 | SELERR_TI | SELERR_EXT, 0, buf, sizeof(buf));
    assert_string_equal(buf, "selector 0x002d: index=5 table=LDT ext=1");
    /* IDT wins over TI (TI is undefined when IDT is set). */
    exc_decode_error(EXC_SS, 0x68 | SELERR_IDT | SELERR_TI, 0, buf, sizeof(buf));
    assert_string_equal(buf, "selector 0x006e: index=13 table=IDT ext=0");
}

static void others(void **state)
{
    (void)state;
    exc_decode_error(EXC_DF, 0, 0, buf, sizeof(buf));
    assert_string_equal(buf, "error code 0x00000000");
    exc_decode_error(EXC_UD, 0, 0, buf, sizeof(buf));
    assert_string_equal(buf, "");
    /* Truncation keeps the buffer terminated. */
    char small[8];
    size_t need = exc_decode_error(EXC_GP, 0xF8, 0, small, sizeof(small));
    assert_true(need >= sizeof(small));
    assert_int_equal(strlen(small), sizeof(small) - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names),
        cmocka_unit_test(error_code_vectors),
        cmocka_unit_test(page_fault_bits),
        cmocka_unit_test(selectors),
        cmocka_unit_test(others),
    };
    return cmocka_run_group_tests_name("exc", tests, NULL, NULL);
}
