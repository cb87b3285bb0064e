# tests/qemu/secureboot.mk: Secure Boot boot tests under QEMU with Debian's
# Secure Boot OVMF (tests/qemu/secureboot-tests.sh). `make sb-test` writes
# $(RESULTS)/secureboot.

OVMF_SB_CODE     ?= /usr/share/OVMF/OVMF_CODE_4M.secboot.fd
OVMF_SB_VARS     ?= /usr/share/OVMF/OVMF_VARS_4M.snakeoil.fd
OVMF_SB_BLANK    ?= /usr/share/OVMF/OVMF_VARS_4M.fd
OVMF_PLAIN_CODE  ?= /usr/share/OVMF/OVMF_CODE_4M.fd
SNAKEOIL_KEY     ?= /usr/share/ovmf/PkKek-1-snakeoil.key
SNAKEOIL_CERT    ?= /usr/share/ovmf/PkKek-1-snakeoil.pem

.PHONY: sb-test
SB_TEST_DEPS := $(ESP_IMG) pinned-loaders $(ENROL_EFI)
TEST_PREREQS += $(SB_TEST_DEPS)
sb-test: $(SB_TEST_DEPS)
	@mkdir -p $(RESULTS)
	BUILD=$(BUILD) KERNEL_ELF=$(KERNEL_ELF) ESP_ROOT=$(ESP_ROOT) ACCEL=$(ACCEL) \
		PINNED_EFI=$(PIN_BUILD)/efi/BOOTX64.EFI ENROL_EFI=$(ENROL_EFI) \
		OVMF_SB_CODE=$(OVMF_SB_CODE) OVMF_SB_VARS=$(OVMF_SB_VARS) OVMF_SB_BLANK=$(OVMF_SB_BLANK) \
		OVMF_PLAIN_CODE=$(OVMF_PLAIN_CODE) \
		SNAKEOIL_KEY=$(SNAKEOIL_KEY) SNAKEOIL_CERT=$(SNAKEOIL_CERT) \
		tests/qemu/secureboot-tests.sh $(RESULTS)/secureboot
