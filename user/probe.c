/*
 * probe.c: tries one thing a user program must not do (progs.h PROBE_*);
 * the kernel should kill it. Returns PROBE_SURVIVED when it was not stopped.
 */
#include "paging.h"
#include "progs.h"
#include "ulib.h"

#define KERNEL_DATA_SEL 0x10u  /* the kernel's data selector (DPL 0) */
#define SOME_PORT       0x80u  /* the POST diagnostic port */
#define DEEP_FRAME      1024u  /* bytes of stack per recursion step */
#define TEXT_MARK       0x90u

static volatile uint32_t sink;

/* deep: recurse until n bytes of stack are in use; returns a checksum. */
static uint32_t deep(uint32_t n)
{
    volatile uint8_t frame[DEEP_FRAME];
    frame[0] = (uint8_t)n;
    frame[DEEP_FRAME - 1u] = (uint8_t)(n >> 8);
    if (n <= DEEP_FRAME)
        return frame[0];
    return deep(n - DEEP_FRAME) + frame[0] + frame[DEEP_FRAME - 1u];
}

int main(uint32_t mode)
{
    switch (mode) {
    case PROBE_READ_KERNEL:
        sink = *(volatile uint32_t *)PROBE_KERNEL_ADDR;
        break;
    case PROBE_WRITE_KERNEL:
        *(volatile uint32_t *)PROBE_KERNEL_ADDR = 0;
        break;
    case PROBE_CLI:
        __asm__ volatile("cli");
        break;
    case PROBE_HLT:
        __asm__ volatile("hlt");
        break;
    case PROBE_IN: {
        uint8_t v;
        __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"((uint16_t)SOME_PORT));
        sink = v;
        break;
    }
    case PROBE_OUT:
        __asm__ volatile("outb %0, %1" : : "a"((uint8_t)0), "Nd"((uint16_t)SOME_PORT));
        break;
    case PROBE_LOAD_KSEL:
        __asm__ volatile("movw %0, %%ds" : : "r"((uint16_t)KERNEL_DATA_SEL));
        break;
    case PROBE_WRITE_TEXT:
        *(volatile uint8_t *)(uintptr_t)&main = TEXT_MARK;
        break;
    case PROBE_STACK_GUARD: {
        sink = *(volatile uint32_t *)USER_HEAP_LIMIT; /* the guard page below the stack */
        break;
    }
    case PROBE_DEEP_STACK:
        sink = deep(PROBE_DEEP_BYTES);
        return 0;
    default:
        return PROBE_SURVIVED + 1;
    }
    return PROBE_SURVIVED;
}
