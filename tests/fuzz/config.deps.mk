FUZZ_NAMES += config
FUZZ_SRCS_config := efi/config.c kernel/lib/fmt.c
