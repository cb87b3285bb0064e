/*
 * types.h: physical and virtual addresses as distinct types.
 *
 * paddr_t and vaddr_t are one-member structs, so the compiler refuses to
 * mix them up or to use either as an integer by accident; the helpers below
 * are the only conversions. Physical addresses are 64-bit everywhere (the
 * firmware's map is), virtual addresses are pointer-sized.
 */
#ifndef MM_TYPES_H
#define MM_TYPES_H

#include <stdint.h>

#define PAGE_SIZE  4096u
#define PAGE_SHIFT 12u
#define PAGE_MASK  ((uint64_t)PAGE_SIZE - 1u)
#define ADDR_4G    0x100000000ull /* the end of what non-PAE paging reaches */

typedef struct { uint64_t pa; } paddr_t;
typedef struct { uintptr_t va; } vaddr_t;

/* paddr: the physical address with value v. */
static inline paddr_t paddr(uint64_t v) { paddr_t p = { v }; return p; }
/* paddr_val: the number a physical address holds. */
static inline uint64_t paddr_val(paddr_t p) { return p.pa; }
/* paddr_is_null: is p the null physical address (0: no frame)? */
static inline int paddr_is_null(paddr_t p) { return p.pa == 0; }
/* vaddr_of: the virtual address of a pointer. */
static inline vaddr_t vaddr_of(const void *ptr) { vaddr_t v = { (uintptr_t)ptr }; return v; }
/* vaddr_ptr: the pointer a virtual address denotes. */
static inline void *vaddr_ptr(vaddr_t v) { return (void *)v.va; }

/* page_down / page_up: round a 64-bit address down / up to 4 KiB (page_up saturates). */
static inline uint64_t page_down(uint64_t a) { return a & ~PAGE_MASK; }
static inline uint64_t page_up(uint64_t a)
{
    return a > UINT64_MAX - PAGE_MASK ? page_down(UINT64_MAX) : page_down(a + PAGE_MASK);
}

#endif /* MM_TYPES_H */
