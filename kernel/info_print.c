/*
 * info_print.c: see info_print.h.
 */
#include "info_print.h"

#include <stdint.h>

#include "console.h"
#include "mmrep_page.h"
#include "mmrep_raw.h"

#define KIB_SHIFT 10u

static void print_tags(const struct mb2_info_view *v)
{
    kprintf("info: %u tags in %u bytes at 0x%08x:", v->tag_count, v->total_size,
            (unsigned)(uintptr_t)v->base);
    for (uint32_t t = 0; t < MB2_TAG_TYPE_COUNT; t++) {
        if ((v->types_seen >> t) & 1u)
            kprintf(" %u", t);
    }
    if (v->boot_times != NULL)
        kprintf(" 0x%x (boot-times)", BOOT_TIMES_TAG_TYPE);
    if (v->unknown_count != 0)
        kprintf(" (and %u of unknown types)", v->unknown_count);
    kputs("\n");
}

/* print_string: a labelled string of any length (kputs does not cut). */
static void print_string(const char *label, const char *s)
{
    kprintf("info: %s: ", label);
    if (s == NULL) {
        kputs("(none)\n");
        return;
    }
    kputs("\"");
    kputs(s);
    kputs("\"\n");
}

static void print_modules(const struct mb2_info_view *v)
{
    kprintf("info: modules: %u\n", v->module_count);
    const struct mb2_tag *t = (const struct mb2_tag *)v->first_module;
    for (uint32_t i = 0; t != NULL; i++) {
        const struct mb2_tag_module *m = (const struct mb2_tag_module *)t;
        kprintf("info: module %u: 0x%08x-0x%08x (%u bytes) \"", i, m->mod_start, m->mod_end,
                m->mod_end - m->mod_start);
        kputs(m->cmdline);
        kputs("\"\n");
        t = mb2_info_next_tag(v, t, MB2_TAG_MODULE);
    }
}

static const char *fb_type_name(uint8_t type)
{
    switch (type) {
    case MB2_FRAMEBUFFER_TYPE_INDEXED:
        return "indexed";
    case MB2_FRAMEBUFFER_TYPE_RGB:
        return "RGB";
    case MB2_FRAMEBUFFER_TYPE_EGA_TEXT:
        return "EGA text";
    default:
        return "unknown";
    }
}

static void print_framebuffer(const struct mb2_info_view *v)
{
    const struct mb2_tag_framebuffer *fb = v->framebuffer;
    if (fb == NULL) {
        kputs("info: framebuffer: (none)\n");
        return;
    }
    kprintf("info: framebuffer: addr=0x%llx %ux%u pitch=%u bpp=%u type=%u (%s)",
            (unsigned long long)fb->framebuffer_addr, fb->framebuffer_width,
            fb->framebuffer_height, fb->framebuffer_pitch, fb->framebuffer_bpp,
            fb->framebuffer_type, fb_type_name(fb->framebuffer_type));
    if (fb->framebuffer_type == MB2_FRAMEBUFFER_TYPE_RGB)
        kprintf(" red=%u/%u green=%u/%u blue=%u/%u", fb->red_field_position, fb->red_mask_size,
                fb->green_field_position, fb->green_mask_size, fb->blue_field_position,
                fb->blue_mask_size);
    kputs("\n");
}

static void print_platform(const struct mb2_info_view *v)
{
    if (v->meminfo != NULL)
        kprintf("info: basic memory: lower=%u KiB upper=%u KiB\n", v->meminfo->mem_lower,
                v->meminfo->mem_upper);
    else
        kputs("info: basic memory: (none)\n");
    kprintf("info: ACPI RSDP: %s%s%s\n", v->acpi_old != NULL ? "1.0 copy (tag 14) " : "",
            v->acpi_new != NULL ? "2.0+ copy (tag 15)" : "",
            v->acpi_old == NULL && v->acpi_new == NULL ? "(none)" : "");
    if (v->efi64 != NULL)
        kprintf("info: EFI system table: 0x%llx (64-bit)\n", (unsigned long long)v->efi64->pointer);
    if (v->efi32 != NULL)
        kprintf("info: EFI system table: 0x%08x (32-bit)\n", v->efi32->pointer);
    if (v->efi32 == NULL && v->efi64 == NULL)
        kputs("info: EFI system table: (none)\n");
    if (v->load_base != NULL)
        kprintf("info: load base: 0x%08x\n", v->load_base->load_base_addr);
    else
        kputs("info: load base: (none)\n");
}

static void print_efi_mmap(const struct mb2_info_view *v)
{
    if (v->efi_mmap_tag == NULL) {
        kputs("efi-mmap: (none)\n");
        return;
    }
    static char line[MMREP_RAW_LINE_MAX];
    mmrep_page_start(v);
    mmrep_raw_header(line, sizeof(line), &v->efi_mmap);
    mmrep_page_line(line);
    size_t n = efi_mmap_count(&v->efi_mmap);
    for (size_t i = 0; i < n; i++) {
        mmrep_raw_line(line, sizeof(line), &v->efi_mmap, i);
        mmrep_page_line(line);
    }
}

static void print_mmap(const struct mb2_info_view *v)
{
    if (v->mmap == NULL) {
        kputs("mmap: (none)\n");
        return;
    }
    kprintf("mmap: entry_size=%u version=%u count=%u (ranges are [start, end))\n",
            v->mmap->entry_size, v->mmap->entry_version, v->mmap_count);
    uint64_t avail = 0;
    for (uint32_t i = 0; i < v->mmap_count; i++) {
        struct mb2_mmap_entry e;
        mb2_info_mmap_entry(v, i, &e);
        kprintf("mmap: %3u 0x%016llx-0x%016llx %s (%u)\n", i, (unsigned long long)e.base_addr,
                (unsigned long long)(e.base_addr + e.length), mb2_mmap_type_name(e.type),
                e.type);
        if (e.type == MB2_MEMORY_AVAILABLE)
            avail += e.length;
    }
    kprintf("mmap: available %llu KiB\n", (unsigned long long)(avail >> KIB_SHIFT));
}

void info_print(const struct mb2_info_view *v)
{
    print_tags(v);
    print_string("loader", v->loader_name);
    print_string("cmdline", v->cmdline);
    print_modules(v);
    print_platform(v);
    print_framebuffer(v);
    print_efi_mmap(v);
    print_mmap(v);
}
