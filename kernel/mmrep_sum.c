/*
 * mmrep_sum.c: see mmrep_sum.h.
 */
#include "mmrep_sum.h"

#include "fmt.h"
#include "mmrep_fmt.h"
#include "mmrep_raw.h"

#define KIND_COL   14u  /* width of the kind column of the totals */
#define SIZE_COL   30u  /* width of a size column (below 4 GiB at most 27: "3 GiB + 1023 MiB + 1020 KiB") */
#define COL_GAP    2u   /* spaces at least between columns */
#define NO_VALUE   "-"  /* a cell whose figure the sanitised map does not have */
#define KIB_SHIFT  10u

/* add_banded: add [base, end) (below 4 GiB) to row's low and mid bands. */
static void add_banded(struct mmrep_sum *s, uint32_t row, uint64_t base, uint64_t end)
{
    if (base < MMREP_1MIB) {
        uint64_t cut = end < MMREP_1MIB ? end : MMREP_1MIB;
        s->band[row][MMREP_BAND_LOW] += cut - base;
        base = cut;
    }
    if (base < end)
        s->band[row][MMREP_BAND_MID] += end - base;
}

/* run_step: extend or restart *cur with [base, end) when in_run, keep *best the longest. */
static void run_step(struct mmrep_run *cur, struct mmrep_run *best, int in_run, uint64_t base,
                     uint64_t end)
{
    if (!in_run) {
        cur->base = cur->end = 0;
        return;
    }
    if (cur->end != cur->base && cur->end == base)
        cur->end = end;
    else {
        cur->base = base;
        cur->end = end;
    }
    if (cur->end - cur->base > best->end - best->base)
        *best = *cur;
}

void mmrep_sum_compute(const struct memmap *m, struct mmrep_sum *out)
{
    *out = (struct mmrep_sum){ 0 };
    struct mmrep_run now = { 0, 0 }, rec = { 0, 0 };
    uint64_t prev_end = 0;
    for (size_t i = 0; i < m->count; i++) {
        const struct mm_region *r = &m->regions[i];
        if (r->base > prev_end) {
            add_banded(out, MMREP_ROW_HOLE, prev_end, r->base);
            out->holes++;
            now.base = now.end = rec.base = rec.end = 0;
        }
        if (r->kind < MM_KIND_COUNT)
            add_banded(out, r->kind, r->base, r->end);
        run_step(&now, &out->largest_now, r->kind == MM_USABLE, r->base, r->end);
        run_step(&rec, &out->largest_reclaim, mm_kind_allocatable(r->kind), r->base, r->end);
        prev_end = r->end;
    }
    for (uint32_t k = 0; k < MM_KIND_COUNT; k++)
        out->band[k][MMREP_BAND_HIGH] = m->stats.above_4g[k];
    uint64_t usable_low = out->band[MM_USABLE][MMREP_BAND_LOW] + out->band[MM_USABLE][MMREP_BAND_MID];
    uint64_t reclaim_low = out->band[MM_BOOT_RECLAIM][MMREP_BAND_LOW] +
                           out->band[MM_BOOT_RECLAIM][MMREP_BAND_MID];
    out->usable_now = usable_low + out->band[MM_USABLE][MMREP_BAND_HIGH];
    out->usable_reclaim = out->usable_now + reclaim_low + out->band[MM_BOOT_RECLAIM][MMREP_BAND_HIGH];
    out->reachable = usable_low + reclaim_low;
}

/* pad_to: spaces into line from len up to width; returns the new length. */
static size_t pad_to(char *line, size_t len, size_t width)
{
    while (len < width && len + 1 < MMREP_LINE_MAX)
        line[len++] = ' ';
    line[len < MMREP_LINE_MAX ? len : MMREP_LINE_MAX - 1] = '\0';
    return len;
}

/* append: fmt at the end of line (MMREP_LINE_MAX), returns the new length (capped). */
static size_t append(char *line, size_t len, const char *s)
{
    len += fmt_format(line + len, MMREP_LINE_MAX - len, "%s", s);
    return len < MMREP_LINE_MAX ? len : MMREP_LINE_MAX - 1;
}

/* right: s right-aligned in a column of width w after line[0..len). */
static size_t right(char *line, size_t len, const char *s, size_t w)
{
    size_t n = 0;
    while (s[n] != '\0')
        n++;
    len = pad_to(line, len, len + (n + COL_GAP < w ? w - n : COL_GAP));
    return append(line, len, s);
}

static void emit_region(mmrep_emit_fn emit, void *ctx, uint64_t base, uint64_t end,
                        const char *kind)
{
    char line[MMREP_LINE_MAX], size[MMREP_SIZE_MAX];
    mmrep_size_text(size, sizeof(size), end - base);
    size_t len = (size_t)fmt_format(line, sizeof(line), MMREP_PREFIX "  0x%016llx-0x%016llx",
                                    (unsigned long long)base, (unsigned long long)end);
    len = right(line, len, size, SIZE_COL);
    len = append(line, len, "  ");
    append(line, len, kind);
    emit(ctx, line);
}

static void emit_totals(const struct mmrep_sum *s, mmrep_emit_fn emit, void *ctx)
{
    static const char *const band_names[MMREP_BANDS] = { "below 1 MiB", "1 MiB-4 GiB",
                                                         "above 4 GiB" };
    char line[MMREP_LINE_MAX], size[MMREP_SIZE_MAX];
    size_t len = append(line, 0, MMREP_PREFIX "totals");
    len = pad_to(line, len, sizeof(MMREP_PREFIX) - 1 + KIND_COL);
    for (unsigned b = 0; b < MMREP_BANDS; b++)
        len = right(line, len, band_names[b], SIZE_COL);
    right(line, len, "total", SIZE_COL);
    emit(ctx, line);
    for (uint32_t row = 0; row < MMREP_ROWS; row++) {
        uint64_t total = 0;
        for (unsigned b = 0; b < MMREP_BANDS; b++)
            total += s->band[row][b];
        if (total == 0 && row != MMREP_ROW_HOLE)
            continue;
        len = fmt_format(line, sizeof(line), MMREP_PREFIX "  %s",
                         row == MMREP_ROW_HOLE ? "hole" : mm_kind_name(row));
        len = pad_to(line, len, sizeof(MMREP_PREFIX) - 1 + KIND_COL);
        for (unsigned b = 0; b < MMREP_BANDS; b++) {
            if (row == MMREP_ROW_HOLE && b == MMREP_BAND_HIGH) {
                len = right(line, len, NO_VALUE, SIZE_COL);
                continue;
            }
            mmrep_size_text(size, sizeof(size), s->band[row][b]);
            len = right(line, len, size, SIZE_COL);
        }
        mmrep_size_text(size, sizeof(size), total);
        right(line, len, size, SIZE_COL);
        emit(ctx, line);
    }
}

static void emit_figure(mmrep_emit_fn emit, void *ctx, const char *label, uint64_t bytes,
                        const char *note)
{
    char line[MMREP_LINE_MAX], size[MMREP_SIZE_MAX];
    mmrep_size_text(size, sizeof(size), bytes);
    fmt_format(line, sizeof(line), MMREP_PREFIX "%s: %s (%llu KiB) %s", label, size,
               (unsigned long long)(bytes >> KIB_SHIFT), note);
    emit(ctx, line);
}

static void emit_run(mmrep_emit_fn emit, void *ctx, const char *label,
                     const struct mmrep_run *r)
{
    char line[MMREP_LINE_MAX], size[MMREP_SIZE_MAX];
    if (r->end == r->base) {
        fmt_format(line, sizeof(line), MMREP_PREFIX "%s: none", label);
    } else {
        mmrep_size_text(size, sizeof(size), r->end - r->base);
        fmt_format(line, sizeof(line), MMREP_PREFIX "%s: %s at 0x%016llx-0x%016llx", label,
                   size, (unsigned long long)r->base, (unsigned long long)r->end);
    }
    emit(ctx, line);
}

void mmrep_sum_report(const struct memmap *m, mmrep_emit_fn emit, void *ctx)
{
    struct mmrep_sum s;
    mmrep_sum_compute(m, &s);
    char line[MMREP_LINE_MAX];
    fmt_format(line, sizeof(line),
               MMREP_PREFIX "sanitised map below 4 GiB: %u regions, %u holes (sorted, overlaps "
               "to the stricter kind, neighbours merged, carve-outs shown; [start, end))",
               (unsigned)m->count, (unsigned)s.holes);
    emit(ctx, line);
    uint64_t prev_end = 0;
    for (size_t i = 0; i < m->count; i++) {
        const struct mm_region *r = &m->regions[i];
        if (r->base > prev_end)
            emit_region(emit, ctx, prev_end, r->base, "hole");
        emit_region(emit, ctx, r->base, r->end, mm_kind_name(r->kind));
        prev_end = r->end;
    }
    emit_totals(&s, emit, ctx);
    emit_figure(emit, ctx, "usable now", s.usable_now,
                "(conventional memory, all bands, net of carve-outs)");
    emit_figure(emit, ctx, "usable after reclaiming boot services", s.usable_reclaim,
                "(+ loader and boot-services code/data)");
    emit_figure(emit, ctx, "reachable by this 32-bit kernel", s.reachable,
                "(of that, below 4 GiB: what the page-frame allocator manages)");
    emit_run(emit, ctx, "largest free run now", &s.largest_now);
    emit_run(emit, ctx, "largest free run after reclaiming", &s.largest_reclaim);
}
