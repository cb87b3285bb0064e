/*
 * test_boottimes.c: host tests of the boot-times line's text
 * (kernel/boottimes_fmt.c): the phases from the loader's tag, "n/a" for
 * missing or reversed readings, GRUB-style boots without the tag, an
 * unknown TSC frequency, and a buffer too small for the line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../kernel/boottimes.h"

#define KHZ       1000000u   /* 1 GHz: one cycle per ns, so 1000 cycles are 1 us */
#define US        1000ull    /* cycles per microsecond at KHZ */

static char line[BOOTTIMES_LINE_MAX];

static struct boot_times_tag full_tag(void)
{
    struct boot_times_tag t = { BOOT_TIMES_TAG_TYPE, BOOT_TIMES_TAG_SIZE, BOOT_TIMES_VERSION,
                                BT_COUNT, { 0 } };
    t.stamps[BT_LOADER_ENTRY] = 500000 * US;
    t.stamps[BT_READS_BEGIN] = 510000 * US;
    t.stamps[BT_READS_END] = 530000 * US;
    t.stamps[BT_EXIT_BEGIN] = 540000 * US;
    t.stamps[BT_EXIT_DONE] = 542000 * US;
    t.stamps[BT_TRAMP_ENTRY] = 542100 * US;
    t.stamps[BT_KERNEL_JUMP] = 542600 * US;
    return t;
}

static void phases_from_our_tag(void **state)
{
    (void)state;
    struct boot_times_tag t = full_tag();
    boottimes_format(line, sizeof(line), 542700 * US, 600000 * US, &t, NULL, KHZ, "pit");
    assert_string_equal(line,
        "boot-times: tsc=1000000kHz(pit) firmware=500000us loader=42000us reads=20000us "
        "exit=2000us trampoline=600us copy=500us before-kernel=542700us kernel=57300us "
        "total=600000us\n");
}

static void without_tag_loader_is_na(void **state)
{
    (void)state;
    boottimes_format(line, sizeof(line), 3000 * US, 4000 * US, NULL, NULL, KHZ, "cpuid15");
    assert_string_equal(line,
        "boot-times: tsc=1000000kHz(cpuid15) loader=n/a (no boot-times tag) "
        "before-kernel=3000us kernel=1000us total=4000us\n");
    boottimes_format(line, sizeof(line), 3000 * US, 4000 * US, NULL, "version is not 1", KHZ,
                     "pit");
    assert_non_null(strstr(line, "loader=n/a (version is not 1)"));
}

static void missing_or_reversed_readings_are_na(void **state)
{
    (void)state;
    struct boot_times_tag t = full_tag();
    t.stamps[BT_TRAMP_ENTRY] = 0;                          /* the trampoline never wrote it */
    t.stamps[BT_READS_END] = t.stamps[BT_READS_BEGIN] - 1; /* reversed */
    boottimes_format(line, sizeof(line), 0, 600000 * US, &t, NULL, KHZ, "pit");
    assert_non_null(strstr(line, " copy=n/a"));
    assert_non_null(strstr(line, " reads=n/a"));
    assert_non_null(strstr(line, " kernel=n/a"));       /* no entry reading */
    assert_non_null(strstr(line, " trampoline=600us")); /* the others stay */
    assert_non_null(strstr(line, " total=600000us"));
}

static void unknown_frequency_prints_cycles(void **state)
{
    (void)state;
    boottimes_format(line, sizeof(line), 10, 25, NULL, NULL, 0, "none");
    assert_string_equal(line, "boot-times: tsc=n/a(none) loader=n/a (no boot-times tag) "
                              "before-kernel=10cycles kernel=15cycles total=25cycles\n");
}

static void small_buffers_are_cut_and_terminated(void **state)
{
    (void)state;
    struct boot_times_tag t = full_tag();
    char small[24];
    memset(small, 'x', sizeof(small));
    boottimes_format(small, sizeof(small), 1, 2, &t, NULL, KHZ, "pit");
    assert_int_equal(strlen(small), sizeof(small) - 1u);
    assert_memory_equal(small, "boot-times: tsc=1000000k", sizeof(small) - 1u);
    char one[1] = { 'x' };
    boottimes_format(one, sizeof(one), 1, 2, &t, NULL, KHZ, "pit");
    assert_int_equal(one[0], '\0');
    boottimes_format(NULL, 0, 1, 2, &t, NULL, KHZ, "pit"); /* cap 0: nothing written */
}

/* The longest line (every phase, 20-digit values) fits BOOTTIMES_LINE_MAX. */
static void longest_line_fits(void **state)
{
    (void)state;
    struct boot_times_tag t = full_tag();
    for (uint32_t i = 0; i < BT_COUNT; i++)
        t.stamps[i] = UINT64_MAX / 2 + i;
    boottimes_format(line, sizeof(line), UINT64_MAX - 1, UINT64_MAX, &t, NULL, 1, "cpuid16");
    assert_true(strlen(line) < sizeof(line) - 1u);
    assert_int_equal(line[strlen(line) - 1], '\n');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(phases_from_our_tag),
        cmocka_unit_test(without_tag_loader_is_na),
        cmocka_unit_test(missing_or_reversed_readings_are_na),
        cmocka_unit_test(unknown_frequency_prints_cycles),
        cmocka_unit_test(small_buffers_are_cut_and_terminated),
        cmocka_unit_test(longest_line_fits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
