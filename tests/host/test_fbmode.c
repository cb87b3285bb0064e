/*
 * test_fbmode.c: the graphics mode chooser (efi/fbmode.c) on mode lists like
 * OVMF's, with unusable modes, ties and no preference.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../../efi/fbmode.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The modes QEMU's std VGA offers through OVMF (first ones), plus an unusable one. */
static const struct fb_mode ovmf[] = {
    { 640, 480, 1 }, { 800, 480, 1 }, { 800, 600, 1 }, { 832, 624, 1 }, { 960, 640, 1 },
    { 1024, 600, 1 }, { 1024, 768, 1 }, { 1152, 864, 1 }, { 1280, 800, 1 }, { 1920, 1080, 0 },
};

static void exact_size_wins(void **state)
{
    (void)state;
    int exact = -1;
    assert_int_equal(fbmode_pick(ovmf, N(ovmf), 800, 600, &exact), 2);
    assert_int_equal(exact, 1);
    assert_int_equal(fbmode_pick(ovmf, N(ovmf), 1280, 800, &exact), 8);
    assert_int_equal(exact, 1);
}

static void closest_when_not_offered(void **state)
{
    (void)state;
    int exact = -1;
    /* 1024x700: 1024x768 is 68 away, 1024x600 100. */
    assert_int_equal(fbmode_pick(ovmf, N(ovmf), 1024, 700, &exact), 6);
    assert_int_equal(exact, 0);
    /* 1920x1080 exists but is unusable: the nearest usable is 1280x800. */
    assert_int_equal(fbmode_pick(ovmf, N(ovmf), 1920, 1080, &exact), 8);
    assert_int_equal(exact, 0);
    /* A tie (800x540: 800x480 and 800x600 both 60 away) goes to the smaller area. */
    assert_int_equal(fbmode_pick(ovmf, N(ovmf), 800, 540, &exact), 1);
    /* Huge requests do not overflow the distance. */
    assert_int_equal(fbmode_pick(ovmf, N(ovmf), UINT32_MAX, UINT32_MAX, &exact), 8);
}

static void no_preference_or_no_mode(void **state)
{
    (void)state;
    int exact = -1;
    assert_int_equal(fbmode_pick(ovmf, N(ovmf), 0, 600, &exact), FBMODE_NONE);
    assert_int_equal(exact, 0);
    assert_int_equal(fbmode_pick(ovmf, N(ovmf), 800, 0, &exact), FBMODE_NONE);
    static const struct fb_mode none[] = { { 800, 600, 0 }, { 640, 480, 0 } };
    assert_int_equal(fbmode_pick(none, N(none), 800, 600, &exact), FBMODE_NONE);
    assert_int_equal(exact, 0);
    assert_int_equal(fbmode_pick(ovmf, 0, 800, 600, &exact), FBMODE_NONE);
    /* Equal modes: the first. */
    static const struct fb_mode twice[] = { { 640, 480, 1 }, { 640, 480, 1 } };
    assert_int_equal(fbmode_pick(twice, N(twice), 640, 480, &exact), 0);
    assert_int_equal(exact, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exact_size_wins),
        cmocka_unit_test(closest_when_not_offered),
        cmocka_unit_test(no_preference_or_no_mode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
