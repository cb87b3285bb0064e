/*
 * mm_hooks.h: what mm/ needs from its host, so that mm/ itself stays pure
 * C that builds for the i386 kernel and for the host tests alike.
 *
 * The kernel implements both in kernel/mm_glue.c (panic; identity access
 * while paging is off, the direct map later). The host tests implement them
 * in tests/host/host_mm.c (a longjmp the test can catch; a malloc'ed buffer
 * standing in for physical memory).
 */
#ifndef MM_HOOKS_H
#define MM_HOOKS_H

#include "types.h"

/*
 * mm_fatal: a broken invariant or a caller bug mm/ cannot recover from
 * (double free, freeing a frame outside usable memory...). The message
 * names the address. Never returns.
 */
__attribute__((noreturn, format(printf, 1, 2))) void mm_fatal(const char *fmt, ...);

/*
 * phys_to_ptr: a pointer through which the page frame at pa (and the rest
 * of its 4 KiB page) can be read and written. The one way mm/ touches
 * physical memory.
 */
void *phys_to_ptr(paddr_t pa);

/*
 * tlb_flush_page: the entry for va in the address space whose page
 * directory is pd changed; drop any cached translation (INVLPG when pd is
 * the live CR3, nothing otherwise). Used by mm/vm.c.
 */
void tlb_flush_page(paddr_t pd, vaddr_t va);

#endif /* MM_HOOKS_H */
