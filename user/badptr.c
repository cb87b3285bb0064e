/*
 * badptr.c: hands the kernel pointers it must refuse; exit status 0 when
 * every call gave the expected result, else the number of the first check
 * that did not.
 */
#include "paging.h"
#include "progs.h"
#include "ulib.h"

#define UNMAPPED_ADDR  0x00020000u  /* below the program, in no region */
#define NEAR_TOP       (USER_TOP - 8u)
#define SPAN           16u
#define ALL_BYTES      0xFFFFFFFFu
#define BAD_FD         7u
#define NO_SUCH_CALL   99u
#define PAGE           4096u

static const char msg[] = "badptr: ok\n";

/* expect: 0 when r == want, else the check number n. */
static int expect(int32_t r, int32_t want, int n)
{
    return r == want ? 0 : n;
}

int main(uint32_t arg)
{
    (void)arg;
    int e;
    if ((e = expect(sys_write(FD_STDOUT, (const void *)PROBE_KERNEL_ADDR, SPAN),
                    -(int32_t)SYSERR_FAULT, 1)))
        return e;
    if ((e = expect(sys_write(FD_STDOUT, (const void *)UNMAPPED_ADDR, SPAN),
                    -(int32_t)SYSERR_FAULT, 2)))
        return e;
    if ((e = expect(sys_write(FD_STDOUT, (const void *)NEAR_TOP, SPAN), -(int32_t)SYSERR_FAULT,
                    3)))
        return e;
    if ((e = expect(sys_write(FD_STDOUT, msg, ALL_BYTES), -(int32_t)SYSERR_FAULT, 4)))
        return e;
    if ((e = expect(sys_write(BAD_FD, msg, SPAN), -(int32_t)SYSERR_BADF, 5)))
        return e;
    if ((e = expect(usys(NO_SUCH_CALL, 0, 0, 0), -(int32_t)SYSERR_NOSYS, 6)))
        return e;
    if ((e = expect(sys_brk(USER_TOP), -(int32_t)SYSERR_NOMEM, 7)))
        return e;
    int32_t brk = sys_brk(0);
    if ((e = expect(sys_brk((uint32_t)brk - PAGE * SPAN * SPAN), -(int32_t)SYSERR_INVAL, 8)))
        return e;
    /* One more page of heap, touched. */
    int32_t fresh = sys_sbrk((int32_t)PAGE);
    if (usys_failed(fresh))
        return 9;
    *(volatile char *)fresh = '!';
    /* Give it back: the page is unmapped again and the pointer is bad. */
    if ((e = expect(sys_brk((uint32_t)fresh), 0, 10)))
        return e;
    if ((e = expect(sys_write(FD_STDOUT, (const void *)fresh, 1), -(int32_t)SYSERR_FAULT, 12)))
        return e;
    if ((e = expect(sys_write(FD_STDOUT, msg, sizeof(msg) - 1u), (int32_t)(sizeof(msg) - 1u),
                    11)))
        return e;
    return 0;
}
