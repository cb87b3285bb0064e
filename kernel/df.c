/*
 * df.c: the double-fault task's C part. The CPU switched here through the
 * task gate of vector 8 (idt.c), saving the interrupted state in the
 * kernel TSS, so a fault on a broken kernel stack is still reported.
 */
#include <stdint.h>

#include "console.h"
#include "gdt.h"
#include "seg.h"
#include "trap.h"

#define DF_RESUME_MARGIN 64u /* bytes below the catch's ESP for the resume path's pushes */

void df_handler(uint32_t err);

/* frame_from_tss: the interrupted state as a trap frame, for the report and tests. */
static void frame_from_tss(const struct tss32 *t, uint32_t err, struct trap_frame *f)
{
    *f = (struct trap_frame){0};
    f->gs = t->gs, f->fs = t->fs, f->es = t->es, f->ds = t->ds;
    f->edi = t->edi, f->esi = t->esi, f->ebp = t->ebp, f->esp_pushad = t->esp;
    f->ebx = t->ebx, f->edx = t->edx, f->ecx = t->ecx, f->eax = t->eax;
    f->vector = EXC_DF, f->err = err;
    f->eip = t->eip, f->cs = t->cs, f->eflags = t->eflags;
    f->user_esp = t->esp, f->user_ss = t->ss;
}

/*
 * df_handler: report the double fault and stop; when a test expects it,
 * record it, point the kernel task at trap_resume_longjmp and return (the
 * stub's IRET switches back to the kernel task).
 */
void df_handler(uint32_t err)
{
    extern void trap_resume_longjmp(void);
    struct tss32 *kt = gdt_kernel_tss();
    struct trap_frame f;
    frame_from_tss(kt, err, &f);
    struct trap_catch *c = trap_expected(EXC_DF);
    if (c != 0) {
        trap_expect_end();
        c->frame = f;
        c->esp = kt->esp;
        c->cr2 = 0;
        trap_resume_jmp = &c->jmp;
        kt->eip = (uint32_t)(uintptr_t)trap_resume_longjmp;
        /* The interrupted ESP may be in a guard page (stack overflow):
         * resume on the dead stack below the catch's saved ESP instead. */
        kt->esp = c->jmp.esp - DF_RESUME_MARGIN;
        return;
    }
    kprintf("exception: double fault, reported by the double-fault task (TSS %04x) on its own "
            "stack; the interrupted state follows\n", SEL_DF_TSS);
    trap_report(&f, kt->esp, kt->ss, 0);
    trap_stop();
}
