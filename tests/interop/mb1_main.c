/*
 * mb1_main.c: the checks of the test tree's minimal Multiboot1 kernel (see
 * mb1_entry.asm). Written from the Multiboot 0.6.96 specification only,
 * sharing no code with our loader or kernel. It expects the boot.cfg of
 * tests/interop/interop-tests.sh: command line MB1_CMDLINE and one module
 * whose file starts with MODULE_TEXT. Every check prints "mb1: ok WHAT" or
 * "mb1: FAIL WHAT: found X" on COM1; the last line is
 * "mb1: N passed, N failed" and QEMU exits through isa-debug-exit (0x10 all
 * passed, 0x11 otherwise).
 */
#include <stddef.h>
#include <stdint.h>

#define COM1           0x3F8u
#define COM1_LSR       (COM1 + 5u)
#define LSR_THR_EMPTY  0x20u
#define SPIN_LIMIT     100000u
#define DEBUG_EXIT     0xF4u
#define EXIT_PASSED    0x10u
#define EXIT_FAILED    0x11u
#define MB1_MAGIC      0x2BADB002u
#define CR0_PE         0x00000001u
#define CR0_PG         0x80000000u
#define EFLAGS_IF      0x00000200u
#define EFLAGS_VM      0x00020000u
#define PAGE_SIZE      4096u
#define LOWER_KIB_MAX  640u
#define DATA_PATTERN   0x5AA5C33Cu
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

struct entry { uint32_t eax, ebx, cr0, eflags; };

static const volatile uint32_t data_word = DATA_PATTERN; /* must arrive as written */
static uint32_t bss_words[64];                           /* must arrive zeroed */
static unsigned passed, failed;

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}
static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static void putc_serial(char c)
{
    for (unsigned i = 0; i < SPIN_LIMIT && !(inb(COM1_LSR) & LSR_THR_EMPTY); i++)
        ;
    outb(COM1, (uint8_t)c);
}

static void puts_serial(const char *s)
{
    for (; *s; s++) {
        if (*s == '\n')
            putc_serial('\r');
        putc_serial(*s);
    }
}

static void put_hex(uint32_t v)
{
    puts_serial("0x");
    for (int shift = 28; shift >= 0; shift -= 4)
        putc_serial("0123456789abcdef"[(v >> shift) & 0xFu]);
}

static void put_dec(uint32_t v)
{
    char buf[12];
    int n = 0;
    do {
        buf[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v);
    while (n)
        putc_serial(buf[--n]);
}

/* check: count and report one condition; detail is a number shown on failure. */
static int check(int ok, const char *what, uint32_t detail)
{
    puts_serial(ok ? "mb1: ok " : "mb1: FAIL ");
    puts_serial(what);
    if (!ok) {
        puts_serial(": found ");
        put_hex(detail);
        failed++;
    } else {
        passed++;
    }
    puts_serial("\n");
    return ok;
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
    return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static const uint8_t *ptr(uint32_t phys)
{
    return (const uint8_t *)(uintptr_t)phys;
}

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
    uint32_t len = rd32(info + I_MMAP_LENGTH);
    const uint8_t *m = ptr(rd32(info + I_MMAP_ADDR));
    check(len != 0 && m != NULL, "mmap_length and mmap_addr nonzero", len);
    uint64_t prev_end = 0;
    int sizes = 1, sorted = 1, available = 0;
    uint32_t off = 0;
    while (off + sizeof(uint32_t) <= len) {
        uint32_t size = rd32(m + off);
        if (size != MMAP_SIZE_FIELD) {
            sizes = 0;
            break;
        }
        uint64_t base = rd64(m + off + 4), length = rd64(m + off + 12);
        uint32_t type = rd32(m + off + 20);
        if (base < prev_end || length == 0)
            sorted = 0;
        prev_end = base + length;
        if (type == MMAP_AVAILABLE)
            available = 1;
        off += size + sizeof(uint32_t);
    }
    check(sizes, "every mmap entry has size 20", off);
    check(off == len, "mmap entries fill mmap_length exactly", off);
    check(sorted, "mmap entries sorted, non-empty, not overlapping", off);
    check(available, "mmap has available memory", 0);
}

/* The module: page-aligned (header flag 0), its string, its bytes. */
static void check_modules(const uint8_t *info)
{
    uint32_t count = rd32(info + I_MODS_COUNT);
    if (!check(count == 1, "one module", count))
        return;
    const uint8_t *mod = ptr(rd32(info + I_MODS_ADDR));
    uint32_t start = rd32(mod), end = rd32(mod + 4);
    check(start != 0 && start % PAGE_SIZE == 0, "module page-aligned (header flag 0)", start);
    check(end > start, "module end after its start", end);
    check(str_is(ptr(rd32(mod + 8)), MODULE_STRING, 1), "module string as in boot.cfg", rd32(mod + 8));
    check(rd32(mod + 12) == 0, "module reserved field is 0", rd32(mod + 12));
    check(end - start >= sizeof(MODULE_TEXT) - 1 && str_is(ptr(start), MODULE_TEXT, 0),
          "module bytes as in its file", rd32(ptr(start)));
}

/* The framebuffer fields, asked for by header flag 2. */
static void check_framebuffer(const uint8_t *info)
{
    uint32_t width = rd32(info + I_FB_WIDTH), height = rd32(info + I_FB_HEIGHT);
    uint32_t pitch = rd32(info + I_FB_PITCH), bpp = info[I_FB_BPP];
    check(rd64(info + I_FB_ADDR) != 0, "framebuffer_addr nonzero", (uint32_t)rd64(info + I_FB_ADDR));
    check(width != 0 && height != 0, "framebuffer width and height nonzero", width);
    check(bpp == 32, "framebuffer_bpp 32", bpp);
    check(pitch >= width * (bpp / 8u), "framebuffer_pitch holds a row", pitch);
    check(info[I_FB_TYPE] == FB_TYPE_RGB, "framebuffer_type 1 (RGB)", info[I_FB_TYPE]);
    /* The size is the loader's choice for the header's 800x600 (the test script
     * compares it with the mode the loader reports): say what arrived. */
    puts_serial("mb1: framebuffer ");
    put_dec(width);
    puts_serial("x");
    put_dec(height);
    puts_serial("\n");
}

void mb1_main(const struct entry *e)
{
    puts_serial("mb1: a Multiboot1 kernel written from the specification\n");
    check(e->eax == MB1_MAGIC, "EAX holds 0x2BADB002", e->eax);
    check(e->ebx != 0, "EBX nonzero", e->ebx);
    check((e->cr0 & CR0_PE) && !(e->cr0 & CR0_PG), "CR0.PE=1 CR0.PG=0", e->cr0);
    check(!(e->eflags & (EFLAGS_IF | EFLAGS_VM)), "EFLAGS.IF=0 EFLAGS.VM=0", e->eflags);
    check(data_word == DATA_PATTERN, ".data arrived as written", data_word);
    uint32_t dirty = 0;
    for (size_t i = 0; i < sizeof(bss_words) / sizeof(bss_words[0]); i++)
        dirty |= bss_words[i];
    check(dirty == 0, ".bss arrived zeroed", dirty);
    if (e->eax != MB1_MAGIC || e->ebx == 0)
        goto done;

    const uint8_t *info = ptr(e->ebx);
    uint32_t flags = rd32(info + I_FLAGS);
    uint32_t want = F_MEMORY | F_CMDLINE | F_MODS | F_MMAP | F_LOADER_NAME | F_FRAMEBUFFER;
    check((flags & want) == want, "flags: memory, cmdline, mods, mmap, loader name, framebuffer", flags);
    check(!(flags & (F_BOOT_DEVICE | F_AOUT_SYMS | F_ELF_SHDR)),
          "flags: no boot device or symbols (nothing behind them)", flags);
    uint32_t lower = rd32(info + I_MEM_LOWER), upper = rd32(info + I_MEM_UPPER);
    check(lower <= LOWER_KIB_MAX, "mem_lower at most 640 KiB", lower);
    check(upper != 0, "mem_upper nonzero", upper);
    if (flags & F_CMDLINE)
        check(str_is(ptr(rd32(info + I_CMDLINE)), MB1_CMDLINE, 1), "cmdline as in boot.cfg",
              rd32(info + I_CMDLINE));
    if (flags & F_LOADER_NAME)
        check(str_is(ptr(rd32(info + I_LOADER_NAME)), LOADER_PREFIX, 0),
              "boot loader name is pm32boot's", rd32(info + I_LOADER_NAME));
    if (flags & F_MODS)
        check_modules(info);
    if (flags & F_MMAP)
        check_mmap(info);
    if (flags & F_FRAMEBUFFER)
        check_framebuffer(info);
done:
    puts_serial("mb1: ");
    put_dec(passed);
    puts_serial(" passed, ");
    put_dec(failed);
    puts_serial(" failed\n");
    outb(DEBUG_EXIT, failed ? EXIT_FAILED : EXIT_PASSED);
}
