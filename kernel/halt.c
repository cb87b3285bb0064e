/*
 * halt.c: see halt.h.
 */
#include "halt.h"

#include "x86.h"

void halt_forever(void)
{
    for (;;) {
        cli();
        hlt();
    }
}
