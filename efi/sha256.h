/*
 * sha256.h: SHA-256 (FIPS 180-4), freestanding: no libc, no allocation.
 * Shared by the loader (kernel pin check, kpin.c) and the host tests.
 */
#ifndef EFI_SHA256_H
#define EFI_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_BYTES 32u
#define SHA256_BLOCK_BYTES  64u
#define SHA256_STATE_WORDS  8u

/* The running state of one hash; initialise with sha256_init before use. */
struct sha256_ctx {
    uint32_t h[SHA256_STATE_WORDS];      /* chaining value */
    uint64_t total;                      /* bytes hashed so far */
    uint8_t block[SHA256_BLOCK_BYTES];   /* partial block */
    size_t fill;                         /* bytes in block, < SHA256_BLOCK_BYTES */
};

/* sha256_init: start a new hash in ctx (the FIPS 180-4 initial value). */
void sha256_init(struct sha256_ctx *ctx);

/*
 * sha256_update: hash len more bytes of data (data may be NULL when len is 0).
 * Calling it with a message cut into any pieces gives the same digest as one call.
 */
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len);

/*
 * sha256_final: pad, write the 32-byte digest to out, and wipe ctx.
 * ctx must be re-initialised before it is used again.
 */
void sha256_final(struct sha256_ctx *ctx, uint8_t out[SHA256_DIGEST_BYTES]);

/* sha256: the digest of len bytes at data in one call. */
void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_BYTES]);

#endif /* EFI_SHA256_H */
