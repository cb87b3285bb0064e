/*
 * panic.h: stopping the kernel on a broken invariant.
 *
 *     panic("pmm: frame %08x freed twice", pa);
 *     assert(count <= max);
 *
 * Both print "panic: FILE:LINE: message" on every console, a stack trace
 * from the caller's EBP frames (kernel symbol names where known), and then
 * stop: with interrupts off and halted for good, or, in test mode
 * (panic_set_test_mode), by leaving QEMU through isa-debug-exit with the
 * failure code (KTEST_EXIT_FAILED, QEMU exits 35).
 */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

/*
 * panic_at: print file, line and the formatted message (fmt.h conversions),
 * the stack trace, and stop as described above. Never returns. A panic
 * while panicking prints one line and halts at once.
 */
__attribute__((noreturn, format(printf, 3, 4)))
void panic_at(const char *file, int line, const char *fmt, ...);

/* panic: panic_at with the caller's file and line. */
#define panic(...) panic_at(__FILE__, __LINE__, __VA_ARGS__)

/* assert: panic with the failed condition's text unless cond holds. */
#ifndef assert
#define assert(cond) \
    ((cond) ? (void)0 : panic_at(__FILE__, __LINE__, "assertion failed: %s", #cond))
#endif

/*
 * panic_set_test_mode: on != 0 makes panics (and unexpected exceptions)
 * end the QEMU run with the failure code instead of halting.
 */
void panic_set_test_mode(int on);

/* panic_test_mode: whether test mode is on. */
int panic_test_mode(void);

#endif /* KERNEL_PANIC_H */
