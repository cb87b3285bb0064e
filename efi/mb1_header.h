/*
 * mb1_header.h: finding and checking a Multiboot1 header in a kernel file
 * (pure code; also built for the host tests and the fuzzer).
 */
#ifndef EFI_MB1_HEADER_H
#define EFI_MB1_HEADER_H

#include <stddef.h>
#include <stdint.h>

#include "multiboot1.h"

#define MB1_ERR_MAX 160u /* room for any message of mb1_header_find */

/* What a kernel's Multiboot1 header asks of the loader. */
struct mb1_request {
    uint32_t offset;           /* where the header starts in the file */
    uint32_t flags;            /* the header's flags word */
    int page_align_modules;    /* MB1_HF_PAGE_ALIGN */
    int wants_memory;          /* MB1_HF_MEMORY_INFO */
    int wants_video;           /* MB1_HF_VIDEO_MODE: give the framebuffer fields */
    uint32_t mode_type;        /* the video fields, when wants_video */
    uint32_t width;
    uint32_t height;
    uint32_t depth;
};

/*
 * mb1_header_find: look for a Multiboot1 header in the first
 * MB1_SEARCH_BYTES of the len-byte file, at 4-byte boundaries: the magic
 * 0x1BADB002 followed by flags and a checksum that makes the three words
 * sum to 0. is_elf says whether the file is an ELF32 image (the loader only
 * loads ELF; the header's address fields are then ignored).
 * Returns 1 and fills *rq when a usable header is found; 0 when there is
 * none (no magic at all); -1 with a one-line message in err (capacity
 * errcap) when there is one that cannot be honoured: a magic whose checksum
 * is wrong (and no valid header after it), an unknown required flag (bits
 * 3-15, named), the address flag on a file that is not ELF (the a.out
 * kludge, unsupported), or a header cut off by the end of the file before
 * the fields its flags announce.
 */
int mb1_header_find(const uint8_t *file, size_t len, int is_elf, struct mb1_request *rq,
                    char *err, size_t errcap);

#endif /* EFI_MB1_HEADER_H */
