FUZZ_NAMES += kimage
FUZZ_SRCS_kimage := efi/kimage.c kernel/lib/mb2_names.c kernel/lib/fmt.c
