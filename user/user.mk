# user/user.mk: the ring-3 programs (freestanding i386 ELF executables,
# linked at 0x08048000 by user/user.ld), loaded by the kernel from
# Multiboot2 modules (esp/boot.cfg lists them). Included by the Makefile.
# No FPU or SSE code: the kernel keeps no floating-point state per process.

USER_BUILD := $(BUILD)/user
USER_PROGS := hello probe same sparse hog spin badptr
USER_ELFS  := $(USER_PROGS:%=$(USER_BUILD)/%.elf)
USER_LDS   := user/user.ld

USER_CFLAGS := -m32 -march=i686 -ffreestanding -fno-pie -fno-pic -fno-stack-protector \
	-mgeneral-regs-only -fno-asynchronous-unwind-tables -O2 -g -std=gnu11 $(WARN) \
	-Ikernel/include -Imm -Iuser
USER_LDFLAGS := -m elf_i386 -T $(USER_LDS) -nostdlib -static -no-pie -z noexecstack

$(USER_BUILD)/%.o: user/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -MMD -MP -c -o $@ $<

$(USER_BUILD)/%.elf: $(USER_BUILD)/%.o $(USER_BUILD)/ulib.o $(USER_LDS)
	ld $(USER_LDFLAGS) -o $@ $(USER_BUILD)/ulib.o $<

.SECONDARY: $(USER_PROGS:%=$(USER_BUILD)/%.o) $(USER_BUILD)/ulib.o

.PHONY: user
user: $(USER_ELFS)

-include $(USER_BUILD)/*.d
