/*
 * stacktrace.c: see stacktrace.h.
 */
#include "stacktrace.h"

#include "console.h"
#include "ksyms.h"
#include "layout.h"

#define FRAME_ALIGN   4u /* frame pointers are dword aligned */
#define FRAME_WORDS   2u /* saved EBP, return address */

/* frame_ok: [ebp, ebp + 8) lies inside the boot stack and ebp is aligned. */
static int frame_ok(uint32_t ebp)
{
    uint32_t lo = (uint32_t)(uintptr_t)boot_stack_bottom;
    uint32_t hi = (uint32_t)(uintptr_t)boot_stack_top;
    return ebp % FRAME_ALIGN == 0 && ebp >= lo && ebp <= hi - FRAME_WORDS * sizeof(uint32_t);
}

void stacktrace_print(uint32_t ebp)
{
    kputs("stack trace:\n");
    for (unsigned depth = 0;; depth++) {
        if (ebp == 0)
            return;
        if (depth == STACKTRACE_MAX_DEPTH) {
            kprintf("  (stopped after %u frames)\n", STACKTRACE_MAX_DEPTH);
            return;
        }
        if (!frame_ok(ebp)) {
            kprintf("  (frame pointer %08x is outside the boot stack %08x-%08x)\n", ebp,
                    (unsigned)(uintptr_t)boot_stack_bottom, (unsigned)(uintptr_t)boot_stack_top);
            return;
        }
        const uint32_t *frame = (const uint32_t *)(uintptr_t)ebp;
        uint32_t next = frame[0], ret = frame[1], off;
        const char *name = ksym_lookup(ret, &off);
        if (name != NULL)
            kprintf("  #%u 0x%08x %s+0x%x\n", depth, ret, name, off);
        else
            kprintf("  #%u 0x%08x ?\n", depth, ret);
        if (next != 0 && next <= ebp) {
            kprintf("  (next frame pointer %08x does not increase)\n", next);
            return;
        }
        ebp = next;
    }
}
