/*
 * sched.c: see sched.h.
 */
#include "sched.h"

#include "gdt.h"
#include "kvm.h"
#include "panic.h"
#include "x86.h"

/* swtch.asm */
void swtch(uint32_t *save_esp, uint32_t new_esp);

static uint32_t sched_esp;   /* the scheduler's stack while a process runs */
static uint32_t last_slot;   /* where the round-robin search starts next */
static struct sched_stats stats;

/* pick_next: the first runnable process after the last one run, in table order, or NULL. */
static struct proc *pick_next(void)
{
    for (uint32_t k = 1; k <= PROC_MAX; k++) {
        uint32_t i = (last_slot + k) % PROC_MAX;
        struct proc *p = proc_at(i);
        if (p != NULL && p->state == PROC_RUNNABLE) {
            last_slot = i;
            return p;
        }
    }
    return NULL;
}

/* run: switch to p until it yields, is preempted or ends; then the kernel's directory again. */
static void run(struct proc *p)
{
    uint32_t pd = (uint32_t)paddr_val(p->space.pd);
    proc_set_current(p);
    p->exit.runs++;
    stats.switches++;
    if (stats.trace_len < SCHED_TRACE_MAX)
        stats.trace[stats.trace_len++] = p->pid;
    write_cr3(pd);
    stats.cr3_loads++;
    stats.last_cr3 = pd;
    stats.last_esp0 = proc_kstack_top(p);
    gdt_set_esp0(stats.last_esp0);
    swtch(&sched_esp, p->kesp);
    proc_set_current(NULL);
    write_cr3((uint32_t)paddr_val(kvm_space()->pd));
}

void sched_run(int (*stop)(void *ctx), void *ctx)
{
    if (proc_current() != NULL)
        panic("sched_run from inside process %d", proc_current()->pid);
    uint32_t flags = read_eflags();
    cli();
    for (;;) {
        if (stop != NULL && stop(ctx))
            break;
        struct proc *p = pick_next();
        if (p == NULL)
            break;
        run(p);
    }
    gdt_set_esp0(gdt_ring0_stack_top());
    if (flags & EFLAGS_IF)
        sti();
}

void sched_yield(void)
{
    struct proc *p = proc_current();
    if (p == NULL)
        panic("sched_yield with no current process");
    swtch(&p->kesp, sched_esp);
}

void sched_leave(void)
{
    struct proc *p = proc_current();
    if (p == NULL)
        panic("sched_leave with no current process");
    swtch(&p->kesp, sched_esp);
    panic("process %d ran again after it ended", p->pid);
}

void sched_preempt(void)
{
    struct proc *p = proc_current();
    if (p == NULL)
        return;
    p->exit.preempts++;
    stats.preemptions++;
    sched_yield();
}

const struct sched_stats *sched_stats(void)
{
    return &stats;
}

void sched_trace_reset(void)
{
    stats.trace_len = 0;
}
