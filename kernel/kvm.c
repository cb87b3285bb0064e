/*
 * kvm.c: the kernel's address space (see kvm.h, docs/paging.md).
 */
#include "kvm.h"

#include "console.h"
#include "gdt.h"
#include "ksyms.h"
#include "layout.h"
#include "mm_boot.h"
#include "panic.h"
#include "pmm.h"
#include "x86.h"

#define KMAP_MAX      96u  /* rows of the mappings table */
#define PAGE_OFF_MASK (PAGE_SIZE - 1u)
#define LARGE_OFF_MASK (LARGE_PAGE_SIZE - 1u)
#define FLAG_STR_MAX  8u

extern uint32_t boot_pd[PT_ENTRIES]; /* entry.asm: the boot page directory */
extern uint32_t temp_pt[PT_ENTRIES]; /* entry.asm: the temporary-slot page table */

/* The image's sections: the static part of the kernel mappings table. */
struct ksection {
    const char *name;
    const char *start, *end;
    uint32_t flags;
};

static const struct ksection ksections[] = {
    { "text",       _kernel_start,                 _rodata_start, 0 },
    { "rodata",     _rodata_start,                 _data_start,   0 },
    { "data+bss",   _data_start,                   _stack_guard,  PTE_W },
    { "boot stack", _stack_guard + PAGE_SIZE,      _kernel_end,   PTE_W },
};

/* The windows: where they live, how they are mapped, what they hold. */
struct kwindow_spec {
    const char *name;
    uint32_t vbase, vend;
    uint32_t flags;
};

static const struct kwindow_spec window_spec[KVM_WIN_COUNT] = {
    [KVM_WIN_FB] = { "framebuffer", FB_VBASE, FB_VEND, PTE_W },
    [KVM_WIN_BOOTINFO] = { "boot info", BOOTINFO_VBASE, BOOTINFO_VEND, 0 },
};

struct kwindow {
    uint64_t pa;   /* 0 size: unused */
    uint64_t size;
};

static struct kwindow windows[KVM_WIN_COUNT];
static struct kvm_mapping kmap[KMAP_MAX];
static size_t kmap_n;
static struct vm_space kspace;
static int live;
static uint32_t global_flag; /* PTE_G when the CPU has PGE, else 0 */
static int pse;              /* the CPU has 4 MiB pages (CPUID PSE; entry.asm relies on it too) */
static uint64_t build_cycles;

void *kvm_early_window(enum kvm_window w, uint64_t pa, uint64_t size)
{
    if (live)
        panic("kvm_early_window(%s) after the real page directory is live",
              window_spec[w].name);
    if (windows[w].size != 0)
        panic("kvm_early_window(%s) called twice", window_spec[w].name);
    const struct kwindow_spec *ws = &window_spec[w];
    uint64_t first = pa & ~(uint64_t)LARGE_OFF_MASK;
    uint64_t span = page_up(pa + size) - first;
    if (size == 0 || pa + size > ADDR_4G || span > ws->vend - ws->vbase) {
        kprintf("kvm: %s at 0x%llx (%llu bytes) does not fit its %u MiB window, or is not "
                "below 4 GiB\n", ws->name, (unsigned long long)pa, (unsigned long long)size,
                (ws->vend - ws->vbase) >> 20);
        return NULL;
    }
    for (uint64_t off = 0; off < span; off += LARGE_PAGE_SIZE) {
        uint32_t va = ws->vbase + (uint32_t)off;
        boot_pd[PDX(va)] = (uint32_t)(first + off) | PTE_P | PTE_PS | ws->flags;
        invlpg(va);
    }
    windows[w] = (struct kwindow){ pa, size };
    return (void *)(uintptr_t)(ws->vbase + (uint32_t)(pa - first));
}

void kvm_window_trim(enum kvm_window w, uint64_t size)
{
    if (size < windows[w].size)
        windows[w].size = size;
}

/*
 * Page-table frames come from the PMM, lowest first (a first-fit run of
 * one frame), so they sit in the direct map while low memory lasts and
 * walking them needs no temporary slot (pmm_alloc's list would hand out
 * the highest frames first).
 */
static paddr_t frame_alloc(void *ctx)
{
    return pmm_alloc_run(ctx, 1, 1);
}

static void frame_free(void *ctx, paddr_t pa)
{
    pmm_free(ctx, pa);
}

/* kmap_record: one row of the table; merges with the previous row when contiguous and alike. */
static void kmap_record(const char *name, uint32_t va, uint64_t pa, uint64_t size, uint32_t flags)
{
    struct kvm_mapping *prev = kmap_n != 0 ? &kmap[kmap_n - 1] : NULL;
    if (prev != NULL && prev->name == name && prev->flags == (flags | PTE_P) &&
        prev->va + prev->size == va && prev->pa + prev->size == pa) {
        prev->size += (uint32_t)size;
        return;
    }
    if (kmap_n == KMAP_MAX)
        panic("paging: more than %u kernel mappings", KMAP_MAX);
    kmap[kmap_n++] = (struct kvm_mapping){ name, va, (uint32_t)size, pa, flags | PTE_P };
}

/* kmap_add: map [va, va + size) -> pa with 4 KiB pages (global where supported) and record it. */
static void kmap_add(const char *name, uint32_t va, uint64_t pa, uint64_t size, uint32_t flags)
{
    if (size == 0)
        return;
    flags |= global_flag;
    int r = map_range(&kspace, vaddr_of((void *)(uintptr_t)va), paddr(pa), (size_t)size, flags, 0);
    if (r != VM_OK)
        panic("paging: mapping %s 0x%08x-0x%08llx -> 0x%08llx failed (%d)", name, va,
              (unsigned long long)(va + size), (unsigned long long)pa, r);
    kmap_record(name, va, pa, size, flags);
}

/* kmap_add_large: the same with 4 MiB pages; va, pa and size 4 MiB aligned. */
static void kmap_add_large(const char *name, uint32_t va, uint64_t pa, uint64_t size,
                           uint32_t flags)
{
    flags |= global_flag | PTE_PS;
    for (uint64_t off = 0; off < size; off += LARGE_PAGE_SIZE) {
        int r = vm_set_pde(&kspace, vaddr_of((void *)(uintptr_t)(va + (uint32_t)off)),
                           (uint32_t)(pa + off) | flags | PTE_P);
        if (r != VM_OK)
            panic("paging: 4 MiB page %s 0x%08x -> 0x%08llx failed (%d)", name,
                  va + (uint32_t)off, (unsigned long long)(pa + off), r);
    }
    kmap_record(name, va, pa, size, flags);
}

/* direct_kind: is memory of this kind RAM the direct map covers? */
static int direct_kind(uint32_t kind)
{
    return mm_kind_allocatable(kind) || kind == MM_EARLY || kind == MM_BOOT_INFO ||
           kind == MM_MODULE || kind == MM_ACPI_RECLAIM;
}

/*
 * direct_run: physical [lo, hi) of RAM: 4 MiB pages (PSE) for the aligned
 * middle when the CPU has them, 4 KiB pages for the ends.
 */
static void direct_run(uint64_t lo, uint64_t hi)
{
    uint64_t mid_lo = ROUND_UP_4M(lo), mid_hi = ROUND_DOWN_4M(hi);
    if (!pse || mid_lo >= mid_hi || mid_lo < lo) {
        kmap_add("direct map", KERNEL_VBASE + (uint32_t)lo, lo, hi - lo, PTE_W);
        return;
    }
    kmap_add("direct map", KERNEL_VBASE + (uint32_t)lo, lo, mid_lo - lo, PTE_W);
    kmap_add_large("direct map", KERNEL_VBASE + (uint32_t)mid_lo, mid_lo, mid_hi - mid_lo, PTE_W);
    kmap_add("direct map", KERNEL_VBASE + (uint32_t)mid_hi, mid_hi, hi - mid_hi, PTE_W);
}

/* map_direct: the RAM below DIRECT_MAP_SIZE, adjacent regions merged into runs. */
static void map_direct(const struct memmap *m)
{
    uint64_t run_lo = 0, run_hi = 0;
    for (size_t i = 0; i < m->count; i++) {
        const struct mm_region *r = &m->regions[i];
        if (!direct_kind(r->kind))
            continue;
        uint64_t lo = r->base < PAGE_SIZE ? PAGE_SIZE : r->base; /* page 0: never */
        uint64_t hi = r->end < DIRECT_MAP_SIZE ? r->end : DIRECT_MAP_SIZE;
        if (lo >= hi)
            continue;
        if (run_hi != 0 && lo == run_hi) {
            run_hi = hi;
            continue;
        }
        if (run_hi != 0)
            direct_run(run_lo, run_hi);
        run_lo = lo, run_hi = hi;
    }
    if (run_hi != 0)
        direct_run(run_lo, run_hi);
}

static void map_windows(void)
{
    for (uint32_t w = 0; w < KVM_WIN_COUNT; w++) {
        if (windows[w].size == 0)
            continue;
        uint64_t first = page_down(windows[w].pa);
        uint64_t end = page_up(windows[w].pa + windows[w].size);
        uint32_t va = window_spec[w].vbase + (uint32_t)(first & LARGE_OFF_MASK);
        kmap_add(window_spec[w].name, va, first, end - first, window_spec[w].flags);
    }
}

static void flag_str(uint32_t f, char *s)
{
    s[0] = (f & PTE_W) ? 'W' : 'R';
    s[1] = (f & PTE_U) ? 'U' : 'K';
    s[2] = (f & PTE_G) ? 'G' : '-';
    s[3] = (f & PTE_PCD) ? 'C' : '-';
    s[4] = (f & PTE_PS) ? 'L' : '-';
    s[5] = '\0';
}

static void print_table(void)
{
    kputs("paging:   virtual               physical              flags   purpose\n");
    for (size_t i = 0; i < kmap_n; i++) {
        const struct kvm_mapping *k = &kmap[i];
        char f[FLAG_STR_MAX];
        flag_str(k->flags, f);
        kprintf("paging:   %08x-%08x     %08llx-%08llx     %s   %s\n", k->va,
                k->va + k->size - 1u, (unsigned long long)k->pa,
                (unsigned long long)(k->pa + k->size - 1u), f, k->name);
    }
    kprintf("paging:   %08x-%08x     (%u slots)             WK---   temporary slots\n",
            TEMP_VBASE, TEMP_VBASE + TEMP_SLOTS * PAGE_SIZE - 1u, TEMP_SLOTS);
}

void kvm_init(void)
{
    struct pmm *pmm = mm_boot_pmm();
    const struct memmap *m = mm_boot_map();
    if (pmm == NULL || m == NULL)
        panic("paging: kvm_init before the page-frame allocator");
    struct cpuid_regs id = cpuid(CPUID_FEATURES, 0);
    global_flag = (id.edx & CPUID_EDX_PGE) ? PTE_G : 0;
    pse = (id.edx & CPUID_EDX_PSE) != 0;

    uint64_t t0 = rdtsc();
    struct vm_frames fr = { frame_alloc, frame_free, pmm };
    if (vm_space_init(&kspace, &fr) != VM_OK)
        panic("paging: no frame for the page directory");
    for (size_t i = 0; i < sizeof(ksections) / sizeof(ksections[0]); i++) {
        const struct ksection *s = &ksections[i];
        kmap_add(s->name, (uint32_t)(uintptr_t)s->start, paddr_val(kernel_pa(s->start)),
                 (uint64_t)(s->end - s->start), s->flags);
    }
    map_direct(m);
    map_windows();
    int r = vm_set_pde(&kspace, vaddr_of((void *)(uintptr_t)TEMP_VBASE),
                       (uint32_t)paddr_val(kernel_pa(temp_pt)) | PTE_P | PTE_W | PTE_AVAIL_STATIC);
    if (r != VM_OK)
        panic("paging: the temporary-slot directory entry is taken (%d)", r);
    build_cycles = rdtsc() - t0;

    uint32_t cr3 = (uint32_t)paddr_val(kspace.pd);
    gdt_set_cr3(cr3); /* a task switch (#DF) loads CR3 from the TSS */
    write_cr3(cr3);   /* the identity map is gone from here on */
    if (global_flag != 0)
        write_cr4(read_cr4() | CR4_PGE);
    live = 1;

    /* The shape of this line is fixed (DESIGN.md "Console lines"). */
    kprintf("paging: enabled cr3=%08x\n", cr3);
    print_table();
    kprintf("paging: %u page-table frames (%u KiB) + the directory, built in %llu cycles; "
            "global pages %s; 4 MiB pages %s; CR0.WP on; guard page 0x%08x\n",
            kspace.tables, kspace.tables * (PAGE_SIZE >> 10), (unsigned long long)build_cycles,
            global_flag ? "on" : "not supported", pse ? "in the direct map" : "not supported",
            (unsigned)(uintptr_t)_stack_guard);
}

struct vm_space *kvm_space(void)
{
    return live ? &kspace : NULL;
}

int kvm_is_live(void)
{
    return live;
}

const char *kvm_mapping_name(uint32_t va)
{
    if (va >= TEMP_VBASE && va < TEMP_VBASE + TEMP_SLOTS * PAGE_SIZE)
        return "temporary slots";
    if (va >= HEAP_VBASE && va < HEAP_VEND)
        return "kernel heap";
    for (size_t i = 0; i < kmap_n; i++)
        if (va >= kmap[i].va && va - kmap[i].va < kmap[i].size)
            return kmap[i].name;
    if (va >= (uint32_t)(uintptr_t)_stack_guard &&
        va < (uint32_t)(uintptr_t)_stack_guard + PAGE_SIZE)
        return "unmapped (boot stack guard page)";
    return "unmapped";
}

void kvm_fault_report(uint32_t cr2)
{
    uint32_t pde = 0, pte = 0;
    if (live)
        vm_entries(&kspace, vaddr_of((void *)(uintptr_t)cr2), &pde, &pte);
    else
        pde = boot_pd[PDX(cr2)];
    uint32_t off = 0;
    const char *sym = ksym_lookup(cr2, &off);
    kprintf("  page walk for cr2=%08x (%s directory): pde[%u]=%08x pte[%u]=%08x\n", cr2,
            live ? "kernel" : "boot", PDX(cr2), pde, PTX(cr2), pte);
    kprintf("  cr2 lies in: %s; nearest symbol %s+0x%x\n", kvm_mapping_name(cr2),
            sym != NULL ? sym : "?", off);
}

const struct kvm_mapping *kvm_mappings(size_t *n)
{
    *n = kmap_n;
    return kmap;
}

uint64_t kvm_build_cycles(void)
{
    return build_cycles;
}
