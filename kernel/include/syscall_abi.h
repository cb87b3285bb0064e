/*
 * syscall_abi.h: the system-call ABI between ring-3 programs (user/) and
 * the kernel (kernel/syscall.c); docs/processes.md has the table.
 *
 * `int 0x80` (an interrupt gate with DPL 3). EAX: the call number; EBX,
 * ECX, EDX: arguments 1-3; the result comes back in EAX (a negative
 * SYSERR_* on error); every other register is preserved. Plain numbers:
 * also included by the user programs.
 */
#ifndef KERNEL_SYSCALL_ABI_H
#define KERNEL_SYSCALL_ABI_H

#define SYSCALL_VECTOR 0x80u

/* Call numbers. */
#define SYS_EXIT    1u /* exit(status): never returns */
#define SYS_WRITE   2u /* write(fd, buf, len) -> bytes written */
#define SYS_BRK     3u /* brk(addr) -> 0; brk(0) -> the current break */
#define SYS_SBRK    4u /* sbrk(delta) -> the old break */
#define SYS_GETPID  5u /* getpid() -> pid */
#define SYS_YIELD   6u /* yield() -> 0: let the next process run */
#define SYS_COUNT   7u

/* File descriptors write accepts (both go to the console). */
#define FD_STDOUT   1u
#define FD_STDERR   2u

/* Error results (negated). */
#define SYSERR_BADF   9u  /* not a descriptor write knows */
#define SYSERR_NOMEM  12u /* no frame for a page the call needed, or the break cannot move there */
#define SYSERR_FAULT  14u /* a pointer outside the user half, unmapped, or not allowed */
#define SYSERR_INVAL  22u /* an argument out of range */
#define SYSERR_NOSYS  38u /* no such call */

#endif /* KERNEL_SYSCALL_ABI_H */
