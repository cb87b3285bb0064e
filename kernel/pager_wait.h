/*
 * pager_wait.h: the pager's pause on real hardware: wait for a key press
 * on the PS/2 keyboard (i8042.h, polled) or for a timeout on the PIT tick.
 */
#ifndef KERNEL_PAGER_WAIT_H
#define KERNEL_PAGER_WAIT_H

#include <stdint.h>

enum pager_wake { PAGER_WOKE_KEY = 1, PAGER_WOKE_TIMEOUT = 2 };

/*
 * pager_wait: empty the keyboard controller's buffer (at most
 * I8042_DRAIN_MAX bytes: keys pressed before the pause do not count), then
 * wait until a key goes down or timeout_s seconds of PIT ticks pass
 * (with interrupts off there is no tick: it returns PAGER_WOKE_TIMEOUT at
 * once). Returns why it woke.
 */
enum pager_wake pager_wait(uint32_t timeout_s);

#endif /* KERNEL_PAGER_WAIT_H */
