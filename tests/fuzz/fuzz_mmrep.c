/*
 * fuzz_mmrep.c: libFuzzer target for the memory-map report
 * (kernel/mmrep_raw.c, mmrep_fmt.c, mmrep_sum.c) on a fuzzed firmware map.
 *
 * Input layout: a stride selector byte (40 + its value mod 32), then the
 * raw map bytes (cut to whole descriptors, copied into a buffer of exactly
 * their size). Every raw line must be NUL-terminated, shorter than
 * MMREP_RAW_LINE_MAX, and keep the prefix tools/memmap reads; the
 * sanitised map is then built and reported, every line shorter than
 * MMREP_LINE_MAX, with holes + regions covering [0, last end) exactly.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../kernel/mmrep_raw.h"
#include "../../kernel/mmrep_sum.h"
#include "memmap.h"

#define STRIDE_BASE  40u
#define STRIDE_SPAN  32u
#define PREFIX       "efi-mmap: "

static size_t lines_seen;

static void check_line(void *ctx, const char *line)
{
    (void)ctx;
    if (strlen(line) >= MMREP_LINE_MAX - 1 || strncmp(line, MMREP_PREFIX, strlen(MMREP_PREFIX)) != 0)
        abort();
    lines_seen++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t stride = STRIDE_BASE + data[0] % STRIDE_SPAN;
    size_t n = (size - 1) / stride;
    uint8_t *buf = malloc(n * stride + 1);
    memcpy(buf, data + 1, n * stride);
    struct efi_mmap map = { .buf = buf, .size = n * stride, .descr_size = stride,
                            .descr_version = EFI_MDESC_VERSION };
    char line[MMREP_RAW_LINE_MAX];
    size_t len = mmrep_raw_header(line, sizeof(line), &map);
    if (len >= sizeof(line) || strncmp(line, "efi-mmap: descr_size=", 21) != 0)
        abort();
    for (size_t i = 0; i < n; i++) {
        len = mmrep_raw_line(line, sizeof(line), &map, i);
        if (len >= sizeof(line) || strlen(line) != len || strncmp(line, PREFIX, strlen(PREFIX)) != 0 ||
            strstr(line, " attr=0x") == NULL || strstr(line, " type=") == NULL)
            abort();
    }
    struct memmap_src src = { .type = MEMMAP_SRC_EFI, .efi = map };
    size_t bytes = memmap_scratch_bytes(n, 0);
    void *scratch = bytes ? malloc(bytes) : NULL;
    char err[MEMMAP_ERR_MAX];
    struct memmap mm;
    if (scratch != NULL && memmap_build(&src, NULL, 0, scratch, bytes, &mm, err, sizeof(err)) == 0) {
        struct mmrep_sum s;
        mmrep_sum_compute(&mm, &s);
        uint64_t covered = 0;
        for (unsigned r = 0; r < MMREP_ROWS; r++)
            covered += s.band[r][MMREP_BAND_LOW] + s.band[r][MMREP_BAND_MID];
        uint64_t last = mm.count ? mm.regions[mm.count - 1].end : 0;
        if (covered != last || s.reachable > s.usable_reclaim || s.usable_now > s.usable_reclaim)
            abort();
        lines_seen = 0;
        mmrep_sum_report(&mm, check_line, NULL);
        if (lines_seen < mm.count + s.holes + 1)
            abort();
    }
    free(scratch);
    free(buf);
    return 0;
}
