/*
 * gdt.c: see gdt.h.
 */
#include "gdt.h"

#include "desc.h"
#include "x86.h"

#define FLAT_BASE   0u
#define FLAT_FLAGS  (DESC_FLAG_G | DESC_FLAG_DB)
#define STACK_ALIGN 16u

#define ACC_KCODE (DESC_ACC_PRESENT | DESC_ACC_DPL0 | DESC_ACC_S | DESC_ACC_EXEC | DESC_ACC_RW)
#define ACC_KDATA (DESC_ACC_PRESENT | DESC_ACC_DPL0 | DESC_ACC_S | DESC_ACC_RW)
#define ACC_UCODE (DESC_ACC_PRESENT | DESC_ACC_DPL3 | DESC_ACC_S | DESC_ACC_EXEC | DESC_ACC_RW)
#define ACC_UDATA (DESC_ACC_PRESENT | DESC_ACC_DPL3 | DESC_ACC_S | DESC_ACC_RW)
#define ACC_TSS   (DESC_ACC_PRESENT | DESC_ACC_DPL0 | DESC_SYS_TSS32)

static struct seg_desc gdt[GDT_SLOTS] __attribute__((aligned(8)));
static struct tss32 kernel_tss __attribute__((aligned(128))); /* inside one page */
static struct tss32 df_tss __attribute__((aligned(128)));
static uint8_t df_stack[DF_STACK_SIZE] __attribute__((aligned(STACK_ALIGN)));
static uint8_t ring0_stack[RING0_STACK_SIZE] __attribute__((aligned(STACK_ALIGN)));

static struct seg_desc tss_desc(const struct tss32 *t)
{
    return desc_encode((uint32_t)(uintptr_t)t, TSS_SIZE - 1, ACC_TSS, 0);
}

void gdt_init(uint32_t df_eip)
{
    gdt[GDT_NULL_SLOT] = desc_encode(0, 0, 0, 0);
    gdt[GDT_KCODE_SLOT] = desc_encode(FLAT_BASE, DESC_FLAT_LIMIT, ACC_KCODE, FLAT_FLAGS);
    gdt[GDT_KDATA_SLOT] = desc_encode(FLAT_BASE, DESC_FLAT_LIMIT, ACC_KDATA, FLAT_FLAGS);
    gdt[GDT_UCODE_SLOT] = desc_encode(FLAT_BASE, DESC_FLAT_LIMIT, ACC_UCODE, FLAT_FLAGS);
    gdt[GDT_UDATA_SLOT] = desc_encode(FLAT_BASE, DESC_FLAT_LIMIT, ACC_UDATA, FLAT_FLAGS);
    gdt[GDT_TSS_SLOT] = tss_desc(&kernel_tss);
    gdt[GDT_DF_TSS_SLOT] = tss_desc(&df_tss);

    kernel_tss = (struct tss32){0};
    kernel_tss.ss0 = SEL_KDATA;
    kernel_tss.esp0 = gdt_ring0_stack_top();
    kernel_tss.cr3 = read_cr3(); /* static field: reloaded when a task switch returns here */
    kernel_tss.iomap_base = TSS_SIZE; /* no I/O bitmap: ring 3 gets no ports */

    df_tss = (struct tss32){0};
    df_tss.ss0 = SEL_KDATA;
    df_tss.esp0 = (uint32_t)(uintptr_t)(df_stack + sizeof(df_stack));
    df_tss.esp = df_tss.esp0;
    df_tss.ebp = 0; /* ends stack walks */
    df_tss.eip = df_eip;
    df_tss.eflags = EFLAGS_RESERVED; /* interrupts off */
    df_tss.cr3 = read_cr3();
    df_tss.cs = SEL_KCODE;
    df_tss.ss = df_tss.ds = df_tss.es = df_tss.fs = df_tss.gs = SEL_KDATA;
    df_tss.iomap_base = TSS_SIZE;

    lgdt(gdt, sizeof(gdt) - 1);
    load_segments(SEL_KCODE, SEL_KDATA);
    ltr(SEL_TSS);
}

void gdt_set_esp0(uint32_t esp0)
{
    kernel_tss.esp0 = esp0;
}

void gdt_set_cr3(uint32_t cr3)
{
    kernel_tss.cr3 = cr3;
    df_tss.cr3 = cr3;
}

uint32_t gdt_ring0_stack_top(void)
{
    return (uint32_t)(uintptr_t)(ring0_stack + sizeof(ring0_stack));
}

struct tss32 *gdt_kernel_tss(void)
{
    return &kernel_tss;
}

struct tss32 *gdt_df_tss(void)
{
    return &df_tss;
}

uint64_t gdt_entry(unsigned i)
{
    return i < GDT_SLOTS ? desc_to_u64(gdt[i]) : 0;
}
