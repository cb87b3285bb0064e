/*
 * mm_check.h: independent checks of the sanitiser's output for the host
 * tests and the fuzzer (no cmocka here): structural invariants, and a
 * page-by-page reference model of what each page must become.
 */
#ifndef TESTS_HOST_MM_CHECK_H
#define TESTS_HOST_MM_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "memmap.h"

#define MM_CHECK_WHY_MAX 256u
#define MM_NO_KIND       0xffffffffu

/* A reproducible pseudo-random sequence (xorshift64*). */
struct mm_rng {
    uint64_t s;
};
void mm_rng_seed(struct mm_rng *r, uint64_t seed);
uint64_t mm_rng_next(struct mm_rng *r);
/* mm_rng_below: uniform-ish in [0, n), n > 0. */
uint64_t mm_rng_below(struct mm_rng *r, uint64_t n);

/*
 * mm_check_shape: 0 when regions are sorted, disjoint, 4 KiB aligned,
 * non-empty, below 4 GiB, of valid kinds, with no two touching regions of
 * one kind; else 1 with the first violation in why.
 */
int mm_check_shape(const struct memmap *m, char *why, size_t cap);

/*
 * mm_reference_kind: what the page at p must be, from the inputs alone:
 * the highest kind of any input touching the page when that kind is not
 * allocatable; the highest allocatable kind when allocatable inputs cover
 * every byte of the page and nothing else touches it; else MM_NO_KIND.
 * Inputs: the source (clipped to 4 GiB), the legacy ranges, the carve-outs.
 */
uint32_t mm_reference_kind(const struct memmap_src *src, const struct mm_region *carve,
                           size_t n_carve, uint64_t p);

/* mm_output_kind: the kind the output gives page p, or MM_NO_KIND. */
uint32_t mm_output_kind(const struct memmap *m, uint64_t p);

/*
 * mm_check_reference: compare output and reference on every page where
 * anything changes (both sides of each input and output boundary) and on
 * one page inside each output region. 0, or 1 with the first mismatch.
 */
int mm_check_reference(const struct memmap_src *src, const struct mm_region *carve,
                       size_t n_carve, const struct memmap *m, char *why, size_t cap);

#endif /* TESTS_HOST_MM_CHECK_H */
