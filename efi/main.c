/*
 * main.c: the UEFI loader. Reads /boot.cfg from its own ESP, loads and
 * checks the kernel and modules, gathers the framebuffer, ACPI RSDP and
 * system table, builds the Multiboot2 information (or, for a kernel with a
 * Multiboot1 header and no Multiboot2 one, the Multiboot1 information),
 * then hands over through the trampoline (boot.c). Every failure before ExitBootServices prints
 * what is wrong and returns an error status to the firmware.
 */
#include <efi.h>
#include <efilib.h>

#include "boot.h"
#include "boot_stamps.h"
#include "config.h"
#include "console.h"
#include "fs.h"
#include "info.h"
#include "kimage.h"
#include "fbmode.h"
#include "mb1_header.h"
#include "mb1_info.h"
#include "memmap_save.h"
#include "kpin.h"
#include "secure.h"

#if defined(__x86_64__)
#define LOADER_NAME          "pm32boot (UEFI x86_64)"
#define TAG_SYSTEM_TABLE     MB2_TAG_EFI64 /* tag 12: 64-bit system table pointer */
#elif defined(__i386__)
#define LOADER_NAME          "pm32boot (UEFI ia32)"
#define TAG_SYSTEM_TABLE     MB2_TAG_EFI32 /* tag 11: 32-bit system table pointer */
#else
#error "the loader is built for x86_64 or ia32 firmware"
#endif
#define CONFIG_PATH          "/boot.cfg"
#define KERNEL_FILE_MAX      (64ull << 20)  /* 64 MiB */
#define MODULE_FILE_MAX      (512ull << 20) /* 512 MiB */
#define ERROR_PAUSE_US       3000000u       /* time to read an error before the firmware redraws */
#define INFO_FIXED_BYTES     1024u          /* header, loader name, fb, efi64, acpi, load base, end */
#define RSDP_SIGNATURE       "RSD PTR "
#define RSDP_SIGNATURE_LEN   8u
#define RSDP_V1_LENGTH       20u            /* ACPI 1.0 RSDP */
#define RSDP_LENGTH_OFFSET   20u            /* ACPI 2.0+: u32 length of the whole RSDP */
#define RSDP_MAX_LENGTH      64u            /* refuse lengths beyond this as corrupt */
#define RSDP_REVISION_OFFSET 15u
#define UEFI_REV_MINOR_MASK  0xffffu        /* Hdr.Revision: major << 16 | minor */
#define GOP_BPP              32u            /* every GOP pixel format we accept is 32-bit */
#define FB_MODES_MAX         128u           /* GOP modes considered for a preferred size */
#define MB1_INFO_SLACK       256u           /* alignment padding of the Multiboot1 areas */

/* Busy ranges (boot.h) besides the modules: staging, information, map buffer, trampoline. */
#define BUSY_FIXED_RANGES    4u
_Static_assert(PLAN_MAX_BUSY >= CFG_MODULES_MAX + BUSY_FIXED_RANGES,
               "every module must be kept out of the kernel's way (boot_add_busy)");

/* Everything the loader gathers, so failure paths can free it in one place. */
struct loader {
    EFI_HANDLE image;
    EFI_FILE_HANDLE root;
    struct boot_config cfg;
    struct loaded_file kernel;
    struct loaded_file modules[CFG_MODULES_MAX];
    unsigned nmodules;
    struct kimage img;
    EFI_GRAPHICS_OUTPUT_PROTOCOL *gop;
    const UINT8 *rsdp_v1; /* ACPI 1.0 RSDP, or NULL */
    const UINT8 *rsdp_v2; /* ACPI 2.0+ RSDP, or NULL */
    struct mb2_builder info;
    int mb1;                        /* 1: a Multiboot1 kernel (info1, not info) */
    struct mb1_request mb1_req;
    struct mb1_builder info1;
    EFI_PHYSICAL_ADDRESS info_addr;
    UINTN info_pages;
    struct boot_state boot;
    struct memmap_snapshot at_start; /* the map before the loader did anything */
};

static struct loader L;

static EFI_STATUS load_config(struct loader *ld)
{
    struct loaded_file f;
    EFI_FILE_HANDLE probe = NULL;
    CHAR16 path[] = L"\\boot.cfg";
    EFI_STATUS st = uefi_call_wrapper(ld->root->Open, 5, ld->root, &probe, path,
                                      EFI_FILE_MODE_READ, 0);
    if (st == EFI_NOT_FOUND) {
        config_defaults(&ld->cfg);
        con_printf("loader: no %s on the boot partition; using kernel = %s\n", CONFIG_PATH,
                   ld->cfg.kernel);
        return EFI_SUCCESS;
    }
    if (!EFI_ERROR(st))
        uefi_call_wrapper(probe->Close, 1, probe);
    st = fs_read_file(ld->root, CONFIG_PATH, CFG_FILE_MAX, &f);
    if (EFI_ERROR(st))
        return st;
    char err[KIMAGE_ERR_MAX];
    int rc = config_parse((const char *)(UINTN)f.addr, f.size, &ld->cfg, err, sizeof(err));
    fs_free(&f);
    if (rc != 0) {
        con_printf("loader: error: %s\n", err);
        return EFI_INVALID_PARAMETER;
    }
    return EFI_SUCCESS;
}

/*
 * analyse_kernel: check the loaded kernel file and fill ld->img. A
 * Multiboot2 header wins; without one, a Multiboot1 header makes it a
 * Multiboot1 kernel (ELF only); with neither, kimage_analyse's message.
 */
static EFI_STATUS analyse_kernel(struct loader *ld)
{
    const uint8_t *file = (const uint8_t *)(UINTN)ld->kernel.addr;
    size_t len = ld->kernel.size;
    char err[KIMAGE_ERR_MAX];
    struct mb2_request probe;
    if (mb2_header_find(file, len, &probe, err, sizeof(err)) != 0) {
        int rc = mb1_header_find(file, len, kimage_is_elf(file, len), &ld->mb1_req, err,
                                 sizeof(err));
        if (rc < 0) {
            con_printf("loader: error: %s: %s\n", ld->cfg.kernel, err);
            return EFI_LOAD_ERROR;
        }
        ld->mb1 = rc == 1;
    }
    int rc = ld->mb1 ? kimage_analyse_elf(file, len, &ld->img, err, sizeof(err))
                     : kimage_analyse(file, len, &ld->img, err, sizeof(err));
    if (rc != 0) {
        con_printf("loader: error: %s: %s\n", ld->cfg.kernel, err);
        return EFI_LOAD_ERROR;
    }
    return EFI_SUCCESS;
}

static EFI_STATUS load_kernel(struct loader *ld)
{
    EFI_STATUS st = fs_read_file(ld->root, ld->cfg.kernel, KERNEL_FILE_MAX, &ld->kernel);
    if (EFI_ERROR(st))
        return st;
    char pin_err[KPIN_ERR_MAX];
    if (kpin_check(&kernel_pin, (const uint8_t *)(UINTN)ld->kernel.addr, ld->kernel.size,
                   ld->cfg.kernel, pin_err, sizeof(pin_err)) != 0) {
        con_printf("loader: error: %s\n", pin_err);
        return EFI_SECURITY_VIOLATION;
    }
    st = analyse_kernel(ld);
    if (EFI_ERROR(st))
        return st;
    con_printf("loader: %s: %llu bytes, %s, %u segment(s) at 0x%x-0x%x, entry 0x%x\n",
               ld->cfg.kernel, (unsigned long long)ld->kernel.size,
               ld->mb1 ? "ELF32 i386, Multiboot1" :
               ld->img.is_elf ? "ELF32 i386" : "Multiboot2 address tag", ld->img.nsegs,
               ld->img.load_base, ld->img.load_end, ld->img.entry);
    return EFI_SUCCESS;
}

static EFI_STATUS load_modules(struct loader *ld)
{
    for (unsigned i = 0; i < ld->cfg.nmodules; i++) {
        EFI_STATUS st = fs_read_file(ld->root, ld->cfg.modules[i].path, MODULE_FILE_MAX,
                                     &ld->modules[i]);
        if (EFI_ERROR(st))
            return st;
        ld->nmodules = i + 1;
        con_printf("loader: module %s: %llu bytes at 0x%llx\n", ld->cfg.modules[i].path,
                   (unsigned long long)ld->modules[i].size,
                   (unsigned long long)ld->modules[i].addr);
    }
    return EFI_SUCCESS;
}

/* Does a GOP mode describe a linear framebuffer we can hand over? */
static int gop_mode_usable(const EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *mi)
{
    return mi->PixelFormat == PixelRedGreenBlueReserved8BitPerColor ||
           mi->PixelFormat == PixelBlueGreenRedReserved8BitPerColor ||
           mi->PixelFormat == PixelBitMask;
}

/* What the kernel's header says about the screen: a preferred size (0 x 0:
 * none) and depth, and which header said it. */
struct fb_wish {
    uint32_t width, height, depth;
    const char *from;
};

/* fb_wish_of: the Multiboot2 framebuffer tag, or the Multiboot1 video fields. */
static struct fb_wish fb_wish_of(const struct loader *ld)
{
    struct fb_wish w = { 0, 0, 0, NULL };
    if (ld->mb1) {
        const struct mb1_request *rq = &ld->mb1_req;
        if (!rq->wants_video)
            return w;
        w.from = "Multiboot1 video fields";
        if (rq->mode_type == MB1_VIDEO_EGA_TEXT) {
            con_printf("loader: %s asks for EGA text mode; UEFI has only graphics modes, so the "
                       "framebuffer fields describe one\n", ld->cfg.kernel);
            return w;
        }
        w.width = rq->width;
        w.height = rq->height;
        w.depth = rq->depth;
    } else {
        const struct mb2_request *rq = &ld->img.req;
        if (!rq->has_framebuffer)
            return w;
        w.from = "Multiboot2 framebuffer tag";
        w.width = rq->fb_width;
        w.height = rq->fb_height;
        w.depth = rq->fb_depth;
    }
    return w;
}

/* switch_to_wish: set the GOP mode closest to the kernel's preferred size
 * (fbmode_pick) and say which one it is and why. */
static void switch_to_wish(EFI_GRAPHICS_OUTPUT_PROTOCOL *gop, const struct fb_wish *w)
{
    static struct fb_mode modes[FB_MODES_MAX];
    UINT32 n = gop->Mode->MaxMode < FB_MODES_MAX ? gop->Mode->MaxMode : FB_MODES_MAX;
    for (UINT32 m = 0; m < n; m++) {
        EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *mi = NULL;
        UINTN sz = 0;
        modes[m].usable = 0;
        if (EFI_ERROR(uefi_call_wrapper(gop->QueryMode, 4, gop, m, &sz, &mi)))
            continue;
        modes[m] = (struct fb_mode){ mi->HorizontalResolution, mi->VerticalResolution,
                                     gop_mode_usable(mi) };
        uefi_call_wrapper(BS->FreePool, 1, mi);
    }
    int exact = 0;
    int pick = fbmode_pick(modes, n, w->width, w->height, &exact);
    if (pick == FBMODE_NONE) {
        con_printf("loader: framebuffer: the %s ask for %ux%u; no usable GOP mode, keeping mode %u\n",
                   w->from, w->width, w->height, gop->Mode->Mode);
        return;
    }
    if ((UINT32)pick != gop->Mode->Mode &&
        EFI_ERROR(uefi_call_wrapper(gop->SetMode, 2, gop, (UINT32)pick))) {
        con_printf("loader: framebuffer: GOP refused mode %d (%ux%u); keeping mode %u\n", pick,
                   modes[pick].width, modes[pick].height, gop->Mode->Mode);
        return;
    }
    con_printf("loader: framebuffer: GOP mode %d, %ux%u x %u bpp, %s %ux%u x %u the %s ask "
               "(of %u modes)\n", pick, modes[pick].width, modes[pick].height, GOP_BPP,
               exact ? "exactly the" : "the closest to the", w->width, w->height, w->depth,
               w->from, n);
}

/*
 * Find GOP; when the kernel's header states a preferred size (Multiboot2
 * framebuffer tag or Multiboot1 video fields), switch to the mode closest
 * to it (depth: GOP modes are 32-bit).
 */
static void find_framebuffer(struct loader *ld)
{
    EFI_GRAPHICS_OUTPUT_PROTOCOL *gop = NULL;
    EFI_STATUS st = uefi_call_wrapper(BS->LocateProtocol, 3, &GraphicsOutputProtocol, NULL,
                                      (void **)&gop);
    if (EFI_ERROR(st) || gop == NULL || gop->Mode == NULL || gop->Mode->Info == NULL) {
        con_printf("loader: no graphics output (GOP): no framebuffer for the kernel\n");
        return;
    }
    struct fb_wish w = fb_wish_of(ld);
    if (w.width != 0 && w.height != 0)
        switch_to_wish(gop, &w);
    if (!gop_mode_usable(gop->Mode->Info)) {
        con_printf("loader: GOP mode %u has no linear framebuffer: none for the kernel\n",
                   gop->Mode->Mode);
        return;
    }
    ld->gop = gop;
}

/* Lowest set bit and width of a contiguous colour mask. */
static void mask_field(UINT32 mask, uint8_t *pos, uint8_t *size)
{
    uint8_t p = 0, s = 0;
    while (mask != 0 && (mask & 1u) == 0) {
        mask >>= 1;
        p++;
    }
    while (mask & 1u) {
        mask >>= 1;
        s++;
    }
    *pos = p;
    *size = s;
}

static int add_framebuffer_tag(struct loader *ld)
{
    const EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *mi = ld->gop->Mode->Info;
    const size_t payload = sizeof(struct mb2_tag_framebuffer) - sizeof(struct mb2_tag) - 2u;
    struct mb2_tag_framebuffer *fb = mb2b_add(&ld->info, MB2_TAG_FRAMEBUFFER, payload);
    if (fb == NULL)
        return -1;
    const uint8_t channel_bits = 8;
    fb->framebuffer_addr = ld->gop->Mode->FrameBufferBase;
    fb->framebuffer_pitch = mi->PixelsPerScanLine * (GOP_BPP / 8u);
    fb->framebuffer_width = mi->HorizontalResolution;
    fb->framebuffer_height = mi->VerticalResolution;
    fb->framebuffer_bpp = GOP_BPP;
    fb->framebuffer_type = MB2_FRAMEBUFFER_TYPE_RGB;
    switch (mi->PixelFormat) {
    case PixelRedGreenBlueReserved8BitPerColor: /* byte 0 red */
        fb->red_field_position = 0;
        fb->green_field_position = channel_bits;
        fb->blue_field_position = 2 * channel_bits;
        fb->red_mask_size = fb->green_mask_size = fb->blue_mask_size = channel_bits;
        break;
    case PixelBlueGreenRedReserved8BitPerColor: /* byte 0 blue */
        fb->blue_field_position = 0;
        fb->green_field_position = channel_bits;
        fb->red_field_position = 2 * channel_bits;
        fb->red_mask_size = fb->green_mask_size = fb->blue_mask_size = channel_bits;
        break;
    default:
        mask_field(mi->PixelInformation.RedMask, &fb->red_field_position, &fb->red_mask_size);
        mask_field(mi->PixelInformation.GreenMask, &fb->green_field_position,
                   &fb->green_mask_size);
        mask_field(mi->PixelInformation.BlueMask, &fb->blue_field_position,
                   &fb->blue_mask_size);
        break;
    }
    return 0;
}

static int bytes_equal(const UINT8 *a, const char *b, UINTN n)
{
    for (UINTN i = 0; i < n; i++)
        if (a[i] != (UINT8)b[i])
            return 0;
    return 1;
}

/* The ACPI RSDPs from the configuration table, if they carry the signature. */
static void find_acpi(struct loader *ld, EFI_SYSTEM_TABLE *st)
{
    EFI_GUID acpi1 = ACPI_TABLE_GUID, acpi2 = ACPI_20_TABLE_GUID;
    for (UINTN i = 0; i < st->NumberOfTableEntries; i++) {
        EFI_CONFIGURATION_TABLE *t = &st->ConfigurationTable[i];
        const UINT8 *p = t->VendorTable;
        if (p == NULL || !bytes_equal(p, RSDP_SIGNATURE, RSDP_SIGNATURE_LEN))
            continue;
        if (CompareGuid(&t->VendorGuid, &acpi2) == 0 && p[RSDP_REVISION_OFFSET] >= 2)
            ld->rsdp_v2 = p;
        else if (CompareGuid(&t->VendorGuid, &acpi1) == 0)
            ld->rsdp_v1 = p;
    }
    if (ld->rsdp_v1 == NULL && ld->rsdp_v2 != NULL)
        ld->rsdp_v1 = ld->rsdp_v2; /* its first 20 bytes are the 1.0 structure */
}

static int add_acpi_tag(struct mb2_builder *b, uint32_t type, const UINT8 *rsdp, UINT32 len)
{
    uint8_t *tag = mb2b_add(b, type, len);
    if (tag == NULL)
        return -1;
    for (UINT32 i = 0; i < len; i++)
        tag[sizeof(struct mb2_tag) + i] = rsdp[i];
    return 0;
}

/* Which information tags this loader will supply on this machine. */
static uint32_t tags_we_supply(const struct loader *ld)
{
    uint32_t m = (1u << MB2_TAG_CMDLINE) | (1u << MB2_TAG_LOADER_NAME) |
                 (1u << MB2_TAG_BASIC_MEMINFO) | (1u << MB2_TAG_MMAP) |
                 (1u << TAG_SYSTEM_TABLE) | (1u << MB2_TAG_EFI_MMAP) |
                 (1u << MB2_TAG_LOAD_BASE_ADDR);
    if (ld->nmodules != 0)
        m |= 1u << MB2_TAG_MODULE;
    if (ld->gop != NULL)
        m |= 1u << MB2_TAG_FRAMEBUFFER;
    if (ld->rsdp_v1 != NULL)
        m |= 1u << MB2_TAG_ACPI_OLD;
    if (ld->rsdp_v2 != NULL)
        m |= 1u << MB2_TAG_ACPI_NEW;
    return m;
}

/* Refuse a kernel whose header asks for what we cannot give, by name. */
static EFI_STATUS check_requests(const struct loader *ld)
{
    const struct mb2_request *rq = &ld->img.req;
    int unmet = mb2_first_unmet(rq, tags_we_supply(ld));
    if (unmet >= 0) {
        con_printf("loader: error: %s requires information tag %d (%s), which this loader "
                   "cannot provide on this machine\n", ld->cfg.kernel, unmet,
                   mb2_info_tag_name((uint32_t)unmet));
        return EFI_UNSUPPORTED;
    }
    int wants_fb = (rq->has_framebuffer && !rq->framebuffer_optional) ||
                   (rq->has_console_flags && (rq->console_flags & MB2_CONSOLE_REQUIRED) &&
                    !(rq->console_flags & MB2_CONSOLE_EGA_TEXT));
    if (wants_fb && ld->gop == NULL) {
        con_printf("loader: error: %s requires a framebuffer console, and this machine has "
                   "no usable graphics output\n", ld->cfg.kernel);
        return EFI_UNSUPPORTED;
    }
    return EFI_SUCCESS;
}

static size_t str_len(const char *s)
{
    size_t n = 0;
    while (s[n] != '\0')
        n++;
    return n;
}

/* mb1_framebuffer: the GOP mode as Multiboot1 framebuffer fields. */
static void mb1_framebuffer(const struct loader *ld, struct mb1_fb_in *fb)
{
    const EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *mi = ld->gop->Mode->Info;
    const uint8_t channel_bits = 8;
    fb->addr = ld->gop->Mode->FrameBufferBase;
    fb->pitch = mi->PixelsPerScanLine * (GOP_BPP / 8u);
    fb->width = mi->HorizontalResolution;
    fb->height = mi->VerticalResolution;
    fb->bpp = GOP_BPP;
    fb->red_size = fb->green_size = fb->blue_size = channel_bits;
    fb->green_pos = channel_bits;
    switch (mi->PixelFormat) {
    case PixelRedGreenBlueReserved8BitPerColor: /* byte 0 red */
        fb->red_pos = 0;
        fb->blue_pos = 2 * channel_bits;
        break;
    case PixelBlueGreenRedReserved8BitPerColor: /* byte 0 blue */
        fb->blue_pos = 0;
        fb->red_pos = 2 * channel_bits;
        break;
    default:
        mask_field(mi->PixelInformation.RedMask, &fb->red_pos, &fb->red_size);
        mask_field(mi->PixelInformation.GreenMask, &fb->green_pos, &fb->green_size);
        mask_field(mi->PixelInformation.BlueMask, &fb->blue_pos, &fb->blue_size);
        break;
    }
}

/*
 * alloc_info: pages below 4 GiB for `need` bytes of boot information
 * (ld->info_addr, ld->info_pages), and the room the final memory map may
 * take in them (map_bytes). On failure says so and leaves info_pages 0.
 */
static EFI_STATUS alloc_info(struct loader *ld, size_t need, UINTN map_bytes)
{
    ld->info_pages = EFI_SIZE_TO_PAGES(need);
    ld->info_addr = FS_BELOW_4G_MAX;
    EFI_STATUS s = uefi_call_wrapper(BS->AllocatePages, 4, AllocateMaxAddress, EfiLoaderData,
                                     ld->info_pages, &ld->info_addr);
    if (EFI_ERROR(s)) {
        con_printf("loader: error: no room below 4 GiB for the boot information: %s\n",
                   con_status_name(s));
        ld->info_pages = 0;
        return s;
    }
    ld->boot.map_cap = map_bytes;
    return EFI_SUCCESS;
}

/*
 * build_info_mb1: the Multiboot1 information below 4 GiB, everything but the
 * memory fields (added from the final map by boot.c). Framebuffer fields
 * only when the header's video flag asks for them and there is a GOP.
 */
static EFI_STATUS build_info_mb1(struct loader *ld, UINTN map_bytes, UINTN dsize)
{
    size_t need = sizeof(struct mb1_info) + MB1_INFO_SLACK + str_len(ld->cfg.cmdline) + 1 +
                  sizeof(LOADER_NAME) + mb1b_memory_bytes(map_bytes, dsize);
    for (unsigned i = 0; i < ld->nmodules; i++)
        need += sizeof(struct mb1_module) + MB1_INFO_ALIGN + str_len(ld->cfg.modules[i].string) + 1;
    EFI_STATUS s = alloc_info(ld, need, map_bytes);
    if (EFI_ERROR(s))
        return s;
    struct mb1_builder *b = &ld->info1;
    mb1b_init(b, (void *)(UINTN)ld->info_addr, ld->info_pages * EFI_PAGE_SIZE,
              (uint32_t)ld->info_addr);
    mb1b_set_cmdline(b, ld->cfg.cmdline);
    mb1b_set_loader_name(b, LOADER_NAME);
    struct mb1_module_in mods[CFG_MODULES_MAX];
    for (unsigned i = 0; i < ld->nmodules; i++) {
        mods[i].start = (uint32_t)ld->modules[i].addr;
        mods[i].end = (uint32_t)(ld->modules[i].addr + ld->modules[i].size);
        mods[i].string = ld->cfg.modules[i].string;
    }
    mb1b_set_modules(b, mods, ld->nmodules);
    if (ld->mb1_req.wants_video && ld->gop != NULL) {
        struct mb1_fb_in fb;
        mb1_framebuffer(ld, &fb);
        mb1b_set_framebuffer(b, &fb);
    } else if (ld->mb1_req.wants_video) {
        con_printf("loader: %s asks for a video mode; no usable GOP, so no framebuffer fields\n",
                   ld->cfg.kernel);
    }
    if (b->overflow) {
        con_printf("loader: error: the Multiboot1 information outgrew its %llu-byte buffer\n",
                   (unsigned long long)b->cap);
        return EFI_BUFFER_TOO_SMALL;
    }
    return EFI_SUCCESS;
}

/* Allocate the information buffer below 4 GiB and add every tag but memory. */
static EFI_STATUS build_info(struct loader *ld, EFI_SYSTEM_TABLE *st)
{
    UINTN map_bytes = 0, dsize = 0;
    EFI_STATUS s = boot_map_estimate(&map_bytes, &dsize);
    if (EFI_ERROR(s))
        return s;
    if (ld->mb1)
        return build_info_mb1(ld, map_bytes, dsize);
    size_t need = INFO_FIXED_BYTES + MB2_ALIGN_UP(sizeof(struct mb2_tag) + str_len(ld->cfg.cmdline) + 1);
    for (unsigned i = 0; i < ld->nmodules; i++)
        need += MB2_ALIGN_UP(sizeof(struct mb2_tag_module) + str_len(ld->cfg.modules[i].string) + 1);
    need += mb2b_memory_bytes(map_bytes, dsize) + BOOT_TIMES_TAG_SIZE;
    s = alloc_info(ld, need, map_bytes);
    if (EFI_ERROR(s))
        return s;
    struct mb2_builder *b = &ld->info;
    mb2b_init(b, (void *)(UINTN)ld->info_addr, ld->info_pages * EFI_PAGE_SIZE);
    mb2b_add_string(b, MB2_TAG_CMDLINE, ld->cfg.cmdline);
    mb2b_add_string(b, MB2_TAG_LOADER_NAME, LOADER_NAME);
    for (unsigned i = 0; i < ld->nmodules; i++)
        mb2b_add_module(b, (uint32_t)ld->modules[i].addr,
                        (uint32_t)(ld->modules[i].addr + ld->modules[i].size),
                        ld->cfg.modules[i].string);
    if (ld->gop != NULL)
        add_framebuffer_tag(ld);
#if defined(__x86_64__)
    struct mb2_tag_efi64 *systab = mb2b_add(b, TAG_SYSTEM_TABLE, sizeof(*systab) - sizeof(struct mb2_tag));
    if (systab != NULL)
        systab->pointer = (uint64_t)(UINTN)st;
#else
    struct mb2_tag_efi32 *systab = mb2b_add(b, TAG_SYSTEM_TABLE, sizeof(*systab) - sizeof(struct mb2_tag));
    if (systab != NULL)
        systab->pointer = (uint32_t)(UINTN)st;
#endif
    if (ld->rsdp_v1 != NULL)
        add_acpi_tag(b, MB2_TAG_ACPI_OLD, ld->rsdp_v1, RSDP_V1_LENGTH);
    if (ld->rsdp_v2 != NULL) {
        UINT32 len = 0;
        for (unsigned i = 0; i < sizeof(len); i++)
            len |= (UINT32)ld->rsdp_v2[RSDP_LENGTH_OFFSET + i] << (8 * i);
        if (len >= RSDP_V1_LENGTH && len <= RSDP_MAX_LENGTH)
            add_acpi_tag(b, MB2_TAG_ACPI_NEW, ld->rsdp_v2, len);
    }
    struct mb2_tag_load_base_addr *lb =
        mb2b_add(b, MB2_TAG_LOAD_BASE_ADDR, sizeof(*lb) - sizeof(struct mb2_tag));
    if (lb != NULL)
        lb->load_base_addr = ld->img.load_base;
    bt_add_tag(b); /* our extension (docs/boot-times.md); a miss shows as overflow below */
    if (b->overflow) {
        con_printf("loader: error: the boot information outgrew its %llu-byte buffer\n",
                   (unsigned long long)b->cap);
        return EFI_BUFFER_TOO_SMALL;
    }
    return EFI_SUCCESS;
}

/* The map at start and the map now, to /memmaps; a failure only costs the files. */
static void save_memmaps(struct loader *ld, EFI_SYSTEM_TABLE *st)
{
    struct memmap_snapshot snaps[2];
    unsigned n = 0;
    if (ld->at_start.map.buf != NULL)
        snaps[n++] = ld->at_start;
    EFI_STATUS s = memmap_take("before-write", &snaps[n]);
    if (EFI_ERROR(s)) {
        con_printf("loader: memmap: cannot read the memory map: %s; booting on\n",
                   con_status_name(s));
        return;
    }
    memmap_save(ld->root, st, LOADER_NAME, ld->gop, snaps, n + 1);
    memmap_release(&snaps[n]);
}

static void free_all(struct loader *ld)
{
    memmap_release(&ld->at_start);
    for (unsigned i = 0; i < ld->nmodules; i++)
        fs_free(&ld->modules[i]);
    fs_free(&ld->kernel);
    if (ld->info_pages != 0)
        uefi_call_wrapper(BS->FreePages, 2, ld->info_addr, ld->info_pages);
    if (ld->boot.tramp_page != 0)
        uefi_call_wrapper(BS->FreePages, 2, ld->boot.tramp_page, 1);
    if (ld->root != NULL)
        uefi_call_wrapper(ld->root->Close, 1, ld->root);
}

static EFI_STATUS run(struct loader *ld, EFI_SYSTEM_TABLE *st)
{
    EFI_STATUS s;
    s = fs_open_boot_volume(ld->image, &ld->root);
    if (EFI_ERROR(s))
        return s;
    bt_mark(BT_READS_BEGIN);
    s = load_config(ld);
    if (EFI_ERROR(s))
        return s;
    s = load_kernel(ld);
    if (EFI_ERROR(s))
        return s;
    s = load_modules(ld);
    if (EFI_ERROR(s))
        return s;
    bt_mark(BT_READS_END);
    find_framebuffer(ld);
    find_acpi(ld, st);
    s = check_requests(ld);
    if (EFI_ERROR(s))
        return s;
    s = boot_prepare_trampoline(&ld->boot.tramp_page);
    if (EFI_ERROR(s))
        return s;
    s = build_info(ld, st);
    if (EFI_ERROR(s))
        return s;
    if (ld->cfg.save_memmap)
        save_memmaps(ld, st);
    memmap_release(&ld->at_start);

    struct boot_state *bs = &ld->boot;
    bs->img = &ld->img;
    bs->staging = ld->kernel.addr;
    bs->info = &ld->info;
    bs->info1 = ld->mb1 ? &ld->info1 : NULL;
    boot_add_busy(bs, ld->kernel.addr, ld->kernel.pages * EFI_PAGE_SIZE, "kernel staging buffer");
    boot_add_busy(bs, ld->info_addr, ld->info_pages * EFI_PAGE_SIZE, "boot information");
    for (unsigned i = 0; i < ld->nmodules; i++)
        boot_add_busy(bs, ld->modules[i].addr, ld->modules[i].pages * EFI_PAGE_SIZE, "module");
    con_printf("loader: command line \"%s\"; placing the kernel and exiting boot services\n",
               ld->cfg.cmdline);
    bt_mark(BT_EXIT_BEGIN);
    return boot_exit_and_enter(ld->image, bs);
}

/* One line: the firmware's Secure Boot state and whether the kernel is pinned (kpin.h). */
static void report_secure_boot(void)
{
    char pin[KPIN_HEX_LEN + 1u] = "";
    if (kernel_pin.enabled)
        kpin_hex(kernel_pin.sha256, pin);
    con_printf("loader: Secure Boot %s; kernel %s%s\n", secure_boot_state(),
               kernel_pin.enabled ? "pinned to SHA-256 " : "not pinned (development build)",
               kernel_pin.enabled ? pin : "");
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
    bt_mark(BT_LOADER_ENTRY);
    InitializeLib(image, st);
    con_init(st);
    /* No watchdog reset while a human reads an error or a kernel loads. */
    uefi_call_wrapper(BS->SetWatchdogTimer, 4, 0, 0, 0, NULL);
    con_printf("loader: %s, UEFI %u.%u, firmware revision 0x%x\n", LOADER_NAME,
               st->Hdr.Revision >> 16, st->Hdr.Revision & UEFI_REV_MINOR_MASK, st->FirmwareRevision);
    report_secure_boot();
    L.image = image;
    if (EFI_ERROR(memmap_take("loader-start", &L.at_start)))
        L.at_start.map.buf = NULL; /* only the saved files miss it */
    EFI_STATUS s = run(&L, st);
    if (L.boot.exit_attempted)
        return s; /* boot services may be half gone: no more firmware calls */
    free_all(&L);
    con_printf("loader: boot failed (%s); returning to the firmware\n", con_status_name(s));
    uefi_call_wrapper(BS->Stall, 1, ERROR_PAUSE_US);
    return s;
}
