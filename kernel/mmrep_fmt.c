/*
 * mmrep_fmt.c: see mmrep_fmt.h.
 */
#include "mmrep_fmt.h"

#include "efi_mmap.h"
#include "fmt.h"
#include "memmap.h"

#define QUARTERS 4u /* a size that is whole quarters of its unit is written as a decimal */

struct unit {
    const char *name;
    unsigned shift;
};

/* Largest first: a size is written in the largest unit that fits. */
static const struct unit units[] = {
    { "EiB", 60 }, { "PiB", 50 }, { "TiB", 40 }, { "GiB", 30 },
    { "MiB", 20 }, { "KiB", 10 }, { "B", 0 },
};
#define UNIT_COUNT (sizeof(units) / sizeof(units[0]))

/* The decimal part of q quarters (1..3). */
static const char *const quarter_text[QUARTERS] = { "", ".25", ".5", ".75" };

/* out: a growing string in a fixed buffer; len counts what the full text needs. */
struct out {
    char *buf;
    size_t cap;
    size_t len;
};

static void out_add(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void out_add(struct out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = o->len < o->cap ? o->cap - o->len : 0;
    o->len += fmt_vformat(room ? o->buf + o->len : NULL, room, fmt, ap);
    va_end(ap);
}

static void out_start(struct out *o, char *buf, size_t cap)
{
    o->buf = buf;
    o->cap = cap;
    o->len = 0;
    if (cap > 0)
        buf[0] = '\0';
}

size_t mmrep_size_text(char *buf, size_t cap, uint64_t bytes)
{
    struct out o;
    out_start(&o, buf, cap);
    if (bytes == 0) {
        out_add(&o, "0 B");
        return o.len;
    }
    size_t u = 0;
    while (u < UNIT_COUNT && (bytes >> units[u].shift) == 0)
        u++;
    unsigned sh = units[u].shift;
    uint64_t whole = bytes >> sh;
    uint64_t rest = bytes - (whole << sh);
    if (rest == 0) {
        out_add(&o, "%llu %s", (unsigned long long)whole, units[u].name);
        return o.len;
    }
    if (sh >= 2 && (rest & ((1ull << (sh - 2)) - 1)) == 0) {
        out_add(&o, "%llu%s %s", (unsigned long long)whole,
                quarter_text[rest >> (sh - 2)], units[u].name);
        return o.len;
    }
    const char *sep = "";
    for (; u < UNIT_COUNT; u++) {
        uint64_t n = bytes >> units[u].shift;
        if (n == 0)
            continue;
        out_add(&o, "%s%llu %s", sep, (unsigned long long)n, units[u].name);
        bytes -= n << units[u].shift;
        sep = " + ";
    }
    return o.len;
}

struct attr_name {
    uint64_t bit;
    const char *name;
};

/* Lowest bit first, as UEFI 2.11 (7.2, EFI_MEMORY_*) lists them. */
static const struct attr_name attr_names[] = {
    { EFI_MA_UC, "UC" }, { EFI_MA_WC, "WC" }, { EFI_MA_WT, "WT" }, { EFI_MA_WB, "WB" },
    { EFI_MA_UCE, "UCE" }, { EFI_MA_WP, "WP" }, { EFI_MA_RP, "RP" }, { EFI_MA_XP, "XP" },
    { EFI_MA_NV, "NV" }, { EFI_MA_MORE_RELIABLE, "MORE_RELIABLE" }, { EFI_MA_RO, "RO" },
    { EFI_MA_SP, "SP" }, { EFI_MA_CPU_CRYPTO, "CPU_CRYPTO" },
    { EFI_MA_HOT_PLUGGABLE, "HOT_PLUGGABLE" }, { EFI_MA_RUNTIME, "RUNTIME" },
};
#define ATTR_NAME_COUNT (sizeof(attr_names) / sizeof(attr_names[0]))

size_t mmrep_attr_text(char *buf, size_t cap, uint64_t attr)
{
    struct out o;
    out_start(&o, buf, cap);
    if (attr == 0) {
        out_add(&o, "-");
        return o.len;
    }
    const char *sep = "";
    uint64_t rest = attr;
    for (size_t i = 0; i < ATTR_NAME_COUNT; i++) {
        if ((attr & attr_names[i].bit) == 0)
            continue;
        out_add(&o, "%s%s", sep, attr_names[i].name);
        rest &= ~attr_names[i].bit;
        sep = " ";
    }
    if (rest != 0)
        out_add(&o, "%s0x%016llx", sep, (unsigned long long)rest);
    return o.len;
}
