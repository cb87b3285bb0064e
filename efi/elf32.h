/*
 * elf32.h: the parts of the ELF32 format the loader checks (System V ABI,
 * "ELF Object File Format" and its i386 supplement).
 *
 * Own definitions rather than <elf.h>: the loader is built freestanding.
 * The structures describe the file layout; kimage.c reads the fields at
 * their offsets byte by byte, since a file buffer need not be aligned.
 */
#ifndef EFI_ELF32_H
#define EFI_ELF32_H

#include <stdint.h>

/* e_ident[] indices and values. */
#define EI_MAG0       0u
#define EI_MAG1       1u
#define EI_MAG2       2u
#define EI_MAG3       3u
#define EI_CLASS      4u
#define EI_DATA       5u
#define EI_VERSION    6u
#define EI_OSABI      7u
#define EI_NIDENT     16u

#define ELFMAG0       0x7fu
#define ELFMAG1       'E'
#define ELFMAG2       'L'
#define ELFMAG3       'F'
#define ELF_MAGIC_LEN 4u

#define ELFCLASSNONE  0u
#define ELFCLASS32    1u
#define ELFCLASS64    2u

#define ELFDATANONE   0u
#define ELFDATA2LSB   1u /* little-endian */
#define ELFDATA2MSB   2u /* big-endian */

#define EV_CURRENT    1u

/* e_type */
#define ET_NONE       0u
#define ET_REL        1u
#define ET_EXEC       2u
#define ET_DYN        3u
#define ET_CORE       4u

/* e_machine */
#define EM_386        3u
#define EM_ARM        40u
#define EM_X86_64     62u
#define EM_AARCH64    183u

/* p_type */
#define PT_NULL       0u
#define PT_LOAD       1u

typedef struct {
    uint8_t e_ident[EI_NIDENT];
    uint16_t e_type;
    uint16_t e_machine;
    uint32_t e_version;
    uint32_t e_entry;
    uint32_t e_phoff;
    uint32_t e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize;
    uint16_t e_phentsize;
    uint16_t e_phnum;
    uint16_t e_shentsize;
    uint16_t e_shnum;
    uint16_t e_shstrndx;
} Elf32_Ehdr;

typedef struct {
    uint32_t p_type;
    uint32_t p_offset;
    uint32_t p_vaddr;
    uint32_t p_paddr;
    uint32_t p_filesz;
    uint32_t p_memsz;
    uint32_t p_flags;
    uint32_t p_align;
} Elf32_Phdr;

/* p_flags */
#define PF_X 1u
#define PF_W 2u
#define PF_R 4u

_Static_assert(sizeof(Elf32_Ehdr) == 52, "Elf32_Ehdr is 52 bytes");
_Static_assert(sizeof(Elf32_Phdr) == 32, "Elf32_Phdr is 32 bytes");
_Static_assert(__builtin_offsetof(Elf32_Ehdr, e_entry) == 24, "e_entry at 24");
_Static_assert(__builtin_offsetof(Elf32_Ehdr, e_phoff) == 28, "e_phoff at 28");
_Static_assert(__builtin_offsetof(Elf32_Ehdr, e_phentsize) == 42, "e_phentsize at 42");
_Static_assert(__builtin_offsetof(Elf32_Ehdr, e_phnum) == 44, "e_phnum at 44");
_Static_assert(__builtin_offsetof(Elf32_Phdr, p_memsz) == 20, "p_memsz at 20");

#endif /* EFI_ELF32_H */
