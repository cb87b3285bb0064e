# tests/qemu/qemu.mk: boot tests of the real image under QEMU + OVMF.
# `make qemu-test` writes $(RESULTS)/qemu (see tests/qemu/boot-tests.sh).

# Where the "segment on firmware-reserved memory" test aims the kernel: a
# range OVMF's q35 map reports as EfiACPIMemoryNVS (0x810000-0x8fffff, see docs/testing.md).
QEMU_RESERVED_TARGET ?= 0x810000

.PHONY: qemu-test
qemu-test: $(ESP_IMG)
	@mkdir -p $(RESULTS)
	BUILD=$(BUILD) KERNEL_ELF=$(KERNEL_ELF) ESP_ROOT=$(ESP_ROOT) ACCEL=$(ACCEL) \
		RESERVED_TARGET=$(QEMU_RESERVED_TARGET) tests/qemu/boot-tests.sh $(RESULTS)/qemu
