HOST_TEST_NAMES += smbios
HOST_SRCS_smbios := efi/smbios.c
