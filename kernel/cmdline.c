/*
 * cmdline.c: see cmdline.h.
 */
#include "cmdline.h"

#include <stddef.h>

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * next_word: the next whitespace-separated word at or after *p: returns its
 * start and sets *len (0 at the end of the line); *p moves past it.
 */
static const char *next_word(const char **p, size_t *len)
{
    while (is_space(**p))
        (*p)++;
    const char *start = *p;
    while (**p != '\0' && !is_space(**p))
        (*p)++;
    *len = (size_t)(*p - start);
    return start;
}

/* prefix_len: how many leading bytes of [w, w + len) match s. */
static size_t prefix_len(const char *w, size_t len, const char *s)
{
    size_t k = 0;
    while (k < len && s[k] != '\0' && s[k] == w[k])
        k++;
    return k;
}

int cmdline_has_word(const char *cmdline, const char *word)
{
    if (cmdline == NULL || word == NULL || word[0] == '\0')
        return 0;
    const char *p = cmdline;
    size_t len;
    for (const char *w = next_word(&p, &len); len > 0; w = next_word(&p, &len))
        if (prefix_len(w, len, word) == len && word[len] == '\0')
            return 1;
    return 0;
}

#define DECIMAL_BASE 10u

/* parse_uint: the decimal number in [p, end), or CMDLINE_BAD. */
static int parse_uint(const char *p, const char *end, uint32_t *out)
{
    if (p == end)
        return CMDLINE_BAD;
    uint32_t v = 0;
    for (; p < end; p++) {
        if (*p < '0' || *p > '9')
            return CMDLINE_BAD;
        uint32_t d = (uint32_t)(*p - '0');
        if (v > (UINT32_MAX - d) / DECIMAL_BASE)
            return CMDLINE_BAD;
        v = v * DECIMAL_BASE + d;
    }
    *out = v;
    return CMDLINE_FOUND;
}

int cmdline_uint(const char *cmdline, const char *key, uint32_t *out)
{
    if (cmdline == NULL || key == NULL || key[0] == '\0')
        return CMDLINE_ABSENT;
    const char *p = cmdline;
    size_t len;
    for (const char *w = next_word(&p, &len); len > 0; w = next_word(&p, &len)) {
        size_t k = prefix_len(w, len, key);
        if (key[k] == '\0' && k < len && w[k] == '=')
            return parse_uint(w + k + 1, w + len, out);
    }
    return CMDLINE_ABSENT;
}
