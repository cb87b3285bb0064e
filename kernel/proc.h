/*
 * proc.h: processes - ring-3 programs, each in its own address space
 * (docs/processes.md).
 *
 * A process has a page directory whose kernel half (PDEs 768-1023) is a
 * copy of the kernel's entries - the same page tables, supervisor-only -
 * and whose user half is its own: the program's ELF segments (text
 * read-only), a demand-zero heap (brk/sbrk) and a demand-zero stack below
 * USER_TOP with a guard page under it (mm/uvm.h). It has a kernel stack
 * of its own, which the TSS's esp0 points at while it runs. Every frame it
 * holds (directory, page tables, pages) is counted, and all of them go
 * back to the PMM when it is reaped.
 *
 * Life: proc_spawn -> runnable -> (sched_run runs it) -> exit or killed ->
 * zombie -> proc_reap, which gives back everything and hands over how it
 * ended. The kernel is single-threaded: all of this runs with interrupts
 * off, in the scheduler or in a system call or fault of the current
 * process.
 */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H

#include <stdint.h>

#include "trap_frame.h"
#include "uvm.h"
#include "vm.h"

#define PROC_MAX         16u      /* processes at once */
#define PROC_NAME_MAX    16u
#define PROC_KSTACK_SIZE 8192u    /* each process's kernel stack */
#define PROC_OUT_MAX     128u     /* output kept for the tests (the console gets all of it) */
#define PROC_WHY_MAX     160u     /* a kill reason */

/* proc_spawn options. */
#define PROC_QUIET 0x1u /* no "exited" line (kills are always reported) */

/* proc_spawn errors. */
#define PROC_ENOPROG (-1) /* no such program */
#define PROC_EFULL   (-2) /* PROC_MAX processes already */
#define PROC_ENOMEM  (-3) /* no frame or heap for the process */

enum proc_state {
    PROC_UNUSED,
    PROC_RUNNABLE,
    PROC_ZOMBIE,
};

/* How a process ended (filled when it becomes a zombie). */
struct proc_exit {
    int32_t pid;
    char name[PROC_NAME_MAX];
    int killed;              /* 0: it called exit */
    int32_t status;          /* exit's argument */
    uint32_t vector;         /* killed by an exception: which, its error code, CR2, EIP */
    uint32_t err, cr2, eip;
    int oom;                 /* killed because no frame was left for it */
    char why[PROC_WHY_MAX];  /* the kill reason as reported */
    char out[PROC_OUT_MAX];  /* the first PROC_OUT_MAX - 1 bytes it wrote (NUL-terminated) */
    uint32_t out_len;
    uint32_t runs, preempts; /* times it was switched to / taken off by the timer */
    uint32_t frames;         /* frames it held when it ended */
    uint64_t reserved;       /* bytes its regions reserved when it ended */
};

struct proc {
    int32_t pid;
    enum proc_state state;
    char name[PROC_NAME_MAX];
    unsigned opts;
    struct vm_space space;
    struct uregion_list regions;
    uint32_t brk_start;      /* where the heap region starts (end of the program, page aligned) */
    uint32_t brk;            /* the current break */
    uint8_t *kstack;         /* PROC_KSTACK_SIZE bytes (kmalloc) */
    uint32_t kesp;           /* saved kernel ESP while switched away (swtch) */
    uint32_t frames;         /* frames held: directory, page tables, pages */
    uint32_t frame_limit;    /* 0: none; else frames beyond it fail like an empty PMM */
    struct proc_exit exit;
};

/*
 * proc_spawn: a new runnable process running program `prog` (uprog.h)
 * with arg in EAX at its entry (opts: PROC_QUIET). Returns its pid (> 0)
 * or PROC_ENOPROG / PROC_EFULL / PROC_ENOMEM (then nothing is left over).
 */
int32_t proc_spawn(const char *prog, uint32_t arg, unsigned opts);

/* proc_get: the live or zombie process with this pid, or NULL. */
struct proc *proc_get(int32_t pid);

/* proc_at: slot i of the process table (0 <= i < PROC_MAX), NULL when empty. */
struct proc *proc_at(uint32_t i);

/* proc_current: the process whose address space and kernel stack are live, or NULL. */
struct proc *proc_current(void);

/* proc_set_current: the scheduler says who runs (NULL: nobody). */
void proc_set_current(struct proc *p);

/* proc_kstack_top: the top of p's kernel stack (the TSS's esp0 while it runs). */
uint32_t proc_kstack_top(const struct proc *p);

/*
 * proc_exit: the current process p ends with status (system call exit):
 * it becomes a zombie and the scheduler goes on. Never returns.
 */
__attribute__((noreturn)) void proc_exit(struct proc *p, int32_t status);

/*
 * proc_kill_fault: the current process p caused exception f (CR2 cr2):
 * print "proc N (name): killed: ..." with what happened, make it a zombie,
 * go on with the scheduler. oom: it was a page fault no frame was left
 * for. Never returns.
 */
__attribute__((noreturn)) void proc_kill_fault(struct proc *p, const struct trap_frame *f,
                                               uint32_t cr2, const char *what, int oom);

/*
 * proc_stop: end process pid that is not running now (the kernel decided:
 * tests stopping endless programs), reported like a kill. Returns 0, or -1
 * when there is no such runnable process.
 */
int proc_stop(int32_t pid, const char *why);

/*
 * proc_reap: when pid is a zombie, copy how it ended into *out, give back
 * its frames, kernel stack and slot, and return 0; -1 when it is still
 * running, -2 when there is no such process.
 */
int proc_reap(int32_t pid, struct proc_exit *out);

/* proc_output: add n bytes the process wrote to its kept output (console output is the caller's). */
void proc_output(struct proc *p, const char *s, uint32_t n);

/* proc_live: processes that are not zombies. */
uint32_t proc_live(void);

#endif /* KERNEL_PROC_H */
