/*
 * ulib.h: the ring-3 runtime of the user programs: system-call stubs
 * (kernel/include/syscall_abi.h) and a few string helpers. Programs are
 * entered at _start (ulib.c) with their argument in EAX and call
 * main(arg); main's return value is the exit status.
 */
#ifndef USER_ULIB_H
#define USER_ULIB_H

#include <stddef.h>
#include <stdint.h>

#include "syscall_abi.h"

#define U_STR2(x) #x
#define U_STR(x) U_STR2(x)

/* usys: system call n with arguments a, b, c; the kernel's EAX. */
static inline int32_t usys(uint32_t n, uint32_t a, uint32_t b, uint32_t c)
{
    int32_t r;
    __asm__ volatile("int $" U_STR(SYSCALL_VECTOR)
                     : "=a"(r)
                     : "a"(n), "b"(a), "c"(b), "d"(c)
                     : "memory");
    return r;
}

/* The calls (negative SYSERR_* on error). */
static inline __attribute__((noreturn)) void sys_exit(int status)
{
    usys(SYS_EXIT, (uint32_t)status, 0, 0);
    __builtin_unreachable();
}
static inline int32_t sys_write(uint32_t fd, const void *buf, uint32_t len)
{
    return usys(SYS_WRITE, fd, (uint32_t)(uintptr_t)buf, len);
}
static inline int32_t sys_brk(uint32_t addr) { return usys(SYS_BRK, addr, 0, 0); }
static inline int32_t sys_sbrk(int32_t delta) { return usys(SYS_SBRK, (uint32_t)delta, 0, 0); }
static inline int32_t sys_getpid(void) { return usys(SYS_GETPID, 0, 0, 0); }
static inline int32_t sys_yield(void) { return usys(SYS_YIELD, 0, 0, 0); }

#define USYS_ERR_MAX 4095 /* results in [-USYS_ERR_MAX, -1] are errors, other values addresses or counts */

/* usys_failed: is r (a call's result) an error code? */
static inline int usys_failed(int32_t r)
{
    return r < 0 && r >= -USYS_ERR_MAX;
}

/* ustrlen: the length of s. */
size_t ustrlen(const char *s);

/* uputs: write s to standard output. */
void uputs(const char *s);

/* uutoa: the decimal digits of v into buf (at least 11 bytes); returns buf. */
char *uutoa(uint32_t v, char *buf);

#endif /* USER_ULIB_H */
