/*
 * fuzz_input.h: taking fixed-size fields off the front of a fuzzer input
 * (missing bytes read as zero, so every input is usable).
 */
#ifndef TESTS_FUZZ_FUZZ_INPUT_H
#define TESTS_FUZZ_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

struct fuzz_input {
    const uint8_t *p;
    size_t left;
};

/* fi_u8, fi_u32, fi_u64: the next little-endian field (zero past the end). */
static inline uint8_t fi_u8(struct fuzz_input *in)
{
    if (in->left == 0)
        return 0;
    in->left--;
    return *in->p++;
}

static inline uint32_t fi_u32(struct fuzz_input *in)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < sizeof(v); i++)
        v |= (uint32_t)fi_u8(in) << (8 * i);
    return v;
}

static inline uint64_t fi_u64(struct fuzz_input *in)
{
    uint64_t lo = fi_u32(in);
    return lo | ((uint64_t)fi_u32(in) << 32);
}

/* Firmware map strides the targets choose from: the common ones and a few odd ones. */
static const size_t fuzz_strides[] = { 40, 48, 64, 56, 41, 32 };
#define FUZZ_STRIDE_COUNT (sizeof(fuzz_strides) / sizeof(fuzz_strides[0]))

#endif /* TESTS_FUZZ_FUZZ_INPUT_H */
