/*
 * config.h: the /boot.cfg parser (pure code; also built for the host tests).
 *
 * Format: one `key = value` per line; blank lines and lines whose first
 * non-blank character is '#' are ignored; spaces and tabs around keys and
 * values are trimmed; CR LF line ends are accepted; a UTF-8 byte order mark
 * (EF BB BF) at the very start of the file is skipped; a line longer than
 * CFG_LINE_MAX bytes (line end not counted) is refused, naming the line. Keys:
 *   kernel  = /path          the kernel file (default /kernel.elf); once
 *   cmdline = text           the kernel's command line (default empty); once
 *   module  = /path [args]   a module; repeatable, in order
 *   save_memmap = yes|no     write the firmware's memory map to /memmaps/
 *                            before booting (default no; docs/memmap-json.md)
 * Paths are absolute on the ESP the loader came from, '/' separated.
 */
#ifndef EFI_CONFIG_H
#define EFI_CONFIG_H

#include <stddef.h>

#define CFG_PATH_MAX     256u  /* bytes of a path, including the NUL */
#define CFG_CMDLINE_MAX  1024u /* bytes of a command line or module string, incl. NUL */
#define CFG_MODULES_MAX  64u   /* module lines accepted */
#define CFG_LINE_MAX     2048u /* bytes of a line without its line end: room for a
                                  full module line, padded with blanks and a comment */
#define CFG_FILE_MAX     65536u /* larger config files are refused */
#define CFG_DEFAULT_KERNEL "/kernel.elf"

struct cfg_module {
    char path[CFG_PATH_MAX];      /* the first word of the value */
    char string[CFG_CMDLINE_MAX]; /* the whole value: path and arguments */
};

struct boot_config {
    char kernel[CFG_PATH_MAX];
    char cmdline[CFG_CMDLINE_MAX];
    unsigned nmodules;
    struct cfg_module modules[CFG_MODULES_MAX];
    int save_memmap; /* 1: save the memory map files before booting */
};

/*
 * config_defaults: fill *cfg with the defaults (kernel /kernel.elf, empty
 * command line, no modules). config_parse starts from these too.
 */
void config_defaults(struct boot_config *cfg);

/*
 * config_parse: parse len bytes of text (need not be NUL-terminated; a NUL
 * byte inside is an error) into *cfg.
 * Returns 0 on success. On failure returns -1 and writes a one-line message
 * naming the line number and what is wrong into err (capacity errcap), e.g.
 * "boot.cfg line 3: unknown key 'kernal'". Errors: a line without '=',
 * an unknown key, an empty key or an empty path, a path not starting with
 * '/', a value too long for its field, kernel, cmdline or save_memmap given
 * twice, save_memmap other than yes or no, more
 * than CFG_MODULES_MAX modules, a file over CFG_FILE_MAX bytes, a NUL byte,
 * a line over CFG_LINE_MAX bytes (comment lines included).
 */
int config_parse(const char *text, size_t len, struct boot_config *cfg,
                 char *err, size_t errcap);

#endif /* EFI_CONFIG_H */
