/*
 * pic.c: see pic.h. Programming follows the 8259A datasheet: ICW1-ICW4,
 * then OCW1 (masks); OCW2 for end of interrupt, OCW3 to read the ISR.
 */
#include "pic.h"

#include "seg.h"
#include "x86.h"

#define PIC_MASTER_CMD  0x20u
#define PIC_MASTER_DATA 0x21u
#define PIC_SLAVE_CMD   0xA0u
#define PIC_SLAVE_DATA  0xA1u

#define ICW1_ICW4       0x01u /* ICW4 follows */
#define ICW1_INIT       0x10u
#define ICW3_MASTER_HAS_SLAVE (1u << PIC_IRQ_CASCADE)
#define ICW3_SLAVE_ID   PIC_IRQ_CASCADE
#define ICW4_8086       0x01u
#define OCW2_EOI        0x20u /* non-specific end of interrupt */
#define OCW3_READ_ISR   0x0Bu
#define PIC_LINES       8u    /* per controller */
#define ALL_MASKED      0xFFu

static pic_handler_fn handlers[IRQ_LINES];
static uint32_t spurious;

void pic_init(void)
{
    outb(PIC_MASTER_CMD, ICW1_INIT | ICW1_ICW4);
    io_wait();
    outb(PIC_SLAVE_CMD, ICW1_INIT | ICW1_ICW4);
    io_wait();
    outb(PIC_MASTER_DATA, IRQ_BASE);
    io_wait();
    outb(PIC_SLAVE_DATA, IRQ_BASE + PIC_LINES);
    io_wait();
    outb(PIC_MASTER_DATA, ICW3_MASTER_HAS_SLAVE);
    io_wait();
    outb(PIC_SLAVE_DATA, ICW3_SLAVE_ID);
    io_wait();
    outb(PIC_MASTER_DATA, ICW4_8086);
    io_wait();
    outb(PIC_SLAVE_DATA, ICW4_8086);
    io_wait();
    outb(PIC_MASTER_DATA, ALL_MASKED);
    outb(PIC_SLAVE_DATA, ALL_MASKED);
}

static void unmask(unsigned irq)
{
    uint16_t port = irq < PIC_LINES ? PIC_MASTER_DATA : PIC_SLAVE_DATA;
    outb(port, (uint8_t)(inb(port) & ~(1u << (irq % PIC_LINES))));
}

void pic_set_handler(unsigned irq, pic_handler_fn fn)
{
    if (irq >= IRQ_LINES)
        return;
    handlers[irq] = fn;
    unmask(irq);
    if (irq >= PIC_LINES)
        unmask(PIC_IRQ_CASCADE);
}

static uint8_t read_isr(uint16_t cmd_port)
{
    outb(cmd_port, OCW3_READ_ISR);
    return inb(cmd_port);
}

void pic_dispatch(unsigned irq)
{
    if (irq == PIC_IRQ_SPURIOUS_MASTER &&
        !(read_isr(PIC_MASTER_CMD) & (1u << PIC_IRQ_SPURIOUS_MASTER))) {
        spurious++;
        return; /* no EOI: nothing is in service */
    }
    if (irq == PIC_IRQ_SPURIOUS_SLAVE &&
        !(read_isr(PIC_SLAVE_CMD) & (1u << (PIC_IRQ_SPURIOUS_SLAVE - PIC_LINES)))) {
        spurious++;
        outb(PIC_MASTER_CMD, OCW2_EOI); /* the master did see the cascade line */
        return;
    }
    if (irq < IRQ_LINES && handlers[irq] != 0)
        handlers[irq]();
    if (irq >= PIC_LINES)
        outb(PIC_SLAVE_CMD, OCW2_EOI);
    outb(PIC_MASTER_CMD, OCW2_EOI);
}

uint32_t pic_spurious_count(void)
{
    return spurious;
}

uint16_t pic_masks(void)
{
    return (uint16_t)(inb(PIC_MASTER_DATA) | ((uint16_t)inb(PIC_SLAVE_DATA) << PIC_LINES));
}
