/*
 * ktest.h: the in-kernel test runner.
 *
 * A test is defined anywhere in the kernel with
 *
 *     KTEST(entry_cr0)
 *     {
 *         if (bad)
 *             return ktest_failf(why, whycap, "cr0=%08x, expected ...", ...);
 *         return KTEST_PASS;
 *     }
 *
 * which places a struct ktest in section .ktests.entry_cr0; kernel.ld
 * collects those sections, sorted by name, between _ktests_start and
 * _ktests_end. Test bodies see `env` (the boot facts) and a buffer `why`
 * for the failure reason.
 *
 * Console protocol (docs/kernel.md): one line per test,
 *     ok NAME
 *     FAILED NAME: reason
 *     skipped NAME: reason      (KTEST_SKIP: the boot lacks what it needs)
 * then "ktest: N skipped" when any were, then a line of its own
 * "N passed, N failed", then a write to QEMU's
 * isa-debug-exit port: KTEST_EXIT_PASSED when nothing failed (QEMU exits
 * with status 33), KTEST_EXIT_FAILED otherwise (status 35).
 */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

#include <stddef.h>

#include "entry_state.h"
#include "mb2_info.h"

#define KTEST_PASS 0
#define KTEST_FAIL 1
#define KTEST_SKIP 2 /* cannot run in this boot (why says what is missing); counted apart */

/* isa-debug-exit: QEMU exits with status (value << 1) | 1. */
#define KTEST_EXIT_PASSED 0x10u /* -> 33 */
#define KTEST_EXIT_FAILED 0x11u /* -> 35 */

#define KTEST_WHY_MAX 192u /* room for a failure reason */

/* What the tests may look at. */
struct ktest_env {
    const struct entry_state *entry;   /* registers at the first instruction */
    const struct mb2_info_view *info;  /* NULL when the parse failed */
    const char *info_err;              /* the parser's message when it failed */
};

/* A test: KTEST_PASS, or KTEST_FAIL with a reason written into why. */
typedef int (*ktest_fn)(const struct ktest_env *env, char *why, size_t whycap);

struct ktest {
    const char *name;
    ktest_fn fn;
};

#define KTEST(tname)                                                              \
    static int ktest_body_##tname(const struct ktest_env *env, char *why,         \
                                  size_t whycap);                                 \
    static const struct ktest ktest_desc_##tname                                  \
        __attribute__((used, section(".ktests." #tname), aligned(4))) = {         \
            #tname, ktest_body_##tname};                                          \
    static int ktest_body_##tname(const struct ktest_env *env __attribute__((unused)), \
                                  char *why __attribute__((unused)),              \
                                  size_t whycap __attribute__((unused)))

/*
 * ktest_failf: format the failure reason into why (fmt.h conversions) and
 * return KTEST_FAIL, so a test can `return ktest_failf(...)`.
 */
int ktest_failf(char *why, size_t whycap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ktest_skipf: like ktest_failf, returning KTEST_SKIP. */
int ktest_skipf(char *why, size_t whycap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * ktest_run_all: run every registered test in name order, print a line for
 * each and then the "N passed, N failed" line. Returns the number that
 * failed (a broken test table counts as one failure).
 */
unsigned ktest_run_all(const struct ktest_env *env);

/* ktest_contains: 1 when s contains needle (an empty needle is everywhere), else 0. */
int ktest_contains(const char *s, const char *needle);

/*
 * ktest_exit: leave QEMU through isa-debug-exit with KTEST_EXIT_PASSED when
 * failed == 0, KTEST_EXIT_FAILED otherwise. Without that device (real
 * hardware) it says so on the console and halts. Never returns.
 */
__attribute__((noreturn)) void ktest_exit(unsigned failed);

#endif /* KERNEL_KTEST_H */
