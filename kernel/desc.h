/*
 * desc.h: encoding GDT and IDT entries (pure C, also built for the host
 * tests: tests/host/test_desc.c).
 */
#ifndef KERNEL_DESC_H
#define KERNEL_DESC_H

#include <stdint.h>

/* A segment descriptor as the CPU reads it (8 bytes, little-endian). */
struct seg_desc {
    uint16_t limit_lo;   /* limit bits 0-15 */
    uint16_t base_lo;    /* base bits 0-15 */
    uint8_t base_mid;    /* base bits 16-23 */
    uint8_t access;      /* P, DPL, S, type (seg.h DESC_ACC_*) */
    uint8_t flags_limit; /* flags (G, D/B, L, AVL) << 4 | limit bits 16-19 */
    uint8_t base_hi;     /* base bits 24-31 */
} __attribute__((packed));

/* An IDT gate (8 bytes). */
struct gate_desc {
    uint16_t offset_lo;  /* handler bits 0-15 (0 for a task gate) */
    uint16_t selector;   /* code segment, or TSS selector for a task gate */
    uint8_t zero;
    uint8_t type_attr;   /* P, DPL, 0, gate type (seg.h GATE_*) */
    uint16_t offset_hi;  /* handler bits 16-31 */
} __attribute__((packed));

_Static_assert(sizeof(struct seg_desc) == 8, "segment descriptor is 8 bytes");
_Static_assert(__builtin_offsetof(struct seg_desc, access) == 5, "access byte at 5");
_Static_assert(__builtin_offsetof(struct seg_desc, flags_limit) == 6, "flags at 6");
_Static_assert(__builtin_offsetof(struct seg_desc, base_hi) == 7, "base 24-31 at 7");
_Static_assert(sizeof(struct gate_desc) == 8, "gate is 8 bytes");
_Static_assert(__builtin_offsetof(struct gate_desc, type_attr) == 5, "gate type at 5");
_Static_assert(__builtin_offsetof(struct gate_desc, offset_hi) == 6, "offset 16-31 at 6");

/*
 * desc_encode: THE way a segment descriptor is built. base: 32-bit linear
 * base; limit: 20-bit limit (in bytes, or in 4 KiB units with
 * DESC_FLAG_G); access: the access byte (DESC_ACC_* or a system type such
 * as DESC_SYS_TSS32, with DESC_ACC_PRESENT and a DPL); flags: the 4-bit
 * DESC_FLAG_* nibble. Limit bits above 19 and flag bits above 3 are
 * dropped (callers pass DESC_LIMIT_MAX at most). Returns the descriptor.
 */
struct seg_desc desc_encode(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags);

/* desc_to_u64: the descriptor as the 64-bit value it is in memory. */
uint64_t desc_to_u64(struct seg_desc d);

/*
 * gate_encode: an IDT gate to offset in segment selector; type_attr is
 * GATE_PRESENT | GATE_DPLn | GATE_INT32/GATE_TRAP32/GATE_TASK. For a task
 * gate, selector is the TSS selector and offset must be 0.
 */
struct gate_desc gate_encode(uint16_t selector, uint32_t offset, uint8_t type_attr);

/* gate_to_u64: the gate as the 64-bit value it is in memory. */
uint64_t gate_to_u64(struct gate_desc g);

#endif /* KERNEL_DESC_H */
