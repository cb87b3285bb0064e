/*
 * ksyms.c: see ksyms.h.
 */
#include "ksyms.h"

#include <stddef.h>

extern char _text_start[]; /* kernel.ld */
extern char _text_end[];

const char *ksym_lookup(uint32_t addr, uint32_t *offset)
{
    *offset = 0;
    if (addr < (uint32_t)(uintptr_t)_text_start || addr >= (uint32_t)(uintptr_t)_text_end ||
        ksym_count == 0 || addr < ksym_table[0].addr)
        return NULL;
    /* Binary search: the last entry with entry.addr <= addr. */
    uint32_t lo = 0, hi = ksym_count; /* invariant: table[lo].addr <= addr, answer < hi */
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (ksym_table[mid].addr <= addr)
            lo = mid;
        else
            hi = mid;
    }
    *offset = addr - ksym_table[lo].addr;
    return ksym_table[lo].name;
}
