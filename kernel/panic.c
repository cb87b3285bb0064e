/*
 * panic.c: see panic.h.
 */
#include "panic.h"

#include <stdarg.h>

#include "console.h"
#include "fmt.h"
#include "halt.h"
#include "ktest.h"
#include "stacktrace.h"
#include "x86.h"

#define PANIC_MSG_MAX 192u

static int test_mode;
static int panicking;

void panic_set_test_mode(int on)
{
    test_mode = on;
}

int panic_test_mode(void)
{
    return test_mode;
}

void panic_at(const char *file, int line, const char *fmt, ...)
{
    cli();
    if (panicking) {
        kputs("panic: nested panic; halting\n");
        halt_forever();
    }
    panicking = 1;

    char msg[PANIC_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    fmt_vformat(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    kprintf("panic: %s:%d: %s\n", file, line, msg);
    stacktrace_print((uint32_t)(uintptr_t)__builtin_frame_address(0));
    if (test_mode) {
        kputs("panic: test mode, leaving QEMU with the failure code\n");
        ktest_exit(1);
    }
    kputs("panic: halted\n");
    halt_forever();
}
