/*
 * mb1_header.c: the Multiboot1 header search and checks (see mb1_header.h).
 * Pure code: no library functions beyond fmt.
 */
#include "mb1_header.h"

#include "fmt.h"

#define WORD_BYTES 4u
#define BYTE_BITS  8u
#define NO_OFFSET  0xFFFFFFFFu

/* le32: the little-endian word at p. */
static uint32_t le32(const uint8_t *p)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < WORD_BYTES; i++)
        v |= (uint32_t)p[i] << (BYTE_BITS * i);
    return v;
}

/* word: the idx-th 32-bit word of the header at file[off]. */
static uint32_t word(const uint8_t *file, size_t off, unsigned idx)
{
    return le32(file + off + (size_t)idx * WORD_BYTES);
}

/* lowest_bit: the number of the lowest set bit of a nonzero word. */
static unsigned lowest_bit(uint32_t v)
{
    unsigned n = 0;
    while ((v & 1u) == 0) {
        v >>= 1;
        n++;
    }
    return n;
}

/* check: apply the header at off (valid checksum) to *rq; 1, or -1 with a message. */
static int check(const uint8_t *file, size_t len, size_t off, int is_elf, struct mb1_request *rq,
                 char *err, size_t errcap)
{
    uint32_t flags = word(file, off, 1);
    uint32_t unknown = flags & MB1_HF_REQUIRED_MASK & ~MB1_HF_KNOWN_REQUIRED;
    if (unknown != 0) {
        fmt_format(err, errcap, "Multiboot1 header at 0x%x requires flag bit %u (flags 0x%08x), "
                   "expected only bits 0-2 among the required bits 0-15",
                   (unsigned)off, lowest_bit(unknown), flags);
        return -1;
    }
    if ((flags & MB1_HF_ADDRESS) && !is_elf) {
        fmt_format(err, errcap, "Multiboot1 header at 0x%x sets the address flag (bit 16) on a "
                   "file that is not ELF: the a.out kludge is not supported, expected an ELF32 kernel",
                   (unsigned)off);
        return -1;
    }
    if ((flags & MB1_HF_VIDEO_MODE) && len - off < MB1_HEADER_VIDEO_END) {
        fmt_format(err, errcap, "Multiboot1 header at 0x%x asks for a video mode, but the file "
                   "ends %u bytes into the header, expected at least %u",
                   (unsigned)off, (unsigned)(len - off), MB1_HEADER_VIDEO_END);
        return -1;
    }
    struct mb1_request r = { 0 };
    r.offset = (uint32_t)off;
    r.flags = flags;
    r.page_align_modules = (flags & MB1_HF_PAGE_ALIGN) != 0;
    r.wants_memory = (flags & MB1_HF_MEMORY_INFO) != 0;
    r.wants_video = (flags & MB1_HF_VIDEO_MODE) != 0;
    if (r.wants_video) {
        r.mode_type = word(file, off, 8);
        r.width = word(file, off, 9);
        r.height = word(file, off, 10);
        r.depth = word(file, off, 11);
    }
    *rq = r;
    return 1;
}

int mb1_header_find(const uint8_t *file, size_t len, int is_elf, struct mb1_request *rq,
                    char *err, size_t errcap)
{
    size_t limit = len < MB1_SEARCH_BYTES ? len : MB1_SEARCH_BYTES;
    uint32_t bad_at = NO_OFFSET, bad_sum = 0;
    for (size_t off = 0; off + MB1_HEADER_BASE_BYTES <= limit; off += MB1_HEADER_ALIGN) {
        if (word(file, off, 0) != MB1_HEADER_MAGIC)
            continue;
        uint32_t sum = MB1_HEADER_MAGIC + word(file, off, 1) + word(file, off, 2);
        if (sum == 0)
            return check(file, len, off, is_elf, rq, err, errcap);
        if (bad_at == NO_OFFSET) {
            bad_at = (uint32_t)off;
            bad_sum = sum;
        }
    }
    if (bad_at == NO_OFFSET)
        return 0;
    fmt_format(err, errcap, "Multiboot1 magic at 0x%x, but magic + flags + checksum is 0x%08x, "
               "expected 0", bad_at, bad_sum);
    return -1;
}
