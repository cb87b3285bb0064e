/*
 * cmdline.c: see cmdline.h.
 */
#include "cmdline.h"

#include <stddef.h>

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int cmdline_has_word(const char *cmdline, const char *word)
{
    if (cmdline == NULL || word == NULL || word[0] == '\0')
        return 0;
    const char *p = cmdline;
    while (*p != '\0') {
        while (is_space(*p))
            p++;
        const char *start = p;
        while (*p != '\0' && !is_space(*p))
            p++;
        size_t len = (size_t)(p - start);
        size_t k = 0;
        while (k < len && word[k] != '\0' && word[k] == start[k])
            k++;
        if (len > 0 && k == len && word[k] == '\0')
            return 1;
    }
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
    while (*p != '\0') {
        while (is_space(*p))
            p++;
        const char *start = p;
        while (*p != '\0' && !is_space(*p))
            p++;
        size_t k = 0;
        while (start + k < p && key[k] != '\0' && key[k] == start[k])
            k++;
        if (key[k] == '\0' && start + k < p && start[k] == '=')
            return parse_uint(start + k + 1, p, out);
    }
    return CMDLINE_ABSENT;
}
