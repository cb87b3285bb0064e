/*
 * tsc.c: the TSC frequency from CPUID or PIT channel 2 (see tsc.h).
 */
#include "tsc.h"

#include "pit.h"
#include "x86.h"

#define CPUID_MAX_LEAF       0x00u
#define CPUID_TSC_LEAF       0x15u  /* EAX denominator, EBX numerator, ECX crystal Hz */
#define CPUID_FREQ_LEAF      0x16u  /* EAX[15:0] base MHz */
#define CPUID_FREQ_MHZ_MASK  0xFFFFu
#define HZ_PER_KHZ           1000u
#define MS_PER_S             1000u

/* PIT channel 2, gated and read back through the keyboard controller's port B. */
#define PIT_CH2_DATA         0x42u
#define PIT_CMD              0x43u
#define PIT_CMD_CH2_ONESHOT  0xB0u  /* channel 2, lobyte/hibyte, mode 0 (count down once), binary */
#define PORT_B               0x61u
#define PORT_B_GATE2         0x01u  /* channel 2 gate: counting enabled */
#define PORT_B_SPEAKER       0x02u  /* speaker data: kept off */
#define PORT_B_OUT2          0x20u  /* channel 2 output: high once the count reached 0 */
#define BYTE_MASK            0xFFu
#define BYTE_BITS            8u
#define PIT_WINDOW_COUNT     (PIT_INPUT_HZ * TSC_PIT_WINDOW_MS / MS_PER_S)
#define PIT_SPIN_MAX         50000000u /* give up on a PIT that never counts down */

_Static_assert(PIT_WINDOW_COUNT > 0 && PIT_WINDOW_COUNT <= 0xFFFF,
               "the calibration count must fit the PIT's 16 bits");

static uint32_t cached_khz;
static enum tsc_source cached_src;
static int measured;

/* from_cpuid: the frequency from leaf 0x15 or 0x16 where present, else 0. */
static uint32_t from_cpuid(enum tsc_source *src)
{
    uint32_t max = cpuid(CPUID_MAX_LEAF, 0).eax;
    if (max >= CPUID_TSC_LEAF) {
        struct cpuid_regs r = cpuid(CPUID_TSC_LEAF, 0);
        if (r.eax != 0 && r.ebx != 0 && r.ecx != 0) {
            *src = TSC_SRC_CPUID15;
            return (uint32_t)((uint64_t)(r.ecx / HZ_PER_KHZ) * r.ebx / r.eax);
        }
    }
    if (max >= CPUID_FREQ_LEAF) {
        uint32_t mhz = cpuid(CPUID_FREQ_LEAF, 0).eax & CPUID_FREQ_MHZ_MASK;
        if (mhz != 0) {
            *src = TSC_SRC_CPUID16;
            return mhz * HZ_PER_KHZ;
        }
    }
    return 0;
}

/* pit_window: TSC cycles over one PIT_WINDOW_COUNT countdown of channel 2; 0 when it never ends. */
static uint64_t pit_window(void)
{
    outb(PIT_CMD, PIT_CMD_CH2_ONESHOT);
    outb(PIT_CH2_DATA, PIT_WINDOW_COUNT & BYTE_MASK);
    uint64_t t0 = rdtsc(); /* before the count starts: a delay here only lengthens the window */
    outb(PIT_CH2_DATA, (PIT_WINDOW_COUNT >> BYTE_BITS) & BYTE_MASK);
    uint32_t spins = 0;
    while ((inb(PORT_B) & PORT_B_OUT2) == 0 && spins < PIT_SPIN_MAX)
        spins++;
    uint64_t t1 = rdtsc();
    return spins >= PIT_SPIN_MAX ? 0 : t1 - t0;
}

/* from_pit: the shortest of TSC_PIT_WINDOWS windows, as kHz; 0 when the PIT never ends. */
static uint32_t from_pit(void)
{
    uint8_t b = inb(PORT_B);
    outb(PORT_B, (uint8_t)((b & ~PORT_B_SPEAKER) | PORT_B_GATE2));
    uint64_t best = 0;
    for (uint32_t i = 0; i < TSC_PIT_WINDOWS; i++) {
        uint64_t c = pit_window();
        if (c == 0) {
            best = 0;
            break;
        }
        if (best == 0 || c < best)
            best = c;
    }
    outb(PORT_B, b); /* the gate and speaker as they were */
    /* kHz = cycles / (PIT_WINDOW_COUNT / PIT_INPUT_HZ seconds) / 1000 */
    return (uint32_t)(best * PIT_INPUT_HZ / ((uint64_t)PIT_WINDOW_COUNT * MS_PER_S));
}

uint32_t tsc_khz(enum tsc_source *src)
{
    if (!measured) {
        cached_src = TSC_SRC_NONE;
        cached_khz = from_cpuid(&cached_src);
        if (cached_khz == 0) {
            cached_khz = from_pit();
            cached_src = cached_khz != 0 ? TSC_SRC_PIT : TSC_SRC_NONE;
        }
        measured = 1;
    }
    *src = cached_src;
    return cached_khz;
}

const char *tsc_source_name(enum tsc_source src)
{
    switch (src) {
    case TSC_SRC_CPUID15:
        return "cpuid15";
    case TSC_SRC_CPUID16:
        return "cpuid16";
    case TSC_SRC_PIT:
        return "pit";
    default:
        return "none";
    }
}
