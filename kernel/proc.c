/*
 * proc.c: see proc.h.
 */
#include "proc.h"

#include "console.h"
#include "exc.h"
#include "fmt.h"
#include "kheap.h"
#include "kstring.h"
#include "kvm.h"
#include "mm_boot.h"
#include "mm_hooks.h"
#include "panic.h"
#include "pmm.h"
#include "sched.h"
#include "seg.h"
#include "uprog.h"
#include "x86.h"

#define PAGE_OFF_MASK     (PAGE_SIZE - 1u)
#define USER_STACK_ALIGN  16u
#define USER_EFLAGS       (EFLAGS_IF | EFLAGS_RESERVED) /* IOPL 0: no port access */
#define SWTCH_WORDS       4u  /* EDI ESI EBX EBP, popped by swtch */

void proc_trapret(void); /* swtch.asm */

static struct proc *table[PROC_MAX];
static struct proc *current;
static int32_t next_pid = 1;

/* Frames for a process: from the PMM, counted, within its limit. */
static paddr_t frame_alloc(void *ctx)
{
    struct proc *p = ctx;
    if (p->frame_limit != 0 && p->frames >= p->frame_limit)
        return paddr(0);
    paddr_t pa = pmm_alloc(mm_boot_pmm());
    if (!paddr_is_null(pa))
        p->frames++;
    return pa;
}

static void frame_free(void *ctx, paddr_t pa)
{
    struct proc *p = ctx;
    pmm_free(mm_boot_pmm(), pa);
    p->frames--;
}

struct proc *proc_at(uint32_t i)
{
    return i < PROC_MAX ? table[i] : NULL;
}

struct proc *proc_get(int32_t pid)
{
    for (uint32_t i = 0; i < PROC_MAX; i++)
        if (table[i] != NULL && table[i]->pid == pid)
            return table[i];
    return NULL;
}

struct proc *proc_current(void)
{
    return current;
}

void proc_set_current(struct proc *p)
{
    current = p;
}

uint32_t proc_kstack_top(const struct proc *p)
{
    return (uint32_t)(uintptr_t)(p->kstack + PROC_KSTACK_SIZE);
}

uint32_t proc_live(void)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < PROC_MAX; i++)
        if (table[i] != NULL && table[i]->state == PROC_RUNNABLE)
            n++;
    return n;
}

/* load_segment: map segment s of the program's file, page by page, zero-filled past its file bytes. */
static int load_segment(struct proc *p, const struct uprog *prog, const struct uelf_seg *s)
{
    uint32_t first = s->vaddr & ~PAGE_OFF_MASK;
    uint32_t end = (uint32_t)page_up((uint64_t)s->vaddr + s->memsz);
    uint32_t flags = PTE_U | ((s->flags & UELF_SEG_W) ? PTE_W : 0u);
    for (uint32_t page = first; page < end; page += PAGE_SIZE) {
        paddr_t pa = frame_alloc(p);
        if (paddr_is_null(pa))
            return -1;
        uint8_t *dst = phys_to_ptr(pa);
        memset(dst, 0, PAGE_SIZE);
        /* The file bytes of [page, page + PAGE_SIZE): the part of [vaddr, vaddr + filesz) in it. */
        uint32_t lo = page > s->vaddr ? page : s->vaddr;
        uint32_t hi = page + PAGE_SIZE;
        if (hi > s->vaddr + s->filesz)
            hi = s->vaddr + s->filesz;
        if (lo < hi)
            uprog_read(prog, s->offset + (lo - s->vaddr), dst + (lo - page), hi - lo);
        if (map_page(&p->space, uva(page), pa, flags, 0) != VM_OK) {
            frame_free(p, pa);
            return -1;
        }
    }
    return 0;
}

/* first_frame: the trap frame a new process leaves its kernel stack with (ring 3, at entry). */
static void first_frame(struct proc *p, uint32_t entry, uint32_t arg)
{
    struct trap_frame *tf = (struct trap_frame *)(p->kstack + PROC_KSTACK_SIZE) - 1;
    memset(tf, 0, sizeof(*tf));
    tf->gs = tf->fs = tf->es = tf->ds = SEL_UDATA;
    tf->eax = arg;
    tf->eip = entry;
    tf->cs = SEL_UCODE;
    tf->eflags = USER_EFLAGS;
    tf->user_esp = USER_TOP - USER_STACK_ALIGN;
    tf->user_ss = SEL_UDATA;
    /* What swtch pops: EDI ESI EBX EBP (zero: ends stack walks), then proc_trapret. */
    uint32_t *sp = (uint32_t *)tf;
    *--sp = (uint32_t)(uintptr_t)proc_trapret;
    for (uint32_t i = 0; i < SWTCH_WORDS; i++)
        *--sp = 0;
    p->kesp = (uint32_t)(uintptr_t)sp;
}

/* zombie: p has ended: note what it held, and stop scheduling it. */
static void zombie(struct proc *p)
{
    p->exit.frames = p->frames;
    p->exit.reserved = uregion_reserved(&p->regions);
    p->state = PROC_ZOMBIE;
}

/* destroy: give back everything p holds and free its slot. */
static void destroy(struct proc *p)
{
    if (!paddr_is_null(p->space.pd))
        uvm_free_user(&p->space);
    if (p->frames != 0)
        panic("proc %d (%s): %u frames unaccounted for after freeing its address space",
              p->pid, p->name, p->frames);
    for (uint32_t i = 0; i < PROC_MAX; i++)
        if (table[i] == p)
            table[i] = NULL;
    kfree(p->kstack);
    kfree(p);
}

int32_t proc_spawn(const char *prog_name, uint32_t arg, unsigned opts)
{
    const struct uprog *prog = uprog_find(prog_name);
    if (prog == NULL)
        return PROC_ENOPROG;
    uint32_t slot = 0;
    while (slot < PROC_MAX && table[slot] != NULL)
        slot++;
    if (slot == PROC_MAX)
        return PROC_EFULL;
    struct proc *p = kmalloc(sizeof(*p));
    if (p == NULL)
        return PROC_ENOMEM;
    memset(p, 0, sizeof(*p));
    p->kstack = kmalloc(PROC_KSTACK_SIZE);
    if (p->kstack == NULL) {
        kfree(p);
        return PROC_ENOMEM;
    }
    p->pid = next_pid++;
    p->opts = opts;
    memcpy(p->name, prog->name, PROC_NAME_MAX);
    table[slot] = p;
    struct vm_frames fr = { frame_alloc, frame_free, p };
    if (vm_space_init(&p->space, &fr) != VM_OK) {
        destroy(p);
        return PROC_ENOMEM;
    }
    uvm_copy_kernel_pdes(&p->space, kvm_space()->pd);
    for (uint32_t i = 0; i < prog->image.nsegs; i++) {
        if (load_segment(p, prog, &prog->image.segs[i]) != 0) {
            destroy(p);
            return PROC_ENOMEM;
        }
    }
    uregion_init(&p->regions);
    p->brk_start = p->brk = prog->image.end;
    /* Both fit by construction: the program ends below USER_HEAP_LIMIT (uelf.h). */
    if (uregion_add(&p->regions, p->brk_start, p->brk_start, UREG_W, UREG_HEAP) != UREG_OK ||
        uregion_add(&p->regions, USER_STACK_BOTTOM, USER_TOP, UREG_W, UREG_STACK) != UREG_OK)
        panic("proc %d: the heap and stack regions do not fit", p->pid);
    first_frame(p, prog->image.entry, arg);
    p->exit.pid = p->pid;
    memcpy(p->exit.name, p->name, PROC_NAME_MAX);
    p->state = PROC_RUNNABLE;
    return p->pid;
}

void proc_output(struct proc *p, const char *s, uint32_t n)
{
    struct proc_exit *e = &p->exit;
    for (uint32_t i = 0; i < n && e->out_len + 1u < PROC_OUT_MAX; i++)
        e->out[e->out_len++] = s[i];
    e->out[e->out_len] = '\0';
}

void proc_exit(struct proc *p, int32_t status)
{
    p->exit.status = status;
    zombie(p);
    if (!(p->opts & PROC_QUIET))
        kprintf("proc %d (%s): exited with status %d\n", p->pid, p->name, status);
    sched_leave();
}

void proc_kill_fault(struct proc *p, const struct trap_frame *f, uint32_t cr2, const char *what,
                     int oom)
{
    struct proc_exit *e = &p->exit;
    char decoded[EXC_DECODE_MAX];
    exc_decode_error(f->vector, f->err, cr2, decoded, sizeof(decoded));
    e->killed = 1;
    e->vector = f->vector;
    e->err = f->err;
    e->cr2 = cr2;
    e->eip = f->eip;
    e->oom = oom;
    if (oom)
        fmt_format(e->why, sizeof(e->why), "out of memory at %08x (%u frames held, %llu free)",
                   cr2, p->frames, (unsigned long long)pmm_free_count(mm_boot_pmm()));
    else
        fmt_format(e->why, sizeof(e->why), "%s %s: %s", exc_mnemonic(f->vector),
                   exc_name(f->vector), what);
    zombie(p);
    kprintf("proc %d (%s): killed: %s\n", p->pid, p->name, e->why);
    kprintf("proc %d (%s):   error=%08x %s eip=%08x esp=%08x\n", p->pid, p->name, f->err,
            decoded, f->eip, f->user_esp);
    sched_leave();
}

int proc_stop(int32_t pid, const char *why)
{
    struct proc *p = proc_get(pid);
    if (p == NULL || p->state != PROC_RUNNABLE || p == current)
        return -1;
    p->exit.killed = 1;
    fmt_format(p->exit.why, sizeof(p->exit.why), "stopped by the kernel: %s", why);
    zombie(p);
    kprintf("proc %d (%s): killed: %s\n", p->pid, p->name, p->exit.why);
    return 0;
}

int proc_reap(int32_t pid, struct proc_exit *out)
{
    struct proc *p = proc_get(pid);
    if (p == NULL)
        return -2;
    if (p->state != PROC_ZOMBIE)
        return -1;
    if (out != NULL)
        *out = p->exit;
    destroy(p);
    return 0;
}
