# efi/secureboot.mk: Secure Boot for the stick (docs/secure-boot.md).
#
#   make keys [KEYDIR=dir]          your own PK, KEK and db keys, certificates and
#                                   the .esl/.auth files a firmware setup enrols
#                                   (default keys/: outside build/, so `make clean`
#                                   keeps them; git ignores it)
#   make sign [KEY=db.key CERT=db.crt]
#                                   the loaders rebuilt with kernel.elf's SHA-256
#                                   pinned in them, signed with sbsign, in
#                                   $(SIGNED_DIR)/, and an ESP holding them in
#                                   $(SIGNED_IMG)
#
# The pinned loaders are a second build of the same sources in $(PIN_BUILD)
# (a sub-make with KERNEL_PIN set, which swaps efi/kpin_none.c for a
# generated pin), so the development loaders and `make run` stay unpinned.

KEYDIR       ?= keys
KEY          ?= $(KEYDIR)/db.key
CERT         ?= $(KEYDIR)/db.crt
KEY_NAME     ?= pm32boot user
PIN_BUILD    := $(BUILD)/pinned
SIGNED_DIR   := $(BUILD)/efi/signed
SIGNED_IMG   := $(BUILD)/esp-signed.img
SIGNED_ROOT  := $(BUILD)/esp-signed-root
# The loaders `make sign` pins and signs, by file name in EFI/BOOT/.
SIGN_LOADERS := BOOTX64 BOOTIA32
PINNED_EFIS  := $(SIGN_LOADERS:%=$(PIN_BUILD)/efi/%.EFI)

.PHONY: keys sign pinned-loaders

# Only in the pinned sub-make: the generated pin of the kernel named by KERNEL_PIN.
ifneq ($(KERNEL_PIN),)
$(BUILD)/efi/gen/kernel_pin.c: $(KERNEL_PIN) tools/gen-kernel-pin.sh
	@mkdir -p $(dir $@)
	tools/gen-kernel-pin.sh $(KERNEL_PIN) > $@.tmp
	mv $@.tmp $@
endif

pinned-loaders: $(KERNEL_ELF)
	$(MAKE) --no-print-directory BUILD=$(PIN_BUILD) KERNEL_PIN=$(KERNEL_ELF) $(PINNED_EFIS)

keys: | $(DEPS_STAMP)
	tools/mkkeys.sh $(KEYDIR) "$(KEY_NAME)"

sign: pinned-loaders $(ESP_IMG)
	tools/sign-loaders.sh "$(KEY)" "$(CERT)" $(SIGNED_DIR) $(PINNED_EFIS)
	rm -rf $(SIGNED_ROOT) && cp -r $(ESP_ROOT) $(SIGNED_ROOT)
	cp $(SIGN_LOADERS:%=$(SIGNED_DIR)/%.EFI) $(SIGNED_ROOT)/EFI/BOOT/
	cp $(KERNEL_ELF) $(SIGNED_ROOT)/kernel.elf
	tools/mkesp.sh $(SIGNED_IMG) $(ESP_SIZE_KIB) $(SIGNED_ROOT)

# ENROL.EFI (efi/enrol.c): writes db.auth, KEK.auth, PK.auth from its volume
# into a firmware in setup mode; used by the Secure Boot tests, and by hand.
# Its objects share the x86_64 loader's object directory and rules.
ENROL_SRCS := efi/enrol.c efi/console.c efi/fs.c kernel/lib/fmt.c
ENROL_OBJS := $(patsubst %.c,$(BUILD)/efi/x86_64/obj/%.o,$(ENROL_SRCS))
ENROL_EFI  := $(BUILD)/efi/ENROL.EFI

$(BUILD)/efi/enrol.so: $(ENROL_OBJS)
	$(call efi_link,x86_64)

$(ENROL_EFI): $(BUILD)/efi/enrol.so
	$(call efi_pe,x86_64)

enrol-efi: $(ENROL_EFI)
.PHONY: enrol-efi
-include $(ENROL_OBJS:.o=.d)
