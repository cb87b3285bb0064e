/*
 * entry_state.h: the machine state at the kernel's first instruction, as
 * kernel/entry.asm records it before it changes anything.
 *
 * entry.asm fills the one `entry_state` object (in .data, so the check of
 * .bss can run before anything is written there) and passes its address to
 * kmain(). The offsets below are shared with the assembly through
 * build/kernel/entry_state.inc (generated from this file by
 * tools/gen-nasm-inc.sh); the _Static_asserts tie them to the struct.
 */
#ifndef KERNEL_ENTRY_STATE_H
#define KERNEL_ENTRY_STATE_H

#include <stdint.h>

/* entry_state.flags bits */
#define ENTRY_HAS_CPUID 0x1u /* EFLAGS.ID could be toggled: CPUID exists */
#define ENTRY_HAS_EFER  0x2u /* CPUID reported LM or NX, so EFER was read */

#define ENTRY_EAX_OFF       0u
#define ENTRY_EBX_OFF       4u
#define ENTRY_ESP_OFF       8u
#define ENTRY_EFLAGS_OFF    12u
#define ENTRY_CR0_OFF       16u
#define ENTRY_CR4_OFF       20u
#define ENTRY_EFER_LO_OFF   24u
#define ENTRY_EFER_HI_OFF   28u
#define ENTRY_FLAGS_OFF     32u
#define ENTRY_CS_OFF        36u
#define ENTRY_DS_OFF        40u
#define ENTRY_SS_OFF        44u
#define ENTRY_BSS_DIRTY_OFF 48u
#define ENTRY_STATE_SIZE    52u

struct entry_state {
    uint32_t eax;       /* the boot loader magic (MB2_BOOTLOADER_MAGIC) */
    uint32_t ebx;       /* physical address of the Multiboot2 information */
    uint32_t esp;       /* the loader's stack pointer (not used) */
    uint32_t eflags;
    uint32_t cr0;
    uint32_t cr4;
    uint32_t efer_lo;   /* EFER bits 0-31; 0 when !(flags & ENTRY_HAS_EFER) */
    uint32_t efer_hi;   /* EFER bits 32-63 (reserved, 0 in practice) */
    uint32_t flags;     /* ENTRY_HAS_* */
    uint32_t cs, ds, ss; /* selectors, zero-extended */
    uint32_t bss_dirty; /* address of the first nonzero dword of .bss at entry, 0 if none */
};

_Static_assert(sizeof(struct entry_state) == ENTRY_STATE_SIZE, "entry_state size");
_Static_assert(__builtin_offsetof(struct entry_state, eax) == ENTRY_EAX_OFF, "eax");
_Static_assert(__builtin_offsetof(struct entry_state, ebx) == ENTRY_EBX_OFF, "ebx");
_Static_assert(__builtin_offsetof(struct entry_state, esp) == ENTRY_ESP_OFF, "esp");
_Static_assert(__builtin_offsetof(struct entry_state, eflags) == ENTRY_EFLAGS_OFF, "eflags");
_Static_assert(__builtin_offsetof(struct entry_state, cr0) == ENTRY_CR0_OFF, "cr0");
_Static_assert(__builtin_offsetof(struct entry_state, cr4) == ENTRY_CR4_OFF, "cr4");
_Static_assert(__builtin_offsetof(struct entry_state, efer_lo) == ENTRY_EFER_LO_OFF, "efer_lo");
_Static_assert(__builtin_offsetof(struct entry_state, efer_hi) == ENTRY_EFER_HI_OFF, "efer_hi");
_Static_assert(__builtin_offsetof(struct entry_state, flags) == ENTRY_FLAGS_OFF, "flags");
_Static_assert(__builtin_offsetof(struct entry_state, cs) == ENTRY_CS_OFF, "cs");
_Static_assert(__builtin_offsetof(struct entry_state, ds) == ENTRY_DS_OFF, "ds");
_Static_assert(__builtin_offsetof(struct entry_state, ss) == ENTRY_SS_OFF, "ss");
_Static_assert(__builtin_offsetof(struct entry_state, bss_dirty) == ENTRY_BSS_DIRTY_OFF,
               "bss_dirty");

/* The state entry.asm recorded (defined in entry.asm). */
extern struct entry_state entry_state;

#endif /* KERNEL_ENTRY_STATE_H */
