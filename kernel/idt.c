/*
 * idt.c: see idt.h.
 */
#include "idt.h"

#include "desc.h"
#include "seg.h"
#include "syscall_abi.h"
#include "x86.h"

extern const uint32_t isr_stub_table[IDT_VECTORS]; /* isr_stubs.asm */
extern char isr_syscall[];                          /* isr_stubs.asm */

_Static_assert(SYSCALL_VECTOR >= IDT_VECTORS && SYSCALL_VECTOR < IDT_SIZE, "system-call vector");

static struct gate_desc idt[IDT_SIZE] __attribute__((aligned(8)));

void idt_init(void)
{
    for (unsigned v = 0; v < IDT_VECTORS; v++)
        idt[v] = gate_encode(SEL_KCODE, isr_stub_table[v], GATE_PRESENT | GATE_DPL0 | GATE_INT32);
    idt[EXC_DF] = gate_encode(SEL_DF_TSS, 0, GATE_PRESENT | GATE_DPL0 | GATE_TASK);
    /* The only gate ring 3 may use with INT: an interrupt gate, so calls run with IF clear. */
    idt[SYSCALL_VECTOR] = gate_encode(SEL_KCODE, (uint32_t)(uintptr_t)isr_syscall,
                                      GATE_PRESENT | GATE_DPL3 | GATE_INT32);
    lidt(idt, sizeof(idt) - 1);
}

void idt_set_present(unsigned vector, int on)
{
    if (vector >= IDT_SIZE)
        return;
    if (on)
        idt[vector].type_attr |= GATE_PRESENT;
    else
        idt[vector].type_attr &= (uint8_t)~GATE_PRESENT;
}

uint64_t idt_entry(unsigned vector)
{
    return vector < IDT_SIZE ? gate_to_u64(idt[vector]) : 0;
}
