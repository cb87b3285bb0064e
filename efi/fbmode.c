/*
 * fbmode.c: see fbmode.h.
 */
#include "fbmode.h"

static uint64_t distance(uint32_t a, uint32_t b)
{
    return a > b ? (uint64_t)a - b : (uint64_t)b - a;
}

int fbmode_pick(const struct fb_mode *modes, size_t n, uint32_t width, uint32_t height,
                int *exact)
{
    *exact = 0;
    if (width == 0 || height == 0)
        return FBMODE_NONE;
    int best = FBMODE_NONE;
    uint64_t best_d = 0, best_area = 0;
    for (size_t i = 0; i < n; i++) {
        const struct fb_mode *m = &modes[i];
        if (!m->usable)
            continue;
        uint64_t d = distance(m->width, width) + distance(m->height, height);
        uint64_t area = (uint64_t)m->width * m->height;
        if (best == FBMODE_NONE || d < best_d || (d == best_d && area < best_area)) {
            best = (int)i;
            best_d = d;
            best_area = area;
        }
    }
    *exact = best != FBMODE_NONE && best_d == 0;
    return best;
}
