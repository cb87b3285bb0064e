/*
 * ulib.c: the user runtime (see ulib.h), including the entry point.
 */
#include "ulib.h"

#define DEC_DIGITS_MAX 10u
#define DEC_BASE       10u

int main(uint32_t arg);

/* _start: EAX holds the argument the kernel chose; main's result is the exit status. */
__asm__(".text\n"
        ".globl _start\n"
        "_start:\n"
        "    xorl %ebp, %ebp\n"
        "    pushl %eax\n"
        "    call main\n"
        "    movl %eax, %ebx\n"
        "    movl $" U_STR(SYS_EXIT) ", %eax\n"
        "    int $" U_STR(SYSCALL_VECTOR) "\n"
        "    ud2\n");

size_t ustrlen(const char *s)
{
    size_t n = 0;
    while (s[n] != '\0')
        n++;
    return n;
}

void uputs(const char *s)
{
    sys_write(FD_STDOUT, s, (uint32_t)ustrlen(s));
}

char *uutoa(uint32_t v, char *buf)
{
    char tmp[DEC_DIGITS_MAX];
    unsigned n = 0;
    do {
        tmp[n++] = (char)('0' + v % DEC_BASE);
        v /= DEC_BASE;
    } while (v != 0);
    for (unsigned i = 0; i < n; i++)
        buf[i] = tmp[n - 1u - i];
    buf[n] = '\0';
    return buf;
}
