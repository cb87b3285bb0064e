FUZZ_NAMES += mb2_info
FUZZ_SRCS_mb2_info := kernel/mb2_info.c kernel/boottimes_fmt.c kernel/lib/mb2_names.c mm/efi_mmap.c kernel/lib/fmt.c
