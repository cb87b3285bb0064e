/*
 * bench_vm.c: `make bench` - the page-table code (mm/vm.c) on the host:
 * map/unmap operations per second (single pages and 1 MiB ranges) and the
 * page-table frames used per GiB mapped with 4 KiB pages. Fake RAM from
 * malloc; frames from a bump allocator with a free stack.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mm_hooks.h"
#include "vm.h"

#define RAM_BYTES   (64u << 20)              /* page tables live here */
#define RAM_FRAMES  (RAM_BYTES >> PAGE_SHIFT)
#define GIB         (1ull << 30)
#define SINGLE_OPS  2000000u
#define RANGE_BYTES (1u << 20)
#define RANGE_OPS   20000u
#define VA_SPAN     0x40000000u              /* 1 GiB of virtual space to wander in */
#define VA_BASE     0x40000000u
#define NS_PER_S    1e9
#define QUICK_DIVISOR 10u                    /* --quick: this many times fewer iterations */

static uint8_t *ram;
static uint32_t bump = 1, stack[RAM_FRAMES], sp;

void *phys_to_ptr(paddr_t pa)
{
    return ram + paddr_val(pa);
}

void tlb_flush_page(paddr_t pd, vaddr_t va)
{
    (void)pd;
    (void)va;
}

void mm_fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    abort();
}

static paddr_t fr_alloc(void *ctx)
{
    (void)ctx;
    if (sp > 0)
        return paddr((uint64_t)stack[--sp] << PAGE_SHIFT);
    if (bump >= RAM_FRAMES)
        return paddr(0);
    return paddr((uint64_t)bump++ << PAGE_SHIFT);
}

static void fr_free(void *ctx, paddr_t pa)
{
    (void)ctx;
    stack[sp++] = (uint32_t)(paddr_val(pa) >> PAGE_SHIFT);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / NS_PER_S;
}

static vaddr_t V(uint32_t va)
{
    return vaddr_of((void *)(uintptr_t)va);
}

int main(int argc, char **argv)
{
    uint32_t single_ops = SINGLE_OPS, range_ops = RANGE_OPS;
    if (argc == 2 && strcmp(argv[1], "--quick") == 0) {
        single_ops /= QUICK_DIVISOR;
        range_ops /= QUICK_DIVISOR;
    } else if (argc != 1) {
        fprintf(stderr, "usage: %s [--quick]\n", argv[0]);
        return 2;
    }
    ram = calloc(1, RAM_BYTES);
    if (ram == NULL)
        return 1;
    struct vm_frames fr = { fr_alloc, fr_free, NULL };
    struct vm_space s;
    if (vm_space_init(&s, &fr) != VM_OK)
        return 1;

    /* Single pages: map then unmap at pseudo-random addresses (a table each time at worst). */
    uint32_t x = 1;
    double t0 = now();
    for (uint32_t i = 0; i < single_ops; i++) {
        x = x * 1664525u + 1013904223u;
        uint32_t va = VA_BASE + ((x >> 4) % (VA_SPAN >> PAGE_SHIFT)) * PAGE_SIZE;
        if (map_page(&s, V(va), paddr(0x1000), PTE_W, 0) != VM_OK ||
            unmap_range(&s, V(va), PAGE_SIZE) != 1)
            return 1;
    }
    double t1 = now();
    printf("vm: map_page + unmap_range (1 page, table allocated and freed each time): "
           "%.0f pairs/s\n", single_ops / (t1 - t0));

    /* 1 MiB ranges inside one table that stays (a page kept mapped at its start). */
    if (map_page(&s, V(VA_BASE), paddr(0x1000), 0, 0) != VM_OK)
        return 1;
    t0 = now();
    for (uint32_t i = 0; i < range_ops; i++) {
        uint32_t va = VA_BASE + PAGE_SIZE;
        if (map_range(&s, V(va), paddr(0x100000), RANGE_BYTES, PTE_W, 0) != VM_OK ||
            unmap_range(&s, V(va), RANGE_BYTES) != (long)(RANGE_BYTES / PAGE_SIZE))
            return 1;
    }
    t1 = now();
    double pages = (double)range_ops * (RANGE_BYTES / PAGE_SIZE);
    printf("vm: map_range + unmap_range of 1 MiB: %.0f pairs/s (%.1f M pages/s mapped+unmapped)\n",
           range_ops / (t1 - t0), pages / (t1 - t0) / 1e6);
    unmap_range(&s, V(VA_BASE), PAGE_SIZE);

    /* 1 GiB mapped with 4 KiB pages: how many table frames. */
    uint32_t before = s.tables;
    t0 = now();
    if (map_range(&s, V(VA_BASE), paddr(0), GIB, PTE_W | PTE_G, 0) != VM_OK)
        return 1;
    t1 = now();
    printf("vm: 1 GiB mapped with 4 KiB pages in %.1f ms: %u page-table frames (%u KiB) per GiB; "
           "with 4 MiB PDEs it would be 0 (256 PDEs)\n", (t1 - t0) * 1e3, s.tables - before,
           (s.tables - before) * (PAGE_SIZE >> 10));
    free(ram);
    return 0;
}
