FUZZ_NAMES += uelf
FUZZ_SRCS_uelf := kernel/uelf.c kernel/lib/fmt.c
