/*
 * mmrep_page.h: printing the memory-map report (docs/memmap-report.md) on
 * every console, a screenful at a time on the framebuffer: the kernel's
 * glue between the pure report code (mmrep_raw.h, mmrep_sum.h), the pager
 * decision (pager.h) and the wait (pager_wait.h).
 */
#ifndef KERNEL_MMREP_PAGE_H
#define KERNEL_MMREP_PAGE_H

#include "mb2_info.h"
#include "memmap.h"

#define MMREP_TEST_WORD "test"   /* on the command line: test mode, never pause */
#define MMREP_NOPAUSE_FWCFG "opt/pm32boot/nopause" /* QEMU -fw_cfg file: never pause */

/*
 * mmrep_page_start: set the pager up for the report that follows: on only
 * with a running framebuffer console, without MMREP_TEST_WORD on info's
 * command line, without the QEMU fw_cfg file MMREP_NOPAUSE_FWCFG (the
 * test harness sets it: tests/qemu/run-qemu.sh), and with interrupts on
 * (the PIT times the pauses).
 * Calling it again keeps the pager's counts.
 */
void mmrep_page_start(const struct mb2_info_view *info);

/*
 * mmrep_page_line: print one report line (a newline is added) on every
 * console; first, when the framebuffer's screenful is full of rows not yet
 * seen, draw a prompt on the framebuffer alone and wait for a key or
 * PAGER_TIMEOUT_S seconds. Serial output gets the same text either way.
 */
void mmrep_page_line(const char *line);

/*
 * mmrep_print: the sanitised-map part of the report for *m (the map
 * mm_boot_init built; nothing when NULL), through mmrep_page_line, after a
 * pause if the pager has paused before (the lines printed since the raw
 * map were not counted); then, when it paused, a line saying how often and
 * why it woke.
 */
void mmrep_print(const struct mb2_info_view *info, const struct memmap *m);

#endif /* KERNEL_MMREP_PAGE_H */
