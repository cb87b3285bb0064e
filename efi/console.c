/*
 * console.c: formatted loader messages on the firmware console (console.h).
 */
#include "console.h"

#include <efilib.h>

#include "fmt.h"

static EFI_SYSTEM_TABLE *con_st;

void con_init(EFI_SYSTEM_TABLE *st)
{
    con_st = st;
}

void con_printf(const char *fmt, ...)
{
    char line[CON_LINE_MAX];
    CHAR16 wide[2 * CON_LINE_MAX + 1];
    va_list ap;
    va_start(ap, fmt);
    fmt_vformat(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (con_st == NULL || con_st->ConOut == NULL)
        return;
    size_t w = 0;
    for (size_t i = 0; line[i] != '\0'; i++) {
        if (line[i] == '\n')
            wide[w++] = L'\r';
        wide[w++] = (CHAR16)(unsigned char)line[i];
    }
    wide[w] = 0;
    uefi_call_wrapper(con_st->ConOut->OutputString, 2, con_st->ConOut, wide);
}

const char *con_status_name(EFI_STATUS status)
{
    static char other[32];
    switch (status) {
    case EFI_SUCCESS: return "EFI_SUCCESS";
    case EFI_LOAD_ERROR: return "EFI_LOAD_ERROR";
    case EFI_INVALID_PARAMETER: return "EFI_INVALID_PARAMETER";
    case EFI_UNSUPPORTED: return "EFI_UNSUPPORTED";
    case EFI_BAD_BUFFER_SIZE: return "EFI_BAD_BUFFER_SIZE";
    case EFI_BUFFER_TOO_SMALL: return "EFI_BUFFER_TOO_SMALL";
    case EFI_NOT_READY: return "EFI_NOT_READY";
    case EFI_DEVICE_ERROR: return "EFI_DEVICE_ERROR";
    case EFI_WRITE_PROTECTED: return "EFI_WRITE_PROTECTED";
    case EFI_OUT_OF_RESOURCES: return "EFI_OUT_OF_RESOURCES";
    case EFI_VOLUME_CORRUPTED: return "EFI_VOLUME_CORRUPTED";
    case EFI_VOLUME_FULL: return "EFI_VOLUME_FULL";
    case EFI_NO_MEDIA: return "EFI_NO_MEDIA";
    case EFI_NOT_FOUND: return "EFI_NOT_FOUND";
    case EFI_ACCESS_DENIED: return "EFI_ACCESS_DENIED";
    case EFI_ABORTED: return "EFI_ABORTED";
    case EFI_SECURITY_VIOLATION: return "EFI_SECURITY_VIOLATION";
    default:
        fmt_format(other, sizeof(other), "EFI status 0x%llx", (unsigned long long)status);
        return other;
    }
}
