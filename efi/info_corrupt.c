/*
 * info_corrupt.c: deliberate damage for test builds (see info_corrupt.h).
 */
#include "info_corrupt.h"

#include "../kernel/include/multiboot2.h"

/* Only the test builds and the host tests get the code; the shipped loaders carry none of it. */
#if defined(TEST_CORRUPT_INFO) || defined(HOST_TEST)

#define TAG_HEAD_BYTES 8u
#define OVERRUN_BYTES  8u /* how far past total_size OVERRUN makes tag 6 reach */

/* find_tag: offset of the first tag of `type`, or 0 when there is none. */
static uint32_t find_tag(const uint8_t *info, size_t total, uint32_t type)
{
    uint32_t off = sizeof(struct mb2_info_header);
    while (off + TAG_HEAD_BYTES <= total) {
        const struct mb2_tag *t = (const struct mb2_tag *)(info + off);
        if (t->type == type)
            return off;
        if (t->type == MB2_TAG_END || t->size < TAG_HEAD_BYTES)
            return 0;
        off += MB2_ALIGN_UP(t->size);
    }
    return 0;
}

int mb2_corrupt(uint8_t *info, size_t total, int how)
{
    uint32_t type;
    switch (how) {
    case MB2_CORRUPT_TRUNCATE:
        type = MB2_TAG_BASIC_MEMINFO;
        break;
    case MB2_CORRUPT_OVERRUN:
        type = MB2_TAG_MMAP;
        break;
    case MB2_CORRUPT_DESCR0:
        type = MB2_TAG_EFI_MMAP;
        break;
    default:
        return -1;
    }
    uint32_t off = find_tag(info, total, type);
    if (off == 0)
        return -1;
    struct mb2_tag *t = (struct mb2_tag *)(info + off);
    if (how == MB2_CORRUPT_TRUNCATE)
        t->size = MB2_CORRUPT_TRUNCATED_SIZE;
    else if (how == MB2_CORRUPT_OVERRUN)
        t->size = (uint32_t)(total - off) + OVERRUN_BYTES;
    else
        ((struct mb2_tag_efi_mmap *)t)->descr_size = 0;
    return 0;
}

#endif /* TEST_CORRUPT_INFO || HOST_TEST */
