/*
 * vm.c: page directories and page tables (see vm.h).
 */
#include "vm.h"

#include "mm_hooks.h"

#define PAGE_OFF_MASK (PAGE_SIZE - 1u)
#define PTE_ALLOWED   (PTE_W | PTE_U | PTE_PWT | PTE_PCD | PTE_G)
#define VA_LIMIT      0x100000000ull

/* pd_of / pt_at: the directory and a table, through phys_to_ptr. */
static uint32_t *pd_of(const struct vm_space *s)
{
    return phys_to_ptr(s->pd);
}

static uint32_t *pt_at(uint32_t pde)
{
    return phys_to_ptr(paddr(PTE_ADDR(pde)));
}

/* range_ok: va, pa, size page aligned, va + size within 4 GiB. */
static int range_ok(uint32_t va, uint64_t pa, uint64_t size)
{
    return ((va | pa | size) & PAGE_OFF_MASK) == 0 && (uint64_t)va + size <= VA_LIMIT &&
           pa + size <= VA_LIMIT;
}

int vm_space_init(struct vm_space *s, const struct vm_frames *frames)
{
    s->frames = *frames;
    s->tables = 0;
    s->pd = frames->alloc(frames->ctx);
    if (paddr_is_null(s->pd))
        return VM_NOMEM;
    uint32_t *pd = pd_of(s);
    for (uint32_t i = 0; i < PT_ENTRIES; i++)
        pd[i] = 0;
    return VM_OK;
}

/* pte_slot: the PTE for va, allocating its table when create; NULL when absent or no frame. */
static uint32_t *pte_slot(struct vm_space *s, uint32_t va, int create, uint32_t flags, int *err)
{
    uint32_t *pd = pd_of(s);
    uint32_t pde = pd[PDX(va)];
    if (pde & PTE_PS) {
        *err = VM_INVALID;
        return NULL;
    }
    if (!(pde & PTE_P)) {
        if (!create) {
            *err = VM_OK;
            return NULL;
        }
        paddr_t t = s->frames.alloc(s->frames.ctx);
        if (paddr_is_null(t)) {
            *err = VM_NOMEM;
            return NULL;
        }
        uint32_t *pt = phys_to_ptr(t);
        for (uint32_t i = 0; i < PT_ENTRIES; i++)
            pt[i] = 0;
        pd = pd_of(s); /* phys_to_ptr may have reused the directory's slot */
        pde = (uint32_t)paddr_val(t) | PTE_P | PTE_W | (flags & PTE_U);
        pd[PDX(va)] = pde;
        s->tables++;
    } else if ((flags & PTE_U) && !(pde & PTE_U)) {
        pd[PDX(va)] = pde | PTE_U;
        tlb_flush_page(s->pd, vaddr_of((void *)(uintptr_t)va));
    }
    return &pt_at(pde)[PTX(va)];
}

int map_page(struct vm_space *s, vaddr_t va, paddr_t pa, uint32_t flags, unsigned opts)
{
    return map_range(s, va, pa, PAGE_SIZE, flags, opts);
}

/* present_in: is any page of [va, va + size) present (or under a 4 MiB page)? */
static int present_in(struct vm_space *s, uint32_t va, uint64_t size)
{
    for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
        int err = VM_OK;
        uint32_t *pte = pte_slot(s, va + (uint32_t)off, 0, 0, &err);
        if (err != VM_OK || (pte != NULL && (*pte & PTE_P)))
            return 1;
    }
    return 0;
}

int map_range(struct vm_space *s, vaddr_t va, paddr_t pa, size_t size, uint32_t flags,
              unsigned opts)
{
    uint32_t v = (uint32_t)va.va;
    if (!range_ok(v, paddr_val(pa), size) || (flags & ~(PTE_ALLOWED | PTE_P)) != 0)
        return VM_INVALID;
    if (!(opts & VM_REMAP) && present_in(s, v, size))
        return VM_EXISTS;
    for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
        uint32_t a = v + (uint32_t)off;
        int err = VM_OK;
        uint32_t *pte = pte_slot(s, a, 1, flags, &err);
        if (pte == NULL) {
            if (off != 0)
                unmap_range(s, va, (size_t)off);
            return err;
        }
        uint32_t old = *pte;
        *pte = (uint32_t)(paddr_val(pa) + off) | (flags & PTE_ALLOWED) | PTE_P;
        if (old & PTE_P)
            tlb_flush_page(s->pd, vaddr_of((void *)(uintptr_t)a));
    }
    return VM_OK;
}

/* table_empty: no entry of the table is nonzero. */
static int table_empty(const uint32_t *pt)
{
    for (uint32_t i = 0; i < PT_ENTRIES; i++)
        if (pt[i] != 0)
            return 0;
    return 1;
}

long unmap_range(struct vm_space *s, vaddr_t va, size_t size)
{
    uint32_t v = (uint32_t)va.va;
    if (!range_ok(v, 0, size))
        return VM_INVALID;
    uint64_t end = (uint64_t)v + size;
    for (uint64_t a = v; a < end; a = (a | (LARGE_PAGE_SIZE - 1u)) + 1u)
        if (pd_of(s)[PDX(a)] & PTE_PS)
            return VM_INVALID;
    long n = 0;
    uint64_t a = v;
    while (a < end) {
        uint64_t table_end = (a | (LARGE_PAGE_SIZE - 1u)) + 1u;
        uint64_t stop = table_end < end ? table_end : end;
        uint32_t pde = pd_of(s)[PDX(a)];
        if (!(pde & PTE_P)) {
            a = stop;
            continue;
        }
        uint32_t *pt = pt_at(pde);
        for (; a < stop; a += PAGE_SIZE) {
            if (pt[PTX(a)] & PTE_P) {
                pt[PTX(a)] = 0;
                tlb_flush_page(s->pd, vaddr_of((void *)(uintptr_t)a));
                n++;
            }
        }
        if (!(pde & PTE_AVAIL_STATIC) && table_empty(pt)) {
            uint32_t d = PDX(a - PAGE_SIZE);
            pd_of(s)[d] = 0;
            tlb_flush_page(s->pd, vaddr_of((void *)(uintptr_t)PGADDR(d, 0u, 0u)));
            s->frames.free(s->frames.ctx, paddr(PTE_ADDR(pde)));
            s->tables--;
        }
    }
    return n;
}

int virt_to_phys(const struct vm_space *s, vaddr_t va, paddr_t *pa, uint32_t *flags)
{
    uint32_t v = (uint32_t)va.va;
    uint32_t pde = pd_of(s)[PDX(v)];
    if (!(pde & PTE_P))
        return -1;
    if (pde & PTE_PS) {
        *pa = paddr((pde & PDE_4M_ADDR_MASK) | (v & (LARGE_PAGE_SIZE - 1u)));
        if (flags != NULL)
            *flags = PTE_FLAGS(pde);
        return 0;
    }
    uint32_t pte = pt_at(pde)[PTX(v)];
    if (!(pte & PTE_P))
        return -1;
    *pa = paddr(PTE_ADDR(pte) | (v & PAGE_OFF_MASK));
    if (flags != NULL)
        *flags = PTE_FLAGS(pte);
    return 0;
}

void vm_entries(const struct vm_space *s, vaddr_t va, uint32_t *pde, uint32_t *pte)
{
    uint32_t v = (uint32_t)va.va;
    *pde = pd_of(s)[PDX(v)];
    *pte = ((*pde & PTE_P) && !(*pde & PTE_PS)) ? pt_at(*pde)[PTX(v)] : 0;
}

int vm_set_pde(struct vm_space *s, vaddr_t va, uint32_t pde)
{
    uint32_t v = (uint32_t)va.va;
    if ((v & (LARGE_PAGE_SIZE - 1u)) != 0)
        return VM_INVALID;
    uint32_t *pd = pd_of(s);
    if (pd[PDX(v)] & PTE_P)
        return VM_EXISTS;
    pd[PDX(v)] = pde;
    return VM_OK;
}

uint32_t vm_count_tables(const struct vm_space *s)
{
    const uint32_t *pd = pd_of(s);
    uint32_t n = 0;
    for (uint32_t i = 0; i < PT_ENTRIES; i++)
        if ((pd[i] & PTE_P) && !(pd[i] & (PTE_PS | PTE_AVAIL_STATIC)))
            n++;
    return n;
}
