/*
 * paging.h: the x86 facts of 32-bit non-PAE paging, and the kernel's
 * virtual address layout. Pure numbers and index macros: shared by the
 * kernel, its entry stub (as build/kernel/inc/paging.inc, numeric defines
 * only) and the host tests.
 *
 * A linear address splits 10/10/12:
 *
 *   31                 22 21                 12 11                    0
 *  +---------------------+---------------------+-----------------------+
 *  | directory index PDX | table index PTX     | offset in the page    |
 *  +---------------------+---------------------+-----------------------+
 *            |                     |
 *   CR3 -> page directory          |
 *          [1024 PDEs] --PDE--> page table
 *                                  [1024 PTEs] --PTE--> 4 KiB frame
 *
 * A PDE with PTE_PS (and CR4.PSE on) maps a 4 MiB page directly: bits
 * 31..22 of the PDE are the frame, bits 21..0 of the address the offset.
 *
 * The kernel's half (virtual 0xC0000000 and up, PDEs 768-1023):
 *
 *   0xC0000000 +--------------------------+ KERNEL_VBASE
 *              | direct map: physical     | va = KERNEL_VBASE + pa for RAM
 *              | [0, 512 MiB)             | below DIRECT_MAP_SIZE (page 0
 *              | (kernel image inside, at | never mapped); the kernel image
 *              |  0xC0100000)             | has its own section permissions
 *   0xE0000000 +--------------------------+ HEAP_VBASE
 *              | kernel heap (kmalloc)    | 256 MiB, grows on demand
 *   0xF0000000 +--------------------------+ FB_VBASE
 *              | framebuffer              | 240 MiB window
 *   0xFF000000 +--------------------------+ BOOTINFO_VBASE
 *              | Multiboot2 information   | 8 MiB window, read-only
 *   0xFF800000 +--------------------------+
 *              | (unused)                 |
 *   0xFFC00000 +--------------------------+ TEMP_VBASE
 *              | temporary mapping slots  | one static page table
 *   0xFFFFFFFF +--------------------------+
 *
 * Windows (framebuffer, boot information) keep the physical address's
 * offset inside its 4 MiB page, so the boot page directory's 4 MiB pages
 * and the final 4 KiB pages give the same virtual address.
 */
#ifndef MM_PAGING_H
#define MM_PAGING_H

/* ---- Entry bits (PDE and PTE) -------------------------------------------- */
#define PTE_P     0x001u /* present */
#define PTE_W     0x002u /* writable (ring 0 too when CR0.WP is set) */
#define PTE_U     0x004u /* user (ring 3) may access */
#define PTE_PWT   0x008u /* write-through */
#define PTE_PCD   0x010u /* cache disable */
#define PTE_A     0x020u /* accessed (set by the CPU) */
#define PTE_D     0x040u /* dirty (set by the CPU; PTEs and 4 MiB PDEs) */
#define PTE_PS    0x080u /* in a PDE: maps a 4 MiB page (CR4.PSE) */
#define PTE_G     0x100u /* global: survives CR3 loads (CR4.PGE) */
#define PTE_AVAIL_STATIC 0x200u /* software, in a PDE: the table is not the PMM's (never freed) */
#define PTE_FLAGS_MASK   0xFFFu
#define PTE_ADDR_MASK    0xFFFFF000u
#define PDE_4M_ADDR_MASK 0xFFC00000u

/* ---- Geometry ---------------------------------------------------------- */
#define PT_ENTRIES   1024u
#define PDX_SHIFT    22u
#define PTX_SHIFT    12u
#define INDEX_MASK   0x3FFu
#define LARGE_PAGE_SIZE 0x400000u /* 4 MiB: what one PDE covers */
#define ENTRY_BYTES  4u

/* PDX / PTX: the directory and table index of a linear address. */
#define PDX(va) (((uint32_t)(va) >> PDX_SHIFT) & INDEX_MASK)
#define PTX(va) (((uint32_t)(va) >> PTX_SHIFT) & INDEX_MASK)
/* PGADDR: the linear address of directory index d, table index t, offset o. */
#define PGADDR(d, t, o) ((uint32_t)(((d) << PDX_SHIFT) | ((t) << PTX_SHIFT) | (o)))
/* PTE_ADDR / PTE_FLAGS: the frame and the flag bits of an entry. */
#define PTE_ADDR(e)  ((uint32_t)(e) & PTE_ADDR_MASK)
#define PTE_FLAGS(e) ((uint32_t)(e) & PTE_FLAGS_MASK)
/* ROUND_DOWN_4M / ROUND_UP_4M (32-bit; ROUND_UP_4M wraps at the top) */
#define ROUND_DOWN_4M(a) ((uint32_t)(a) & PDE_4M_ADDR_MASK)
#define ROUND_UP_4M(a)   (((uint32_t)(a) + LARGE_PAGE_SIZE - 1u) & PDE_4M_ADDR_MASK)

/* ---- The kernel's virtual layout (picture above) ------------------------ */
#define KERNEL_VBASE     0xC0000000u
#define KERNEL_PDX       768u        /* PDX(KERNEL_VBASE) */
#define DIRECT_MAP_SIZE  0x20000000u /* 512 MiB of low physical memory */
#define HEAP_VBASE       0xE0000000u
#define HEAP_VEND        0xF0000000u
#define FB_VBASE         0xF0000000u
#define FB_VEND          0xFF000000u
#define BOOTINFO_VBASE   0xFF000000u
#define BOOTINFO_VEND    0xFF800000u
#define SCRATCH_VBASE    0xFF800000u  /* 4 MiB nothing else maps: in-kernel tests and the soak */
#define SCRATCH_VEND     0xFFC00000u
#define TEMP_VBASE       0xFFC00000u
#define TEMP_SLOTS       16u          /* phys_to_ptr's ring of temporary mappings */
#define BOOT_IDENTITY_SIZE 0x1000000u /* the boot page directory's identity map: 16 MiB */

/* ---- The user half (PDEs 0-767; docs/processes.md) ---------------------
 *
 *   0x00000000 +--------------------------+
 *              | never mapped (64 KiB)    | null pointers fault
 *   0x00010000 +--------------------------+ USER_VMIN
 *              | program (ELF PT_LOAD     | text read-only, data writable,
 *              |  segments, e.g. 0x08048000) | mapped when it is loaded
 *              | heap: brk start .. brk   | demand-zero region, sbrk grows it
 *              |   ...                    |   up to USER_HEAP_LIMIT
 *   0xBF7FF000 +--------------------------+ USER_HEAP_LIMIT
 *              | stack guard page         | never reserved: overflow faults
 *   0xBF800000 +--------------------------+ USER_STACK_BOTTOM
 *              | stack (8 MiB reserved)   | demand-zero region
 *   0xC0000000 +--------------------------+ USER_TOP = KERNEL_VBASE
 */
#define USER_VMIN         0x00010000u
#define USER_TOP          KERNEL_VBASE
#define USER_PDES         KERNEL_PDX   /* PDEs 0..767 are a process's own */
#define USER_STACK_MAX    0x00800000u  /* 8 MiB reserved for the stack */
#define USER_STACK_BOTTOM (USER_TOP - USER_STACK_MAX)
#define USER_GUARD_SIZE   0x1000u      /* one page below the stack, never reserved */
#define USER_HEAP_LIMIT   (USER_STACK_BOTTOM - USER_GUARD_SIZE)

#endif /* MM_PAGING_H */
