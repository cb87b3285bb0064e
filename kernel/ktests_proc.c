/*
 * ktests_proc.c: in-kernel tests of processes (docs/processes.md): ring-3
 * programs from the modules in their own address spaces, system calls,
 * isolation (each case must see its fault and kill only the process),
 * demand paging (a 2 GiB sparse reservation, an out-of-memory kill),
 * round-robin preemption, and no leaks over 1000 create/exit cycles.
 * They need the user programs as modules (esp/boot.cfg): a boot without
 * any user program skips them (KTEST_SKIP, reported; boot-tests.sh makes
 * sure its test boots do run them), a boot with only some fails.
 */
#include <stdint.h>

#include "../user/progs.h"
#include "console.h"
#include "fmt.h"
#include "gdt.h"
#include "kheap.h"
#include "kstring.h"
#include "ktest.h"
#include "kvm.h"
#include "mm_boot.h"
#include "mm_hooks.h"
#include "pit.h"
#include "pmm.h"
#include "proc.h"
#include "sched.h"
#include "seg.h"
#include "uprog.h"
#include "x86.h"

#define LEAK_CYCLES      1000u
#define SIBLING_VALUE    0x5A5Au     /* same.elf's value in the sibling of a killed process */
#define SPIN_FOREVER     0xFFFFFFFFu
#define RR_PROCS         3u
#define RR_ROUNDS        2u          /* full rounds the trace must show */
#define OOM_REAL_MAX_MIB 128u        /* below this much free RAM, the hog really empties the PMM */
#define OOM_LIMIT_FRAMES 1024u       /* otherwise: the frame limit it runs into (4 MiB) */
#define OOM_LIMITED_MIB  8u          /* and what it reserves then */
#define OOM_EXTRA_MIB    16u         /* reserve more than is free */
#define OOM_HEADROOM_MIB 4u          /* what the test leaves the hog to take (real exhaustion) */
#define SPARSE_MAX_FRAMES 256u       /* 64 touched pages + their tables + program + stack, with room */
#define MIB_SHIFT        20u
#define PROG_OUT_EXPECT  64u

/* streq: are a and b the same string? */
static int streq(const char *a, const char *b)
{
    while (*a != '\0' && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static const char *const needed[] = { "hello", "probe", "same", "sparse", "hog", "spin", "badptr" };

/*
 * have_programs: KTEST_PASS when every test program is loaded; KTEST_SKIP
 * when there is no user program at all; else KTEST_FAIL naming the first missing.
 */
static int have_programs(char *why, size_t whycap)
{
    if (uprog_count() == 0)
        return ktest_skipf(why, whycap, "no user programs among the modules (esp/boot.cfg)");
    for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++)
        if (uprog_find(needed[i]) == NULL)
            return ktest_failf(why, whycap,
                               "user program %s is not among the modules (esp/boot.cfg)",
                               needed[i]);
    return KTEST_PASS;
}

/* NEED_PROGRAMS: first statement of each test: skip or fail unless the programs are there. */
#define NEED_PROGRAMS()                                  \
    do {                                                 \
        int need_ = have_programs(why, whycap);          \
        if (need_ != KTEST_PASS)                         \
            return need_;                                \
    } while (0)

/* run_one: spawn prog(arg), run everything to its end, reap it into *e. 0, or KTEST_FAIL. */
static int run_one(const char *prog, uint32_t arg, unsigned opts, struct proc_exit *e,
                   char *why, size_t whycap)
{
    int32_t pid = proc_spawn(prog, arg, opts);
    if (pid < 0)
        return ktest_failf(why, whycap, "proc_spawn(%s, %u) = %d", prog, arg, pid);
    sched_run(NULL, NULL);
    int r = proc_reap(pid, e);
    if (r != 0)
        return ktest_failf(why, whycap, "%s still there after the run (reap %d)", prog, r);
    return KTEST_PASS;
}

/* expect_exit: e ended by exit(status). */
static int expect_exit(const struct proc_exit *e, int32_t status, char *why, size_t whycap)
{
    if (e->killed)
        return ktest_failf(why, whycap, "%s was killed (%s), expected exit %d", e->name, e->why,
                           status);
    if (e->status != status)
        return ktest_failf(why, whycap, "%s exited with %d, expected %d", e->name, e->status,
                           status);
    return KTEST_PASS;
}

/* expect_kill: e killed by exception vector, with err bits `must` set and `mustnot` clear. */
static int expect_kill(const struct proc_exit *e, uint32_t vector, uint32_t must,
                       uint32_t mustnot, char *why, size_t whycap)
{
    if (!e->killed)
        return ktest_failf(why, whycap, "%s exited with %d, expected a kill by vector %u",
                           e->name, e->status, vector);
    if (e->vector != vector || (e->err & must) != must || (e->err & mustnot) != 0)
        return ktest_failf(why, whycap,
                           "%s killed by vector %u err=%x (%s), expected vector %u with bits %x set, %x clear",
                           e->name, e->vector, e->err, e->why, vector, must, mustnot);
    return KTEST_PASS;
}

KTEST(proc_hello)
{
    NEED_PROGRAMS();
    struct proc_exit e;
    if (run_one("hello", 0, 0, &e, why, whycap) != KTEST_PASS)
        return KTEST_FAIL;
    if (expect_exit(&e, 0, why, whycap) != KTEST_PASS)
        return KTEST_FAIL;
    char want[PROG_OUT_EXPECT];
    fmt_format(want, sizeof(want), "hello from pid %d in ring 3\n", e.pid);
    if (!streq(e.out, want))
        return ktest_failf(why, whycap, "hello wrote \"%s\", expected \"%s\"", e.out, want);
    if (e.runs == 0)
        return ktest_failf(why, whycap, "hello never ran");
    return KTEST_PASS;
}

KTEST(proc_address_space)
{
    NEED_PROGRAMS();
    int32_t pid = proc_spawn("hello", 0, PROC_QUIET);
    struct proc *p = proc_get(pid);
    if (p == NULL)
        return ktest_failf(why, whycap, "proc_spawn(hello) = %d", pid);
    const uint32_t *kpd = phys_to_ptr(kvm_space()->pd);
    uint32_t kcopy[PT_ENTRIES - KERNEL_PDX];
    for (uint32_t i = KERNEL_PDX; i < PT_ENTRIES; i++)
        kcopy[i - KERNEL_PDX] = kpd[i];
    const uint32_t *pd = phys_to_ptr(p->space.pd);
    int bad = 0;
    uint32_t user_tables = 0, at = 0;
    for (uint32_t i = 0; i < PT_ENTRIES; i++) {
        if (i >= KERNEL_PDX && (pd[i] != kcopy[i - KERNEL_PDX] || (pd[i] & PTE_U)))
            bad = 1, at = i;
        if (i < KERNEL_PDX && (pd[i] & PTE_P)) {
            user_tables++;
            if (!(pd[i] & PTE_U))
                bad = 1, at = i;
        }
    }
    uint32_t frames = p->frames, tables = p->space.tables;
    sched_run(NULL, NULL);
    proc_reap(pid, NULL);
    if (bad)
        return ktest_failf(why, whycap, "PDE %u: %08x (kernel's %08x): kernel half not shared or user bits wrong",
                           at, pd[at], at >= KERNEL_PDX ? kcopy[at - KERNEL_PDX] : 0);
    if (user_tables != tables || user_tables == 0)
        return ktest_failf(why, whycap, "%u user page tables present, the space counts %u", user_tables,
                           tables);
    /* Directory + tables + the program's pages (text; data when it has some). */
    if (frames < 1u + tables + 1u)
        return ktest_failf(why, whycap, "%u frames held, expected at least %u", frames, tables + 2u);
    return KTEST_PASS;
}

/*
 * kernel_access: probe mode reads/writes kernel memory while a sibling
 * (same.elf, which yields SAME_ROUNDS times) is alive before and after the
 * kill; both outcomes checked.
 */
static int kernel_access(uint32_t mode, uint32_t must, uint32_t mustnot, char *why, size_t whycap)
{
    int32_t sib = proc_spawn("same", SIBLING_VALUE, PROC_QUIET);
    int32_t pid = proc_spawn("probe", mode, 0);
    if (sib < 0 || pid < 0)
        return ktest_failf(why, whycap, "spawn: same %d, probe %d", sib, pid);
    sched_run(NULL, NULL);
    struct proc_exit e, es;
    if (proc_reap(pid, &e) != 0 || proc_reap(sib, &es) != 0)
        return ktest_failf(why, whycap, "a process was left over");
    if (expect_kill(&e, EXC_PF, must, mustnot, why, whycap) != KTEST_PASS)
        return KTEST_FAIL;
    if (e.cr2 != PROBE_KERNEL_ADDR)
        return ktest_failf(why, whycap, "cr2=%08x, expected %08x", e.cr2, PROBE_KERNEL_ADDR);
    if (es.runs < SAME_ROUNDS)
        return ktest_failf(why, whycap, "the sibling ran %u times, expected %u", es.runs, SAME_ROUNDS);
    return expect_exit(&es, 0, why, whycap);
}

KTEST(proc_iso_kernel_read)
{
    NEED_PROGRAMS();
    return kernel_access(PROBE_READ_KERNEL, PF_ERR_U | PF_ERR_P, PF_ERR_W, why, whycap);
}

KTEST(proc_iso_kernel_write)
{
    NEED_PROGRAMS();
    return kernel_access(PROBE_WRITE_KERNEL, PF_ERR_U | PF_ERR_P | PF_ERR_W, 0, why, whycap);
}

KTEST(proc_iso_privileged)
{
    NEED_PROGRAMS();
    static const uint32_t modes[] = { PROBE_CLI, PROBE_HLT, PROBE_IN, PROBE_OUT, PROBE_LOAD_KSEL };
    static const uint32_t errs[] = { 0, 0, 0, 0, SEL_KDATA };
    for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
        struct proc_exit e;
        if (run_one("probe", modes[i], 0, &e, why, whycap) != KTEST_PASS ||
            expect_kill(&e, EXC_GP, 0, 0, why, whycap) != KTEST_PASS)
            return KTEST_FAIL;
        if (e.err != errs[i])
            return ktest_failf(why, whycap, "probe mode %u: #GP error %x, expected %x", modes[i],
                               e.err, errs[i]);
    }
    return KTEST_PASS;
}

KTEST(proc_iso_text_readonly)
{
    NEED_PROGRAMS();
    struct proc_exit e;
    if (run_one("probe", PROBE_WRITE_TEXT, 0, &e, why, whycap) != KTEST_PASS)
        return KTEST_FAIL;
    const struct uprog *prog = uprog_find("probe");
    if (expect_kill(&e, EXC_PF, PF_ERR_P | PF_ERR_W | PF_ERR_U, 0, why, whycap) != KTEST_PASS)
        return KTEST_FAIL;
    if (e.cr2 < prog->image.segs[0].vaddr || e.cr2 >= prog->image.end)
        return ktest_failf(why, whycap, "cr2=%08x, expected inside the program", e.cr2);
    return KTEST_PASS;
}

KTEST(proc_stack_demand_and_guard)
{
    NEED_PROGRAMS();
    struct proc_exit e;
    if (run_one("probe", PROBE_DEEP_STACK, 0, &e, why, whycap) != KTEST_PASS ||
        expect_exit(&e, 0, why, whycap) != KTEST_PASS)
        return KTEST_FAIL;
    uint32_t pages = PROBE_DEEP_BYTES / PAGE_SIZE;
    if (e.frames < pages)
        return ktest_failf(why, whycap, "%u frames after using %u KiB of stack, expected >= %u",
                           e.frames, PROBE_DEEP_BYTES >> 10, pages);
    if (run_one("probe", PROBE_STACK_GUARD, 0, &e, why, whycap) != KTEST_PASS ||
        expect_kill(&e, EXC_PF, PF_ERR_U, PF_ERR_P, why, whycap) != KTEST_PASS)
        return KTEST_FAIL;
    if (e.cr2 != USER_HEAP_LIMIT)
        return ktest_failf(why, whycap, "guard fault at %08x, expected %08x", e.cr2,
                           USER_HEAP_LIMIT);
    return KTEST_PASS;
}

KTEST(proc_iso_same_address)
{
    NEED_PROGRAMS();
    static const uint32_t values[] = { 0x1111u, 0x2222u };
    int32_t pid[2];
    for (int i = 0; i < 2; i++)
        pid[i] = proc_spawn("same", values[i], PROC_QUIET);
    if (pid[0] < 0 || pid[1] < 0)
        return ktest_failf(why, whycap, "spawn: %d %d", pid[0], pid[1]);
    /* The variable's page: one virtual address, two different frames. */
    const struct uprog *prog = uprog_find("same");
    uint32_t data = 0;
    for (uint32_t i = 0; i < prog->image.nsegs; i++)
        if (prog->image.segs[i].flags & UELF_SEG_W)
            data = prog->image.segs[i].vaddr;
    paddr_t pa0, pa1;
    int m0 = virt_to_phys(&proc_get(pid[0])->space, uva(data), &pa0, NULL);
    int m1 = virt_to_phys(&proc_get(pid[1])->space, uva(data), &pa1, NULL);
    uint32_t switches = sched_stats()->switches;
    sched_run(NULL, NULL);
    switches = sched_stats()->switches - switches;
    struct proc_exit e[2];
    for (int i = 0; i < 2; i++)
        if (proc_reap(pid[i], &e[i]) != 0)
            return ktest_failf(why, whycap, "same %d left over", pid[i]);
    if (data == 0 || m0 != 0 || m1 != 0 || paddr_val(pa0) == paddr_val(pa1))
        return ktest_failf(why, whycap, "data page %08x: frames %llx / %llx (mapped %d %d), expected two",
                           data, (unsigned long long)paddr_val(pa0),
                           (unsigned long long)paddr_val(pa1), m0, m1);
    for (int i = 0; i < 2; i++)
        if (expect_exit(&e[i], 0, why, whycap) != KTEST_PASS)
            return KTEST_FAIL;
    if (switches < 2u * SAME_ROUNDS)
        return ktest_failf(why, whycap, "%u switches, expected >= %u (they yield to each other)",
                           switches, 2u * SAME_ROUNDS);
    return KTEST_PASS;
}

KTEST(proc_syscall_bad_pointers)
{
    NEED_PROGRAMS();
    struct proc_exit e;
    if (run_one("badptr", 0, 0, &e, why, whycap) != KTEST_PASS)
        return KTEST_FAIL;
    if (e.killed || e.status != 0)
        return ktest_failf(why, whycap, "badptr: %s status %d (the number of the check that failed)",
                           e.killed ? e.why : "exit", e.status);
    if (!streq(e.out, "badptr: ok\n"))
        return ktest_failf(why, whycap, "badptr wrote \"%s\"", e.out);
    return KTEST_PASS;
}

KTEST(proc_sparse_2g)
{
    NEED_PROGRAMS();
    struct proc_exit e;
    if (run_one("sparse", 0, 0, &e, why, whycap) != KTEST_PASS ||
        expect_exit(&e, 0, why, whycap) != KTEST_PASS)
        return KTEST_FAIL;
    uint64_t ram = pmm_total_count(mm_boot_pmm()) * PAGE_SIZE;
    kprintf("proc: sparse reserved %llu MiB, used %u frames (%u KiB); allocatable RAM %llu MiB\n",
            (unsigned long long)(e.reserved >> MIB_SHIFT), e.frames, e.frames * (PAGE_SIZE >> 10),
            (unsigned long long)(ram >> MIB_SHIFT));
    if (e.reserved < SPARSE_RESERVE)
        return ktest_failf(why, whycap, "%llu bytes reserved, expected >= %u",
                           (unsigned long long)e.reserved, SPARSE_RESERVE);
    if (e.frames > SPARSE_MAX_FRAMES)
        return ktest_failf(why, whycap, "%u frames held, expected <= %u (demand paging)", e.frames,
                           SPARSE_MAX_FRAMES);
    return KTEST_PASS;
}

/*
 * drain: allocate free frames until only keep are left, chained through
 * their first word (the head is returned, 0 for none; *n counts them).
 */
static uint32_t drain(struct pmm *pmm, uint64_t keep, uint32_t *n)
{
    uint32_t head = 0;
    *n = 0;
    while (pmm_free_count(pmm) > keep) {
        paddr_t pa = pmm_alloc(pmm);
        if (paddr_is_null(pa))
            break;
        *(uint32_t *)phys_to_ptr(pa) = head;
        head = (uint32_t)paddr_val(pa);
        (*n)++;
    }
    return head;
}

/* undrain: give back the frames drain chained from head. */
static void undrain(struct pmm *pmm, uint32_t head)
{
    while (head != 0) {
        uint32_t next = *(const uint32_t *)phys_to_ptr(paddr(head));
        pmm_free(pmm, paddr(head));
        head = next;
    }
}

KTEST(proc_oom_kill)
{
    NEED_PROGRAMS();
    struct proc_exit e;
    if (run_one("hello", 0, PROC_QUIET, &e, why, whycap) != KTEST_PASS) /* warm the heap */
        return KTEST_FAIL;
    struct pmm *pmm = mm_boot_pmm();
    uint64_t before = pmm_free_count(pmm);
    uint64_t free_mib = (before * PAGE_SIZE) >> MIB_SHIFT;
    int real = free_mib < OOM_REAL_MAX_MIB;
    uint32_t mib = OOM_LIMITED_MIB;
    uint32_t held = 0, chain = 0;
    if (real) {
        /* The test holds all but OOM_HEADROOM_MIB (cheaper than the hog faulting in every
         * page); the hog takes the rest and must find the PMM empty. */
        chain = drain(pmm, (OOM_HEADROOM_MIB << MIB_SHIFT) / PAGE_SIZE, &held);
        free_mib = (pmm_free_count(pmm) * PAGE_SIZE) >> MIB_SHIFT;
        mib = (uint32_t)free_mib + OOM_EXTRA_MIB;
        kprintf("proc: the test holds %u frames, %llu MiB are left\n", held,
                (unsigned long long)free_mib);
    }
    int32_t pid = proc_spawn("hog", mib, 0);
    if (pid < 0) {
        undrain(pmm, chain);
        return ktest_failf(why, whycap, "spawn hog: %d", pid);
    }
    if (!real)
        proc_get(pid)->frame_limit = OOM_LIMIT_FRAMES;
    kprintf("proc: hog reserves %u MiB with %llu MiB free (%s)\n", mib,
            (unsigned long long)free_mib, real ? "runs the PMM dry" : "frame limit");
    sched_run(NULL, NULL);
    uint64_t left = pmm_free_count(pmm);
    undrain(pmm, chain);
    if (proc_reap(pid, &e) != 0)
        return ktest_failf(why, whycap, "hog left over");
    if (real && left != 0)
        return ktest_failf(why, whycap, "%llu frames free when the hog was killed, expected 0",
                           (unsigned long long)left);
    if (!e.killed || !e.oom)
        return ktest_failf(why, whycap, "hog: %s (status %d), expected an out-of-memory kill",
                           e.killed ? e.why : "exited", e.status);
    if (pmm_free_count(pmm) != before)
        return ktest_failf(why, whycap, "PMM free %llu after the kill, %llu before",
                           (unsigned long long)pmm_free_count(pmm), (unsigned long long)before);
    /* The kernel goes on: a program still runs. */
    if (run_one("hello", 0, PROC_QUIET, &e, why, whycap) != KTEST_PASS)
        return KTEST_FAIL;
    return expect_exit(&e, 0, why, whycap);
}

static uint32_t rr_tss_esp0; /* the TSS's esp0 as the scheduler got the CPU back */

/* rr_done: stop once the trace shows RR_ROUNDS full rounds after the first. */
static int rr_done(void *ctx)
{
    (void)ctx;
    rr_tss_esp0 = gdt_kernel_tss()->esp0;
    return sched_stats()->trace_len >= RR_PROCS * (RR_ROUNDS + 1u);
}

KTEST(proc_round_robin)
{
    NEED_PROGRAMS();
    int32_t pid[RR_PROCS];
    for (uint32_t i = 0; i < RR_PROCS; i++)
        if ((pid[i] = proc_spawn("spin", SPIN_FOREVER, PROC_QUIET)) < 0)
            return ktest_failf(why, whycap, "spawn spin: %d", pid[i]);
    sched_trace_reset();
    uint32_t pre = sched_stats()->preemptions;
    sched_run(rr_done, NULL);
    const struct sched_stats *st = sched_stats();
    int32_t trace[SCHED_TRACE_MAX];
    uint32_t n = st->trace_len;
    memcpy(trace, st->trace, sizeof(trace));
    uint32_t preempted = st->preemptions - pre;
    struct proc *last = proc_get(trace[n - 1u]);
    uint32_t last_cr3 = st->last_cr3, last_esp0 = st->last_esp0;
    int cr3_ok = last != NULL && last_cr3 == (uint32_t)paddr_val(last->space.pd) &&
                 last_esp0 == proc_kstack_top(last) && rr_tss_esp0 == last_esp0;
    struct proc_exit e;
    uint32_t slices[RR_PROCS];
    for (uint32_t i = 0; i < RR_PROCS; i++) {
        proc_stop(pid[i], "round-robin test over");
        proc_reap(pid[i], &e);
        slices[i] = e.preempts;
    }
    for (uint32_t i = 0; i < n; i++)
        if (trace[i] != trace[i % RR_PROCS])
            return ktest_failf(why, whycap, "switch %u went to pid %d, expected %d (order %d %d %d)",
                               i, trace[i], trace[i % RR_PROCS], trace[0], trace[1], trace[2]);
    if (preempted + 1u < n)
        return ktest_failf(why, whycap, "%u timer preemptions for %u switches", preempted, n);
    for (uint32_t i = 0; i < RR_PROCS; i++)
        if (slices[i] < RR_ROUNDS)
            return ktest_failf(why, whycap, "pid %d preempted %u times, expected >= %u", pid[i],
                               slices[i], RR_ROUNDS);
    if (!cr3_ok)
        return ktest_failf(why, whycap, "last switch loaded cr3=%08x esp0=%08x (TSS %08x), not pid %d's",
                           last_cr3, last_esp0, rr_tss_esp0, trace[n - 1u]);
    return KTEST_PASS;
}

KTEST(proc_leak_1000_cycles)
{
    NEED_PROGRAMS();
    struct proc_exit e;
    if (run_one("spin", 0, PROC_QUIET, &e, why, whycap) != KTEST_PASS) /* warm the heap */
        return KTEST_FAIL;
    struct pmm *pmm = mm_boot_pmm();
    uint64_t before = pmm_free_count(pmm);
    struct kheap_stats hs = kheap_stats();
    uint32_t t0 = pit_ticks();
    for (uint32_t i = 0; i < LEAK_CYCLES; i++) {
        if (run_one("spin", 0, PROC_QUIET, &e, why, whycap) != KTEST_PASS)
            return KTEST_FAIL;
        if (e.killed || e.status != 0)
            return ktest_failf(why, whycap, "cycle %u: %s", i, e.killed ? e.why : "bad status");
    }
    uint32_t ticks = pit_ticks() - t0;
    kprintf("proc: %u create/run/exit/reap cycles in %u ticks (%u ms)\n", LEAK_CYCLES, ticks,
            ticks * (1000u / PIT_TICK_HZ));
    if (pmm_free_count(pmm) != before)
        return ktest_failf(why, whycap, "PMM free %llu after %u cycles, %llu before",
                           (unsigned long long)pmm_free_count(pmm), LEAK_CYCLES,
                           (unsigned long long)before);
    struct kheap_stats hs2 = kheap_stats();
    if (hs2.live != hs.live || hs2.live_bytes != hs.live_bytes)
        return ktest_failf(why, whycap, "kernel heap: %u blocks (%u bytes) live, %u (%u) before",
                           hs2.live, hs2.live_bytes, hs.live, hs.live_bytes);
    return KTEST_PASS;
}
