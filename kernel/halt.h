/*
 * halt.h: stopping the machine for good.
 */
#ifndef KERNEL_HALT_H
#define KERNEL_HALT_H

/* halt_forever: disable interrupts and halt; never returns (NMIs halt again). */
__attribute__((noreturn)) void halt_forever(void);

#endif /* KERNEL_HALT_H */
