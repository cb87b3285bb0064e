/*
 * mmap_builder.c: firmware memory maps for the host tests (see mmap_builder.h).
 */
#include "mmap_builder.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define MMB_PAGE_MASK (EFI_MAP_PAGE_SIZE - 1u)
#define MMB_VIRT_POISON 0x5555555555555555ull /* virt_start is never used */

/* put64: a little-endian 64-bit store at p (no alignment assumed). */
static void put64(uint8_t *p, uint64_t v)
{
    for (unsigned i = 0; i < sizeof(v); i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

void mmb_init(struct mmb *m, size_t stride)
{
    assert(stride >= EFI_MDESC_MIN_SIZE);
    m->stride = stride;
    m->count = 0;
    m->buf = malloc(MMB_MAX_DESCS * stride);
    assert(m->buf != NULL);
    memset(m->buf, MMB_FILL, MMB_MAX_DESCS * stride);
}

void mmb_add(struct mmb *m, uint32_t type, uint64_t start, uint64_t pages)
{
    assert(m->count < MMB_MAX_DESCS);
    uint8_t *d = m->buf + m->count * m->stride;
    memset(d, 0, EFI_MDESC_MIN_SIZE);
    d[offsetof(struct efi_mdesc, type)] = (uint8_t)type;
    d[offsetof(struct efi_mdesc, type) + 1] = (uint8_t)(type >> 8);
    d[offsetof(struct efi_mdesc, type) + 2] = (uint8_t)(type >> 16);
    d[offsetof(struct efi_mdesc, type) + 3] = (uint8_t)(type >> 24);
    put64(d + offsetof(struct efi_mdesc, phys_start), start);
    put64(d + offsetof(struct efi_mdesc, virt_start), MMB_VIRT_POISON);
    put64(d + offsetof(struct efi_mdesc, num_pages), pages);
    put64(d + offsetof(struct efi_mdesc, attribute), EFI_MA_WB);
    m->count++;
}

void mmb_add_range(struct mmb *m, uint32_t type, uint64_t start, uint64_t end)
{
    assert((start & MMB_PAGE_MASK) == 0 && (end & MMB_PAGE_MASK) == 0 && end >= start);
    mmb_add(m, type, start, (end - start) / EFI_MAP_PAGE_SIZE);
}

struct efi_mmap mmb_map(const struct mmb *m)
{
    struct efi_mmap map = { m->buf, m->count * m->stride, m->stride, EFI_MDESC_VERSION };
    return map;
}

void mmb_free(struct mmb *m)
{
    free(m->buf);
    m->buf = NULL;
    m->count = 0;
}
