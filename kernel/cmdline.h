/*
 * cmdline.h: reading the kernel command line (pure code, host-testable).
 */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

/*
 * cmdline_has_word: 1 when `word` occurs in `cmdline` as a whole word
 * separated by whitespace (space, tab, newline, CR) or the ends of the
 * string, else 0 ("a test b" has "test"; "testing", "x=test" do not).
 * A NULL cmdline or an empty word gives 0.
 */
int cmdline_has_word(const char *cmdline, const char *word);

#include <stdint.h>

#define CMDLINE_ABSENT  0  /* no KEY=... word */
#define CMDLINE_FOUND   1  /* KEY=N with N a decimal number that fits 32 bits */
#define CMDLINE_BAD    (-1) /* KEY=... whose value is empty, not decimal, or too large */

/*
 * cmdline_uint: find the first whole word "KEY=VALUE" (KEY as given, then
 * '=') and read VALUE as a decimal uint32_t into *out. Returns
 * CMDLINE_FOUND (*out set), CMDLINE_ABSENT, or CMDLINE_BAD (*out
 * untouched). A NULL cmdline or empty key gives CMDLINE_ABSENT.
 */
int cmdline_uint(const char *cmdline, const char *key, uint32_t *out);

#endif /* KERNEL_CMDLINE_H */
