/*
 * same.c: keeps its argument in a variable at a fixed address (the same
 * in every copy of the program) across SAME_ROUNDS yields; exit status 0
 * when it never changed, 1 when another process's value showed up.
 */
#include "progs.h"
#include "ulib.h"

volatile uint32_t same_slot;

int main(uint32_t value)
{
    same_slot = value;
    for (uint32_t i = 0; i < SAME_ROUNDS; i++) {
        sys_yield();
        if (same_slot != value)
            return 1;
        same_slot = value;
    }
    return 0;
}
