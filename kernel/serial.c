/*
 * serial.c: polled 16550 UART driver for COM1 (see serial.h).
 */
#include "serial.h"

#include <stdint.h>

#include "x86.h"

#define COM1_BASE 0x3F8u

/* Register offsets from the base port. */
#define UART_DATA 0u /* THR (write) / RBR (read); DLL when LCR.DLAB = 1 */
#define UART_IER  1u /* interrupt enable; DLM when LCR.DLAB = 1 */
#define UART_FCR  2u /* FIFO control (write) */
#define UART_LCR  3u /* line control */
#define UART_MCR  4u /* modem control */
#define UART_LSR  5u /* line status */
#define UART_DLL  0u
#define UART_DLM  1u

#define LCR_WORD_8BITS 0x03u /* 8 data bits; 1 stop bit and no parity are 0 */
#define LCR_DLAB       0x80u /* divisor latch access */

#define FCR_ENABLE    0x01u
#define FCR_CLEAR_RX  0x02u
#define FCR_CLEAR_TX  0x04u
#define FCR_TRIGGER14 0xC0u

#define MCR_DTR  0x01u
#define MCR_RTS  0x02u
#define MCR_OUT1 0x04u
#define MCR_OUT2 0x08u
#define MCR_LOOP 0x10u /* loopback: transmitted bytes come back on the receiver */

#define LSR_DATA_READY 0x01u
#define LSR_THR_EMPTY  0x20u
#define LSR_FLOATING   0xFFu /* what reading an absent device's port gives */

#define UART_BASE_BAUD   115200u /* 1.8432 MHz / 16 */
#define SERIAL_BAUD      115200u
#define SERIAL_DIVISOR   (UART_BASE_BAUD / SERIAL_BAUD)
#define BYTE_SHIFT       8u
#define BYTE_MASK        0xFFu

#define LOOPBACK_PATTERN 0xA5u
#define UART_FIFO_DEPTH  16u /* 16550A receive FIFO */
/* Polls of LSR before giving up; each inb is ~1 us on real hardware, so
 * this bounds a wait at a few tens of milliseconds. */
#define SERIAL_SPIN_LIMIT 100000u

static int present;

static void reg_write(unsigned reg, uint8_t v)
{
    outb((uint16_t)(COM1_BASE + reg), v);
}

static uint8_t reg_read(unsigned reg)
{
    return inb((uint16_t)(COM1_BASE + reg));
}

/* wait_lsr: spin until LSR has `bit`; 1 when it did, 0 on timeout. */
static int wait_lsr(uint8_t bit)
{
    for (uint32_t i = 0; i < SERIAL_SPIN_LIMIT; i++) {
        if (reg_read(UART_LSR) & bit)
            return 1;
    }
    return 0;
}

/* loopback_ok: does a byte sent with MCR.LOOP set come back? */
static int loopback_ok(void)
{
    reg_write(UART_MCR, MCR_LOOP | MCR_OUT1 | MCR_OUT2 | MCR_RTS);
    for (unsigned i = 0; i < UART_FIFO_DEPTH; i++) { /* drop stale input */
        if (!(reg_read(UART_LSR) & LSR_DATA_READY))
            break;
        (void)reg_read(UART_DATA);
    }
    reg_write(UART_DATA, LOOPBACK_PATTERN);
    if (!wait_lsr(LSR_DATA_READY))
        return 0;
    return reg_read(UART_DATA) == LOOPBACK_PATTERN;
}

int serial_init(void)
{
    present = 0;
    if (reg_read(UART_LSR) == LSR_FLOATING)
        return 0;
    reg_write(UART_IER, 0); /* polled: no interrupts */
    reg_write(UART_LCR, LCR_DLAB);
    reg_write(UART_DLL, (uint8_t)(SERIAL_DIVISOR & BYTE_MASK));
    reg_write(UART_DLM, (uint8_t)((SERIAL_DIVISOR >> BYTE_SHIFT) & BYTE_MASK));
    reg_write(UART_LCR, LCR_WORD_8BITS);
    reg_write(UART_FCR, FCR_ENABLE | FCR_CLEAR_RX | FCR_CLEAR_TX | FCR_TRIGGER14);
    if (!loopback_ok()) {
        reg_write(UART_MCR, 0);
        return 0;
    }
    reg_write(UART_MCR, MCR_DTR | MCR_RTS | MCR_OUT2); /* normal operation */
    present = 1;
    return 1;
}

int serial_present(void)
{
    return present;
}

static void put_byte(uint8_t c)
{
    if (!present)
        return;
    if (!wait_lsr(LSR_THR_EMPTY)) {
        present = 0; /* stuck transmitter: stop trying rather than hang */
        return;
    }
    reg_write(UART_DATA, c);
}

void serial_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n && present; i++) {
        if (s[i] == '\n')
            put_byte('\r');
        put_byte((uint8_t)s[i]);
    }
}
