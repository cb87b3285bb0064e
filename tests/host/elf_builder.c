/*
 * elf_builder.c: kernel files in memory for the kimage tests (see elf_builder.h).
 */
#include "elf_builder.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "elf32.h"
#include "multiboot2.h"

#define EB_DEFAULT_SEG_OFFSET 0x1000u
#define EB_DEFAULT_SEG_FILESZ 0x2000u
#define EB_DEFAULT_SEG_MEMSZ  0x3000u

void eb_put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

void eb_put32(uint8_t *p, uint32_t v)
{
    for (unsigned i = 0; i < sizeof(v); i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

void eb_elf_default(struct eb_elf *e)
{
    memset(e, 0, sizeof(*e));
    e->ident_class = ELFCLASS32;
    e->ident_data = ELFDATA2LSB;
    e->ident_version = EV_CURRENT;
    e->type = ET_EXEC;
    e->machine = EM_386;
    e->version = EV_CURRENT;
    e->entry = EB_DEFAULT_ENTRY;
    e->phoff = sizeof(Elf32_Ehdr);
    e->phentsize = sizeof(Elf32_Phdr);
    e->nph = 1;
    e->ph[0] = (struct eb_phdr){ PT_LOAD, EB_DEFAULT_SEG_OFFSET, EB_DEFAULT_PADDR,
                                 EB_DEFAULT_PADDR, EB_DEFAULT_SEG_FILESZ, EB_DEFAULT_SEG_MEMSZ };
    e->file_len = EB_DEFAULT_LEN;
}

uint8_t *eb_elf_build(const struct eb_elf *e)
{
    uint8_t *f = calloc(1, e->file_len);
    assert(f != NULL && e->file_len >= sizeof(Elf32_Ehdr));
    f[EI_MAG0] = ELFMAG0;
    f[EI_MAG1] = ELFMAG1;
    f[EI_MAG2] = ELFMAG2;
    f[EI_MAG3] = ELFMAG3;
    f[EI_CLASS] = e->ident_class;
    f[EI_DATA] = e->ident_data;
    f[EI_VERSION] = e->ident_version;
    eb_put16(f + offsetof(Elf32_Ehdr, e_type), e->type);
    eb_put16(f + offsetof(Elf32_Ehdr, e_machine), e->machine);
    eb_put32(f + offsetof(Elf32_Ehdr, e_version), e->version);
    eb_put32(f + offsetof(Elf32_Ehdr, e_entry), e->entry);
    eb_put32(f + offsetof(Elf32_Ehdr, e_phoff), e->phoff);
    eb_put16(f + offsetof(Elf32_Ehdr, e_ehsize), sizeof(Elf32_Ehdr));
    eb_put16(f + offsetof(Elf32_Ehdr, e_phentsize), e->phentsize);
    eb_put16(f + offsetof(Elf32_Ehdr, e_phnum), (uint16_t)e->nph);
    for (unsigned i = 0; i < e->nph; i++) {
        size_t at = (size_t)e->phoff + (size_t)i * e->phentsize;
        if (at + sizeof(Elf32_Phdr) > e->file_len)
            break; /* a test of a table outside the file: write what fits */
        uint8_t *p = f + at;
        eb_put32(p + offsetof(Elf32_Phdr, p_type), e->ph[i].type);
        eb_put32(p + offsetof(Elf32_Phdr, p_offset), e->ph[i].offset);
        eb_put32(p + offsetof(Elf32_Phdr, p_vaddr), e->ph[i].vaddr);
        eb_put32(p + offsetof(Elf32_Phdr, p_paddr), e->ph[i].paddr);
        eb_put32(p + offsetof(Elf32_Phdr, p_filesz), e->ph[i].filesz);
        eb_put32(p + offsetof(Elf32_Phdr, p_memsz), e->ph[i].memsz);
        eb_put32(p + offsetof(Elf32_Phdr, p_flags), PF_R | PF_X);
    }
    return f;
}

void eb_mb2_begin(struct eb_mb2 *h)
{
    memset(h, 0, sizeof(*h));
    eb_put32(h->bytes + offsetof(struct mb2_header, magic), MB2_HEADER_MAGIC);
    eb_put32(h->bytes + offsetof(struct mb2_header, architecture), MB2_HEADER_ARCH_I386);
    h->len = sizeof(struct mb2_header);
}

void eb_mb2_tag(struct eb_mb2 *h, uint16_t type, uint16_t flags, const uint32_t *words,
                unsigned n)
{
    uint32_t size = (uint32_t)(sizeof(struct mb2_header_tag) + n * sizeof(uint32_t));
    assert(h->len + MB2_ALIGN_UP(size) <= EB_MB2_MAX);
    uint8_t *t = h->bytes + h->len;
    eb_put16(t + offsetof(struct mb2_header_tag, type), type);
    eb_put16(t + offsetof(struct mb2_header_tag, flags), flags);
    eb_put32(t + offsetof(struct mb2_header_tag, size), size);
    for (unsigned i = 0; i < n; i++)
        eb_put32(t + sizeof(struct mb2_header_tag) + i * sizeof(uint32_t), words[i]);
    h->len += MB2_ALIGN_UP(size);
}

void eb_mb2_end(struct eb_mb2 *h)
{
    eb_mb2_tag(h, MB2_HTAG_END, 0, NULL, 0);
    uint32_t len = (uint32_t)h->len;
    eb_put32(h->bytes + offsetof(struct mb2_header, header_length), len);
    eb_put32(h->bytes + offsetof(struct mb2_header, checksum),
             0u - (MB2_HEADER_MAGIC + MB2_HEADER_ARCH_I386 + len));
}

void eb_mb2_simple(struct eb_mb2 *h)
{
    eb_mb2_begin(h);
    eb_mb2_end(h);
}

void eb_place(uint8_t *file, size_t off, const struct eb_mb2 *h)
{
    memcpy(file + off, h->bytes, h->len);
}

uint8_t *eb_default_kernel(void)
{
    struct eb_elf e;
    struct eb_mb2 h;
    eb_elf_default(&e);
    uint8_t *f = eb_elf_build(&e);
    eb_mb2_simple(&h);
    eb_place(f, EB_HEADER_OFFSET, &h);
    return f;
}
