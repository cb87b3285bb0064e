/*
 * syscall.c: see syscall.h.
 */
#include "syscall.h"

#include "console.h"
#include "proc.h"
#include "sched.h"
#include "syscall_abi.h"
#include "uaccess.h"

#define WRITE_CHUNK 128u /* bytes copied in at a time */

/* err: the negative error result. */
static uint32_t err(uint32_t code)
{
    return (uint32_t)-(int32_t)code;
}

/* uaccess_err: the system-call error for a uaccess result. */
static uint32_t uaccess_err(int r)
{
    return r == UACCESS_NOMEM ? err(SYSERR_NOMEM) : err(SYSERR_FAULT);
}

/* sys_write: copy up to SYS_WRITE_MAX bytes from user buf to the console (and p's kept output). */
static uint32_t sys_write(struct proc *p, uint32_t fd, uint32_t buf, uint32_t len)
{
    if (fd != FD_STDOUT && fd != FD_STDERR)
        return err(SYSERR_BADF);
    if (len > SYS_WRITE_MAX)
        len = SYS_WRITE_MAX;
    int r = uaccess_check(&p->space, &p->regions, buf, len, UACCESS_READ);
    if (r != UACCESS_OK)
        return uaccess_err(r);
    char chunk[WRITE_CHUNK];
    for (uint32_t done = 0; done < len;) {
        uint32_t n = len - done < WRITE_CHUNK ? len - done : WRITE_CHUNK;
        r = uaccess_copy_in(&p->space, &p->regions, chunk, buf + done, n);
        if (r != UACCESS_OK)
            return uaccess_err(r);
        console_write(chunk, n);
        proc_output(p, chunk, n);
        done += n;
    }
    return len;
}

/* set_break: move p's break to addr (heap region resized; pages past the new end given back). */
static uint32_t set_break(struct proc *p, int64_t addr)
{
    if (addr < (int64_t)p->brk_start)
        return err(SYSERR_INVAL);
    if (addr > (int64_t)USER_HEAP_LIMIT)
        return err(SYSERR_NOMEM);
    uint32_t old_end = (uint32_t)page_up(p->brk);
    uint32_t new_end = (uint32_t)page_up((uint64_t)addr);
    if (uregion_resize(&p->regions, p->brk_start, new_end) != UREG_OK)
        return err(SYSERR_NOMEM);
    if (new_end < old_end)
        uvm_release(&p->space, new_end, old_end);
    p->brk = (uint32_t)addr;
    return 0;
}

/* sys_brk: the break for addr 0, else move it to addr. */
static uint32_t sys_brk(struct proc *p, uint32_t addr)
{
    if (addr == 0)
        return p->brk;
    return set_break(p, (int64_t)addr);
}

/* sys_sbrk: move the break by delta; the old break. */
static uint32_t sys_sbrk(struct proc *p, int32_t delta)
{
    uint32_t old = p->brk;
    uint32_t r = set_break(p, (int64_t)old + delta);
    return r == 0 ? old : r;
}

int syscall_dispatch(struct trap_frame *f)
{
    struct proc *p = proc_current();
    if (p == NULL)
        return -1;
    switch (f->eax) {
    case SYS_EXIT:
        proc_exit(p, (int32_t)f->ebx);
    case SYS_WRITE:
        f->eax = sys_write(p, f->ebx, f->ecx, f->edx);
        break;
    case SYS_BRK:
        f->eax = sys_brk(p, f->ebx);
        break;
    case SYS_SBRK:
        f->eax = sys_sbrk(p, (int32_t)f->ebx);
        break;
    case SYS_GETPID:
        f->eax = (uint32_t)p->pid;
        break;
    case SYS_YIELD:
        sched_yield();
        f->eax = 0;
        break;
    default:
        f->eax = err(SYSERR_NOSYS);
        break;
    }
    return 0;
}
