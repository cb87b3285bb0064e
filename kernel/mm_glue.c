/*
 * mm_glue.c: mm_fatal and phys_to_ptr for the kernel (see mm_glue.h).
 */
#include "mm_glue.h"

#include <stdarg.h>
#include <stdint.h>

#include "fmt.h"
#include "panic.h"

#define MM_FATAL_MSG_MAX 160u
#define JMPBUF_WORDS     5u /* what __builtin_setjmp needs */

static char fatal_msg[MM_FATAL_MSG_MAX];
static void *catch_buf[JMPBUF_WORDS];
static int catching;

void mm_fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fmt_vformat(fatal_msg, sizeof(fatal_msg), fmt, ap);
    va_end(ap);
    if (catching) {
        catching = 0;
        __builtin_longjmp(catch_buf, 1);
    }
    panic("%s", fatal_msg);
}

void *phys_to_ptr(paddr_t pa)
{
    return kphys_window(pa, PAGE_SIZE);
}

void *kphys_window(paddr_t pa, size_t bytes)
{
    uint64_t a = paddr_val(pa);
    if (a >= ADDR_4G || bytes > ADDR_4G - a)
        panic("phys window 0x%llx + %lu bytes is not below 4 GiB", (unsigned long long)a,
              (unsigned long)bytes);
    return (void *)(uintptr_t)a;
}

/* copy_msg: the last fatal message into msg. */
static void copy_msg(char *msg, size_t cap)
{
    fmt_format(msg, cap, "%s", fatal_msg);
}

int mm_fatal_try(void (*fn)(void *), void *arg, char *msg, size_t cap)
{
    if (__builtin_setjmp(catch_buf) == 0) {
        catching = 1;
        fn(arg);
        catching = 0;
        return 0;
    }
    copy_msg(msg, cap);
    return 1;
}
