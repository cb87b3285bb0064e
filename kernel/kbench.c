/*
 * kbench.c: the `pmm-bench:` measurement (kbench.h).
 */
#include "kbench.h"

#include "console.h"
#include "panic.h"
#include "x86.h"

void kbench_pmm(struct pmm *p)
{
    uint64_t total = pmm_total_count(p);
    if (total == 0 || pmm_free_count(p) != total) {
        kprintf("pmm-bench: not run: %llu of %llu frames free, expected all\n",
                (unsigned long long)pmm_free_count(p), (unsigned long long)total);
        return;
    }
    uint64_t n = 0;
    uint64_t t0 = rdtsc();
    while (paddr_val(pmm_alloc(p)) != 0)
        n++;
    uint64_t t1 = rdtsc();
    if (n != total || pmm_free_count(p) != 0)
        panic("pmm-bench: allocated %llu frames of %llu, %llu still free",
              (unsigned long long)n, (unsigned long long)total,
              (unsigned long long)pmm_free_count(p));
    /* Every allocatable frame is now ours: give them back region by region. */
    uint64_t t2 = rdtsc();
    for (size_t r = 0; r < p->nregions; r++)
        for (uint32_t f = p->regions[r].first; f < p->regions[r].end; f++)
            if (f != 0)
                pmm_free(p, paddr((uint64_t)f << PAGE_SHIFT));
    uint64_t t3 = rdtsc();
    if (pmm_free_count(p) != total)
        panic("pmm-bench: %llu frames free after freeing all, expected %llu",
              (unsigned long long)pmm_free_count(p), (unsigned long long)total);
    kprintf("pmm-bench: allocated all %llu frames one at a time in %llu cycles (%llu per frame); "
            "freed them in %llu cycles (%llu per frame)\n",
            (unsigned long long)n, (unsigned long long)(t1 - t0),
            (unsigned long long)((t1 - t0) / n), (unsigned long long)(t3 - t2),
            (unsigned long long)((t3 - t2) / n));
}
