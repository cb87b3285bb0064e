/*
 * test_pager.c: host tests of kernel/pager.c (when the framebuffer report
 * pauses) and of the i8042 key-press decision (kernel/i8042.h).
 */
#include "test_util.h"

#include <stdint.h>

#include "fwcfg.h"
#include "i8042.h"
#include "pager.h"

#define COLS 160u
#define ROWS 50u

/* feed: n lines of len characters; returns how many pauses were asked for. */
static unsigned feed(struct pager *p, unsigned n, size_t len)
{
    unsigned pauses = 0;
    for (unsigned i = 0; i < n; i++)
        pauses += (unsigned)pager_line(p, len);
    return pauses;
}

static void rows_of_lines(void **state)
{
    (void)state;
    struct pager p;
    pager_init(&p, COLS, ROWS, 1, 0);
    assert_int_equal(pager_rows_of(&p, 0), 1);
    assert_int_equal(pager_rows_of(&p, 1), 1);
    assert_int_equal(pager_rows_of(&p, COLS), 1);     /* exactly full: no extra row */
    assert_int_equal(pager_rows_of(&p, COLS + 1), 2);
    assert_int_equal(pager_rows_of(&p, 3 * COLS), 3);
}

static void pauses_after_each_screenful(void **state)
{
    (void)state;
    struct pager p;
    pager_init(&p, COLS, ROWS, 1, 0);
    assert_true(p.on);
    /* 49 one-row lines fill the screen but the prompt row: no pause yet. */
    assert_int_equal(feed(&p, ROWS - PAGER_PROMPT_ROWS, 10), 0);
    /* The 50th would scroll the first away unseen: pause first. */
    assert_int_equal(pager_line(&p, 10), 1);
    assert_int_equal(p.pauses, 1);
    assert_int_equal(p.used, 1);
    /* The next screen holds 48 more before the next pause. */
    assert_int_equal(feed(&p, ROWS - PAGER_PROMPT_ROWS - 1, 10), 0);
    assert_int_equal(pager_line(&p, 10), 1);
    /* 200 lines in all: one pause per 49 lines after the first screen. */
    struct pager q;
    pager_init(&q, COLS, ROWS, 1, 0);
    assert_int_equal(feed(&q, 200, 10), (200 - 1) / (ROWS - PAGER_PROMPT_ROWS));
}

static void wrapped_lines_count_their_rows(void **state)
{
    (void)state;
    struct pager p;
    pager_init(&p, COLS, ROWS, 1, 0);
    /* 24 lines of two rows = 48 rows; a third two-row line would need 50 > 49. */
    assert_int_equal(feed(&p, 24, COLS + 5), 0);
    assert_int_equal(p.used, 48);
    assert_int_equal(pager_line(&p, 1), 0);        /* 49: still fits */
    assert_int_equal(pager_line(&p, COLS + 5), 1); /* would make 51 */
    assert_int_equal(p.used, 2);
}

static void a_line_taller_than_the_screen(void **state)
{
    (void)state;
    struct pager p;
    pager_init(&p, 10, 5, 1, 0);
    /* At the start nothing unseen can scroll away: no pause, however long the line. */
    assert_int_equal(pager_line(&p, 100), 0);
    assert_int_equal(p.used, 10);
    assert_int_equal(pager_line(&p, 100), 1);
    assert_int_equal(pager_line(&p, 1), 1);
}

static void never_pauses_when_off(void **state)
{
    (void)state;
    struct pager p;
    pager_init(&p, COLS, ROWS, 1, 1); /* test mode */
    assert_false(p.on);
    assert_int_equal(feed(&p, 1000, 10), 0);
    pager_init(&p, COLS, ROWS, 0, 0); /* no framebuffer */
    assert_int_equal(feed(&p, 1000, 10), 0);
    pager_init(&p, COLS, 1, 1, 0);    /* no room beside the prompt */
    assert_int_equal(feed(&p, 1000, 10), 0);
    pager_init(&p, 0, ROWS, 1, 0);    /* no columns */
    assert_int_equal(feed(&p, 1000, 10), 0);
    pager_init(&p, 1, PAGER_MIN_ROWS, 1, 0); /* the smallest screen that pages */
    assert_true(p.on);
    assert_int_equal(feed(&p, 3, 1), 2);
}

static void key_press_decision(void **state)
{
    (void)state;
    const uint8_t obf = I8042_STATUS_OBF;
    assert_false(i8042_has_byte(0x00));
    assert_true(i8042_has_byte(obf));
    assert_false(i8042_has_byte(I8042_STATUS_ABSENT)); /* no controller */
    assert_true(i8042_is_key_press(obf, 0x1c));        /* Enter (set 1) down */
    assert_true(i8042_is_key_press(obf, 0x39));        /* space down */
    assert_false(i8042_is_key_press(obf, 0x9c));       /* Enter up */
    assert_false(i8042_is_key_press(obf, I8042_PREFIX_E0));
    assert_false(i8042_is_key_press(obf, I8042_PREFIX_E1));
    assert_false(i8042_is_key_press(obf, I8042_REPLY_ACK));
    assert_false(i8042_is_key_press(obf, I8042_REPLY_RESEND));
    assert_false(i8042_is_key_press(obf, 0x00));
    assert_false(i8042_is_key_press(obf | I8042_STATUS_AUX, 0x1c)); /* mouse byte */
    assert_false(i8042_is_key_press(0x00, 0x1c));                    /* nothing waiting */
    assert_false(i8042_is_key_press(I8042_STATUS_ABSENT, 0x1c));
}

static void fwcfg_directory_entry(void **state)
{
    (void)state;
    uint8_t e[FWCFG_DIR_ENTRY_LEN];
    memset(e, 0, sizeof(e));
    memcpy(e + FWCFG_NAME_OFFSET, "opt/pm32boot/nopause", sizeof("opt/pm32boot/nopause"));
    assert_true(fwcfg_entry_is(e, "opt/pm32boot/nopause"));
    assert_false(fwcfg_entry_is(e, "opt/pm32boot/nopaus"));   /* a prefix is not the name */
    assert_false(fwcfg_entry_is(e, "opt/pm32boot/nopause2"));
    assert_false(fwcfg_entry_is(e, ""));
    memset(e + FWCFG_NAME_OFFSET, 'a', FWCFG_NAME_LEN);         /* no NUL in the field */
    char longname[FWCFG_NAME_LEN + 2];
    memset(longname, 'a', FWCFG_NAME_LEN + 1);
    longname[FWCFG_NAME_LEN + 1] = '\0';
    assert_false(fwcfg_entry_is(e, longname));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rows_of_lines),
        cmocka_unit_test(pauses_after_each_screenful),
        cmocka_unit_test(wrapped_lines_count_their_rows),
        cmocka_unit_test(a_line_taller_than_the_screen),
        cmocka_unit_test(never_pauses_when_off),
        cmocka_unit_test(key_press_decision),
        cmocka_unit_test(fwcfg_directory_entry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
