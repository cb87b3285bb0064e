HOST_TEST_NAMES += mmrep
HOST_SRCS_mmrep := kernel/mmrep_fmt.c kernel/mmrep_raw.c kernel/mmrep_sum.c mm/memmap.c mm/efi_mmap.c kernel/lib/fmt.c tests/host/mmap_builder.c
HOST_CFLAGS_mmrep := -Ikernel
