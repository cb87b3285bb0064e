/*
 * seg.h: segment selectors, descriptor bits and the TSS layout - the
 * kernel's GDT and IDT in numbers. Plain `#define NAME value` lines, so
 * tools/gen-nasm-inc.sh turns them into build/kernel/inc/seg.inc for NASM.
 * Pure numbers and structs: also used by the host tests.
 */
#ifndef KERNEL_SEG_H
#define KERNEL_SEG_H

#include <stdint.h>

/* ---- GDT slots and selectors (selector = slot * 8 | RPL) ----------------- */
#define GDT_NULL_SLOT     0u
#define GDT_KCODE_SLOT    1u
#define GDT_KDATA_SLOT    2u
#define GDT_UCODE_SLOT    3u
#define GDT_UDATA_SLOT    4u
#define GDT_TSS_SLOT      5u /* the kernel's task (esp0/ss0 for ring 3 -> ring 0) */
#define GDT_DF_TSS_SLOT   6u /* the double-fault task */
#define GDT_SLOTS         7u

#define SEL_RPL_MASK      0x3u
#define SEL_TI            0x4u /* table indicator: 1 = LDT */
#define SEL_INDEX_SHIFT   3u
#define RPL_KERNEL        0u
#define RPL_USER          3u

#define SEL_KCODE   0x08u /* GDT_KCODE_SLOT << 3 */
#define SEL_KDATA   0x10u
#define SEL_UCODE   0x1Bu /* GDT_UCODE_SLOT << 3 | RPL_USER */
#define SEL_UDATA   0x23u
#define SEL_TSS     0x28u
#define SEL_DF_TSS  0x30u

/* ---- Segment descriptor access byte -------------------------------------- */
#define DESC_ACC_ACCESSED  0x01u
#define DESC_ACC_RW        0x02u /* code: readable; data: writable */
#define DESC_ACC_DC        0x04u /* code: conforming; data: expand-down */
#define DESC_ACC_EXEC      0x08u /* code segment */
#define DESC_ACC_S         0x10u /* 1 = code/data, 0 = system */
#define DESC_ACC_DPL_SHIFT 5u
#define DESC_ACC_DPL0      0x00u
#define DESC_ACC_DPL3      0x60u
#define DESC_ACC_PRESENT   0x80u
#define DESC_SYS_TSS32     0x09u /* available 32-bit TSS */
#define DESC_SYS_TSS32_BUSY 0x0Bu
#define DESC_TSS_BUSY_BIT  0x02u /* type bit that marks a TSS busy */

/* ---- Segment descriptor flags (high nibble of byte 6) -------------------- */
#define DESC_FLAG_AVL   0x1u
#define DESC_FLAG_L     0x2u /* 64-bit code (not used here) */
#define DESC_FLAG_DB    0x4u /* 32-bit default operand size */
#define DESC_FLAG_G     0x8u /* limit counts 4 KiB units */
#define DESC_LIMIT_MAX  0xFFFFFu /* 20-bit limit */
#define DESC_FLAT_LIMIT 0xFFFFFu /* with G: 4 GiB */

/* ---- Gates (IDT) ---------------------------------------------------------- */
#define GATE_TASK       0x05u
#define GATE_INT32      0x0Eu /* interrupt gate: clears IF */
#define GATE_TRAP32     0x0Fu
#define GATE_PRESENT    0x80u
#define GATE_DPL0       0x00u
#define GATE_DPL3       0x60u

/* ---- Vectors -------------------------------------------------------------- */
#define EXC_VECTORS     32u   /* 0-31: CPU exceptions */
#define IRQ_BASE        0x20u /* PIC IRQ 0-15 -> vectors 0x20-0x2F */
#define IRQ_LINES       16u
#define IDT_VECTORS     48u   /* exceptions and the 16 PIC lines: one stub each */
#define IDT_SIZE        256u  /* gates in the table (the rest not present, but the system call's) */

/* ---- Exception vectors and error codes ----------------------------------- */
#define EXC_DE  0u  /* divide error */
#define EXC_DB  1u
#define EXC_NMI 2u
#define EXC_BP  3u
#define EXC_UD  6u  /* invalid opcode */
#define EXC_DF  8u  /* double fault (error code 0) */
#define EXC_TS  10u /* invalid TSS (selector) */
#define EXC_NP  11u /* segment not present (selector) */
#define EXC_SS  12u /* stack fault (selector) */
#define EXC_GP  13u /* general protection (selector or 0) */
#define EXC_PF  14u /* page fault (P/W/U/RSVD/I bits, CR2) */
#define EXC_AC  17u
/* Vectors for which the CPU pushes an error code: 8, 10-14, 17, 21, 29, 30. */
#define EXC_ERRCODE_MASK 0x60227D00u

#define PF_ERR_P    0x01u /* 1: protection violation, 0: page not present */
#define PF_ERR_W    0x02u /* write access */
#define PF_ERR_U    0x04u /* from ring 3 */
#define PF_ERR_RSVD 0x08u /* reserved bit set in a paging entry */
#define PF_ERR_I    0x10u /* instruction fetch */

#define SELERR_EXT  0x01u /* event external to the program */
#define SELERR_IDT  0x02u /* index refers to the IDT */
#define SELERR_TI   0x04u /* (when not IDT) 1: LDT, 0: GDT */

/* ---- The 32-bit TSS (Intel SDM vol. 3, 8.2.1) ----------------------------- */
#define TSS_ESP0_OFF    4u
#define TSS_SS0_OFF     8u
#define TSS_CR3_OFF     28u
#define TSS_EIP_OFF     32u
#define TSS_EFLAGS_OFF  36u
#define TSS_ESP_OFF     56u
#define TSS_EBP_OFF     60u
#define TSS_ES_OFF      72u
#define TSS_IOMAP_OFF   102u
#define TSS_SIZE        104u

struct tss32 {
    uint16_t link, link_hi;              /* previous task (nested task switch) */
    uint32_t esp0;
    uint16_t ss0, ss0_hi;
    uint32_t esp1;
    uint16_t ss1, ss1_hi;
    uint32_t esp2;
    uint16_t ss2, ss2_hi;
    uint32_t cr3, eip, eflags;
    uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;
    uint16_t es, es_hi, cs, cs_hi, ss, ss_hi, ds, ds_hi, fs, fs_hi, gs, gs_hi;
    uint16_t ldt, ldt_hi;
    uint16_t trap;
    uint16_t iomap_base;                 /* >= TSS_SIZE: no I/O bitmap */
} __attribute__((packed));

_Static_assert(sizeof(struct tss32) == TSS_SIZE, "TSS size");
_Static_assert(__builtin_offsetof(struct tss32, esp0) == TSS_ESP0_OFF, "esp0");
_Static_assert(__builtin_offsetof(struct tss32, ss0) == TSS_SS0_OFF, "ss0");
_Static_assert(__builtin_offsetof(struct tss32, cr3) == TSS_CR3_OFF, "cr3");
_Static_assert(__builtin_offsetof(struct tss32, eip) == TSS_EIP_OFF, "eip");
_Static_assert(__builtin_offsetof(struct tss32, eflags) == TSS_EFLAGS_OFF, "eflags");
_Static_assert(__builtin_offsetof(struct tss32, esp) == TSS_ESP_OFF, "esp");
_Static_assert(__builtin_offsetof(struct tss32, ebp) == TSS_EBP_OFF, "ebp");
_Static_assert(__builtin_offsetof(struct tss32, es) == TSS_ES_OFF, "es");
_Static_assert(__builtin_offsetof(struct tss32, iomap_base) == TSS_IOMAP_OFF, "iomap");
_Static_assert(SEL_KCODE == (GDT_KCODE_SLOT << SEL_INDEX_SHIFT), "kcode");
_Static_assert(SEL_KDATA == (GDT_KDATA_SLOT << SEL_INDEX_SHIFT), "kdata");
_Static_assert(SEL_UCODE == ((GDT_UCODE_SLOT << SEL_INDEX_SHIFT) | RPL_USER), "ucode");
_Static_assert(SEL_UDATA == ((GDT_UDATA_SLOT << SEL_INDEX_SHIFT) | RPL_USER), "udata");
_Static_assert(SEL_TSS == (GDT_TSS_SLOT << SEL_INDEX_SHIFT), "tss");
_Static_assert(SEL_DF_TSS == (GDT_DF_TSS_SLOT << SEL_INDEX_SHIFT), "df tss");

#endif /* KERNEL_SEG_H */
