/*
 * fuzz_plan.c: libFuzzer target for efi/plan.c (plan_copies) with a fuzzed
 * firmware map, fuzzed segments and busy ranges.
 *
 * Input layout: stride selector, version flag, segment count, busy count,
 * list size, staging address, the segments (paddr, file_offset, filesz,
 * memsz; shaped like kimage_analyse output: filesz <= memsz, below 4 GiB),
 * the busy ranges (base, end), then the raw map bytes (copied into a buffer
 * of exactly their size). When a plan is returned, it is checked against
 * the contract independently: every destination covered by usable
 * descriptors and by no descriptor the firmware keeps, clear of the busy ranges and of the other entries, below
 * 4 GiB, at most max entries, and each entry matches its segment.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "plan.h"

#define SEGS_MAX     6u
#define BUSY_MAX     4u
#define OUT_MAX      8u
#define ERR_CAP      256u
#define FOUR_GIB     0x100000000ull
#define VERSION_FLAG 0x80u

/* usable_through: how far from pos usable descriptors reach without a gap (pos if none covers it). */
static uint64_t usable_through(const struct efi_mmap *map, uint64_t pos)
{
    size_t n = efi_mmap_count(map);
    for (int moved = 1; moved;) {
        moved = 0;
        for (size_t i = 0; i < n; i++) {
            struct efi_mdesc d;
            efi_mmap_get(map, i, &d);
            uint64_t end = efi_mdesc_end(&d);
            if (efi_type_usable_after_exit(d.type) && end != 0 && d.phys_start <= pos && end > pos) {
                pos = end;
                moved = 1;
            }
        }
    }
    return pos;
}

static int overlap(uint64_t a0, uint64_t a1, uint64_t b0, uint64_t b1)
{
    return a0 < a1 && b0 < b1 && a0 < b1 && b0 < a1;
}

/* claimed: does a descriptor the firmware keeps overlap [d0, d1)? */
static int claimed(const struct efi_mmap *map, uint64_t d0, uint64_t d1)
{
    size_t n = efi_mmap_count(map);
    for (size_t i = 0; i < n; i++) {
        struct efi_mdesc d;
        efi_mmap_get(map, i, &d);
        uint64_t end = efi_mdesc_end(&d);
        if (end != 0 && !efi_type_usable_after_exit(d.type) && overlap(d0, d1, d.phys_start, end))
            return 1;
    }
    return 0;
}

static void check_plan(const struct kimage *img, uint32_t staging, const struct efi_mmap *map,
                       const struct busy_range *busy, unsigned nbusy,
                       const struct copy_entry *out, int n, unsigned max)
{
    if (n < 0 || (unsigned)n > max)
        abort();
    int k = 0;
    for (unsigned s = 0; s < img->nsegs; s++) {
        const struct kseg *seg = &img->segs[s];
        if (seg->memsz == 0)
            continue;
        if (k >= n)
            abort();
        const struct copy_entry *e = &out[k++];
        uint64_t d0 = e->dst, d1 = d0 + e->copy_len + e->zero_len;
        if (e->dst != seg->paddr || e->copy_len != seg->filesz ||
            e->copy_len + (uint64_t)e->zero_len != seg->memsz ||
            e->src != (uint32_t)(staging + seg->file_offset) || d1 > FOUR_GIB)
            abort();
        if (usable_through(map, d0) < d1 || claimed(map, d0, d1))
            abort();
        for (unsigned b = 0; b < nbusy; b++)
            if (overlap(d0, d1, busy[b].base, busy[b].end))
                abort();
        for (int j = 0; j < k - 1; j++)
            if (overlap(d0, d1, out[j].dst, (uint64_t)out[j].dst + out[j].copy_len + out[j].zero_len))
                abort();
    }
    if (k != n)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_input in = { data, size };
    size_t stride = fuzz_strides[fi_u8(&in) % FUZZ_STRIDE_COUNT];
    uint8_t vflag = fi_u8(&in);
    uint32_t version = (vflag & VERSION_FLAG) ? vflag : EFI_MDESC_VERSION;
    unsigned nsegs = fi_u8(&in) % (SEGS_MAX + 1);
    unsigned nbusy = fi_u8(&in) % (BUSY_MAX + 1);
    unsigned max = fi_u8(&in) % (OUT_MAX + 1);
    uint32_t staging = fi_u32(&in);

    static struct kimage img;
    memset(&img, 0, sizeof(img));
    img.nsegs = nsegs;
    for (unsigned s = 0; s < nsegs; s++) {
        struct kseg *seg = &img.segs[s];
        seg->paddr = fi_u32(&in);
        seg->file_offset = fi_u32(&in);
        seg->filesz = fi_u32(&in);
        seg->memsz = fi_u32(&in);
        if (seg->filesz > seg->memsz) {
            uint32_t t = seg->filesz;
            seg->filesz = seg->memsz;
            seg->memsz = t;
        }
        if ((uint64_t)seg->paddr + seg->memsz > UINT32_MAX) {
            seg->memsz = UINT32_MAX - seg->paddr;
            if (seg->filesz > seg->memsz)
                seg->filesz = seg->memsz;
        }
    }
    struct busy_range busy[BUSY_MAX];
    for (unsigned b = 0; b < nbusy; b++) {
        busy[b].base = fi_u64(&in);
        busy[b].end = fi_u64(&in);
        busy[b].what = "fuzzed busy range";
    }

    uint8_t *buf = malloc(in.left ? in.left : 1);
    if (buf == NULL)
        return 0;
    memcpy(buf, in.p, in.left);
    struct efi_mmap map = { buf, in.left, stride, version };
    struct copy_entry out[OUT_MAX];
    char err[ERR_CAP];
    memset(err, 0, sizeof(err));
    int n = plan_copies(&img, staging, &map, busy, nbusy, out, max, err, sizeof(err));
    if (n >= 0)
        check_plan(&img, staging, &map, busy, nbusy, out, n, max);
    else if (memchr(err, '\0', sizeof(err)) == NULL || err[0] == '\0')
        abort();
    free(buf);
    return 0;
}
