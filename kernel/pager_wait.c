/*
 * pager_wait.c: see pager_wait.h.
 */
#include "pager_wait.h"

#include "i8042.h"
#include "pit.h"
#include "x86.h"

enum pager_wake pager_wait(uint32_t timeout_s)
{
    if ((read_eflags() & EFLAGS_IF) == 0)
        return PAGER_WOKE_TIMEOUT; /* no ticks to time a pause by: do not pause */
    for (uint32_t i = 0; i < I8042_DRAIN_MAX && i8042_has_byte(inb(I8042_STATUS_PORT)); i++)
        (void)inb(I8042_DATA_PORT);
    uint32_t start = pit_ticks();
    uint32_t limit = timeout_s * PIT_TICK_HZ;
    while (pit_ticks() - start < limit) {
        uint8_t status = inb(I8042_STATUS_PORT);
        if (i8042_has_byte(status) && i8042_is_key_press(status, inb(I8042_DATA_PORT)))
            return PAGER_WOKE_KEY;
        hlt(); /* the next tick (10 ms) wakes us */
    }
    return PAGER_WOKE_TIMEOUT;
}
