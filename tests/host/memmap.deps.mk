HOST_TEST_NAMES += memmap
HOST_SRCS_memmap := mm/memmap.c mm/efi_mmap.c kernel/lib/fmt.c tests/host/mmap_builder.c tests/host/mm_check.c
