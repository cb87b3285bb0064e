/*
 * sched.h: round-robin scheduling of the processes (proc.h).
 *
 * The scheduler runs on the stack of whoever calls sched_run (kmain or a
 * test). It picks the next runnable process after the last one in table
 * order, loads its page directory into CR3 and its kernel stack top into
 * the TSS's esp0, and switches to its kernel stack (swtch.asm). The process
 * comes back to the scheduler when it yields, when the timer ticks while
 * it is in ring 3 (preemption: one tick is a time slice), or when it ends;
 * the scheduler then loads the kernel's own directory again.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <stdint.h>

#include "proc.h"

#define SCHED_TRACE_MAX 32u /* switch-ins remembered (for tests) */

/*
 * sched_run: run processes until none is runnable, or until stop(ctx)
 * returns non-zero (asked each time the scheduler has the CPU back; stop
 * may be NULL). Zombies are left for proc_reap. Interrupts are off while
 * it runs and as they were when it returns.
 */
void sched_run(int (*stop)(void *ctx), void *ctx);

/* sched_yield: the current process gives the CPU back to the scheduler; returns when it runs again. */
void sched_yield(void);

/* sched_leave: the current process is a zombie now: switch away for good. */
__attribute__((noreturn)) void sched_leave(void);

/* sched_preempt: the timer ticked while the current process was in ring 3: next one's turn. */
void sched_preempt(void);

/* What the scheduler did (tests). */
struct sched_stats {
    uint32_t switches;                 /* switch-ins since boot */
    uint32_t preemptions;              /* of which after a timer tick */
    uint32_t cr3_loads;                /* CR3 loads to a process's directory */
    uint32_t last_cr3;                 /* the last process directory loaded */
    uint32_t last_esp0;                /* the TSS esp0 set for it */
    uint32_t trace_len;                /* entries in trace (at most SCHED_TRACE_MAX) */
    int32_t trace[SCHED_TRACE_MAX];    /* pids switched to, oldest first, since sched_trace_reset */
};

/* sched_stats: the counters above. */
const struct sched_stats *sched_stats(void);

/* sched_trace_reset: empty the trace. */
void sched_trace_reset(void);

#endif /* KERNEL_SCHED_H */
