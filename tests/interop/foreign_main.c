/*
 * foreign_main.c: the checks of the test tree's minimal Multiboot2 kernel
 * (see foreign_entry.asm). Written from the Multiboot2 specification only,
 * sharing no code with our kernel, so it tests our loader against the
 * specification rather than against itself. Every check prints
 * "foreign: ok WHAT" or "foreign: FAIL WHAT: detail" on COM1; the last line
 * is "foreign: N passed, N failed" and QEMU exits through isa-debug-exit
 * (0x10 all passed, 0x11 otherwise).
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
#define MB2_MAGIC      0x36d76289u
#define CR0_PE         0x00000001u
#define CR0_PG         0x80000000u
#define EFLAGS_IF      0x00000200u
#define EFLAGS_VM      0x00020000u
#define TAG_ALIGN      8u
#define TAG_HEAD       8u
#define INFO_HEAD      8u
#define MMAP_HEAD      16u
#define MMAP_ENTRY_MIN 24u
#define MMAP_AVAILABLE 1u
#define TYPE_MAX       21u   /* the highest information tag type in Multiboot2 */
#define DATA_PATTERN   0x5AA5C33Cu

struct entry { uint32_t eax, ebx, cr0, eflags; };

static const volatile uint32_t data_word = DATA_PATTERN; /* must arrive as written */
static uint32_t bss_words[64];                           /* must arrive zeroed */
static unsigned passed, failed;

/* This test kernel's only port I/O: its own wrappers, kept in one place. */
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
    puts_serial(ok ? "foreign: ok " : "foreign: FAIL ");
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

/* The memory map tag: entry size, version, sorted non-overlapping entries, some available. */
static void check_mmap(const uint8_t *t, uint32_t size)
{
    uint32_t esize = rd32(t + 8), version = rd32(t + 12);
    check(esize >= MMAP_ENTRY_MIN, "mmap entry_size is at least 24", esize);
    check(version == 0, "mmap entry_version is 0", version);
    if (esize < MMAP_ENTRY_MIN)
        return;
    check((size - MMAP_HEAD) % esize == 0, "mmap tag holds whole entries", size);
    uint64_t prev_end = 0;
    int sorted = 1, available = 0;
    for (uint32_t off = MMAP_HEAD; off + esize <= size; off += esize) {
        uint64_t base = rd64(t + off), len = rd64(t + off + 8);
        uint32_t type = rd32(t + off + 16);
        if (base < prev_end || len == 0)
            sorted = 0;
        prev_end = base + len;
        if (type == MMAP_AVAILABLE && len != 0)
            available = 1;
    }
    check(sorted, "mmap entries sorted, non-empty, not overlapping", 0);
    check(available, "mmap has available memory", 0);
}

/* A string tag: NUL-terminated exactly at its end. */
static int string_ok(const uint8_t *t, uint32_t size)
{
    return size > TAG_HEAD && t[size - 1] == 0;
}

void foreign_main(const struct entry *e)
{
    puts_serial("foreign: a Multiboot2 kernel written from the specification\n");
    check(e->eax == MB2_MAGIC, "EAX holds the Multiboot2 magic", e->eax);
    check(e->ebx != 0 && e->ebx % TAG_ALIGN == 0, "EBX nonzero and 8-byte aligned", e->ebx);
    check((e->cr0 & CR0_PE) && !(e->cr0 & CR0_PG), "CR0.PE=1 CR0.PG=0", e->cr0);
    check(!(e->eflags & (EFLAGS_IF | EFLAGS_VM)), "EFLAGS.IF=0 EFLAGS.VM=0", e->eflags);
    check(data_word == DATA_PATTERN, ".data arrived as written", data_word);
    uint32_t dirty = 0;
    for (size_t i = 0; i < sizeof(bss_words) / sizeof(bss_words[0]); i++)
        dirty |= bss_words[i];
    check(dirty == 0, ".bss arrived zeroed", dirty);

    const uint8_t *info = (const uint8_t *)(uintptr_t)e->ebx;
    uint32_t total = rd32(info), reserved = rd32(info + 4);
    check(total >= INFO_HEAD + TAG_HEAD && total % TAG_ALIGN == 0,
          "total_size at least 16 and a multiple of 8", total);
    check(reserved == 0, "reserved field is 0", reserved);

    uint32_t seen = 0, off = INFO_HEAD;
    int well_formed = 1, ended = 0;
    while (off + TAG_HEAD <= total) {
        const uint8_t *t = info + off;
        uint32_t type = rd32(t), size = rd32(t + 4);
        if (size < TAG_HEAD || off + size > total) {
            well_formed = 0;
            check(0, "every tag fits total_size", off);
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
            check(string_ok(t, size), "command line tag is NUL-terminated", size);
        if (type == 2)
            check(string_ok(t, size), "loader name tag is NUL-terminated", size);
        if (type == 6)
            check_mmap(t, size);
        off += (size + TAG_ALIGN - 1) & ~(TAG_ALIGN - 1);
    }
    if (well_formed)
        check(ended, "the end tag closes the structure exactly at total_size", off);
    check(seen & (1u << 1), "required tag 1 (command line) present", seen);
    check(seen & (1u << 6), "required tag 6 (memory map) present", seen);
    check(seen & (1u << 2), "optional tag 2 (loader name) given by a loader that has it", seen);
    check(!(seen & (1u << 5)), "optional tag 5 (BIOS boot device) left out on UEFI", seen);

    puts_serial("foreign: ");
    put_dec(passed);
    puts_serial(" passed, ");
    put_dec(failed);
    puts_serial(" failed\n");
    outb(DEBUG_EXIT, failed ? EXIT_FAILED : EXIT_PASSED);
}
