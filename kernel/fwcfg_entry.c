/*
 * fwcfg_entry.c: fwcfg_entry_is (fwcfg.h), pure.
 */
#include "fwcfg.h"

int fwcfg_entry_is(const uint8_t *entry, const char *name)
{
    const uint8_t *n = entry + FWCFG_NAME_OFFSET;
    for (uint32_t i = 0; i < FWCFG_NAME_LEN; i++) {
        if ((uint8_t)name[i] != n[i])
            return 0;
        if (name[i] == '\0')
            return 1;
    }
    return 0; /* no NUL inside the field, or name longer than it */
}
