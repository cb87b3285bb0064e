HOST_TEST_NAMES += kpin
HOST_SRCS_kpin := efi/kpin.c efi/sha256.c kernel/lib/fmt.c
