/*
 * ksyms.h: the kernel's own text symbols, for stack traces.
 *
 * The table is generated at build time (tools/gen-ksyms.sh): kernel.mk
 * links the kernel once with an empty table, lists that image's text
 * symbols with `nm -n`, turns them into build/kernel/ksyms_table.c, and
 * links again. The table only adds .rodata, which lies after .text, so no
 * text address moves between the passes (kernel.mk checks that).
 */
#ifndef KERNEL_KSYMS_H
#define KERNEL_KSYMS_H

#include <stdint.h>

struct ksym {
    uint32_t addr;    /* the symbol's address */
    const char *name;
};

/* Sorted by address (generated). */
extern const struct ksym ksym_table[];
extern const uint32_t ksym_count;

/*
 * ksym_lookup: the name of the text symbol containing addr (the last symbol
 * at or below it, as long as addr is inside the kernel's text), with
 * *offset = addr - symbol address. Returns NULL (and *offset = 0) when addr
 * is outside the text or the table is empty.
 */
const char *ksym_lookup(uint32_t addr, uint32_t *offset);

#endif /* KERNEL_KSYMS_H */
