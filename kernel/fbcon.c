/*
 * fbcon.c: see fbcon.h.
 */
#include "fbcon.h"

#include "font/font8x16.h"

#define BITS_PER_BYTE  8u
#define CHANNEL_BITS   8u  /* the r, g, b arguments */
#define RGB_RED_SHIFT  16u
#define RGB_GREEN_SHIFT 8u
#define BYTE_MASK      0xFFu
#define GLYPH_MSB      0x80u
#define BPP_15         15u
#define BPP_16         16u
#define BPP_24         24u
#define BPP_32         32u
#define FBCON_BLANK    ((uint8_t)' ') /* a cell after clearing: the font's space is all background */

static uint32_t scale(uint8_t v, uint8_t size)
{
    if (size == 0)
        return 0;
    if (size > CHANNEL_BITS)
        size = CHANNEL_BITS;
    return (uint32_t)v >> (CHANNEL_BITS - size);
}

uint32_t fb_pack(const struct fb_format *f, uint8_t r, uint8_t g, uint8_t b)
{
    return (scale(r, f->red_size) << f->red_pos) | (scale(g, f->green_size) << f->green_pos) |
           (scale(b, f->blue_size) << f->blue_pos);
}

static int channel_fits(uint8_t pos, uint8_t size, uint32_t bits)
{
    return (uint32_t)pos + size <= bits;
}

/* put_pixel_row: write count pixels of value v starting at p. */
static void fill_pixels(const struct fbcon *c, uint8_t *p, uint32_t count, uint32_t v)
{
    switch (c->bytes_pp) {
    case 4:
        for (uint32_t i = 0; i < count; i++)
            ((uint32_t *)(void *)p)[i] = v;
        break;
    case 2:
        for (uint32_t i = 0; i < count; i++)
            ((uint16_t *)(void *)p)[i] = (uint16_t)v;
        break;
    default:
        for (uint32_t i = 0; i < count; i++)
            for (uint32_t k = 0; k < c->bytes_pp; k++)
                p[i * c->bytes_pp + k] = (uint8_t)(v >> (k * BITS_PER_BYTE));
        break;
    }
}

static void put_pixel(const struct fbcon *c, uint8_t *p, uint32_t v)
{
    fill_pixels(c, p, 1, v);
}

/* clear_rows: fill pixel rows [y0, y1) with the background. */
static void clear_rows(const struct fbcon *c, uint32_t y0, uint32_t y1)
{
    for (uint32_t y = y0; y < y1; y++)
        fill_pixels(c, c->base + (size_t)y * c->pitch, c->width, c->bg);
}

static uint32_t rgb_pack(const struct fb_format *f, uint32_t rgb)
{
    return fb_pack(f, (uint8_t)((rgb >> RGB_RED_SHIFT) & BYTE_MASK),
                   (uint8_t)((rgb >> RGB_GREEN_SHIFT) & BYTE_MASK), (uint8_t)(rgb & BYTE_MASK));
}

int fbcon_init(struct fbcon *c, void *base, uint32_t width, uint32_t height, uint32_t pitch,
               const struct fb_format *fmt, uint32_t fg_rgb, uint32_t bg_rgb)
{
    c->base = 0;
    if (base == 0)
        return -1;
    uint32_t bits = fmt->bpp == BPP_15 ? BPP_16 : fmt->bpp;
    if (bits != BPP_16 && bits != BPP_24 && bits != BPP_32)
        return -1;
    uint32_t used = fmt->bpp; /* channels must lie in the pixel's meaningful bits */
    if (!channel_fits(fmt->red_pos, fmt->red_size, used) ||
        !channel_fits(fmt->green_pos, fmt->green_size, used) ||
        !channel_fits(fmt->blue_pos, fmt->blue_size, used))
        return -1;
    uint32_t bytes_pp = bits / BITS_PER_BYTE;
    if ((uint64_t)width * bytes_pp > pitch || width < FONT_WIDTH || height < FONT_HEIGHT)
        return -1;
    c->base = base;
    c->width = width;
    c->height = height;
    c->pitch = pitch;
    c->fmt = *fmt;
    c->bytes_pp = bytes_pp;
    c->cols = width / FONT_WIDTH;
    c->rows = height / FONT_HEIGHT;
    c->col = c->row = 0;
    c->cells = 0;
    c->fg = rgb_pack(fmt, fg_rgb);
    c->bg = rgb_pack(fmt, bg_rgb);
    clear_rows(c, 0, height);
    return 0;
}

static void draw_glyph(const struct fbcon *c, uint8_t ch, uint32_t col, uint32_t row)
{
    const uint8_t *glyph = font8x16[ch];
    uint8_t *line = c->base + (size_t)row * FONT_HEIGHT * c->pitch +
                    (size_t)col * FONT_WIDTH * c->bytes_pp;
    if (c->bytes_pp == sizeof(uint32_t) && ((uintptr_t)line | c->pitch) % sizeof(uint32_t) == 0) {
        /* The common 32 bpp case: whole-pixel stores, no per-pixel dispatch. */
        for (uint32_t y = 0; y < FONT_HEIGHT; y++, line += c->pitch) {
            uint32_t *px = (uint32_t *)(void *)line;
            for (uint32_t x = 0; x < FONT_WIDTH; x++)
                px[x] = (glyph[y] & (GLYPH_MSB >> x)) ? c->fg : c->bg;
        }
        return;
    }
    for (uint32_t y = 0; y < FONT_HEIGHT; y++, line += c->pitch)
        for (uint32_t x = 0; x < FONT_WIDTH; x++)
            put_pixel(c, line + x * c->bytes_pp, (glyph[y] & (GLYPH_MSB >> x)) ? c->fg : c->bg);
}

int fbcon_set_shadow(struct fbcon *c, uint8_t *buf, size_t cap)
{
    if (c->base == 0 || buf == 0 || cap < (size_t)c->cols * c->rows)
        return -1;
    for (size_t i = 0; i < (size_t)c->cols * c->rows; i++)
        buf[i] = FBCON_BLANK;
    c->cells = buf;
    return 0;
}

/* put_cell: draw ch in a cell and remember it in the shadow. */
static void put_cell(struct fbcon *c, uint8_t ch, uint32_t col, uint32_t row)
{
    draw_glyph(c, ch, col, row);
    if (c->cells != 0)
        c->cells[(size_t)row * c->cols + col] = ch;
}

/* scroll_shadow: every line up by one, redrawing only the cells whose character changes. */
static void scroll_shadow(struct fbcon *c)
{
    for (uint32_t row = 0; row < c->rows; row++) {
        uint8_t *line = c->cells + (size_t)row * c->cols;
        for (uint32_t col = 0; col < c->cols; col++) {
            uint8_t next = row + 1 < c->rows ? line[c->cols + col] : FBCON_BLANK;
            if (line[col] != next)
                put_cell(c, next, col, row);
        }
    }
}

/* scroll: move every text line up by one, clear the last (word copies where aligned). */
static void scroll(struct fbcon *c)
{
    if (c->cells != 0) {
        scroll_shadow(c);
        return;
    }
    size_t line_bytes = (size_t)FONT_HEIGHT * c->pitch;
    size_t move = (size_t)(c->rows - 1) * line_bytes;
    uint8_t *dst = c->base, *src = c->base + line_bytes;
    if (((uintptr_t)dst | line_bytes | move) % sizeof(uint32_t) == 0) {
        uint32_t *d = (uint32_t *)(void *)dst;
        const uint32_t *s = (const uint32_t *)(const void *)src;
        for (size_t i = 0; i < move / sizeof(uint32_t); i++)
            d[i] = s[i];
    } else {
        for (size_t i = 0; i < move; i++)
            dst[i] = src[i];
    }
    clear_rows(c, (c->rows - 1) * FONT_HEIGHT, c->rows * FONT_HEIGHT);
}

static void newline(struct fbcon *c)
{
    c->col = 0;
    if (c->row + 1 < c->rows)
        c->row++;
    else
        scroll(c);
}

void fbcon_write(struct fbcon *c, const char *s, size_t n)
{
    if (c->base == 0)
        return;
    for (size_t i = 0; i < n; i++) {
        uint8_t ch = (uint8_t)s[i];
        if (ch == '\n') {
            newline(c);
        } else if (ch == '\r') {
            c->col = 0;
        } else if (ch == '\t') {
            c->col = (c->col / FBCON_TAB + 1) * FBCON_TAB;
            if (c->col >= c->cols)
                newline(c);
        } else {
            if (c->col >= c->cols)
                newline(c);
            put_cell(c, ch, c->col, c->row);
            c->col++;
        }
    }
}
