HOST_TEST_NAMES += mb1_info
HOST_SRCS_mb1_info := efi/mb1_info.c efi/memranges.c mm/efi_mmap.c kernel/lib/fmt.c tests/host/mmap_builder.c
