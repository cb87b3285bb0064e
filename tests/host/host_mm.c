/*
 * host_mm.c: the mm/ hooks for the host tests (see host_mm.h).
 */
#include "host_mm.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define HOST_PHYS_FILL 0x5a

jmp_buf *host_mm_catch;
char host_mm_fatal_msg[HOST_MM_MSG_MAX];

static uint8_t *phys_buf;
static uint64_t phys_base, phys_size;

void host_phys_init(uint64_t base, uint64_t size)
{
    host_phys_release();
    phys_buf = malloc((size_t)size);
    if (phys_buf == NULL)
        fail_msg("host_phys_init: cannot allocate %llu bytes", (unsigned long long)size);
    memset(phys_buf, HOST_PHYS_FILL, (size_t)size);
    phys_base = base;
    phys_size = size;
}

void host_phys_release(void)
{
    free(phys_buf);
    phys_buf = NULL;
    phys_size = 0;
}

void *phys_to_ptr(paddr_t pa)
{
    uint64_t a = paddr_val(pa);
    if (phys_buf == NULL || a < phys_base || a - phys_base > phys_size - PAGE_SIZE ||
        phys_size < PAGE_SIZE)
        fail_msg("phys_to_ptr(0x%llx): outside the fake physical memory 0x%llx-0x%llx",
                 (unsigned long long)a, (unsigned long long)phys_base,
                 (unsigned long long)(phys_base + phys_size));
    return phys_buf + (a - phys_base);
}

unsigned long host_tlb_flushes;

void tlb_flush_page(paddr_t pd, vaddr_t va)
{
    (void)pd;
    (void)va;
    host_tlb_flushes++;
}

void mm_fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(host_mm_fatal_msg, sizeof(host_mm_fatal_msg), fmt, ap);
    va_end(ap);
    if (host_mm_catch != NULL)
        longjmp(*host_mm_catch, 1);
    fail_msg("unexpected mm_fatal: %s", host_mm_fatal_msg);
    abort();
}
