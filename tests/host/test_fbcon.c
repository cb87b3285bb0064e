/*
 * test_fbcon.c: host tests of kernel/fbcon.c, the framebuffer console's
 * renderer, drawing into malloc'ed framebuffers and comparing pixels with
 * the font bitmaps: 32, 24 and 16 bpp, odd pitches, wrapping, scrolling.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../kernel/fbcon.h"
#include "../../kernel/font/font8x16.h"

#define FG 0xC0C0C0u
#define BG 0x102030u
#define SHADOW_COLS  11u  /* a small screen with margins right and below */
#define SHADOW_ROWS  5u
#define SHADOW_SEED  7u
#define SHADOW_STEPS 200
#define SHADOW_CHUNK 13u
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const struct fb_format XRGB8888 = {32, 16, 8, 8, 8, 0, 8};
static const struct fb_format BGR888 = {24, 0, 8, 8, 8, 16, 8};
static const struct fb_format RGB565 = {16, 11, 5, 5, 6, 0, 5};

static uint32_t pixel_at(const struct fbcon *c, uint32_t x, uint32_t y)
{
    const uint8_t *p = c->base + (size_t)y * c->pitch + (size_t)x * c->bytes_pp;
    uint32_t v = 0;
    for (uint32_t k = 0; k < c->bytes_pp; k++)
        v |= (uint32_t)p[k] << (8 * k);
    return v;
}

/* cell_shows: the text cell (col, row) holds ch's glyph in fg on bg, pixel for pixel. */
static int cell_shows(const struct fbcon *c, uint32_t col, uint32_t row, uint8_t ch)
{
    for (uint32_t y = 0; y < FONT_HEIGHT; y++)
        for (uint32_t x = 0; x < FONT_WIDTH; x++) {
            uint32_t want = (font8x16[ch][y] & (0x80u >> x)) ? c->fg : c->bg;
            if (pixel_at(c, col * FONT_WIDTH + x, row * FONT_HEIGHT + y) != want)
                return 0;
        }
    return 1;
}

static uint8_t *new_fb(uint32_t pitch, uint32_t height)
{
    uint8_t *fb = malloc((size_t)pitch * height);
    assert_non_null(fb);
    memset(fb, 0xEE, (size_t)pitch * height); /* garbage the console must clear */
    return fb;
}

static void packing(void **state)
{
    (void)state;
    assert_int_equal(fb_pack(&XRGB8888, 0x12, 0x34, 0x56), 0x123456);
    assert_int_equal(fb_pack(&BGR888, 0x12, 0x34, 0x56), 0x563412);
    assert_int_equal(fb_pack(&RGB565, 0xFF, 0xFF, 0xFF), 0xFFFF);
    assert_int_equal(fb_pack(&RGB565, 0xFF, 0, 0), 0xF800);
    assert_int_equal(fb_pack(&RGB565, 0, 0xFF, 0), 0x07E0);
    assert_int_equal(fb_pack(&RGB565, 0, 0, 0xFF), 0x001F);
}

static void draws_text_in_each_format(void **state)
{
    (void)state;
    const struct fb_format *fmts[] = {&XRGB8888, &BGR888, &RGB565};
    for (unsigned i = 0; i < 3; i++) {
        uint32_t w = 100, h = 50, pitch = w * (fmts[i]->bpp / 8) + 12; /* padded lines */
        uint8_t *mem = new_fb(pitch, h);
        struct fbcon c;
        assert_int_equal(fbcon_init(&c, mem, w, h, pitch, fmts[i], FG, BG), 0);
        assert_int_equal(c.cols, 12);
        assert_int_equal(c.rows, 3);
        fbcon_write(&c, "Hi!\nok", 6);
        assert_true(cell_shows(&c, 0, 0, 'H'));
        assert_true(cell_shows(&c, 1, 0, 'i'));
        assert_true(cell_shows(&c, 2, 0, '!'));
        assert_true(cell_shows(&c, 0, 1, 'o'));
        assert_true(cell_shows(&c, 1, 1, 'k'));
        assert_true(cell_shows(&c, 5, 2, ' '));
        /* Pixels past the last whole cell are background; the pitch padding is untouched. */
        assert_int_equal(pixel_at(&c, w - 1, h - 1), c.bg);
        assert_int_equal(mem[pitch - 1], 0xEE);
        free(mem);
    }
}

static void wraps_and_scrolls(void **state)
{
    (void)state;
    uint32_t w = 4 * FONT_WIDTH, h = 2 * FONT_HEIGHT, pitch = w * 4;
    uint8_t *mem = new_fb(pitch, h);
    struct fbcon c;
    assert_int_equal(fbcon_init(&c, mem, w, h, pitch, &XRGB8888, FG, BG), 0);
    fbcon_write(&c, "abcdefgh", 8); /* two full lines, wraps once */
    assert_true(cell_shows(&c, 0, 0, 'a'));
    assert_true(cell_shows(&c, 3, 1, 'h'));
    fbcon_write(&c, "XY", 2);        /* wraps at the bottom: scrolls */
    assert_true(cell_shows(&c, 0, 0, 'e'));
    assert_true(cell_shows(&c, 3, 0, 'h'));
    assert_true(cell_shows(&c, 0, 1, 'X'));
    assert_true(cell_shows(&c, 1, 1, 'Y'));
    assert_true(cell_shows(&c, 2, 1, ' '));
    fbcon_write(&c, "\n", 1);        /* newline at the bottom scrolls too */
    assert_true(cell_shows(&c, 0, 0, 'X'));
    assert_true(cell_shows(&c, 0, 1, ' '));
    fbcon_write(&c, "\tZ\rQ", 4);
    assert_true(cell_shows(&c, 0, 1, 'Q'));
    free(mem);
}

static void scrolls_with_odd_pitch(void **state)
{
    (void)state;
    /* 24 bpp with a pitch that is not a multiple of 4: the byte-wise path. */
    uint32_t w = 3 * FONT_WIDTH, h = 2 * FONT_HEIGHT, pitch = w * 3 + 1;
    uint8_t *mem = new_fb(pitch, h);
    struct fbcon c;
    assert_int_equal(fbcon_init(&c, mem, w, h, pitch, &BGR888, FG, BG), 0);
    fbcon_write(&c, "1\n2\n3", 5);
    assert_true(cell_shows(&c, 0, 0, '2'));
    assert_true(cell_shows(&c, 0, 1, '3'));
    free(mem);
}

/* The shadow's scroll gives exactly the pixels of the pixel-moving one, on random text. */
static void shadow_scroll_matches_pixel_scroll(void **state)
{
    (void)state;
    static const struct {
        const struct fb_format *fmt;
        uint32_t bytes_pp, pad;
    } layouts[] = { { &XRGB8888, 4, 0 }, { &BGR888, 3, 1 } };
    static const char alphabet[] = "abc XYZ 0123\n\n\t\r~";
    for (size_t l = 0; l < ARRAY_LEN(layouts); l++) {
        uint32_t w = SHADOW_COLS * FONT_WIDTH + 3, h = SHADOW_ROWS * FONT_HEIGHT + 7;
        uint32_t pitch = w * layouts[l].bytes_pp + layouts[l].pad;
        uint8_t *a = new_fb(pitch, h), *b = new_fb(pitch, h);
        struct fbcon ca, cb;
        uint8_t cells[SHADOW_COLS * SHADOW_ROWS];
        assert_int_equal(fbcon_init(&ca, a, w, h, pitch, layouts[l].fmt, FG, BG), 0);
        assert_int_equal(fbcon_init(&cb, b, w, h, pitch, layouts[l].fmt, FG, BG), 0);
        assert_int_equal(fbcon_set_shadow(&cb, cells, sizeof(cells) - 1), -1); /* too small */
        assert_int_equal(fbcon_set_shadow(&cb, cells, sizeof(cells)), 0);
        uint32_t seed = SHADOW_SEED;
        for (int step = 0; step < SHADOW_STEPS; step++) {
            char text[SHADOW_CHUNK];
            for (size_t i = 0; i < sizeof(text); i++) {
                seed = seed * 1103515245u + 12345u;
                text[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
            }
            fbcon_write(&ca, text, sizeof(text));
            fbcon_write(&cb, text, sizeof(text));
            assert_memory_equal(a, b, (size_t)pitch * h);
        }
        free(a);
        free(b);
    }
}

static void refuses_bad_layouts(void **state)
{
    (void)state;
    uint8_t *mem = new_fb(4096, 64);
    struct fbcon c;
    struct fb_format indexed8 = {8, 0, 0, 0, 0, 0, 0};
    struct fb_format outside = {16, 12, 5, 5, 6, 0, 5}; /* red runs past bit 15 */
    assert_int_equal(fbcon_init(&c, NULL, 64, 64, 256, &XRGB8888, FG, BG), -1);
    assert_int_equal(fbcon_init(&c, mem, 64, 64, 64, &indexed8, FG, BG), -1);
    assert_int_equal(fbcon_init(&c, mem, 64, 32, 128, &outside, FG, BG), -1);
    assert_int_equal(fbcon_init(&c, mem, 64, 32, 255, &XRGB8888, FG, BG), -1); /* pitch < 256 */
    assert_int_equal(fbcon_init(&c, mem, 7, 64, 256, &XRGB8888, FG, BG), -1);  /* < 1 cell */
    assert_int_equal(fbcon_init(&c, mem, 64, 15, 256, &XRGB8888, FG, BG), -1);
    fbcon_write(&c, "x", 1); /* a refused console ignores text */
    free(mem);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(packing),
        cmocka_unit_test(draws_text_in_each_format),
        cmocka_unit_test(wraps_and_scrolls),
        cmocka_unit_test(scrolls_with_odd_pitch),
        cmocka_unit_test(shadow_scroll_matches_pixel_scroll),
        cmocka_unit_test(refuses_bad_layouts),
    };
    return cmocka_run_group_tests_name("fbcon", tests, NULL, NULL);
}
