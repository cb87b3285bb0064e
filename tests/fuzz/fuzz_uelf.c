/*
 * fuzz_uelf.c: libFuzzer target for kernel/uelf.c, the check of a user
 * program (an untrusted Multiboot2 module) before the kernel maps it.
 *
 * The input is the file, in a buffer of exactly its size (ASan catches a
 * read past it). When uelf_parse accepts it, its promises are checked:
 * 1..UELF_MAX_SEGMENTS segments, sorted, each inside the user program
 * area with its file bytes inside the file and filesz <= memsz, no two
 * sharing a page, the entry inside an executable segment, and `end` the
 * page-rounded end of the last one. A refusal must come with a
 * terminated, non-empty message.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "paging.h"
#include "types.h"
#include "../../kernel/uelf.h"

#define PAGE_OFF_MASK (PAGE_SIZE - 1u)

static void check_image(const struct uelf_image *img, size_t len)
{
    if (img->nsegs == 0 || img->nsegs > UELF_MAX_SEGMENTS)
        abort();
    int entry_ok = 0;
    for (uint32_t i = 0; i < img->nsegs; i++) {
        const struct uelf_seg *s = &img->segs[i];
        uint64_t end = (uint64_t)s->vaddr + s->memsz;
        if (s->filesz > s->memsz || s->vaddr < USER_VMIN || end > USER_HEAP_LIMIT)
            abort();
        if ((uint64_t)s->offset + s->filesz > len)
            abort();
        if (i > 0) {
            const struct uelf_seg *p = &img->segs[i - 1u];
            if ((((uint64_t)p->vaddr + p->memsz - 1u) & ~(uint64_t)PAGE_OFF_MASK) >=
                (s->vaddr & ~PAGE_OFF_MASK))
                abort();
        }
        if ((s->flags & UELF_SEG_X) && img->entry >= s->vaddr && img->entry < end)
            entry_ok = 1;
    }
    const struct uelf_seg *last = &img->segs[img->nsegs - 1u];
    if (!entry_ok || img->end != page_up((uint64_t)last->vaddr + last->memsz))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *file = malloc(size != 0 ? size : 1);
    if (file == NULL)
        return 0;
    memcpy(file, data, size);
    struct uelf_image img;
    char err[UELF_ERR_MAX];
    memset(err, 0, sizeof(err));
    if (uelf_parse(file, size, &img, err, sizeof(err)) == 0)
        check_image(&img, size);
    else if (memchr(err, '\0', sizeof(err)) == NULL || err[0] == '\0')
        abort();
    free(file);
    return 0;
}
