/*
 * fuzz_memmap.c: libFuzzer target for the memory-map sanitiser
 * (mm/memmap.c), fed a fuzzed EFI map (any stride in fuzz_strides) or a
 * fuzzed Multiboot2 tag-6 entry array, plus up to three fuzzed carve-outs.
 *
 * Input layout: a selector byte (bit 0: Multiboot2, bits 1-3: stride index,
 * bit 4: descriptor version 2), a carve-out count byte, the carve-outs
 * (base, length, kind byte), then the raw map bytes, copied into a buffer of
 * exactly their size. A well-formed map must sanitise with exactly the
 * scratch memmap_scratch_bytes asks for, into output that passes
 * mm_check_shape and agrees with the page-by-page reference model
 * (tests/host/mm_check.c); a malformed one must be refused with a message.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "../host/mm_check.h"

#define SEL_MB2        0x01u
#define SEL_STRIDE_SHIFT 1u
#define SEL_STRIDE_MASK  0x07u
#define SEL_VERSION2   0x10u
#define MAX_CARVE      3u
#define CARVE_KINDS    5u   /* MM_KERNEL .. MM_LEGACY */
#define MB2_ENTRY_SIZE 24u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_input in = { data, size };
    uint8_t sel = fi_u8(&in);
    size_t nc = fi_u8(&in) % (MAX_CARVE + 1);
    struct mm_region carve[MAX_CARVE];
    for (size_t i = 0; i < nc; i++) {
        uint64_t b = fi_u64(&in), len = fi_u64(&in);
        uint64_t e = b > UINT64_MAX - len ? UINT64_MAX : b + len;
        carve[i] = (struct mm_region){ b, e, MM_KERNEL + fi_u8(&in) % CARVE_KINDS, 0 };
    }
    uint8_t *buf = malloc(in.left ? in.left : 1);
    if (buf == NULL)
        return 0;
    memcpy(buf, in.p, in.left);

    struct memmap_src src = { 0 };
    if (sel & SEL_MB2) {
        src.type = MEMMAP_SRC_MB2;
        src.mb2_entries = buf;
        src.mb2_entry_size = MB2_ENTRY_SIZE;
        src.mb2_count = in.left / MB2_ENTRY_SIZE;
    } else {
        size_t k = (sel >> SEL_STRIDE_SHIFT) & SEL_STRIDE_MASK;
        src.type = MEMMAP_SRC_EFI;
        src.efi = (struct efi_mmap){ buf, in.left,
                                     fuzz_strides[k % (sizeof(fuzz_strides) / sizeof(fuzz_strides[0]))],
                                     (sel & SEL_VERSION2) ? 2u : EFI_MDESC_VERSION };
    }
    const char *bad = memmap_src_check(&src);
    size_t need = memmap_scratch_bytes(memmap_src_count(&src), nc);
    void *scratch = malloc(need ? need : 1);
    struct memmap out;
    char err[MEMMAP_ERR_MAX];
    int rc = memmap_build(&src, carve, nc, scratch, need, &out, err, sizeof(err));
    if ((rc != 0) != (bad != NULL) || (rc != 0 && err[0] == '\0'))
        abort();
    if (rc == 0) {
        char why[MM_CHECK_WHY_MAX];
        if (out.count > memmap_max_regions(memmap_src_count(&src), nc) ||
            mm_check_shape(&out, why, sizeof(why)) ||
            mm_check_reference(&src, carve, nc, &out, why, sizeof(why)))
            abort();
        uint64_t sum = 0, kept = 0;
        for (size_t i = 0; i < out.count; i++)
            sum += out.regions[i].end - out.regions[i].base;
        for (uint32_t k = 0; k < MM_KIND_COUNT; k++)
            kept += out.stats.kept[k];
        if (sum != kept || out.stats.dropped_zero + out.stats.dropped_overflow > out.stats.entries)
            abort();
        uint64_t at, lo, hi;
        if (memmap_find_free(&src, carve, nc, PAGE_SIZE, MEMMAP_LEGACY_HOLE_END, &at) == 0 &&
            ((at & PAGE_MASK) != 0 || at < MEMMAP_LEGACY_HOLE_END || at >= ADDR_4G))
            abort();
        if (memmap_usable_span(&src, &lo, &hi) == 0 && (lo >= hi || hi > ADDR_4G))
            abort();
    }
    free(scratch);
    free(buf);
    return 0;
}
