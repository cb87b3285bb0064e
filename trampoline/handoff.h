/*
 * handoff.h: the one page the loader fills in and the trampoline reads.
 *
 * The loader copies the trampoline's code to the start of one page below
 * 4 GiB, writes a struct handoff at HANDOFF_OFFSET and the copy list right
 * after it, then calls the code with boot services gone. The trampoline's
 * stack grows down from the end of the same page. trampoline/handoff.inc
 * repeats these offsets for NASM; the _Static_asserts below and the build's
 * check of handoff.inc keep the two in step.
 *
 *   page + 0               trampoline code, GDT (TRAMP_CODE_MAX bytes at most)
 *   page + HANDOFF_OFFSET  struct handoff
 *   page + COPIES_OFFSET   struct copy_entry[HANDOFF_MAX_COPIES]
 *   page + STACK_BOTTOM .. page + TRAMP_PAGE_SIZE: the trampoline's stack
 */
#ifndef TRAMPOLINE_HANDOFF_H
#define TRAMPOLINE_HANDOFF_H

#include <stdint.h>

#include "boot_times.h"

#define TRAMP_PAGE_SIZE    4096u
#define TRAMP_CODE_MAX     1024u  /* the code must fit below HANDOFF_OFFSET */
#define HANDOFF_OFFSET     TRAMP_CODE_MAX
#define HANDOFF_SIZE       32u
#define COPIES_OFFSET      (HANDOFF_OFFSET + HANDOFF_SIZE)
#define COPY_ENTRY_SIZE    16u
#define TRAMP_STACK_SIZE   1024u
#define TRAMP_STACK_BOTTOM (TRAMP_PAGE_SIZE - TRAMP_STACK_SIZE)
#define HANDOFF_MAX_COPIES ((TRAMP_STACK_BOTTOM - COPIES_OFFSET) / COPY_ENTRY_SIZE)
#define HANDOFF_MAGIC      0x464f4448u /* "HDOF": the loader filled the page in */

/*
 * One copy: memmove(dst, src, copy_len), then memset(dst + copy_len, 0,
 * zero_len). The trampoline copies in the direction that is safe when
 * source and destination overlap. All addresses are physical, below 4 GiB.
 */
struct copy_entry {
    uint32_t dst;
    uint32_t src;
    uint32_t copy_len;
    uint32_t zero_len;
};

struct handoff {
    uint32_t magic;    /* HANDOFF_MAGIC; the trampoline halts on anything else */
    uint32_t entry;    /* physical address the kernel is entered at */
    uint32_t info;     /* physical address of the Multiboot2 information (EBX) */
    uint32_t ncopies;  /* entries used in the copy list, <= HANDOFF_MAX_COPIES */
    uint32_t kernel_magic; /* EAX at the kernel's entry: 0x36d76289 (Multiboot2)
                              or 0x2BADB002 (Multiboot1) */
    uint32_t times;    /* physical address of the boot-times tag (boot_times.h) whose
                          BT_TRAMP_ENTRY and BT_KERNEL_JUMP slots the trampoline
                          fills in with rdtsc; 0: no tag, nothing written */
    uint32_t reserved[2];
};

#define HANDOFF_MAGIC_OFF   0u
#define HANDOFF_ENTRY_OFF   4u
#define HANDOFF_INFO_OFF    8u
#define HANDOFF_NCOPIES_OFF 12u
#define HANDOFF_KMAGIC_OFF  16u
#define HANDOFF_TIMES_OFF   20u
/* Byte offsets of the trampoline's two stamps from the boot-times tag's start. */
#define HANDOFF_TIMES_TRAMP_OFF 56u
#define HANDOFF_TIMES_JUMP_OFF  64u
#define COPY_DST_OFF        0u
#define COPY_SRC_OFF        4u
#define COPY_LEN_OFF        8u
#define COPY_ZERO_OFF       12u

_Static_assert(sizeof(struct handoff) == HANDOFF_SIZE, "handoff size");
_Static_assert(__builtin_offsetof(struct handoff, magic) == HANDOFF_MAGIC_OFF, "magic offset");
_Static_assert(__builtin_offsetof(struct handoff, entry) == HANDOFF_ENTRY_OFF, "entry offset");
_Static_assert(__builtin_offsetof(struct handoff, info) == HANDOFF_INFO_OFF, "info offset");
_Static_assert(__builtin_offsetof(struct handoff, ncopies) == HANDOFF_NCOPIES_OFF, "ncopies offset");
_Static_assert(__builtin_offsetof(struct handoff, kernel_magic) == HANDOFF_KMAGIC_OFF,
               "kernel_magic offset");
_Static_assert(__builtin_offsetof(struct handoff, times) == HANDOFF_TIMES_OFF, "times offset");
_Static_assert(HANDOFF_TIMES_TRAMP_OFF ==
               BOOT_TIMES_STAMPS_OFF + BT_TRAMP_ENTRY * BOOT_TIMES_STAMP_SIZE,
               "trampoline-entry stamp offset");
_Static_assert(HANDOFF_TIMES_JUMP_OFF ==
               BOOT_TIMES_STAMPS_OFF + BT_KERNEL_JUMP * BOOT_TIMES_STAMP_SIZE,
               "kernel-jump stamp offset");
_Static_assert(sizeof(struct copy_entry) == COPY_ENTRY_SIZE, "copy entry size");
_Static_assert(__builtin_offsetof(struct copy_entry, dst) == COPY_DST_OFF, "dst offset");
_Static_assert(__builtin_offsetof(struct copy_entry, src) == COPY_SRC_OFF, "src offset");
_Static_assert(__builtin_offsetof(struct copy_entry, copy_len) == COPY_LEN_OFF, "len offset");
_Static_assert(__builtin_offsetof(struct copy_entry, zero_len) == COPY_ZERO_OFF, "zero offset");
_Static_assert(HANDOFF_MAX_COPIES >= 64, "room for a reasonable number of segments");

#endif /* TRAMPOLINE_HANDOFF_H */
