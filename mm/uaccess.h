/*
 * uaccess.h: checking and copying user memory for system calls. Pure C
 * over mm/vm.h and mm/uvm.h (tests/host/test_uaccess.c runs it against
 * fake page tables).
 *
 * The kernel never dereferences a user pointer: uaccess_check walks the
 * process's page tables for every page of the range first, and the copies
 * go page by page through the frames' own kernel mappings (phys_to_ptr),
 * so a bad pointer is an error code, never a kernel fault, and the live
 * CR3 does not matter.
 */
#ifndef MM_UACCESS_H
#define MM_UACCESS_H

#include <stddef.h>
#include <stdint.h>

#include "uvm.h"
#include "vm.h"

/* Results (the system calls turn them into their error codes). */
#define UACCESS_OK     0
#define UACCESS_FAULT  (-1) /* a byte outside the user half, or not mapped and in no region, or not allowed */
#define UACCESS_NOMEM  (-2) /* a demand-zero page of the range could not get a frame */

#define UACCESS_READ   0 /* the kernel will read the range */
#define UACCESS_WRITE  1 /* the kernel will write it */

/*
 * uaccess_check: may the kernel read (or write) the user range [va, va + len)
 * of space s? Every byte must lie below USER_TOP (no wrap); each page must
 * be present with PTE_U (and PTE_W for UACCESS_WRITE) in both its PDE and
 * PTE, or lie in a region of l that allows the access, in which case it is
 * mapped now (uvm_fault). len 0 is always allowed. Returns UACCESS_OK,
 * UACCESS_FAULT or UACCESS_NOMEM.
 */
int uaccess_check(struct vm_space *s, const struct uregion_list *l, uint32_t va, uint32_t len,
                  int access);

/*
 * uaccess_copy_in / uaccess_copy_out: copy len bytes from user va to dst /
 * from src to user va, after uaccess_check of the same range. Return
 * what uaccess_check returned (nothing is copied on error).
 */
int uaccess_copy_in(struct vm_space *s, const struct uregion_list *l, void *dst, uint32_t va,
                    uint32_t len);
int uaccess_copy_out(struct vm_space *s, const struct uregion_list *l, uint32_t va,
                     const void *src, uint32_t len);

#endif /* MM_UACCESS_H */
