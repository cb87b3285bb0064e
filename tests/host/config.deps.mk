HOST_TEST_NAMES += config
HOST_SRCS_config := efi/config.c kernel/lib/fmt.c
