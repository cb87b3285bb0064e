/*
 * uelf.c: see uelf.h.
 */
#include "uelf.h"

#include "../efi/elf32.h"
#include "fmt.h"
#include "paging.h"
#include "types.h"

#define PAGE_OFF_MASK (PAGE_SIZE - 1u)
#define EHDR_SIZE     52u  /* sizeof(Elf32_Ehdr) */
#define PHDR_SIZE     32u  /* sizeof(Elf32_Phdr) */
/* Field offsets (the file need not be aligned: read byte by byte). */
#define E_TYPE_OFF      16u
#define E_MACHINE_OFF   18u
#define E_VERSION_OFF   20u
#define E_ENTRY_OFF     24u
#define E_PHOFF_OFF     28u
#define E_PHENTSIZE_OFF 42u
#define E_PHNUM_OFF     44u
#define P_TYPE_OFF      0u
#define P_OFFSET_OFF    4u
#define P_VADDR_OFF     8u
#define P_FILESZ_OFF    16u
#define P_MEMSZ_OFF     20u
#define P_FLAGS_OFF     24u
#define BYTE_BITS       8u

_Static_assert(sizeof(Elf32_Ehdr) == EHDR_SIZE && sizeof(Elf32_Phdr) == PHDR_SIZE, "ELF sizes");

/* rd16 / rd32: little-endian fields at p, byte by byte. */
static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << BYTE_BITS));
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << BYTE_BITS) | ((uint32_t)p[2] << (2 * BYTE_BITS)) |
           ((uint32_t)p[3] << (3 * BYTE_BITS));
}

/* bad: format the reason into err and return -1. */
__attribute__((format(printf, 3, 4))) static int bad(char *err, size_t errcap, const char *fmt,
                                                     ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (errcap > 0)
        fmt_vformat(err, errcap, fmt, ap);
    va_end(ap);
    return -1;
}

/* check_ident: the ELF header's identity, type and machine. */
static int check_ident(const uint8_t *f, size_t len, char *err, size_t errcap)
{
    if (len < EHDR_SIZE)
        return bad(err, errcap, "file is %u bytes, expected at least %u (an ELF32 header)",
                   (unsigned)len, EHDR_SIZE);
    if (f[EI_MAG0] != ELFMAG0 || f[EI_MAG1] != ELFMAG1 || f[EI_MAG2] != ELFMAG2 ||
        f[EI_MAG3] != ELFMAG3)
        return bad(err, errcap, "no ELF magic (found %02x %02x %02x %02x)", f[0], f[1], f[2],
                   f[3]);
    if (f[EI_CLASS] != ELFCLASS32)
        return bad(err, errcap, "ELF class %u, expected %u (32-bit)", f[EI_CLASS], ELFCLASS32);
    if (f[EI_DATA] != ELFDATA2LSB)
        return bad(err, errcap, "ELF data %u, expected %u (little-endian)", f[EI_DATA],
                   ELFDATA2LSB);
    if (f[EI_VERSION] != EV_CURRENT || rd32(f + E_VERSION_OFF) != EV_CURRENT)
        return bad(err, errcap, "ELF version %u/%u, expected %u", f[EI_VERSION],
                   rd32(f + E_VERSION_OFF), EV_CURRENT);
    if (rd16(f + E_TYPE_OFF) != ET_EXEC)
        return bad(err, errcap, "ELF type %u, expected %u (executable)", rd16(f + E_TYPE_OFF),
                   ET_EXEC);
    if (rd16(f + E_MACHINE_OFF) != EM_386)
        return bad(err, errcap, "machine %u, expected %u (i386)", rd16(f + E_MACHINE_OFF),
                   EM_386);
    return 0;
}

/* check_seg: one PT_LOAD's numbers against the file and the user half. */
static int check_seg(const struct uelf_seg *s, size_t len, unsigned i, char *err, size_t errcap)
{
    if (s->filesz > s->memsz)
        return bad(err, errcap, "segment %u: p_filesz %u > p_memsz %u", i, s->filesz, s->memsz);
    if ((uint64_t)s->offset + s->filesz > len)
        return bad(err, errcap, "segment %u: file bytes %u+%u run past the file's %u bytes", i,
                   s->offset, s->filesz, (unsigned)len);
    if ((s->offset & PAGE_OFF_MASK) != (s->vaddr & PAGE_OFF_MASK))
        return bad(err, errcap, "segment %u: offset %x and address %x differ modulo 4 KiB", i,
                   s->offset, s->vaddr);
    uint64_t end = (uint64_t)s->vaddr + s->memsz;
    if (s->vaddr < USER_VMIN || end > USER_HEAP_LIMIT)
        return bad(err, errcap,
                   "segment %u: %08x-%08llx, expected inside the user program area %08x-%08x", i,
                   s->vaddr, (unsigned long long)end, USER_VMIN, USER_HEAP_LIMIT);
    return 0;
}

/* insert_sorted: add s to out's segments in address order. */
static void insert_sorted(struct uelf_image *out, const struct uelf_seg *s)
{
    uint32_t j = out->nsegs;
    while (j > 0 && out->segs[j - 1u].vaddr > s->vaddr) {
        out->segs[j] = out->segs[j - 1u];
        j--;
    }
    out->segs[j] = *s;
    out->nsegs++;
}

int uelf_parse(const uint8_t *f, size_t len, struct uelf_image *out, char *err, size_t errcap)
{
    out->nsegs = 0;
    if (check_ident(f, len, err, errcap) != 0)
        return -1;
    uint32_t phoff = rd32(f + E_PHOFF_OFF);
    uint32_t phentsize = rd16(f + E_PHENTSIZE_OFF);
    uint32_t phnum = rd16(f + E_PHNUM_OFF);
    if (phentsize != PHDR_SIZE)
        return bad(err, errcap, "e_phentsize %u, expected %u", phentsize, PHDR_SIZE);
    if (phnum == 0 || (uint64_t)phoff + (uint64_t)phnum * PHDR_SIZE > len)
        return bad(err, errcap, "%u program headers at %u run past the file's %u bytes (or none)",
                   phnum, phoff, (unsigned)len);
    for (uint32_t i = 0; i < phnum; i++) {
        const uint8_t *ph = f + phoff + i * PHDR_SIZE;
        if (rd32(ph + P_TYPE_OFF) != PT_LOAD)
            continue;
        if (rd32(ph + P_MEMSZ_OFF) == 0 && rd32(ph + P_FILESZ_OFF) == 0)
            continue; /* an empty segment (e.g. no data at all) places nothing */
        if (out->nsegs == UELF_MAX_SEGMENTS)
            return bad(err, errcap, "more than %u PT_LOAD segments", UELF_MAX_SEGMENTS);
        uint32_t pf = rd32(ph + P_FLAGS_OFF);
        struct uelf_seg s = {
            .vaddr = rd32(ph + P_VADDR_OFF),
            .memsz = rd32(ph + P_MEMSZ_OFF),
            .offset = rd32(ph + P_OFFSET_OFF),
            .filesz = rd32(ph + P_FILESZ_OFF),
            .flags = ((pf & PF_W) ? UELF_SEG_W : 0u) | ((pf & PF_X) ? UELF_SEG_X : 0u),
        };
        if (check_seg(&s, len, i, err, errcap) != 0)
            return -1;
        insert_sorted(out, &s);
    }
    if (out->nsegs == 0)
        return bad(err, errcap, "no PT_LOAD segment, expected at least one");
    for (uint32_t i = 1; i < out->nsegs; i++) {
        const struct uelf_seg *a = &out->segs[i - 1u], *b = &out->segs[i];
        uint64_t a_last_page = ((uint64_t)a->vaddr + a->memsz - 1u) & ~(uint64_t)PAGE_OFF_MASK;
        if (a_last_page >= (b->vaddr & ~PAGE_OFF_MASK))
            return bad(err, errcap, "segments at %08x and %08x share a page (or overlap)",
                       a->vaddr, b->vaddr);
    }
    out->entry = rd32(f + E_ENTRY_OFF);
    int entry_ok = 0;
    for (uint32_t i = 0; i < out->nsegs; i++) {
        const struct uelf_seg *s = &out->segs[i];
        if ((s->flags & UELF_SEG_X) && out->entry >= s->vaddr && out->entry - s->vaddr < s->memsz)
            entry_ok = 1;
    }
    if (!entry_ok)
        return bad(err, errcap, "entry %08x is not inside an executable segment", out->entry);
    const struct uelf_seg *last = &out->segs[out->nsegs - 1u];
    out->end = (uint32_t)page_up((uint64_t)last->vaddr + last->memsz);
    return 0;
}
