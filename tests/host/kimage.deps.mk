HOST_TEST_NAMES += kimage
HOST_SRCS_kimage := efi/kimage.c kernel/lib/mb2_names.c kernel/lib/fmt.c tests/host/elf_builder.c
