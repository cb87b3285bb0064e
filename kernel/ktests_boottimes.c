/*
 * ktests_boottimes.c: in-kernel tests of the boot-times tag our loader
 * hands over (boot_times.h) and of the TSC frequency (tsc.h).
 */
#include <stdint.h>

#include "ktest.h"
#include "tsc.h"
#include "x86.h"

#define OUR_LOADER_PREFIX "pm32boot" /* LOADER_NAME in efi/main.c starts so */
#define TSC_KHZ_MIN       10000u     /* 10 MHz: below this the measurement went wrong */
#define TSC_KHZ_MAX       20000000u  /* 20 GHz: above this too */

/* from_our_loader: the loader name starts with pm32boot (compared up to its NUL). */
static int from_our_loader(const struct mb2_info_view *v)
{
    if (v->loader_name == NULL)
        return 0;
    for (size_t i = 0; OUR_LOADER_PREFIX[i] != '\0'; i++)
        if (v->loader_name[i] != OUR_LOADER_PREFIX[i])
            return 0;
    return 1;
}

/* Our loader's tag is there, every slot was filled in, in boot order, before now. */
KTEST(boot_times_tag_ordered)
{
    const struct mb2_info_view *v = env->info;
    if (v == NULL)
        return ktest_failf(why, whycap, "no parsed information structure");
    if (!from_our_loader(v)) {
        if (v->boot_times != NULL)
            return ktest_failf(why, whycap, "loader \"%s\" passed a boot-times tag",
                               v->loader_name != NULL ? v->loader_name : "(none)");
        return KTEST_PASS; /* GRUB and others: no tag, nothing more to check */
    }
    if (v->boot_times == NULL)
        return ktest_failf(why, whycap, "no boot-times tag from our loader (%s)",
                           v->boot_times_note != NULL ? v->boot_times_note : "absent");
    const uint64_t *s = v->boot_times->stamps;
    for (uint32_t i = 0; i < BT_COUNT; i++) {
        if (s[i] == 0)
            return ktest_failf(why, whycap, "boot-times slot %u was never filled in", i);
        if (i > 0 && s[i] < s[i - 1])
            return ktest_failf(why, whycap, "boot-times slot %u (%llu) is before slot %u (%llu)",
                               i, (unsigned long long)s[i], i - 1u,
                               (unsigned long long)s[i - 1]);
    }
    uint64_t now = rdtsc();
    if (s[BT_KERNEL_JUMP] > now)
        return ktest_failf(why, whycap, "the kernel-jump stamp %llu is after now (%llu)",
                           (unsigned long long)s[BT_KERNEL_JUMP], (unsigned long long)now);
    return KTEST_PASS;
}

KTEST(tsc_frequency_known)
{
    (void)env;
    enum tsc_source src;
    uint32_t khz = tsc_khz(&src);
    if (src == TSC_SRC_NONE || khz == 0)
        return ktest_failf(why, whycap, "no TSC frequency: CPUID 0x15/0x16 absent and the PIT "
                           "channel 2 measurement did not finish");
    if (khz < TSC_KHZ_MIN || khz > TSC_KHZ_MAX)
        return ktest_failf(why, whycap, "TSC at %u kHz (%s), expected %u..%u kHz", khz,
                           tsc_source_name(src), TSC_KHZ_MIN, TSC_KHZ_MAX);
    return KTEST_PASS;
}
