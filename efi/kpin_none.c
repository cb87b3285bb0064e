/*
 * kpin_none.c: the development build's kernel pin: none, so any kernel
 * file is accepted (`make run` and the boot tests swap kernels freely).
 * `make sign` links a generated pin instead (docs/secure-boot.md).
 */
#include "kpin.h"

const struct kernel_pin kernel_pin = { .enabled = 0 };
