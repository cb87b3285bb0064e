/*
 * ktests_trap.c: in-kernel tests of the GDT, TSS, IDT, exceptions, the
 * ring-3 drop, the double-fault task and the timer.
 *
 * The page-fault tests (read of 0, write to kernel text, guard page, stack
 * overflow to the #DF task) are in ktests_vm.c; the report's #PF decoding
 * is covered by tests/host/test_exc.c. Ring 3 runs on user aliases of the
 * test's code and stack (the kernel's pages are supervisor-only).
 */
#include <stdint.h>

#include "gdt.h"
#include "idt.h"
#include "kvm.h"
#include "layout.h"
#include "ktest.h"
#include "pic.h"
#include "pit.h"
#include "seg.h"
#include "trap.h"
#include "x86.h"

#define KCODE_FLAT      0x00CF9A000000FFFFull
#define KDATA_FLAT      0x00CF92000000FFFFull
#define UCODE_FLAT      0x00CFFA000000FFFFull
#define UDATA_FLAT      0x00CFF2000000FFFFull
#define DESC_ACCESSED_BIT (1ull << 40) /* set by the CPU when a selector is loaded */
#define BAD_SELECTOR    0x00F8u       /* GDT index 31, past the table's limit */
#define USER_STACK_SIZE 1024u
#define TICK_WAIT_SPINS 200000000u    /* bound on the busy-wait for timer ticks */
#define TICKS_WANTED    3u
#define ONLY_TIMER_UNMASKED 0xFFFEu   /* pic_masks(): only IRQ 0 open */
#define USER_CODE_VA    0x00400000u   /* ring-3 aliases of the test's code and stack */
#define USER_STACK_VA   0x00410000u
#define USER_ALIAS_SPAN 0x00020000u   /* unmapped after the test (frees the table) */
#define RING3_CODE_BYTES 8u           /* hlt; jmp: well within 8 bytes */

void ktest_div0(void);
void ktest_ud2(void);
void ktest_load_ds(uint32_t sel);
__attribute__((noreturn)) void ktest_ring3_enter(uint32_t eip, uint32_t esp);
extern char ktest_div0_insn[], ktest_ud2_insn[], ktest_load_ds_insn[];
extern char ktest_ring3_code[], ktest_ring3_insn[];

static struct trap_catch caught;
static uint8_t user_stack[USER_STACK_SIZE] __attribute__((aligned(16)));

static uint32_t addr(const void *p)
{
    return (uint32_t)(uintptr_t)p;
}

KTEST(gdt_loaded)
{
    if (read_cs() != SEL_KCODE || read_ds() != SEL_KDATA || read_ss() != SEL_KDATA)
        return ktest_failf(why, whycap, "cs=%04x ds=%04x ss=%04x, expected %04x %04x %04x",
                           read_cs(), read_ds(), read_ss(), SEL_KCODE, SEL_KDATA, SEL_KDATA);
    if (str() != SEL_TSS)
        return ktest_failf(why, whycap, "task register %04x, expected %04x", str(), SEL_TSS);
    static const uint64_t want[] = {0, KCODE_FLAT, KDATA_FLAT, UCODE_FLAT, UDATA_FLAT};
    for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++)
        if ((gdt_entry(i) & ~DESC_ACCESSED_BIT) != want[i])
            return ktest_failf(why, whycap, "GDT slot %u = %llx, expected %llx", i,
                               (unsigned long long)gdt_entry(i), (unsigned long long)want[i]);
    const struct tss32 *t = gdt_kernel_tss();
    if (t->ss0 != SEL_KDATA || t->esp0 == 0)
        return ktest_failf(why, whycap, "TSS ss0=%04x esp0=%08x", t->ss0, t->esp0);
    return KTEST_PASS;
}

KTEST(idt_loaded)
{
    struct x86_table_ptr p = sidt();
    if (p.limit != IDT_SIZE * 8 - 1)
        return ktest_failf(why, whycap, "IDT limit %u, expected %u", p.limit,
                           IDT_SIZE * 8 - 1);
    uint64_t df = idt_entry(EXC_DF);
    uint64_t want = ((uint64_t)(GATE_PRESENT | GATE_TASK) << 40) | ((uint64_t)SEL_DF_TSS << 16);
    if (df != want)
        return ktest_failf(why, whycap, "IDT[8] = %llx, expected task gate %llx",
                           (unsigned long long)df, (unsigned long long)want);
    return KTEST_PASS;
}

/* check: the caught frame's vector, error code, EIP and CS. */
static int check(char *why, size_t whycap, uint32_t vector, uint32_t err, uint32_t eip,
                 uint32_t cs)
{
    const struct trap_frame *f = &caught.frame;
    if (f->vector != vector || f->err != err || f->eip != eip || f->cs != cs)
        return ktest_failf(why, whycap,
                           "vector=%u err=%x eip=%08x cs=%04x, expected %u %x %08x %04x",
                           f->vector, f->err, f->eip, f->cs, vector, err, eip, cs);
    return KTEST_PASS;
}

KTEST(exc_de)
{
    trap_expect(&caught, EXC_DE);
    if (trap_setjmp(&caught.jmp) == 0) {
        ktest_div0();
        trap_expect_end();
        return ktest_failf(why, whycap, "dividing by zero raised no #DE");
    }
    return check(why, whycap, EXC_DE, 0, addr(ktest_div0_insn), SEL_KCODE);
}

KTEST(exc_ud)
{
    trap_expect(&caught, EXC_UD);
    if (trap_setjmp(&caught.jmp) == 0) {
        ktest_ud2();
        trap_expect_end();
        return ktest_failf(why, whycap, "ud2 raised no #UD");
    }
    return check(why, whycap, EXC_UD, 0, addr(ktest_ud2_insn), SEL_KCODE);
}

KTEST(exc_gp_selector)
{
    trap_expect(&caught, EXC_GP);
    if (trap_setjmp(&caught.jmp) == 0) {
        ktest_load_ds(BAD_SELECTOR);
        trap_expect_end();
        return ktest_failf(why, whycap, "loading DS with %04x raised no #GP", BAD_SELECTOR);
    }
    /* The error code is the selector (index 31, GDT, not external). */
    return check(why, whycap, EXC_GP, BAD_SELECTOR, addr(ktest_load_ds_insn), SEL_KCODE);
}

/*
 * user_alias: map the pages holding [p, p + size) of the kernel image again
 * at user address va with PTE_U (writable when w), for ring 3 to use; the
 * kernel's own pages are supervisor-only. Returns va's alias of p, 0 on failure.
 */
static uint32_t user_alias(uint32_t va, const void *p, uint32_t size, uint32_t w)
{
    uint32_t first = addr(p) & ~(PAGE_SIZE - 1u);
    uint32_t len = ((addr(p) + size + PAGE_SIZE - 1u) & ~(PAGE_SIZE - 1u)) - first;
    if (map_range(kvm_space(), vaddr_of((void *)(uintptr_t)va), kernel_pa((void *)first), len,
                  PTE_U | w, 0) != VM_OK)
        return 0;
    return va + (addr(p) - first);
}

KTEST(ring3_gp)
{
    gdt_set_esp0(gdt_ring0_stack_top());
    uint32_t code = user_alias(USER_CODE_VA, ktest_ring3_code, RING3_CODE_BYTES, 0);
    uint32_t stack = user_alias(USER_STACK_VA, user_stack, sizeof(user_stack), PTE_W);
    if (code == 0 || stack == 0)
        return ktest_failf(why, whycap, "cannot map the ring-3 code and stack at %08x, %08x",
                           USER_CODE_VA, USER_STACK_VA);
    uint32_t insn = code + (addr(ktest_ring3_insn) - addr(ktest_ring3_code));
    uint32_t top = stack + sizeof(user_stack);
    trap_expect(&caught, EXC_GP);
    if (trap_setjmp(&caught.jmp) == 0)
        ktest_ring3_enter(code, top);
    unmap_range(kvm_space(), vaddr_of((void *)(uintptr_t)USER_CODE_VA), USER_ALIAS_SPAN);
    if ((caught.frame.cs & SEL_RPL_MASK) != RPL_USER)
        return ktest_failf(why, whycap, "saved cs=%04x: CPL %u, expected 3", caught.frame.cs,
                           caught.frame.cs & SEL_RPL_MASK);
    if (caught.frame.user_ss != SEL_UDATA || caught.esp != top)
        return ktest_failf(why, whycap, "user ss:esp %04x:%08x, expected %04x:%08x",
                           caught.frame.user_ss, caught.esp, SEL_UDATA, top);
    if (read_ds() != SEL_KDATA || read_cs() != SEL_KCODE)
        return ktest_failf(why, whycap, "back in the kernel with cs=%04x ds=%04x", read_cs(),
                           read_ds());
    return check(why, whycap, EXC_GP, 0, insn, SEL_UCODE);
}

KTEST(double_fault_task)
{
    /* #DE whose gate is not present: #NP while delivering #DE, both
     * contributory, so the CPU raises #DF - through the task gate. */
    idt_set_present(EXC_DE, 0);
    trap_expect(&caught, EXC_DF);
    if (trap_setjmp(&caught.jmp) == 0) {
        ktest_div0();
        trap_expect_end();
        idt_set_present(EXC_DE, 1);
        return ktest_failf(why, whycap, "#DE with a not-present gate raised nothing");
    }
    idt_set_present(EXC_DE, 1);
    if (str() != SEL_TSS)
        return ktest_failf(why, whycap, "task register %04x after the #DF, expected %04x",
                           str(), SEL_TSS);
    return check(why, whycap, EXC_DF, 0, addr(ktest_div0_insn), SEL_KCODE);
}

KTEST(pic_spurious)
{
    /* IRQ 7 and 15 with their in-service bits clear are spurious: counted,
     * not passed on, not acknowledged (but for IRQ 15's cascade). */
    uint32_t before = pic_spurious_count();
    cli();
    pic_dispatch(PIC_IRQ_SPURIOUS_MASTER);
    pic_dispatch(PIC_IRQ_SPURIOUS_SLAVE);
    sti();
    if (pic_spurious_count() - before != 2)
        return ktest_failf(why, whycap, "%u spurious IRQs counted, expected 2",
                           pic_spurious_count() - before);
    return KTEST_PASS;
}

KTEST(timer_ticks)
{
    if (!(read_eflags() & EFLAGS_IF))
        return ktest_failf(why, whycap, "interrupts are off (eflags=%08x)", read_eflags());
    if (pic_masks() != ONLY_TIMER_UNMASKED)
        return ktest_failf(why, whycap, "PIC masks %04x, expected %04x", pic_masks(),
                           ONLY_TIMER_UNMASKED);
    uint32_t start = pit_ticks();
    for (uint32_t spin = 0; spin < TICK_WAIT_SPINS; spin++)
        if (pit_ticks() - start >= TICKS_WANTED)
            return KTEST_PASS;
    return ktest_failf(why, whycap, "%u ticks in %u spins, expected %u", pit_ticks() - start,
                       TICK_WAIT_SPINS, TICKS_WANTED);
}
