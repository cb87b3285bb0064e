/*
 * fmt.h: a small freestanding formatter shared by the loader, the kernel
 * and the host tests (so error messages read the same everywhere).
 *
 * Conversions: %s %c %d %u %x %X %p %% with optional '0' flag and width,
 * and the length modifiers l and ll (e.g. %llx, %lu). %p prints 0x and the
 * value in hex. Unknown conversions are copied through literally.
 */
#ifndef LIB_FMT_H
#define LIB_FMT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * fmt_vformat: format into buf (capacity cap, including the NUL).
 * Always NUL-terminates when cap > 0; truncates silently.
 * Returns the number of characters the full output would need (like
 * vsnprintf), so a return value >= cap means it was cut.
 */
size_t fmt_vformat(char *buf, size_t cap, const char *fmt, va_list ap);

/* fmt_format: fmt_vformat with variadic arguments. */
size_t fmt_format(char *buf, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif /* LIB_FMT_H */
