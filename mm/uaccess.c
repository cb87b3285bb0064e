/*
 * uaccess.c: see uaccess.h.
 */
#include "uaccess.h"

#include "mm_hooks.h"

#define PAGE_OFF_MASK (PAGE_SIZE - 1u)

/* page_allowed: is the present page at va user-accessible (and writable when write)? */
static int page_allowed(const struct vm_space *s, uint32_t va, int write)
{
    uint32_t pde, pte;
    vm_entries(s, uva(va), &pde, &pte);
    uint32_t need = PTE_P | PTE_U | (write ? PTE_W : 0u);
    if (pde & PTE_PS)
        return (pde & need) == need;
    return (pde & need) == need && (pte & need) == need;
}

int uaccess_check(struct vm_space *s, const struct uregion_list *l, uint32_t va, uint32_t len,
                  int access)
{
    if (len == 0)
        return UACCESS_OK;
    uint64_t end = (uint64_t)va + len;
    if (va >= USER_TOP || end > USER_TOP)
        return UACCESS_FAULT;
    int write = access == UACCESS_WRITE;
    for (uint64_t page = va & ~PAGE_OFF_MASK; page < end; page += PAGE_SIZE) {
        uint32_t p = (uint32_t)page;
        if (virt_to_phys(s, uva(p), &(paddr_t){ 0 }, NULL) == 0) {
            if (!page_allowed(s, p, write))
                return UACCESS_FAULT;
            continue;
        }
        enum uvm_fault_result r = uvm_fault(s, l, p, write);
        if (r == UVM_FAULT_NOMEM)
            return UACCESS_NOMEM;
        if (r != UVM_FAULT_MAPPED)
            return UACCESS_FAULT;
    }
    return UACCESS_OK;
}

/* copy: move len bytes between kernel buffer k and user va, page by page (to_user: direction). */
static void copy(const struct vm_space *s, uint8_t *k, uint32_t va, uint32_t len, int to_user)
{
    while (len > 0) {
        uint32_t off = va & PAGE_OFF_MASK;
        uint32_t chunk = PAGE_SIZE - off;
        if (chunk > len)
            chunk = len;
        paddr_t pa;
        if (virt_to_phys(s, uva(va & ~PAGE_OFF_MASK), &pa, NULL) != 0)
            mm_fatal("uaccess: page %08x vanished after its check", va & ~PAGE_OFF_MASK);
        uint8_t *u = (uint8_t *)phys_to_ptr(pa) + off;
        for (uint32_t i = 0; i < chunk; i++) {
            if (to_user)
                u[i] = k[i];
            else
                k[i] = u[i];
        }
        k += chunk;
        va += chunk;
        len -= chunk;
    }
}

int uaccess_copy_in(struct vm_space *s, const struct uregion_list *l, void *dst, uint32_t va,
                    uint32_t len)
{
    int r = uaccess_check(s, l, va, len, UACCESS_READ);
    if (r == UACCESS_OK)
        copy(s, dst, va, len, 0);
    return r;
}

int uaccess_copy_out(struct vm_space *s, const struct uregion_list *l, uint32_t va,
                     const void *src, uint32_t len)
{
    int r = uaccess_check(s, l, va, len, UACCESS_WRITE);
    if (r == UACCESS_OK)
        copy(s, (uint8_t *)(uintptr_t)src, va, len, 1);
    return r;
}
