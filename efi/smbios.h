/*
 * smbios.h: the machine's name from the firmware's SMBIOS tables (pure
 * code; the tables are untrusted input, so every read is bounds-checked).
 */
#ifndef EFI_SMBIOS_H
#define EFI_SMBIOS_H

#include <stddef.h>
#include <stdint.h>

#define SMBIOS_STRING_MAX 64u /* bytes kept of one SMBIOS string, incl. NUL */

struct smbios_system {
    char manufacturer[SMBIOS_STRING_MAX]; /* type 1, "" when absent */
    char product[SMBIOS_STRING_MAX];      /* type 1, "" when absent */
};

/*
 * smbios_entry_table: from an entry point structure (len bytes readable at
 * ep), find the structure table: "_SM3_" (SMBIOS 3.x: 64-bit address,
 * maximum size) or "_SM_" (2.x: 32-bit address, exact length). Checks the
 * anchor and the entry point's checksum. Returns 0 and sets *addr and *size,
 * or -1 when it is not a valid entry point.
 */
int smbios_entry_table(const uint8_t *ep, size_t len, uint64_t *addr, uint32_t *size);

/*
 * smbios_find_system: walk the structure table (len bytes at table) for
 * the first type 1 (System Information) structure and copy its
 * manufacturer and product name strings (cut to SMBIOS_STRING_MAX - 1).
 * Stops at the end-of-table structure (type 127), at a structure that does
 * not fit, or at len. Returns 0 when a type 1 structure was found (its
 * strings may still be empty), -1 otherwise; *out is always filled.
 */
int smbios_find_system(const uint8_t *table, size_t len, struct smbios_system *out);

/*
 * smbios_file_name: a file name stem from the strings: manufacturer and
 * product joined by '-', every byte outside [A-Za-z0-9._-] replaced by '_',
 * runs of '_' collapsed and none at either end, cut to max - 1 characters; "unknown" when both are
 * empty. out has room for max bytes.
 */
void smbios_file_name(const struct smbios_system *sys, char *out, size_t max);

#endif /* EFI_SMBIOS_H */
