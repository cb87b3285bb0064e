FUZZ_NAMES += mmrep
FUZZ_SRCS_mmrep := kernel/mmrep_fmt.c kernel/mmrep_raw.c kernel/mmrep_sum.c mm/memmap.c mm/efi_mmap.c kernel/lib/fmt.c
