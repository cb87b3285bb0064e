HOST_TEST_NAMES += mb2_info
HOST_SRCS_mb2_info := kernel/mb2_info.c efi/info_corrupt.c kernel/lib/mb2_names.c mm/efi_mmap.c kernel/lib/fmt.c
