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
