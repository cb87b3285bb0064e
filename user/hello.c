/*
 * hello.c: says hello with its pid (the program `make run` shows).
 */
#include "ulib.h"

#define PID_DIGITS 11u

int main(uint32_t arg)
{
    (void)arg;
    char pid[PID_DIGITS];
    uputs("hello from pid ");
    uputs(uutoa((uint32_t)sys_getpid(), pid));
    uputs(" in ring 3\n");
    return 0;
}
