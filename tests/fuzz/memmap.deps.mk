FUZZ_NAMES += memmap
FUZZ_SRCS_memmap := mm/memmap.c mm/efi_mmap.c kernel/lib/fmt.c tests/host/mm_check.c
