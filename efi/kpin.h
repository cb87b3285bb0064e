/*
 * kpin.h: the kernel pin. A loader built for signing (`make sign`) embeds
 * the SHA-256 of the kernel.elf it was built with, and refuses any other
 * kernel file: UEFI Secure Boot checks the loader's signature, not the
 * files the loader reads. The development build embeds no pin and checks
 * nothing. See docs/secure-boot.md.
 */
#ifndef EFI_KPIN_H
#define EFI_KPIN_H

#include <stddef.h>
#include <stdint.h>

#include "sha256.h"

#define KPIN_HEX_LEN (2u * SHA256_DIGEST_BYTES) /* hex digits of a digest, without the NUL */
#define KPIN_ERR_MAX 448u                        /* room for a mismatch message: name and two digests */

struct kernel_pin {
    uint32_t enabled;                       /* 0: no check (development build) */
    uint8_t sha256[SHA256_DIGEST_BYTES];    /* the kernel file's digest when enabled */
};

/*
 * The loader's own pin: defined by efi/kpin_none.c (development build) or
 * by the generated $(BUILD)/efi/gen/kernel_pin.c (KERNEL_PIN=file).
 */
extern const struct kernel_pin kernel_pin;

/*
 * kpin_hex: write d as KPIN_HEX_LEN lowercase hex digits and a NUL to out
 * (which holds at least KPIN_HEX_LEN + 1 bytes).
 */
void kpin_hex(const uint8_t d[SHA256_DIGEST_BYTES], char *out);

/*
 * kpin_check: is the file (data, size), named name in messages, the one
 * pin allows? Returns 0 when pin is disabled or the digest matches;
 * otherwise -1 with a message in err (capacity errcap) naming the file,
 * the digest found and the digest pinned.
 */
int kpin_check(const struct kernel_pin *pin, const uint8_t *data, size_t size,
               const char *name, char *err, size_t errcap);

#endif /* EFI_KPIN_H */
