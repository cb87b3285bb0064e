/*
 * ktests_lib.c: in-kernel tests of the shared pure code as built for the
 * kernel (i386, freestanding: 64-bit division comes from libgcc).
 */
#include <stdint.h>

#include "cmdline.h"
#include "fmt.h"
#include "ktest.h"

#define FMT_BUF 64u

/* streq: C strings equal? */
static int streq(const char *a, const char *b)
{
    while (*a != '\0' && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

KTEST(fmt_formats)
{
    char buf[FMT_BUF];
    static const struct {
        const char *expect;
        const char *what;
    } want[] = {
        { "36d76289", "%08x of 0x36d76289" },
        { "0000002a", "%08x of 42" },
        { "-42", "%d of -42" },
        { "123456789abcdef0", "%llx of 0x123456789abcdef0" },
        { "18446744073709551615", "%llu of UINT64_MAX" },
        { "[  abc]", "[%5s] of abc" },
        { "(null)", "%s of NULL" },
        { "0x1000", "%p of 0x1000" },
    };
    char outs[sizeof(want) / sizeof(want[0])][FMT_BUF];
    fmt_format(outs[0], FMT_BUF, "%08x", 0x36d76289u);
    fmt_format(outs[1], FMT_BUF, "%08x", 42u);
    fmt_format(outs[2], FMT_BUF, "%d", -42);
    fmt_format(outs[3], FMT_BUF, "%llx", 0x123456789abcdef0ull);
    fmt_format(outs[4], FMT_BUF, "%llu", (unsigned long long)UINT64_MAX);
    fmt_format(outs[5], FMT_BUF, "[%5s]", "abc");
    const char *volatile null_string = NULL; /* volatile: hide the NULL from -Wformat */
    fmt_format(outs[6], FMT_BUF, "%s", null_string);
    fmt_format(outs[7], FMT_BUF, "%p", (void *)0x1000);
    for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        if (!streq(outs[i], want[i].expect))
            return ktest_failf(why, whycap, "%s gave \"%s\", expected \"%s\"", want[i].what,
                               outs[i], want[i].expect);
    }
    /* Truncation: NUL-terminated within the buffer, full length returned. */
    size_t n = fmt_format(buf, 4, "%s", "abcdef");
    if (n != 6 || !streq(buf, "abc"))
        return ktest_failf(why, whycap, "cut to 4 bytes gave \"%s\" and %u, expected \"abc\" and 6",
                           buf, (unsigned)n);
    return KTEST_PASS;
}

KTEST(cmdline_words)
{
    static const struct {
        const char *cmdline;
        int expect;
    } cases[] = {
        { "test", 1 },   { "a test b", 1 }, { "\ttest\n", 1 },  { "testing", 0 },
        { "x=test", 0 }, { "", 0 },         { "tes", 0 },       { "quiet  test", 1 },
    };
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int got = cmdline_has_word(cases[i].cmdline, "test");
        if (got != cases[i].expect)
            return ktest_failf(why, whycap, "cmdline_has_word(\"%s\", \"test\") = %d, expected %d",
                               cases[i].cmdline, got, cases[i].expect);
    }
    return KTEST_PASS;
}
