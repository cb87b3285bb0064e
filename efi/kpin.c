/*
 * kpin.c: compare a kernel file with the SHA-256 a signed loader was built for.
 */
#include "kpin.h"

#include "fmt.h"

#define NIBBLE_BITS 4u
#define NIBBLE_MASK 0xfu

void kpin_hex(const uint8_t d[SHA256_DIGEST_BYTES], char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (unsigned i = 0; i < SHA256_DIGEST_BYTES; i++) {
        out[2u * i] = digits[d[i] >> NIBBLE_BITS];
        out[2u * i + 1u] = digits[d[i] & NIBBLE_MASK];
    }
    out[KPIN_HEX_LEN] = '\0';
}

int kpin_check(const struct kernel_pin *pin, const uint8_t *data, size_t size,
               const char *name, char *err, size_t errcap)
{
    if (!pin->enabled)
        return 0;
    uint8_t found[SHA256_DIGEST_BYTES];
    sha256(data, size, found);
    uint8_t diff = 0;
    for (unsigned i = 0; i < SHA256_DIGEST_BYTES; i++)
        diff |= (uint8_t)(found[i] ^ pin->sha256[i]);
    if (diff == 0)
        return 0;
    char found_hex[KPIN_HEX_LEN + 1u], want_hex[KPIN_HEX_LEN + 1u];
    kpin_hex(found, found_hex);
    kpin_hex(pin->sha256, want_hex);
    fmt_format(err, errcap,
               "%s: SHA-256 %s does not match the SHA-256 %s this signed loader was built for; "
               "a changed kernel needs the loader rebuilt and re-signed (make sign)",
               name, found_hex, want_hex);
    return -1;
}
