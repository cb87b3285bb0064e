# tests/qemu/qemu.mk: boot tests of the real image under QEMU + OVMF.
# `make qemu-test` writes $(RESULTS)/qemu (see tests/qemu/boot-tests.sh).

# Where the "segment on firmware-reserved memory" test aims the kernel: a
# range OVMF's q35 map reports as EfiACPIMemoryNVS (0x810000-0x8fffff, see docs/testing.md).
QEMU_RESERVED_TARGET ?= 0x810000

.PHONY: qemu-test
TEST_PREREQS += $(ESP_IMG)
qemu-test: $(ESP_IMG)
	@mkdir -p $(RESULTS)
	BUILD=$(BUILD) KERNEL_ELF=$(KERNEL_ELF) ESP_ROOT=$(ESP_ROOT) ACCEL=$(ACCEL) \
		RESERVED_TARGET=$(QEMU_RESERVED_TARGET) tests/qemu/boot-tests.sh $(RESULTS)/qemu

# The USB stick image and the ISO booted as a PC would (tests/qemu/usb-tests.sh).
.PHONY: usb-test
USB_TEST_DEPS := $(USB_IMG) $(ISO_IMG)
TEST_PREREQS += $(USB_TEST_DEPS)
usb-test: $(USB_TEST_DEPS)
	@mkdir -p $(RESULTS)
	BUILD=$(BUILD) USB_IMG=$(USB_IMG) USB_ROOT=$(USB_ROOT) USB_ESP_MIB=$(USB_ESP_MIB) ISO_IMG=$(ISO_IMG) \
		ACCEL=$(ACCEL) tests/qemu/usb-tests.sh $(RESULTS)/usb

# The ExitBootServices retry path with stale map keys, and damaged information
# structures handed to the kernel (tests/qemu/exit-tests.sh).
.PHONY: exit-test
EXIT_TEST_DEPS := $(ESP_IMG) $(STALE_EXIT_LOADERS) $(CORRUPT_INFO_LOADERS)
TEST_PREREQS += $(EXIT_TEST_DEPS)
exit-test: $(EXIT_TEST_DEPS)
	@mkdir -p $(RESULTS)
	BUILD=$(BUILD) ESP_ROOT=$(ESP_ROOT) STALE_EXIT_COUNTS="$(STALE_EXIT_COUNTS)" ACCEL=$(ACCEL) \
		tests/qemu/exit-tests.sh $(RESULTS)/exit

# The loader against bad and unusual input: overlapping segments, 64 modules,
# odd boot.cfg files, a 200 MiB kernel, the fuzz seeds (tests/qemu/robust-tests.sh).
.PHONY: robust-test
ROBUST_TEST_DEPS := $(ESP_IMG) $(BUILD)/interop/mb1.elf
TEST_PREREQS += $(ROBUST_TEST_DEPS)
robust-test: $(ROBUST_TEST_DEPS)
	@mkdir -p $(RESULTS)
	BUILD=$(BUILD) ESP_ROOT=$(ESP_ROOT) KERNEL_ELF=$(KERNEL_ELF) MB1_ELF=$(BUILD)/interop/mb1.elf ACCEL=$(ACCEL) \
		tests/qemu/robust-tests.sh $(RESULTS)/robust

# The long run (not part of `make test`): allocator, paging and heap stress
# for SOAK_SECONDS under TCG (tests/qemu/soak-test.sh, kernel/soak.h).
SOAK_SECONDS ?= 600
.PHONY: soak
soak: $(ESP_IMG)
	BUILD=$(BUILD) ESP_ROOT=$(ESP_ROOT) ACCEL=$(ACCEL) tests/qemu/soak-test.sh $(SOAK_SECONDS)
