/*
 * layout.h: where the kernel image lies, from the linker script
 * (kernel/kernel.ld). The symbols have no storage: only their addresses
 * mean something. They are virtual addresses in the higher half
 * (KERNEL_VBASE + physical, mm/paging.h); kernel_pa converts one.
 */
#ifndef KERNEL_LAYOUT_H
#define KERNEL_LAYOUT_H

#include <stdint.h>

#include "paging.h"
#include "types.h"

extern char _kernel_start[]; /* first byte of the image (page aligned) */
extern char _kernel_end[];   /* one past the last byte, .bss included (page aligned) */
extern char _bss_start[];    /* .bss, which the loader zeroes (4-byte aligned) */
extern char _bss_end[];
extern char _rodata_start[]; /* .rodata (page aligned; text ends here) */
extern char _data_start[];   /* .data (page aligned) */
extern char _stack_guard[];  /* the boot stack's guard page (never mapped) */
extern char boot_stack_bottom[]; /* the boot stack, in .bss (entry.asm), above the guard */
extern char boot_stack_top[];

/*
 * kernel_pa: the physical address of p, a byte of the kernel image (the
 * image is linked at KERNEL_VBASE + its load address; no lookup needed).
 */
static inline paddr_t kernel_pa(const void *p)
{
    return paddr((uint64_t)((uintptr_t)p - KERNEL_VBASE));
}

/* kernel_phys_start / kernel_phys_end: the image's physical range [start, end). */
static inline uint32_t kernel_phys_start(void)
{
    return (uint32_t)paddr_val(kernel_pa(_kernel_start));
}

static inline uint32_t kernel_phys_end(void)
{
    return (uint32_t)paddr_val(kernel_pa(_kernel_end));
}

#endif /* KERNEL_LAYOUT_H */
