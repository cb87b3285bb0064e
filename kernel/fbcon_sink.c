/*
 * fbcon_sink.c: see fbcon_sink.h.
 */
#include "fbcon_sink.h"

#include <stdint.h>

#include "console.h"
#include "fbcon.h"
#include "kvm.h"

#define ADDR_LIMIT 0x100000000ull /* non-PAE paging reaches only the low 4 GiB */
#define SHADOW_CELLS (320u * 100u) /* text cells of a 2560x1600 screen; larger ones move pixels */

static struct fbcon fb;
static uint8_t shadow[SHADOW_CELLS]; /* the text on the screen (fbcon_set_shadow) */
static int fb_running; /* registered as a sink */

static void fbcon_sink(const char *s, size_t n)
{
    fbcon_write(&fb, s, n);
}

int fbcon_sink_init(const struct mb2_tag_framebuffer *tag)
{
    if (tag == 0) {
        kputs("fbcon: no framebuffer tag; serial only\n");
        return -1;
    }
    if (tag->framebuffer_type != MB2_FRAMEBUFFER_TYPE_RGB) {
        kprintf("fbcon: framebuffer type %u, expected %u (direct colour); serial only\n",
                tag->framebuffer_type, MB2_FRAMEBUFFER_TYPE_RGB);
        return -1;
    }
    uint64_t size = (uint64_t)tag->framebuffer_pitch * tag->framebuffer_height;
    if (tag->framebuffer_addr + size > ADDR_LIMIT || tag->framebuffer_addr + size < size) {
        kprintf("fbcon: framebuffer at 0x%llx (%llu bytes) is not below 4 GiB; serial only\n",
                (unsigned long long)tag->framebuffer_addr, (unsigned long long)size);
        return -1;
    }
    struct fb_format fmt = {
        .bpp = tag->framebuffer_bpp,
        .red_pos = tag->red_field_position, .red_size = tag->red_mask_size,
        .green_pos = tag->green_field_position, .green_size = tag->green_mask_size,
        .blue_pos = tag->blue_field_position, .blue_size = tag->blue_mask_size,
    };
    /* Its own window (mm/paging.h): physical 0xC0000000 is no higher-half address. */
    void *base = kvm_early_window(KVM_WIN_FB, tag->framebuffer_addr, size);
    if (base == NULL) {
        kputs("fbcon: no virtual window for the framebuffer; serial only\n");
        return -1;
    }
    if (fbcon_init(&fb, base, tag->framebuffer_width,
                   tag->framebuffer_height, tag->framebuffer_pitch, &fmt, FBCON_FG_RGB,
                   FBCON_BG_RGB) != 0) {
        kprintf("fbcon: cannot draw on %ux%u pitch=%u bpp=%u; serial only\n",
                tag->framebuffer_width, tag->framebuffer_height, tag->framebuffer_pitch,
                tag->framebuffer_bpp);
        return -1;
    }
    int shadowed = fbcon_set_shadow(&fb, shadow, sizeof(shadow)) == 0;
    if (console_add_sink_replay(fbcon_sink) != 0) {
        kputs("fbcon: no room for another console sink; serial only\n");
        return -1;
    }
    fb_running = 1;
    kprintf("fbcon: %ux%u text cells on %ux%u, %u bpp; scrolls by %s\n", fb.cols, fb.rows,
            tag->framebuffer_width, tag->framebuffer_height, tag->framebuffer_bpp,
            shadowed ? "redrawing changed cells (no framebuffer reads)"
                     : "moving pixels (more cells than the shadow holds)");
    return 0;
}

int fbcon_sink_size(uint32_t *cols, uint32_t *rows)
{
    if (!fb_running)
        return -1;
    *cols = fb.cols;
    *rows = fb.rows;
    return 0;
}

void fbcon_sink_write_only(const char *s, size_t n)
{
    if (fb_running)
        fbcon_write(&fb, s, n);
}
