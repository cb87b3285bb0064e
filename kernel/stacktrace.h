/*
 * stacktrace.h: walking EBP frames (the kernel is built with
 * -fno-omit-frame-pointer; entry.asm starts the chain with EBP = 0).
 */
#ifndef KERNEL_STACKTRACE_H
#define KERNEL_STACKTRACE_H

#include <stdint.h>

#define STACKTRACE_MAX_DEPTH 16u /* frames printed at most */

/*
 * stacktrace_print: print "  #i 0xADDR symbol+0xOFF" for each return
 * address found by following the frame chain from ebp. The walk is bounded:
 * it stops at EBP 0, at a frame pointer that does not increase, at one
 * outside the boot stack (or not 4-aligned), or after STACKTRACE_MAX_DEPTH
 * frames, and says why when it is not the normal end (EBP 0).
 */
void stacktrace_print(uint32_t ebp);

#endif /* KERNEL_STACKTRACE_H */
