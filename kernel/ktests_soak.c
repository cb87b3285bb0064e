/*
 * ktests_soak.c: in-kernel tests that the soak's end checks (kernel/soak.c,
 * `make soak`) catch a leak: a short run that keeps one frame, or one heap
 * block, past its release must fail and say which; a clean short run passes.
 */
#include "console.h"
#include "kheap.h"
#include "ktest.h"
#include "kvm.h"
#include "mm_boot.h"
#include "pmm.h"
#include "soak.h"

#define SOAK_TEST_SECONDS 0u /* one batch of operations, then the end checks */

/* leak_caught: a run leaking `what` fails with a message containing `expect`; nothing stays leaked. */
static int leak_caught(enum soak_leak what, const char *expect, char *why, size_t whycap)
{
    struct pmm *p = mm_boot_pmm();
    if (p == NULL)
        return ktest_failf(why, whycap, "no page-frame allocator yet");
    uint64_t free0 = pmm_free_count(p);
    struct kheap_stats h0 = kheap_stats();
    uint32_t tables0 = kvm_space()->tables;
    kprintf("ktest: the next soak run keeps a %s on purpose; its end checks must fail\n",
            what == SOAK_LEAK_FRAME ? "frame" : "heap block");
    if (soak_run_leaking(SOAK_TEST_SECONDS, what) == 0)
        return ktest_failf(why, whycap, "the soak passed although it kept a %s",
                           what == SOAK_LEAK_FRAME ? "frame" : "heap block");
    if (!ktest_contains(soak_failure(), expect))
        return ktest_failf(why, whycap, "the soak failed for another reason: %s", soak_failure());
    /* Given back: only what the heap grew by (frames and page tables it keeps) is gone. */
    struct kheap_stats h1 = kheap_stats();
    uint64_t kept = (uint64_t)(h1.frames - h0.frames) + (kvm_space()->tables - tables0);
    if (pmm_free_count(p) + kept != free0)
        return ktest_failf(why, whycap, "free frames %llu + %llu kept by the heap, %llu before: "
                           "the leaked frame was not given back",
                           (unsigned long long)pmm_free_count(p), (unsigned long long)kept,
                           (unsigned long long)free0);
    if (h1.live != h0.live)
        return ktest_failf(why, whycap, "%u heap blocks live, %u before: the leaked block was "
                           "not given back", h1.live, h0.live);
    return KTEST_PASS;
}

KTEST(soak_catches_a_leaked_frame)
{
    (void)env;
    return leak_caught(SOAK_LEAK_FRAME, "free frames", why, whycap);
}

KTEST(soak_catches_a_leaked_heap_block)
{
    (void)env;
    return leak_caught(SOAK_LEAK_HEAP, "kmalloc leak", why, whycap);
}

KTEST(soak_short_run_passes)
{
    (void)env;
    if (soak_run(SOAK_TEST_SECONDS) != 0)
        return ktest_failf(why, whycap, "a clean soak run failed: %s", soak_failure());
    return KTEST_PASS;
}
