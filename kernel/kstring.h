/*
 * kstring.h: the memory functions a freestanding GCC may emit calls to
 * (struct copies, zero-initialisation) even when the code never names them.
 */
#ifndef KERNEL_KSTRING_H
#define KERNEL_KSTRING_H

#include <stddef.h>

/* memcpy: copy n bytes; the ranges must not overlap. Returns dst. */
void *memcpy(void *dst, const void *src, size_t n);

/* memmove: copy n bytes; the ranges may overlap. Returns dst. */
void *memmove(void *dst, const void *src, size_t n);

/* memset: fill n bytes with (unsigned char)c. Returns dst. */
void *memset(void *dst, int c, size_t n);

/* memcmp: <0, 0 or >0 as a's first differing byte is below, equal to or above b's. */
int memcmp(const void *a, const void *b, size_t n);

#endif /* KERNEL_KSTRING_H */
