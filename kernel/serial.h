/*
 * serial.h: the COM1 serial port (16550 UART), 115200 baud, 8N1, polled.
 *
 * Output only. A machine without a UART at COM1 is detected at init and all
 * output is then dropped silently; a UART that stops draining its transmit
 * register is given up on after a bounded wait, so the kernel never hangs
 * on the console.
 */
#ifndef KERNEL_SERIAL_H
#define KERNEL_SERIAL_H

#include <stddef.h>

/*
 * serial_init: program COM1 for 115200 8N1 with FIFOs, after checking that
 * a UART answers (loopback test). Returns 1 when the port is usable, 0 when
 * no UART was found (later writes are then no-ops). Safe to call again.
 */
int serial_init(void);

/* serial_present: 1 when serial_init found a working UART and it has not timed out since. */
int serial_present(void);

/*
 * serial_write: send n bytes, turning each "\n" into "\r\n". Waits at most
 * a bounded time per byte; on a timeout the port is marked absent and the
 * rest is dropped. No-op when there is no UART.
 */
void serial_write(const char *s, size_t n);

#endif /* KERNEL_SERIAL_H */
