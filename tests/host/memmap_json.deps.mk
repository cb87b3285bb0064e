HOST_TEST_NAMES += memmap_json
HOST_SRCS_memmap_json := efi/memmap_json.c mm/efi_mmap.c kernel/lib/textbuf.c kernel/lib/fmt.c tests/host/mmap_builder.c
