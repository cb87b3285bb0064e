HOST_TEST_NAMES += efi_mmap
HOST_SRCS_efi_mmap := mm/efi_mmap.c tests/host/mmap_builder.c
