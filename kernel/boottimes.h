/*
 * boottimes.h: the `boot-times:` console line (docs/boot-times.md): where
 * the time went from power-on to `kernel: ready`, from the loader's
 * boot-times tag (boot_times.h) and the kernel's own readings, converted
 * with the TSC frequency (tsc.h).
 */
#ifndef KERNEL_BOOTTIMES_H
#define KERNEL_BOOTTIMES_H

#include <stddef.h>
#include <stdint.h>

#include "mb2_info.h"

#define BOOTTIMES_LINE_MAX 320u /* room for the longest boot-times line */

/* boottimes_mark_entry: record rdtsc as the kernel's entry time (first thing in kmain). */
void boottimes_mark_entry(void);

/*
 * boottimes_format: the boot-times line (with its newline) into buf, from
 * the kernel's entry reading `entry`, its ready reading `ready`, the
 * loader's tag `tag` (NULL when absent; `note` then says why, or is NULL)
 * and the TSC frequency. Pure: the host tests call it with made-up numbers.
 * Phases whose two readings are missing (0) or out of order print "n/a".
 */
void boottimes_format(char *buf, size_t cap, uint64_t entry, uint64_t ready,
                      const struct boot_times_tag *tag, const char *note, uint32_t khz,
                      const char *source);

/*
 * boottimes_report: take the ready reading, measure the TSC frequency (up
 * to TSC_PIT_WINDOW_MS), print the boot-times line. Call just before
 * `kernel: ready`.
 */
void boottimes_report(const struct mb2_info_view *info);

#endif /* KERNEL_BOOTTIMES_H */
