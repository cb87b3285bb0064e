/*
 * vm.h: page directories and page tables (32-bit non-PAE, paging.h).
 *
 * An address space is a page directory frame plus where its page tables
 * come from. Every table is reached through phys_to_ptr (mm_hooks.h): the
 * kernel's direct map or temporary slots, fake RAM on the host. Page
 * tables are allocated from `frames`, zeroed, and given back when an
 * unmap leaves them empty (unless their PDE carries PTE_AVAIL_STATIC).
 * Every function that changes a present entry flushes its TLB entry
 * (tlb_flush_page) before returning.
 *
 * Not reentrant: callers serialise (the kernel is single-threaded and never
 * maps from an interrupt handler).
 */
#ifndef MM_VM_H
#define MM_VM_H

#include <stddef.h>
#include <stdint.h>

#include "paging.h"
#include "types.h"

/* Where page-table frames come from and go back to (the PMM in the kernel). */
struct vm_frames {
    paddr_t (*alloc)(void *ctx); /* a free frame, or paddr 0 when none is left */
    void (*free)(void *ctx, paddr_t pa);
    void *ctx;
};

struct vm_space {
    paddr_t pd;               /* the page directory's frame */
    struct vm_frames frames;
    uint32_t tables;          /* page tables this space allocated and still holds */
};

/* Options for map_page / map_range. */
#define VM_REMAP 0x1u /* replace a present mapping instead of refusing */

/* Results. */
#define VM_OK      0
#define VM_EXISTS  (-1) /* a page in the range is present and VM_REMAP was not given */
#define VM_NOMEM   (-2) /* no frame for a page table */
#define VM_INVALID (-3) /* unaligned address or size, range wraps, flags outside PTE bits, or a 4 MiB page in the way */

/*
 * vm_space_init: a fresh, zeroed page directory from frames. Returns VM_OK
 * or VM_NOMEM.
 */
int vm_space_init(struct vm_space *s, const struct vm_frames *frames);

/*
 * map_page: map the 4 KiB page at va to frame pa with flags (PTE_W, PTE_U,
 * PTE_G, PTE_PCD, PTE_PWT; PTE_P is implied). va and pa must be page
 * aligned, pa below 4 GiB. Allocates the page table when needed (the PDE
 * gets P|W, plus U when flags have U). A present page is replaced only with
 * VM_REMAP. Returns VM_OK, VM_EXISTS, VM_NOMEM or VM_INVALID; on error
 * nothing changed.
 */
int map_page(struct vm_space *s, vaddr_t va, paddr_t pa, uint32_t flags, unsigned opts);

/*
 * map_range: map_page for each page of [va, va + size) to [pa, pa + size).
 * size is a multiple of 4 KiB (0 is a no-op). Checks the whole range for
 * present pages first, so VM_EXISTS changes nothing; on VM_NOMEM the pages
 * it had mapped are unmapped again (with VM_REMAP, replaced pages stay
 * unmapped). Returns as map_page.
 */
int map_range(struct vm_space *s, vaddr_t va, paddr_t pa, size_t size, uint32_t flags,
              unsigned opts);

/*
 * unmap_range: clear every present page of [va, va + size) (absent pages
 * are skipped) and give back each page table this leaves empty. Returns
 * the number of pages unmapped, or VM_INVALID (nothing changed) for an
 * unaligned or wrapping range or one that covers part of a 4 MiB page.
 */
long unmap_range(struct vm_space *s, vaddr_t va, size_t size);

/*
 * virt_to_phys: the physical address va translates to in s (4 KiB pages
 * and 4 MiB PDEs), with the entry's flags in *flags when flags != NULL.
 * Returns 0, or -1 when va is not mapped.
 */
int virt_to_phys(const struct vm_space *s, vaddr_t va, paddr_t *pa, uint32_t *flags);

/*
 * vm_entries: the raw PDE for va, and the PTE (0 when the PDE is absent
 * or maps a 4 MiB page): what the page-fault report prints.
 */
void vm_entries(const struct vm_space *s, vaddr_t va, uint32_t *pde, uint32_t *pte);

/*
 * vm_set_pde: install a raw PDE for the 4 MiB at va (a static page table
 * with PTE_AVAIL_STATIC, or a 4 MiB page with PTE_PS). Refuses (VM_EXISTS)
 * when the PDE is present. Returns VM_OK, VM_EXISTS or VM_INVALID.
 */
int vm_set_pde(struct vm_space *s, vaddr_t va, uint32_t pde);

/*
 * vm_count_tables: page tables present in s that are not static (what
 * s->tables should say).
 */
uint32_t vm_count_tables(const struct vm_space *s);

#endif /* MM_VM_H */
