/*
 * ktests_entry.c: in-kernel tests of the machine state at entry (the
 * Multiboot2 i386 contract, DESIGN.md "Loader -> kernel").
 */
#include <stdint.h>

#include "ktest.h"
#include "layout.h"
#include "x86.h"

#define EBX_ALIGN        8u   /* the info structure is 8-byte aligned */
#define BSS_SENTINEL_LEN 64u

/* Never written: must still be zero when the tests run (the loader zeroed .bss). */
static volatile uint8_t bss_sentinel[BSS_SENTINEL_LEN];

static unsigned bit(uint32_t v, uint32_t mask)
{
    return (v & mask) != 0;
}

KTEST(entry_bss_zeroed)
{
    if (env->entry->bss_dirty != 0)
        return ktest_failf(why, whycap,
                           ".bss not zeroed by the loader: dword at 0x%08x was nonzero at entry "
                           "(.bss is 0x%08x-0x%08x)",
                           env->entry->bss_dirty, (unsigned)(uintptr_t)_bss_start,
                           (unsigned)(uintptr_t)_bss_end);
    for (unsigned i = 0; i < BSS_SENTINEL_LEN; i++) {
        if (bss_sentinel[i] != 0)
            return ktest_failf(why, whycap, "bss sentinel byte %u at %p is 0x%02x, expected 0", i,
                               (const void *)&bss_sentinel[i], bss_sentinel[i]);
    }
    return KTEST_PASS;
}

KTEST(entry_cr0)
{
    uint32_t cr0 = env->entry->cr0;
    if (!bit(cr0, CR0_PE) || bit(cr0, CR0_PG))
        return ktest_failf(why, whycap, "cr0=%08x has PE=%u PG=%u, expected PE=1 PG=0", cr0,
                           bit(cr0, CR0_PE), bit(cr0, CR0_PG));
    return KTEST_PASS;
}

KTEST(entry_ebx)
{
    uint32_t ebx = env->entry->ebx;
    if (ebx == 0 || ebx % EBX_ALIGN != 0)
        return ktest_failf(why, whycap, "ebx=%08x, expected a nonzero %u-byte aligned address",
                           ebx, EBX_ALIGN);
    return KTEST_PASS;
}

KTEST(entry_efer)
{
    const struct entry_state *e = env->entry;
    if (!(e->flags & ENTRY_HAS_EFER)) {
        if (e->efer_lo != 0 || e->efer_hi != 0)
            return ktest_failf(why, whycap, "no EFER on this CPU, yet efer=%08x%08x, expected 0",
                               e->efer_hi, e->efer_lo);
        return KTEST_PASS; /* nothing more to check on a CPU without EFER */
    }
    if (bit(e->efer_lo, EFER_LME) || bit(e->efer_lo, EFER_LMA))
        return ktest_failf(why, whycap, "efer=%08x has LME=%u LMA=%u, expected both 0 "
                           "(long mode left on)", e->efer_lo, bit(e->efer_lo, EFER_LME),
                           bit(e->efer_lo, EFER_LMA));
    return KTEST_PASS;
}

KTEST(entry_eflags)
{
    uint32_t fl = env->entry->eflags;
    if (bit(fl, EFLAGS_IF) || bit(fl, EFLAGS_VM))
        return ktest_failf(why, whycap, "eflags=%08x has IF=%u VM=%u, expected IF=0 VM=0", fl,
                           bit(fl, EFLAGS_IF), bit(fl, EFLAGS_VM));
    if (!bit(fl, EFLAGS_RESERVED))
        return ktest_failf(why, whycap, "eflags=%08x has reserved bit 1 clear: not a real "
                           "EFLAGS image", fl);
    return KTEST_PASS;
}

KTEST(entry_magic)
{
    if (env->entry->eax != MB2_BOOTLOADER_MAGIC)
        return ktest_failf(why, whycap, "eax=%08x, expected %08x", env->entry->eax,
                           MB2_BOOTLOADER_MAGIC);
    return KTEST_PASS;
}
