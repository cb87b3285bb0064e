/*
 * textbuf.h: appending formatted text to a fixed buffer, with overflow
 * remembered instead of silently cut output. Shared by the loader (saved
 * memory maps) and the host tests; pure code.
 */
#ifndef LIB_TEXTBUF_H
#define LIB_TEXTBUF_H

#include <stdarg.h>
#include <stddef.h>

struct textbuf {
    char *buf;    /* always NUL-terminated when cap > 0 */
    size_t cap;   /* bytes of buf, including the NUL */
    size_t len;   /* characters written, excluding the NUL */
    int overflow; /* set once something did not fit; later appends do nothing */
};

/* tb_init: an empty text in buf (capacity cap). */
void tb_init(struct textbuf *tb, char *buf, size_t cap);

/*
 * tb_printf: append formatted text (fmt.h conversions). If it does not fit
 * whole, nothing of it is kept, overflow is set, and -1 is returned;
 * otherwise 0.
 */
int tb_printf(struct textbuf *tb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* tb_putc: append one character; 0, or -1 on overflow. */
int tb_putc(struct textbuf *tb, char c);

#endif /* LIB_TEXTBUF_H */
