/*
 * boottimes_fmt.c: the text of the boot-times line (boottimes_format in
 * boottimes.h). Pure code, shared with the host tests.
 */
#include "boottimes.h"

#include "fmt.h"

#define US_PER_MS 1000u

/* An appender: formats one piece after the previous ones, never past cap. */
struct line {
    char *buf;
    size_t cap;
    size_t len;
};

static void add(struct line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add(struct line *l, const char *fmt, ...)
{
    if (l->len + 1 >= l->cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    size_t n = fmt_vformat(l->buf + l->len, l->cap - l->len, fmt, ap);
    va_end(ap);
    l->len = n < l->cap - l->len ? l->len + n : l->cap - 1;
}

/* phase: " name=Nus" for the span [from, to), " name=n/a" when a reading is missing or reversed. */
static void phase(struct line *l, const char *name, uint64_t from, uint64_t to, uint32_t khz,
                  int from_may_be_zero)
{
    if ((from == 0 && !from_may_be_zero) || to == 0 || to < from) {
        add(l, " %s=n/a", name);
        return;
    }
    uint64_t cycles = to - from;
    if (khz == 0)
        add(l, " %s=%llucycles", name, (unsigned long long)cycles);
    else
        add(l, " %s=%lluus", name, (unsigned long long)(cycles * US_PER_MS / khz));
}

void boottimes_format(char *buf, size_t cap, uint64_t entry, uint64_t ready,
                      const struct boot_times_tag *tag, const char *note, uint32_t khz,
                      const char *source)
{
    struct line l = { buf, cap, 0 };
    if (cap == 0)
        return;
    buf[0] = '\0';
    if (khz != 0)
        add(&l, "boot-times: tsc=%ukHz(%s)", khz, source);
    else
        add(&l, "boot-times: tsc=n/a(%s)", source);
    if (tag != NULL) {
        const uint64_t *s = tag->stamps;
        /* The TSC counts from 0 at reset: the firmware's share is the loader's first reading. */
        phase(&l, "firmware", 0, s[BT_LOADER_ENTRY], khz, 1);
        phase(&l, "loader", s[BT_LOADER_ENTRY], s[BT_EXIT_DONE], khz, 0);
        phase(&l, "reads", s[BT_READS_BEGIN], s[BT_READS_END], khz, 0);
        phase(&l, "exit", s[BT_EXIT_BEGIN], s[BT_EXIT_DONE], khz, 0);
        phase(&l, "trampoline", s[BT_EXIT_DONE], s[BT_KERNEL_JUMP], khz, 0);
        phase(&l, "copy", s[BT_TRAMP_ENTRY], s[BT_KERNEL_JUMP], khz, 0);
    } else {
        add(&l, " loader=n/a (%s)", note != NULL ? note : "no boot-times tag");
    }
    phase(&l, "before-kernel", 0, entry, khz, 1);
    phase(&l, "kernel", entry, ready, khz, 0);
    phase(&l, "total", 0, ready, khz, 1);
    add(&l, "\n");
}
