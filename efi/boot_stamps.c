/*
 * boot_stamps.c: loader time stamps and the boot-times tag (see boot_stamps.h).
 */
#include "boot_stamps.h"

#include "x86.h"

static uint64_t stamps[BT_COUNT];
static struct boot_times_tag *tag; /* in the information structure, identity mapped */

void bt_mark(uint32_t slot)
{
    if (slot < BT_COUNT)
        stamps[slot] = rdtsc();
}

int bt_add_tag(struct mb2_builder *b)
{
    /* mb2b_add zero-fills the payload: every slot reads "not taken" until bt_finish. */
    struct boot_times_tag *t =
        mb2b_add(b, BOOT_TIMES_TAG_TYPE, BOOT_TIMES_TAG_SIZE - sizeof(struct mb2_tag));
    if (t == NULL)
        return -1;
    t->version = BOOT_TIMES_VERSION;
    t->count = BT_COUNT;
    tag = t;
    return 0;
}

uint32_t bt_finish(void)
{
    if (tag == NULL)
        return 0;
    for (uint32_t i = 0; i < BT_COUNT; i++)
        tag->stamps[i] = stamps[i];
    return (uint32_t)(uintptr_t)tag;
}
