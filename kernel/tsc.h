/*
 * tsc.h: the time-stamp counter's frequency, for turning rdtsc differences
 * into time (the boot-times line, docs/boot-times.md).
 *
 * Sources, in order: CPUID leaf 0x15 (TSC/crystal ratio and crystal
 * frequency), CPUID leaf 0x16 (processor base frequency), else a
 * measurement against PIT channel 2 over TSC_PIT_WINDOW_MS. Under QEMU's
 * TCG the TSC is virtual (it follows the host clock) and the PIT
 * measurement is what applies.
 */
#ifndef KERNEL_TSC_H
#define KERNEL_TSC_H

#include <stdint.h>

#define TSC_PIT_WINDOW_MS 10u /* the calibration window: the whole cost of a PIT measurement */

enum tsc_source {
    TSC_SRC_NONE = 0,  /* no CPUID leaf and the PIT never answered: frequency unknown */
    TSC_SRC_CPUID15,
    TSC_SRC_CPUID16,
    TSC_SRC_PIT,
};

/*
 * tsc_khz: the TSC frequency in kHz and where it came from (*src). Measured
 * once (the first call may take TSC_PIT_WINDOW_MS), then cached. Returns 0
 * with *src = TSC_SRC_NONE when no source answered.
 */
uint32_t tsc_khz(enum tsc_source *src);

/* tsc_source_name: "cpuid15", "cpuid16", "pit" or "none". */
const char *tsc_source_name(enum tsc_source src);

#endif /* KERNEL_TSC_H */
