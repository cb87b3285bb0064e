/*
 * fuzz_smbios.c: libFuzzer target for efi/smbios.c. The input's first byte
 * chooses between the entry point parser and the structure table walk; the
 * rest is handed over as exactly that many bytes (a copy of its own, so
 * reading one byte too far trips ASan). Found strings must be NUL-terminated
 * within their fields and the file name made of allowed characters only.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smbios.h"

#define NAME_MAX_BYTES 41u

static int allowed(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '_' || c == '-';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    uint8_t mode = data[0];
    size_t len = size - 1;
    uint8_t *copy = malloc(len ? len : 1);
    memcpy(copy, data + 1, len);
    if (mode & 1) {
        uint64_t addr;
        uint32_t tsize;
        (void)smbios_entry_table(copy, len, &addr, &tsize);
    } else {
        struct smbios_system sys;
        (void)smbios_find_system(copy, len, &sys);
        if (memchr(sys.manufacturer, 0, sizeof(sys.manufacturer)) == NULL ||
            memchr(sys.product, 0, sizeof(sys.product)) == NULL)
            abort();
        char name[NAME_MAX_BYTES];
        smbios_file_name(&sys, name, sizeof(name));
        size_t n = strlen(name);
        if (n == 0 || n >= sizeof(name))
            abort();
        for (size_t i = 0; i < n; i++)
            if (!allowed(name[i]))
                abort();
    }
    free(copy);
    return 0;
}
