/*
 * console.h: kernel text output, fanned out to every registered sink.
 *
 * Today the only sink is the COM1 serial port; a framebuffer console (a
 * later issue) registers itself with console_add_sink and gets the same
 * text. Formatting uses the shared kernel/lib/fmt.h formatter.
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stddef.h>

#define CONSOLE_MAX_SINKS 4u   /* serial, framebuffer, and room to spare */
#define CONSOLE_LINE_MAX  256u /* kprintf output longer than this is cut */
#define CONSOLE_CUT_MARK  "[...]\n"

/* A sink writes n bytes of text ("\n" line ends; the sink adapts them). */
typedef void (*console_sink_fn)(const char *s, size_t n);

/*
 * console_add_sink: send all later output to fn as well. Returns 0, or -1
 * when CONSOLE_MAX_SINKS sinks are already registered or fn is NULL.
 */
int console_add_sink(console_sink_fn fn);

#define CONSOLE_HISTORY_MAX 8192u /* early output kept for sinks that start late */

/*
 * console_add_sink_replay: console_add_sink, after first sending fn the
 * output so far (the first CONSOLE_HISTORY_MAX bytes of it; a later sink,
 * such as the framebuffer console, then shows the lines printed before it
 * started). Returns what console_add_sink returns.
 */
int console_add_sink_replay(console_sink_fn fn);

/* console_write: send n bytes to every sink. */
void console_write(const char *s, size_t n);

/* kputs: console_write of a NUL-terminated string (any length, nothing added). */
void kputs(const char *s);

/*
 * kprintf: format (fmt.h conversions) and send the result to every sink.
 * Output beyond CONSOLE_LINE_MAX - 1 characters is replaced by
 * CONSOLE_CUT_MARK; print long strings with kputs instead.
 * Returns the length of the full formatted text.
 */
size_t kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* KERNEL_CONSOLE_H */
