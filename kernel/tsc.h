/*
 * tsc.h: the time-stamp counter's frequency, for turning rdtsc differences
 * into time (the boot-times line, docs/boot-times.md).
 *
 * Sources, in order: CPUID leaf 0x15 (TSC/crystal ratio and crystal
 * frequency), CPUID leaf 0x16 (processor base frequency), else a
 * measurement against PIT channel 2: TSC_PIT_WINDOWS windows of
 * TSC_PIT_WINDOW_MS each, keeping the smallest count (every disturbance -
 * an interrupt, the host descheduling a virtual CPU - can only lengthen a
 * window, since the first reading is taken before the PIT starts). Under
 * QEMU's TCG the TSC is virtual (it follows the host's TSC) and the PIT
 * measurement is what applies.
 */
#ifndef KERNEL_TSC_H
#define KERNEL_TSC_H

#include <stdint.h>

#define TSC_PIT_WINDOW_MS 3u /* one calibration window */
#define TSC_PIT_WINDOWS   3u /* windows per measurement: about 9 ms in all */

enum tsc_source {
    TSC_SRC_NONE = 0,  /* no CPUID leaf and the PIT never answered: frequency unknown */
    TSC_SRC_CPUID15,
    TSC_SRC_CPUID16,
    TSC_SRC_PIT,
};

/*
 * tsc_khz: the TSC frequency in kHz and where it came from (*src). Measured
 * once (the first call may take TSC_PIT_WINDOWS * TSC_PIT_WINDOW_MS), then cached. Returns 0
 * with *src = TSC_SRC_NONE when no source answered.
 */
uint32_t tsc_khz(enum tsc_source *src);

/* tsc_source_name: "cpuid15", "cpuid16", "pit" or "none". */
const char *tsc_source_name(enum tsc_source src);

#endif /* KERNEL_TSC_H */
