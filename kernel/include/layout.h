/*
 * layout.h: where the kernel image lies, from the linker script
 * (kernel/kernel.ld). The symbols have no storage: only their addresses
 * mean something. For now the kernel runs at its physical address, so these
 * are physical addresses as well.
 */
#ifndef KERNEL_LAYOUT_H
#define KERNEL_LAYOUT_H

#include <stdint.h>

extern char _kernel_start[]; /* first byte of the image (page aligned) */
extern char _kernel_end[];   /* one past the last byte, .bss included (page aligned) */
extern char _bss_start[];    /* .bss, which the loader zeroes (4-byte aligned) */
extern char _bss_end[];
extern char boot_stack_bottom[]; /* the boot stack, in .bss (entry.asm) */
extern char boot_stack_top[];

/* kernel_phys_start / kernel_phys_end: the image's physical range [start, end). */
static inline uint32_t kernel_phys_start(void)
{
    return (uint32_t)(uintptr_t)_kernel_start;
}

static inline uint32_t kernel_phys_end(void)
{
    return (uint32_t)(uintptr_t)_kernel_end;
}

#endif /* KERNEL_LAYOUT_H */
