/*
 * fuzz_efi_mmap.c: libFuzzer target for mm/efi_mmap.c and the memory tags
 * of efi/info.c (mb2b_add_memory), both fed a fuzzed firmware map.
 *
 * Input layout: stride selector, version flag, then the raw map bytes
 * (copied into a buffer of exactly their size). Every descriptor is walked;
 * then the memory tags are built into a buffer of exactly the size
 * mb2b_memory_bytes promises is enough, and the result is checked: it must
 * build for every well-formed map, tag 6 must be sorted with no two touching
 * entries of one type left unmerged, mem_lower at most 640, and tag 17 a
 * byte-exact copy of the map.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "info.h"

#define VERSION_FLAG   0x80u
#define LOW_LIMIT_KIB  640u

static volatile size_t sink; /* keeps the walk from being optimised away */

static uint32_t rd32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

/* walk: every descriptor of a well-formed map, and the names of their types. */
static void walk(const struct efi_mmap *map)
{
    size_t n = efi_mmap_count(map);
    if (n * map->descr_size != map->size)
        abort();
    for (size_t i = 0; i < n; i++) {
        struct efi_mdesc d;
        if (efi_mmap_get(map, i, &d) != 0)
            abort();
        uint64_t end = efi_mdesc_end(&d);
        if (end != 0 && end < d.phys_start)
            abort();
        sink += strlen(efi_memory_type_name(d.type)) + (size_t)efi_type_usable_after_exit(d.type);
    }
    struct efi_mdesc d;
    if (efi_mmap_get(map, n, &d) != -1)
        abort();
}

/* check_tags: walk the finished structure of total bytes and check the memory tags. */
static void check_tags(const uint8_t *buf, size_t total, const struct efi_mmap *map)
{
    int seen4 = 0, seen6 = 0, seen17 = 0;
    size_t off = sizeof(struct mb2_info_header);
    while (off + sizeof(struct mb2_tag) <= total) {
        uint32_t type = rd32(buf + off), size = rd32(buf + off + 4);
        if (size < sizeof(struct mb2_tag) || off + size > total)
            abort();
        if (type == MB2_TAG_BASIC_MEMINFO) {
            seen4 = 1;
            if (rd32(buf + off + offsetof(struct mb2_tag_basic_meminfo, mem_lower)) > LOW_LIMIT_KIB)
                abort();
        } else if (type == MB2_TAG_MMAP) {
            seen6 = 1;
            uint32_t esize = rd32(buf + off + offsetof(struct mb2_tag_mmap, entry_size));
            if (esize != sizeof(struct mb2_mmap_entry))
                abort();
            size_t count = (size - sizeof(struct mb2_tag_mmap)) / esize;
            struct mb2_mmap_entry prev = { 0, 0, 0, 0 };
            for (size_t i = 0; i < count; i++) {
                struct mb2_mmap_entry e;
                memcpy(&e, buf + off + sizeof(struct mb2_tag_mmap) + i * esize, sizeof(e));
                if (i > 0 && (e.base_addr < prev.base_addr ||
                              (e.type == prev.type && prev.base_addr + prev.length == e.base_addr)))
                    abort();
                prev = e;
            }
        } else if (type == MB2_TAG_EFI_MMAP) {
            seen17 = 1;
            if (size != sizeof(struct mb2_tag_efi_mmap) + map->size ||
                rd32(buf + off + offsetof(struct mb2_tag_efi_mmap, descr_size)) != map->descr_size ||
                memcmp(buf + off + sizeof(struct mb2_tag_efi_mmap), map->buf, map->size) != 0)
                abort();
        } else if (type == MB2_TAG_END) {
            break;
        }
        off += MB2_ALIGN_UP(size);
    }
    if (!seen4 || !seen6 || !seen17)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_input in = { data, size };
    size_t stride = fuzz_strides[fi_u8(&in) % FUZZ_STRIDE_COUNT];
    uint8_t vflag = fi_u8(&in);
    uint32_t version = (vflag & VERSION_FLAG) ? vflag : EFI_MDESC_VERSION;
    uint8_t *mapbuf = malloc(in.left ? in.left : 1);
    if (mapbuf == NULL)
        return 0;
    memcpy(mapbuf, in.p, in.left);
    struct efi_mmap map = { mapbuf, in.left, stride, version };
    int well_formed = efi_mmap_check(&map) == NULL;
    if (well_formed)
        walk(&map);
    else if (efi_mmap_count(&map) != 0)
        abort();

    size_t cap = sizeof(struct mb2_info_header) + mb2b_memory_bytes(map.size, map.descr_size) +
                 sizeof(struct mb2_tag);
    uint64_t *info = malloc(cap); /* malloc'd: 8-byte aligned, and ASan sees its end */
    if (info == NULL) {
        free(mapbuf);
        return 0;
    }
    struct mb2_builder b;
    mb2b_init(&b, info, cap);
    int r = mb2b_add_memory(&b, &map);
    if (well_formed != (r == 0))
        abort(); /* the reserve must be enough for every well-formed map */
    if (r == 0) {
        size_t total = mb2b_finish(&b);
        if (total == 0 || total > cap || total % MB2_INFO_ALIGN != 0 || rd32((uint8_t *)info) != total)
            abort();
        check_tags((const uint8_t *)info, total, &map);
    }
    free(info);
    free(mapbuf);
    return 0;
}
