/*
 * mb1_info.c: the Multiboot1 information builder (see mb1_info.h).
 * Pure code: no library functions.
 */
#include "mb1_info.h"

#define KIB             1024ull
#define LOWER_MEM_LIMIT (640ull * KIB) /* mem_lower counts at most conventional memory */
#define UPPER_MEM_START (1024ull * KIB)
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

/* The Multiboot1 memory type for a firmware memory type. */
static uint32_t mb1_type_of(uint32_t efi_type)
{
    if (efi_type_usable_after_exit(efi_type))
        return MB1_MEMORY_AVAILABLE;
    switch (efi_type) {
    case EFI_MT_ACPI_RECLAIM:
        return MB1_MEMORY_ACPI;
    case EFI_MT_ACPI_NVS:
        return MB1_MEMORY_NVS;
    case EFI_MT_UNUSABLE:
        return MB1_MEMORY_BAD;
    default:
        return MB1_MEMORY_RESERVED;
    }
}

/* touches: does a end where b begins, with the same type? */
static int touches(const struct mb1_mmap_entry *a, const struct mb1_mmap_entry *b)
{
    return a->type == b->type && a->base_addr + a->length == b->base_addr;
}

/* remove_at: drop arr[k] from n entries. */
static void remove_at(struct mb1_mmap_entry *arr, size_t n, size_t k)
{
    for (; k + 1 < n; k++)
        arr[k] = arr[k + 1];
}

/*
 * insert_entry: put e into the sorted array of n entries, merging it with a
 * neighbour it touches. Returns the new count.
 */
static size_t insert_entry(struct mb1_mmap_entry *arr, size_t n, struct mb1_mmap_entry e)
{
    size_t pos = n;
    while (pos > 0 && arr[pos - 1].base_addr > e.base_addr) {
        arr[pos] = arr[pos - 1];
        pos--;
    }
    arr[pos] = e;
    n++;
    if (pos > 0 && touches(&arr[pos - 1], &arr[pos])) {
        arr[pos - 1].length += arr[pos].length;
        remove_at(arr, n--, pos);
        pos--;
    }
    if (pos + 1 < n && touches(&arr[pos], &arr[pos + 1])) {
        arr[pos].length += arr[pos + 1].length;
        remove_at(arr, n--, pos + 1);
    }
    return n;
}

/* contiguous_kib: usable KiB from `from` up to the first gap, at most to limit (0: none). */
static uint32_t contiguous_kib(const struct mb1_mmap_entry *arr, size_t n, uint64_t from,
                               uint64_t limit)
{
    uint64_t pos = from;
    for (size_t i = 0; i < n; i++) {
        if (arr[i].type != MB1_MEMORY_AVAILABLE)
            continue;
        uint64_t e0 = arr[i].base_addr, e1 = e0 + arr[i].length;
        if (e0 <= pos && e1 > pos)
            pos = e1;
    }
    if (limit != 0 && pos > limit)
        pos = limit;
    uint64_t kib = (pos - from) / KIB;
    return kib > UINT32_MAX ? UINT32_MAX : (uint32_t)kib;
}

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
    size_t used = 0;
    for (size_t i = 0; i < count; i++) {
        struct efi_mdesc d;
        efi_mmap_get(map, i, &d);
        uint64_t end = efi_mdesc_end(&d);
        if (d.num_pages == 0 || end == 0)
            continue; /* empty or overflowing: nothing a kernel could use */
        struct mb1_mmap_entry e = { MB1_MMAP_ENTRY_SIZE_FIELD, d.phys_start, end - d.phys_start,
                                    mb1_type_of(d.type) };
        used = insert_entry(arr, used, e);
    }
    /* Give back what merging saved. */
    b->len -= ALIGN_UP(count * sizeof(*arr)) - ALIGN_UP(used * sizeof(*arr));
    struct mb1_info *info = mb1_info_of(b);
    info->mmap_addr = b->phys + (uint32_t)off;
    info->mmap_length = (uint32_t)(used * sizeof(*arr));
    info->mem_lower = contiguous_kib(arr, used, 0, LOWER_MEM_LIMIT);
    info->mem_upper = contiguous_kib(arr, used, UPPER_MEM_START, 0);
    info->flags |= MB1_IF_MMAP | MB1_IF_MEMORY;
    return 0;
}
