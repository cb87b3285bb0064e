/*
 * fbmode.h: choosing a graphics mode for a kernel's preferred size (pure
 * code, host-tested). Used for the Multiboot2 framebuffer header tag and
 * the Multiboot1 header's video fields alike (efi/main.c find_framebuffer).
 */
#ifndef EFI_FBMODE_H
#define EFI_FBMODE_H

#include <stddef.h>
#include <stdint.h>

/* One firmware mode as the chooser sees it. */
struct fb_mode {
    uint32_t width, height;
    int usable;            /* a linear framebuffer we can hand over */
};

#define FBMODE_NONE (-1)

/*
 * fbmode_pick: the index of the usable mode closest to width x height:
 * one of exactly that size when there is one (*exact = 1), else (*exact =
 * 0) the one with the smallest |dw| + |dh|, ties to the smaller area, then
 * to the lower index. FBMODE_NONE when no mode is usable or the request is
 * 0 x 0 in either dimension (no preference: keep the current mode).
 */
int fbmode_pick(const struct fb_mode *modes, size_t n, uint32_t width, uint32_t height,
                int *exact);

#endif /* EFI_FBMODE_H */
