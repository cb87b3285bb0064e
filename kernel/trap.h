/*
 * trap.h: what happens after an interrupt or exception stub
 * (isr_stubs.asm): PIC lines go to their handlers (a timer tick in ring 3
 * then preempts the process); `int 0x80` from ring 3 is a system call
 * (syscall.h); an exception a test expects is recorded and the test
 * resumes; an exception from ring 3 is resolved by demand paging or kills
 * only the process (utrap.h); a ring-0 page fault on a kernel PDE a
 * process's directory lacks is synced and retried; any other exception is
 * reported (name, vector, decoded error code, EIP, CS, EFLAGS, every
 * general register, CR0/CR2/CR3/CR4, stack trace) and the kernel stops
 * (halts, or leaves QEMU with the failure code in test mode).
 *
 * Expecting an exception (tests):
 *
 *     static struct trap_catch c;
 *     trap_expect(&c, EXC_GP);
 *     if (trap_setjmp(&c.jmp) == 0) {
 *         provoke();               // faults: trap_setjmp "returns" 1
 *         trap_expect_end();
 *         return fail("no #GP");
 *     }
 *     trap_expect_end();
 *     ... look at c.frame ...
 */
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H

#include <stdint.h>

#include "trap_frame.h"

struct trap_catch {
    uint32_t vector;          /* the expected vector */
    struct trap_frame frame;  /* the registers when it came */
    uint32_t esp;             /* ESP at the fault (user ESP from ring 3) */
    uint32_t cr2;
    struct trap_jmp jmp;      /* where to resume (trap_setjmp) */
};

/* trap_setjmp: save the caller's registers in j; returns 0, or (again) the trap_longjmp value. */
__attribute__((returns_twice)) int trap_setjmp(struct trap_jmp *j);

/* trap_longjmp: resume at j's trap_setjmp with val (1 if 0). Ring 0 only; never returns. */
__attribute__((noreturn)) void trap_longjmp(struct trap_jmp *j, int val);

/* trap_expect: arm c: the next exception `vector` is recorded into c and resumes c->jmp. */
void trap_expect(struct trap_catch *c, uint32_t vector);

/* trap_expect_end: disarm (whether or not the exception came). */
void trap_expect_end(void);

/*
 * trap_expected: the armed catch when it expects vector, else NULL; used
 * by the double-fault task, which resumes through trap_resume_jmp.
 */
struct trap_catch *trap_expected(uint32_t vector);

/* Where trap_resume_longjmp (isr_stubs.asm) jumps to: set before resuming. */
extern struct trap_jmp *trap_resume_jmp;

/* trap_dispatch: called by isr_common with the saved frame. */
void trap_dispatch(struct trap_frame *f);

/* trap_frame_esp: ESP at the moment of the trap (user ESP when from ring 3). */
uint32_t trap_frame_esp(const struct trap_frame *f);

/*
 * trap_report: print the report for an exception (frame f, ESP and SS at
 * the fault, CR2 value cr2) without stopping.
 */
void trap_report(const struct trap_frame *f, uint32_t esp, uint32_t ss, uint32_t cr2);

/* trap_stop: after a report: leave QEMU with the failure code in test mode, else halt. */
__attribute__((noreturn)) void trap_stop(void);

#endif /* KERNEL_TRAP_H */
