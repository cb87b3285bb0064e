/*
 * info_corrupt.h: damage a finished Multiboot2 information structure on
 * purpose (pure code). Test builds of the loader only (-DTEST_CORRUPT_INFO,
 * see efi/boot.c and docs/testing.md): the kernel must report each damage
 * and fall back or panic readably, never hang.
 */
#ifndef EFI_INFO_CORRUPT_H
#define EFI_INFO_CORRUPT_H

#include <stddef.h>
#include <stdint.h>

/* The damages, by the value of TEST_CORRUPT_INFO. */
#define MB2_CORRUPT_NONE     0
#define MB2_CORRUPT_TRUNCATE 1 /* tag 4 (basic memory) cut to 12 of its 16 bytes */
#define MB2_CORRUPT_OVERRUN  2 /* tag 6 (memory map) claims 8 bytes more than total_size leaves */
#define MB2_CORRUPT_DESCR0   3 /* tag 17 (EFI memory map) with descr_size 0 */

#define MB2_CORRUPT_TRUNCATED_SIZE 12u /* what TRUNCATE writes into tag 4's size */

/*
 * mb2_corrupt: apply damage `how` to the well-formed structure of
 * `total` bytes at `info` (as mb2b_finish left it). Returns 0 when the
 * tag it aims at was found and changed, -1 otherwise (unknown `how`, no
 * such tag, or a structure it cannot walk); nothing is changed then.
 */
int mb2_corrupt(uint8_t *info, size_t total, int how);

#endif /* EFI_INFO_CORRUPT_H */
