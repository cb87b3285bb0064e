/*
 * cpu.h: bringing up the kernel's own processor tables.
 */
#ifndef KERNEL_CPU_H
#define KERNEL_CPU_H

/*
 * cpu_init: load the kernel's GDT (reload every segment register, LTR),
 * the IDT (exceptions, #DF task gate, PIC lines), remap and mask the PIC,
 * start the PIT tick, and only then STI. Call first thing in kmain, with
 * interrupts off.
 */
void cpu_init(void);

#endif /* KERNEL_CPU_H */
