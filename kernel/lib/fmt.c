/*
 * fmt.c: freestanding printf-style formatting into a buffer (see fmt.h).
 */
#include "fmt.h"

#include <stdint.h>

#define FMT_MAX_DIGITS 24 /* 2^64 has 20 decimal digits, 16 hex */
#define FMT_DECIMAL    10u
#define FMT_HEX        16u

struct fmt_out {
    char *buf;
    size_t cap;
    size_t len; /* characters produced so far, even past cap */
};

static void put(struct fmt_out *o, char c)
{
    if (o->cap > 0 && o->len < o->cap - 1)
        o->buf[o->len] = c;
    o->len++;
}

static void put_uint(struct fmt_out *o, uint64_t v, unsigned base, int upper,
                     unsigned width, char pad, int negative)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[FMT_MAX_DIGITS];
    unsigned n = 0;
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v != 0);
    unsigned total = n + (negative ? 1u : 0u);
    if (negative && pad == '0')
        put(o, '-');
    while (total < width) {
        put(o, pad);
        total++;
    }
    if (negative && pad != '0')
        put(o, '-');
    while (n > 0)
        put(o, tmp[--n]);
}

size_t fmt_vformat(char *buf, size_t cap, const char *fmt, va_list ap)
{
    struct fmt_out o = { buf, cap, 0 };
    for (const char *p = fmt; *p != '\0'; p++) {
        if (*p != '%') {
            put(&o, *p);
            continue;
        }
        const char *start = p++;
        char pad = ' ';
        unsigned width = 0;
        int longs = 0;
        if (*p == '0') {
            pad = '0';
            p++;
        }
        while (*p >= '0' && *p <= '9')
            width = width * FMT_DECIMAL + (unsigned)(*p++ - '0');
        while (*p == 'l') {
            longs++;
            p++;
        }
        switch (*p) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (s == NULL)
                s = "(null)";
            size_t slen = 0;
            while (s[slen] != '\0')
                slen++;
            for (size_t k = slen; k < width; k++)
                put(&o, ' ');
            for (size_t k = 0; k < slen; k++)
                put(&o, s[k]);
            break;
        }
        case 'c':
            put(&o, (char)va_arg(ap, int));
            break;
        case 'd': {
            int64_t v = longs >= 2 ? va_arg(ap, long long)
                      : longs == 1 ? va_arg(ap, long)
                                   : va_arg(ap, int);
            uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
            put_uint(&o, mag, FMT_DECIMAL, 0, width, pad, v < 0);
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            uint64_t v = longs >= 2 ? va_arg(ap, unsigned long long)
                       : longs == 1 ? va_arg(ap, unsigned long)
                                    : va_arg(ap, unsigned int);
            put_uint(&o, v, *p == 'u' ? FMT_DECIMAL : FMT_HEX, *p == 'X', width, pad, 0);
            break;
        }
        case 'p':
            put(&o, '0');
            put(&o, 'x');
            put_uint(&o, (uint64_t)(uintptr_t)va_arg(ap, void *), FMT_HEX, 0, width, pad, 0);
            break;
        case '%':
            put(&o, '%');
            break;
        default: /* unknown or truncated conversion: copy it through */
            for (const char *q = start; q <= p && *q != '\0'; q++)
                put(&o, *q);
            if (*p == '\0')
                p--;
            break;
        }
    }
    if (cap > 0)
        buf[o.len < cap ? o.len : cap - 1] = '\0';
    return o.len;
}

size_t fmt_format(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t n = fmt_vformat(buf, cap, fmt, ap);
    va_end(ap);
    return n;
}
