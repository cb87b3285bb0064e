/*
 * tk.h: the test-kernel library of tests/interop, shared by the kernels that
 * are not ours (foreign_*: Multiboot2, mb1_*: Multiboot1) and by nothing else.
 * It is deliberately independent of kernel/ (no include, no source, no
 * object from there): these kernels test our loader against the
 * specifications, not against our own kernel's reading of them.
 *
 * tk_entry.asm is the entry: it records EAX/EBX/CR0/EFLAGS, sets up a stack
 * and calls tk_main, which each test kernel defines. Output goes to COM1:
 * every check prints "NAME: ok WHAT" or "NAME: FAIL WHAT: found 0xX", and
 * tk_finish prints "NAME: N passed, N failed" and leaves QEMU through
 * isa-debug-exit (0x10 all passed, 0x11 otherwise).
 */
#ifndef TK_H
#define TK_H

#include <stdint.h>

/* The machine state at the first instruction, as tk_entry.asm stores it. */
struct tk_entry { uint32_t eax, ebx, cr0, eflags; };

/* tk_main: the test kernel's checks; called once by tk_entry.asm with the entry state. */
void tk_main(const struct tk_entry *e);

/* tk_begin: name the kernel (the prefix of every line) and print "NAME: BANNER". */
void tk_begin(const char *name, const char *banner);

/* tk_puts: write s to COM1, each '\n' as CR LF. */
void tk_puts(const char *s);

/* tk_put_dec: write v in decimal, no padding. */
void tk_put_dec(uint32_t v);

/* tk_check: count and report one condition; detail is a number shown on failure.
 * Returns ok. */
int tk_check(int ok, const char *what, uint32_t detail);

/* tk_check_machine: the checks both specifications share: CR0.PE=1 CR0.PG=0,
 * EFLAGS.IF=0 EFLAGS.VM=0, .data as written, .bss zeroed. */
void tk_check_machine(const struct tk_entry *e);

/* tk_rd32, tk_rd64: little-endian values at any alignment. */
uint32_t tk_rd32(const uint8_t *p);
uint64_t tk_rd64(const uint8_t *p);

/* tk_ptr: a physical address as a pointer (paging is off). */
const uint8_t *tk_ptr(uint32_t phys);

/* tk_finish: print "NAME: N passed, N failed" and exit QEMU with the verdict. */
void tk_finish(void);

#endif
