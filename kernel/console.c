/*
 * console.c: fan-out of kernel text to the registered sinks (see console.h).
 */
#include "console.h"

#include <stdarg.h>

#include "fmt.h"

static console_sink_fn sinks[CONSOLE_MAX_SINKS];
static unsigned nsinks;
static char history[CONSOLE_HISTORY_MAX];
static size_t history_len;

int console_add_sink(console_sink_fn fn)
{
    if (fn == NULL || nsinks >= CONSOLE_MAX_SINKS)
        return -1;
    sinks[nsinks++] = fn;
    return 0;
}

int console_add_sink_replay(console_sink_fn fn)
{
    if (fn == NULL || nsinks >= CONSOLE_MAX_SINKS)
        return -1;
    fn(history, history_len);
    return console_add_sink(fn);
}

void console_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n && history_len < sizeof(history); i++)
        history[history_len++] = s[i];
    for (unsigned i = 0; i < nsinks; i++)
        sinks[i](s, n);
}

static size_t cstrlen(const char *s)
{
    size_t n = 0;
    while (s[n] != '\0')
        n++;
    return n;
}

void kputs(const char *s)
{
    console_write(s, cstrlen(s));
}

size_t kprintf(const char *fmt, ...)
{
    char buf[CONSOLE_LINE_MAX];
    va_list ap;
    va_start(ap, fmt);
    size_t n = fmt_vformat(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n < sizeof(buf)) {
        console_write(buf, n);
    } else {
        console_write(buf, sizeof(buf) - 1);
        kputs(CONSOLE_CUT_MARK);
    }
    return n;
}
