/*
 * test_kpin.c: host tests of efi/kpin.c, the signed loader's check of the
 * kernel file against the SHA-256 it was built with.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "kpin.h"
#include "test_util.h"

/* The pin the development build links (efi/kpin_none.c is not linked here). */
const struct kernel_pin kernel_pin = { .enabled = 0 };

static const char ABC_HEX[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

static struct kernel_pin pin_of(const void *data, size_t len)
{
    struct kernel_pin p = { .enabled = 1 };
    sha256(data, len, p.sha256);
    return p;
}

static void hex_is_lowercase_digest(void **state)
{
    (void)state;
    uint8_t d[SHA256_DIGEST_BYTES];
    char hex[KPIN_HEX_LEN + 1];
    memset(hex, 'x', sizeof(hex));
    sha256("abc", 3, d);
    kpin_hex(d, hex);
    assert_string_equal(hex, ABC_HEX);
}

static void disabled_pin_accepts_anything(void **state)
{
    (void)state;
    char err[KPIN_ERR_MAX] = "";
    assert_int_equal(kpin_check(&kernel_pin, (const uint8_t *)"abc", 3, "/kernel.elf", err, sizeof(err)), 0);
    assert_int_equal(kpin_check(&kernel_pin, NULL, 0, "/kernel.elf", err, sizeof(err)), 0);
    assert_string_equal(err, "");
}

static void matching_file_is_accepted(void **state)
{
    (void)state;
    const uint8_t file[] = "an ELF file, or not: the pin only hashes";
    struct kernel_pin p = pin_of(file, sizeof(file));
    char err[KPIN_ERR_MAX] = "";
    assert_int_equal(kpin_check(&p, file, sizeof(file), "/kernel.elf", err, sizeof(err)), 0);
    assert_string_equal(err, "");
}

static void changed_byte_is_refused_with_both_digests(void **state)
{
    (void)state;
    struct kernel_pin p = pin_of("abd", 3);
    char err[KPIN_ERR_MAX] = "";
    assert_int_equal(kpin_check(&p, (const uint8_t *)"abc", 3, "/kernel.elf", err, sizeof(err)), -1);
    char want_hex[KPIN_HEX_LEN + 1];
    kpin_hex(p.sha256, want_hex);
    assert_contains(err, "/kernel.elf: SHA-256 ");
    assert_contains(err, ABC_HEX);
    assert_contains(err, want_hex);
    assert_contains(err, "does not match");
    assert_contains(err, "this signed loader was built for");
    /* The found digest comes first, the pinned one second. */
    assert_true(strstr(err, ABC_HEX) < strstr(err, want_hex));
}

static void truncated_or_extended_file_is_refused(void **state)
{
    (void)state;
    const uint8_t file[] = "0123456789abcdef";
    struct kernel_pin p = pin_of(file, sizeof(file) - 1);
    char err[KPIN_ERR_MAX];
    assert_int_equal(kpin_check(&p, file, sizeof(file) - 2, "/k", err, sizeof(err)), -1);
    assert_int_equal(kpin_check(&p, file, sizeof(file), "/k", err, sizeof(err)), -1);
    assert_int_equal(kpin_check(&p, file, sizeof(file) - 1, "/k", err, sizeof(err)), 0);
}

/* The longest path boot.cfg allows still leaves room for both digests. */
static void longest_name_keeps_both_digests(void **state)
{
    (void)state;
    char name[CFG_PATH_MAX];
    memset(name, 'n', sizeof(name) - 1);
    name[0] = '/';
    name[sizeof(name) - 1] = '\0';
    struct kernel_pin p = pin_of("x", 1);
    uint8_t found[SHA256_DIGEST_BYTES];
    char found_hex[KPIN_HEX_LEN + 1], want_hex[KPIN_HEX_LEN + 1];
    sha256("y", 1, found);
    kpin_hex(found, found_hex);
    kpin_hex(p.sha256, want_hex);
    char err[KPIN_ERR_MAX];
    assert_int_equal(kpin_check(&p, (const uint8_t *)"y", 1, name, err, sizeof(err)), -1);
    assert_contains(err, name);
    assert_contains(err, found_hex);
    assert_contains(err, want_hex);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hex_is_lowercase_digest),
        cmocka_unit_test(disabled_pin_accepts_anything),
        cmocka_unit_test(matching_file_is_accepted),
        cmocka_unit_test(changed_byte_is_refused_with_both_digests),
        cmocka_unit_test(truncated_or_extended_file_is_refused),
        cmocka_unit_test(longest_name_keeps_both_digests),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
