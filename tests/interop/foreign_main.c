/*
 * foreign_main.c: the checks of the test tree's minimal Multiboot2 kernel
 * (header: foreign_header.asm; entry, output and counts: tk.h). Written from
 * the Multiboot2 specification only, sharing no code with our kernel, so it
 * tests our loader against the specification rather than against itself.
 * Every check prints "foreign: ok WHAT" or "foreign: FAIL WHAT: found X" on
 * COM1; the last line is "foreign: N passed, N failed" and QEMU exits
 * through isa-debug-exit (0x10 all passed, 0x11 otherwise).
 */
#include "tk.h"

#define MB2_MAGIC      0x36d76289u
#define TAG_ALIGN      8u
#define TAG_HEAD       8u
#define INFO_HEAD      8u
#define MMAP_HEAD      16u
#define MMAP_ENTRY_MIN 24u
#define MMAP_AVAILABLE 1u
#define TYPE_MAX       21u   /* the highest information tag type in Multiboot2 */

/* The memory map tag: entry size, version, sorted non-overlapping entries, some available. */
static void check_mmap(const uint8_t *t, uint32_t size)
{
    uint32_t esize = tk_rd32(t + 8), version = tk_rd32(t + 12);
    tk_check(esize >= MMAP_ENTRY_MIN, "mmap entry_size is at least 24", esize);
    tk_check(version == 0, "mmap entry_version is 0", version);
    if (esize < MMAP_ENTRY_MIN)
        return;
    tk_check((size - MMAP_HEAD) % esize == 0, "mmap tag holds whole entries", size);
    uint64_t prev_end = 0;
    int sorted = 1, available = 0;
    for (uint32_t off = MMAP_HEAD; off + esize <= size; off += esize) {
        uint64_t base = tk_rd64(t + off), len = tk_rd64(t + off + 8);
        uint32_t type = tk_rd32(t + off + 16);
        if (base < prev_end || len == 0)
            sorted = 0;
        prev_end = base + len;
        if (type == MMAP_AVAILABLE && len != 0)
            available = 1;
    }
    tk_check(sorted, "mmap entries sorted, non-empty, not overlapping", 0);
    tk_check(available, "mmap has available memory", 0);
}

/* A string tag: NUL-terminated exactly at its end. */
static int string_ok(const uint8_t *t, uint32_t size)
{
    return size > TAG_HEAD && t[size - 1] == 0;
}

/* tk_main (tk.h): the entry state, then the information structure tag by tag. */
void tk_main(const struct tk_entry *e)
{
    tk_begin("foreign", "a Multiboot2 kernel written from the specification");
    tk_check(e->eax == MB2_MAGIC, "EAX holds the Multiboot2 magic", e->eax);
    tk_check(e->ebx != 0 && e->ebx % TAG_ALIGN == 0, "EBX nonzero and 8-byte aligned", e->ebx);
    tk_check_machine(e);

    const uint8_t *info = tk_ptr(e->ebx);
    uint32_t total = tk_rd32(info), reserved = tk_rd32(info + 4);
    tk_check(total >= INFO_HEAD + TAG_HEAD && total % TAG_ALIGN == 0,
             "total_size at least 16 and a multiple of 8", total);
    tk_check(reserved == 0, "reserved field is 0", reserved);

    uint32_t seen = 0, off = INFO_HEAD;
    int well_formed = 1, ended = 0;
    while (off + TAG_HEAD <= total) {
        const uint8_t *t = info + off;
        uint32_t type = tk_rd32(t), size = tk_rd32(t + 4);
        if (size < TAG_HEAD || off + size > total) {
            well_formed = 0;
            tk_check(0, "every tag fits total_size", off);
            break;
        }
        if (type > TYPE_MAX) {
            /* The specification: a kernel skips tags of types it does not know. */
            off += (size + TAG_ALIGN - 1) & ~(TAG_ALIGN - 1);
            continue;
        }
        if (type == 0) {
            ended = size == TAG_HEAD && off + size == total;
            break;
        }
        seen |= 1u << type;
        if (type == 1)
            tk_check(string_ok(t, size), "command line tag is NUL-terminated", size);
        if (type == 2)
            tk_check(string_ok(t, size), "loader name tag is NUL-terminated", size);
        if (type == 6)
            check_mmap(t, size);
        off += (size + TAG_ALIGN - 1) & ~(TAG_ALIGN - 1);
    }
    if (well_formed)
        tk_check(ended, "the end tag closes the structure exactly at total_size", off);
    tk_check(seen & (1u << 1), "required tag 1 (command line) present", seen);
    tk_check(seen & (1u << 6), "required tag 6 (memory map) present", seen);
    tk_check(seen & (1u << 2), "optional tag 2 (loader name) given by a loader that has it", seen);
    tk_check(!(seen & (1u << 5)), "optional tag 5 (BIOS boot device) left out on UEFI", seen);

    tk_finish();
}
