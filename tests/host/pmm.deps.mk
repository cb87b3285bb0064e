HOST_TEST_NAMES += pmm
HOST_SRCS_pmm := mm/pmm.c mm/memmap.c mm/efi_mmap.c kernel/lib/fmt.c tests/host/mmap_builder.c tests/host/host_mm.c tests/host/mm_check.c
# Freed frames are poisoned in this (debug) build.
HOST_CFLAGS_pmm := -DPMM_DEBUG
