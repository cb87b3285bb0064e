/*
 * fake_frames.c: the host tests' trivial frame allocator (see fake_frames.h).
 */
#include "fake_frames.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>

void fake_frames_init(struct fake_frames *f, uint32_t frames, uint32_t limit)
{
    assert_true(frames <= FAKE_FRAMES_MAX);
    memset(f, 0, sizeof(*f));
    f->frames = frames;
    f->limit = limit;
}

paddr_t fake_frame_alloc(void *ctx)
{
    struct fake_frames *f = ctx;
    if (f->out >= f->limit)
        return paddr(0);
    for (uint32_t i = FAKE_FIRST_FRAME; i < f->frames; i++) {
        if (!f->used[i]) {
            f->used[i] = 1;
            f->out++;
            return paddr((uint64_t)i << PAGE_SHIFT);
        }
    }
    return paddr(0);
}

void fake_frame_free(void *ctx, paddr_t pa)
{
    struct fake_frames *f = ctx;
    uint64_t i = paddr_val(pa) >> PAGE_SHIFT;
    assert_true((paddr_val(pa) & PAGE_MASK) == 0);
    assert_true(i >= FAKE_FIRST_FRAME && i < f->frames && f->used[i]);
    f->used[i] = 0;
    f->out--;
}

struct vm_frames fake_frames_ops(struct fake_frames *f)
{
    return (struct vm_frames){ fake_frame_alloc, fake_frame_free, f };
}
