# Makefile: builds the loader, the trampoline, the kernel and the ESP image,
# boots it in QEMU and runs every test layer. `make help` lists the targets.
#
# Parts live in fragments: kernel/kernel.mk (the i386 kernel),
# tests/host/host.mk (cmocka host tests), tests/fuzz/fuzz.mk (libFuzzer),
# tests/qemu/qemu.mk (boot tests). This file holds the loader, the
# trampoline, the image and the top-level targets.

BUILD   ?= build
ACCEL   ?= tcg
MEM     ?= 512M
QEMU    ?= qemu-system-x86_64
QEMU_TIMEOUT ?= 60
OVMF_CODE ?= /usr/share/OVMF/OVMF_CODE_4M.fd
OVMF_VARS ?= /usr/share/OVMF/OVMF_VARS_4M.fd

CC      ?= gcc
NASM    ?= nasm
OBJCOPY ?= objcopy

WARN := -Wall -Wextra -Werror

.DEFAULT_GOAL := all
.PHONY: all deps image usb iso memmaps run debug test clean help

# Install missing Debian packages once per tree (tools/deps.sh is idempotent).
DEPS_STAMP := $(BUILD)/.deps
$(DEPS_STAMP): tools/deps.sh
	@mkdir -p $(BUILD)
	@tools/deps.sh
	@touch $@
deps: $(DEPS_STAMP)

# ---- Loader + trampoline, once per firmware word size --------------------
# BOOTX64.EFI (x86_64 firmware: trampoline64.asm leaves long mode) and
# BOOTIA32.EFI (32-bit firmware: trampoline32.asm), from the same C sources
# with gnu-efi's crt0 and linker script for each. The trampoline is a flat
# binary linked into its loader as read-only data (objcopy -I binary).
EFI_INC := /usr/include/efi
TRAMP_INC := $(BUILD)/trampoline/handoff.inc
TRAMP_INCS := $(TRAMP_INC) trampoline/pm32.inc trampoline/pm32_defs.inc

$(TRAMP_INC): trampoline/handoff.h tools/gen-nasm-inc.sh | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	tools/gen-nasm-inc.sh $< > $@

# Sources shared with the host tests (pure code) and the firmware-facing ones.
LOADER_PURE := efi/config.c efi/kimage.c kernel/lib/mb2_names.c efi/plan.c efi/info.c efi/memranges.c efi/smbios.c efi/memmap_json.c \
	efi/mb1_header.c efi/mb1_info.c efi/info_corrupt.c efi/fbmode.c efi/sha256.c efi/kpin.c mm/efi_mmap.c kernel/lib/fmt.c kernel/lib/textbuf.c
# The kernel pin (docs/secure-boot.md): none in the development build;
# `make sign` builds the loaders again with KERNEL_PIN=kernel.elf to embed its SHA-256.
KPIN_SRC    := $(if $(KERNEL_PIN),$(BUILD)/efi/gen/kernel_pin.c,efi/kpin_none.c)
LOADER_SRCS := efi/main.c efi/console.c efi/fs.c efi/boot.c efi/boot_stamps.c efi/memmap_save.c efi/secure.c \
	$(KPIN_SRC) $(LOADER_PURE)

EFI_CFLAGS_COMMON := $(WARN) -std=gnu11 -O2 -g -fpic -fshort-wchar -ffreestanding \
	-fno-stack-protector -fno-strict-aliasing -mgeneral-regs-only \
	-I$(EFI_INC) -Iefi -Ikernel/include -Ikernel/lib -Imm -Itrampoline

# Per word size: the gnu-efi name, its library directory, compiler flags,
# the ELF format of the blob, the PE target, the trampoline source, extra libs.
EFI_ARCH_x86_64   := x86_64
EFI_LIBDIR_x86_64 := /usr/lib
EFI_CFLAGS_x86_64 := -m64 -mno-red-zone -DEFI_FUNCTION_WRAPPER -I$(EFI_INC)/x86_64
EFI_BLOB_x86_64   := -O elf64-x86-64 -B i386:x86-64
EFI_PE_x86_64     := efi-app-x86_64
EFI_TRAMP_x86_64  := trampoline/trampoline64.asm
EFI_LIBS_x86_64   :=
EFI_NAME_x86_64   := BOOTX64.EFI

EFI_ARCH_ia32     := ia32
EFI_LIBDIR_ia32   := /usr/lib32
EFI_CFLAGS_ia32   := -m32 -march=i686 -I$(EFI_INC)/ia32
EFI_BLOB_ia32     := -O elf32-i386 -B i386
EFI_PE_ia32       := efi-app-ia32
EFI_TRAMP_ia32    := trampoline/trampoline32.asm
# 64-bit division in fmt.c comes from libgcc on ia32.
EFI_LIBS_ia32     := $(shell $(CC) -m32 -print-libgcc-file-name)
EFI_NAME_ia32     := BOOTIA32.EFI

# efi_link ARCH: link $^ into the shared object $@ with gnu-efi's crt0 and
# linker script; efi_pe ARCH: turn the shared object $< into the PE image $@.
# Used by the loaders and ENROL.EFI (efi/secureboot.mk).
efi_link = ld -nostdlib -znocombreloc -z noexecstack -shared -Bsymbolic \
	-T $(EFI_LIBDIR_$(1))/elf_$(1)_efi.lds -L$(EFI_LIBDIR_$(1)) \
	$(EFI_LIBDIR_$(1))/crt0-efi-$(1).o $^ -o $@ -lefi -lgnuefi $(EFI_LIBS_$(1))
efi_pe = $(OBJCOPY) -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel \
	-j .rela -j .rel.* -j .rela.* -j .reloc -j .rodata \
	--target $(EFI_PE_$(1)) --subsystem=10 $< $@

# loader_rules ARCH,VARIANT,CFLAGS: the rules for
# $(BUILD)/efi/VARIANT/$(EFI_NAME_ARCH), built with the extra CFLAGS.
# VARIANT is empty for the real loaders; test builds name one (e.g. stale2/).
define loader_rules
LOADER_OBJS_$(1)$(2) := $$(patsubst %.c,$(BUILD)/efi/$(2)$(1)/obj/%.o,$(LOADER_SRCS))

$(BUILD)/efi/$(2)$(1)/obj/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(EFI_CFLAGS_COMMON) $$(EFI_CFLAGS_$(1)) $(3) -MMD -MP -c -o $$@ $$<

$(BUILD)/efi/$(2)$(1)/trampoline.bin: $(EFI_TRAMP_$(1)) $(TRAMP_INCS) | $(DEPS_STAMP)
	@mkdir -p $$(dir $$@)
	$$(NASM) -f bin -w+all -w+error -I$(BUILD)/trampoline/ -Itrampoline/ -o $$@ $$<

$(BUILD)/efi/$(2)$(1)/trampoline_blob.o: $(BUILD)/efi/$(2)$(1)/trampoline.bin
	cd $(BUILD)/efi/$(2)$(1) && $$(OBJCOPY) -I binary $(EFI_BLOB_$(1)) \
		--rename-section .data=.rodata,alloc,load,readonly,data,contents \
		trampoline.bin trampoline_blob.o

$(BUILD)/efi/$(2)$(1)/loader.so: $$(LOADER_OBJS_$(1)$(2)) $(BUILD)/efi/$(2)$(1)/trampoline_blob.o
	$$(call efi_link,$(1))

$(BUILD)/efi/$(2)$(EFI_NAME_$(1)): $(BUILD)/efi/$(2)$(1)/loader.so
	$$(call efi_pe,$(1))

-include $$(LOADER_OBJS_$(1)$(2):.o=.d)
endef
$(foreach a,x86_64 ia32,$(eval $(call loader_rules,$(a),,)))

# Test builds that make the memory map key stale N times before
# ExitBootServices may succeed (efi/boot.c, TEST_STALE_EXITS): the retry
# path must still boot, and give up cleanly when it never can.
STALE_EXIT_COUNTS := 1 2 5 8
$(foreach n,$(STALE_EXIT_COUNTS),$(eval $(call loader_rules,x86_64,stale$(n)/,-DTEST_STALE_EXITS=$(n))))
STALE_EXIT_LOADERS := $(foreach n,$(STALE_EXIT_COUNTS),$(BUILD)/efi/stale$(n)/BOOTX64.EFI)

# Test builds that damage the Multiboot2 information just before the jump
# (efi/info_corrupt.h): the kernel must report it and fall back or panic.
CORRUPT_INFO_KINDS := truncate overrun descr0
CORRUPT_INFO_truncate := MB2_CORRUPT_TRUNCATE
CORRUPT_INFO_overrun  := MB2_CORRUPT_OVERRUN
CORRUPT_INFO_descr0   := MB2_CORRUPT_DESCR0
$(foreach k,$(CORRUPT_INFO_KINDS),$(eval $(call loader_rules,x86_64,corrupt-$(k)/,-DTEST_CORRUPT_INFO=$(CORRUPT_INFO_$(k)))))
CORRUPT_INFO_LOADERS := $(foreach k,$(CORRUPT_INFO_KINDS),$(BUILD)/efi/corrupt-$(k)/BOOTX64.EFI)

LOADER_EFI   := $(BUILD)/efi/BOOTX64.EFI
LOADER_EFI32 := $(BUILD)/efi/BOOTIA32.EFI

# ---- Kernel -------------------------------------------------------------
include kernel/kernel.mk

# ---- User programs (loaded as Multiboot2 modules, docs/processes.md) -----
include user/user.mk

# ---- ESP image (FAT, built with mtools: no root, no loop devices) -------
# The staged tree: esp/ as it is, plus the loader and the kernel.
ESP_IMG      := $(BUILD)/esp.img
ESP_ROOT     := $(BUILD)/esp-root
ESP_SIZE_KIB := 65536
ESP_FILES    := $(shell find esp -type f)

$(ESP_IMG): $(LOADER_EFI) $(LOADER_EFI32) $(KERNEL_ELF) $(USER_ELFS) $(ESP_FILES) tools/mkesp.sh
	rm -rf $(ESP_ROOT) && mkdir -p $(ESP_ROOT)/EFI/BOOT $(ESP_ROOT)/user
	cp -r esp/. $(ESP_ROOT)/
	cp $(USER_ELFS) $(ESP_ROOT)/user/
	cp $(LOADER_EFI) $(ESP_ROOT)/EFI/BOOT/BOOTX64.EFI
	cp $(LOADER_EFI32) $(ESP_ROOT)/EFI/BOOT/BOOTIA32.EFI
	cp $(KERNEL_ELF) $(ESP_ROOT)/kernel.elf
	tools/mkesp.sh $@ $(ESP_SIZE_KIB) $(ESP_ROOT)

# ---- USB stick image: GPT + FAT32 ESP (tools/mkusb.sh) --------------------
# The ESP tree plus an empty memmaps/ folder, with save_memmap = yes in boot.cfg.
USB_IMG     := $(BUILD)/disk.img
USB_ROOT    := $(BUILD)/usb-root
USB_ESP_MIB := 64

$(USB_IMG): $(ESP_IMG) tools/mkusb.sh
	rm -rf $(USB_ROOT) && cp -r $(ESP_ROOT) $(USB_ROOT) && mkdir -p $(USB_ROOT)/memmaps
	printf '# The stick saves each machine'"'"'s memory map (docs/memmap-json.md).\nsave_memmap = yes\n' \
		>> $(USB_ROOT)/boot.cfg
	tools/mkusb.sh $@ $(USB_ESP_MIB) $(USB_ROOT)

usb: $(USB_IMG)

# Memory maps of several machines, collected for study (tools/collect-memmaps.sh):
# build/memmaps/index.html shows them side by side.
MEMMAP_CONFIGS ?= q35:64M:1 q35:512M:1 q35:3G:4 q35:8G:4 pc:512M:1 pc:2G:4
memmaps: $(USB_IMG)
	tools/collect-memmaps.sh $(BUILD)/memmaps $(USB_IMG) $(MEMMAP_CONFIGS)

# ---- Hybrid ISO: a CD (El Torito EFI boot image) and a USB stick (GPT) -----
# The El Torito boot image and the GPT partition are one and the same FAT32
# ESP (the stick's tree, so it saves memory maps when written to a stick),
# appended after the ISO 9660 tree (xorriso).
ISO_IMG  := $(BUILD)/pm32boot.iso
ISO_ROOT := $(BUILD)/iso-root
ESP_GPT_GUID := C12A7328-F81F-11D2-BA4B-00A0C93EC93B

ISO_ESP  := $(BUILD)/iso-esp.img

$(ISO_IMG): $(USB_IMG) | $(DEPS_STAMP)
	tools/mkesp.sh $(ISO_ESP) $(ESP_SIZE_KIB) $(USB_ROOT)
	rm -rf $(ISO_ROOT) && mkdir -p $(ISO_ROOT)
	printf 'pm32boot: the loader, kernel and boot.cfg are on this image'"'"'s EFI partition.\n' \
		> $(ISO_ROOT)/README.TXT
	xorriso -as mkisofs -quiet -o $@ -V PM32BOOT -J -R -partition_offset 16 \
		-append_partition 2 $(ESP_GPT_GUID) $(ISO_ESP) -appended_part_as_gpt \
		-e --interval:appended_partition_2:all:: -no-emul-boot $(ISO_ROOT)

iso: $(ISO_IMG)

# ---- Secure Boot: make keys, make sign, make sb-test (docs/secure-boot.md)
include efi/secureboot.mk
include tests/qemu/secureboot.mk

# ---- Test layers (after the image: their rules name $(ESP_IMG)) ---------
include tests/host/host.mk
include tests/fuzz/fuzz.mk
include tests/qemu/qemu.mk
include tests/interop/interop.mk
include tests/matrix/matrix.mk
include tests/tools/tools.mk
include tests/bench/bench.mk

all: $(LOADER_EFI) $(LOADER_EFI32) $(KERNEL_ELF) $(USER_ELFS) $(ESP_IMG)
image: $(ESP_IMG)

# ---- Running ------------------------------------------------------------
QEMU_BASE = $(QEMU) -machine q35,accel=$(ACCEL) -m $(MEM) -nodefaults -no-reboot \
	-drive if=pflash,format=raw,unit=0,readonly=on,file=$(OVMF_CODE) \
	-drive if=pflash,format=raw,unit=1,file=$(BUILD)/run-vars.fd \
	-device isa-debug-exit,iobase=0xf4,iosize=4

RUN_NOPAUSE := -fw_cfg name=opt/pm32boot/nopause,string=1

$(BUILD)/run-vars.fd: | $(DEPS_STAMP)
	cp $(OVMF_VARS) $@

# Serial on the terminal (Ctrl-A X quits); the framebuffer in a window when
# there is a display, none otherwise (then nobody can page through the
# kernel's memory-map report on the screen, so it is told not to pause). A copy of the image is booted so a
# running QEMU never sees the build rewrite it.
run: $(ESP_IMG) $(BUILD)/run-vars.fd
	cp $(ESP_IMG) $(BUILD)/run.img
	$(QEMU_BASE) -drive if=ide,format=raw,file=$(BUILD)/run.img \
		-serial mon:stdio $(if $(DISPLAY),-vga std,-display none -vga std $(RUN_NOPAUSE))

# Halted at the first instruction with a gdb stub on :1234;
# `gdb -x tools/kernel.gdb` in another terminal connects and loads symbols.
debug: $(ESP_IMG) $(BUILD)/run-vars.fd
	cp $(ESP_IMG) $(BUILD)/run.img
	@echo "debug: QEMU halted, gdb stub on localhost:1234; run: gdb -x tools/kernel.gdb"
	$(QEMU_BASE) -drive if=ide,format=raw,file=$(BUILD)/run.img \
		-serial mon:stdio -display none -vga std -s -S

# ---- Tests --------------------------------------------------------------
# Each layer leaves build/results/<layer> ("passed=N failed=M");
# tools/sum-results.sh prints the one closing line and fails on any failure.
RESULTS := $(BUILD)/results
# TEST_JOBS layers run at once (tools/run-layers.sh), longest first; each
# layer's output is printed whole when it ends. Everything the layers boot or
# run (TEST_PREREQS) is built first, in one make, so no two layers build the
# same file.
TEST_JOBS ?= 2
TEST_LAYERS := qemu-test robust-test usb-test exit-test fuzz-smoke sb-test interop-test \
	bench-test matrix-test host-test tool-test
TEST_RESULTS := host fuzz qemu usb exit robust interop matrix tools secureboot bench
# TEST_PREREQS: what the layers need, added by each layer's fragment next to
# its rule (tests/*/*.mk), so the two lists cannot drift apart.

.PHONY: test-prereqs
test-prereqs: $(TEST_PREREQS) | $(DEPS_STAMP)

test: | $(DEPS_STAMP)
	@rm -rf $(RESULTS) && mkdir -p $(RESULTS)
	@status=0; \
	$(MAKE) --no-print-directory -j$(TEST_JOBS) test-prereqs || status=1; \
	MAKE="$(MAKE)" tools/run-layers.sh $(TEST_JOBS) $(BUILD)/layer-logs $(TEST_LAYERS) || status=1; \
	tools/sum-results.sh $(RESULTS) $(TEST_RESULTS) || status=1; \
	exit $$status

clean:
	rm -rf $(BUILD)

help:
	@echo "make            build BOOTX64.EFI, kernel.elf and build/esp.img"
	@echo "make run        boot build/esp.img in QEMU+OVMF (ACCEL=kvm, MEM=2G to change)"
	@echo "make debug      the same, halted, with a gdb stub (gdb -x tools/kernel.gdb)"
	@echo "make test       host tests, fuzz smoke runs and QEMU boot tests"
	@echo "make fuzz       longer fuzzing runs (FUZZ_SECONDS=60 each)"
	@echo "make bench      boot times vs GRUB 2, where the time goes, sizes, memory, allocator (build/bench.json)"
	@echo "make image      build/esp.img only"
	@echo "make user       the ring-3 programs in build/user/ (docs/processes.md)"
	@echo "make usb        build/disk.img: GPT + FAT32 ESP, ready for dd to a USB stick"
	@echo "make iso        build/pm32boot.iso: hybrid ISO, boots as a CD and as a USB stick"
	@echo "make matrix     boot matrix: memory, CPUs, pc/q35, CPU models, OVMF 2M/4M (MATRIX=full: all 264)"
	@echo "make soak       allocator and paging stress for SOAK_SECONDS (600) under TCG"
	@echo "make memmaps    boot several machines, collect their memory maps in build/memmaps/"
	@echo "make keys       your own Secure Boot PK/KEK/db keys and .esl/.auth files (KEYDIR=keys)"
	@echo "make sign       loaders pinned to kernel.elf, signed with KEY= CERT= (build/esp-signed.img)"
