/*
 * uprog.h: the user programs the kernel can start: the Multiboot2
 * modules that are ELF executables, checked once at boot by uelf_parse
 * (on a copy in the kernel heap, freed afterwards) and named after their
 * file ("/user/hello.elf" -> "hello"). The module's memory stays the
 * kernel's (the PMM never hands it out); processes are loaded from it.
 */
#ifndef KERNEL_UPROG_H
#define KERNEL_UPROG_H

#include <stddef.h>
#include <stdint.h>

#include "mb2_info.h"
#include "uelf.h"

#define UPROG_MAX        16u          /* programs kept */
#define UPROG_NAME_MAX   16u          /* bytes of a name, NUL included */
#define UPROG_FILE_MAX   (1u << 20)   /* a larger module is not taken for a program */

struct uprog {
    char name[UPROG_NAME_MAX];
    uint64_t pa;               /* the module's physical address */
    uint32_t size;
    struct uelf_image image;   /* what uelf_parse found */
};

/*
 * uprog_init: look at every module of info; keep the ELF programs,
 * say on the console which were kept ("user: N programs: ...") and why
 * any other module was not. After kheap_init.
 */
void uprog_init(const struct mb2_info_view *info);

/* uprog_find: the program called name, or NULL. */
const struct uprog *uprog_find(const char *name);

/* uprog_read: n bytes of prog's file from offset off (within size) into dst. */
void uprog_read(const struct uprog *prog, uint32_t off, void *dst, uint32_t n);

/* uprog_count: how many programs were kept. */
uint32_t uprog_count(void);

#endif /* KERNEL_UPROG_H */
