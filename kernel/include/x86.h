/*
 * x86.h: every piece of i386 hardware access the kernel makes, as static
 * inline wrappers, and the architectural bits and numbers they need.
 *
 * This is the only C header with inline assembly. The numeric #defines are
 * also turned into NASM %defines (build/kernel/x86.inc, made by
 * tools/gen-nasm-inc.sh) so entry.asm uses the same names; keep them as
 * plain `#define NAME value` lines.
 */
#ifndef KERNEL_X86_H
#define KERNEL_X86_H

#include <stdint.h>

/* ---- CR0 ---------------------------------------------------------------- */
#define CR0_PE 0x00000001u /* protected mode enable */
#define CR0_MP 0x00000002u /* monitor coprocessor */
#define CR0_EM 0x00000004u /* x87 emulation */
#define CR0_TS 0x00000008u /* task switched */
#define CR0_ET 0x00000010u /* extension type (always 1 on i686) */
#define CR0_NE 0x00000020u /* numeric error reporting */
#define CR0_WP 0x00010000u /* supervisor write protect */
#define CR0_AM 0x00040000u /* alignment mask */
#define CR0_NW 0x20000000u /* not write-through */
#define CR0_CD 0x40000000u /* cache disable */
#define CR0_PG 0x80000000u /* paging enable */

/* ---- CR4 ---------------------------------------------------------------- */
#define CR4_VME        0x00000001u
#define CR4_PVI        0x00000002u
#define CR4_TSD        0x00000004u
#define CR4_DE         0x00000008u
#define CR4_PSE        0x00000010u /* 4 MiB pages in non-PAE paging */
#define CR4_PAE        0x00000020u
#define CR4_MCE        0x00000040u
#define CR4_PGE        0x00000080u
#define CR4_PCE        0x00000100u
#define CR4_OSFXSR     0x00000200u
#define CR4_OSXMMEXCPT 0x00000400u
#define CR4_PCIDE      0x00020000u
#define CR4_CET        0x00800000u

/* ---- EFLAGS ------------------------------------------------------------- */
#define EFLAGS_CF       0x00000001u
#define EFLAGS_RESERVED 0x00000002u /* bit 1 always reads as 1 */
#define EFLAGS_ZF       0x00000040u
#define EFLAGS_TF       0x00000100u
#define EFLAGS_IF       0x00000200u /* maskable interrupts enabled */
#define EFLAGS_DF       0x00000400u /* string ops count down */
#define EFLAGS_NT       0x00004000u
#define EFLAGS_VM       0x00020000u /* virtual-8086 mode */
#define EFLAGS_AC       0x00040000u
#define EFLAGS_ID       0x00200000u /* writable iff the CPU has CPUID */

/* ---- MSRs --------------------------------------------------------------- */
#define MSR_EFER      0xC0000080u
#define EFER_SCE      0x00000001u /* SYSCALL enable */
#define EFER_LME      0x00000100u /* long mode enable */
#define EFER_LMA      0x00000400u /* long mode active */
#define EFER_NXE      0x00000800u /* no-execute enable */

/* ---- CPUID -------------------------------------------------------------- */
#define CPUID_EXT_BASE        0x80000000u /* leaf: EAX = highest extended leaf */
#define CPUID_EXT_FEATURES    0x80000001u /* leaf: extended feature flags */
#define CPUID_EXT_EDX_NX      0x00100000u /* bit 20: no-execute (implies EFER) */
#define CPUID_EXT_EDX_LM      0x20000000u /* bit 29: long mode (implies EFER) */

#define CPUID_FEATURES        0x00000001u /* leaf: standard feature flags */
#define CPUID_EDX_PSE         0x00000008u /* bit 3: 4 MiB pages */
#define CPUID_EDX_PGE         0x00002000u /* bit 13: global pages */

/* ---- I/O ports ---------------------------------------------------------- */
#define IO_WAIT_PORT        0x80u /* POST code port: a write takes ~1 us */
#define ISA_DEBUG_EXIT_PORT 0xF4u /* QEMU isa-debug-exit (iobase=0xf4) */

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port) : "memory");
    return v;
}

static inline void outw(uint16_t port, uint16_t v)
{
    __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline uint16_t inw(uint16_t port)
{
    uint16_t v;
    __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port) : "memory");
    return v;
}

static inline void outl(uint16_t port, uint32_t v)
{
    __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline uint32_t inl(uint16_t port)
{
    uint32_t v;
    __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port) : "memory");
    return v;
}

/* io_wait: a short delay (one write to an unused port) for slow devices. */
static inline void io_wait(void)
{
    outb(IO_WAIT_PORT, 0);
}

static inline uint32_t read_cr0(void)
{
    uint32_t v;
    __asm__ volatile("mov %%cr0, %0" : "=r"(v));
    return v;
}

static inline void write_cr0(uint32_t v)
{
    __asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

static inline uint32_t read_cr2(void)
{
    uint32_t v;
    __asm__ volatile("mov %%cr2, %0" : "=r"(v));
    return v;
}

static inline uint32_t read_cr3(void)
{
    uint32_t v;
    __asm__ volatile("mov %%cr3, %0" : "=r"(v));
    return v;
}

static inline void write_cr3(uint32_t v)
{
    __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

/* invlpg: drop the TLB entry for the page holding va. */
static inline void invlpg(uintptr_t va)
{
    __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

/* rdtsc: the time-stamp counter (i586 and later). */
static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static inline uint32_t read_cr4(void)
{
    uint32_t v;
    __asm__ volatile("mov %%cr4, %0" : "=r"(v));
    return v;
}

static inline void write_cr4(uint32_t v)
{
    __asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static inline uint32_t read_eflags(void)
{
    uint32_t v;
    __asm__ volatile("pushfl; popl %0" : "=r"(v));
    return v;
}

/* rdmsr: only for MSRs the CPU has (check CPUID first), or it faults. */
static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
                     : "memory");
}

struct cpuid_regs {
    uint32_t eax, ebx, ecx, edx;
};

/* cpuid: run CPUID for leaf/subleaf (the CPU must have CPUID: i586 or later). */
static inline struct cpuid_regs cpuid(uint32_t leaf, uint32_t subleaf)
{
    struct cpuid_regs r;
    __asm__ volatile("cpuid" : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
                     : "a"(leaf), "c"(subleaf));
    return r;
}

static inline void cli(void)
{
    __asm__ volatile("cli" : : : "memory");
}

static inline void sti(void)
{
    __asm__ volatile("sti" : : : "memory");
}

/* ud2: raise #UD on purpose (the command line's "ud2" word: shows the exception report). */
static inline void ud2(void)
{
    __asm__ volatile("ud2" : : : "memory");
}

static inline void hlt(void)
{
    __asm__ volatile("hlt" : : : "memory");
}

/* ---- Descriptor tables and segment registers ---------------------------- */

/* The operand of LGDT/LIDT: limit (size - 1) and linear base. */
struct x86_table_ptr {
    uint16_t limit;
    uint32_t base;
} __attribute__((packed));

static inline void lgdt(const void *base, uint16_t limit)
{
    struct x86_table_ptr p = { limit, (uint32_t)(uintptr_t)base };
    __asm__ volatile("lgdt %0" : : "m"(p) : "memory");
}

static inline void lidt(const void *base, uint16_t limit)
{
    struct x86_table_ptr p = { limit, (uint32_t)(uintptr_t)base };
    __asm__ volatile("lidt %0" : : "m"(p) : "memory");
}

static inline struct x86_table_ptr sidt(void)
{
    struct x86_table_ptr p;
    __asm__ volatile("sidt %0" : "=m"(p));
    return p;
}

static inline void ltr(uint16_t sel)
{
    __asm__ volatile("ltr %0" : : "r"(sel) : "memory");
}

/* str: the task register's selector. */
static inline uint16_t str(void)
{
    uint16_t v;
    __asm__ volatile("str %0" : "=r"(v));
    return v;
}

/*
 * load_segments: reload CS with a far return (the far-jump equivalent that
 * takes a selector from a register) and DS, ES, FS, GS, SS with data_sel.
 */
static inline void load_segments(uint16_t code_sel, uint16_t data_sel)
{
    __asm__ volatile("pushl %0\n\t"
                     "pushl $1f\n\t"
                     "lret\n"
                     "1:\n\t"
                     "movw %w1, %%ds\n\t"
                     "movw %w1, %%es\n\t"
                     "movw %w1, %%fs\n\t"
                     "movw %w1, %%gs\n\t"
                     "movw %w1, %%ss"
                     : : "r"((uint32_t)code_sel), "r"((uint32_t)data_sel) : "memory");
}

static inline uint16_t read_cs(void)
{
    uint16_t v;
    __asm__ volatile("mov %%cs, %0" : "=r"(v));
    return v;
}

static inline uint16_t read_ds(void)
{
    uint16_t v;
    __asm__ volatile("mov %%ds, %0" : "=r"(v));
    return v;
}

static inline uint16_t read_ss(void)
{
    uint16_t v;
    __asm__ volatile("mov %%ss, %0" : "=r"(v));
    return v;
}

#endif /* KERNEL_X86_H */
