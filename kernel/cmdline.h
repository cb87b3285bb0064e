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

#endif /* KERNEL_CMDLINE_H */
