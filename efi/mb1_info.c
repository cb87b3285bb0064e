/*
 * mb1_info.c: the Multiboot1 information builder (see mb1_info.h).
 * Pure code: no library functions.
 */
#include "mb1_info.h"

#include "memranges.h"

#define ADDR_LIMIT      0x100000000ull /* every pointer must be a 32-bit address */

#define MB1_MEMORY_AVAILABLE 1u
#define MB1_MEMORY_RESERVED  2u
#define MB1_MEMORY_ACPI      3u
#define MB1_MEMORY_NVS       4u
#define MB1_MEMORY_BAD       5u

#define ALIGN_UP(n) (((n) + (MB1_INFO_ALIGN - 1u)) & ~(size_t)(MB1_INFO_ALIGN - 1u))

static void zero_bytes(uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = 0;
}

static size_t str_len(const char *s)
{
    size_t n = 0;
    while (s[n] != '\0')
        n++;
    return n;
}

struct mb1_info *mb1_info_of(struct mb1_builder *b)
{
    return (struct mb1_info *)b->buf;
}

void mb1b_init(struct mb1_builder *b, void *buf, size_t cap, uint32_t phys)
{
    b->buf = buf;
    b->cap = cap;
    b->phys = phys;
    b->len = 0;
    b->overflow = cap < ALIGN_UP(sizeof(struct mb1_info)) || (uint64_t)phys + cap > ADDR_LIMIT;
    if (b->overflow)
        return;
    zero_bytes(b->buf, ALIGN_UP(sizeof(struct mb1_info)));
    b->len = ALIGN_UP(sizeof(struct mb1_info));
}

/*
 * reserve: n zeroed bytes after what is used, aligned; returns their
 * offset, or 0 (never a valid area: the structure is at 0) on overflow.
 */
static size_t reserve(struct mb1_builder *b, size_t n)
{
    if (b->overflow || n > b->cap - b->len || ALIGN_UP(n) > b->cap - b->len) {
        b->overflow = 1;
        return 0;
    }
    size_t off = b->len;
    zero_bytes(b->buf + off, ALIGN_UP(n));
    b->len += ALIGN_UP(n);
    return off;
}

/* add_string: a copy of s in the buffer; its physical address, or 0 on overflow. */
static uint32_t add_string(struct mb1_builder *b, const char *s)
{
    size_t n = str_len(s) + 1;
    size_t off = reserve(b, n);
    if (off == 0)
        return 0;
    for (size_t i = 0; i < n; i++)
        b->buf[off + i] = (uint8_t)s[i];
    return b->phys + (uint32_t)off;
}

int mb1b_set_cmdline(struct mb1_builder *b, const char *s)
{
    uint32_t a = add_string(b, s);
    if (a == 0)
        return -1;
    mb1_info_of(b)->cmdline = a;
    mb1_info_of(b)->flags |= MB1_IF_CMDLINE;
    return 0;
}

int mb1b_set_loader_name(struct mb1_builder *b, const char *s)
{
    uint32_t a = add_string(b, s);
    if (a == 0)
        return -1;
    mb1_info_of(b)->boot_loader_name = a;
    mb1_info_of(b)->flags |= MB1_IF_LOADER_NAME;
    return 0;
}

int mb1b_set_modules(struct mb1_builder *b, const struct mb1_module_in *m, unsigned n)
{
    size_t list = reserve(b, (size_t)n * sizeof(struct mb1_module));
    if (n != 0 && list == 0)
        return -1;
    for (unsigned i = 0; i < n; i++) {
        uint32_t s = add_string(b, m[i].string);
        if (s == 0)
            return -1;
        struct mb1_module *e = (struct mb1_module *)(b->buf + list) + i;
        e->mod_start = m[i].start;
        e->mod_end = m[i].end;
        e->string = s;
        e->reserved = 0;
    }
    if (b->overflow)
        return -1;
    struct mb1_info *info = mb1_info_of(b);
    info->mods_count = n;
    info->mods_addr = n != 0 ? b->phys + (uint32_t)list : 0;
    info->flags |= MB1_IF_MODS;
    return 0;
}

void mb1b_set_framebuffer(struct mb1_builder *b, const struct mb1_fb_in *fb)
{
    if (b->overflow)
        return;
    struct mb1_info *info = mb1_info_of(b);
    info->framebuffer_addr = fb->addr;
    info->framebuffer_pitch = fb->pitch;
    info->framebuffer_width = fb->width;
    info->framebuffer_height = fb->height;
    info->framebuffer_bpp = fb->bpp;
    info->framebuffer_type = MB1_FRAMEBUFFER_TYPE_RGB;
    info->red_field_position = fb->red_pos;
    info->red_mask_size = fb->red_size;
    info->green_field_position = fb->green_pos;
    info->green_mask_size = fb->green_size;
    info->blue_field_position = fb->blue_pos;
    info->blue_mask_size = fb->blue_size;
    info->flags |= MB1_IF_FRAMEBUFFER;
}

size_t mb1b_memory_bytes(size_t map_size, size_t descr_size)
{
    size_t count = descr_size ? map_size / descr_size : 0;
    return ALIGN_UP(count * sizeof(struct mb1_mmap_entry));
}

/* Multiboot1 and Multiboot2 number memory types alike: memranges.h folds for both. */
_Static_assert(MB1_MEMORY_AVAILABLE == MB2_MEMORY_AVAILABLE && MB1_MEMORY_RESERVED == MB2_MEMORY_RESERVED &&
                   MB1_MEMORY_ACPI == MB2_MEMORY_ACPI_RECLAIMABLE && MB1_MEMORY_NVS == MB2_MEMORY_NVS &&
                   MB1_MEMORY_BAD == MB2_MEMORY_BADRAM,
               "Multiboot1 and Multiboot2 memory types agree");
_Static_assert(sizeof(struct mb1_mmap_entry) == sizeof(struct mb2_mmap_entry),
               "a range converts into a Multiboot1 entry in place");

int mb1b_add_memory(struct mb1_builder *b, const struct efi_mmap *map)
{
    if (b->overflow || efi_mmap_check(map) != NULL) {
        b->overflow = 1;
        return -1;
    }
    size_t count = efi_mmap_count(map);
    size_t off = reserve(b, count * sizeof(struct mb1_mmap_entry));
    if (count != 0 && off == 0)
        return -1;
    struct mb1_mmap_entry *arr = (struct mb1_mmap_entry *)(b->buf + off);
    /* Fold into ranges in the same bytes, then rewrite each in Multiboot1's
     * layout (both 24 bytes; entry k only ever overwrites range k). */
    struct mb2_mmap_entry *ranges = (struct mb2_mmap_entry *)(b->buf + off);
    size_t used = memranges_build(map, ranges);
    uint32_t lower = memranges_lower_kib(ranges, used), upper = memranges_upper_kib(ranges, used);
    for (size_t k = 0; k < used; k++) {
        struct mb2_mmap_entry r = ranges[k];
        struct mb1_mmap_entry e = { MB1_MMAP_ENTRY_SIZE_FIELD, r.base_addr, r.length, r.type };
        arr[k] = e;
    }
    /* Give back what merging saved. */
    b->len -= ALIGN_UP(count * sizeof(*arr)) - ALIGN_UP(used * sizeof(*arr));
    struct mb1_info *info = mb1_info_of(b);
    info->mmap_addr = b->phys + (uint32_t)off;
    info->mmap_length = (uint32_t)(used * sizeof(*arr));
    info->mem_lower = lower;
    info->mem_upper = upper;
    info->flags |= MB1_IF_MMAP | MB1_IF_MEMORY;
    return 0;
}
