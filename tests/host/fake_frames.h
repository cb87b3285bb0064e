/*
 * fake_frames.h: a trivial page-frame allocator over the host tests' fake
 * RAM (host_mm.h), for mm/vm.c and the code above it: first free frame
 * from FAKE_FIRST_FRAME up, a count of frames out, and a limit on it so a
 * test can run the allocator dry at a chosen point.
 */
#ifndef TESTS_HOST_FAKE_FRAMES_H
#define TESTS_HOST_FAKE_FRAMES_H

#include <stdint.h>

#include "vm.h"

#define FAKE_FIRST_FRAME 16u   /* frames below are never handed out */
#define FAKE_FRAMES_MAX  4096u /* 16 MiB of fake RAM at the most */

struct fake_frames {
    uint8_t used[FAKE_FRAMES_MAX];
    uint32_t frames; /* frames [FAKE_FIRST_FRAME, frames) may be handed out */
    uint32_t out;    /* handed out and not returned */
    uint32_t limit;  /* at most this many out at once */
};

/* fake_frames_init: none out, frames below `frames` (at most FAKE_FRAMES_MAX) available, limit set. */
void fake_frames_init(struct fake_frames *f, uint32_t frames, uint32_t limit);

/* fake_frame_alloc: the lowest free frame, or paddr 0 at the limit or when none is left. */
paddr_t fake_frame_alloc(void *f);

/* fake_frame_free: give back a frame; the test fails unless it was handed out. */
void fake_frame_free(void *f, paddr_t pa);

/* fake_frames_ops: the vm_frames callbacks bound to f. */
struct vm_frames fake_frames_ops(struct fake_frames *f);

#endif /* TESTS_HOST_FAKE_FRAMES_H */
