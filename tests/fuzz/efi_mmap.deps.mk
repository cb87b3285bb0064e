FUZZ_NAMES += efi_mmap
FUZZ_SRCS_efi_mmap := efi/info.c efi/memranges.c mm/efi_mmap.c kernel/lib/fmt.c
