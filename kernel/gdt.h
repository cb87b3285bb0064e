/*
 * gdt.h: the kernel's own GDT and its two tasks.
 *
 * Slots (kernel/include/seg.h): null, ring-0 code, ring-0 data, ring-3 code,
 * ring-3 data (all flat 4 GiB), the kernel TSS (esp0/ss0: the stack the CPU
 * switches to on an interrupt from ring 3), and the double-fault TSS, which
 * the IDT's task gate for vector 8 switches to, with a stack of its own.
 */
#ifndef KERNEL_GDT_H
#define KERNEL_GDT_H

#include <stdint.h>

#include "seg.h"

#define DF_STACK_SIZE   8192u /* the double-fault task's stack */
#define RING0_STACK_SIZE 8192u /* the default esp0 stack (entries from ring 3) */

/*
 * gdt_init: build the GDT, load it, reload CS (far return) and DS, ES, FS,
 * GS, SS with the ring-0 selectors, fill both TSSs and load the kernel TSS
 * with LTR. df_eip is where the double-fault task starts (its CS/SS/DS are
 * the ring-0 selectors, interrupts off, its own stack). Interrupts must be
 * off. Call once, first thing in kmain.
 */
void gdt_init(uint32_t df_eip);

/* gdt_set_esp0: the ring-0 stack top used on entries from ring 3. */
void gdt_set_esp0(uint32_t esp0);

/*
 * gdt_set_cr3: the page directory both tasks use. A task switch loads CR3
 * from the TSS (it never saves it), so call this whenever CR3 changes
 * (paging, issue 5), or the double-fault switch would load a stale one.
 */
void gdt_set_cr3(uint32_t cr3);

/* gdt_ring0_stack_top: the default esp0 (a dedicated stack in .bss). */
uint32_t gdt_ring0_stack_top(void);

/* gdt_kernel_tss: the kernel task's TSS (the interrupted state after a #DF). */
struct tss32 *gdt_kernel_tss(void);

/* gdt_df_tss: the double-fault task's TSS. */
struct tss32 *gdt_df_tss(void);

/* gdt_entry: the 64-bit value of GDT slot i (for tests), 0 when i is out of range. */
uint64_t gdt_entry(unsigned i);

#endif /* KERNEL_GDT_H */
