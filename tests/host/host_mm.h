/*
 * host_mm.h: the mm/ hooks (mm_hooks.h) for the host tests: "physical
 * memory" backed by a malloc'ed buffer, and an mm_fatal a test can catch.
 */
#ifndef TESTS_HOST_HOST_MM_H
#define TESTS_HOST_HOST_MM_H

#include <setjmp.h>
#include <stdint.h>

#include "mm_hooks.h"

#define HOST_MM_MSG_MAX 256u

/* Set by expect_mm_fatal while its statement runs; mm_fatal longjmps here. */
extern jmp_buf *host_mm_catch;
/* The last mm_fatal message. */
extern char host_mm_fatal_msg[HOST_MM_MSG_MAX];

/* tlb_flush_page calls so far (the hook counts them; tests reset it). */
extern unsigned long host_tlb_flushes;

/* host_phys_init: back physical [base, base + size) with fresh memory (filled with 0x5a). */
void host_phys_init(uint64_t base, uint64_t size);

/* host_phys_release: free it. */
void host_phys_release(void);

/*
 * expect_mm_fatal: run stmt; the test fails unless it calls mm_fatal.
 * The message is left in host_mm_fatal_msg.
 */
#define expect_mm_fatal(stmt)                                                    \
    do {                                                                         \
        jmp_buf jb_;                                                             \
        host_mm_catch = &jb_;                                                    \
        if (setjmp(jb_) == 0) {                                                  \
            stmt;                                                                \
            host_mm_catch = NULL;                                                \
            fail_msg("expected mm_fatal from %s", #stmt);                        \
        }                                                                        \
        host_mm_catch = NULL;                                                    \
    } while (0)

#endif /* TESTS_HOST_HOST_MM_H */
