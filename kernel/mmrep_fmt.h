/*
 * mmrep_fmt.h: text pieces of the memory-map report (docs/memmap-report.md):
 * exact human sizes and decoded EFI attribute bits. Pure C: no hardware, no
 * console; built for the kernel and for the host tests.
 */
#ifndef KERNEL_MMREP_FMT_H
#define KERNEL_MMREP_FMT_H

#include <stddef.h>
#include <stdint.h>

#define MMREP_SIZE_MAX 80u  /* enough for any 64-bit size (70: "15 EiB + 1023 PiB + ... + 1023 B") */
#define MMREP_ATTR_MAX 112u /* all named bits plus the unknown ones in hex */

/*
 * mmrep_size_text: write the exact size of `bytes` into buf (capacity cap,
 * NUL-terminated, cut silently when short): "0 B", "4 KiB", "1.5 MiB",
 * "1.25 GiB" (a whole number of quarters of the largest unit that fits), or
 * else a sum of units, largest first ("3 GiB + 4 KiB"). Units are B, KiB,
 * MiB, GiB, TiB, PiB, EiB. Never rounds; a nonzero size never reads as zero.
 * Returns the length the full text needs.
 */
size_t mmrep_size_text(char *buf, size_t cap, uint64_t bytes);

/*
 * mmrep_attr_text: the EFI attribute bits of `attr` by name, lowest bit
 * first, separated by one space (UC WC WT WB UCE WP RP XP NV MORE_RELIABLE
 * RO SP CPU_CRYPTO RUNTIME, and HOT_PLUGGABLE), then any other bits as one
 * hex number ("0x0000000000f00000" style, 0x + 16 digits); "-" when attr is
 * 0. Same buffer contract as mmrep_size_text.
 */
size_t mmrep_attr_text(char *buf, size_t cap, uint64_t attr);

#endif /* KERNEL_MMREP_FMT_H */
