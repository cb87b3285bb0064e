/*
 * fbcon.h: a text console drawn into a linear direct-colour framebuffer
 * with the built-in 8x16 font (font/font8x16.h).
 *
 * Pure C over a memory buffer: the kernel points it at the GOP framebuffer
 * (fbcon_sink.c), the host tests at a malloc'ed one (tests/host/test_fbcon.c).
 * Any width, height and pitch; 15/16, 24 and 32 bits per pixel with the
 * colour channels wherever the Multiboot2 framebuffer tag puts them.
 * Text wraps at the right edge; "\n" starts a new line, "\r" returns to
 * column 0, "\t" moves to the next multiple of FBCON_TAB; at the bottom
 * the screen scrolls up one text line.
 *
 * Scrolling: with a shadow of the text cells (fbcon_set_shadow), a scroll
 * redraws only the cells whose character changes and never reads the
 * framebuffer; without one it moves the pixels, reading the framebuffer
 * back, which is slow where the framebuffer is uncached (real hardware) or
 * emulated (QEMU TCG). Both give the same pixels.
 */
#ifndef KERNEL_FBCON_H
#define KERNEL_FBCON_H

#include <stddef.h>
#include <stdint.h>

#define FBCON_TAB         8u
#define FBCON_MAX_BYTES_PP 4u /* 32 bpp */

/* Where the colour channels are in a pixel (the tag's positions and mask sizes). */
struct fb_format {
    uint8_t bpp;                     /* 15 or 16, 24, 32 */
    uint8_t red_pos, red_size;
    uint8_t green_pos, green_size;
    uint8_t blue_pos, blue_size;
};

struct fbcon {
    uint8_t *base;                   /* pixel (0,0) */
    uint32_t width, height, pitch;   /* pixels, pixels, bytes per scan line */
    struct fb_format fmt;
    uint32_t bytes_pp;
    uint32_t cols, rows;             /* text cells */
    uint32_t col, row;               /* the cursor */
    uint32_t fg, bg;                 /* packed pixel values */
    uint8_t *cells;                  /* the shadow: rows * cols characters, or NULL */
};

/*
 * fb_pack: the pixel value for 8-bit r, g, b in format f (each channel
 * scaled to its mask size and shifted to its position; sizes above 8 bits
 * are taken as 8).
 */
uint32_t fb_pack(const struct fb_format *f, uint8_t r, uint8_t g, uint8_t b);

/*
 * fbcon_init: set c up on the framebuffer at base, clear it to the
 * background and put the cursor at the top left. fg_rgb/bg_rgb are
 * 0xRRGGBB. Returns 0, or -1 (c unusable) when base is NULL, bpp is not
 * 15/16/24/32, a channel lies outside the pixel, pitch < width * bytes per
 * pixel, or the screen holds less than one text cell.
 */
int fbcon_init(struct fbcon *c, void *base, uint32_t width, uint32_t height, uint32_t pitch,
               const struct fb_format *fmt, uint32_t fg_rgb, uint32_t bg_rgb);

/*
 * fbcon_set_shadow: give c a shadow of its text cells in buf (cap bytes).
 * Returns 0 when it fits (cap >= cols * rows; buf is filled with blanks,
 * as the screen is right after fbcon_init), or -1 (c keeps scrolling by
 * moving pixels). Call it right after fbcon_init, before any text.
 */
int fbcon_set_shadow(struct fbcon *c, uint8_t *buf, size_t cap);

/* fbcon_write: draw n bytes of text (Latin-1) at the cursor, as described above. */
void fbcon_write(struct fbcon *c, const char *s, size_t n);

#endif /* KERNEL_FBCON_H */
