/*
 * uvm.h: a process's user half (virtual [0, USER_TOP), mm/paging.h):
 * its list of reserved regions, demand-zero page faults, and freeing every
 * frame and page table it holds. Pure C over mm/vm.h (phys_to_ptr for
 * every frame), so it builds for the kernel and the host tests alike
 * (tests/host/test_uvm.c, fake page tables in fake RAM).
 *
 * Demand paging: a region is only a promise. Reserving one (the heap that
 * sbrk grows, the stack) touches no page table; the first access to a
 * page of it faults, and uvm_fault gives that page a zero-filled frame.
 * Addresses outside every region that are not mapped (the ELF's own
 * segments are mapped when the program is loaded) are errors.
 */
#ifndef MM_UVM_H
#define MM_UVM_H

#include <stddef.h>
#include <stdint.h>

#include "paging.h"
#include "types.h"
#include "vm.h"

#define UREGION_MAX 8u      /* regions per process */

/* Region flags. */
#define UREG_W      0x1u    /* writable (else read-only) */

/* What a region is for (reports, and how the kernel resizes it). */
enum uregion_kind {
    UREG_HEAP,
    UREG_STACK,
    UREG_OTHER,
};

/* One reserved range [start, end) of the user half (page aligned). */
struct uregion {
    uint32_t start;
    uint32_t end;
    uint32_t flags;
    uint32_t kind;  /* enum uregion_kind */
};

/* The regions, sorted by start, disjoint. */
struct uregion_list {
    struct uregion r[UREGION_MAX];
    uint32_t n;
};

/* Results of the region functions. */
#define UREG_OK       0
#define UREG_INVALID  (-1) /* unaligned, end before start, or outside [USER_VMIN, USER_TOP) */
#define UREG_OVERLAP  (-2) /* meets another region */
#define UREG_FULL     (-3) /* UREGION_MAX regions already */
#define UREG_MISSING  (-4) /* no region starts there */

/* uregion_init: an empty list. */
void uregion_init(struct uregion_list *l);

/*
 * uregion_add: reserve [start, end) with flags and kind. start and end
 * page aligned, start <= end (an empty region - a heap before its first
 * sbrk - reserves nothing but can grow), inside [USER_VMIN, USER_TOP), not meeting an
 * existing region. Returns UREG_OK or an error above (nothing changed).
 */
int uregion_add(struct uregion_list *l, uint32_t start, uint32_t end, uint32_t flags,
                uint32_t kind);

/*
 * uregion_resize: move the end of the region that starts at start to
 * new_end (page aligned, >= start: an empty region stays in the list, so
 * a heap can shrink to nothing and grow again), within USER_TOP and
 * without meeting the next region. Returns UREG_OK, UREG_MISSING,
 * UREG_INVALID or UREG_OVERLAP (nothing changed).
 */
int uregion_resize(struct uregion_list *l, uint32_t start, uint32_t new_end);

/* uregion_find: the region holding va, or NULL. O(log n). */
const struct uregion *uregion_find(const struct uregion_list *l, uint32_t va);

/* uregion_reserved: bytes reserved by all regions together (64-bit: may exceed RAM). */
uint64_t uregion_reserved(const struct uregion_list *l);

/* What uvm_fault decided. */
enum uvm_fault_result {
    UVM_FAULT_MAPPED,     /* a zero-filled frame now backs the page: retry the access */
    UVM_FAULT_KERNEL,     /* the address is in the kernel half */
    UVM_FAULT_PROTECTION, /* the page is present, the access is not allowed */
    UVM_FAULT_UNMAPPED,   /* not present and in no region (or a write to a read-only region) */
    UVM_FAULT_NOMEM,      /* no frame (or no page table) left: out of memory */
};

/*
 * uvm_fault: handle a page fault at va (a write when write != 0) in space
 * s whose regions are l (the page table says whether it was present). A page that
 * is not present and lies in a region that allows the access gets a frame
 * from s->frames, zeroed, mapped user (writable when the region is).
 * Anything else is the process's fault. Returns the decision above; only
 * UVM_FAULT_MAPPED changes s.
 */
enum uvm_fault_result uvm_fault(struct vm_space *s, const struct uregion_list *l, uint32_t va,
                                int write);

/* uvm_fault_name: a short text for r ("out of memory", ...). */
const char *uvm_fault_name(enum uvm_fault_result r);

/*
 * uvm_release: unmap every present page of the user range [start, end)
 * (page aligned, below USER_TOP) and give its frame back through
 * s->frames (a heap that shrank). Page tables left empty go back too.
 * Returns the number of data frames freed.
 */
uint32_t uvm_release(struct vm_space *s, uint32_t start, uint32_t end);

/*
 * uvm_copy_kernel_pdes: copy the kernel half's PDEs (KERNEL_PDX..1023)
 * of the directory kpd into s's directory: the kernel's page tables are
 * shared, never copied, and carry no PTE_U, so ring 3 cannot use them.
 */
void uvm_copy_kernel_pdes(struct vm_space *s, paddr_t kpd);

/*
 * uvm_sync_kernel_pde: when va is in the kernel half, s's PDE for it is
 * absent and kpd's is present (a page table the kernel added after s was
 * made, e.g. heap growth), copy it and return 1; otherwise 0.
 */
int uvm_sync_kernel_pde(struct vm_space *s, paddr_t kpd, uint32_t va);

/*
 * uvm_free_user: give back through s->frames every frame mapped in the
 * user half (PDEs 0..USER_PDES-1), every page table there, and the page
 * directory itself. The kernel half's tables are shared and left alone.
 * s must not be the live directory. Returns the number of frames freed.
 */
uint32_t uvm_free_user(struct vm_space *s);

/* uva: the vaddr_t of a 32-bit user address. */
static inline vaddr_t uva(uint32_t va)
{
    return vaddr_of((const void *)(uintptr_t)va);
}

#endif /* MM_UVM_H */
