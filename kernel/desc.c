/*
 * desc.c: see desc.h.
 */
#include "desc.h"

#define BYTE_MASK    0xFFu
#define WORD_MASK    0xFFFFu
#define NIBBLE_MASK  0xFu
#define NIBBLE_SHIFT 4u
#define BITS_16      16u
#define BITS_24      24u
#define BYTE_BITS    8u

struct seg_desc desc_encode(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
    struct seg_desc d;
    d.limit_lo = (uint16_t)(limit & WORD_MASK);
    d.base_lo = (uint16_t)(base & WORD_MASK);
    d.base_mid = (uint8_t)((base >> BITS_16) & BYTE_MASK);
    d.access = access;
    d.flags_limit = (uint8_t)(((flags & NIBBLE_MASK) << NIBBLE_SHIFT) |
                              ((limit >> BITS_16) & NIBBLE_MASK));
    d.base_hi = (uint8_t)((base >> BITS_24) & BYTE_MASK);
    return d;
}

/* le64: the 8 bytes at p as a little-endian value (independent of host order). */
static uint64_t le64(const void *p)
{
    const uint8_t *b = p;
    uint64_t v = 0;
    for (unsigned i = 8; i-- > 0;)
        v = (v << BYTE_BITS) | b[i];
    return v;
}

uint64_t desc_to_u64(struct seg_desc d)
{
    return le64(&d);
}

struct gate_desc gate_encode(uint16_t selector, uint32_t offset, uint8_t type_attr)
{
    struct gate_desc g;
    g.offset_lo = (uint16_t)(offset & WORD_MASK);
    g.selector = selector;
    g.zero = 0;
    g.type_attr = type_attr;
    g.offset_hi = (uint16_t)(offset >> BITS_16);
    return g;
}

uint64_t gate_to_u64(struct gate_desc g)
{
    return le64(&g);
}
