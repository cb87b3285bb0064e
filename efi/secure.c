/*
 * secure.c: read the SecureBoot variable (UEFI 2.x, section 3.3 "Globally
 * Defined Variables": one byte, 1 when the platform enforces image signatures).
 */
#include <efi.h>
#include <efilib.h>

#include "secure.h"

#define SECURE_BOOT_ON 1u

const char *secure_boot_state(void)
{
    CHAR16 name[] = L"SecureBoot";
    UINT8 value = 0;
    UINTN size = sizeof(value);
    UINT32 attrs = 0;
    EFI_STATUS st = uefi_call_wrapper(RT->GetVariable, 5, name, &EfiGlobalVariable, &attrs,
                                      &size, &value);
    if (st == EFI_NOT_FOUND)
        return "not supported by this firmware";
    if (EFI_ERROR(st) || size != sizeof(value))
        return "unknown (the SecureBoot variable cannot be read as one byte)";
    return value == SECURE_BOOT_ON ? "enabled" : "disabled";
}
