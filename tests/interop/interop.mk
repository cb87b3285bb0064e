# tests/interop/interop.mk: Multiboot2 both ways. GRUB 2 boots our kernel;
# our loader boots a Multiboot2 kernel that is not ours (foreign_*.c/asm),
# and refuses its variant that requires a tag a UEFI loader cannot give;
# our loader boots a Multiboot1 kernel (mb1_*.c/asm) from x64 and ia32 firmware.
# `make interop-test` writes $(RESULTS)/interop.

INTEROP_BUILD := $(BUILD)/interop
FOREIGN_CFLAGS := -m32 -march=i686 -ffreestanding -fno-pie -fno-pic -fno-stack-protector \
	-mgeneral-regs-only -O2 -std=gnu11 $(WARN)

$(INTEROP_BUILD)/foreign_main.o: tests/interop/foreign_main.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(FOREIGN_CFLAGS) -c -o $@ $<

$(INTEROP_BUILD)/foreign_entry.o: tests/interop/foreign_entry.asm | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(NASM) -f elf32 -w+all -w+error -o $@ $<

$(INTEROP_BUILD)/foreign_entry_reqbootdev.o: tests/interop/foreign_entry.asm | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(NASM) -f elf32 -w+all -w+error -DREQUIRE_BOOTDEV -o $@ $<

$(INTEROP_BUILD)/foreign.elf: $(INTEROP_BUILD)/foreign_entry.o $(INTEROP_BUILD)/foreign_main.o tests/interop/foreign.ld
	ld -m elf_i386 -T tests/interop/foreign.ld -nostdlib -static -z noexecstack -o $@ \
		$(INTEROP_BUILD)/foreign_entry.o $(INTEROP_BUILD)/foreign_main.o

$(INTEROP_BUILD)/foreign-reqbootdev.elf: $(INTEROP_BUILD)/foreign_entry_reqbootdev.o $(INTEROP_BUILD)/foreign_main.o tests/interop/foreign.ld
	ld -m elf_i386 -T tests/interop/foreign.ld -nostdlib -static -z noexecstack -o $@ \
		$(INTEROP_BUILD)/foreign_entry_reqbootdev.o $(INTEROP_BUILD)/foreign_main.o

# A Multiboot1 kernel from the specification (mb1_*.c/asm): our loader boots it.
$(INTEROP_BUILD)/mb1_main.o: tests/interop/mb1_main.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(FOREIGN_CFLAGS) -c -o $@ $<

$(INTEROP_BUILD)/mb1_entry.o: tests/interop/mb1_entry.asm | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(NASM) -f elf32 -w+all -w+error -o $@ $<

$(INTEROP_BUILD)/mb1.elf: $(INTEROP_BUILD)/mb1_entry.o $(INTEROP_BUILD)/mb1_main.o tests/interop/mb1.ld
	ld -m elf_i386 -T tests/interop/mb1.ld -nostdlib -static -z noexecstack --no-warn-rwx-segments \
		-o $@ $(INTEROP_BUILD)/mb1_entry.o $(INTEROP_BUILD)/mb1_main.o

# GRUB's standalone EFI image, with tests/interop/grub.cfg built in.
$(INTEROP_BUILD)/grub/BOOTX64.EFI: tests/interop/grub.cfg tools/mkgrub.sh | $(DEPS_STAMP)
	tools/mkgrub.sh $@ tests/interop/grub.cfg

.PHONY: interop-test
INTEROP_TEST_DEPS := $(ESP_IMG) $(INTEROP_BUILD)/foreign.elf $(INTEROP_BUILD)/foreign-reqbootdev.elf \
	$(INTEROP_BUILD)/mb1.elf $(INTEROP_BUILD)/grub/BOOTX64.EFI
TEST_PREREQS += $(INTEROP_TEST_DEPS)
interop-test: $(INTEROP_TEST_DEPS)
	@mkdir -p $(RESULTS)
	BUILD=$(BUILD) ESP_ROOT=$(ESP_ROOT) INTEROP_BUILD=$(INTEROP_BUILD) ACCEL=$(ACCEL) \
		tests/interop/interop-tests.sh $(RESULTS)/interop
