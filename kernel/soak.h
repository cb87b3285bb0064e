/*
 * soak.h: the long-run stress of the page-frame allocator, the page tables
 * and the kernel heap (`soak=SECONDS` on the command line, `make soak`;
 * docs/testing.md).
 */
#ifndef KERNEL_SOAK_H
#define KERNEL_SOAK_H

#include <stdint.h>

#define SOAK_KEY "soak" /* command-line key: soak=SECONDS */

/*
 * soak_run: for `seconds` seconds of PIT time, random operations chosen by
 * a fixed-seed generator: single frames and aligned runs allocated, tagged
 * and freed (the tags checked through a second, temporary mapping); pages
 * of the scratch window mapped to fresh frames, written, read back through
 * the direct or temporary mapping, unmapped; kmalloc blocks of random size
 * filled and checked before kfree. A progress line every
 * SOAK_REPORT_SECONDS; at the end everything is released and the PMM's free
 * count, the page-table count and the heap's live blocks must be back at
 * their starting values (the heap may keep frames it grew by: it never
 * shrinks, and those are counted). Needs interrupts on (the PIT tick), paging
 * and the heap. Prints `soak: passed ...` and returns 0, or
 * `soak: FAILED: ...` and returns 1. A fault during the run goes to the
 * exception report and panic as always.
 */
int soak_run(uint32_t seconds);

/* What soak_run_leaking leaks on purpose (for the in-kernel tests of the checks). */
enum soak_leak {
    SOAK_LEAK_NONE,
    SOAK_LEAK_FRAME, /* one frame from the PMM */
    SOAK_LEAK_HEAP,  /* one kmalloc block */
};

/*
 * soak_run_leaking: soak_run, but after everything is released it keeps
 * `leak` (one frame or one heap block) while the end checks run, so they
 * must fail; the leaked object is given back right after the verdict, so the
 * kernel is left as it was. Returns what soak_run returns (1 expected for a
 * leak, reported as `soak: the deliberate leak was caught: ...`; 0 for
 * SOAK_LEAK_NONE on a healthy kernel). soak_failure() then says
 * why.
 */
int soak_run_leaking(uint32_t seconds, enum soak_leak leak);

/* soak_failure: the last run's failure message ("" after a pass). */
const char *soak_failure(void);

#endif /* KERNEL_SOAK_H */
