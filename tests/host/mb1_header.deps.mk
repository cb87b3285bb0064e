HOST_TEST_NAMES += mb1_header
HOST_SRCS_mb1_header := efi/mb1_header.c kernel/lib/fmt.c
