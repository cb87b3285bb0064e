/*
 * test_config.c: host tests of efi/config.c, the /boot.cfg parser.
 */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>

#include "config.h"

static char err[256];
static struct boot_config cfg;

/* parse: config_parse on a NUL-terminated text (the NUL is not passed). */
static int parse(const char *text)
{
    memset(err, 0, sizeof(err));
    return config_parse(text, strlen(text), &cfg, err, sizeof(err));
}

/* repeat: a malloc'd string of n copies of c. */
static char *repeat(char c, size_t n)
{
    char *s = malloc(n + 1);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

static void defaults_without_any_lines(void **state)
{
    (void)state;
    memset(&cfg, 0x5a, sizeof(cfg));
    config_defaults(&cfg);
    assert_string_equal(cfg.kernel, "/kernel.elf");
    assert_string_equal(cfg.cmdline, "");
    assert_int_equal(cfg.nmodules, 0);

    memset(&cfg, 0x5a, sizeof(cfg));
    assert_int_equal(parse(""), 0);
    assert_string_equal(cfg.kernel, CFG_DEFAULT_KERNEL);
    assert_string_equal(cfg.cmdline, "");
    assert_int_equal(cfg.nmodules, 0);
}

static void all_keys_are_read(void **state)
{
    (void)state;
    assert_int_equal(parse("kernel = /boot/k.elf\n"
                           "cmdline = test console=serial\n"
                           "module = /initrd.img root=ram\n"
                           "module=/fonts/font.psf\n"),
                     0);
    assert_string_equal(cfg.kernel, "/boot/k.elf");
    assert_string_equal(cfg.cmdline, "test console=serial");
    assert_int_equal(cfg.nmodules, 2);
    assert_string_equal(cfg.modules[0].path, "/initrd.img");
    assert_string_equal(cfg.modules[0].string, "/initrd.img root=ram");
    assert_string_equal(cfg.modules[1].path, "/fonts/font.psf");
    assert_string_equal(cfg.modules[1].string, "/fonts/font.psf");
}

static void comments_and_blank_lines_are_skipped(void **state)
{
    (void)state;
    assert_int_equal(parse("# boot.cfg\n"
                           "\n"
                           "   \t\n"
                           "   # indented comment = with equals\n"
                           "cmdline = a # not a comment here\n"),
                     0);
    assert_string_equal(cfg.cmdline, "a # not a comment here");
    assert_string_equal(cfg.kernel, "/kernel.elf");
}

static void crlf_and_whitespace_are_trimmed(void **state)
{
    (void)state;
    assert_int_equal(parse("\t kernel\t=\t/k.elf \t\r\n"
                           "cmdline =   x  y   \r\n"
                           "module = /m\tone two\r\n"
                           "\r\n"),
                     0);
    assert_string_equal(cfg.kernel, "/k.elf");
    assert_string_equal(cfg.cmdline, "x  y");
    assert_string_equal(cfg.modules[0].path, "/m");
    assert_string_equal(cfg.modules[0].string, "/m\tone two");
}

static void last_line_without_newline_is_read(void **state)
{
    (void)state;
    assert_int_equal(parse("cmdline = last"), 0);
    assert_string_equal(cfg.cmdline, "last");
}

static void empty_cmdline_is_allowed(void **state)
{
    (void)state;
    assert_int_equal(parse("cmdline =\n"), 0);
    assert_string_equal(cfg.cmdline, "");
}

static void unknown_key_names_the_line(void **state)
{
    (void)state;
    assert_int_equal(parse("# comment\nkernel = /k\nkernal = /x\n"), -1);
    assert_contains(err, "boot.cfg line 3: unknown key 'kernal'");
    assert_contains(err, "expected kernel, cmdline, module or save_memmap");
    assert_int_equal(parse("Kernel = /k\n"), -1); /* keys are case-sensitive */
    assert_contains(err, "boot.cfg line 1: unknown key 'Kernel'");
}

static void long_unknown_key_is_cut_in_the_message(void **state)
{
    (void)state;
    char *key = repeat('k', 500);
    char text[600];
    snprintf(text, sizeof(text), "%s = 1\n", key);
    assert_int_equal(parse(text), -1);
    assert_contains(err, "boot.cfg line 1: unknown key 'kkkk");
    assert_contains(err, "...'");
    assert_true(strlen(err) < 200);
    free(key);
}

static void missing_equals_is_refused(void **state)
{
    (void)state;
    assert_int_equal(parse("\n\nkernel /kernel.elf\n"), -1);
    assert_string_equal(err, "boot.cfg line 3: expected 'key = value', found no '='");
}

static void empty_key_is_refused(void **state)
{
    (void)state;
    assert_int_equal(parse("  = /x\n"), -1);
    assert_string_equal(err, "boot.cfg line 1: expected a key before '=', found none");
}

static void duplicate_kernel_and_cmdline_are_refused(void **state)
{
    (void)state;
    assert_int_equal(parse("kernel = /a\ncmdline = x\nkernel = /b\n"), -1);
    assert_string_equal(err, "boot.cfg line 3: 'kernel' given twice (first on line 1), "
                             "expected it once");
    assert_int_equal(parse("cmdline = x\ncmdline = y\n"), -1);
    assert_contains(err, "boot.cfg line 2: 'cmdline' given twice (first on line 1)");
}

static void too_many_modules_are_refused(void **state)
{
    (void)state;
    char text[CFG_MODULES_MAX * 32 + 64];
    size_t len = 0;
    for (unsigned i = 0; i < CFG_MODULES_MAX; i++)
        len += (size_t)snprintf(text + len, sizeof(text) - len, "module = /m%u arg%u\n", i, i);
    assert_int_equal(parse(text), 0);
    assert_int_equal(cfg.nmodules, CFG_MODULES_MAX);
    assert_string_equal(cfg.modules[CFG_MODULES_MAX - 1].string, "/m63 arg63");
    snprintf(text + len, sizeof(text) - len, "module = /one-too-many\n");
    assert_int_equal(parse(text), -1);
    assert_string_equal(err, "boot.cfg line 65: more than 64 modules, the most this loader accepts");
}

static void too_long_values_are_refused(void **state)
{
    (void)state;
    char *text = malloc(CFG_CMDLINE_MAX + 64);
    char *path = repeat('p', CFG_PATH_MAX - 1); /* with the '/' it is one byte too long */
    sprintf(text, "kernel = /%s\n", path);
    assert_int_equal(parse(text), -1);
    assert_string_equal(err, "boot.cfg line 1: value of 'kernel' is 256 bytes long, at most 255 fit");
    path[CFG_PATH_MAX - 2] = '\0'; /* exactly 255 bytes: fits */
    sprintf(text, "kernel = /%s\n", path);
    assert_int_equal(parse(text), 0);
    assert_int_equal(strlen(cfg.kernel), CFG_PATH_MAX - 1);
    free(path);

    char *words = repeat('w', CFG_CMDLINE_MAX);
    sprintf(text, "cmdline = %s\n", words);
    assert_int_equal(parse(text), -1);
    assert_string_equal(err, "boot.cfg line 1: value of 'cmdline' is 1024 bytes long, at most 1023 fit");
    sprintf(text, "module = /m %s\n", words);
    assert_int_equal(parse(text), -1);
    assert_contains(err, "value of 'module' is 1027 bytes long, at most 1023 fit");
    free(words);
    free(text);
}

static void utf8_bom_is_skipped(void **state)
{
    (void)state;
    assert_int_equal(parse("\xef\xbb\xbfkernel = /k.elf\r\ncmdline =\ttest\t\r\n"), 0);
    assert_string_equal(cfg.kernel, "/k.elf");
    assert_string_equal(cfg.cmdline, "test");
    assert_int_equal(parse("\xef\xbb\xbf# only a comment\n"), 0);
    assert_int_equal(parse("\xef\xbb\xbf"), 0);
    /* Only at the very start: elsewhere it is part of a key. */
    assert_int_equal(parse("cmdline = a\n\xef\xbb\xbfkernel = /k\n"), -1);
    assert_contains(err, "boot.cfg line 2: unknown key");
    /* A cut-off mark is not a mark. */
    assert_int_equal(parse("\xef\xbbkernel = /k\n"), -1);
    assert_contains(err, "boot.cfg line 1: unknown key");
}

static void too_long_lines_are_refused(void **state)
{
    (void)state;
    char *pad = repeat(' ', CFG_LINE_MAX);
    char *text = malloc(2 * CFG_LINE_MAX + 64);
    /* A line of exactly CFG_LINE_MAX bytes (CR LF not counted) is read. */
    sprintf(text, "cmdline = x%s\r\n", pad + 11);
    assert_int_equal(strlen(text), CFG_LINE_MAX + 2);
    assert_int_equal(parse(text), 0);
    assert_string_equal(cfg.cmdline, "x");
    /* One more byte, even in a comment, is refused with the line's number. */
    sprintf(text, "kernel = /k\n#%s\n", pad);
    assert_int_equal(parse(text), -1);
    assert_string_equal(err, "boot.cfg line 2: line is 2049 bytes long, expected at most 2048");
    free(pad);
    free(text);
}

static void relative_and_empty_paths_are_refused(void **state)
{
    (void)state;
    assert_int_equal(parse("kernel = kernel.elf\n"), -1);
    assert_string_equal(err, "boot.cfg line 1: path 'kernel.elf' for 'kernel' is relative, "
                             "expected it to start with '/'");
    assert_int_equal(parse("module = initrd /x\n"), -1);
    assert_contains(err, "path 'initrd' for 'module' is relative");
    assert_int_equal(parse("kernel =   \n"), -1);
    assert_contains(err, "boot.cfg line 1: empty path for 'kernel'");
    assert_int_equal(parse("module =\n"), -1);
    assert_contains(err, "empty path for 'module'");
}

static void nul_byte_is_refused(void **state)
{
    (void)state;
    static const char text[] = "kernel = /k\ncmd\0line = x\n";
    memset(err, 0, sizeof(err));
    assert_int_equal(config_parse(text, sizeof(text) - 1, &cfg, err, sizeof(err)), -1);
    assert_string_equal(err, "boot.cfg line 2: NUL byte at column 4, expected text");
}

static void text_need_not_be_nul_terminated(void **state)
{
    (void)state;
    char text[] = { 'c', 'm', 'd', 'l', 'i', 'n', 'e', '=', 'a', 'b' };
    assert_int_equal(config_parse(text, 9, &cfg, err, sizeof(err)), 0);
    assert_string_equal(cfg.cmdline, "a");
}

static void oversize_file_is_refused(void **state)
{
    (void)state;
    char *text = repeat('#', CFG_FILE_MAX + 1);
    for (size_t i = CFG_LINE_MAX; i <= CFG_FILE_MAX; i += CFG_LINE_MAX)
        text[i] = '\n'; /* comment lines of CFG_LINE_MAX bytes: at the limit */
    assert_int_equal(config_parse(text, CFG_FILE_MAX + 1, &cfg, err, sizeof(err)), -1);
    assert_string_equal(err, "boot.cfg is 65537 bytes, expected at most 65536");
    assert_int_equal(config_parse(text, CFG_FILE_MAX, &cfg, err, sizeof(err)), 0);
    free(text);
}

static void save_memmap_is_yes_or_no_once(void **state)
{
    (void)state;
    assert_int_equal(parse("kernel = /k.elf\n"), 0);
    assert_int_equal(cfg.save_memmap, 0);
    assert_int_equal(parse("save_memmap = yes\n"), 0);
    assert_int_equal(cfg.save_memmap, 1);
    assert_int_equal(parse("save_memmap=no\n"), 0);
    assert_int_equal(cfg.save_memmap, 0);
    assert_int_equal(parse("kernel = /k.elf\nsave_memmap = maybe\n"), -1);
    assert_contains(err, "boot.cfg line 2: save_memmap is 'maybe', expected yes or no");
    assert_int_equal(parse("save_memmap = yes\nsave_memmap = no\n"), -1);
    assert_contains(err, "boot.cfg line 2: 'save_memmap' given twice (first on line 1)");
}

static void error_buffer_may_be_small(void **state)
{
    (void)state;
    char small[8];
    assert_int_equal(config_parse("x\n", 2, &cfg, small, sizeof(small)), -1);
    assert_string_equal(small, "boot.cf");
    assert_int_equal(config_parse("x\n", 2, &cfg, NULL, 0), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults_without_any_lines),
        cmocka_unit_test(all_keys_are_read),
        cmocka_unit_test(comments_and_blank_lines_are_skipped),
        cmocka_unit_test(crlf_and_whitespace_are_trimmed),
        cmocka_unit_test(last_line_without_newline_is_read),
        cmocka_unit_test(empty_cmdline_is_allowed),
        cmocka_unit_test(unknown_key_names_the_line),
        cmocka_unit_test(long_unknown_key_is_cut_in_the_message),
        cmocka_unit_test(missing_equals_is_refused),
        cmocka_unit_test(empty_key_is_refused),
        cmocka_unit_test(duplicate_kernel_and_cmdline_are_refused),
        cmocka_unit_test(too_many_modules_are_refused),
        cmocka_unit_test(too_long_values_are_refused),
        cmocka_unit_test(utf8_bom_is_skipped),
        cmocka_unit_test(too_long_lines_are_refused),
        cmocka_unit_test(relative_and_empty_paths_are_refused),
        cmocka_unit_test(nul_byte_is_refused),
        cmocka_unit_test(text_need_not_be_nul_terminated),
        cmocka_unit_test(oversize_file_is_refused),
        cmocka_unit_test(save_memmap_is_yes_or_no_once),
        cmocka_unit_test(error_buffer_may_be_small),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
