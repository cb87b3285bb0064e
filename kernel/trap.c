/*
 * trap.c: see trap.h.
 */
#include "trap.h"

#include "console.h"
#include "exc.h"
#include "halt.h"
#include "ksyms.h"
#include "kvm.h"
#include "ktest.h"
#include "panic.h"
#include "pic.h"
#include "seg.h"
#include "stacktrace.h"
#include "syscall.h"
#include "syscall_abi.h"
#include "utrap.h"
#include "x86.h"

static struct trap_catch *armed;
struct trap_jmp *trap_resume_jmp;

void trap_expect(struct trap_catch *c, uint32_t vector)
{
    c->vector = vector;
    armed = c;
}

void trap_expect_end(void)
{
    armed = 0;
}

struct trap_catch *trap_expected(uint32_t vector)
{
    return (armed != 0 && armed->vector == vector) ? armed : 0;
}

uint32_t trap_frame_esp(const struct trap_frame *f)
{
    if ((f->cs & SEL_RPL_MASK) != RPL_KERNEL)
        return f->user_esp;
    /* Same ring: the CPU pushed nothing past EFLAGS. */
    return (uint32_t)(uintptr_t)&f->user_esp;
}

void trap_report(const struct trap_frame *f, uint32_t esp, uint32_t ss, uint32_t cr2)
{
    char decoded[EXC_DECODE_MAX];
    exc_decode_error(f->vector, f->err, cr2, decoded, sizeof(decoded));
    kprintf("exception: %s %s (vector %u) error=%08x %s\n", exc_mnemonic(f->vector),
            exc_name(f->vector), f->vector, f->err, decoded);
    uint32_t off;
    const char *sym = ksym_lookup(f->eip, &off);
    kprintf("  eip=%08x (%s+0x%x) cs=%04x (CPL %u) eflags=%08x\n", f->eip,
            sym != 0 ? sym : "?", off, f->cs, f->cs & SEL_RPL_MASK, f->eflags);
    kprintf("  eax=%08x ebx=%08x ecx=%08x edx=%08x\n", f->eax, f->ebx, f->ecx, f->edx);
    kprintf("  esi=%08x edi=%08x ebp=%08x esp=%08x\n", f->esi, f->edi, f->ebp, esp);
    kprintf("  ds=%04x es=%04x fs=%04x gs=%04x ss=%04x\n", f->ds, f->es, f->fs, f->gs, ss);
    kprintf("  cr0=%08x cr2=%08x cr3=%08x cr4=%08x\n", read_cr0(), cr2, read_cr3(),
            read_cr4());
    if (f->vector == EXC_PF)
        kvm_fault_report(cr2);
    if ((f->cs & SEL_RPL_MASK) == RPL_KERNEL)
        stacktrace_print(f->ebp);
}

void trap_stop(void)
{
    if (panic_test_mode()) {
        kputs("exception: unexpected in test mode; leaving QEMU with the failure code\n");
        ktest_exit(1);
    }
    kputs("exception: halted\n");
    halt_forever();
}

void trap_dispatch(struct trap_frame *f)
{
    if (f->vector >= IRQ_BASE && f->vector < IRQ_BASE + IRQ_LINES) {
        pic_dispatch(f->vector - IRQ_BASE);
        utrap_irq_done(f, f->vector - IRQ_BASE); /* may switch to another process */
        return;
    }
    int user = (f->cs & SEL_RPL_MASK) != RPL_KERNEL;
    if (f->vector == SYSCALL_VECTOR && user && syscall_dispatch(f) == 0)
        return;
    uint32_t cr2 = read_cr2();
    struct trap_catch *c = trap_expected(f->vector);
    if (c != 0) {
        armed = 0;
        c->frame = *f;
        c->esp = trap_frame_esp(f);
        c->cr2 = cr2;
        trap_longjmp(&c->jmp, 1);
    }
    /* Ring 3: demand paging, or the process is killed and the kernel goes on. */
    if (user && utrap_exception(f, cr2))
        return;
    if (!user && f->vector == EXC_PF && utrap_kernel_pde(cr2))
        return;
    uint32_t ss = (f->cs & SEL_RPL_MASK) != RPL_KERNEL ? f->user_ss : read_ss();
    trap_report(f, trap_frame_esp(f), ss, cr2);
    trap_stop();
}
