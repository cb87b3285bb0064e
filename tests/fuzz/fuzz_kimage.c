/*
 * fuzz_kimage.c: libFuzzer target for efi/kimage.c: the ELF32 checks, the
 * Multiboot2 header search and tag parse, and address-tag loading.
 *
 * The input is the kernel file, copied into a buffer of exactly its size so
 * ASan catches any read past it. When kimage_analyse accepts a file, what
 * it promises is checked: every segment's file bytes lie in the file,
 * filesz <= memsz, every segment ends below 4 GiB, the entry lies in a
 * segment, load_base/load_end bound the segments, and the header lies in
 * the first 32 KiB. A refusal must come with a terminated, non-empty message.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kimage.h"
#include "multiboot2.h"

#define ADDR_END_MAX 0xFFFFFFFFull

static volatile size_t sink; /* keeps the name lookups from being optimised away */

static void check_message(const char *err)
{
    if (memchr(err, '\0', KIMAGE_ERR_MAX) == NULL || err[0] == '\0')
        abort();
}

static void check_image(const struct kimage *img, size_t len)
{
    if (img->nsegs == 0 || img->nsegs > KIMAGE_MAX_SEGMENTS)
        abort();
    int entry_inside = 0;
    for (unsigned i = 0; i < img->nsegs; i++) {
        const struct kseg *s = &img->segs[i];
        uint64_t end = (uint64_t)s->paddr + s->memsz;
        if (s->filesz > s->memsz || s->memsz == 0 || end > ADDR_END_MAX)
            abort();
        if (s->filesz > 0 && (uint64_t)s->file_offset + s->filesz > len)
            abort();
        if (s->paddr < img->load_base || end > img->load_end)
            abort();
        if (img->entry >= s->paddr && img->entry < end)
            entry_inside = 1;
    }
    if (!entry_inside)
        abort();
    uint64_t hend = (uint64_t)img->req.header_offset + img->req.header_length;
    if (hend > len || hend > MB2_HEADER_SEARCH_BYTES || img->req.header_offset % MB2_HEADER_ALIGN)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *file = malloc(size ? size : 1);
    if (file == NULL)
        return 0;
    memcpy(file, data, size);
    static struct kimage img;
    char err[KIMAGE_ERR_MAX];
    memset(err, 0, sizeof(err));
    if (kimage_analyse(file, size, &img, err, sizeof(err)) == 0) {
        check_image(&img, size);
        int unmet = mb2_first_unmet(&img.req, size > 0 ? file[0] * 0x01010101u : 0);
        if (unmet >= 0)
            sink += strlen(mb2_info_tag_name((uint32_t)unmet));
    } else {
        check_message(err);
    }
    struct mb2_request req;
    memset(err, 0, sizeof(err));
    if (mb2_header_find(file, size, &req, err, sizeof(err)) != 0)
        check_message(err);
    free(file);
    return 0;
}
