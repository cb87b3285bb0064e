/*
 * pic.h: the two 8259A interrupt controllers.
 *
 * pic_init remaps IRQ 0-15 to vectors IRQ_BASE..IRQ_BASE+15 (0x20-0x2F),
 * away from the CPU exceptions, and masks every line but the ones handlers
 * are registered for (the timer). Spurious IRQ 7 and 15 (a line that
 * dropped before the CPU acknowledged it: the in-service bit is clear) are
 * counted and not acknowledged (IRQ 15's cascade on the master is).
 */
#ifndef KERNEL_PIC_H
#define KERNEL_PIC_H

#include <stdint.h>

#define PIC_IRQ_TIMER    0u
#define PIC_IRQ_CASCADE  2u  /* the slave is wired to master line 2 */
#define PIC_IRQ_SPURIOUS_MASTER 7u
#define PIC_IRQ_SPURIOUS_SLAVE  15u

typedef void (*pic_handler_fn)(void);

/* pic_init: remap and mask all lines (interrupts must be off). */
void pic_init(void);

/* pic_set_handler: run fn for line irq (0-15) and unmask it (and the cascade for 8-15). */
void pic_set_handler(unsigned irq, pic_handler_fn fn);

/* pic_dispatch: called from trap_dispatch for line irq: handler, then end of interrupt. */
void pic_dispatch(unsigned irq);

/* pic_spurious_count: how many spurious IRQ 7/15 have been seen. */
uint32_t pic_spurious_count(void);

/* pic_masks: the current mask registers, master in bits 0-7, slave in 8-15. */
uint16_t pic_masks(void);

#endif /* KERNEL_PIC_H */
