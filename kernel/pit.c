/*
 * pit.c: see pit.h.
 */
#include "pit.h"

#include "pic.h"
#include "x86.h"

#define PIT_CH0_DATA 0x40u
#define PIT_CMD      0x43u
/* Command: channel 0, access lobyte/hibyte, mode 2 (rate generator), binary. */
#define PIT_CMD_CH0_RATE 0x34u
#define BYTE_MASK    0xFFu
#define BYTE_BITS    8u
#define PIT_DIVISOR  ((PIT_INPUT_HZ + PIT_TICK_HZ / 2) / PIT_TICK_HZ)

_Static_assert(PIT_DIVISOR > 1 && PIT_DIVISOR <= 0xFFFF, "PIT divisor must fit 16 bits");

static volatile uint32_t ticks;

static void pit_tick(void)
{
    ticks++;
}

void pit_init(void)
{
    outb(PIT_CMD, PIT_CMD_CH0_RATE);
    outb(PIT_CH0_DATA, PIT_DIVISOR & BYTE_MASK);
    outb(PIT_CH0_DATA, (PIT_DIVISOR >> BYTE_BITS) & BYTE_MASK);
    pic_set_handler(PIC_IRQ_TIMER, pit_tick);
}

uint32_t pit_ticks(void)
{
    return ticks;
}
