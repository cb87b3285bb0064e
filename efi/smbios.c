/*
 * smbios.c: bounds-checked reading of the SMBIOS entry point and the
 * System Information structure (see smbios.h).
 */
#include "smbios.h"

#define SM2_ANCHOR          "_SM_"
#define SM2_ANCHOR_LEN      4u
#define SM2_EP_LEN_OFF      5u  /* entry point length byte */
#define SM2_EP_MIN_LEN      0x1Fu
#define SM2_TABLE_LEN_OFF   0x16u /* u16 structure table length */
#define SM2_TABLE_ADDR_OFF  0x18u /* u32 structure table address */
#define SM3_ANCHOR          "_SM3_"
#define SM3_ANCHOR_LEN      5u
#define SM3_EP_LEN_OFF      6u
#define SM3_EP_MIN_LEN      0x18u
#define SM3_TABLE_MAX_OFF   0x0Cu /* u32 structure table maximum size */
#define SM3_TABLE_ADDR_OFF  0x10u /* u64 structure table address */

#define HDR_TYPE_OFF        0u
#define HDR_LEN_OFF         1u
#define HDR_SIZE            4u  /* type, length, handle */
#define TYPE_SYSTEM_INFO    1u
#define TYPE_END_OF_TABLE   127u
#define SYS_MANUFACTURER    4u  /* string number offsets in type 1 */
#define SYS_PRODUCT         5u
#define NAME_SEPARATOR      '-'
#define NAME_FILLER         '_'
#define NAME_UNKNOWN        "unknown"

static uint32_t rd16(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t rd32(const uint8_t *p)
{
    return rd16(p) | rd16(p + 2) << 16;
}

static int has_anchor(const uint8_t *p, size_t len, const char *anchor, size_t alen)
{
    if (len < alen)
        return 0;
    for (size_t i = 0; i < alen; i++)
        if (p[i] != (uint8_t)anchor[i])
            return 0;
    return 1;
}

/* The entry point's bytes must add up to 0 (mod 256). */
static int sums_to_zero(const uint8_t *p, size_t n)
{
    uint8_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum = (uint8_t)(sum + p[i]);
    return sum == 0;
}

int smbios_entry_table(const uint8_t *ep, size_t len, uint64_t *addr, uint32_t *size)
{
    if (has_anchor(ep, len, SM3_ANCHOR, SM3_ANCHOR_LEN)) {
        if (len < SM3_EP_MIN_LEN)
            return -1;
        size_t eplen = ep[SM3_EP_LEN_OFF];
        if (eplen < SM3_EP_MIN_LEN || eplen > len || !sums_to_zero(ep, eplen))
            return -1;
        *addr = (uint64_t)rd32(ep + SM3_TABLE_ADDR_OFF) |
                (uint64_t)rd32(ep + SM3_TABLE_ADDR_OFF + 4) << 32;
        *size = rd32(ep + SM3_TABLE_MAX_OFF);
        return 0;
    }
    if (has_anchor(ep, len, SM2_ANCHOR, SM2_ANCHOR_LEN)) {
        if (len < SM2_EP_MIN_LEN)
            return -1;
        size_t eplen = ep[SM2_EP_LEN_OFF];
        if (eplen < SM2_EP_MIN_LEN || eplen > len || !sums_to_zero(ep, eplen))
            return -1;
        *addr = rd32(ep + SM2_TABLE_ADDR_OFF);
        *size = rd16(ep + SM2_TABLE_LEN_OFF);
        return 0;
    }
    return -1;
}

/*
 * Copy string number `which` (1-based; 0 means none) of the string set
 * [set, end) into out. The set is a list of NUL-terminated strings closed
 * by an empty one; a string running past end is cut there.
 */
static void copy_string(const uint8_t *set, const uint8_t *end, unsigned which, char *out,
                        size_t max)
{
    out[0] = '\0';
    if (which == 0)
        return;
    const uint8_t *p = set;
    for (unsigned n = 1; p < end && *p != 0; n++) {
        const uint8_t *s = p;
        while (p < end && *p != 0)
            p++;
        if (n == which) {
            size_t k = 0;
            for (; s + k < p && k + 1 < max; k++)
                out[k] = (char)s[k];
            out[k] = '\0';
            return;
        }
        p++; /* past the NUL */
    }
}

/* One past the string set that starts at p (its closing double NUL), or NULL. */
static const uint8_t *skip_strings(const uint8_t *p, const uint8_t *end)
{
    if (end - p >= 2 && p[0] == 0 && p[1] == 0)
        return p + 2; /* no strings: just the terminator */
    while (end - p >= 2) {
        if (p[0] == 0 && p[1] == 0)
            return p + 2;
        p++;
    }
    return NULL;
}

int smbios_find_system(const uint8_t *table, size_t len, struct smbios_system *out)
{
    out->manufacturer[0] = '\0';
    out->product[0] = '\0';
    const uint8_t *p = table;
    const uint8_t *end = table + len;
    while (end - p >= (long)HDR_SIZE) {
        uint8_t type = p[HDR_TYPE_OFF];
        uint8_t flen = p[HDR_LEN_OFF];
        if (flen < HDR_SIZE || flen > end - p)
            return -1;
        const uint8_t *strings = p + flen;
        const uint8_t *next = skip_strings(strings, end);
        if (type == TYPE_SYSTEM_INFO) {
            const uint8_t *set_end = next != NULL ? next : end;
            if (flen > SYS_MANUFACTURER)
                copy_string(strings, set_end, p[SYS_MANUFACTURER], out->manufacturer,
                            SMBIOS_STRING_MAX);
            if (flen > SYS_PRODUCT)
                copy_string(strings, set_end, p[SYS_PRODUCT], out->product, SMBIOS_STRING_MAX);
            return 0;
        }
        if (type == TYPE_END_OF_TABLE || next == NULL)
            return -1;
        p = next;
    }
    return -1;
}

static int name_char_ok(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '_' || c == '-';
}

/* Append s to out[*n] with filtering; no leading filler, runs collapsed. */
static void append_clean(char *out, size_t max, size_t *n, const char *s)
{
    for (; *s != '\0' && *n + 1 < max; s++) {
        char c = name_char_ok(*s) ? *s : NAME_FILLER;
        if (c == NAME_FILLER && (*n == 0 || out[*n - 1] == NAME_FILLER))
            continue; /* no leading filler, no runs of it */
        out[(*n)++] = c;
    }
}

void smbios_file_name(const struct smbios_system *sys, char *out, size_t max)
{
    size_t n = 0;
    if (max == 0)
        return;
    append_clean(out, max, &n, sys->manufacturer);
    if (sys->manufacturer[0] != '\0' && sys->product[0] != '\0' && n + 1 < max)
        out[n++] = NAME_SEPARATOR;
    append_clean(out, max, &n, sys->product);
    /* Trim trailing filler: "QEMU_" reads worse than "QEMU". */
    while (n > 0 && out[n - 1] == NAME_FILLER)
        n--;
    out[n] = '\0';
    if (n == 0) {
        const char *u = NAME_UNKNOWN;
        for (; u[n] != '\0' && n + 1 < max; n++)
            out[n] = u[n];
        out[n] = '\0';
    }
}
