# tests/interop/interop.mk: Multiboot2 both ways. GRUB 2 boots our kernel;
# our loader boots a Multiboot2 kernel that is not ours (foreign_*.c/asm),
# and refuses its variant that requires a tag a UEFI loader cannot give;
# our loader boots a Multiboot1 kernel (mb1_*.c/asm) from x64 and ia32 firmware.
# `make interop-test` writes $(RESULTS)/interop.

INTEROP_BUILD := $(BUILD)/interop
FOREIGN_CFLAGS := -m32 -march=i686 -ffreestanding -fno-pie -fno-pic -fno-stack-protector \
	-mgeneral-regs-only -O2 -std=gnu11 $(WARN)
# The test-kernel library (tk.h: entry, COM1 output, counts), linked into all three.
TK_OBJS := $(INTEROP_BUILD)/tk_entry.o $(INTEROP_BUILD)/tk.o
# One RWX segment (text, data, bss) by design: ld need not warn about it.
INTEROP_LD := ld -m elf_i386 -nostdlib -static -z noexecstack --no-warn-rwx-segments

$(INTEROP_BUILD)/%.o: tests/interop/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(FOREIGN_CFLAGS) -MMD -MP -c -o $@ $<

$(INTEROP_BUILD)/%.o: tests/interop/%.asm | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(NASM) -f elf32 -w+all -w+error -o $@ $<

$(INTEROP_BUILD)/foreign_header_reqbootdev.o: tests/interop/foreign_header.asm | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(NASM) -f elf32 -w+all -w+error -DREQUIRE_BOOTDEV -o $@ $<

# A Multiboot2 kernel from the specification (foreign_*.c/asm) and its variant.
$(INTEROP_BUILD)/foreign.elf: $(INTEROP_BUILD)/foreign_header.o $(INTEROP_BUILD)/foreign_main.o \
		$(TK_OBJS) tests/interop/foreign.ld
	$(INTEROP_LD) -T tests/interop/foreign.ld -o $@ $(filter %.o,$^)

$(INTEROP_BUILD)/foreign-reqbootdev.elf: $(INTEROP_BUILD)/foreign_header_reqbootdev.o \
		$(INTEROP_BUILD)/foreign_main.o $(TK_OBJS) tests/interop/foreign.ld
	$(INTEROP_LD) -T tests/interop/foreign.ld -o $@ $(filter %.o,$^)

# A Multiboot1 kernel from the specification (mb1_*.c/asm): our loader boots it.
$(INTEROP_BUILD)/mb1.elf: $(INTEROP_BUILD)/mb1_header.o $(INTEROP_BUILD)/mb1_main.o \
		$(TK_OBJS) tests/interop/mb1.ld
	$(INTEROP_LD) -T tests/interop/mb1.ld -o $@ $(filter %.o,$^)

-include $(INTEROP_BUILD)/*.d

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
