/*
 * test_sha256.c: host tests of efi/sha256.c against the FIPS 180-4 example
 * messages and NIST SHAVS short-message vectors, padding boundaries, and
 * incremental hashing of random data in random pieces against one call.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sha256.h"

#define HEX_LEN          (2 * SHA256_DIGEST_BYTES)
#define MILLION          1000000u
#define RANDOM_TRIALS    200
#define RANDOM_MAX_LEN   1000u
#define RANDOM_SEED      20261124u

static void to_hex(const uint8_t d[SHA256_DIGEST_BYTES], char out[HEX_LEN + 1])
{
    for (unsigned i = 0; i < SHA256_DIGEST_BYTES; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* assert_digest: the digest of (msg, len) in one call is want (hex). */
static void assert_digest(const void *msg, size_t len, const char *want)
{
    uint8_t d[SHA256_DIGEST_BYTES];
    char hex[HEX_LEN + 1];
    sha256(msg, len, d);
    to_hex(d, hex);
    if (strcmp(hex, want) != 0)
        fail_msg("SHA-256 of %zu bytes: expected %s, found %s", len, want, hex);
}

/* FIPS 180-4 / NIST "Cryptographic Standards and Guidelines: Examples with Intermediate Values". */
static void fips_examples(void **state)
{
    (void)state;
    assert_digest("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two_block = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    assert_digest(two_block, strlen(two_block),
                  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    const char *long_msg = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                           "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    assert_digest(long_msg, strlen(long_msg),
                  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void empty_message(void **state)
{
    (void)state;
    assert_digest(NULL, 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

/* NIST SHAVS SHA256ShortMsg.rsp, Len = 8 and Len = 16. */
static void shavs_short_messages(void **state)
{
    (void)state;
    const uint8_t one[] = { 0xd3 };
    assert_digest(one, sizeof(one), "28969cdfa74a12c82f3bad960b0b000aca2ac329deea5c2328ebc6f2ba9802c1");
    const uint8_t two[] = { 0x11, 0xaf };
    assert_digest(two, sizeof(two), "5ca7133fa735326081558ac312c620eeca9970d1e70a4b95533d956f072d1f98");
}

/* FIPS example: one million 'a', fed in one call and in 1000-byte pieces. */
static void million_a(void **state)
{
    (void)state;
    const char *want = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    char *buf = malloc(MILLION);
    assert_non_null(buf);
    memset(buf, 'a', MILLION);
    assert_digest(buf, MILLION, want);

    struct sha256_ctx ctx;
    uint8_t d[SHA256_DIGEST_BYTES];
    char hex[HEX_LEN + 1];
    const size_t piece = 1000;
    sha256_init(&ctx);
    for (size_t off = 0; off < MILLION; off += piece)
        sha256_update(&ctx, buf + off, piece);
    sha256_final(&ctx, d);
    to_hex(d, hex);
    assert_string_equal(hex, want);
    free(buf);
}

/*
 * Lengths around the padding boundaries (55/56 bytes: the length still fits
 * the last block or not; 64: a whole block). Digests of n times 'a' from an
 * independent implementation (Python's hashlib).
 */
static void padding_boundaries(void **state)
{
    (void)state;
    static const struct { size_t n; const char *want; } v[] = {
        { 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
        { 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
        { 57, "f13b2d724659eb3bf47f2dd6af1accc87b81f09f59f2b75e5c0bed6589dfe8c6" },
        { 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
        { 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
        { 65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0" },
        { 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb" },
        { 120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c" },
        { 127, "c57e9278af78fa3cab38667bef4ce29d783787a2f731d4e12200270f0c32320a" },
        { 128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e" },
        { 129, "c12cb024a2e5551cca0e08fce8f1c5e314555cc3fef6329ee994a3db752166ae" },
    };
    char buf[129];
    memset(buf, 'a', sizeof(buf));
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
        assert_digest(buf, v[i].n, v[i].want);
}

/* Random data cut into random pieces (some empty) hashes as in one call. */
static void incremental_matches_one_shot(void **state)
{
    (void)state;
    srand(RANDOM_SEED);
    static uint8_t data[RANDOM_MAX_LEN];
    for (int t = 0; t < RANDOM_TRIALS; t++) {
        size_t len = (size_t)rand() % (RANDOM_MAX_LEN + 1);
        for (size_t i = 0; i < len; i++)
            data[i] = (uint8_t)rand();
        uint8_t once[SHA256_DIGEST_BYTES], pieces[SHA256_DIGEST_BYTES];
        sha256(data, len, once);

        struct sha256_ctx ctx;
        sha256_init(&ctx);
        size_t off = 0;
        while (off < len) {
            size_t n = (size_t)rand() % (2 * SHA256_BLOCK_BYTES + 1);
            if (n > len - off)
                n = len - off;
            sha256_update(&ctx, data + off, n);
            off += n;
        }
        sha256_update(&ctx, NULL, 0);
        sha256_final(&ctx, pieces);
        if (memcmp(once, pieces, sizeof(once)) != 0)
            fail_msg("trial %d, %zu bytes: piecewise digest differs from the one-call digest", t, len);
    }
}

/* Every single-bit change of a message changes its digest. */
static void one_bit_changes_digest(void **state)
{
    (void)state;
    uint8_t msg[SHA256_BLOCK_BYTES + 3];
    memset(msg, 0x5a, sizeof(msg));
    uint8_t base[SHA256_DIGEST_BYTES], d[SHA256_DIGEST_BYTES];
    sha256(msg, sizeof(msg), base);
    for (size_t i = 0; i < sizeof(msg) * 8; i++) {
        msg[i / 8] ^= (uint8_t)(1u << (i % 8));
        sha256(msg, sizeof(msg), d);
        msg[i / 8] ^= (uint8_t)(1u << (i % 8));
        if (memcmp(base, d, sizeof(d)) == 0)
            fail_msg("flipping bit %zu left the digest unchanged", i);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fips_examples),
        cmocka_unit_test(empty_message),
        cmocka_unit_test(shavs_short_messages),
        cmocka_unit_test(million_a),
        cmocka_unit_test(padding_boundaries),
        cmocka_unit_test(incremental_matches_one_shot),
        cmocka_unit_test(one_bit_changes_digest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
