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
.PHONY: all deps image run debug test clean help

# Install missing Debian packages once per tree (tools/deps.sh is idempotent).
DEPS_STAMP := $(BUILD)/.deps
$(DEPS_STAMP): tools/deps.sh
	@mkdir -p $(BUILD)
	@tools/deps.sh
	@touch $@
deps: $(DEPS_STAMP)

# ---- Trampoline (NASM, flat binary, copied into one page) -------------
TRAMP_INC := $(BUILD)/trampoline/handoff.inc
TRAMP_BIN := $(BUILD)/trampoline/trampoline.bin
TRAMP_OBJ := $(BUILD)/trampoline/trampoline_blob.o

$(TRAMP_INC): trampoline/handoff.h tools/gen-nasm-inc.sh | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	tools/gen-nasm-inc.sh $< > $@

$(TRAMP_BIN): trampoline/trampoline.asm $(TRAMP_INC) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(NASM) -f bin -w+all -w+error -I$(BUILD)/trampoline/ -o $@ $<

# The blob is linked into the loader as read-only data (.rodata).
$(TRAMP_OBJ): $(TRAMP_BIN)
	cd $(BUILD)/trampoline && $(OBJCOPY) -I binary -O elf64-x86-64 -B i386:x86-64 \
		--rename-section .data=.rodata,alloc,load,readonly,data,contents \
		trampoline.bin trampoline_blob.o

# ---- Loader (gnu-efi, x86_64) ------------------------------------------
EFI_INC    := /usr/include/efi
EFI_LIBDIR := /usr/lib
EFI_CRT0   := $(EFI_LIBDIR)/crt0-efi-x86_64.o
EFI_LDS    := $(EFI_LIBDIR)/elf_x86_64_efi.lds

# Sources shared with the host tests (pure code) and the firmware-facing ones.
LOADER_PURE := efi/config.c efi/kimage.c efi/plan.c efi/info.c mm/efi_mmap.c kernel/lib/fmt.c \
	efi/sha256.c efi/kpin.c
# The kernel pin (docs/secure-boot.md): none in the development build;
# `make sign` builds the loaders again with KERNEL_PIN=kernel.elf to embed its SHA-256.
KPIN_SRC    := $(if $(KERNEL_PIN),$(BUILD)/efi/gen/kernel_pin.c,efi/kpin_none.c)
LOADER_SRCS := efi/main.c efi/console.c efi/fs.c efi/boot.c efi/secure.c $(KPIN_SRC) $(LOADER_PURE)
LOADER_OBJS := $(patsubst %.c,$(BUILD)/efi/obj/%.o,$(LOADER_SRCS))
LOADER_SO   := $(BUILD)/efi/bootx64.so
LOADER_EFI  := $(BUILD)/efi/BOOTX64.EFI

EFI_CFLAGS := $(WARN) -std=gnu11 -O2 -g -fpic -fshort-wchar -ffreestanding \
	-fno-stack-protector -fno-strict-aliasing -mno-red-zone -mgeneral-regs-only \
	-DEFI_FUNCTION_WRAPPER -I$(EFI_INC) -I$(EFI_INC)/x86_64 -Iefi -Ikernel/include -Ikernel/lib -Imm -Itrampoline
EFI_LDFLAGS := -nostdlib -znocombreloc -z noexecstack -shared -Bsymbolic -T $(EFI_LDS) -L$(EFI_LIBDIR)

$(BUILD)/efi/obj/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(EFI_CFLAGS) -MMD -MP -c -o $@ $<

$(LOADER_SO): $(LOADER_OBJS) $(TRAMP_OBJ)
	ld $(EFI_LDFLAGS) $(EFI_CRT0) $^ -o $@ -lefi -lgnuefi

$(LOADER_EFI): $(LOADER_SO)
	$(OBJCOPY) -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel \
		-j .rela -j .rel.* -j .rela.* -j .reloc -j .rodata \
		--target efi-app-x86_64 --subsystem=10 $< $@

-include $(LOADER_OBJS:.o=.d)

# ---- Kernel -------------------------------------------------------------
include kernel/kernel.mk

# ---- ESP image (FAT, built with mtools: no root, no loop devices) -------
# The staged tree: esp/ as it is, plus the loader and the kernel.
ESP_IMG      := $(BUILD)/esp.img
ESP_ROOT     := $(BUILD)/esp-root
ESP_SIZE_KIB := 65536
ESP_FILES    := $(shell find esp -type f)

$(ESP_IMG): $(LOADER_EFI) $(KERNEL_ELF) $(ESP_FILES) tools/mkesp.sh
	rm -rf $(ESP_ROOT) && mkdir -p $(ESP_ROOT)/EFI/BOOT
	cp -r esp/. $(ESP_ROOT)/
	cp $(LOADER_EFI) $(ESP_ROOT)/EFI/BOOT/BOOTX64.EFI
	cp $(KERNEL_ELF) $(ESP_ROOT)/kernel.elf
	tools/mkesp.sh $@ $(ESP_SIZE_KIB) $(ESP_ROOT)

# ---- Test layers (after the image: their rules name $(ESP_IMG)) ---------
include tests/host/host.mk
include tests/fuzz/fuzz.mk
include tests/qemu/qemu.mk

all: $(LOADER_EFI) $(KERNEL_ELF) $(ESP_IMG)
image: $(ESP_IMG)

# ---- Secure Boot: make keys, make sign, make sb-test (docs/secure-boot.md)
include efi/secureboot.mk
include tests/qemu/secureboot.mk

# ---- Running ------------------------------------------------------------
QEMU_BASE = $(QEMU) -machine q35,accel=$(ACCEL) -m $(MEM) -nodefaults -no-reboot \
	-drive if=pflash,format=raw,unit=0,readonly=on,file=$(OVMF_CODE) \
	-drive if=pflash,format=raw,unit=1,file=$(BUILD)/run-vars.fd \
	-device isa-debug-exit,iobase=0xf4,iosize=4

$(BUILD)/run-vars.fd: | $(DEPS_STAMP)
	cp $(OVMF_VARS) $@

# Serial on the terminal (Ctrl-A X quits); the framebuffer in a window when
# there is a display, none otherwise. A copy of the image is booted so a
# running QEMU never sees the build rewrite it.
run: $(ESP_IMG) $(BUILD)/run-vars.fd
	cp $(ESP_IMG) $(BUILD)/run.img
	$(QEMU_BASE) -drive if=ide,format=raw,file=$(BUILD)/run.img \
		-serial mon:stdio $(if $(DISPLAY),-vga std,-display none -vga std)

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
test: | $(DEPS_STAMP)
	@rm -rf $(RESULTS) && mkdir -p $(RESULTS)
	@status=0; \
	$(MAKE) --no-print-directory host-test || status=1; \
	$(MAKE) --no-print-directory fuzz-smoke || status=1; \
	$(MAKE) --no-print-directory qemu-test || status=1; \
	$(MAKE) --no-print-directory sb-test || status=1; \
	tools/sum-results.sh $(RESULTS) host fuzz qemu secureboot || status=1; \
	exit $$status

clean:
	rm -rf $(BUILD)

help:
	@echo "make            build BOOTX64.EFI, kernel.elf and build/esp.img"
	@echo "make run        boot build/esp.img in QEMU+OVMF (ACCEL=kvm, MEM=2G to change)"
	@echo "make debug      the same, halted, with a gdb stub (gdb -x tools/kernel.gdb)"
	@echo "make test       host tests, fuzz smoke runs and QEMU boot tests"
	@echo "make fuzz       longer fuzzing runs (FUZZ_SECONDS=60 each)"
	@echo "make image      build/esp.img only"
	@echo "make keys       your own Secure Boot PK/KEK/db keys and .esl/.auth files (KEYDIR=keys)"
	@echo "make sign       loaders pinned to kernel.elf, signed with KEY= CERT= (build/esp-signed.img)"
