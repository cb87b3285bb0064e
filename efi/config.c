/*
 * config.c: the /boot.cfg parser (see config.h for the format).
 *
 * Pure code: it is compiled into the loader (freestanding, no libc) and into
 * the host tests and fuzzers, so it uses no library functions beyond fmt.
 */
#include "config.h"

#include "fmt.h"

#define CFG_QUOTE_MAX 48u  /* bytes of a key or path quoted in a message */
#define CFG_WHAT_MAX  160u /* a message before the "boot.cfg line N: " prefix */

static const char quote_ellipsis[] = "...";
static const char utf8_bom[] = "\xef\xbb\xbf"; /* U+FEFF encoded in UTF-8 */
#define UTF8_BOM_LEN (sizeof(utf8_bom) - 1u)

/* A piece of the input: [p, p + len), not NUL-terminated. */
struct span {
    const char *p;
    size_t len;
};

/* The parser's state: where the output and the message go, which line we are on. */
struct cfg_parser {
    struct boot_config *cfg;
    char *err;
    size_t errcap;
    unsigned line;         /* 1-based number of the line being parsed */
    unsigned kernel_line;  /* line that set kernel, 0 if none yet */
    unsigned cmdline_line; /* line that set cmdline, 0 if none yet */
    unsigned memmap_line;  /* line that set save_memmap, 0 if none yet */
};

/* is_blank: a space or a tab (the characters trimmed around keys and values). */
static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* trim: the span without leading and trailing blanks. */
static struct span trim(struct span s)
{
    while (s.len > 0 && is_blank(s.p[0])) {
        s.p++;
        s.len--;
    }
    while (s.len > 0 && is_blank(s.p[s.len - 1]))
        s.len--;
    return s;
}

/* span_is: does the span hold exactly the NUL-terminated word w? */
static int span_is(struct span s, const char *w)
{
    size_t i = 0;
    for (; i < s.len; i++) {
        if (w[i] == '\0' || w[i] != s.p[i])
            return 0;
    }
    return w[i] == '\0';
}

/* copy_span: copy s into dst (capacity cap > s.len) and NUL-terminate it. */
static void copy_span(char *dst, size_t cap, struct span s)
{
    size_t n = s.len < cap - 1 ? s.len : cap - 1;
    for (size_t i = 0; i < n; i++)
        dst[i] = s.p[i];
    dst[n] = '\0';
}

/*
 * quote: a NUL-terminated copy of s for a message, in dst (CFG_QUOTE_MAX
 * bytes); a longer span is cut and ends in "...".
 */
static void quote(char dst[CFG_QUOTE_MAX], struct span s)
{
    if (s.len < CFG_QUOTE_MAX) {
        copy_span(dst, CFG_QUOTE_MAX, s);
        return;
    }
    size_t keep = CFG_QUOTE_MAX - sizeof(quote_ellipsis);
    s.len = keep;
    copy_span(dst, CFG_QUOTE_MAX, s);
    for (size_t i = 0; i < sizeof(quote_ellipsis); i++)
        dst[keep + i] = quote_ellipsis[i];
}

/* fail: write "boot.cfg line N: <what>" into the error buffer; returns -1. */
static int fail(const struct cfg_parser *ps, const char *what)
{
    fmt_format(ps->err, ps->errcap, "boot.cfg line %u: %s", ps->line, what);
    return -1;
}

/*
 * store: check that value fits a field of capacity cap (NUL included) and
 * copy it there. Returns 0, or -1 with a message naming the key.
 */
static int store(const struct cfg_parser *ps, const char *key, struct span value,
                 char *dst, size_t cap)
{
    if (value.len >= cap) {
        char what[CFG_WHAT_MAX];
        fmt_format(what, sizeof(what), "value of '%s' is %llu bytes long, at most %llu fit",
                   key, (unsigned long long)value.len, (unsigned long long)(cap - 1));
        return fail(ps, what);
    }
    copy_span(dst, cap, value);
    return 0;
}

/* check_path: is path non-empty and absolute? 0, or -1 with a message naming the key. */
static int check_path(const struct cfg_parser *ps, const char *key, struct span path)
{
    char what[CFG_WHAT_MAX];
    if (path.len == 0) {
        fmt_format(what, sizeof(what), "empty path for '%s', expected an absolute path like %s",
                   key, CFG_DEFAULT_KERNEL);
        return fail(ps, what);
    }
    if (path.p[0] != '/') {
        char shown[CFG_QUOTE_MAX];
        quote(shown, path);
        fmt_format(what, sizeof(what),
                   "path '%s' for '%s' is relative, expected it to start with '/'", shown, key);
        return fail(ps, what);
    }
    return 0;
}

/* once: refuse a key given before (on line *seen); else remember this line. */
static int once(struct cfg_parser *ps, const char *key, unsigned *seen)
{
    if (*seen != 0) {
        char what[CFG_WHAT_MAX];
        fmt_format(what, sizeof(what), "'%s' given twice (first on line %u), expected it once",
                   key, *seen);
        return fail(ps, what);
    }
    *seen = ps->line;
    return 0;
}

/* first_word: the value up to its first blank (a module's path). */
static struct span first_word(struct span value)
{
    struct span w = { value.p, 0 };
    while (w.len < value.len && !is_blank(value.p[w.len]))
        w.len++;
    return w;
}

/* set_kernel: handle `kernel = /path`. */
static int set_kernel(struct cfg_parser *ps, struct span value)
{
    if (once(ps, "kernel", &ps->kernel_line) != 0 || check_path(ps, "kernel", value) != 0)
        return -1;
    return store(ps, "kernel", value, ps->cfg->kernel, CFG_PATH_MAX);
}

/* set_cmdline: handle `cmdline = text` (the text may be empty). */
static int set_cmdline(struct cfg_parser *ps, struct span value)
{
    if (once(ps, "cmdline", &ps->cmdline_line) != 0)
        return -1;
    return store(ps, "cmdline", value, ps->cfg->cmdline, CFG_CMDLINE_MAX);
}

/* add_module: handle `module = /path [args]`. */
static int add_module(struct cfg_parser *ps, struct span value)
{
    struct boot_config *cfg = ps->cfg;
    if (cfg->nmodules >= CFG_MODULES_MAX) {
        char what[CFG_WHAT_MAX];
        fmt_format(what, sizeof(what), "more than %u modules, the most this loader accepts",
                   CFG_MODULES_MAX);
        return fail(ps, what);
    }
    struct cfg_module *m = &cfg->modules[cfg->nmodules];
    struct span path = first_word(value);
    if (check_path(ps, "module", path) != 0 ||
        store(ps, "module", path, m->path, CFG_PATH_MAX) != 0 ||
        store(ps, "module", value, m->string, CFG_CMDLINE_MAX) != 0)
        return -1;
    cfg->nmodules++;
    return 0;
}

/* set_save_memmap: handle `save_memmap = yes|no`. */
static int set_save_memmap(struct cfg_parser *ps, struct span value)
{
    if (once(ps, "save_memmap", &ps->memmap_line) != 0)
        return -1;
    if (span_is(value, "yes") || span_is(value, "no")) {
        ps->cfg->save_memmap = span_is(value, "yes");
        return 0;
    }
    char shown[CFG_QUOTE_MAX];
    char what[CFG_WHAT_MAX];
    quote(shown, value);
    fmt_format(what, sizeof(what), "save_memmap is '%s', expected yes or no", shown);
    return fail(ps, what);
}

/* parse_line: one line without its line end; blank and comment lines are skipped. */
static int parse_line(struct cfg_parser *ps, struct span raw)
{
    struct span s = trim(raw);
    if (s.len == 0 || s.p[0] == '#')
        return 0;
    size_t eq = 0;
    while (eq < s.len && s.p[eq] != '=')
        eq++;
    if (eq == s.len)
        return fail(ps, "expected 'key = value', found no '='");
    struct span key = trim((struct span){ s.p, eq });
    struct span value = trim((struct span){ s.p + eq + 1, s.len - eq - 1 });
    if (key.len == 0)
        return fail(ps, "expected a key before '=', found none");
    if (span_is(key, "kernel"))
        return set_kernel(ps, value);
    if (span_is(key, "cmdline"))
        return set_cmdline(ps, value);
    if (span_is(key, "module"))
        return add_module(ps, value);
    if (span_is(key, "save_memmap"))
        return set_save_memmap(ps, value);
    char shown[CFG_QUOTE_MAX];
    char what[CFG_WHAT_MAX];
    quote(shown, key);
    fmt_format(what, sizeof(what), "unknown key '%s', expected kernel, cmdline, module or save_memmap", shown);
    return fail(ps, what);
}

void config_defaults(struct boot_config *cfg)
{
    struct span def = { CFG_DEFAULT_KERNEL, sizeof(CFG_DEFAULT_KERNEL) - 1 };
    copy_span(cfg->kernel, CFG_PATH_MAX, def);
    cfg->cmdline[0] = '\0';
    cfg->nmodules = 0;
    cfg->save_memmap = 0;
}

int config_parse(const char *text, size_t len, struct boot_config *cfg,
                 char *err, size_t errcap)
{
    struct cfg_parser ps = { cfg, err, errcap, 0, 0, 0, 0 };
    config_defaults(cfg);
    if (len > CFG_FILE_MAX) {
        fmt_format(err, errcap, "boot.cfg is %llu bytes, expected at most %u",
                   (unsigned long long)len, CFG_FILE_MAX);
        return -1;
    }
    size_t pos = 0;
    if (len >= UTF8_BOM_LEN && text[0] == utf8_bom[0] && text[1] == utf8_bom[1] &&
        text[2] == utf8_bom[2])
        pos = UTF8_BOM_LEN; /* editors on some systems start UTF-8 text with one */
    while (pos < len) {
        ps.line++;
        size_t end = pos;
        while (end < len && text[end] != '\n') {
            if (text[end] == '\0') {
                char what[CFG_WHAT_MAX];
                fmt_format(what, sizeof(what), "NUL byte at column %llu, expected text",
                           (unsigned long long)(end - pos + 1));
                return fail(&ps, what);
            }
            end++;
        }
        struct span raw = { text + pos, end - pos };
        if (raw.len > 0 && raw.p[raw.len - 1] == '\r')
            raw.len--;
        if (raw.len > CFG_LINE_MAX) {
            char what[CFG_WHAT_MAX];
            fmt_format(what, sizeof(what), "line is %llu bytes long, expected at most %u",
                       (unsigned long long)raw.len, CFG_LINE_MAX);
            return fail(&ps, what);
        }
        if (parse_line(&ps, raw) != 0)
            return -1;
        pos = end + 1;
    }
    return 0;
}
