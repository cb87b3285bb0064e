HOST_TEST_NAMES += plan
HOST_SRCS_plan := efi/plan.c mm/efi_mmap.c kernel/lib/fmt.c tests/host/mmap_builder.c
