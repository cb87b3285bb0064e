/*
 * kheap.h: the kernel heap, kmalloc/kfree.
 *
 * Design (docs/paging.md): a first-fit allocator over an address-ordered
 * free list in the heap window [HEAP_VBASE, HEAP_VEND) (mm/paging.h). The
 * window grows a page at a time at its top (PMM frames, map_page with
 * global kernel RW pages) and never shrinks. Each block is a 16-byte
 * header (magic, size, requested size, free-list link), the payload
 * (16-byte aligned), and a 4-byte canary right after the requested bytes;
 * kfree checks the magic (bad pointer or double free) and the canary
 * (overrun) and panics, naming the address, when either is wrong. Freed
 * payloads are poisoned; neighbours coalesce. Not for interrupt handlers.
 */
#ifndef KERNEL_KHEAP_H
#define KERNEL_KHEAP_H

#include <stddef.h>
#include <stdint.h>

#define KHEAP_ALIGN 16u

/* kheap_init: an empty heap; after kvm_init. */
void kheap_init(void);

/*
 * kmalloc: n bytes (n >= 1), KHEAP_ALIGN-aligned, contents undefined.
 * NULL when n is 0 or too large, or no frame or window space is left.
 */
void *kmalloc(size_t n);

/*
 * kfree: give back p from kmalloc (NULL: no-op). Calls mm_fatal (a panic,
 * unless a test armed mm_fatal_try) naming p and the reason, before
 * changing anything, on a pointer that is not a live kmalloc block (bad
 * pointer, double free) or whose canary was overwritten.
 */
void kfree(void *p);

/*
 * kheap_check: the same checks as kfree, without freeing: 0 when p is a
 * live block with an intact canary, -1 otherwise (for tests).
 */
int kheap_check(const void *p);

struct kheap_stats {
    uint32_t live;        /* kmalloc'ed and not yet freed: the leak count */
    uint32_t live_bytes;  /* their requested bytes */
    uint32_t mapped;      /* heap bytes mapped (the window's size now) */
    uint32_t frames;      /* PMM frames the heap holds */
};

/* kheap_stats: the counters above. */
struct kheap_stats kheap_stats(void);

#endif /* KERNEL_KHEAP_H */
