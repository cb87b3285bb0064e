/*
 * boot_times.h: the boot-times information tag, our extension of Multiboot2
 * (docs/boot-times.md).
 *
 * The loader (efi/boottimes.c) adds one tag of type BOOT_TIMES_TAG_TYPE to
 * the information structure; it holds time-stamp counter readings taken at
 * fixed points of the boot, in the order of the BT_* slots below. The
 * loader fills its own slots after ExitBootServices; the trampoline writes
 * BT_TRAMP_ENTRY and BT_KERNEL_JUMP itself, at the addresses the handoff
 * page names (trampoline/handoff.h). A slot that holds 0 was not taken.
 * The kernel (kernel/boottimes.c) turns the readings into the `boot-times:`
 * line. Multiboot2 defines types 0..21; other kernels skip this tag as the
 * specification asks them to do with unknown types.
 *
 * Plain fixed-width types: the layout is the same for the x86_64 and ia32
 * loaders and the i386 kernel (the _Static_asserts pin it).
 */
#ifndef BOOT_TIMES_H
#define BOOT_TIMES_H

#include <stdint.h>

#define BOOT_TIMES_TAG_TYPE   0x50420001u /* "PB" 0001: far above the specification's 0..21 */
#define BOOT_TIMES_VERSION    1u

/* Slots, in boot order. */
#define BT_LOADER_ENTRY       0u /* first statement of efi_main */
#define BT_READS_BEGIN        1u /* before /boot.cfg is read */
#define BT_READS_END          2u /* kernel and modules read and checked */
#define BT_EXIT_BEGIN         3u /* before the final GetMemoryMap */
#define BT_EXIT_DONE          4u /* ExitBootServices succeeded */
#define BT_TRAMP_ENTRY        5u /* trampoline in 32-bit protected mode, before the copies */
#define BT_KERNEL_JUMP        6u /* trampoline, copies done, just before the jump */
#define BT_COUNT              7u

#define BOOT_TIMES_STAMPS_OFF 16u  /* bytes from the tag's start to stamps[0] */
#define BOOT_TIMES_STAMP_SIZE 8u
#define BOOT_TIMES_TAG_SIZE   72u  /* BOOT_TIMES_STAMPS_OFF + BT_COUNT * 8 */

struct boot_times_tag {
    uint32_t type;     /* BOOT_TIMES_TAG_TYPE */
    uint32_t size;     /* BOOT_TIMES_TAG_SIZE */
    uint32_t version;  /* BOOT_TIMES_VERSION */
    uint32_t count;    /* BT_COUNT */
    uint64_t stamps[BT_COUNT]; /* rdtsc readings; 0: not taken */
};

_Static_assert(sizeof(struct boot_times_tag) == BOOT_TIMES_TAG_SIZE, "boot-times tag size");
_Static_assert(__builtin_offsetof(struct boot_times_tag, stamps) == BOOT_TIMES_STAMPS_OFF,
               "boot-times stamps offset");
_Static_assert(BOOT_TIMES_STAMPS_OFF + BT_COUNT * BOOT_TIMES_STAMP_SIZE == BOOT_TIMES_TAG_SIZE,
               "boot-times slots fill the tag");

#endif /* BOOT_TIMES_H */
