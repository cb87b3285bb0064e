/*
 * test_kimage.c: host tests of efi/kimage.c, the kernel file checks:
 * ELF32 identity and program headers, the Multiboot2 header search and
 * tag parse, and address-tag loading. Kernel files are built in memory by
 * elf_builder.c.
 */
#include "test_util.h"

#include <stdint.h>
#include <stdlib.h>

#include "elf32.h"
#include "elf_builder.h"
#include "kimage.h"
#include "multiboot2.h"

#define OPT MB2_HTAG_FLAG_OPTIONAL
#define REQ 0u
#define HDR_AT(n) (EB_HEADER_OFFSET + (n)) /* file offset inside the default header */
#define FIRST_TAG HDR_AT(sizeof(struct mb2_header))

static char err[KIMAGE_ERR_MAX];
static struct kimage img;

/* analyse: kimage_analyse on the first len bytes of f, with a fresh message buffer. */
static int analyse(const uint8_t *f, size_t len)
{
    memset(err, 0, sizeof(err));
    return kimage_analyse(f, len, &img, err, sizeof(err));
}

/* elf_with: the default ELF with e changed by the caller, header h at EB_HEADER_OFFSET. */
static uint8_t *elf_with(const struct eb_elf *e, const struct eb_mb2 *h)
{
    uint8_t *f = eb_elf_build(e);
    if (h != NULL)
        eb_place(f, EB_HEADER_OFFSET, h);
    return f;
}

/* default_with_tags: the default ELF whose header carries one extra tag. */
static uint8_t *default_with_tag(uint16_t type, uint16_t flags, const uint32_t *w, unsigned n)
{
    struct eb_elf e;
    struct eb_mb2 h;
    eb_elf_default(&e);
    eb_mb2_begin(&h);
    eb_mb2_tag(&h, type, flags, w, n);
    eb_mb2_end(&h);
    return elf_with(&e, &h);
}

/* ---- Valid kernels ---------------------------------------------------- */

static void valid_elf_is_accepted(void **state)
{
    (void)state;
    uint8_t *f = eb_default_kernel();
    assert_int_equal(analyse(f, EB_DEFAULT_LEN), 0);
    assert_int_equal(img.is_elf, 1);
    assert_int_equal(img.nsegs, 1);
    assert_int_equal(img.segs[0].paddr, EB_DEFAULT_PADDR);
    assert_int_equal(img.segs[0].file_offset, 0x1000);
    assert_int_equal(img.segs[0].filesz, 0x2000);
    assert_int_equal(img.segs[0].memsz, 0x3000);
    assert_int_equal(img.entry, EB_DEFAULT_ENTRY);
    assert_int_equal(img.load_base, EB_DEFAULT_PADDR);
    assert_int_equal(img.load_end, EB_DEFAULT_PADDR + 0x3000);
    assert_int_equal(img.req.header_offset, EB_HEADER_OFFSET);
    assert_int_equal(img.req.header_length, 24);
    assert_int_equal(img.req.has_address, 0);
    free(f);
}

static void unaligned_buffer_is_read_bytewise(void **state)
{
    (void)state;
    uint8_t *f = eb_default_kernel();
    uint8_t *shifted = malloc(EB_DEFAULT_LEN + 1);
    memcpy(shifted + 1, f, EB_DEFAULT_LEN);
    assert_int_equal(analyse(shifted + 1, EB_DEFAULT_LEN), 0);
    assert_int_equal(img.entry, EB_DEFAULT_ENTRY);
    free(shifted);
    free(f);
}

static void higher_half_entry_is_translated_to_physical(void **state)
{
    (void)state;
    struct eb_elf e;
    struct eb_mb2 h;
    eb_elf_default(&e);
    e.ph[0].vaddr = 0xC0100000u;
    e.entry = 0xC0100040u;
    eb_mb2_simple(&h);
    uint8_t *f = elf_with(&e, &h);
    assert_int_equal(analyse(f, e.file_len), 0);
    assert_int_equal(img.entry, 0x100040u);
    assert_int_equal(img.segs[0].paddr, 0x100000u);
    free(f);
}

static void several_segments_skip_zero_memsz_and_non_load(void **state)
{
    (void)state;
    struct eb_elf e;
    struct eb_mb2 h;
    eb_elf_default(&e);
    e.nph = 4;
    e.ph[1] = (struct eb_phdr){ 4 /* PT_NOTE */, 0x1000, 0, 0, 0x10, 0x10 };
    e.ph[2] = (struct eb_phdr){ PT_LOAD, 0x2000, 0x200000, 0x200000, 0, 0 };
    e.ph[3] = (struct eb_phdr){ PT_LOAD, 0x2000, 0x300000, 0x300000, 0x800, 0x5000 };
    eb_mb2_simple(&h);
    uint8_t *f = elf_with(&e, &h);
    assert_int_equal(analyse(f, e.file_len), 0);
    assert_int_equal(img.nsegs, 2);
    assert_int_equal(img.segs[1].paddr, 0x300000);
    assert_int_equal(img.segs[1].file_offset, 0x2000);
    assert_int_equal(img.segs[1].filesz, 0x800);
    assert_int_equal(img.segs[1].memsz, 0x5000);
    assert_int_equal(img.load_base, 0x100000);
    assert_int_equal(img.load_end, 0x305000);
    free(f);
}

static void bss_only_segment_needs_no_file_bytes(void **state)
{
    (void)state;
    struct eb_elf e;
    struct eb_mb2 h;
    eb_elf_default(&e);
    e.nph = 2;
    e.ph[1] = (struct eb_phdr){ PT_LOAD, 0x7fff0000, 0x400000, 0x400000, 0, 0x1000 };
    eb_mb2_simple(&h);
    uint8_t *f = elf_with(&e, &h);
    assert_int_equal(analyse(f, e.file_len), 0);
    assert_int_equal(img.nsegs, 2);
    assert_int_equal(img.segs[1].filesz, 0);
    assert_int_equal(img.segs[1].memsz, 0x1000);
    free(f);
}

static void segment_ending_just_below_4g_is_accepted(void **state)
{
    (void)state;
    struct eb_elf e;
    struct eb_mb2 h;
    eb_elf_default(&e);
    e.ph[0].paddr = e.ph[0].vaddr = 0xFFFFC000u;
    e.ph[0].memsz = 0x3FFF;
    e.entry = 0xFFFFC000u;
    eb_mb2_simple(&h);
    uint8_t *f = elf_with(&e, &h);
    assert_int_equal(analyse(f, e.file_len), 0);
    assert_int_equal(img.load_end, 0xFFFFFFFFu);
    free(f);
}

/* ---- ELF identity ------------------------------------------------------- */

static void x86_64_elf_reports_class_before_header(void **state)
{
    (void)state;
    struct eb_elf e;
    eb_elf_default(&e);
    e.ident_class = ELFCLASS64;
    e.machine = EM_X86_64;
    uint8_t *f = elf_with(&e, NULL); /* no Multiboot2 header either */
    assert_int_equal(analyse(f, e.file_len), -1);
    assert_string_equal(err, "ELF class is 2 (64-bit), expected 1 (32-bit)");
    free(f);
}

static void x86_64_machine_in_elf32_is_named(void **state)
{
    (void)state;
    struct eb_elf e;
    eb_elf_default(&e);
    e.machine = EM_X86_64;
    uint8_t *f = elf_with(&e, NULL);
    assert_int_equal(analyse(f, e.file_len), -1);
    assert_string_equal(err, "e_machine is 62 (x86-64), expected 3 (i386)");
    free(f);
}

static void other_machines_are_named_or_numbered(void **state)
{
    (void)state;
    static const struct {
        uint16_t machine;
        const char *msg;
    } cases[] = {
        { EM_ARM, "e_machine is 40 (ARM), expected 3 (i386)" },
        { EM_AARCH64, "e_machine is 183 (AArch64), expected 3 (i386)" },
        { 8, "e_machine is 8, expected 3 (i386)" },
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        struct eb_elf e;
        eb_elf_default(&e);
        e.machine = cases[i].machine;
        uint8_t *f = elf_with(&e, NULL);
        assert_int_equal(analyse(f, e.file_len), -1);
        assert_string_equal(err, cases[i].msg);
        free(f);
    }
}

static void et_dyn_is_refused(void **state)
{
    (void)state;
    struct eb_elf e;
    struct eb_mb2 h;
    eb_elf_default(&e);
    e.type = ET_DYN;
    eb_mb2_simple(&h);
    uint8_t *f = elf_with(&e, &h);
    assert_int_equal(analyse(f, e.file_len), -1);
    assert_string_equal(err, "e_type is 3 (shared object or PIE), expected 2 (executable)");
    free(f);
}

static void big_endian_and_bad_versions_are_refused(void **state)
{
    (void)state;
    struct eb_elf e;
    eb_elf_default(&e);
    e.ident_data = ELFDATA2MSB;
    uint8_t *f = elf_with(&e, NULL);
    assert_int_equal(analyse(f, e.file_len), -1);
    assert_string_equal(err, "ELF data encoding is 2 (big-endian), expected 1 (little-endian)");
    free(f);

    eb_elf_default(&e);
    e.ident_version = 0;
    f = elf_with(&e, NULL);
    assert_int_equal(analyse(f, e.file_len), -1);
    assert_string_equal(err, "ELF identification version is 0, expected 1");
    free(f);

    eb_elf_default(&e);
    e.version = 7;
    f = elf_with(&e, NULL);
    assert_int_equal(analyse(f, e.file_len), -1);
    assert_string_equal(err, "e_version is 7, expected 1");
    free(f);
}

static void truncated_elf_header_is_refused(void **state)
{
    (void)state;
    uint8_t *f = eb_default_kernel();
    assert_int_equal(analyse(f, 30), -1);
    assert_string_equal(err, "file is 30 bytes, too short for an ELF header (52 bytes)");
    assert_int_equal(analyse(f, 6), -1);
    assert_string_equal(err, "file is 6 bytes, too short for an ELF header (52 bytes)");
    free(f);
}

static void empty_file_is_refused(void **state)
{
    (void)state;
    uint8_t byte = 0;
    assert_int_equal(analyse(&byte, 0), -1);
    assert_contains(err, "kernel file is empty (0 bytes)");
}

static void text_file_is_refused(void **state)
{
    (void)state;
    static const char text[] = "#!/bin/sh\necho this is not a kernel\n";
    assert_int_equal(analyse((const uint8_t *)text, sizeof(text) - 1), -1);
    assert_string_equal(err, "not an ELF file (starts with '23 21 2f 62') and no Multiboot2 "
                             "header in the first 32 KiB");
    assert_int_equal(analyse((const uint8_t *)"hi", 2), -1);
    assert_contains(err, "not an ELF file (starts with '68 69')");
}

/* ---- Program headers ------------------------------------------------------ */

static void program_headers_outside_file_are_refused(void **state)
{
    (void)state;
    struct eb_elf e;
    struct eb_mb2 h;
    eb_elf_default(&e);
    e.phoff = 0x2ff0;
    eb_mb2_simple(&h);
    uint8_t *f = elf_with(&e, &h);
    assert_int_equal(analyse(f, e.file_len), -1);
    assert_string_equal(err, "program headers [0x2ff0, 0x3010) lie outside the 0x3000-byte file");
    free(f);
}

static void huge_phoff_does_not_wrap(void **state)
{
    (void)state;
    struct eb_elf e;
    struct eb_mb2 h;
    eb_elf_default(&e);
    e.phoff = 0xFFFFFFF0u;
    e.nph = 2;
    eb_mb2_simple(&h);
    uint8_t *f = elf_with(&e, &h);
    assert_int_equal(analyse(f, e.file_len), -1);
    assert_string_equal(err, "program headers [0xfffffff0, 0x100000030) lie outside the "
                             "0x3000-byte file");
    free(f);
}

static void no_program_headers_or_small_phentsize_are_refused(void **state)
{
    (void)state;
    struct eb_elf e;
    struct eb_mb2 h;
    eb_mb2_simple(&h);
    eb_elf_default(&e);
    e.nph = 0;
    uint8_t *f = elf_with(&e, &h);
    assert_int_equal(analyse(f, e.file_len), -1);
    assert_contains(err, "no program headers (e_phnum is 0), expected at least one PT_LOAD");
    free(f);

    eb_elf_default(&e);
    e.phentsize = 16;
    f = elf_with(&e, &h);
    assert_int_equal(analyse(f, e.file_len), -1);
    assert_string_equal(err, "e_phentsize is 16, expected at least 32");
    free(f);
}

static void filesz_above_memsz_is_refused(void **state)
{
    (void)state;
    struct eb_elf e;
    struct eb_mb2 h;
    eb_elf_default(&e);
    e.ph[0].filesz = 0x3001;
    eb_mb2_simple(&h);
    uint8_t *f = elf_with(&e, &h);
    assert_int_equal(analyse(f, e.file_len), -1);
    assert_string_equal(err, "program header 0 (PT_LOAD): p_filesz 0x3001 is larger than p_memsz 0x3000");
    free(f);
}

static void file_bytes_beyond_file_are_refused(void **state)
{
    (void)state;
    struct eb_elf e;
    struct eb_mb2 h;
    eb_elf_default(&e);
    e.ph[0].filesz = 0x8000;
    e.ph[0].memsz = 0x8000;
    eb_mb2_simple(&h);
    uint8_t *f = elf_with(&e, &h);
    assert_int_equal(analyse(f, e.file_len), -1);
    assert_string_equal(err, "program header 0 (PT_LOAD) file bytes [0x1000, 0x9000) lie outside the 0x3000-byte file");
    free(f);

    eb_elf_default(&e);
    e.ph[0].offset = 0xFFFFF000u; /* offset + filesz wraps 32 bits */
    f = elf_with(&e, &h);
    assert_int_equal(analyse(f, e.file_len), -1);
    assert_string_equal(err, "program header 0 (PT_LOAD) file bytes [0xfffff000, 0x100001000) lie outside the "
                             "0x3000-byte file");
    free(f);
}

static void segment_crossing_4g_is_refused(void **state)
{
    (void)state;
    struct eb_elf e;
    struct eb_mb2 h;
    eb_elf_default(&e);
    e.nph = 2;
    e.ph[1] = (struct eb_phdr){ PT_LOAD, 0x1000, 0xFFFFF000u, 0xFFFFF000u, 0x1000, 0x3000 };
    eb_mb2_simple(&h);
    uint8_t *f = elf_with(&e, &h);
    assert_int_equal(analyse(f, e.file_len), -1);
    assert_contains(err, "program header 1 (PT_LOAD) ends at 0x100002000 in memory, above 4 GiB");
    free(f);

    eb_elf_default(&e);
    e.ph[0].paddr = 0xFFFFD000u; /* ends exactly at 4 GiB: not representable */
    e.ph[0].vaddr = 0xFFFFD000u;
    e.entry = 0xFFFFD000u;
    f = elf_with(&e, &h);
    assert_int_equal(analyse(f, e.file_len), -1);
    assert_contains(err, "program header 0 (PT_LOAD) ends at 0x100000000 in memory, above 4 GiB");
    free(f);
}

static void too_many_segments_names_the_bound(void **state)
{
    (void)state;
    struct eb_elf e;
    struct eb_mb2 h;
    eb_elf_default(&e);
    e.nph = KIMAGE_MAX_SEGMENTS + 1;
    for (unsigned i = 0; i < e.nph; i++)
        e.ph[i] = (struct eb_phdr){ PT_LOAD, 0x1000, 0x100000 + i * 0x1000,
                                    0x100000 + i * 0x1000, 0x100, 0x1000 };
    eb_mb2_simple(&h);
    uint8_t *f = elf_with(&e, &h);
    assert_int_equal(analyse(f, e.file_len), -1);
    assert_string_equal(err, "more than 32 PT_LOAD segments, the most this loader accepts");
    free(f);

    e.nph = KIMAGE_MAX_SEGMENTS;
    f = elf_with(&e, &h);
    assert_int_equal(analyse(f, e.file_len), 0);
    assert_int_equal(img.nsegs, KIMAGE_MAX_SEGMENTS);
    free(f);
}

static void no_loadable_segment_is_refused(void **state)
{
    (void)state;
    struct eb_elf e;
    struct eb_mb2 h;
    eb_elf_default(&e);
    e.ph[0].memsz = 0;
    e.ph[0].filesz = 0;
    eb_mb2_simple(&h);
    uint8_t *f = elf_with(&e, &h);
    assert_int_equal(analyse(f, e.file_len), -1);
    assert_contains(err, "no PT_LOAD segment with memory");
    free(f);
}

static void entry_outside_segments_is_refused(void **state)
{
    (void)state;
    struct eb_elf e;
    struct eb_mb2 h;
    eb_elf_default(&e);
    e.entry = 0x200000;
    eb_mb2_simple(&h);
    uint8_t *f = elf_with(&e, &h);
    assert_int_equal(analyse(f, e.file_len), -1);
    assert_string_equal(err, "e_entry 0x200000 lies outside every PT_LOAD segment's memory, "
                             "expected it inside one");
    free(f);
}

/* ---- The Multiboot2 header -------------------------------------------------- */

static void missing_header_is_refused(void **state)
{
    (void)state;
    struct eb_elf e;
    eb_elf_default(&e);
    uint8_t *f = elf_with(&e, NULL);
    assert_int_equal(analyse(f, e.file_len), -1);
    assert_contains(err, "no Multiboot2 header in the first 32 KiB");
    free(f);
}

static void bad_checksum_is_reported_with_both_values(void **state)
{
    (void)state;
    uint8_t *f = eb_default_kernel();
    eb_put32(f + HDR_AT(offsetof(struct mb2_header, checksum)), 0x12345678u);
    assert_int_equal(analyse(f, EB_DEFAULT_LEN), -1);
    /* 0xE85250D6 + 0 + 24 = 0xE85250EE; the checksum must be its negation. */
    assert_string_equal(err, "Multiboot2 header at 0x1000: checksum 0x12345678 should be 0x17adaf12");
    free(f);
}

static void valid_header_after_a_bad_one_is_found(void **state)
{
    (void)state;
    struct eb_mb2 h;
    uint8_t *f = eb_default_kernel();
    eb_put32(f + HDR_AT(offsetof(struct mb2_header, checksum)), 0);
    eb_mb2_simple(&h);
    eb_place(f, 0x2000, &h);
    assert_int_equal(analyse(f, EB_DEFAULT_LEN), 0);
    assert_int_equal(img.req.header_offset, 0x2000);
    free(f);
}

static void header_beyond_32k_is_not_found(void **state)
{
    (void)state;
    struct eb_elf e;
    struct eb_mb2 h;
    eb_elf_default(&e);
    e.file_len = 0x9000;
    uint8_t *f = eb_elf_build(&e);
    eb_mb2_simple(&h);
    eb_place(f, 0x8000, &h);
    assert_int_equal(analyse(f, e.file_len), -1);
    assert_contains(err, "no Multiboot2 header in the first 32 KiB");

    /* Starting inside the window but running past it is not allowed either. */
    memset(f + 0x8000, 0, h.len);
    eb_place(f, 0x8000 - 16, &h);
    assert_int_equal(analyse(f, e.file_len), -1);
    assert_contains(err, "Multiboot2 header at 0x7ff0: header_length 24 runs to 0x8008, past "
                         "the first 32 KiB");
    free(f);
}

static void misaligned_header_is_not_found(void **state)
{
    (void)state;
    struct eb_elf e;
    struct eb_mb2 h;
    eb_elf_default(&e);
    uint8_t *f = eb_elf_build(&e);
    eb_mb2_simple(&h);
    eb_place(f, EB_HEADER_OFFSET + 4, &h);
    assert_int_equal(analyse(f, e.file_len), -1);
    assert_contains(err, "no Multiboot2 header in the first 32 KiB");
    free(f);
}

static void header_length_past_file_end_is_refused(void **state)
{
    (void)state;
    struct eb_mb2 h;
    uint8_t *f = eb_default_kernel();
    eb_mb2_simple(&h);
    memset(f + EB_HEADER_OFFSET, 0, h.len);
    /* Only the 16-byte header fits before the file's end; its end tag would lie past it. */
    memcpy(f + EB_DEFAULT_LEN - sizeof(struct mb2_header), h.bytes, sizeof(struct mb2_header));
    assert_int_equal(analyse(f, EB_DEFAULT_LEN), -1);
    assert_string_equal(err, "Multiboot2 header at 0x2ff0: header_length 24 runs to 0x3008, past "
                             "the end of the 0x3000-byte file");
    free(f);
}

static void wrong_architecture_is_refused(void **state)
{
    (void)state;
    uint8_t *f = eb_default_kernel();
    const uint32_t mips = 4, len = 24;
    eb_put32(f + HDR_AT(offsetof(struct mb2_header, architecture)), mips);
    eb_put32(f + HDR_AT(offsetof(struct mb2_header, checksum)), 0u - (MB2_HEADER_MAGIC + mips + len));
    assert_int_equal(analyse(f, EB_DEFAULT_LEN), -1);
    assert_string_equal(err, "Multiboot2 header at 0x1000: architecture 4, expected 0 (i386)");
    free(f);
}

static void unknown_required_tag_is_refused_by_type_and_offset(void **state)
{
    (void)state;
    uint8_t *f = default_with_tag(42, REQ, NULL, 0);
    assert_int_equal(analyse(f, EB_DEFAULT_LEN), -1);
    assert_string_equal(err, "unknown required header tag type 42 at offset 0x1010");
    free(f);
}

static void unknown_optional_tag_is_skipped(void **state)
{
    (void)state;
    const uint32_t words[3] = { 1, 2, 3 };
    uint8_t *f = default_with_tag(42, OPT, words, 3);
    assert_int_equal(analyse(f, EB_DEFAULT_LEN), 0);
    assert_int_equal(img.req.header_length, 16 + 24 + 8);
    free(f);
}

static void efi_boot_services_tag_required_is_refused(void **state)
{
    (void)state;
    uint8_t *f = default_with_tag(MB2_HTAG_EFI_BS, REQ, NULL, 0);
    assert_int_equal(analyse(f, EB_DEFAULT_LEN), -1);
    assert_string_equal(err, "header tag 7 (EFI boot services) is required but this loader "
                             "exits boot services");
    free(f);

    f = default_with_tag(MB2_HTAG_EFI_BS, OPT, NULL, 0);
    assert_int_equal(analyse(f, EB_DEFAULT_LEN), 0);
    free(f);
}

static void efi_entry_tags_required_are_refused_by_name(void **state)
{
    (void)state;
    const uint32_t entry = EB_DEFAULT_ENTRY;
    uint8_t *f = default_with_tag(MB2_HTAG_ENTRY_EFI32, REQ, &entry, 1);
    assert_int_equal(analyse(f, EB_DEFAULT_LEN), -1);
    assert_contains(err, "header tag 8 (EFI i386 entry address) at offset 0x1010 is required");
    free(f);

    f = default_with_tag(MB2_HTAG_ENTRY_EFI64, REQ, &entry, 1);
    assert_int_equal(analyse(f, EB_DEFAULT_LEN), -1);
    assert_contains(err, "header tag 9 (EFI amd64 entry address)");
    free(f);

    f = default_with_tag(MB2_HTAG_ENTRY_EFI64, OPT, &entry, 1);
    assert_int_equal(analyse(f, EB_DEFAULT_LEN), 0);
    assert_int_equal(img.entry, EB_DEFAULT_ENTRY);
    free(f);
}

static void info_request_sets_required_and_optional_bits(void **state)
{
    (void)state;
    struct eb_elf e;
    struct eb_mb2 h;
    const uint32_t need[] = { MB2_TAG_MMAP, MB2_TAG_FRAMEBUFFER, MB2_TAG_EFI_MMAP };
    const uint32_t want[] = { MB2_TAG_ACPI_OLD, MB2_TAG_ACPI_NEW, 99 /* ignored */ };
    eb_elf_default(&e);
    eb_mb2_begin(&h);
    eb_mb2_tag(&h, MB2_HTAG_INFO_REQUEST, REQ, need, ARRAY_LEN(need));
    eb_mb2_tag(&h, MB2_HTAG_INFO_REQUEST, OPT, want, ARRAY_LEN(want));
    eb_mb2_end(&h);
    uint8_t *f = elf_with(&e, &h);
    assert_int_equal(analyse(f, e.file_len), 0);
    assert_int_equal(img.req.required_tags,
                     (1u << MB2_TAG_MMAP) | (1u << MB2_TAG_FRAMEBUFFER) | (1u << MB2_TAG_EFI_MMAP));
    assert_int_equal(img.req.optional_tags, (1u << MB2_TAG_ACPI_OLD) | (1u << MB2_TAG_ACPI_NEW));
    free(f);
}

static void info_request_for_type_above_31_required_is_refused(void **state)
{
    (void)state;
    const uint32_t need[] = { MB2_TAG_MMAP, 40 };
    uint8_t *f = default_with_tag(MB2_HTAG_INFO_REQUEST, REQ, need, ARRAY_LEN(need));
    assert_int_equal(analyse(f, EB_DEFAULT_LEN), -1);
    assert_string_equal(err, "header tag 1 (information request) at offset 0x1010 requires "
                             "information tag type 40, expected a type below 32");
    free(f);
}

static void framebuffer_tag_is_recorded(void **state)
{
    (void)state;
    const uint32_t fb[] = { 1024, 768, 32 };
    uint8_t *f = default_with_tag(MB2_HTAG_FRAMEBUFFER, OPT, fb, ARRAY_LEN(fb));
    assert_int_equal(analyse(f, EB_DEFAULT_LEN), 0);
    assert_int_equal(img.req.has_framebuffer, 1);
    assert_int_equal(img.req.framebuffer_optional, 1);
    assert_int_equal(img.req.fb_width, 1024);
    assert_int_equal(img.req.fb_height, 768);
    assert_int_equal(img.req.fb_depth, 32);
    free(f);

    f = default_with_tag(MB2_HTAG_FRAMEBUFFER, REQ, fb, ARRAY_LEN(fb));
    assert_int_equal(analyse(f, EB_DEFAULT_LEN), 0);
    assert_int_equal(img.req.framebuffer_optional, 0);
    free(f);
}

static void console_module_align_and_relocatable_are_recorded(void **state)
{
    (void)state;
    struct eb_elf e;
    struct eb_mb2 h;
    const uint32_t console = MB2_CONSOLE_EGA_TEXT;
    const uint32_t reloc[] = { 0x100000, 0x1000000, 0x1000, 1 };
    eb_elf_default(&e);
    eb_mb2_begin(&h);
    eb_mb2_tag(&h, MB2_HTAG_CONSOLE_FLAGS, OPT, &console, 1);
    eb_mb2_tag(&h, MB2_HTAG_MODULE_ALIGN, REQ, NULL, 0);
    eb_mb2_tag(&h, MB2_HTAG_RELOCATABLE, OPT, reloc, ARRAY_LEN(reloc));
    eb_mb2_end(&h);
    uint8_t *f = elf_with(&e, &h);
    assert_int_equal(analyse(f, e.file_len), 0);
    assert_int_equal(img.req.has_console_flags, 1);
    assert_int_equal(img.req.console_flags, MB2_CONSOLE_EGA_TEXT);
    assert_int_equal(img.req.module_align, 1);
    assert_int_equal(img.req.relocatable, 1);
    assert_int_equal(img.req.reloc_min, 0x100000);
    assert_int_equal(img.req.reloc_max, 0x1000000);
    assert_int_equal(img.req.reloc_align, 0x1000);
    assert_int_equal(img.req.reloc_pref, 1);
    assert_int_equal(img.segs[0].paddr, EB_DEFAULT_PADDR); /* loaded where linked */
    free(f);
}

static void entry_tag_overrides_e_entry(void **state)
{
    (void)state;
    const uint32_t entry = 0x100100;
    uint8_t *f = default_with_tag(MB2_HTAG_ENTRY, REQ, &entry, 1);
    assert_int_equal(analyse(f, EB_DEFAULT_LEN), 0);
    assert_int_equal(img.entry, 0x100100);
    assert_int_equal(img.is_elf, 1);
    free(f);

    const uint32_t outside = 0x500000;
    f = default_with_tag(MB2_HTAG_ENTRY, REQ, &outside, 1);
    assert_int_equal(analyse(f, EB_DEFAULT_LEN), -1);
    assert_string_equal(err, "entry address tag 0x500000 lies outside every loaded segment, "
                             "expected it inside one");
    free(f);
}

static void short_known_tag_is_refused_with_its_minimum(void **state)
{
    (void)state;
    const uint32_t words[2] = { 0x100000, 0x100000 };
    uint8_t *f = default_with_tag(MB2_HTAG_ADDRESS, REQ, words, 2);
    assert_int_equal(analyse(f, EB_DEFAULT_LEN), -1);
    assert_string_equal(err, "header tag 2 (address) at offset 0x1010: size 16, expected at least 24");
    free(f);
}

static void malformed_tag_lists_are_refused(void **state)
{
    (void)state;
    uint8_t *f = eb_default_kernel();
    /* End tag size 4: below a tag head. */
    eb_put32(f + FIRST_TAG + offsetof(struct mb2_header_tag, size), 4);
    assert_int_equal(analyse(f, EB_DEFAULT_LEN), -1);
    assert_string_equal(err, "header tag type 0 at offset 0x1010: size 4, expected at least 8");
    /* Size running past the header. */
    eb_put32(f + FIRST_TAG + offsetof(struct mb2_header_tag, size), 16);
    assert_int_equal(analyse(f, EB_DEFAULT_LEN), -1);
    assert_string_equal(err, "header tag type 0 at offset 0x1010: size 16 runs past the header's "
                         "end at 0x1018");
    free(f);

    /* A header whose length leaves room for tags but holds no end tag. */
    struct eb_mb2 h;
    eb_mb2_begin(&h);
    eb_mb2_tag(&h, MB2_HTAG_MODULE_ALIGN, REQ, NULL, 0);
    eb_mb2_tag(&h, MB2_HTAG_MODULE_ALIGN, REQ, NULL, 0);
    uint32_t len = (uint32_t)h.len;
    eb_put32(h.bytes + offsetof(struct mb2_header, header_length), len);
    eb_put32(h.bytes + offsetof(struct mb2_header, checksum), 0u - (MB2_HEADER_MAGIC + len));
    f = eb_default_kernel();
    memset(f + EB_HEADER_OFFSET, 0, 64);
    eb_place(f, EB_HEADER_OFFSET, &h);
    assert_int_equal(analyse(f, EB_DEFAULT_LEN), -1);
    assert_string_equal(err, "Multiboot2 header at 0x1000: no end tag within its header_length "
                             "of 32 bytes");
    free(f);
}

static void header_find_alone_parses_a_header(void **state)
{
    (void)state;
    struct mb2_request req;
    uint8_t *f = default_with_tag(MB2_HTAG_MODULE_ALIGN, REQ, NULL, 0);
    memset(err, 0, sizeof(err));
    assert_int_equal(mb2_header_find(f, EB_DEFAULT_LEN, &req, err, sizeof(err)), 0);
    assert_int_equal(req.header_offset, EB_HEADER_OFFSET);
    assert_int_equal(req.module_align, 1);
    assert_int_equal(mb2_header_find(f, EB_HEADER_OFFSET, &req, err, sizeof(err)), -1);
    assert_contains(err, "no Multiboot2 header in the first 32 KiB");
    free(f);
}

/* ---- Loading by the address tag -------------------------------------------- */

#define RAW_LEN      0x3000u
#define RAW_HDR      0x40u
#define RAW_LOAD     0x200000u

/* raw_kernel: a flat binary with a header at RAW_HDR carrying an address tag and an entry tag. */
static uint8_t *raw_kernel(uint32_t header_addr, uint32_t load_addr, uint32_t load_end,
                           uint32_t bss_end, int with_entry, uint32_t entry)
{
    struct eb_mb2 h;
    const uint32_t addr[] = { header_addr, load_addr, load_end, bss_end };
    uint8_t *f = calloc(1, RAW_LEN);
    memcpy(f, "\xeb\xfe\x90\x90", 4); /* jmp $ ; not an ELF */
    eb_mb2_begin(&h);
    eb_mb2_tag(&h, MB2_HTAG_ADDRESS, REQ, addr, ARRAY_LEN(addr));
    if (with_entry)
        eb_mb2_tag(&h, MB2_HTAG_ENTRY, REQ, &entry, 1);
    eb_mb2_end(&h);
    eb_place(f, RAW_HDR, &h);
    return f;
}

static void address_tag_loads_a_flat_binary(void **state)
{
    (void)state;
    uint8_t *f = raw_kernel(RAW_LOAD + RAW_HDR, RAW_LOAD, RAW_LOAD + 0x2000, RAW_LOAD + 0x5000,
                            1, RAW_LOAD + 0x80);
    assert_int_equal(analyse(f, RAW_LEN), 0);
    assert_int_equal(img.is_elf, 0);
    assert_int_equal(img.nsegs, 1);
    assert_int_equal(img.segs[0].paddr, RAW_LOAD);
    assert_int_equal(img.segs[0].file_offset, 0);
    assert_int_equal(img.segs[0].filesz, 0x2000);
    assert_int_equal(img.segs[0].memsz, 0x5000);
    assert_int_equal(img.entry, RAW_LOAD + 0x80);
    assert_int_equal(img.load_base, RAW_LOAD);
    assert_int_equal(img.load_end, RAW_LOAD + 0x5000);
    assert_int_equal(img.req.header_addr, RAW_LOAD + RAW_HDR);
    free(f);
}

static void address_tag_zero_ends_mean_file_end_and_no_bss(void **state)
{
    (void)state;
    /* The header lands 0x20 bytes after load_addr: loading starts 0x20 into the file. */
    uint8_t *f = raw_kernel(RAW_LOAD + 0x20, RAW_LOAD, 0, 0, 1, RAW_LOAD);
    assert_int_equal(analyse(f, RAW_LEN), 0);
    assert_int_equal(img.segs[0].file_offset, RAW_HDR - 0x20);
    assert_int_equal(img.segs[0].filesz, RAW_LEN - (RAW_HDR - 0x20));
    assert_int_equal(img.segs[0].memsz, img.segs[0].filesz);
    free(f);

    /* load_addr 0xffffffff: from the file's first byte. */
    f = raw_kernel(RAW_LOAD + RAW_HDR, 0xFFFFFFFFu, 0, 0, 1, RAW_LOAD);
    assert_int_equal(analyse(f, RAW_LEN), 0);
    assert_int_equal(img.segs[0].paddr, RAW_LOAD);
    assert_int_equal(img.segs[0].file_offset, 0);
    assert_int_equal(img.segs[0].filesz, RAW_LEN);
    free(f);
}

static void address_tag_wins_over_elf_program_headers(void **state)
{
    (void)state;
    struct eb_elf e;
    struct eb_mb2 h;
    const uint32_t addr[] = { 0x400000 + EB_HEADER_OFFSET, 0x400000, 0, 0 };
    eb_elf_default(&e);
    eb_mb2_begin(&h);
    eb_mb2_tag(&h, MB2_HTAG_ADDRESS, REQ, addr, ARRAY_LEN(addr));
    eb_mb2_end(&h);
    e.entry = 0x400100; /* no entry tag: e_entry is used */
    uint8_t *f = elf_with(&e, &h);
    assert_int_equal(analyse(f, e.file_len), 0);
    assert_int_equal(img.is_elf, 0);
    assert_int_equal(img.segs[0].paddr, 0x400000);
    assert_int_equal(img.segs[0].file_offset, 0);
    assert_int_equal(img.segs[0].filesz, e.file_len);
    assert_int_equal(img.entry, 0x400100);
    free(f);
}

static void address_tag_invalid_values_are_refused(void **state)
{
    (void)state;
    static const struct {
        uint32_t header_addr, load_addr, load_end, bss_end;
        const char *msg;
    } cases[] = {
        { RAW_LOAD, RAW_LOAD + 0x10, 0, 0,
          "address tag: header_addr 0x200000 is below load_addr 0x200010, expected header_addr >= load_addr" },
        { RAW_LOAD + 0x100, RAW_LOAD, 0, 0,
          "address tag: header_addr - load_addr is 0x100, expected at most the header's file offset 0x40" },
        { RAW_LOAD + RAW_HDR, RAW_LOAD, RAW_LOAD, 0,
          "address tag: load_end_addr 0x200000, expected it above load_addr 0x200000" },
        { RAW_LOAD + RAW_HDR, RAW_LOAD, RAW_LOAD + 0x4000, 0,
          "address tag: file bytes [0x0, 0x4000) lie outside the 0x3000-byte file" },
        { RAW_LOAD + RAW_HDR, RAW_LOAD, RAW_LOAD + 0x2000, RAW_LOAD + 0x1000,
          "address tag: bss_end_addr 0x201000, expected at least the end of the loaded bytes 0x202000" },
        { 0x10, 0xFFFFFFFFu, 0, 0,
          "address tag: header_addr 0x10 is below the header's file offset 0x40" },
        { 0xFFFFF000u + RAW_HDR, 0xFFFFF000u, 0, 0,
          "address tag: the loaded image ends at 0x100002000 in memory, above 4 GiB" },
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        uint8_t *f = raw_kernel(cases[i].header_addr, cases[i].load_addr, cases[i].load_end,
                                cases[i].bss_end, 1, RAW_LOAD);
        assert_int_equal(analyse(f, RAW_LEN), -1);
        assert_contains(err, cases[i].msg);
        free(f);
    }
}

static void address_tag_entry_must_exist_and_lie_inside(void **state)
{
    (void)state;
    uint8_t *f = raw_kernel(RAW_LOAD + RAW_HDR, RAW_LOAD, 0, 0, 0, 0);
    assert_int_equal(analyse(f, RAW_LEN), -1);
    assert_contains(err, "address tag (2) without an entry address tag (3)");
    free(f);

    f = raw_kernel(RAW_LOAD + RAW_HDR, RAW_LOAD, 0, 0, 1, RAW_LOAD + RAW_LEN);
    assert_int_equal(analyse(f, RAW_LEN), -1);
    assert_string_equal(err, "entry point 0x203000 lies outside the loaded range "
                             "[0x200000, 0x203000), expected it inside");
    free(f);
}

static void flat_binary_without_address_tag_is_refused(void **state)
{
    (void)state;
    struct eb_mb2 h;
    uint8_t *f = calloc(1, RAW_LEN);
    memcpy(f, "MZ\x90\x00", 4);
    eb_mb2_simple(&h);
    eb_place(f, RAW_HDR, &h);
    assert_int_equal(analyse(f, RAW_LEN), -1);
    assert_string_equal(err, "not an ELF file (starts with '4d 5a 90 00'), and its Multiboot2 "
                             "header has no address tag (2) to say where to load it");
    free(f);
}

/* ---- Requests and names ------------------------------------------------------ */

static void first_unmet_names_the_lowest_missing_type(void **state)
{
    (void)state;
    struct mb2_request req;
    memset(&req, 0, sizeof(req));
    req.required_tags = (1u << MB2_TAG_MMAP) | (1u << MB2_TAG_FRAMEBUFFER);
    req.optional_tags = 1u << MB2_TAG_APM;
    assert_int_equal(mb2_first_unmet(&req, 0), MB2_TAG_MMAP);
    assert_int_equal(mb2_first_unmet(&req, 1u << MB2_TAG_MMAP), MB2_TAG_FRAMEBUFFER);
    assert_int_equal(mb2_first_unmet(&req, (1u << MB2_TAG_MMAP) | (1u << MB2_TAG_FRAMEBUFFER)), -1);
    req.required_tags = 1u << 31;
    assert_int_equal(mb2_first_unmet(&req, 0), 31);
}

static void info_tag_names(void **state)
{
    (void)state;
    assert_string_equal(mb2_info_tag_name(MB2_TAG_MMAP), "memory map");
    assert_string_equal(mb2_info_tag_name(MB2_TAG_CMDLINE), "command line");
    assert_string_equal(mb2_info_tag_name(MB2_TAG_EFI_MMAP), "EFI memory map");
    assert_string_equal(mb2_info_tag_name(MB2_TAG_LOAD_BASE_ADDR), "image load base address");
    assert_string_equal(mb2_info_tag_name(MB2_TAG_TYPE_COUNT), "unknown");
    assert_string_equal(mb2_info_tag_name(0xFFFFFFFFu), "unknown");
}

static void message_is_truncated_safely(void **state)
{
    (void)state;
    struct eb_elf e;
    char small[12];
    eb_elf_default(&e);
    e.machine = EM_X86_64;
    uint8_t *f = elf_with(&e, NULL);
    assert_int_equal(kimage_analyse(f, e.file_len, &img, small, sizeof(small)), -1);
    assert_string_equal(small, "e_machine i");
    assert_int_equal(kimage_analyse(f, e.file_len, &img, NULL, 0), -1);
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_elf_is_accepted),
        cmocka_unit_test(unaligned_buffer_is_read_bytewise),
        cmocka_unit_test(higher_half_entry_is_translated_to_physical),
        cmocka_unit_test(several_segments_skip_zero_memsz_and_non_load),
        cmocka_unit_test(bss_only_segment_needs_no_file_bytes),
        cmocka_unit_test(segment_ending_just_below_4g_is_accepted),
        cmocka_unit_test(x86_64_elf_reports_class_before_header),
        cmocka_unit_test(x86_64_machine_in_elf32_is_named),
        cmocka_unit_test(other_machines_are_named_or_numbered),
        cmocka_unit_test(et_dyn_is_refused),
        cmocka_unit_test(big_endian_and_bad_versions_are_refused),
        cmocka_unit_test(truncated_elf_header_is_refused),
        cmocka_unit_test(empty_file_is_refused),
        cmocka_unit_test(text_file_is_refused),
        cmocka_unit_test(program_headers_outside_file_are_refused),
        cmocka_unit_test(huge_phoff_does_not_wrap),
        cmocka_unit_test(no_program_headers_or_small_phentsize_are_refused),
        cmocka_unit_test(filesz_above_memsz_is_refused),
        cmocka_unit_test(file_bytes_beyond_file_are_refused),
        cmocka_unit_test(segment_crossing_4g_is_refused),
        cmocka_unit_test(too_many_segments_names_the_bound),
        cmocka_unit_test(no_loadable_segment_is_refused),
        cmocka_unit_test(entry_outside_segments_is_refused),
        cmocka_unit_test(missing_header_is_refused),
        cmocka_unit_test(bad_checksum_is_reported_with_both_values),
        cmocka_unit_test(valid_header_after_a_bad_one_is_found),
        cmocka_unit_test(header_beyond_32k_is_not_found),
        cmocka_unit_test(misaligned_header_is_not_found),
        cmocka_unit_test(header_length_past_file_end_is_refused),
        cmocka_unit_test(wrong_architecture_is_refused),
        cmocka_unit_test(unknown_required_tag_is_refused_by_type_and_offset),
        cmocka_unit_test(unknown_optional_tag_is_skipped),
        cmocka_unit_test(efi_boot_services_tag_required_is_refused),
        cmocka_unit_test(efi_entry_tags_required_are_refused_by_name),
        cmocka_unit_test(info_request_sets_required_and_optional_bits),
        cmocka_unit_test(info_request_for_type_above_31_required_is_refused),
        cmocka_unit_test(framebuffer_tag_is_recorded),
        cmocka_unit_test(console_module_align_and_relocatable_are_recorded),
        cmocka_unit_test(entry_tag_overrides_e_entry),
        cmocka_unit_test(short_known_tag_is_refused_with_its_minimum),
        cmocka_unit_test(malformed_tag_lists_are_refused),
        cmocka_unit_test(header_find_alone_parses_a_header),
        cmocka_unit_test(address_tag_loads_a_flat_binary),
        cmocka_unit_test(address_tag_zero_ends_mean_file_end_and_no_bss),
        cmocka_unit_test(address_tag_wins_over_elf_program_headers),
        cmocka_unit_test(address_tag_invalid_values_are_refused),
        cmocka_unit_test(address_tag_entry_must_exist_and_lie_inside),
        cmocka_unit_test(flat_binary_without_address_tag_is_refused),
        cmocka_unit_test(first_unmet_names_the_lowest_missing_type),
        cmocka_unit_test(info_tag_names),
        cmocka_unit_test(message_is_truncated_safely),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
