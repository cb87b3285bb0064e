/*
 * ktest.c: runs the tests KTEST() registered (see ktest.h).
 */
#include "ktest.h"

#include <stdarg.h>
#include <stdint.h>

#include "console.h"
#include "fmt.h"
#include "halt.h"
#include "x86.h"

extern const struct ktest _ktests_start[]; /* kernel.ld */
extern const struct ktest _ktests_end[];

int ktest_failf(char *why, size_t whycap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fmt_vformat(why, whycap, fmt, ap);
    va_end(ap);
    return KTEST_FAIL;
}

int ktest_skipf(char *why, size_t whycap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fmt_vformat(why, whycap, fmt, ap);
    va_end(ap);
    return KTEST_SKIP;
}

unsigned ktest_run_all(const struct ktest_env *env)
{
    unsigned passed = 0, failed = 0, skipped = 0;
    uintptr_t bytes = (uintptr_t)_ktests_end - (uintptr_t)_ktests_start;
    if (bytes % sizeof(struct ktest) != 0) {
        kprintf("FAILED ktest_table: test table is %u bytes, not a multiple of the %u-byte entry "
                "(check the .ktests sections in kernel.ld)\n",
                (unsigned)bytes, (unsigned)sizeof(struct ktest));
        failed++;
    }
    size_t count = bytes / sizeof(struct ktest);
    for (size_t i = 0; i < count; i++) {
        const struct ktest *t = &_ktests_start[i];
        char why[KTEST_WHY_MAX];
        why[0] = '\0';
        int r = t->fn(env, why, sizeof(why));
        if (r == KTEST_PASS) {
            kprintf("ok %s\n", t->name);
            passed++;
        } else if (r == KTEST_SKIP) {
            kprintf("skipped %s: %s\n", t->name, why);
            skipped++;
        } else {
            kprintf("FAILED %s: %s\n", t->name,
                    why[0] != '\0' ? why : "(no reason given)");
            failed++;
        }
    }
    if (skipped != 0)
        kprintf("ktest: %u skipped\n", skipped);
    kprintf("%u passed, %u failed\n", passed, failed);
    return failed;
}

void ktest_exit(unsigned failed)
{
    outl(ISA_DEBUG_EXIT_PORT, failed == 0 ? KTEST_EXIT_PASSED : KTEST_EXIT_FAILED);
    kprintf("ktest: writing to isa-debug-exit (port 0x%x) did not stop the machine; halting\n",
            ISA_DEBUG_EXIT_PORT);
    halt_forever();
}

int ktest_contains(const char *s, const char *needle)
{
    if (*needle == '\0')
        return 1;
    for (; *s != '\0'; s++) {
        const char *a = s, *b = needle;
        while (*b != '\0' && *a == *b)
            a++, b++;
        if (*b == '\0')
            return 1;
    }
    return 0;
}
