/*
 * fuzz_mb2_info.c: libFuzzer target for kernel/mb2_info.c.
 *
 * The input is the information structure itself. It is copied into a
 * malloc'd (so 8-byte aligned) buffer of exactly its length, so ASan
 * catches any read past it, and parsed with avail = that length. When the parse succeeds,
 * everything the kernel would then do without further checks is done too:
 * read the strings, walk the modules, the memory map and the EFI memory
 * map, and ask the coverage questions - none of it may read out of bounds.
 * The error message must always be a terminated string.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../kernel/boottimes.h"
#include "../../kernel/mb2_info.h"

#define ALIGN 8u
#define COVERS_MAX_ENTRIES 256u /* the coverage walk is quadratic: keep runs fast */

static volatile size_t sink; /* keeps the reads below from being optimised away */

static void use_view(const struct mb2_info_view *v)
{
    if (v->cmdline != NULL)
        sink += strlen(v->cmdline);
    if (v->loader_name != NULL)
        sink += strlen(v->loader_name);
    uint32_t modules = 0;
    for (const struct mb2_tag *t = (const struct mb2_tag *)v->first_module; t != NULL;
         t = mb2_info_next_tag(v, t, MB2_TAG_MODULE)) {
        const struct mb2_tag_module *m = (const struct mb2_tag_module *)t;
        sink += strlen(m->cmdline) + m->mod_end - m->mod_start;
        modules++;
    }
    if (modules != v->module_count)
        abort();
    for (uint32_t i = 0; i < v->mmap_count; i++) {
        struct mb2_mmap_entry e;
        if (mb2_info_mmap_entry(v, i, &e) != 0)
            abort();
        sink += e.type;
    }
    size_t n = efi_mmap_count(&v->efi_mmap);
    for (size_t i = 0; i < n; i++) {
        struct efi_mdesc d;
        if (efi_mmap_get(&v->efi_mmap, i, &d) != 0)
            abort();
        sink += efi_mdesc_end(&d) != 0;
    }
    if (v->framebuffer != NULL)
        sink += v->framebuffer->framebuffer_pitch;
    if (v->efi64 != NULL)
        sink += v->efi64->pointer;
    if (v->acpi_new != NULL)
        sink += v->acpi_new->rsdp[MB2_INFO_RSDP_V2_SIZE - 1];
    if (v->acpi_old != NULL)
        sink += v->acpi_old->rsdp[MB2_INFO_RSDP_V1_SIZE - 1];
    /* The boot-times line reads every stamp of a recorded tag. */
    static char line[BOOTTIMES_LINE_MAX];
    boottimes_format(line, sizeof(line), 1, 2, v->boot_times, v->boot_times_note, 1000, "fuzz");
    if (memchr(line, '\0', sizeof(line)) == NULL)
        abort();
    if (v->mmap_count <= COVERS_MAX_ENTRIES)
        sink += mb2_info_mmap_covers(v, 0x100000, 0x200000);
    if (n <= COVERS_MAX_ENTRIES)
        sink += mb2_info_efi_mmap_covers(v, 0x100000, 0x200000);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Exactly `size` bytes, so ASan flags a read one past the end; malloc
     * returns memory aligned for any type (16 bytes on x86_64). */
    uint8_t *buf = malloc(size == 0 ? 1 : size);
    if (buf == NULL || (uintptr_t)buf % ALIGN != 0)
        abort();
    if (size != 0)
        memcpy(buf, data, size);
    struct mb2_info_view v;
    char err[MB2_INFO_ERR_MAX];
    err[0] = 'x';
    int rc = mb2_info_parse(buf, size, &v, err, sizeof(err));
    if (rc == 0) {
        if (v.total_size > size || v.base != buf)
            abort();
        /* A set-aside EFI map tag lies in the structure and has its reason. */
        if (v.efi_mmap_set_aside != NULL &&
            ((const uint8_t *)v.efi_mmap_set_aside < buf ||
             (const uint8_t *)v.efi_mmap_set_aside >= buf + v.total_size || v.efi_mmap_why == NULL))
            abort();
        use_view(&v);
    } else if (rc != -1 || memchr(err, '\0', sizeof(err)) == NULL || err[0] == '\0') {
        abort(); /* a refusal always explains itself */
    } else if (v.cmdline != NULL) {
        /* The command line kept from a failed walk lies in the buffer, NUL-terminated. */
        const uint8_t *c = (const uint8_t *)v.cmdline;
        if (c < buf || c >= buf + size || memchr(c, '\0', (size_t)(buf + size - c)) == NULL)
            abort();
    }
    free(buf);
    return 0;
}
