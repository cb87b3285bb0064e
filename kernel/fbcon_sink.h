/*
 * fbcon_sink.h: the framebuffer console as a console sink (console.h).
 */
#ifndef KERNEL_FBCON_SINK_H
#define KERNEL_FBCON_SINK_H

#include <stddef.h>
#include <stdint.h>

#include "multiboot2.h"

#define FBCON_FG_RGB 0xC0C0C0u /* light grey text */
#define FBCON_BG_RGB 0x000000u /* on black */

/*
 * fbcon_sink_init: start the framebuffer console on the framebuffer the
 * Multiboot2 tag describes (NULL: none) and register it as a console sink,
 * replaying the output so far (console_add_sink_replay). Returns 0, or -1
 * after printing why not (no tag, not direct colour, above 4 GiB with
 * paging off, a layout fbcon_init refuses).
 */
int fbcon_sink_init(const struct mb2_tag_framebuffer *tag);

/* fbcon_sink_size: the running console's text cells in *cols, *rows; 0, or -1 when none runs. */
int fbcon_sink_size(uint32_t *cols, uint32_t *rows);

/*
 * fbcon_sink_write_only: draw n bytes on the framebuffer console alone (not
 * sent to other sinks, not kept for replay); nothing when none runs. For
 * what only a person at the screen needs (the pager's prompt).
 */
void fbcon_sink_write_only(const char *s, size_t n);

#endif /* KERNEL_FBCON_SINK_H */
