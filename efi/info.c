/*
 * info.c: the Multiboot2 information structure builder (see info.h).
 */
#include "info.h"

#include "memranges.h"

#define MMAP_ENTRY_VERSION  0u
#define END_TAG_SIZE        8u

static void zero_bytes(uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = 0;
}

static void copy_bytes(uint8_t *dst, const uint8_t *src, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dst[i] = src[i];
}

static size_t str_len(const char *s)
{
    size_t n = 0;
    while (s[n] != '\0')
        n++;
    return n;
}

void mb2b_init(struct mb2_builder *b, void *buf, size_t cap)
{
    b->buf = buf;
    b->cap = cap;
    b->len = 0;
    b->overflow = 0;
    b->supplied = 0;
    if (cap < sizeof(struct mb2_info_header)) {
        b->overflow = 1;
        return;
    }
    zero_bytes(b->buf, sizeof(struct mb2_info_header));
    b->len = sizeof(struct mb2_info_header);
}

void *mb2b_add(struct mb2_builder *b, uint32_t type, size_t payload)
{
    if (b->overflow)
        return NULL;
    size_t size = sizeof(struct mb2_tag) + payload;
    if (payload > b->cap || size > UINT32_MAX) {
        b->overflow = 1;
        return NULL;
    }
    size_t padded = MB2_ALIGN_UP(size);
    /* Always leave room for the end tag. */
    if (padded > b->cap - b->len || b->cap - b->len - padded < END_TAG_SIZE) {
        b->overflow = 1;
        return NULL;
    }
    uint8_t *tag = b->buf + b->len;
    zero_bytes(tag, padded);
    struct mb2_tag head = { type, (uint32_t)size };
    copy_bytes(tag, (const uint8_t *)&head, sizeof(head));
    b->len += padded;
    if (type < 32)
        b->supplied |= 1u << type;
    return tag;
}

int mb2b_add_string(struct mb2_builder *b, uint32_t type, const char *s)
{
    size_t n = str_len(s) + 1;
    uint8_t *tag = mb2b_add(b, type, n);
    if (tag == NULL)
        return -1;
    copy_bytes(tag + sizeof(struct mb2_tag), (const uint8_t *)s, n);
    return 0;
}

int mb2b_add_module(struct mb2_builder *b, uint32_t start, uint32_t end, const char *s)
{
    size_t n = str_len(s) + 1;
    const size_t fixed = sizeof(struct mb2_tag_module) - sizeof(struct mb2_tag);
    struct mb2_tag_module *tag = mb2b_add(b, MB2_TAG_MODULE, fixed + n);
    if (tag == NULL)
        return -1;
    tag->mod_start = start;
    tag->mod_end = end;
    copy_bytes((uint8_t *)tag->cmdline, (const uint8_t *)s, n);
    return 0;
}

size_t mb2b_memory_bytes(size_t map_size, size_t descr_size)
{
    size_t count = descr_size ? map_size / descr_size : 0;
    size_t meminfo = MB2_ALIGN_UP(sizeof(struct mb2_tag_basic_meminfo));
    size_t mmap = MB2_ALIGN_UP(sizeof(struct mb2_tag_mmap) + count * sizeof(struct mb2_mmap_entry));
    size_t efi = MB2_ALIGN_UP(sizeof(struct mb2_tag_efi_mmap) + map_size);
    return meminfo + mmap + efi;
}

int mb2b_add_memory(struct mb2_builder *b, const struct efi_mmap *map)
{
    if (efi_mmap_check(map) != NULL) {
        b->overflow = 1;
        return -1;
    }
    size_t count = efi_mmap_count(map);

    /* Tag 6 first: its entries double as the sorted view for tag 4. */
    struct mb2_tag_basic_meminfo *info =
        mb2b_add(b, MB2_TAG_BASIC_MEMINFO, sizeof(*info) - sizeof(struct mb2_tag));
    uint8_t *mmap_tag = mb2b_add(b, MB2_TAG_MMAP, sizeof(struct mb2_tag_mmap) -
                                 sizeof(struct mb2_tag) + count * sizeof(struct mb2_mmap_entry));
    if (info == NULL || mmap_tag == NULL)
        return -1;
    struct mb2_tag_mmap *mt = (struct mb2_tag_mmap *)mmap_tag;
    struct mb2_mmap_entry *entries = (struct mb2_mmap_entry *)(mmap_tag + sizeof(*mt));
    size_t used = memranges_build(map, entries);
    /* Give back what merging saved: shrink the tag and the builder. */
    size_t old_padded = MB2_ALIGN_UP(sizeof(*mt) + count * sizeof(struct mb2_mmap_entry));
    mt->size = (uint32_t)(sizeof(*mt) + used * sizeof(struct mb2_mmap_entry));
    mt->entry_size = sizeof(struct mb2_mmap_entry);
    mt->entry_version = MMAP_ENTRY_VERSION;
    b->len -= old_padded - MB2_ALIGN_UP(mt->size);

    info->mem_lower = memranges_lower_kib(entries, used);
    info->mem_upper = memranges_upper_kib(entries, used);

    uint8_t *efi = mb2b_add(b, MB2_TAG_EFI_MMAP,
                            sizeof(struct mb2_tag_efi_mmap) - sizeof(struct mb2_tag) + map->size);
    if (efi == NULL)
        return -1;
    struct mb2_tag_efi_mmap *et = (struct mb2_tag_efi_mmap *)efi;
    et->descr_size = (uint32_t)map->descr_size;
    et->descr_vers = map->descr_version;
    copy_bytes(efi + sizeof(*et), map->buf, map->size);
    return 0;
}

size_t mb2b_finish(struct mb2_builder *b)
{
    if (b->overflow || b->cap - b->len < END_TAG_SIZE)
        return 0;
    struct mb2_tag end = { MB2_TAG_END, END_TAG_SIZE };
    copy_bytes(b->buf + b->len, (const uint8_t *)&end, sizeof(end));
    b->len += END_TAG_SIZE;
    struct mb2_info_header hdr = { (uint32_t)b->len, 0 };
    copy_bytes(b->buf, (const uint8_t *)&hdr, sizeof(hdr));
    return b->len;
}
