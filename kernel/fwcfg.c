/*
 * fwcfg.c: fwcfg_has_file (fwcfg.h), the port side.
 */
#include "fwcfg.h"

#include "x86.h"

static void read_bytes(uint8_t *out, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        out[i] = inb(FWCFG_PORT_DATA);
}

int fwcfg_has_file(const char *name)
{
    if ((cpuid(CPUID_LEAF_FEATURES, 0).ecx & CPUID_ECX_HYPERVISOR) == 0)
        return 0;
    uint8_t sig[FWCFG_SIGNATURE_LEN];
    outw(FWCFG_PORT_SELECTOR, FWCFG_SEL_SIGNATURE);
    read_bytes(sig, sizeof(sig));
    for (uint32_t i = 0; i < FWCFG_SIGNATURE_LEN; i++)
        if (sig[i] != (uint8_t)FWCFG_SIGNATURE[i])
            return 0;
    uint8_t be[4];
    outw(FWCFG_PORT_SELECTOR, FWCFG_SEL_FILE_DIR);
    read_bytes(be, sizeof(be));
    uint32_t count = (uint32_t)be[0] << 24 | (uint32_t)be[1] << 16 | (uint32_t)be[2] << 8 | be[3];
    if (count > FWCFG_DIR_MAX)
        count = FWCFG_DIR_MAX;
    uint8_t entry[FWCFG_DIR_ENTRY_LEN];
    for (uint32_t i = 0; i < count; i++) {
        read_bytes(entry, sizeof(entry));
        if (fwcfg_entry_is(entry, name))
            return 1;
    }
    return 0;
}
