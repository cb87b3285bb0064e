/*
 * boot.c: trampoline page, final memory map, ExitBootServices, jump (boot.h).
 */
#include "boot.h"

#include <efilib.h>

#include "boot_stamps.h"
#include "console.h"
#include "fs.h"
#include "handoff.h"
#include "info_corrupt.h"
#include "x86.h"

#define EXIT_RETRIES 8u /* GetMemoryMap + ExitBootServices attempts */

/*
 * Test builds only (tests/qemu/boot-tests.sh): allocate a page between
 * GetMemoryMap and ExitBootServices on the first TEST_STALE_EXITS attempts,
 * so the firmware sees a stale map key and the retry path runs for real.
 */
#ifndef TEST_STALE_EXITS
#define TEST_STALE_EXITS 0u
#endif
/*
 * Test builds only (tests/qemu/exit-tests.sh): damage the finished
 * information structure just before the jump (efi/info_corrupt.h), so the
 * kernel's handling of a malformed structure runs for real.
 */
#ifndef TEST_CORRUPT_INFO
#define TEST_CORRUPT_INFO MB2_CORRUPT_NONE
#endif
#define PLAN_ERR_MAX 256u

/* The trampoline's flat binary, linked in by the Makefile (objcopy -I binary). */
extern const UINT8 _binary_trampoline_bin_start[] __attribute__((visibility("hidden")));
extern const UINT8 _binary_trampoline_bin_end[] __attribute__((visibility("hidden")));

/* UEFI 2.10 EFI_MEMORY_ATTRIBUTE_PROTOCOL; gnu-efi's headers predate it. */
#define MEMORY_ATTRIBUTE_PROTOCOL_GUID \
    { 0xf4560cf6, 0x40ec, 0x4b4a, { 0xa1, 0x92, 0xbf, 0x1d, 0x57, 0xd0, 0xb1, 0x89 } }
struct memory_attribute_protocol;
typedef EFI_STATUS (EFIAPI *mem_attr_fn)(struct memory_attribute_protocol *self,
                                         EFI_PHYSICAL_ADDRESS base, UINT64 length,
                                         UINT64 attributes);
struct memory_attribute_protocol {
    void *get_memory_attributes;
    mem_attr_fn set_memory_attributes;
    mem_attr_fn clear_memory_attributes;
};
#define ATTR_XP 0x0000000000004000ull /* EFI_MEMORY_XP */
#define ATTR_RO 0x0000000000020000ull /* EFI_MEMORY_RO */

/* The trampoline's entry: SysV ABI, never returns. */
typedef void (*tramp_entry_fn)(void) __attribute__((noreturn));

EFI_STATUS boot_map_estimate(UINTN *bytes, UINTN *descr_size)
{
    UINTN size = 0, key = 0;
    UINT32 version = 0;
    EFI_STATUS st = uefi_call_wrapper(BS->GetMemoryMap, 5, &size, NULL, &key, descr_size,
                                      &version);
    if (st != EFI_BUFFER_TOO_SMALL) {
        con_printf("loader: error: GetMemoryMap did not report its size: %s\n",
                   con_status_name(st));
        return EFI_ERROR(st) ? st : EFI_DEVICE_ERROR;
    }
    *bytes = size + MAP_SLACK_DESCRIPTORS * *descr_size;
    return EFI_SUCCESS;
}

EFI_STATUS boot_prepare_trampoline(EFI_PHYSICAL_ADDRESS *page)
{
    UINTN code = (UINTN)(_binary_trampoline_bin_end - _binary_trampoline_bin_start);
    if (code > TRAMP_CODE_MAX) {
        con_printf("loader: error: trampoline is %llu bytes, more than %u\n",
                   (unsigned long long)code, TRAMP_CODE_MAX);
        return EFI_LOAD_ERROR;
    }
    EFI_PHYSICAL_ADDRESS addr = FS_BELOW_4G_MAX;
    EFI_STATUS st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateMaxAddress, EfiLoaderCode,
                                      1, &addr);
    if (EFI_ERROR(st)) {
        con_printf("loader: error: no page below 4 GiB for the trampoline: %s\n",
                   con_status_name(st));
        return st;
    }
    UINT8 *p = (UINT8 *)(UINTN)addr;
    for (UINTN i = 0; i < TRAMP_PAGE_SIZE; i++)
        p[i] = i < code ? _binary_trampoline_bin_start[i] : 0;

    EFI_GUID guid = MEMORY_ATTRIBUTE_PROTOCOL_GUID;
    struct memory_attribute_protocol *mattr = NULL;
    st = uefi_call_wrapper(BS->LocateProtocol, 3, &guid, NULL, (void **)&mattr);
    if (!EFI_ERROR(st) && mattr != NULL) {
        st = uefi_call_wrapper(mattr->clear_memory_attributes, 4, mattr, addr,
                               (UINT64)TRAMP_PAGE_SIZE, ATTR_XP | ATTR_RO);
        if (EFI_ERROR(st)) {
            con_printf("loader: error: cannot make the trampoline page executable: %s\n",
                       con_status_name(st));
            uefi_call_wrapper(BS->FreePages, 2, addr, 1);
            return st;
        }
    }
    *page = addr;
    return EFI_SUCCESS;
}

void boot_add_busy(struct boot_state *bs, UINT64 base, UINT64 size, const char *what)
{
    if (bs->nbusy >= PLAN_MAX_BUSY)
        return; /* callers add a fixed, small number; the bound is PLAN_MAX_BUSY */
    bs->busy[bs->nbusy].base = base;
    bs->busy[bs->nbusy].end = base + size;
    bs->busy[bs->nbusy].what = what;
    bs->nbusy++;
}

#define COM1_BASE      0x3F8u /* the firmware has already set it up */
#define COM1_LSR       (COM1_BASE + 5u)
#define LSR_THR_EMPTY  0x20u
#define SERIAL_SPINS   100000u /* give up on a missing UART instead of hanging */

/* serial_raw_puts: write s to COM1 with bounded waits; no firmware involved. */
static void serial_raw_puts(const char *s)
{
    for (; *s != '\0'; s++) {
        for (unsigned spin = 0; spin < SERIAL_SPINS; spin++)
            if (inb(COM1_LSR) & LSR_THR_EMPTY)
                break;
        outb(COM1_BASE, (uint8_t)*s);
    }
}

/*
 * After ExitBootServices nothing of the firmware may be called. Should the
 * information structure not fit after all (the sizes are checked before, so
 * this means a bug), say so on COM1 directly and stop the CPU.
 */
static void __attribute__((noreturn)) fail_after_exit(const char *msg)
{
    serial_raw_puts("loader: fatal after ExitBootServices: ");
    serial_raw_puts(msg);
    serial_raw_puts("\r\n");
    for (;;) {
        cli();
        hlt();
    }
}

/* memory_bytes: what the memory part of the information needs for this map. */
static size_t memory_bytes(const struct boot_state *bs, UINTN map_size, UINTN dsize)
{
    return bs->info1 != NULL ? mb1b_memory_bytes(map_size, dsize)
                             : mb2b_memory_bytes(map_size, dsize);
}

/* info_room: bytes left in the information buffer (Multiboot1 or 2). */
static size_t info_room(const struct boot_state *bs)
{
    return bs->info1 != NULL ? bs->info1->cap - bs->info1->len : bs->info->cap - bs->info->len;
}

EFI_STATUS boot_exit_and_enter(EFI_HANDLE image, struct boot_state *bs)
{
    EFI_PHYSICAL_ADDRESS map_addr = 0;
    UINTN map_pages = EFI_SIZE_TO_PAGES(bs->map_cap);
    EFI_STATUS st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages, EfiLoaderData,
                                      map_pages, &map_addr);
    if (EFI_ERROR(st)) {
        con_printf("loader: error: no memory for the memory map buffer: %s\n",
                   con_status_name(st));
        return st;
    }
    boot_add_busy(bs, map_addr, map_pages * EFI_PAGE_SIZE, "memory map buffer");
    boot_add_busy(bs, bs->tramp_page, TRAMP_PAGE_SIZE, "trampoline page");

    UINT8 *page = (UINT8 *)(UINTN)bs->tramp_page;
    struct handoff *h = (struct handoff *)(page + HANDOFF_OFFSET);
    struct copy_entry *copies = (struct copy_entry *)(page + COPIES_OFFSET);
    char err[PLAN_ERR_MAX];

    for (unsigned attempt = 0; attempt < EXIT_RETRIES; attempt++) {
        UINTN size = map_pages * EFI_PAGE_SIZE, key = 0, dsize = 0;
        UINT32 dver = 0;
        st = uefi_call_wrapper(BS->GetMemoryMap, 5, &size,
                               (EFI_MEMORY_DESCRIPTOR *)(UINTN)map_addr, &key, &dsize, &dver);
        if (EFI_ERROR(st)) {
            if (attempt == 0)
                con_printf("loader: error: GetMemoryMap into a %llu-byte buffer: %s\n",
                           (unsigned long long)(map_pages * EFI_PAGE_SIZE),
                           con_status_name(st));
            return st;
        }
        struct efi_mmap map = { (const uint8_t *)(UINTN)map_addr, size, dsize, dver };
        int n = plan_copies(bs->img, (uint32_t)bs->staging, &map, bs->busy, bs->nbusy,
                            copies, HANDOFF_MAX_COPIES, err, sizeof(err));
        if (n < 0) {
            if (attempt == 0)
                con_printf("loader: error: cannot place the kernel: %s\n", err);
            return EFI_LOAD_ERROR;
        }
        if (size > bs->map_cap || memory_bytes(bs, size, dsize) > info_room(bs)) {
            if (attempt == 0)
                con_printf("loader: error: memory map grew to %llu bytes, more than the "
                           "%llu reserved\n", (unsigned long long)size,
                           (unsigned long long)bs->map_cap);
            return EFI_BUFFER_TOO_SMALL;
        }
        h->magic = HANDOFF_MAGIC;
        h->entry = bs->img->entry;
        h->info = bs->info1 != NULL ? bs->info1->phys : (uint32_t)(UINTN)bs->info->buf;
        h->kernel_magic = bs->info1 != NULL ? MB1_BOOTLOADER_MAGIC : MB2_BOOTLOADER_MAGIC;
        h->ncopies = (uint32_t)n;

#if TEST_STALE_EXITS
        if (attempt < TEST_STALE_EXITS) {
            EFI_PHYSICAL_ADDRESS stale = 0;
            uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages, EfiLoaderData, 1, &stale);
        }
#endif
        bs->exit_attempted = 1;
        st = uefi_call_wrapper(BS->ExitBootServices, 2, image, key);
        if (st == EFI_INVALID_PARAMETER)
            continue; /* the map changed under us: only GetMemoryMap again */
        if (EFI_ERROR(st))
            return st;

        /* Boot services are gone: pure code only from here on. */
        bt_mark(BT_EXIT_DONE);
        if (bs->info1 != NULL) {
            if (mb1b_add_memory(bs->info1, &map) != 0)
                fail_after_exit("the Multiboot1 information does not fit its buffer");
        } else if (mb2b_add_memory(bs->info, &map) != 0 || mb2b_finish(bs->info) == 0) {
            fail_after_exit("the Multiboot2 information does not fit its buffer");
        }
        h->times = bt_finish(); /* 0 for a Multiboot1 kernel: it has no such tag */
#if TEST_CORRUPT_INFO != MB2_CORRUPT_NONE
        if (bs->info1 == NULL && mb2_corrupt(bs->info->buf, bs->info->len, TEST_CORRUPT_INFO) != 0)
            fail_after_exit("test build: the tag to damage is not in the information");
#endif
        tramp_entry_fn enter = (tramp_entry_fn)(UINTN)bs->tramp_page;
        enter();
    }
    return EFI_ABORTED; /* the map key stayed stale: nothing printed, as required */
}
