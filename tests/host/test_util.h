/*
 * test_util.h: small assertions shared by the cmocka host tests.
 */
#ifndef TESTS_HOST_TEST_UTIL_H
#define TESTS_HOST_TEST_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

/* assert_contains: fail, showing both strings, unless needle occurs in hay. */
#define assert_contains(hay, needle)                                                   \
    do {                                                                               \
        const char *hay_ = (hay);                                                      \
        const char *needle_ = (needle);                                                \
        if (hay_ == NULL || strstr(hay_, needle_) == NULL)                             \
            fail_msg("expected a message containing \"%s\", found \"%s\"", needle_,   \
                     hay_ == NULL ? "(null)" : hay_);                                  \
    } while (0)

/*
 * mentions_hex: does msg contain the number v written in hex after "0x",
 * with or without leading zeros, in either case, not followed by another
 * hex digit? (Messages may print 0x100000 or 0x00100000.)
 */
static inline int mentions_hex(const char *msg, unsigned long long v)
{
    static const char digits[] = "0123456789abcdef";
    char want[24];
    int n = 0;
    do {
        want[n++] = digits[v % 16];
        v /= 16;
    } while (v != 0);
    for (const char *p = msg; p != NULL && (p = strstr(p, "0x")) != NULL; p++) {
        const char *q = p + 2;
        while (*q == '0' && (q[1] == '0' || (q[1] >= '1' && q[1] <= '9') ||
                             (q[1] >= 'a' && q[1] <= 'f') || (q[1] >= 'A' && q[1] <= 'F')))
            q++;
        int k = n - 1;
        while (k >= 0 && (*q == want[k] || *q == want[k] - ('a' - 'A')))
            q++, k--;
        int more = (*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'f') || (*q >= 'A' && *q <= 'F');
        if (k < 0 && !more)
            return 1;
    }
    return 0;
}

/* assert_mentions_hex: fail, showing the message, unless it mentions v in hex. */
#define assert_mentions_hex(msg, v)                                                     \
    do {                                                                                \
        if (!mentions_hex((msg), (v)))                                                  \
            fail_msg("expected the message to mention 0x%llx, found \"%s\"",           \
                     (unsigned long long)(v), (msg));                                   \
    } while (0)

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif /* TESTS_HOST_TEST_UTIL_H */
