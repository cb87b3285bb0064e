/*
 * kbench.h: in-kernel measurements that only run with `bench` on the
 * command line (make bench, docs/bench.md).
 */
#ifndef KERNEL_KBENCH_H
#define KERNEL_KBENCH_H

#include "pmm.h"

/*
 * kbench_pmm: with every frame of p free (right after mm_boot_init),
 * allocate all of them one at a time, then free them all, and print the
 * rdtsc cycles of each half as a `pmm-bench:` line. p ends as it began
 * (all frames free). When some frame is already in use it prints why it
 * did not run and changes nothing.
 */
void kbench_pmm(struct pmm *p);

#endif /* KERNEL_KBENCH_H */
