/*
 * sparse.c: reserves SPARSE_RESERVE (2 GiB) with sbrk - more than the
 * machine's RAM on a small boot - and touches SPARSE_TOUCHES pages spread
 * over it; exit status 0 when every page kept its own value, 1 when sbrk
 * refused, 2 + i when page i read back wrong.
 */
#include "progs.h"
#include "ulib.h"

#define PAGE   4096u
#define MIX    0x9E3779B9u /* spreads the test values */

int main(uint32_t arg)
{
    (void)arg;
    /* Two halves: sbrk's argument is signed. */
    int32_t base = sys_sbrk((int32_t)(SPARSE_RESERVE / 2u));
    if (usys_failed(base))
        return 1;
    int32_t second = sys_sbrk((int32_t)(SPARSE_RESERVE / 2u));
    if (usys_failed(second) || (uint32_t)second != (uint32_t)base + SPARSE_RESERVE / 2u)
        return 1;
    uint32_t step = SPARSE_RESERVE / SPARSE_TOUCHES;
    for (uint32_t i = 0; i < SPARSE_TOUCHES; i++) {
        volatile uint32_t *p = (volatile uint32_t *)((uint32_t)base + i * step + (i % 8u) * PAGE);
        *p = i * MIX;
    }
    sys_yield();
    for (uint32_t i = 0; i < SPARSE_TOUCHES; i++) {
        volatile uint32_t *p = (volatile uint32_t *)((uint32_t)base + i * step + (i % 8u) * PAGE);
        if (*p != i * MIX)
            return 2 + (int)i;
    }
    return 0;
}
