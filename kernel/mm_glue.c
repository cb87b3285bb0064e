/*
 * mm_glue.c: mm_fatal and phys_to_ptr for the kernel (see mm_glue.h).
 */
#include "mm_glue.h"

#include <stdarg.h>
#include <stdint.h>

#include "fmt.h"
#include "paging.h"
#include "panic.h"
#include "x86.h"

extern uint32_t temp_pt[PT_ENTRIES]; /* entry.asm: the temporary-slot page table */

#define MM_FATAL_MSG_MAX 160u
#define JMPBUF_WORDS     5u /* what __builtin_setjmp needs */

static char fatal_msg[MM_FATAL_MSG_MAX];
static void *catch_buf[JMPBUF_WORDS];
static int catching;

void mm_fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fmt_vformat(fatal_msg, sizeof(fatal_msg), fmt, ap);
    va_end(ap);
    if (catching) {
        catching = 0;
        __builtin_longjmp(catch_buf, 1);
    }
    panic("%s", fatal_msg);
}

/*
 * phys_to_ptr: frames in the direct map are at KERNEL_VBASE + pa (both
 * page directories map it); any other frame below 4 GiB gets the next
 * slot of a ring of TEMP_SLOTS temporary mappings in temp_pt (which both
 * directories share), so a pointer stays valid for TEMP_SLOTS - 1 further
 * calls. mm/ holds at most three at once (pmm.c's unlink, vm.c's walks).
 */
void *phys_to_ptr(paddr_t pa)
{
    uint64_t a = paddr_val(pa);
    if (a >= ADDR_4G)
        panic("phys_to_ptr(0x%llx): not below 4 GiB", (unsigned long long)a);
    if (a + PAGE_SIZE <= DIRECT_MAP_SIZE)
        return (void *)(uintptr_t)(KERNEL_VBASE + (uint32_t)a);
    return kphys_temp(pa);
}

void *kphys_temp(paddr_t pa)
{
    uint64_t a = paddr_val(pa);
    if (a >= ADDR_4G)
        panic("kphys_temp(0x%llx): not below 4 GiB", (unsigned long long)a);
    static uint32_t next;
    uint32_t slot = next++ % TEMP_SLOTS;
    uint32_t va = TEMP_VBASE + slot * PAGE_SIZE;
    temp_pt[slot] = (uint32_t)page_down(a) | PTE_P | PTE_W;
    invlpg(va);
    return (void *)(uintptr_t)(va + (uint32_t)(a & PAGE_MASK));
}

void *kphys_window(paddr_t pa, size_t bytes)
{
    uint64_t a = paddr_val(pa);
    if (a >= DIRECT_MAP_SIZE || bytes > DIRECT_MAP_SIZE - a)
        panic("phys window 0x%llx + %lu bytes is not inside the direct map (below 0x%x)",
              (unsigned long long)a, (unsigned long)bytes, DIRECT_MAP_SIZE);
    return (void *)(uintptr_t)(KERNEL_VBASE + (uint32_t)a);
}

void tlb_flush_page(paddr_t pd, vaddr_t va)
{
    if (paddr_val(pd) == read_cr3())
        invlpg(va.va);
}

/* copy_msg: the last fatal message into msg. */
static void copy_msg(char *msg, size_t cap)
{
    fmt_format(msg, cap, "%s", fatal_msg);
}

int mm_fatal_try(void (*fn)(void *), void *arg, char *msg, size_t cap)
{
    if (__builtin_setjmp(catch_buf) == 0) {
        catching = 1;
        fn(arg);
        catching = 0;
        return 0;
    }
    copy_msg(msg, cap);
    return 1;
}
