/*
 * fuzz_mb1_header.c: libFuzzer target for efi/mb1_header.c, the Multiboot1
 * header search. The input is the kernel file (copied into a buffer of
 * exactly its size so ASan catches a read past it), tried as ELF and not.
 * A found header must lie in the first 8 KiB, 4-byte aligned, with a
 * correct checksum and no unknown required flag; a refusal must come with
 * a terminated, non-empty message.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mb1_header.h"

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void one(const uint8_t *file, size_t len, int is_elf)
{
    struct mb1_request rq;
    char err[MB1_ERR_MAX];
    memset(err, 0, sizeof(err));
    int rc = mb1_header_find(file, len, is_elf, &rq, err, sizeof(err));
    if (rc == 1) {
        if (rq.offset % MB1_HEADER_ALIGN != 0 || rq.offset + MB1_HEADER_BASE_BYTES > MB1_SEARCH_BYTES ||
            rq.offset + MB1_HEADER_BASE_BYTES > len)
            abort();
        const uint8_t *h = file + rq.offset;
        if (le32(h) != MB1_HEADER_MAGIC || le32(h) + le32(h + 4) + le32(h + 8) != 0)
            abort();
        if (rq.flags & MB1_HF_REQUIRED_MASK & ~MB1_HF_KNOWN_REQUIRED)
            abort();
        if (!is_elf && (rq.flags & MB1_HF_ADDRESS))
            abort();
    } else if (rc == -1) {
        if (memchr(err, '\0', sizeof(err)) == NULL || err[0] == '\0')
            abort();
    } else if (rc != 0) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *file = malloc(size ? size : 1);
    if (file == NULL)
        return 0;
    memcpy(file, data, size);
    one(file, size, 1);
    one(file, size, 0);
    free(file);
    return 0;
}
