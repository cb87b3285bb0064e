/*
 * console.h: the loader's messages, on the firmware's console (which OVMF
 * and most PCs mirror to the serial port). Only usable before
 * ExitBootServices.
 */
#ifndef EFI_CONSOLE_H
#define EFI_CONSOLE_H

#include <efi.h>

#define CON_LINE_MAX 512u /* longest message; longer ones are cut */

/* con_init: remember the system table whose ConOut is written to. */
void con_init(EFI_SYSTEM_TABLE *st);

/* con_printf: format (fmt.h conversions) and write; "\n" becomes CR LF. */
void con_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* con_status_name: "EFI_NOT_FOUND" etc. for a status, or "EFI status 0x..." */
const char *con_status_name(EFI_STATUS status);

#endif /* EFI_CONSOLE_H */
