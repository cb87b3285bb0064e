/*
 * progs.h: the arguments the test programs understand, shared by user/
 * and the kernel's process tests (kernel/ktests_proc.c).
 */
#ifndef USER_PROGS_H
#define USER_PROGS_H

/* probe.elf: what to try; each should kill the process (exit status PROBE_SURVIVED if not). */
#define PROBE_READ_KERNEL   1u  /* read PROBE_KERNEL_ADDR: #PF, U=1 */
#define PROBE_WRITE_KERNEL  2u  /* write PROBE_KERNEL_ADDR: #PF, U=1, W=1 */
#define PROBE_CLI           3u  /* cli: #GP */
#define PROBE_HLT           4u  /* hlt: #GP */
#define PROBE_IN            5u  /* in from a port: #GP */
#define PROBE_OUT           6u  /* out to a port: #GP */
#define PROBE_LOAD_KSEL     7u  /* mov ds, kernel data selector: #GP */
#define PROBE_WRITE_TEXT    8u  /* write its own (read-only) text: #PF, P=1 W=1 U=1 */
#define PROBE_STACK_GUARD   9u  /* touch the guard page below the stack region: #PF */
#define PROBE_DEEP_STACK    10u /* use PROBE_DEEP_BYTES of stack (grows on demand): exit 0 */
#define PROBE_MODES         10u
#define PROBE_KERNEL_ADDR   0xC0100000u /* the kernel image */
#define PROBE_DEEP_BYTES    (512u * 1024u)
#define PROBE_SURVIVED      99  /* the exit status when the probe was not stopped */

/* sparse.elf: reserve SPARSE_RESERVE bytes with sbrk, touch SPARSE_TOUCHES pages spread over them. */
#define SPARSE_RESERVE      0x80000000u /* 2 GiB */
#define SPARSE_TOUCHES      64u

/* badptr.elf: exit status 0, or the number of the check that failed. */

/* same.elf: the argument is the value it keeps at a fixed address; SAME_ROUNDS yields. */
#define SAME_ROUNDS         16u

/* hog.elf: the argument is how many MiB to reserve and touch page by page. */

/* spin.elf: the argument is how many loop iterations to spin (0: exit at once). */

#endif /* USER_PROGS_H */
