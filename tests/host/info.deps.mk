HOST_TEST_NAMES += info
HOST_SRCS_info := efi/info.c efi/memranges.c mm/efi_mmap.c kernel/lib/fmt.c tests/host/mmap_builder.c
