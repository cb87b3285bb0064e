/*
 * utrap.c: see utrap.h.
 */
#include "utrap.h"

#include "kvm.h"
#include "pic.h"
#include "proc.h"
#include "sched.h"
#include "seg.h"

/* from_user: did f come from ring 3? */
static int from_user(const struct trap_frame *f)
{
    return (f->cs & SEL_RPL_MASK) == RPL_USER;
}

int utrap_exception(struct trap_frame *f, uint32_t cr2)
{
    struct proc *p = proc_current();
    if (p == NULL)
        return 0;
    if (f->vector == EXC_PF) {
        enum uvm_fault_result r = uvm_fault(&p->space, &p->regions, cr2, (f->err & PF_ERR_W) != 0);
        if (r == UVM_FAULT_MAPPED)
            return 1;
        proc_kill_fault(p, f, cr2, uvm_fault_name(r), r == UVM_FAULT_NOMEM);
    }
    const char *what = f->vector == EXC_GP ? "privileged instruction or selector" : "exception";
    proc_kill_fault(p, f, cr2, what, 0);
}

int utrap_kernel_pde(uint32_t cr2)
{
    struct proc *p = proc_current();
    if (p == NULL || kvm_space() == NULL)
        return 0;
    return uvm_sync_kernel_pde(&p->space, kvm_space()->pd, cr2);
}

void utrap_irq_done(const struct trap_frame *f, unsigned irq)
{
    if (irq == PIC_IRQ_TIMER && from_user(f) && proc_current() != NULL)
        sched_preempt();
}
