/*
 * ktests_info.c: in-kernel tests of the Multiboot2 information our loader
 * hands over (DESIGN.md: the tags it provides) and of where the kernel sits.
 */
#include <stdint.h>

#include "ktest.h"
#include "layout.h"

#define BITS_PER_BYTE 8u

/* Tags DESIGN.md says our loader always provides (modules only when configured). */
static const uint32_t required_tags[] = {
    MB2_TAG_CMDLINE, MB2_TAG_LOADER_NAME, MB2_TAG_BASIC_MEMINFO, MB2_TAG_MMAP,
    MB2_TAG_FRAMEBUFFER, MB2_TAG_EFI_MMAP, MB2_TAG_LOAD_BASE_ADDR,
};

static int seen(const struct mb2_info_view *v, uint32_t type)
{
    return (v->types_seen >> type) & 1u;
}

/* no_info: the common failure when the parse did not succeed. */
static int no_info(const struct ktest_env *env, char *why, size_t whycap)
{
    return ktest_failf(why, whycap, "no parsed information structure: %s",
                       env->info_err != NULL ? env->info_err : "(not parsed)");
}

KTEST(info_parsed)
{
    if (env->info == NULL)
        return no_info(env, why, whycap);
    return KTEST_PASS;
}

KTEST(info_tags_present)
{
    const struct mb2_info_view *v = env->info;
    if (v == NULL)
        return no_info(env, why, whycap);
    for (unsigned i = 0; i < sizeof(required_tags) / sizeof(required_tags[0]); i++) {
        if (!seen(v, required_tags[i]))
            return ktest_failf(why, whycap, "tag %u (%s) missing; tags present: mask 0x%08x",
                               required_tags[i], mb2_info_tag_name(required_tags[i]),
                               v->types_seen);
    }
    if (!seen(v, MB2_TAG_EFI32) && !seen(v, MB2_TAG_EFI64))
        return ktest_failf(why, whycap, "neither tag 11 nor 12 (EFI system table); mask 0x%08x",
                           v->types_seen);
    if (!seen(v, MB2_TAG_ACPI_OLD) && !seen(v, MB2_TAG_ACPI_NEW))
        return ktest_failf(why, whycap, "neither tag 14 nor 15 (ACPI RSDP); mask 0x%08x",
                           v->types_seen);
    if (v->loader_name[0] == '\0')
        return ktest_failf(why, whycap, "boot loader name is empty");
    return KTEST_PASS;
}

KTEST(info_efi_mmap)
{
    const struct mb2_info_view *v = env->info;
    if (v == NULL)
        return no_info(env, why, whycap);
    if (v->efi_mmap_tag == NULL)
        return ktest_failf(why, whycap, "no EFI memory map tag (17)");
    const char *bad = efi_mmap_check(&v->efi_mmap);
    if (bad != NULL)
        return ktest_failf(why, whycap, "EFI memory map: %s", bad);
    size_t n = efi_mmap_count(&v->efi_mmap);
    if (n == 0)
        return ktest_failf(why, whycap, "EFI memory map has no descriptors (descr_size %u)",
                           (unsigned)v->efi_mmap.descr_size);
    for (size_t i = 0; i < n; i++) {
        struct efi_mdesc d;
        efi_mmap_get(&v->efi_mmap, i, &d);
        if (d.phys_start % EFI_MAP_PAGE_SIZE != 0)
            return ktest_failf(why, whycap, "descriptor %u starts at 0x%llx, not 4 KiB aligned",
                               (unsigned)i, (unsigned long long)d.phys_start);
        if (efi_mdesc_end(&d) == 0)
            return ktest_failf(why, whycap, "descriptor %u: 0x%llx + %llu pages overflows 64 bits",
                               (unsigned)i, (unsigned long long)d.phys_start,
                               (unsigned long long)d.num_pages);
    }
    return KTEST_PASS;
}

KTEST(info_mmap_available)
{
    const struct mb2_info_view *v = env->info;
    if (v == NULL)
        return no_info(env, why, whycap);
    if (v->mmap == NULL)
        return ktest_failf(why, whycap, "no memory map tag (6)");
    uint64_t avail = 0;
    for (uint32_t i = 0; i < v->mmap_count; i++) {
        struct mb2_mmap_entry e;
        mb2_info_mmap_entry(v, i, &e);
        if (e.type == MB2_MEMORY_AVAILABLE)
            avail += e.length;
    }
    if (avail == 0)
        return ktest_failf(why, whycap, "memory map has %u entries, none available",
                           v->mmap_count);
    return KTEST_PASS;
}

KTEST(info_load_base)
{
    const struct mb2_info_view *v = env->info;
    if (v == NULL)
        return no_info(env, why, whycap);
    if (v->load_base == NULL)
        return ktest_failf(why, whycap, "no load base tag (21)");
    if (v->load_base->load_base_addr != kernel_phys_start())
        return ktest_failf(why, whycap, "load base 0x%08x, expected the kernel's start 0x%08x",
                           v->load_base->load_base_addr, kernel_phys_start());
    return KTEST_PASS;
}

KTEST(info_framebuffer)
{
    const struct mb2_info_view *v = env->info;
    if (v == NULL)
        return no_info(env, why, whycap);
    const struct mb2_tag_framebuffer *fb = v->framebuffer;
    if (fb == NULL)
        return ktest_failf(why, whycap, "no framebuffer tag (8)");
    unsigned bpp = fb->framebuffer_bpp;
    if (bpp != 16 && bpp != 24 && bpp != 32)
        return ktest_failf(why, whycap, "bpp %u, expected 16, 24 or 32", bpp);
    if (fb->framebuffer_type != MB2_FRAMEBUFFER_TYPE_RGB)
        return ktest_failf(why, whycap, "type %u, expected %u (RGB)", fb->framebuffer_type,
                           MB2_FRAMEBUFFER_TYPE_RGB);
    if (fb->framebuffer_width == 0 || fb->framebuffer_height == 0 || fb->framebuffer_addr == 0)
        return ktest_failf(why, whycap, "%ux%u at 0x%llx: expected a nonzero size and address",
                           fb->framebuffer_width, fb->framebuffer_height,
                           (unsigned long long)fb->framebuffer_addr);
    uint64_t row = (uint64_t)fb->framebuffer_width * bpp / BITS_PER_BYTE;
    if (fb->framebuffer_pitch < row)
        return ktest_failf(why, whycap, "pitch %u is below width %u * %u bpp / 8 = %llu",
                           fb->framebuffer_pitch, fb->framebuffer_width, bpp,
                           (unsigned long long)row);
    return KTEST_PASS;
}

KTEST(kernel_in_usable_memory)
{
    const struct mb2_info_view *v = env->info;
    if (v == NULL)
        return no_info(env, why, whycap);
    uint32_t start = kernel_phys_start(), end = kernel_phys_end();
    if (!mb2_info_mmap_covers(v, start, end))
        return ktest_failf(why, whycap, "kernel 0x%08x-0x%08x is not inside available entries "
                           "of the memory map (tag 6)", start, end);
    if (v->efi_mmap_tag != NULL && !mb2_info_efi_mmap_covers(v, start, end))
        return ktest_failf(why, whycap, "kernel 0x%08x-0x%08x is not inside usable descriptors "
                           "of the EFI memory map (tag 17)", start, end);
    return KTEST_PASS;
}
