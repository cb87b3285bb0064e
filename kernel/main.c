/*
 * main.c: kmain, the kernel's C entry (see kmain.h).
 */
#include "kmain.h"

#include <stdint.h>

#include "boottimes.h"
#include "cmdline.h"
#include "console.h"
#include "cpu.h"
#include "fbcon_sink.h"
#include "halt.h"
#include "info_print.h"
#include "kbench.h"
#include "kheap.h"
#include "ktest.h"
#include "kvm.h"
#include "layout.h"
#include "mb2_info.h"
#include "mm_boot.h"
#include "mmrep_page.h"
#include "panic.h"
#include "proc.h"
#include "sched.h"
#include "serial.h"
#include "soak.h"
#include "uprog.h"
#include "x86.h"

#define TEST_WORD   "test"              /* on the command line: run the in-kernel tests */
#define PANIC_WORD  "panic"             /* on the command line: panic after kernel: ready */
#define UD2_WORD    "ud2"               /* on the command line: #UD after kernel: ready */
#define PF_WORD     "pf"                /* on the command line: read address 0 after kernel: ready */
#define BENCH_WORD  "bench"             /* on the command line: in-kernel benchmarks (docs/bench.md) */
#define DEMO_PROG   "hello"             /* the program a normal boot runs after kernel: ready */
#define ADDR_SPACE  0x100000000ull      /* 4 GiB: the info structure cannot run past it */
#define KIB_SHIFT   10u

static void report_entry(const struct entry_state *st)
{
    /* The shape of this line is fixed (DESIGN.md "Console lines"). */
    kprintf("entry: eax=%08x ebx=%08x cr0=%08x cr4=%08x efer=%08x eflags=%08x\n", st->eax,
            st->ebx, st->cr0, st->cr4, st->efer_lo, st->eflags);
    kprintf("entry: cs=%04x ds=%04x ss=%04x esp=%08x cpuid=%s efer=%s\n", st->cs, st->ds,
            st->ss, st->esp, (st->flags & ENTRY_HAS_CPUID) ? "yes" : "no",
            (st->flags & ENTRY_HAS_EFER) ? "read" : "absent (reported as 0)");
}

static void report_layout(void)
{
    kprintf("kernel: image 0x%08x-0x%08x (%u KiB), .bss 0x%08x-0x%08x, boot stack 0x%08x-0x%08x\n",
            kernel_phys_start(), kernel_phys_end(),
            (kernel_phys_end() - kernel_phys_start()) >> KIB_SHIFT,
            (unsigned)(uintptr_t)_bss_start, (unsigned)(uintptr_t)_bss_end,
            (unsigned)(uintptr_t)boot_stack_bottom, (unsigned)(uintptr_t)boot_stack_top);
}

/* report_set_aside: say so when the EFI memory map tag was unreadable and
 * which map the allocator will use instead (mm_boot_init picks it). */
static void report_set_aside(const struct mb2_info_view *info)
{
    const struct mb2_tag_efi_mmap *t = info->efi_mmap_set_aside;
    if (t == NULL)
        return;
    kprintf("info: EFI memory map (tag 17, descr_size %u, version %u, %u bytes) set aside: %s\n",
            t->descr_size, t->descr_vers, t->size, info->efi_mmap_why);
    if (info->efi_mmap_tag != NULL)
        kputs("info: falling back to a later, readable EFI memory map tag\n");
    else if (info->mmap != NULL)
        kputs("info: falling back to the Multiboot2 memory map (tag 6)\n");
    else
        kputs("info: no memory map tag (6) to fall back to\n");
}

/* info_avail: how many bytes may be read at the info address (below 4 GiB, capped). */
static size_t info_avail(uint32_t addr)
{
    uint64_t room = ADDR_SPACE - addr;
    return room > MB2_INFO_MAX_SIZE ? MB2_INFO_MAX_SIZE : (size_t)room;
}

/* run_demo: start DEMO_PROG when it is among the modules, run it to its end, reap it. */
static void run_demo(void)
{
    if (uprog_find(DEMO_PROG) == NULL)
        return;
    int32_t pid = proc_spawn(DEMO_PROG, 0, 0);
    if (pid < 0) {
        kprintf("proc: cannot start %s (error %d)\n", DEMO_PROG, pid);
        return;
    }
    sched_run(NULL, NULL);
    proc_reap(pid, NULL);
}

void kmain(const struct entry_state *st)
{
    boottimes_mark_entry();
    cpu_init();
    if (serial_init())
        console_add_sink(serial_write);
    report_entry(st);
    if (st->eax != MB2_BOOTLOADER_MAGIC) {
        kprintf("entry: bad magic eax=%08x, expected %08x (not booted by a Multiboot2 loader)\n",
                st->eax, MB2_BOOTLOADER_MAGIC);
        halt_forever();
    }
    report_layout();

    static struct mb2_info_view info;
    static char err[MB2_INFO_ERR_MAX];
    /* The information structure gets a window of its own (mm/paging.h). */
    const void *addr = kvm_early_window(KVM_WIN_BOOTINFO, st->ebx, info_avail(st->ebx));
    if (addr == NULL) {
        kputs("kernel: halted\n");
        halt_forever();
    }
    if (mb2_info_parse(addr, info_avail(st->ebx), &info, err, sizeof(err)) != 0) {
        kprintf("info: malformed Multiboot2 information at 0x%08x: %s\n", st->ebx, err);
        /* A command line read before the fault still says whether this is a test run. */
        panic_set_test_mode(cmdline_has_word(info.cmdline, TEST_WORD));
        panic("cannot walk the Multiboot2 information at 0x%08x: no memory map can be trusted "
              "(the info: line above says where it breaks)", st->ebx);
    }
    int testing = cmdline_has_word(info.cmdline, TEST_WORD);
    panic_set_test_mode(testing);
    fbcon_sink_init(info.framebuffer);
    info_print(&info);
    report_set_aside(&info);
    mm_boot_init(&info, paddr(st->ebx));
    if (cmdline_has_word(info.cmdline, BENCH_WORD))
        kbench_pmm(mm_boot_pmm());
    mmrep_print(&info, mm_boot_map());
    kvm_window_trim(KVM_WIN_BOOTINFO, info.total_size);
    kvm_init();
    kheap_init();
    uprog_init(&info);
    boottimes_report(&info);
    kputs("kernel: ready\n");
    if (cmdline_has_word(info.cmdline, PANIC_WORD))
        panic("requested on the command line (\"%s\")", PANIC_WORD);
    if (cmdline_has_word(info.cmdline, UD2_WORD))
        ud2(); /* an unexpected exception: reported, then the kernel stops */
    if (cmdline_has_word(info.cmdline, PF_WORD))
        (void)*(volatile uint32_t *)0; /* a null read: the #PF report walks the tables */
    unsigned failed = 0;
    if (testing) {
        struct ktest_env env = { .entry = st, .info = &info, .info_err = NULL };
        failed = ktest_run_all(&env);
    }
    uint32_t soak_seconds = 0;
    int soak = cmdline_uint(info.cmdline, SOAK_KEY, &soak_seconds);
    if (soak == CMDLINE_BAD) {
        kprintf("soak: FAILED: the command line's %s= is not a whole number of seconds\n", SOAK_KEY);
        failed++;
    } else if (soak == CMDLINE_FOUND) {
        panic_set_test_mode(1); /* a fault during the run ends QEMU with the failure code */
        failed += (unsigned)soak_run(soak_seconds);
    }
    if (testing || soak != CMDLINE_ABSENT)
        ktest_exit(failed);
    run_demo();
    halt_forever();
}
