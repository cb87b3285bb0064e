/*
 * kimage.h: checking a kernel file and working out how to load it
 * (pure code; also built for the host tests and fuzzers).
 *
 * A kernel is accepted when it carries a valid Multiboot2 header in its
 * first 32 KiB and either is an ELF32 i386 executable (ELFCLASS32,
 * ELFDATA2LSB, EM_386, ET_EXEC, program headers inside the file, every
 * PT_LOAD with p_filesz <= p_memsz, file bytes inside the file, and the
 * whole segment below 4 GiB), or has a Multiboot2 address tag (then the
 * address tag decides what is loaded where, as the specification says,
 * even for an ELF file).
 */
#ifndef EFI_KIMAGE_H
#define EFI_KIMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "mb2_names.h"

#define KIMAGE_MAX_SEGMENTS 32u /* PT_LOAD segments accepted (a bound that is reported) */
#define KIMAGE_ERR_MAX      256u /* a comfortable size for err buffers */

/* What the kernel's Multiboot2 header asks of the loader. */
struct mb2_request {
    uint32_t header_offset;  /* offset of the header in the file */
    uint32_t header_length;
    uint32_t required_tags;  /* bit n: information tag n requested, not optional */
    uint32_t optional_tags;  /* bit n: information tag n requested as optional */
    int has_address;         /* address tag (2) present */
    uint32_t header_addr, load_addr, load_end_addr, bss_end_addr;
    int has_entry;           /* entry address tag (3) present */
    uint32_t entry_addr;
    int has_console_flags;   /* console flags tag (4) present */
    uint32_t console_flags;
    int has_framebuffer;     /* framebuffer tag (5) present */
    int framebuffer_optional;
    uint32_t fb_width, fb_height, fb_depth; /* 0: no preference */
    int module_align;        /* module alignment tag (6): page-align modules */
    int relocatable;         /* relocatable tag (10) present */
    uint32_t reloc_min, reloc_max, reloc_align, reloc_pref;
};

/* One piece to place: file bytes [file_offset, +filesz) to paddr, then zeros to memsz. */
struct kseg {
    uint32_t paddr;
    uint32_t file_offset;
    uint32_t filesz;
    uint32_t memsz;
};

struct kimage {
    int is_elf;              /* 1: ELF32 file; 0: loaded by the address tag only */
    uint32_t entry;          /* physical entry point (entry tag wins over e_entry) */
    uint32_t load_base;      /* lowest paddr of any segment */
    uint32_t load_end;       /* one past the highest byte (paddr + memsz) */
    unsigned nsegs;
    struct kseg segs[KIMAGE_MAX_SEGMENTS];
    struct mb2_request req;
};

/*
 * mb2_header_find: search the first MB2_HEADER_SEARCH_BYTES of file (len
 * bytes) at 8-byte steps for a header with the magic, architecture i386,
 * a valid checksum and a length that fits the file, and parse its tags
 * into *req. Returns 0 or -1 with a message in err (e.g. "no Multiboot2
 * header in the first 32 KiB", "Multiboot2 header at 0x1000: checksum
 * 0x... should be 0x...", "header tag 7 (EFI boot services) is required
 * but this loader exits boot services", "unknown required header tag type
 * 42 at offset 0x1010"). Tags must be 8-aligned, at least 8 bytes, inside
 * the header, and the list must end with an end tag (type 0, size 8).
 */
int mb2_header_find(const uint8_t *file, size_t len, struct mb2_request *req,
                    char *err, size_t errcap);

/*
 * kimage_analyse: the full check of a kernel file (see the top of this
 * file), filling *img. Returns 0 or -1 with a message in err that says
 * what was expected and what was found (e.g. "ELF class is 2 (64-bit),
 * expected 1 (32-bit)", "e_machine is 62 (x86-64), expected 3 (i386)",
 * "file is 200 bytes, too short for an ELF header", "segment 1 ends at
 * 0x100002000 in memory, above 4 GiB", "segment 0 file bytes
 * [0x1000, 0x9000) lie outside the 0x5000-byte file").
 */
int kimage_analyse(const uint8_t *file, size_t len, struct kimage *img,
                   char *err, size_t errcap);

/*
 * kimage_is_elf: does the file start with the ELF magic (whatever its class)?
 */
int kimage_is_elf(const uint8_t *file, size_t len);

/*
 * kimage_analyse_elf: the ELF32 checks of kimage_analyse without the
 * Multiboot2 header (for Multiboot1 kernels, whose header mb1_header.h
 * checks): the segments come from the program headers, the entry from
 * e_entry; img->req stays zeroed. Returns 0 or -1 with a message in err.
 */
int kimage_analyse_elf(const uint8_t *file, size_t len, struct kimage *img,
                       char *err, size_t errcap);

/*
 * mb2_first_unmet: the first information tag type the header requires
 * (not optional) whose bit is clear in `supplied`, or -1 when all are met.
 */
int mb2_first_unmet(const struct mb2_request *req, uint32_t supplied);


#endif /* EFI_KIMAGE_H */
