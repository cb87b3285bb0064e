FUZZ_NAMES += plan
FUZZ_SRCS_plan := efi/plan.c mm/efi_mmap.c kernel/lib/fmt.c
