/*
 * mm_boot.c: physical memory management at boot (see mm_boot.h).
 */
#include "mm_boot.h"

#include <stdint.h>

#include "console.h"
#include "layout.h"
#include "mm_glue.h"
#include "panic.h"

#define KIB_SHIFT        10u
#define PERCENT_SCALE    10000u /* hundredths of a percent */
#define PERCENT_DIGITS   100u
/* Fixed carve-outs: the kernel image and the information structure. */
#define FIXED_CARVEOUTS  2u
#define CARVE_MAX        (FIXED_CARVEOUTS + MM_BOOT_MAX_MODULES + 1u) /* + the early allocation */

static struct mm_region carve[CARVE_MAX];
static struct memmap map;
static struct pmm pmm;
static int ready;

/* pick_source: tag 17 when it has descriptors, else tag 6; panics when neither exists. */
static struct memmap_src pick_source(const struct mb2_info_view *info, const char **what)
{
    struct memmap_src src = { 0 };
    if (info->efi_mmap_tag != NULL && info->efi_mmap.size != 0) {
        src.type = MEMMAP_SRC_EFI;
        src.efi = info->efi_mmap;
        *what = "EFI memory map (tag 17)";
    } else if (info->mmap != NULL) {
        src.type = MEMMAP_SRC_MB2;
        src.mb2_entries = (const uint8_t *)info->mmap + sizeof(struct mb2_tag_mmap);
        src.mb2_entry_size = info->mmap->entry_size;
        src.mb2_count = info->mmap_count;
        *what = "Multiboot2 memory map (tag 6)";
    } else {
        panic("pmm: the loader passed neither an EFI memory map (tag 17) nor a memory map (tag 6)");
    }
    return src;
}

/* collect_carveouts: the kernel image, the information structure, the modules. */
static size_t collect_carveouts(const struct mb2_info_view *info, paddr_t info_pa)
{
    if (info->module_count > MM_BOOT_MAX_MODULES)
        panic("pmm: %u boot modules, but the carve-out list holds at most %u",
              info->module_count, MM_BOOT_MAX_MODULES);
    size_t n = 0;
    carve[n++] = (struct mm_region){ kernel_phys_start(), kernel_phys_end(), MM_KERNEL, 0 };
    uint64_t ib = paddr_val(info_pa); /* info->base is its virtual window */
    carve[n++] = (struct mm_region){ ib, ib + info->total_size, MM_BOOT_INFO, 0 };
    const struct mb2_tag *t = NULL;
    while ((t = mb2_info_next_tag(info, t, MB2_TAG_MODULE)) != NULL) {
        const struct mb2_tag_module *m = (const struct mb2_tag_module *)t;
        carve[n++] = (struct mm_region){ m->mod_start, m->mod_end, MM_MODULE, 0 };
    }
    return n;
}

static uint64_t kib(uint64_t bytes)
{
    return bytes >> KIB_SHIFT;
}

static void print_table(const struct memmap_stats *st)
{
    kputs("pmm:   firmware KiB     kept KiB  above 4G KiB  kind\n");
    for (uint32_t k = 0; k < MM_KIND_COUNT; k++) {
        if (st->reported[k] == 0 && st->kept[k] == 0 && st->above_4g[k] == 0)
            continue;
        kprintf("pmm:   %12llu %12llu  %12llu  %s\n", (unsigned long long)kib(st->reported[k]),
                (unsigned long long)kib(st->kept[k]), (unsigned long long)kib(st->above_4g[k]),
                mm_kind_name(k));
    }
    uint64_t kept = st->kept[MM_USABLE] + st->kept[MM_BOOT_RECLAIM];
    uint64_t net = st->fw_usable_net;
    uint64_t hundredths = net != 0 ? kept * PERCENT_SCALE / net : 0;
    kprintf("pmm: recovered %llu KiB of the firmware's %llu KiB usable below 4 GiB net of "
            "carve-outs (%llu.%02llu%%)\n",
            (unsigned long long)kib(kept), (unsigned long long)kib(net),
            (unsigned long long)(hundredths / PERCENT_DIGITS),
            (unsigned long long)(hundredths % PERCENT_DIGITS));
}

void mm_boot_init(const struct mb2_info_view *info, paddr_t info_pa)
{
    const char *what = "";
    struct memmap_src src = pick_source(info, &what);
    const char *bad = memmap_src_check(&src);
    if (bad != NULL)
        panic("pmm: %s is malformed: %s", what, bad);
    size_t n_entries = memmap_src_count(&src);
    size_t nc = collect_carveouts(info, info_pa);

    /* One early allocation holds the sanitiser's scratch and the PMM metadata. */
    uint64_t lo, hi;
    if (memmap_usable_span(&src, &lo, &hi) != 0)
        panic("pmm: the %s has no usable memory below 4 GiB", what);
    size_t scratch_bytes = memmap_scratch_bytes(n_entries, nc + 1);
    size_t meta_bytes = pmm_meta_bytes(lo, hi, memmap_max_regions(n_entries, nc + 1));
    uint64_t early;
    if (scratch_bytes == 0 ||
        memmap_find_free(&src, carve, nc, (uint64_t)scratch_bytes + meta_bytes,
                         MEMMAP_LEGACY_HOLE_END, &early) != 0)
        panic("pmm: no room in usable memory for %lu bytes of map scratch and PMM metadata",
              (unsigned long)(scratch_bytes + meta_bytes));
    uint64_t early_end = page_up(early + scratch_bytes + meta_bytes);
    carve[nc++] = (struct mm_region){ early, early_end, MM_EARLY, 0 };
    uint8_t *arena = kphys_window(paddr(early), (size_t)(early_end - early));

    char err[MEMMAP_ERR_MAX];
    if (memmap_build(&src, carve, nc, arena, scratch_bytes, &map, err, sizeof(err)) != 0)
        panic("pmm: %s", err);
    if (pmm_init(&pmm, &map, arena + scratch_bytes, meta_bytes, err, sizeof(err)) != 0)
        panic("%s", err);
    ready = 1;

    const struct memmap_stats *st = &map.stats;
    kprintf("pmm: %s: %lu entries (%lu zero-length, %lu overflowing dropped) -> %lu regions\n",
            what, (unsigned long)st->entries, (unsigned long)st->dropped_zero,
            (unsigned long)st->dropped_overflow, (unsigned long)map.count);
    kprintf("pmm: early allocation 0x%08llx-0x%08llx: map scratch %lu bytes, metadata %lu bytes "
            "(bitmap + %lu regions)\n",
            (unsigned long long)early, (unsigned long long)early_end,
            (unsigned long)scratch_bytes, (unsigned long)pmm.meta_bytes,
            (unsigned long)pmm.nregions);
    print_table(st);
    /* The shape of this line is fixed (DESIGN.md "Console lines"). */
    kprintf("pmm: free=%llu frames (%llu KiB) usable=%llu frames\n",
            (unsigned long long)pmm_free_count(&pmm),
            (unsigned long long)(pmm_free_count(&pmm) << (PAGE_SHIFT - KIB_SHIFT)),
            (unsigned long long)pmm_total_count(&pmm));
}

const struct memmap *mm_boot_map(void)
{
    return ready ? &map : NULL;
}

struct pmm *mm_boot_pmm(void)
{
    return ready ? &pmm : NULL;
}
