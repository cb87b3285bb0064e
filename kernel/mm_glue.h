/*
 * mm_glue.h: the kernel's side of mm/mm_hooks.h, plus what the in-kernel
 * tests need to catch mm_fatal.
 *
 * While paging is off, physical memory is reached at its own address
 * (phys_to_ptr is the identity below 4 GiB); issue 5 routes it through the
 * direct map. mm_fatal panics (kernel/panic.h) unless a test armed
 * mm_fatal_try, in which case it returns to that test.
 */
#ifndef KERNEL_MM_GLUE_H
#define KERNEL_MM_GLUE_H

#include <stddef.h>

#include "mm_hooks.h"

/*
 * kphys_window: a pointer through which bytes [pa, pa + bytes) of physical
 * memory can be used, through the direct map. Panics when the range is not
 * inside the direct map (physical [0, DIRECT_MAP_SIZE)).
 */
void *kphys_window(paddr_t pa, size_t bytes);

/*
 * kphys_temp: pa's page through the next temporary slot, even when it is
 * in the direct map (phys_to_ptr uses it for frames outside the direct
 * map; tests use it for a second, independent mapping of a frame). Valid
 * for TEMP_SLOTS - 1 further calls of phys_to_ptr/kphys_temp. Panics at
 * or above 4 GiB.
 */
void *kphys_temp(paddr_t pa);

/*
 * mm_fatal_try: run fn(arg). Returns 0 when it returned normally; 1 when it
 * called mm_fatal, with the message copied into msg (cap bytes). Only for
 * tests: whatever fn was doing is abandoned at the mm_fatal call (mm/ checks
 * before it changes anything, so its state stays consistent). Not nestable.
 */
int mm_fatal_try(void (*fn)(void *), void *arg, char *msg, size_t cap);

#endif /* KERNEL_MM_GLUE_H */
