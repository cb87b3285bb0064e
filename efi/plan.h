/*
 * plan.h: deciding the final copies of a kernel's segments (pure code).
 *
 * The loader stages the kernel file in pages below 4 GiB; the trampoline
 * later copies each segment to its physical address with boot services
 * gone. plan_copies checks, against the memory map taken just before
 * ExitBootServices, that every destination can really be written then.
 */
#ifndef EFI_PLAN_H
#define EFI_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "../mm/efi_mmap.h"
#include "../trampoline/handoff.h"
#include "kimage.h"

/* Loader buffers that must survive the copies: one per module (64, CFG_MODULES_MAX)
 * plus the staging buffer, the boot information, the map buffer, the trampoline. */
#define PLAN_MAX_BUSY 80u

/* A range the loader still needs when the copies run: [base, end). */
struct busy_range {
    uint64_t base;
    uint64_t end;
    const char *what; /* "trampoline page", "kernel staging buffer", ... */
};

/*
 * plan_copies: build the copy list for img, whose file is staged at
 * physical address `staging` (the file's first byte).
 * Each destination [paddr, paddr + memsz) must lie wholly in descriptors of
 * the map whose type is usable after ExitBootServices (efi_mmap.h), must
 * not overlap any busy range, must not overlap another segment, and must
 * stay below 4 GiB. Zero-sized segments produce no entry.
 * Returns the number of entries written to out (at most max), or -1 with a
 * message in err naming the segment, its range and what is in the way
 * (the firmware region with its type and range, a busy range by name, or
 * "no memory described there").
 */
int plan_copies(const struct kimage *img, uint32_t staging,
                const struct efi_mmap *map,
                const struct busy_range *busy, unsigned nbusy,
                struct copy_entry *out, unsigned max,
                char *err, size_t errcap);

#endif /* EFI_PLAN_H */
