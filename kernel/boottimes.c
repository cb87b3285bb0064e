/*
 * boottimes.c: the kernel's readings and the boot-times line (boottimes.h).
 */
#include "boottimes.h"

#include "console.h"
#include "tsc.h"
#include "x86.h"

static uint64_t entry_tsc;

void boottimes_mark_entry(void)
{
    entry_tsc = rdtsc();
}

void boottimes_report(const struct mb2_info_view *info)
{
    uint64_t ready = rdtsc(); /* before the calibration, which is not part of the boot */
    enum tsc_source src;
    uint32_t khz = tsc_khz(&src);
    static char line[BOOTTIMES_LINE_MAX];
    boottimes_format(line, sizeof(line), entry_tsc, ready, info->boot_times,
                     info->boot_times_note, khz, tsc_source_name(src));
    kputs(line);
}
