/*
 * memmap.c: the memory-map sanitiser (see memmap.h for the rules).
 */
#include "memmap.h"

#include "fmt.h"
#include "multiboot2.h"

#define MB2_ENTRY_MIN_SIZE   24u
#define MB2_OFF_BASE         0u
#define MB2_OFF_LENGTH       8u
#define MB2_OFF_TYPE         16u
#define BYTE_BITS            8u
/* Sizes of the scratch arrays, per input range m (see memmap_scratch_bytes). */
#define RAW_PER_INPUT        1u   /* A: the clipped, classified input */
#define SWEEP1_PER_INPUT     2u   /* B: m ranges give at most 2m - 1 pieces */
#define SWEEP2_PER_INPUT     4u   /* C: at most twice B */
#define EVENTS_PER_INPUT     8u   /* two events per range of B */
#define SCRATCH_ALIGN        8u

/* A range boundary for the sweep: at addr, kind starts (+1) or ends (-1). */
struct sweep_event {
    uint64_t addr;
    uint32_t kind;
    int32_t delta;
};

int mm_kind_allocatable(uint32_t kind)
{
    return kind == MM_USABLE || kind == MM_BOOT_RECLAIM;
}

int mm_kind_is_carveout(uint32_t kind)
{
    return kind >= MM_KERNEL && kind <= MM_LEGACY;
}

const char *mm_kind_name(uint32_t kind)
{
    static const char *const names[MM_KIND_COUNT] = {
        [MM_USABLE] = "usable",         [MM_BOOT_RECLAIM] = "boot-reclaim",
        [MM_KERNEL] = "kernel",         [MM_BOOT_INFO] = "boot-info",
        [MM_MODULE] = "module",         [MM_EARLY] = "mm-early",
        [MM_LEGACY] = "legacy",         [MM_WITHHELD] = "withheld",
        [MM_ACPI_RECLAIM] = "acpi-reclaim", [MM_ACPI_NVS] = "acpi-nvs",
        [MM_UNACCEPTED] = "unaccepted", [MM_PERSISTENT] = "persistent",
        [MM_RESERVED] = "reserved",     [MM_FW_RUNTIME] = "fw-runtime",
        [MM_MMIO] = "mmio",             [MM_BAD] = "bad",
    };
    return kind < MM_KIND_COUNT ? names[kind] : "?";
}

enum mm_kind memmap_classify_efi(uint32_t type, uint64_t attribute)
{
    if (efi_type_usable_after_exit(type)) {
        if ((attribute & EFI_MA_WB) == 0 || (attribute & (EFI_MA_SP | EFI_MA_HOT_PLUGGABLE)) != 0)
            return MM_WITHHELD;
        return type == EFI_MT_CONVENTIONAL ? MM_USABLE : MM_BOOT_RECLAIM;
    }
    switch (type) {
    case EFI_MT_RUNTIME_SERVICES_CODE:
    case EFI_MT_RUNTIME_SERVICES_DATA:
        return MM_FW_RUNTIME;
    case EFI_MT_UNUSABLE:
        return MM_BAD;
    case EFI_MT_ACPI_RECLAIM:
        return MM_ACPI_RECLAIM;
    case EFI_MT_ACPI_NVS:
        return MM_ACPI_NVS;
    case EFI_MT_MMIO:
    case EFI_MT_MMIO_PORT_SPACE:
        return MM_MMIO;
    case EFI_MT_PERSISTENT:
        return MM_PERSISTENT;
    case EFI_MT_UNACCEPTED:
        return MM_UNACCEPTED;
    default: /* reserved, PAL code, unknown */
        return MM_RESERVED;
    }
}

enum mm_kind memmap_classify_mb2(uint32_t type)
{
    switch (type) {
    case MB2_MEMORY_AVAILABLE:
        return MM_USABLE;
    case MB2_MEMORY_ACPI_RECLAIMABLE:
        return MM_ACPI_RECLAIM;
    case MB2_MEMORY_NVS:
        return MM_ACPI_NVS;
    case MB2_MEMORY_BADRAM:
        return MM_BAD;
    default:
        return MM_RESERVED;
    }
}

const char *memmap_src_check(const struct memmap_src *src)
{
    switch (src->type) {
    case MEMMAP_SRC_EFI:
        return efi_mmap_check(&src->efi);
    case MEMMAP_SRC_MB2:
        if (src->mb2_entry_size < MB2_ENTRY_MIN_SIZE)
            return "Multiboot2 memory-map entry size is below 24 bytes";
        if (src->mb2_entries == NULL && src->mb2_count != 0)
            return "Multiboot2 memory map has entries but no buffer";
        return NULL;
    default:
        return "unknown memory-map source type";
    }
}

size_t memmap_src_count(const struct memmap_src *src)
{
    if (memmap_src_check(src) != NULL)
        return 0;
    return src->type == MEMMAP_SRC_EFI ? efi_mmap_count(&src->efi) : src->mb2_count;
}

/* rd_le: a little-endian unsigned value of n bytes at p (no alignment assumed). */
static uint64_t rd_le(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (BYTE_BITS * i);
    return v;
}

int memmap_src_get(const struct memmap_src *src, size_t i, struct mm_region *out)
{
    if (i >= memmap_src_count(src))
        return -1;
    uint64_t base, len;
    if (src->type == MEMMAP_SRC_EFI) {
        struct efi_mdesc d;
        efi_mmap_get(&src->efi, i, &d);
        if (d.num_pages == 0)
            return -2;
        uint64_t end = efi_mdesc_end(&d);
        if (end == 0)
            return -3;
        out->base = d.phys_start;
        out->end = end;
        out->kind = memmap_classify_efi(d.type, d.attribute);
        out->pad = 0;
        return 0;
    }
    const uint8_t *e = src->mb2_entries + i * src->mb2_entry_size;
    base = rd_le(e + MB2_OFF_BASE, sizeof(uint64_t));
    len = rd_le(e + MB2_OFF_LENGTH, sizeof(uint64_t));
    if (len == 0)
        return -2;
    if (base > UINT64_MAX - len || base + len == 0)
        return -3;
    out->base = base;
    out->end = base + len;
    out->kind = memmap_classify_mb2((uint32_t)rd_le(e + MB2_OFF_TYPE, sizeof(uint32_t)));
    out->pad = 0;
    return 0;
}

/* input_ranges: how many ranges enter the first sweep. */
static size_t input_ranges(size_t n_entries, size_t n_carve, int *overflow)
{
    size_t m = n_entries + n_carve;
    *overflow = m < n_entries || m + MEMMAP_LEGACY_RANGES < m;
    return m + MEMMAP_LEGACY_RANGES;
}

size_t memmap_max_regions(size_t n_entries, size_t n_carve)
{
    int ovf;
    size_t m = input_ranges(n_entries, n_carve, &ovf);
    if (ovf || m > SIZE_MAX / SWEEP2_PER_INPUT)
        return 0;
    return m * SWEEP2_PER_INPUT;
}

size_t memmap_scratch_bytes(size_t n_entries, size_t n_carve)
{
    int ovf;
    size_t m = input_ranges(n_entries, n_carve, &ovf);
    const size_t per = (RAW_PER_INPUT + SWEEP1_PER_INPUT + SWEEP2_PER_INPUT) *
                           sizeof(struct mm_region) +
                       EVENTS_PER_INPUT * sizeof(struct sweep_event);
    if (ovf || m > SIZE_MAX / per)
        return 0;
    return m * per;
}

/* ---- sorting and sweeping ---------------------------------------------- */

static int event_before(const struct sweep_event *a, const struct sweep_event *b)
{
    return a->addr < b->addr;
}

/* sift_down: restore the max-heap below node i of ev[0..n). */
static void sift_down(struct sweep_event *ev, size_t i, size_t n)
{
    for (;;) {
        size_t big = i, l = 2 * i + 1, r = l + 1;
        if (l < n && event_before(&ev[big], &ev[l]))
            big = l;
        if (r < n && event_before(&ev[big], &ev[r]))
            big = r;
        if (big == i)
            return;
        struct sweep_event t = ev[i];
        ev[i] = ev[big];
        ev[big] = t;
        i = big;
    }
}

/* sort_events: heapsort by address (O(n log n), no recursion, no extra memory). */
static void sort_events(struct sweep_event *ev, size_t n)
{
    for (size_t i = n / 2; i-- > 0;)
        sift_down(ev, i, n);
    for (size_t end = n; end-- > 1;) {
        struct sweep_event t = ev[0];
        ev[0] = ev[end];
        ev[end] = t;
        sift_down(ev, 0, end);
    }
}

/* emit: append [base, end) of kind to out, merging with a touching predecessor of that kind. */
static void emit(struct mm_region *out, size_t *n, uint64_t base, uint64_t end, uint32_t kind)
{
    if (*n > 0 && out[*n - 1].end == base && out[*n - 1].kind == kind) {
        out[*n - 1].end = end;
        return;
    }
    out[*n].base = base;
    out[*n].end = end;
    out[*n].kind = kind;
    out[*n].pad = 0;
    (*n)++;
}

/*
 * sweep: resolve in[0..n) into disjoint, sorted, merged pieces in out
 * (room for 2n) where the highest kind present wins. ev has room for 2n.
 * Returns the number of pieces.
 */
static size_t sweep(const struct mm_region *in, size_t n, struct sweep_event *ev,
                    struct mm_region *out)
{
    size_t ne = 0;
    for (size_t i = 0; i < n; i++) {
        if (in[i].base >= in[i].end)
            continue;
        ev[ne++] = (struct sweep_event){ in[i].base, in[i].kind, 1 };
        ev[ne++] = (struct sweep_event){ in[i].end, in[i].kind, -1 };
    }
    sort_events(ev, ne);
    size_t active[MM_KIND_COUNT] = { 0 };
    size_t nout = 0, i = 0;
    while (i < ne) {
        uint64_t at = ev[i].addr;
        for (; i < ne && ev[i].addr == at; i++) {
            if (ev[i].delta > 0)
                active[ev[i].kind]++;
            else
                active[ev[i].kind]--;
        }
        if (i == ne)
            break;
        for (uint32_t k = MM_KIND_COUNT; k-- > 0;) {
            if (active[k] != 0) {
                emit(out, &nout, at, ev[i].addr, k);
                break;
            }
        }
    }
    return nout;
}

/* touches: do allocatable pieces a and b meet with no gap (a just before b)? */
static int alloc_touch(const struct mm_region *a, const struct mm_region *b)
{
    return mm_kind_allocatable(a->kind) && mm_kind_allocatable(b->kind) && a->end == b->base;
}

/*
 * round_regions: non-allocatable pieces outward to 4 KiB. Allocatable
 * pieces inward, to whole pages of their run (touching allocatable pieces):
 * a page that a run covers entirely is kept, and where two allocatable kinds
 * share it the higher kind rounds outward so the second sweep gives it that
 * kind. Drops what empties. r is sorted and disjoint (a sweep's output).
 */
static size_t round_regions(struct mm_region *r, size_t n)
{
    size_t k = 0;
    struct mm_region prev = { 0, 0, MM_KIND_COUNT, 0 };
    uint64_t run_lo = 0, run_hi = 0;
    for (size_t i = 0; i < n; i++) {
        struct mm_region cur = r[i];
        uint64_t b, e;
        if (mm_kind_allocatable(cur.kind)) {
            int joined_prev = i > 0 && alloc_touch(&prev, &cur);
            int joined_next = i + 1 < n && alloc_touch(&cur, &r[i + 1]);
            if (!joined_prev) {
                size_t j = i;
                while (j + 1 < n && alloc_touch(&r[j], &r[j + 1]))
                    j++;
                run_lo = page_up(cur.base);
                run_hi = page_down(r[j].end);
            }
            b = joined_prev && prev.kind < cur.kind ? page_down(cur.base) : page_up(cur.base);
            e = joined_next && r[i + 1].kind < cur.kind ? page_up(cur.end) : page_down(cur.end);
            b = b < run_lo ? run_lo : b;
            e = e > run_hi ? run_hi : e;
        } else {
            b = page_down(cur.base);
            e = page_up(cur.end);
        }
        prev = cur;
        if (b >= e)
            continue;
        r[k] = cur;
        r[k].base = b;
        r[k].end = e;
        k++;
    }
    return k;
}

/* overlap: bytes [a, b) and [c, d) share. */
static uint64_t overlap(uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    uint64_t lo = a > c ? a : c, hi = b < d ? b : d;
    return hi > lo ? hi - lo : 0;
}

/* read_input: the source, classified, accounted and clipped to 4 GiB, into raw. */
static size_t read_input(const struct memmap_src *src, struct mm_region *raw,
                         struct memmap_stats *st)
{
    size_t n = memmap_src_count(src), k = 0;
    st->entries = n;
    for (size_t i = 0; i < n; i++) {
        struct mm_region r;
        int rc = memmap_src_get(src, i, &r);
        if (rc == -2) {
            st->dropped_zero++;
            continue;
        }
        if (rc != 0) {
            st->dropped_overflow++;
            continue;
        }
        st->reported[r.kind] += r.end - r.base;
        if (r.end > ADDR_4G) {
            uint64_t from = r.base > ADDR_4G ? r.base : ADDR_4G;
            st->above_4g[r.kind] += r.end - from;
            r.end = ADDR_4G;
        }
        if (r.base >= r.end)
            continue;
        raw[k++] = r;
    }
    return k;
}

int memmap_build(const struct memmap_src *src, const struct mm_region *carve, size_t n_carve,
                 void *scratch, size_t scratch_bytes, struct memmap *out, char *err,
                 size_t errcap)
{
    *out = (struct memmap){ 0 };
    const char *bad = memmap_src_check(src);
    if (bad != NULL) {
        fmt_format(err, errcap, "memory map: %s", bad);
        return -1;
    }
    size_t n = memmap_src_count(src);
    size_t need = memmap_scratch_bytes(n, n_carve);
    if (need == 0 || scratch == NULL || scratch_bytes < need ||
        ((uintptr_t)scratch & (SCRATCH_ALIGN - 1)) != 0) {
        fmt_format(err, errcap,
                   "memory map: scratch of %lu bytes at %p is too small or unaligned: "
                   "%lu entries and %lu carve-outs need %lu bytes, 8-byte aligned",
                   (unsigned long)scratch_bytes, scratch, (unsigned long)n,
                   (unsigned long)n_carve, (unsigned long)need);
        return -1;
    }
    for (size_t i = 0; i < n_carve; i++) {
        if (!mm_kind_is_carveout(carve[i].kind) || carve[i].base > carve[i].end) {
            fmt_format(err, errcap,
                       "memory map: carve-out %lu (kind %u, 0x%llx-0x%llx) is not a carve-out "
                       "kind with base <= end",
                       (unsigned long)i, carve[i].kind, (unsigned long long)carve[i].base,
                       (unsigned long long)carve[i].end);
            return -1;
        }
    }
    int ovf;
    size_t m = input_ranges(n, n_carve, &ovf);
    struct mm_region *raw = scratch;
    struct mm_region *pieces = raw + m * RAW_PER_INPUT;
    struct mm_region *final = pieces + m * SWEEP1_PER_INPUT;
    struct sweep_event *ev = (struct sweep_event *)(final + m * SWEEP2_PER_INPUT);

    struct memmap_stats *st = &out->stats;
    size_t nfw = read_input(src, raw, st);
    size_t nraw = nfw;
    raw[nraw++] = (struct mm_region){ 0, MEMMAP_LEGACY_LOW_END, MM_LEGACY, 0 };
    raw[nraw++] = (struct mm_region){ MEMMAP_LEGACY_HOLE_START, MEMMAP_LEGACY_HOLE_END,
                                      MM_LEGACY, 0 };
    for (size_t i = 0; i < n_carve; i++) {
        struct mm_region c = carve[i];
        if (c.base >= ADDR_4G)
            continue;
        if (c.end > ADDR_4G)
            c.end = ADDR_4G;
        raw[nraw++] = c;
    }

    size_t npieces = sweep(raw, nraw, ev, pieces);
    npieces = round_regions(pieces, npieces);
    size_t nfinal = sweep(pieces, npieces, ev, final);

    uint64_t fw_usable = 0, carved = 0;
    for (size_t i = 0; i < nfw; i++) {
        if (!mm_kind_allocatable(raw[i].kind))
            continue;
        fw_usable += raw[i].end - raw[i].base;
        for (size_t j = 0; j < nfinal; j++) {
            if (mm_kind_is_carveout(final[j].kind))
                carved += overlap(raw[i].base, raw[i].end, final[j].base, final[j].end);
        }
    }
    st->fw_usable_net = fw_usable > carved ? fw_usable - carved : 0;
    for (size_t j = 0; j < nfinal; j++)
        st->kept[final[j].kind] += final[j].end - final[j].base;
    out->regions = final;
    out->count = nfinal;
    return 0;
}

int memmap_usable_span(const struct memmap_src *src, uint64_t *lo, uint64_t *hi)
{
    size_t n = memmap_src_count(src);
    uint64_t l = UINT64_MAX, h = 0;
    for (size_t i = 0; i < n; i++) {
        struct mm_region r;
        if (memmap_src_get(src, i, &r) != 0 || !mm_kind_allocatable(r.kind))
            continue;
        uint64_t b = page_up(r.base), e = page_down(r.end < ADDR_4G ? r.end : ADDR_4G);
        if (b >= e)
            continue;
        l = b < l ? b : l;
        h = e > h ? e : h;
    }
    if (h == 0)
        return -1;
    *lo = l;
    *hi = h;
    return 0;
}

/* obstacle_end: the end of the first obstacle meeting [b, e), or 0 when none does. */
static uint64_t obstacle_end(const struct memmap_src *src, size_t n,
                             const struct mm_region *avoid, size_t n_avoid, uint64_t b,
                             uint64_t e)
{
    static const struct mm_region legacy[MEMMAP_LEGACY_RANGES] = {
        { 0, MEMMAP_LEGACY_LOW_END, MM_LEGACY, 0 },
        { MEMMAP_LEGACY_HOLE_START, MEMMAP_LEGACY_HOLE_END, MM_LEGACY, 0 },
    };
    for (size_t i = 0; i < MEMMAP_LEGACY_RANGES; i++)
        if (overlap(b, e, legacy[i].base, legacy[i].end) != 0)
            return legacy[i].end;
    for (size_t i = 0; i < n_avoid; i++)
        if (overlap(b, e, avoid[i].base, avoid[i].end) != 0)
            return avoid[i].end;
    for (size_t i = 0; i < n; i++) {
        struct mm_region r;
        if (memmap_src_get(src, i, &r) == 0 && !mm_kind_allocatable(r.kind) &&
            overlap(b, e, r.base, r.end) != 0)
            return r.end;
    }
    return 0;
}

int memmap_find_free(const struct memmap_src *src, const struct mm_region *avoid,
                     size_t n_avoid, uint64_t bytes, uint64_t min_addr, uint64_t *out)
{
    size_t n = memmap_src_count(src);
    if (bytes == 0 || bytes > ADDR_4G)
        return -1;
    bytes = page_up(bytes);
    for (size_t i = 0; i < n; i++) {
        struct mm_region r;
        if (memmap_src_get(src, i, &r) != 0 || !mm_kind_allocatable(r.kind))
            continue;
        uint64_t lim = page_down(r.end < ADDR_4G ? r.end : ADDR_4G);
        uint64_t b = page_up(r.base > min_addr ? r.base : min_addr);
        while (b < lim && lim - b >= bytes) {
            uint64_t skip = obstacle_end(src, n, avoid, n_avoid, b, b + bytes);
            if (skip == 0) {
                *out = b;
                return 0;
            }
            b = page_up(skip); /* skip > b: the obstacle met [b, b + bytes) */
        }
    }
    return -1;
}
