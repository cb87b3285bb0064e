/*
 * kmain.h: the C entry point, called by entry.asm on the boot stack.
 */
#ifndef KERNEL_KMAIN_H
#define KERNEL_KMAIN_H

#include "entry_state.h"

/*
 * kmain: bring up the console, report the entry state, check the
 * Multiboot2 magic, parse and report the information structure, print
 * "kernel: ready", then halt - or, with `test` on the command line, run the
 * in-kernel tests and leave QEMU through isa-debug-exit. A wrong magic or a
 * malformed information structure is reported and halts. Never returns.
 */
__attribute__((noreturn)) void kmain(const struct entry_state *st);

#endif /* KERNEL_KMAIN_H */
