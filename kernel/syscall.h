/*
 * syscall.h: the system calls of `int 0x80` (ABI: syscall_abi.h,
 * docs/processes.md). Every pointer a call is given is checked against
 * the user half and the process's page tables (mm/uaccess.h) before the
 * kernel reads through it; a bad one is an error code, never a fault.
 */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include "trap_frame.h"

#define SYS_WRITE_MAX 4096u /* bytes one write takes at most (it returns how many) */

/*
 * syscall_dispatch: the call in f->eax with arguments f->ebx, f->ecx,
 * f->edx, from the current process; the result goes into f->eax.
 * Returns 0, or -1 when there is no current process (the caller reports).
 */
int syscall_dispatch(struct trap_frame *f);

#endif /* KERNEL_SYSCALL_H */
