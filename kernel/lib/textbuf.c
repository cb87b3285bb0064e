/*
 * textbuf.c: formatted appends to a fixed buffer (see textbuf.h).
 */
#include "textbuf.h"

#include "fmt.h"

void tb_init(struct textbuf *tb, char *buf, size_t cap)
{
    tb->buf = buf;
    tb->cap = cap;
    tb->len = 0;
    tb->overflow = cap == 0;
    if (cap > 0)
        buf[0] = '\0';
}

int tb_printf(struct textbuf *tb, const char *fmt, ...)
{
    if (tb->overflow)
        return -1;
    size_t room = tb->cap - tb->len; /* includes the NUL's byte */
    va_list ap;
    va_start(ap, fmt);
    size_t n = fmt_vformat(tb->buf + tb->len, room, fmt, ap);
    va_end(ap);
    if (n >= room) {
        tb->buf[tb->len] = '\0'; /* drop the partial piece */
        tb->overflow = 1;
        return -1;
    }
    tb->len += n;
    return 0;
}

int tb_putc(struct textbuf *tb, char c)
{
    if (tb->overflow || tb->cap - tb->len < 2) {
        tb->overflow = 1;
        return -1;
    }
    tb->buf[tb->len++] = c;
    tb->buf[tb->len] = '\0';
    return 0;
}
