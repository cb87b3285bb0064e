/*
 * idt.h: the interrupt descriptor table.
 *
 * Vectors 0-31 (exceptions) and 0x20-0x2F (PIC lines) point at the stubs
 * of isr_stubs.asm through ring-0 interrupt gates (IF cleared on entry);
 * vector 8 (#DF) is a task gate to the double-fault TSS (gdt.h); vector
 * 0x80 (SYSCALL_VECTOR) is the system-call gate, DPL 3. The table has
 * IDT_SIZE gates; the others are not present.
 */
#ifndef KERNEL_IDT_H
#define KERNEL_IDT_H

#include <stdint.h>

/* idt_init: fill the IDT and load it with LIDT. The GDT must be loaded (gdt_init). */
void idt_init(void);

/* idt_set_present: set (on != 0) or clear the present bit of vector's gate. */
void idt_set_present(unsigned vector, int on);

/* idt_entry: the 64-bit value of vector's gate (for tests), 0 when out of range. */
uint64_t idt_entry(unsigned vector);

#endif /* KERNEL_IDT_H */
