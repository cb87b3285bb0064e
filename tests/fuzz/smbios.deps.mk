FUZZ_NAMES += smbios
FUZZ_SRCS_smbios := efi/smbios.c
