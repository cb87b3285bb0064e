/*
 * kimage.c: checking a kernel file and working out how to load it
 * (see kimage.h). Two parts: the Multiboot2 header search and tag parse,
 * and the ELF32 checks and load layout.
 *
 * Pure code, compiled into the loader (freestanding, no libc), the host
 * tests and the fuzzers. The file is untrusted: every field is read byte by
 * byte (the buffer need not be aligned) and every range is computed in 64
 * bits, so no sum of file values can wrap.
 */
#include "kimage.h"

#include "elf32.h"
#include "fmt.h"
#include "multiboot2.h"

#define KIB                   1024u
#define MB2_SEARCH_KIB        (MB2_HEADER_SEARCH_BYTES / KIB)
#define MB2_END_TAG_SIZE      8u
#define MB2_MIN_HEADER_LENGTH (sizeof(struct mb2_header) + MB2_END_TAG_SIZE)
#define MB2_INFO_TYPE_LIMIT   32u          /* request bitmasks hold types 0..31 */
#define MB2_LOAD_FROM_START   0xFFFFFFFFu  /* address tag load_addr: the file's first byte */
#define ADDR_END_MAX          0xFFFFFFFFull /* highest end a uint32 load_end can hold */
#define SHOWN_MAGIC_BYTES     4u           /* leading bytes quoted for a non-ELF file */
#define PHDR_NAME_MAX         40u          /* "program header N (PT_LOAD)" */

typedef unsigned long long ull; /* for %llx / %llu arguments */

/* ---- Small helpers ---------------------------------------------------- */

/* rd16, rd32: little-endian fields at p, which need not be aligned. */
static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (uint16_t)(p[1] << 8));
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

/*
 * zero: clear n bytes at p. The volatile store keeps the compiler from
 * turning the loop into a memset call, which the loader has no libc for.
 */
static void zero(void *p, size_t n)
{
    volatile uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        b[i] = 0;
}

/* ---- Names for messages ----------------------------------------------- */

/* header_tag_name: the name of a Multiboot2 header tag type (0..10). */
static const char *header_tag_name(uint32_t type)
{
    static const char *const names[] = {
        [MB2_HTAG_END] = "end",
        [MB2_HTAG_INFO_REQUEST] = "information request",
        [MB2_HTAG_ADDRESS] = "address",
        [MB2_HTAG_ENTRY] = "entry address",
        [MB2_HTAG_CONSOLE_FLAGS] = "console flags",
        [MB2_HTAG_FRAMEBUFFER] = "framebuffer",
        [MB2_HTAG_MODULE_ALIGN] = "module alignment",
        [MB2_HTAG_EFI_BS] = "EFI boot services",
        [MB2_HTAG_ENTRY_EFI32] = "EFI i386 entry address",
        [MB2_HTAG_ENTRY_EFI64] = "EFI amd64 entry address",
        [MB2_HTAG_RELOCATABLE] = "relocatable",
    };
    if (type >= sizeof(names) / sizeof(names[0]))
        return "unknown";
    return names[type];
}

/* elf_class_name, elf_data_name, elf_type_name: e_ident and e_type values. */
static const char *elf_class_name(uint32_t c)
{
    return c == ELFCLASS32 ? "32-bit" : c == ELFCLASS64 ? "64-bit" : "invalid";
}

static const char *elf_data_name(uint32_t d)
{
    return d == ELFDATA2LSB ? "little-endian" : d == ELFDATA2MSB ? "big-endian" : "invalid";
}

static const char *elf_type_name(uint32_t t)
{
    switch (t) {
    case ET_NONE: return "no file type";
    case ET_REL: return "relocatable object";
    case ET_EXEC: return "executable";
    case ET_DYN: return "shared object or PIE";
    case ET_CORE: return "core dump";
    default: return "unknown";
    }
}

/* elf_machine_name: a human name for the machines people are likely to try, or NULL. */
static const char *elf_machine_name(uint32_t m)
{
    switch (m) {
    case EM_386: return "i386";
    case EM_ARM: return "ARM";
    case EM_X86_64: return "x86-64";
    case EM_AARCH64: return "AArch64";
    default: return NULL;
    }
}

/* ---- The Multiboot2 header ------------------------------------------- */

enum header_search {
    HDR_FOUND = 0, /* a valid header, parsed into *req */
    HDR_NONE = -1, /* no magic with a valid checksum anywhere in the window */
    HDR_BAD = -2,  /* a header was found but is malformed; err says how */
};

/* The smallest size of each known header tag type (its fixed fields). */
static const uint32_t header_tag_min_size[] = {
    [MB2_HTAG_END] = MB2_END_TAG_SIZE,
    [MB2_HTAG_INFO_REQUEST] = sizeof(struct mb2_header_tag_info_request),
    [MB2_HTAG_ADDRESS] = sizeof(struct mb2_header_tag_address),
    [MB2_HTAG_ENTRY] = sizeof(struct mb2_header_tag_entry),
    [MB2_HTAG_CONSOLE_FLAGS] = sizeof(struct mb2_header_tag_console_flags),
    [MB2_HTAG_FRAMEBUFFER] = sizeof(struct mb2_header_tag_framebuffer),
    [MB2_HTAG_MODULE_ALIGN] = sizeof(struct mb2_header_tag),
    [MB2_HTAG_EFI_BS] = sizeof(struct mb2_header_tag),
    [MB2_HTAG_ENTRY_EFI32] = sizeof(struct mb2_header_tag_entry),
    [MB2_HTAG_ENTRY_EFI64] = sizeof(struct mb2_header_tag_entry),
    [MB2_HTAG_RELOCATABLE] = sizeof(struct mb2_header_tag_relocatable),
};
#define HEADER_TAG_KNOWN (sizeof(header_tag_min_size) / sizeof(header_tag_min_size[0]))

/* Field offsets inside header tags (the file is read byte-wise, not through structs). */
#define HTAG_TYPE_OFF  __builtin_offsetof(struct mb2_header_tag, type)
#define HTAG_FLAGS_OFF __builtin_offsetof(struct mb2_header_tag, flags)
#define HTAG_SIZE_OFF  __builtin_offsetof(struct mb2_header_tag, size)
#define HTAG_HEAD      sizeof(struct mb2_header_tag)

/*
 * parse_info_request: tag 1 at file offset pos. Each requested type sets a
 * bit in required_tags or optional_tags; a type the bitmask cannot hold is
 * an error in a required request and ignored in an optional one.
 */
static int parse_info_request(const uint8_t *t, uint32_t pos, uint32_t size, int optional,
                              struct mb2_request *req, char *err, size_t errcap)
{
    uint32_t n = (size - HTAG_HEAD) / sizeof(uint32_t);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t type = rd32(t + HTAG_HEAD + i * sizeof(uint32_t));
        if (type >= MB2_INFO_TYPE_LIMIT) {
            if (optional)
                continue;
            fmt_format(err, errcap,
                       "header tag 1 (information request) at offset 0x%x requires "
                       "information tag type %u, expected a type below %u",
                       pos, type, MB2_INFO_TYPE_LIMIT);
            return -1;
        }
        if (optional)
            req->optional_tags |= 1u << type;
        else
            req->required_tags |= 1u << type;
    }
    return 0;
}

/*
 * parse_known_tag: record what a known header tag (types 1..10, size
 * already checked against its minimum) asks for. Returns 0 or -1 with err.
 */
static int parse_known_tag(const uint8_t *t, uint32_t pos, uint32_t type, uint32_t size,
                           int optional, struct mb2_request *req, char *err, size_t errcap)
{
    switch (type) {
    case MB2_HTAG_INFO_REQUEST:
        return parse_info_request(t, pos, size, optional, req, err, errcap);
    case MB2_HTAG_ADDRESS:
        req->has_address = 1;
        req->header_addr = rd32(t + __builtin_offsetof(struct mb2_header_tag_address, header_addr));
        req->load_addr = rd32(t + __builtin_offsetof(struct mb2_header_tag_address, load_addr));
        req->load_end_addr =
            rd32(t + __builtin_offsetof(struct mb2_header_tag_address, load_end_addr));
        req->bss_end_addr =
            rd32(t + __builtin_offsetof(struct mb2_header_tag_address, bss_end_addr));
        return 0;
    case MB2_HTAG_ENTRY:
        req->has_entry = 1;
        req->entry_addr = rd32(t + __builtin_offsetof(struct mb2_header_tag_entry, entry_addr));
        return 0;
    case MB2_HTAG_CONSOLE_FLAGS:
        req->has_console_flags = 1;
        req->console_flags =
            rd32(t + __builtin_offsetof(struct mb2_header_tag_console_flags, console_flags));
        return 0;
    case MB2_HTAG_FRAMEBUFFER:
        req->has_framebuffer = 1;
        req->framebuffer_optional = optional;
        req->fb_width = rd32(t + __builtin_offsetof(struct mb2_header_tag_framebuffer, width));
        req->fb_height = rd32(t + __builtin_offsetof(struct mb2_header_tag_framebuffer, height));
        req->fb_depth = rd32(t + __builtin_offsetof(struct mb2_header_tag_framebuffer, depth));
        return 0;
    case MB2_HTAG_MODULE_ALIGN:
        req->module_align = 1;
        return 0;
    case MB2_HTAG_EFI_BS:
        if (optional)
            return 0;
        fmt_format(err, errcap, "header tag 7 (EFI boot services) is required "
                                "but this loader exits boot services");
        return -1;
    case MB2_HTAG_ENTRY_EFI32:
    case MB2_HTAG_ENTRY_EFI64:
        if (optional)
            return 0;
        fmt_format(err, errcap,
                   "header tag %u (%s) at offset 0x%x is required, but it only applies "
                   "with boot services kept and this loader exits them",
                   type, header_tag_name(type), pos);
        return -1;
    case MB2_HTAG_RELOCATABLE:
        req->relocatable = 1;
        req->reloc_min = rd32(t + __builtin_offsetof(struct mb2_header_tag_relocatable, min_addr));
        req->reloc_max = rd32(t + __builtin_offsetof(struct mb2_header_tag_relocatable, max_addr));
        req->reloc_align = rd32(t + __builtin_offsetof(struct mb2_header_tag_relocatable, align));
        req->reloc_pref =
            rd32(t + __builtin_offsetof(struct mb2_header_tag_relocatable, preference));
        return 0;
    default:
        return 0;
    }
}

/*
 * parse_tags: walk the tags of the header at file offset hoff, length hlen
 * (both already checked to lie in the file), into *req.
 */
static int parse_tags(const uint8_t *file, uint32_t hoff, uint32_t hlen,
                      struct mb2_request *req, char *err, size_t errcap)
{
    const uint64_t hend = (uint64_t)hoff + hlen;
    uint64_t pos = (uint64_t)hoff + sizeof(struct mb2_header);
    for (;;) {
        if (pos + HTAG_HEAD > hend) {
            fmt_format(err, errcap,
                       "Multiboot2 header at 0x%x: no end tag within its header_length of %u bytes",
                       hoff, hlen);
            return -1;
        }
        const uint8_t *t = file + pos;
        uint32_t type = rd16(t + HTAG_TYPE_OFF);
        int optional = (rd16(t + HTAG_FLAGS_OFF) & MB2_HTAG_FLAG_OPTIONAL) != 0;
        uint32_t size = rd32(t + HTAG_SIZE_OFF);
        if (size < HTAG_HEAD) {
            fmt_format(err, errcap, "header tag type %u at offset 0x%llx: size %u, expected at least %u",
                       type, (ull)pos, size, (unsigned)HTAG_HEAD);
            return -1;
        }
        if (pos + size > hend) {
            fmt_format(err, errcap,
                       "header tag type %u at offset 0x%llx: size %u runs past the header's end at 0x%llx",
                       type, (ull)pos, size, (ull)hend);
            return -1;
        }
        if (type == MB2_HTAG_END) {
            if (size != MB2_END_TAG_SIZE) {
                fmt_format(err, errcap, "header end tag at offset 0x%llx: size %u, expected %u",
                           (ull)pos, size, MB2_END_TAG_SIZE);
                return -1;
            }
            return 0;
        }
        if (type >= HEADER_TAG_KNOWN) {
            if (!optional) {
                fmt_format(err, errcap, "unknown required header tag type %u at offset 0x%llx",
                           type, (ull)pos);
                return -1;
            }
        } else if (size < header_tag_min_size[type]) {
            fmt_format(err, errcap, "header tag %u (%s) at offset 0x%llx: size %u, expected at least %u",
                       type, header_tag_name(type), (ull)pos, size, header_tag_min_size[type]);
            return -1;
        } else if (parse_known_tag(t, (uint32_t)pos, type, size, optional, req, err, errcap) != 0) {
            return -1;
        }
        pos += MB2_ALIGN_UP((uint64_t)size);
    }
}

/*
 * check_header_at: is there a header at file offset off (off + 16 <= len)?
 * Returns HDR_NONE when the magic or checksum does not match (the search
 * goes on; the first magic with a bad checksum sets *why_set and err),
 * HDR_BAD when the header is malformed, HDR_FOUND when it was parsed.
 */
static enum header_search check_header_at(const uint8_t *file, size_t len, uint32_t off,
                                          struct mb2_request *req, int *why_set,
                                          char *err, size_t errcap)
{
    const uint8_t *h = file + off;
    uint32_t magic = rd32(h + __builtin_offsetof(struct mb2_header, magic));
    uint32_t arch = rd32(h + __builtin_offsetof(struct mb2_header, architecture));
    uint32_t hlen = rd32(h + __builtin_offsetof(struct mb2_header, header_length));
    uint32_t sum = rd32(h + __builtin_offsetof(struct mb2_header, checksum));
    if (magic != MB2_HEADER_MAGIC)
        return HDR_NONE;
    uint32_t want = 0u - (magic + arch + hlen);
    if (sum != want) {
        if (!*why_set)
            fmt_format(err, errcap, "Multiboot2 header at 0x%x: checksum 0x%08x should be 0x%08x",
                       off, sum, want);
        *why_set = 1;
        return HDR_NONE;
    }
    if (arch != MB2_HEADER_ARCH_I386) {
        fmt_format(err, errcap, "Multiboot2 header at 0x%x: architecture %u, expected %u (i386)",
                   off, arch, MB2_HEADER_ARCH_I386);
        return HDR_BAD;
    }
    if (hlen < MB2_MIN_HEADER_LENGTH) {
        fmt_format(err, errcap,
                   "Multiboot2 header at 0x%x: header_length %u, expected at least %u "
                   "(the header and an end tag)",
                   off, hlen, (unsigned)MB2_MIN_HEADER_LENGTH);
        return HDR_BAD;
    }
    uint64_t end = (uint64_t)off + hlen;
    if (end > len) {
        fmt_format(err, errcap,
                   "Multiboot2 header at 0x%x: header_length %u runs to 0x%llx, past the end "
                   "of the 0x%llx-byte file",
                   off, hlen, (ull)end, (ull)len);
        return HDR_BAD;
    }
    if (end > MB2_HEADER_SEARCH_BYTES) {
        fmt_format(err, errcap,
                   "Multiboot2 header at 0x%x: header_length %u runs to 0x%llx, past the "
                   "first %u KiB where the header must lie",
                   off, hlen, (ull)end, MB2_SEARCH_KIB);
        return HDR_BAD;
    }
    req->header_offset = off;
    req->header_length = hlen;
    return parse_tags(file, off, hlen, req, err, errcap) == 0 ? HDR_FOUND : HDR_BAD;
}

/*
 * find_header: mb2_header_find, telling "no magic there" (HDR_NONE) apart
 * from "a header, but a bad one" (HDR_BAD, also for a bad checksum).
 */
static enum header_search find_header(const uint8_t *file, size_t len, struct mb2_request *req,
                                      char *err, size_t errcap)
{
    zero(req, sizeof(*req));
    size_t window = len < MB2_HEADER_SEARCH_BYTES ? len : MB2_HEADER_SEARCH_BYTES;
    int why_set = 0;
    for (size_t off = 0; off + sizeof(struct mb2_header) <= window; off += MB2_HEADER_ALIGN) {
        enum header_search r = check_header_at(file, len, (uint32_t)off, req, &why_set,
                                               err, errcap);
        if (r != HDR_NONE)
            return r;
    }
    if (why_set)
        return HDR_BAD; /* err says which checksum was wrong */
    fmt_format(err, errcap, "no Multiboot2 header in the first %u KiB (magic 0x%08x "
                            "at no 8-byte aligned offset)",
               MB2_SEARCH_KIB, MB2_HEADER_MAGIC);
    return HDR_NONE;
}

int mb2_header_find(const uint8_t *file, size_t len, struct mb2_request *req,
                    char *err, size_t errcap)
{
    return find_header(file, len, req, err, errcap) == HDR_FOUND ? 0 : -1;
}

int mb2_first_unmet(const struct mb2_request *req, uint32_t supplied)
{
    /* The end tag (type 0) ends every information structure: always met. */
    uint32_t unmet = req->required_tags & ~supplied & ~(1u << MB2_TAG_END);
    for (int type = 0; type < (int)MB2_INFO_TYPE_LIMIT; type++) {
        if (unmet & (1u << type))
            return type;
    }
    return -1;
}

/* ---- ELF32 ------------------------------------------------------------ */

/* The ELF header fields the loader uses. */
struct elf_info {
    uint32_t entry;
    uint32_t phoff;
    uint32_t phentsize;
    uint32_t phnum;
};

#define EHDR(field) __builtin_offsetof(Elf32_Ehdr, field)
#define PHDR(field) __builtin_offsetof(Elf32_Phdr, field)

/* has_elf_magic: does the file start with 0x7f 'E' 'L' 'F'? */
static int has_elf_magic(const uint8_t *file, size_t len)
{
    return len >= ELF_MAGIC_LEN && file[EI_MAG0] == ELFMAG0 && file[EI_MAG1] == ELFMAG1 &&
           file[EI_MAG2] == ELFMAG2 && file[EI_MAG3] == ELFMAG3;
}

/*
 * elf_check_header: the identity of a file with the ELF magic: ELF32,
 * little-endian, version 1, EM_386, ET_EXEC. Fills *ei. 0 or -1 with err.
 */
static int elf_check_header(const uint8_t *file, size_t len, struct elf_info *ei,
                            char *err, size_t errcap)
{
    if (len < EI_NIDENT) {
        fmt_format(err, errcap, "file is %llu bytes, too short for an ELF header (%u bytes)",
                   (ull)len, (unsigned)sizeof(Elf32_Ehdr));
        return -1;
    }
    uint32_t cls = file[EI_CLASS], data = file[EI_DATA], iver = file[EI_VERSION];
    if (cls != ELFCLASS32) {
        fmt_format(err, errcap, "ELF class is %u (%s), expected %u (32-bit)",
                   cls, elf_class_name(cls), ELFCLASS32);
        return -1;
    }
    if (data != ELFDATA2LSB) {
        fmt_format(err, errcap, "ELF data encoding is %u (%s), expected %u (little-endian)",
                   data, elf_data_name(data), ELFDATA2LSB);
        return -1;
    }
    if (iver != EV_CURRENT) {
        fmt_format(err, errcap, "ELF identification version is %u, expected %u",
                   iver, EV_CURRENT);
        return -1;
    }
    if (len < sizeof(Elf32_Ehdr)) {
        fmt_format(err, errcap, "file is %llu bytes, too short for an ELF header (%u bytes)",
                   (ull)len, (unsigned)sizeof(Elf32_Ehdr));
        return -1;
    }
    uint32_t machine = rd16(file + EHDR(e_machine));
    if (machine != EM_386) {
        const char *name = elf_machine_name(machine);
        if (name != NULL)
            fmt_format(err, errcap, "e_machine is %u (%s), expected %u (i386)",
                       machine, name, EM_386);
        else
            fmt_format(err, errcap, "e_machine is %u, expected %u (i386)", machine, EM_386);
        return -1;
    }
    uint32_t type = rd16(file + EHDR(e_type));
    if (type != ET_EXEC) {
        fmt_format(err, errcap, "e_type is %u (%s), expected %u (executable)",
                   type, elf_type_name(type), ET_EXEC);
        return -1;
    }
    uint32_t version = rd32(file + EHDR(e_version));
    if (version != EV_CURRENT) {
        fmt_format(err, errcap, "e_version is %u, expected %u", version, EV_CURRENT);
        return -1;
    }
    ei->entry = rd32(file + EHDR(e_entry));
    ei->phoff = rd32(file + EHDR(e_phoff));
    ei->phentsize = rd16(file + EHDR(e_phentsize));
    ei->phnum = rd16(file + EHDR(e_phnum));
    return 0;
}

/* elf_check_phdrs: the program header table exists and lies inside the file. */
static int elf_check_phdrs(size_t len, const struct elf_info *ei, char *err, size_t errcap)
{
    if (ei->phnum == 0) {
        fmt_format(err, errcap,
                   "ELF has no program headers (e_phnum is 0), expected at least one PT_LOAD");
        return -1;
    }
    if (ei->phentsize < sizeof(Elf32_Phdr)) {
        fmt_format(err, errcap, "e_phentsize is %u, expected at least %u",
                   ei->phentsize, (unsigned)sizeof(Elf32_Phdr));
        return -1;
    }
    uint64_t end = (uint64_t)ei->phoff + (uint64_t)ei->phnum * ei->phentsize;
    if (end > len) {
        fmt_format(err, errcap, "program headers [0x%x, 0x%llx) lie outside the 0x%llx-byte file",
                   ei->phoff, (ull)end, (ull)len);
        return -1;
    }
    return 0;
}

/*
 * check_mem_end: a segment's memory end must be representable below 4 GiB.
 * what names the segment in the message ("program header 2 (PT_LOAD)").
 */
static int check_mem_end(const char *what, uint64_t end, char *err, size_t errcap)
{
    if (end <= ADDR_END_MAX)
        return 0;
    fmt_format(err, errcap, "%s ends at 0x%llx in memory, above 4 GiB (the end may be at most 0x%llx)",
               what, (ull)end, (ull)ADDR_END_MAX);
    return -1;
}

/* add_seg: append a segment to img, keeping load_base and load_end. */
static int add_seg(struct kimage *img, const struct kseg *s, char *err, size_t errcap)
{
    if (img->nsegs >= KIMAGE_MAX_SEGMENTS) {
        fmt_format(err, errcap, "more than %u PT_LOAD segments, the most this loader accepts",
                   KIMAGE_MAX_SEGMENTS);
        return -1;
    }
    struct kseg *d = &img->segs[img->nsegs];
    d->paddr = s->paddr;
    d->file_offset = s->file_offset;
    d->filesz = s->filesz;
    d->memsz = s->memsz;
    uint32_t end = s->paddr + s->memsz; /* checked by check_mem_end: no wrap */
    if (img->nsegs == 0 || s->paddr < img->load_base)
        img->load_base = s->paddr;
    if (img->nsegs == 0 || end > img->load_end)
        img->load_end = end;
    img->nsegs++;
    return 0;
}

/* entry_in_segs: is physical address a inside the memory of one of img's segments? */
static int entry_in_segs(const struct kimage *img, uint32_t a)
{
    for (unsigned i = 0; i < img->nsegs; i++) {
        if (a >= img->segs[i].paddr && (uint64_t)a < (uint64_t)img->segs[i].paddr + img->segs[i].memsz)
            return 1;
    }
    return 0;
}

/*
 * elf_load_segments: the PT_LOAD segments (numbered by program header
 * index in messages) into img, and the entry: the entry tag's address, or
 * e_entry translated from the virtual to the physical address of the
 * segment that holds it (as GRUB does for higher-half kernels).
 */
static int elf_load_segments(const uint8_t *file, size_t len, const struct elf_info *ei,
                             struct kimage *img, char *err, size_t errcap)
{
    int entry_found = 0;
    for (uint32_t i = 0; i < ei->phnum; i++) {
        const uint8_t *ph = file + ei->phoff + (size_t)i * ei->phentsize;
        if (rd32(ph + PHDR(p_type)) != PT_LOAD)
            continue;
        uint32_t offset = rd32(ph + PHDR(p_offset));
        uint32_t vaddr = rd32(ph + PHDR(p_vaddr));
        struct kseg s = { rd32(ph + PHDR(p_paddr)), offset, rd32(ph + PHDR(p_filesz)),
                          rd32(ph + PHDR(p_memsz)) };
        if (s.filesz > s.memsz) {
            fmt_format(err, errcap, "program header %u (PT_LOAD): p_filesz 0x%x is larger than p_memsz 0x%x",
                       i, s.filesz, s.memsz);
            return -1;
        }
        if (s.memsz == 0)
            continue;
        uint64_t fend = (uint64_t)offset + s.filesz;
        if (s.filesz > 0 && fend > len) {
            fmt_format(err, errcap, "program header %u (PT_LOAD) file bytes [0x%x, 0x%llx) lie outside the 0x%llx-byte file",
                       i, offset, (ull)fend, (ull)len);
            return -1;
        }
        char what[PHDR_NAME_MAX];
        fmt_format(what, sizeof(what), "program header %u (PT_LOAD)", i);
        if (check_mem_end(what, (uint64_t)s.paddr + s.memsz, err, errcap) != 0 ||
            add_seg(img, &s, err, errcap) != 0)
            return -1;
        if (!entry_found && ei->entry >= vaddr && (uint64_t)ei->entry < (uint64_t)vaddr + s.memsz) {
            img->entry = ei->entry - vaddr + s.paddr;
            entry_found = 1;
        }
    }
    if (img->nsegs == 0) {
        fmt_format(err, errcap, "no PT_LOAD segment with memory (p_memsz > 0), expected at least one");
        return -1;
    }
    if (img->req.has_entry) {
        img->entry = img->req.entry_addr;
        if (!entry_in_segs(img, img->entry)) {
            fmt_format(err, errcap, "entry address tag 0x%x lies outside every loaded segment, "
                                    "expected it inside one", img->entry);
            return -1;
        }
    } else if (!entry_found) {
        fmt_format(err, errcap, "e_entry 0x%x lies outside every PT_LOAD segment's memory, "
                                "expected it inside one", ei->entry);
        return -1;
    }
    img->is_elf = 1;
    return 0;
}

/* ---- The Multiboot2 address tag --------------------------------------- */

/*
 * address_load: one segment as the address tag describes it (Multiboot2
 * 3.1.5): the file is loaded from offset header_offset - (header_addr -
 * load_addr) to load_addr, up to load_end_addr (0: the file's end), then
 * zeroed up to bss_end_addr (0: no bss). load_addr 0xffffffff means the
 * file's first byte, as GRUB reads it. The entry is the entry tag's, or
 * e_entry for an ELF file (elf_entry_valid).
 */
static int address_load(size_t len, int elf_entry_valid, uint32_t elf_entry,
                        struct kimage *img, char *err, size_t errcap)
{
    const struct mb2_request *r = &img->req;
    uint64_t hoff = r->header_offset;
    uint64_t header_addr = r->header_addr;
    uint64_t load_addr = r->load_addr;
    if (r->load_addr == MB2_LOAD_FROM_START) {
        if (header_addr < hoff) {
            fmt_format(err, errcap, "address tag: header_addr 0x%llx is below the header's file "
                                    "offset 0x%llx, so the file's start would lie below address 0",
                       (ull)header_addr, (ull)hoff);
            return -1;
        }
        load_addr = header_addr - hoff;
    }
    if (header_addr < load_addr) {
        fmt_format(err, errcap, "address tag: header_addr 0x%llx is below load_addr 0x%llx, "
                                "expected header_addr >= load_addr",
                   (ull)header_addr, (ull)load_addr);
        return -1;
    }
    uint64_t delta = header_addr - load_addr;
    if (delta > hoff) {
        fmt_format(err, errcap, "address tag: header_addr - load_addr is 0x%llx, expected at most "
                                "the header's file offset 0x%llx",
                   (ull)delta, (ull)hoff);
        return -1;
    }
    uint64_t foff = hoff - delta;
    uint64_t filesz;
    if (r->load_end_addr == 0) {
        filesz = len - foff;
    } else {
        if (r->load_end_addr <= load_addr) {
            fmt_format(err, errcap, "address tag: load_end_addr 0x%x, expected it above "
                                    "load_addr 0x%llx", r->load_end_addr, (ull)load_addr);
            return -1;
        }
        filesz = r->load_end_addr - load_addr;
        if (foff + filesz > len) {
            fmt_format(err, errcap, "address tag: file bytes [0x%llx, 0x%llx) lie outside the "
                                    "0x%llx-byte file",
                       (ull)foff, (ull)(foff + filesz), (ull)len);
            return -1;
        }
    }
    uint64_t memsz = filesz;
    if (r->bss_end_addr != 0) {
        if (r->bss_end_addr < load_addr + filesz) {
            fmt_format(err, errcap, "address tag: bss_end_addr 0x%x, expected at least the end of "
                                    "the loaded bytes 0x%llx",
                       r->bss_end_addr, (ull)(load_addr + filesz));
            return -1;
        }
        memsz = r->bss_end_addr - load_addr;
    }
    if (memsz == 0) {
        fmt_format(err, errcap, "address tag: loads 0 bytes, expected a non-empty range");
        return -1;
    }
    if (check_mem_end("address tag: the loaded image", load_addr + memsz, err, errcap) != 0)
        return -1;
    /* load_addr + memsz <= 0xffffffff, so every value below fits 32 bits. */
    struct kseg s = { (uint32_t)load_addr, (uint32_t)foff, (uint32_t)filesz, (uint32_t)memsz };
    if (add_seg(img, &s, err, errcap) != 0)
        return -1;
    if (r->has_entry) {
        img->entry = r->entry_addr;
    } else if (elf_entry_valid) {
        img->entry = elf_entry;
    } else {
        fmt_format(err, errcap, "Multiboot2 address tag (2) without an entry address tag (3), "
                                "and not an ELF file: no entry point");
        return -1;
    }
    if (!entry_in_segs(img, img->entry)) {
        fmt_format(err, errcap, "entry point 0x%x lies outside the loaded range [0x%llx, 0x%llx), "
                                "expected it inside",
                   img->entry, (ull)load_addr, (ull)(load_addr + memsz));
        return -1;
    }
    img->is_elf = 0;
    return 0;
}

/* ---- The whole check -------------------------------------------------- */

/* shown_start: the file's first bytes in hex ("7f 45 4c 46") into buf. */
static void shown_start(const uint8_t *file, size_t len, char *buf, size_t cap)
{
    size_t n = len < SHOWN_MAGIC_BYTES ? len : SHOWN_MAGIC_BYTES;
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < cap; i++)
        used += fmt_format(buf + used, cap - used, i == 0 ? "%02x" : " %02x", file[i]);
}

int kimage_analyse(const uint8_t *file, size_t len, struct kimage *img,
                   char *err, size_t errcap)
{
    char start[sizeof("xx xx xx xx")];
    zero(img, sizeof(*img));
    if (len == 0) {
        fmt_format(err, errcap, "kernel file is empty (0 bytes), expected an ELF32 i386 "
                                "executable with a Multiboot2 header");
        return -1;
    }
    int elf = has_elf_magic(file, len);
    struct elf_info ei = { 0, 0, 0, 0 };
    if (elf && elf_check_header(file, len, &ei, err, errcap) != 0)
        return -1;
    enum header_search found = find_header(file, len, &img->req, err, errcap);
    if (found != HDR_FOUND) {
        if (!elf && found == HDR_NONE) {
            shown_start(file, len, start, sizeof(start));
            fmt_format(err, errcap, "not an ELF file (starts with '%s') and no Multiboot2 header "
                                    "in the first %u KiB", start, MB2_SEARCH_KIB);
        }
        return -1;
    }
    if (img->req.has_address)
        return address_load(len, elf, ei.entry, img, err, errcap);
    if (!elf) {
        shown_start(file, len, start, sizeof(start));
        fmt_format(err, errcap, "not an ELF file (starts with '%s'), and its Multiboot2 header has "
                                "no address tag (2) to say where to load it", start);
        return -1;
    }
    if (elf_check_phdrs(len, &ei, err, errcap) != 0)
        return -1;
    return elf_load_segments(file, len, &ei, img, err, errcap);
}

int kimage_is_elf(const uint8_t *file, size_t len)
{
    return has_elf_magic(file, len);
}

int kimage_analyse_elf(const uint8_t *file, size_t len, struct kimage *img,
                       char *err, size_t errcap)
{
    char start[sizeof("xx xx xx xx")];
    zero(img, sizeof(*img));
    if (!has_elf_magic(file, len)) {
        shown_start(file, len, start, sizeof(start));
        fmt_format(err, errcap, "not an ELF file (starts with '%s'), expected an ELF32 i386 "
                                "executable (Multiboot1 kernels are loaded from ELF only)", start);
        return -1;
    }
    struct elf_info ei = { 0, 0, 0, 0 };
    if (elf_check_header(file, len, &ei, err, errcap) != 0 ||
        elf_check_phdrs(len, &ei, err, errcap) != 0)
        return -1;
    return elf_load_segments(file, len, &ei, img, err, errcap);
}
