/*
 * elf_builder.h: building kernel files in memory for the kimage tests:
 * ELF32 images with chosen program headers, and Multiboot2 headers with
 * chosen tags, placed at chosen offsets.
 */
#ifndef TESTS_HOST_ELF_BUILDER_H
#define TESTS_HOST_ELF_BUILDER_H

#include <stddef.h>
#include <stdint.h>

#define EB_MAX_PHDRS   40u
#define EB_MB2_MAX     1024u /* bytes of a built Multiboot2 header */

/* One program header as the test wants it. */
struct eb_phdr {
    uint32_t type, offset, vaddr, paddr, filesz, memsz;
};

/* An ELF file to build: identity, entry and program headers (at e_phoff). */
struct eb_elf {
    uint8_t ident_class, ident_data, ident_version;
    uint16_t type, machine;
    uint32_t version, entry, phoff;
    uint16_t phentsize;
    unsigned nph;
    struct eb_phdr ph[EB_MAX_PHDRS];
    size_t file_len;
};

/* A Multiboot2 header being built: the header, then tags, then the end tag. */
struct eb_mb2 {
    uint8_t bytes[EB_MB2_MAX];
    size_t len;
};

/* Little-endian stores into a byte buffer. */
void eb_put16(uint8_t *p, uint16_t v);
void eb_put32(uint8_t *p, uint32_t v);

/*
 * eb_elf_default: an i386 ET_EXEC kernel of 0x3000 bytes with one PT_LOAD
 * (file 0x1000..0x3000 to physical = virtual 0x100000, memsz 0x3000) and
 * entry 0x100020: the shape of a small linked kernel.
 */
void eb_elf_default(struct eb_elf *e);

/* eb_elf_build: a zero-filled, malloc'd buffer of e->file_len bytes holding the ELF headers. */
uint8_t *eb_elf_build(const struct eb_elf *e);

/* eb_mb2_begin: start a header (magic, architecture i386; length and checksum at the end). */
void eb_mb2_begin(struct eb_mb2 *h);

/* eb_mb2_tag: append a tag of n 32-bit words after its head, padded to 8 bytes. */
void eb_mb2_tag(struct eb_mb2 *h, uint16_t type, uint16_t flags, const uint32_t *words,
                unsigned n);

/* eb_mb2_end: append the end tag, set header_length and a valid checksum. */
void eb_mb2_end(struct eb_mb2 *h);

/* eb_mb2_simple: a header with only the end tag. */
void eb_mb2_simple(struct eb_mb2 *h);

/* eb_place: copy the header into file at offset off. */
void eb_place(uint8_t *file, size_t off, const struct eb_mb2 *h);

/* The default kernel with a plain header at EB_HEADER_OFFSET (malloc'd, EB_DEFAULT_LEN bytes). */
#define EB_HEADER_OFFSET 0x1000u
#define EB_DEFAULT_LEN   0x3000u
#define EB_DEFAULT_PADDR 0x100000u
#define EB_DEFAULT_ENTRY 0x100020u
uint8_t *eb_default_kernel(void);

#endif /* TESTS_HOST_ELF_BUILDER_H */
