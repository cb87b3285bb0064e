/*
 * mb1_main.c: the checks of the test tree's minimal Multiboot1 kernel
 * (header: mb1_header.asm; entry, output and counts: tk.h). Written from the
 * Multiboot 0.6.96 specification only, sharing no code with our loader or
 * kernel. It expects the boot.cfg of tests/interop/interop-tests.sh: command
 * line MB1_CMDLINE and one module whose file starts with MODULE_TEXT. Every
 * check prints "mb1: ok WHAT" or "mb1: FAIL WHAT: found X" on COM1; the last
 * line is "mb1: N passed, N failed" and QEMU exits through isa-debug-exit
 * (0x10 all passed, 0x11 otherwise).
 */
#include "tk.h"

#include <stddef.h>

#define MB1_MAGIC      0x2BADB002u
#define PAGE_SIZE      4096u
#define LOWER_KIB_MAX  640u
#define MB1_CMDLINE    "mb1-cmdline words"
#define MODULE_STRING  "/mods/one.txt mb1-module"
#define MODULE_TEXT    "MB1MODULE"
#define LOADER_PREFIX  "pm32boot"

/* Information flags (specification section 3.3). */
#define F_MEMORY       (1u << 0)
#define F_BOOT_DEVICE  (1u << 1)
#define F_CMDLINE      (1u << 2)
#define F_MODS         (1u << 3)
#define F_AOUT_SYMS    (1u << 4)
#define F_ELF_SHDR     (1u << 5)
#define F_MMAP         (1u << 6)
#define F_LOADER_NAME  (1u << 9)
#define F_FRAMEBUFFER  (1u << 12)

/* Byte offsets in the information structure. */
#define I_FLAGS        0u
#define I_MEM_LOWER    4u
#define I_MEM_UPPER    8u
#define I_CMDLINE      16u
#define I_MODS_COUNT   20u
#define I_MODS_ADDR    24u
#define I_MMAP_LENGTH  44u
#define I_MMAP_ADDR    48u
#define I_LOADER_NAME  64u
#define I_FB_ADDR      88u
#define I_FB_PITCH     96u
#define I_FB_WIDTH     100u
#define I_FB_HEIGHT    104u
#define I_FB_BPP       108u
#define I_FB_TYPE      109u
#define FB_TYPE_RGB    1u
#define MMAP_SIZE_FIELD 20u  /* an entry's size field: the bytes after it */
#define MMAP_AVAILABLE 1u

/* starts_with: does the C string at s begin with prefix (and equal it when exact)? */
static int str_is(const uint8_t *s, const char *want, int exact)
{
    size_t i = 0;
    for (; want[i] != '\0'; i++)
        if (s[i] != (uint8_t)want[i])
            return 0;
    return !exact || s[i] == 0;
}

/* The memory map: whole entries of size 20, sorted, not overlapping, some available. */
static void check_mmap(const uint8_t *info)
{
    uint32_t len = tk_rd32(info + I_MMAP_LENGTH);
    const uint8_t *m = tk_ptr(tk_rd32(info + I_MMAP_ADDR));
    tk_check(len != 0 && m != NULL, "mmap_length and mmap_addr nonzero", len);
    uint64_t prev_end = 0;
    int sizes = 1, sorted = 1, available = 0;
    uint32_t off = 0;
    while (off + sizeof(uint32_t) <= len) {
        uint32_t size = tk_rd32(m + off);
        if (size != MMAP_SIZE_FIELD) {
            sizes = 0;
            break;
        }
        uint64_t base = tk_rd64(m + off + 4), length = tk_rd64(m + off + 12);
        uint32_t type = tk_rd32(m + off + 20);
        if (base < prev_end || length == 0)
            sorted = 0;
        prev_end = base + length;
        if (type == MMAP_AVAILABLE)
            available = 1;
        off += size + sizeof(uint32_t);
    }
    tk_check(sizes, "every mmap entry has size 20", off);
    tk_check(off == len, "mmap entries fill mmap_length exactly", off);
    tk_check(sorted, "mmap entries sorted, non-empty, not overlapping", off);
    tk_check(available, "mmap has available memory", 0);
}

/* The module: page-aligned (header flag 0), its string, its bytes. */
static void check_modules(const uint8_t *info)
{
    uint32_t count = tk_rd32(info + I_MODS_COUNT);
    if (!tk_check(count == 1, "one module", count))
        return;
    const uint8_t *mod = tk_ptr(tk_rd32(info + I_MODS_ADDR));
    uint32_t start = tk_rd32(mod), end = tk_rd32(mod + 4);
    tk_check(start != 0 && start % PAGE_SIZE == 0, "module page-aligned (header flag 0)", start);
    tk_check(end > start, "module end after its start", end);
    tk_check(str_is(tk_ptr(tk_rd32(mod + 8)), MODULE_STRING, 1), "module string as in boot.cfg",
             tk_rd32(mod + 8));
    tk_check(tk_rd32(mod + 12) == 0, "module reserved field is 0", tk_rd32(mod + 12));
    tk_check(end - start >= sizeof(MODULE_TEXT) - 1 && str_is(tk_ptr(start), MODULE_TEXT, 0),
             "module bytes as in its file", tk_rd32(tk_ptr(start)));
}

/* The framebuffer fields, asked for by header flag 2. */
static void check_framebuffer(const uint8_t *info)
{
    uint32_t width = tk_rd32(info + I_FB_WIDTH), height = tk_rd32(info + I_FB_HEIGHT);
    uint32_t pitch = tk_rd32(info + I_FB_PITCH), bpp = info[I_FB_BPP];
    uint64_t fb_addr = tk_rd64(info + I_FB_ADDR);
    tk_check(fb_addr != 0, "framebuffer_addr nonzero", (uint32_t)fb_addr);
    tk_check(width != 0 && height != 0, "framebuffer width and height nonzero", width);
    tk_check(bpp == 32, "framebuffer_bpp 32", bpp);
    tk_check(pitch >= width * (bpp / 8u), "framebuffer_pitch holds a row", pitch);
    tk_check(info[I_FB_TYPE] == FB_TYPE_RGB, "framebuffer_type 1 (RGB)", info[I_FB_TYPE]);
    /* The size is the loader's choice for the header's 800x600 (the test script
     * compares it with the mode the loader reports): say what arrived. */
    tk_puts("mb1: framebuffer ");
    tk_put_dec(width);
    tk_puts("x");
    tk_put_dec(height);
    tk_puts("\n");
}

/* tk_main (tk.h): the entry state, then the information structure field by field. */
void tk_main(const struct tk_entry *e)
{
    tk_begin("mb1", "a Multiboot1 kernel written from the specification");
    tk_check(e->eax == MB1_MAGIC, "EAX holds 0x2BADB002", e->eax);
    tk_check(e->ebx != 0, "EBX nonzero", e->ebx);
    tk_check_machine(e);
    if (e->eax != MB1_MAGIC || e->ebx == 0)
        goto done;

    const uint8_t *info = tk_ptr(e->ebx);
    uint32_t flags = tk_rd32(info + I_FLAGS);
    uint32_t want = F_MEMORY | F_CMDLINE | F_MODS | F_MMAP | F_LOADER_NAME | F_FRAMEBUFFER;
    tk_check((flags & want) == want, "flags: memory, cmdline, mods, mmap, loader name, framebuffer",
             flags);
    tk_check(!(flags & (F_BOOT_DEVICE | F_AOUT_SYMS | F_ELF_SHDR)),
             "flags: no boot device or symbols (nothing behind them)", flags);
    uint32_t lower = tk_rd32(info + I_MEM_LOWER), upper = tk_rd32(info + I_MEM_UPPER);
    tk_check(lower <= LOWER_KIB_MAX, "mem_lower at most 640 KiB", lower);
    tk_check(upper != 0, "mem_upper nonzero", upper);
    if (flags & F_CMDLINE)
        tk_check(str_is(tk_ptr(tk_rd32(info + I_CMDLINE)), MB1_CMDLINE, 1),
                 "cmdline as in boot.cfg", tk_rd32(info + I_CMDLINE));
    if (flags & F_LOADER_NAME)
        tk_check(str_is(tk_ptr(tk_rd32(info + I_LOADER_NAME)), LOADER_PREFIX, 0),
                 "boot loader name is pm32boot's", tk_rd32(info + I_LOADER_NAME));
    if (flags & F_MODS)
        check_modules(info);
    if (flags & F_MMAP)
        check_mmap(info);
    if (flags & F_FRAMEBUFFER)
        check_framebuffer(info);
done:
    tk_finish();
}
