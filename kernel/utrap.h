/*
 * utrap.h: what the trap dispatcher (trap.c) does for processes: system
 * calls, the timer preempting ring 3, exceptions from ring 3 (demand
 * paging, or the process is killed with a report while the kernel goes
 * on), and a kernel page table the current directory has not seen yet.
 */
#ifndef KERNEL_UTRAP_H
#define KERNEL_UTRAP_H

#include <stdint.h>

#include "trap_frame.h"

/*
 * utrap_exception: exception f (CR2 cr2) came from ring 3. A page fault
 * the current process's regions allow is resolved (returns 1: IRET
 * retries the access); any other exception kills the process (never
 * returns). Returns 0 when there is no current process (a kernel test's
 * own ring-3 code): the caller reports it as before.
 */
int utrap_exception(struct trap_frame *f, uint32_t cr2);

/*
 * utrap_kernel_pde: a ring-0 page fault at cr2 while a process's directory
 * is live: when the kernel's directory has the PDE and the process's does
 * not (kernel page tables made after the process, e.g. heap growth), copy
 * it and return 1 (retry); otherwise 0.
 */
int utrap_kernel_pde(uint32_t cr2);

/* utrap_irq_done: after PIC line irq was handled, from frame f: preempt ring 3 on a timer tick. */
void utrap_irq_done(const struct trap_frame *f, unsigned irq);

#endif /* KERNEL_UTRAP_H */
