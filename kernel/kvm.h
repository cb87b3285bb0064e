/*
 * kvm.h: the kernel's address space (layout: mm/paging.h; design:
 * docs/paging.md).
 *
 * Two phases. From entry.asm until kvm_init, the boot page directory
 * (4 MiB pages: the first 16 MiB identity-mapped, the direct map at
 * KERNEL_VBASE, the temporary-slot table) is live, and kvm_early_window
 * adds 4 MiB windows to it (framebuffer, boot information). kvm_init then
 * builds the real directory with 4 KiB pages from PMM frames, from the
 * table of kernel mappings, switches CR3 (the identity map is gone), turns
 * on global pages where the CPU has them, and prints the `paging:` line.
 */
#ifndef KERNEL_KVM_H
#define KERNEL_KVM_H

#include <stddef.h>
#include <stdint.h>

#include "mb2_info.h"
#include "types.h"
#include "vm.h"

/* Which window kvm_early_window maps into. */
enum kvm_window {
    KVM_WIN_FB,       /* the framebuffer: writable, caching left to the MTRRs */
    KVM_WIN_BOOTINFO, /* the Multiboot2 information: read-only */
    KVM_WIN_COUNT
};

/*
 * kvm_early_window: map physical [pa, pa + size) into window `w` of the
 * boot page directory with 4 MiB pages and return the virtual address of
 * pa (window base + pa's offset in its 4 MiB page). kvm_init maps the same
 * virtual range with 4 KiB pages, so the pointer stays valid. Returns NULL
 * (with a message) when the range does not fit the window or lies above
 * 4 GiB. Once per window; before kvm_init only (panics otherwise).
 */
void *kvm_early_window(enum kvm_window w, uint64_t pa, uint64_t size);

/*
 * kvm_window_trim: after kvm_early_window, the real directory maps only
 * [pa, pa + size) of window w (e.g. the information structure's real
 * total_size instead of the most it could be).
 */
void kvm_window_trim(enum kvm_window w, uint64_t size);

/*
 * kvm_init: build the kernel's page directory (kernel mappings table, direct
 * map of the RAM in map below DIRECT_MAP_SIZE, the windows, the temporary
 * slots), load it, print `paging: enabled cr3=...` and the mappings table.
 * Needs the PMM (mm_boot_init). Panics when a frame or a mapping fails.
 */
void kvm_init(void);

/* kvm_space: the kernel's address space, NULL before kvm_init. */
struct vm_space *kvm_space(void);

/* kvm_is_live: 1 once kvm_init has loaded the real page directory. */
int kvm_is_live(void);

/*
 * kvm_mapping_name: the purpose of the kernel mapping holding va ("text",
 * "direct map", ...), or "unmapped".
 */
const char *kvm_mapping_name(uint32_t va);

/*
 * kvm_fault_report: for a page fault at cr2, the PDE and PTE the walk
 * finds, the mapping's name (or "unmapped") and the nearest kernel symbol.
 */
void kvm_fault_report(uint32_t cr2);

/* One row of the mappings table (for tests: virt_to_phys against each). */
struct kvm_mapping {
    const char *name;
    uint32_t va;     /* first byte (page aligned) */
    uint32_t size;   /* bytes (page multiple) */
    uint64_t pa;     /* physical address of va */
    uint32_t flags;  /* PTE flags */
};

/* kvm_mappings: the table kvm_init built, *n rows. */
const struct kvm_mapping *kvm_mappings(size_t *n);

/* kvm_build_cycles: rdtsc cycles kvm_init spent building the tables. */
uint64_t kvm_build_cycles(void);

#endif /* KERNEL_KVM_H */
