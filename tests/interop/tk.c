/*
 * tk.c: the test-kernel library of tests/interop (see tk.h): COM1 output,
 * the pass/fail counts, the machine-state checks both specifications share,
 * little-endian reads and the isa-debug-exit verdict. Deliberately
 * independent of kernel/: written from the PC's port I/O and the
 * Multiboot specifications only.
 */
#include "tk.h"

#include <stddef.h>

#define COM1           0x3F8u
#define COM1_LSR       (COM1 + 5u)
#define LSR_THR_EMPTY  0x20u
#define SPIN_LIMIT     100000u
#define DEBUG_EXIT     0xF4u
#define EXIT_PASSED    0x10u
#define EXIT_FAILED    0x11u
#define CR0_PE         0x00000001u
#define CR0_PG         0x80000000u
#define EFLAGS_IF      0x00000200u
#define EFLAGS_VM      0x00020000u
#define DATA_PATTERN   0x5AA5C33Cu
#define BSS_WORDS      64u

static const volatile uint32_t data_word = DATA_PATTERN; /* must arrive as written */
/* volatile: never written, so without it the compiler folds the reads to 0
 * and drops the array (the .bss check would check nothing). */
static volatile uint32_t bss_words[BSS_WORDS];           /* must arrive zeroed */
static unsigned passed, failed;
static const char *kernel_name = "tk";

/* outb, inb: this library's only port I/O, its own wrappers. */
static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}
static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

/* putc_serial: one byte to COM1, after a bounded wait for the transmitter. */
static void putc_serial(char c)
{
    for (unsigned i = 0; i < SPIN_LIMIT && !(inb(COM1_LSR) & LSR_THR_EMPTY); i++)
        ;
    outb(COM1, (uint8_t)c);
}

void tk_puts(const char *s)
{
    for (; *s; s++) {
        if (*s == '\n')
            putc_serial('\r');
        putc_serial(*s);
    }
}

/* put_hex: v as 0x and eight lowercase hex digits. */
static void put_hex(uint32_t v)
{
    tk_puts("0x");
    for (int shift = 28; shift >= 0; shift -= 4)
        putc_serial("0123456789abcdef"[(v >> shift) & 0xFu]);
}

void tk_put_dec(uint32_t v)
{
    char buf[12];
    int n = 0;
    do {
        buf[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v);
    while (n)
        putc_serial(buf[--n]);
}

void tk_begin(const char *name, const char *banner)
{
    kernel_name = name;
    tk_puts(name);
    tk_puts(": ");
    tk_puts(banner);
    tk_puts("\n");
}

int tk_check(int ok, const char *what, uint32_t detail)
{
    tk_puts(kernel_name);
    tk_puts(ok ? ": ok " : ": FAIL ");
    tk_puts(what);
    if (!ok) {
        tk_puts(": found ");
        put_hex(detail);
        failed++;
    } else {
        passed++;
    }
    tk_puts("\n");
    return ok;
}

void tk_check_machine(const struct tk_entry *e)
{
    tk_check((e->cr0 & CR0_PE) && !(e->cr0 & CR0_PG), "CR0.PE=1 CR0.PG=0", e->cr0);
    tk_check(!(e->eflags & (EFLAGS_IF | EFLAGS_VM)), "EFLAGS.IF=0 EFLAGS.VM=0", e->eflags);
    tk_check(data_word == DATA_PATTERN, ".data arrived as written", data_word);
    uint32_t dirty = 0;
    for (size_t i = 0; i < BSS_WORDS; i++)
        dirty |= bss_words[i];
    tk_check(dirty == 0, ".bss arrived zeroed", dirty);
}

uint32_t tk_rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

uint64_t tk_rd64(const uint8_t *p)
{
    return (uint64_t)tk_rd32(p) | (uint64_t)tk_rd32(p + 4) << 32;
}

const uint8_t *tk_ptr(uint32_t phys)
{
    return (const uint8_t *)(uintptr_t)phys;
}

void tk_finish(void)
{
    tk_puts(kernel_name);
    tk_puts(": ");
    tk_put_dec(passed);
    tk_puts(" passed, ");
    tk_put_dec(failed);
    tk_puts(" failed\n");
    outb(DEBUG_EXIT, failed ? EXIT_FAILED : EXIT_PASSED);
}
