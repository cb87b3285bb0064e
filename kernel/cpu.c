/*
 * cpu.c: see cpu.h.
 */
#include "cpu.h"

#include <stdint.h>

#include "gdt.h"
#include "idt.h"
#include "pic.h"
#include "pit.h"
#include "x86.h"

extern void df_task_entry(void); /* isr_stubs.asm */

void cpu_init(void)
{
    gdt_init((uint32_t)(uintptr_t)df_task_entry);
    idt_init();
    pic_init();
    pit_init();
    sti(); /* the IDT is live and every PIC line but the timer is masked */
}
