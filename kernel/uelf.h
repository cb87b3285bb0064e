/*
 * uelf.h: checking a user program, an ELF32 i386 executable from a
 * Multiboot2 module, before any of it is mapped. The file is untrusted:
 * pure C that builds for the host tests (tests/host/test_uelf.c) and a
 * libFuzzer target (tests/fuzz/fuzz_uelf.c).
 *
 * Accepted: ELFCLASS32, ELFDATA2LSB, EV_CURRENT, ET_EXEC, EM_386;
 * program headers of the Elf32_Phdr size wholly inside the file; 1 to
 * UELF_MAX_SEGMENTS non-empty PT_LOAD segments (other types and empty
 * ones ignored), each with p_filesz <= p_memsz, file bytes inside the file, the
 * file offset and the address congruent modulo 4 KiB, the whole segment in
 * [USER_VMIN, USER_HEAP_LIMIT), and no 4 KiB page shared with another
 * segment; the entry point inside an executable segment.
 */
#ifndef KERNEL_UELF_H
#define KERNEL_UELF_H

#include <stddef.h>
#include <stdint.h>

#define UELF_MAX_SEGMENTS 8u
#define UELF_ERR_MAX      160u

/* Segment flags (the ELF p_flags bits that matter). */
#define UELF_SEG_W 0x1u
#define UELF_SEG_X 0x2u

struct uelf_seg {
    uint32_t vaddr;       /* first byte */
    uint32_t memsz;       /* bytes in memory (zero-filled past filesz) */
    uint32_t offset;      /* file offset of the first byte */
    uint32_t filesz;
    uint32_t flags;       /* UELF_SEG_* */
};

struct uelf_image {
    uint32_t entry;
    uint32_t nsegs;
    struct uelf_seg segs[UELF_MAX_SEGMENTS]; /* sorted by address */
    uint32_t end;         /* one past the last byte of the highest segment, page aligned up */
};

/*
 * uelf_parse: check the len bytes at file as above and describe them in
 * *out. Returns 0, or -1 with what was expected and what was found in err
 * (errcap bytes, always terminated when errcap > 0).
 */
int uelf_parse(const uint8_t *file, size_t len, struct uelf_image *out, char *err,
               size_t errcap);

#endif /* KERNEL_UELF_H */
