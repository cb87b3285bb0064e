/*
 * uprog.c: see uprog.h.
 */
#include "uprog.h"

#include "console.h"
#include "kheap.h"
#include "kstring.h"
#include "mm_hooks.h"
#include "types.h"

#define PAGE_OFF_MASK (PAGE_SIZE - 1u)
#define ELF_SUFFIX    ".elf"
#define ELF_MAGIC     "\177ELF"
#define ELF_MAGIC_BYTES 4u

static struct uprog progs[UPROG_MAX];
static uint32_t nprogs;

/* copy_phys: n bytes of physical memory from pa to dst, a page at a time (temporary slots above the direct map). */
static void copy_phys(uint8_t *dst, uint64_t pa, uint32_t n)
{
    while (n > 0) {
        uint32_t off = (uint32_t)(pa & PAGE_OFF_MASK);
        uint32_t chunk = PAGE_SIZE - off;
        if (chunk > n)
            chunk = n;
        const uint8_t *src = (const uint8_t *)phys_to_ptr(paddr(pa - off)) + off;
        memcpy(dst, src, chunk);
        dst += chunk;
        pa += chunk;
        n -= chunk;
    }
}

/* name_of: the file name of the module string s, without directories and ".elf", into out. */
static void name_of(const char *s, char *out)
{
    const char *start = s, *end;
    for (const char *c = s; *c != '\0' && *c != ' '; c++)
        if (*c == '/')
            start = c + 1;
    end = start;
    while (*end != '\0' && *end != ' ')
        end++;
    size_t n = (size_t)(end - start);
    size_t sfx = sizeof(ELF_SUFFIX) - 1u;
    if (n > sfx && memcmp(end - sfx, ELF_SUFFIX, sfx) == 0)
        n -= sfx;
    if (n >= UPROG_NAME_MAX)
        n = UPROG_NAME_MAX - 1u;
    memcpy(out, start, n);
    out[n] = '\0';
}

/* take: consider module m; keep it when it is a program. */
static void take(const struct mb2_tag_module *m)
{
    uint32_t size = m->mod_end - m->mod_start;
    char magic[ELF_MAGIC_BYTES];
    if (size < ELF_MAGIC_BYTES) {
        kprintf("user: module %s: %u bytes, not a program\n", m->cmdline, size);
        return;
    }
    copy_phys((uint8_t *)magic, m->mod_start, ELF_MAGIC_BYTES);
    if (memcmp(magic, ELF_MAGIC, ELF_MAGIC_BYTES) != 0) {
        kprintf("user: module %s: not an ELF file, not a program\n", m->cmdline);
        return;
    }
    if (size > UPROG_FILE_MAX) {
        kprintf("user: module %s: %u bytes, more than the %u a program may have; skipped\n",
                m->cmdline, size, UPROG_FILE_MAX);
        return;
    }
    if (nprogs == UPROG_MAX) {
        kprintf("user: module %s: more than %u programs; skipped\n", m->cmdline, UPROG_MAX);
        return;
    }
    struct uprog *p = &progs[nprogs];
    uint8_t *copy = kmalloc(size);
    if (copy == NULL) {
        kprintf("user: module %s: no heap for its %u bytes; skipped\n", m->cmdline, size);
        return;
    }
    copy_phys(copy, m->mod_start, size);
    char err[UELF_ERR_MAX];
    if (uelf_parse(copy, size, &p->image, err, sizeof(err)) != 0) {
        kprintf("user: module %s: not a user program: %s\n", m->cmdline, err);
        kfree(copy);
        return;
    }
    kfree(copy);
    name_of(m->cmdline, p->name);
    p->pa = m->mod_start;
    p->size = size;
    nprogs++;
}

void uprog_init(const struct mb2_info_view *info)
{
    const struct mb2_tag *t = NULL;
    while ((t = mb2_info_next_tag(info, t, MB2_TAG_MODULE)) != NULL)
        take((const struct mb2_tag_module *)t);
    kprintf("user: %u program%s from modules", nprogs, nprogs == 1 ? "" : "s");
    for (uint32_t i = 0; i < nprogs; i++)
        kprintf("%s %s (%u bytes)", i == 0 ? ":" : ",", progs[i].name, progs[i].size);
    kputs("\n");
}

/* name_eq: are the NUL-terminated strings a and b equal? */
static int name_eq(const char *a, const char *b)
{
    while (*a != '\0' && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

const struct uprog *uprog_find(const char *name)
{
    for (uint32_t i = 0; i < nprogs; i++)
        if (name_eq(progs[i].name, name))
            return &progs[i];
    return NULL;
}

void uprog_read(const struct uprog *prog, uint32_t off, void *dst, uint32_t n)
{
    copy_phys(dst, prog->pa + off, n);
}

uint32_t uprog_count(void)
{
    return nprogs;
}
