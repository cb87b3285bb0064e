/*
 * spin.c: busy for `arg` loop iterations without a system call (only the
 * timer can take the CPU away), then exits 0. arg 0: exit at once.
 */
#include "ulib.h"

static volatile uint32_t counter;

int main(uint32_t iterations)
{
    for (uint32_t i = 0; i < iterations; i++)
        counter++;
    return 0;
}
