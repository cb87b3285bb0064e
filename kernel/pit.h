/*
 * pit.h: the 8253/8254 programmable interval timer, channel 0, as the
 * kernel's periodic tick (PIC line 0).
 */
#ifndef KERNEL_PIT_H
#define KERNEL_PIT_H

#include <stdint.h>

#define PIT_INPUT_HZ 1193182u /* the PIT's input clock */
#define PIT_TICK_HZ  100u     /* the kernel's tick rate */

/* pit_init: program channel 0 for PIT_TICK_HZ and install the tick handler (PIC must be set up). */
void pit_init(void);

/* pit_ticks: ticks counted since pit_init. */
uint32_t pit_ticks(void);

#endif /* KERNEL_PIT_H */
