/*
 * pager.c: see pager.h.
 */
#include "pager.h"

void pager_init(struct pager *p, uint32_t cols, uint32_t rows, int have_screen, int test_mode)
{
    p->cols = cols;
    p->rows = rows;
    p->used = 0;
    p->pauses = 0;
    p->on = have_screen && !test_mode && cols > 0 && rows >= PAGER_MIN_ROWS;
}

uint32_t pager_rows_of(const struct pager *p, size_t len)
{
    if (len == 0 || p->cols == 0)
        return 1;
    return (uint32_t)((len + p->cols - 1) / p->cols);
}

int pager_line(struct pager *p, size_t len)
{
    uint32_t n = pager_rows_of(p, len);
    if (!p->on) {
        p->used += n;
        return 0;
    }
    uint32_t room = p->rows - PAGER_PROMPT_ROWS;
    if (p->used > 0 && p->used + n > room) {
        p->pauses++;
        p->used = n;
        return 1;
    }
    p->used += n;
    return 0;
}
