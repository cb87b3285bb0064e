HOST_TEST_NAMES += fbmode
HOST_SRCS_fbmode := efi/fbmode.c
