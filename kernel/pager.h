/*
 * pager.h: when a long report must stop so that a person can read the
 * framebuffer (a real PC has no scroll-back). The decision only: counting
 * the screen rows each line takes and saying when to wait; waiting is
 * pager_wait.h's. Pure C, host-tested.
 */
#ifndef KERNEL_PAGER_H
#define KERNEL_PAGER_H

#include <stddef.h>
#include <stdint.h>

#define PAGER_TIMEOUT_S     10u   /* a pause ends after this long without a key press */
#define PAGER_PROMPT_ROWS   1u    /* the rows the prompt takes, kept free on each screen */
#define PAGER_MIN_ROWS      (PAGER_PROMPT_ROWS + 1u) /* fewer rows than this: never pause */

struct pager {
    uint32_t cols, rows;   /* the text screen */
    uint32_t used;         /* rows written since the last pause (or the start) */
    uint32_t pauses;       /* pauses so far */
    int on;                /* 0: never pause */
};

/*
 * pager_init: a pager for a cols x rows text screen. It is on only when
 * have_screen is nonzero, test_mode is 0, the screen has at least
 * PAGER_MIN_ROWS rows and one column; otherwise pager_line never pauses.
 */
void pager_init(struct pager *p, uint32_t cols, uint32_t rows, int have_screen, int test_mode);

/* pager_rows_of: screen rows a line of len characters takes (at least 1; wraps at cols). */
uint32_t pager_rows_of(const struct pager *p, size_t len);

/*
 * pager_line: a line of len characters (no newline) is about to be
 * written. Returns 1 when the caller must pause first: the line would push
 * rows not yet seen off the screen (the screen holds rows - PAGER_PROMPT_ROWS
 * report rows between pauses); the pager then counts the pause and starts
 * a new screen with this line. Returns 0 otherwise. Either way it counts
 * the line's rows.
 */
int pager_line(struct pager *p, size_t len);

#endif /* KERNEL_PAGER_H */
