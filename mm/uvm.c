/*
 * uvm.c: a process's user half (see uvm.h).
 */
#include "uvm.h"

#include "mm_hooks.h"

#define PAGE_OFF_MASK (PAGE_SIZE - 1u)
#define WORDS_PER_PAGE (PAGE_SIZE / ENTRY_BYTES)
#define FREE_BATCH    64u /* frames collected from one table before freeing them */

void uregion_init(struct uregion_list *l)
{
    l->n = 0;
}

/* bounds_ok: [start, end) page aligned, start <= end, inside [USER_VMIN, USER_TOP). */
static int bounds_ok(uint32_t start, uint32_t end)
{
    return ((start | end) & PAGE_OFF_MASK) == 0 && start <= end && start >= USER_VMIN &&
           end <= USER_TOP;
}

/* slot_after: the index of the first region whose start is above va (0..n). */
static uint32_t slot_after(const struct uregion_list *l, uint32_t va)
{
    uint32_t lo = 0, hi = l->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2u;
        if (l->r[mid].start <= va)
            lo = mid + 1u;
        else
            hi = mid;
    }
    return lo;
}

int uregion_add(struct uregion_list *l, uint32_t start, uint32_t end, uint32_t flags,
                uint32_t kind)
{
    if (!bounds_ok(start, end))
        return UREG_INVALID;
    uint32_t i = slot_after(l, start);
    if (i > 0 && l->r[i - 1u].end > start)
        return UREG_OVERLAP;
    if (i < l->n && l->r[i].start < end)
        return UREG_OVERLAP;
    if (l->n == UREGION_MAX)
        return UREG_FULL;
    for (uint32_t j = l->n; j > i; j--)
        l->r[j] = l->r[j - 1u];
    l->r[i] = (struct uregion){ start, end, flags, kind };
    l->n++;
    return UREG_OK;
}

int uregion_resize(struct uregion_list *l, uint32_t start, uint32_t new_end)
{
    uint32_t i = slot_after(l, start);
    if (i == 0 || l->r[i - 1u].start != start)
        return UREG_MISSING;
    if (!bounds_ok(start, new_end))
        return UREG_INVALID;
    if (i < l->n && l->r[i].start < new_end)
        return UREG_OVERLAP;
    l->r[i - 1u].end = new_end;
    return UREG_OK;
}

const struct uregion *uregion_find(const struct uregion_list *l, uint32_t va)
{
    uint32_t i = slot_after(l, va);
    if (i == 0)
        return NULL;
    const struct uregion *r = &l->r[i - 1u];
    return va < r->end ? r : NULL;
}

uint64_t uregion_reserved(const struct uregion_list *l)
{
    uint64_t sum = 0;
    for (uint32_t i = 0; i < l->n; i++)
        sum += l->r[i].end - l->r[i].start;
    return sum;
}

enum uvm_fault_result uvm_fault(struct vm_space *s, const struct uregion_list *l, uint32_t va,
                                int write)
{
    if (va >= USER_TOP)
        return UVM_FAULT_KERNEL;
    uint32_t page = va & ~PAGE_OFF_MASK;
    paddr_t pa;
    if (virt_to_phys(s, uva(page), &pa, NULL) == 0)
        return UVM_FAULT_PROTECTION;
    const struct uregion *r = uregion_find(l, page);
    if (r == NULL || (write && !(r->flags & UREG_W)))
        return UVM_FAULT_UNMAPPED;
    paddr_t frame = s->frames.alloc(s->frames.ctx);
    if (paddr_is_null(frame))
        return UVM_FAULT_NOMEM;
    uint32_t *w = phys_to_ptr(frame);
    for (uint32_t i = 0; i < WORDS_PER_PAGE; i++)
        w[i] = 0;
    uint32_t flags = PTE_U | ((r->flags & UREG_W) ? PTE_W : 0u);
    if (map_page(s, uva(page), frame, flags, 0) != VM_OK) {
        /* The only failure left is no frame for the page table. */
        s->frames.free(s->frames.ctx, frame);
        return UVM_FAULT_NOMEM;
    }
    return UVM_FAULT_MAPPED;
}

const char *uvm_fault_name(enum uvm_fault_result r)
{
    switch (r) {
    case UVM_FAULT_MAPPED:
        return "mapped on demand";
    case UVM_FAULT_KERNEL:
        return "access to kernel memory";
    case UVM_FAULT_PROTECTION:
        return "access not allowed by the page";
    case UVM_FAULT_UNMAPPED:
        return "address not mapped";
    case UVM_FAULT_NOMEM:
        return "out of memory";
    }
    return "unknown";
}

uint32_t uvm_release(struct vm_space *s, uint32_t start, uint32_t end)
{
    uint32_t freed = 0;
    uint64_t va = start;
    while (va < end && va < USER_TOP) {
        uint32_t pde, pte;
        vm_entries(s, uva((uint32_t)va), &pde, &pte);
        if (!(pde & PTE_P)) {
            va = ((va >> PDX_SHIFT) + 1u) << PDX_SHIFT; /* the next 4 MiB */
            continue;
        }
        if (pte & PTE_P) {
            unmap_range(s, uva((uint32_t)va), PAGE_SIZE);
            s->frames.free(s->frames.ctx, paddr(PTE_ADDR(pte)));
            freed++;
        }
        va += PAGE_SIZE;
    }
    return freed;
}

void uvm_copy_kernel_pdes(struct vm_space *s, paddr_t kpd)
{
    const uint32_t *src = phys_to_ptr(kpd);
    uint32_t *dst = phys_to_ptr(s->pd);
    for (uint32_t i = KERNEL_PDX; i < PT_ENTRIES; i++)
        dst[i] = src[i];
}

int uvm_sync_kernel_pde(struct vm_space *s, paddr_t kpd, uint32_t va)
{
    if (va < KERNEL_VBASE)
        return 0;
    uint32_t i = PDX(va);
    uint32_t kpde = ((const uint32_t *)phys_to_ptr(kpd))[i];
    uint32_t *pd = phys_to_ptr(s->pd);
    if ((pd[i] & PTE_P) || !(kpde & PTE_P))
        return 0;
    pd[i] = kpde;
    return 1;
}

/*
 * collect: from index *next of the table (or directory) at pa, the frames
 * of up to FREE_BATCH present entries, clearing them; advances *next.
 * Pointers from phys_to_ptr are not kept across the frees that follow.
 */
static uint32_t collect(paddr_t pa, uint32_t limit, uint32_t *next, uint32_t *out)
{
    uint32_t *e = phys_to_ptr(pa);
    uint32_t n = 0;
    while (*next < limit && n < FREE_BATCH) {
        uint32_t v = e[*next];
        if (v & PTE_P) {
            out[n++] = PTE_ADDR(v);
            e[*next] = 0;
        }
        (*next)++;
    }
    return n;
}

uint32_t uvm_free_user(struct vm_space *s)
{
    uint32_t freed = 0;
    uint32_t tables[FREE_BATCH], frames[FREE_BATCH];
    uint32_t di = 0;
    for (;;) {
        uint32_t nt = collect(s->pd, USER_PDES, &di, tables);
        if (nt == 0)
            break;
        for (uint32_t t = 0; t < nt; t++) {
            uint32_t ti = 0, nf;
            while ((nf = collect(paddr(tables[t]), PT_ENTRIES, &ti, frames)) != 0)
                for (uint32_t f = 0; f < nf; f++, freed++)
                    s->frames.free(s->frames.ctx, paddr(frames[f]));
            s->frames.free(s->frames.ctx, paddr(tables[t]));
            freed++;
            if (s->tables > 0)
                s->tables--;
        }
    }
    s->frames.free(s->frames.ctx, s->pd);
    s->pd = paddr(0);
    return freed + 1u;
}
