/*
 * hog.c: reserves `arg` MiB with sbrk and writes to every page of it in
 * turn, so frames run out first on a small machine (or under a frame
 * limit): the kernel must kill it with an out-of-memory report. Exit
 * status 0 when it touched everything, 1 when sbrk refused.
 */
#include "ulib.h"

#define PAGE     4096u
#define MIB      (1024u * 1024u)

int main(uint32_t mib)
{
    uint32_t bytes = mib * MIB;
    int32_t base = sys_sbrk((int32_t)bytes);
    if (usys_failed(base))
        return 1;
    for (uint32_t off = 0; off < bytes; off += PAGE)
        *(volatile uint32_t *)((uint32_t)base + off) = off;
    return 0;
}
