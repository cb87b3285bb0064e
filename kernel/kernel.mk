# kernel/kernel.mk: the 32-bit kernel (i386, freestanding, loaded at 1 MiB, linked at 3 GiB + 1 MiB).
# Included by the top-level Makefile, which defines BUILD, WARN, CC, NASM
# and DEPS_STAMP. Objects go to $(BUILD)/kernel/, mirroring the source tree.

KERNEL_BUILD := $(BUILD)/kernel
KERNEL_ELF   := $(KERNEL_BUILD)/kernel.elf
KERNEL_LDS   := kernel/kernel.ld

KERNEL_CFLAGS := -m32 -march=i686 -ffreestanding -fno-pie -fno-pic -fno-stack-protector \
	-mgeneral-regs-only -fno-omit-frame-pointer -O2 -g -std=gnu11 $(WARN) \
	-Ikernel/include -Ikernel/lib -Imm
KERNEL_NASMFLAGS := -f elf32 -g -w+all -w+error -I$(KERNEL_BUILD)/inc/
KERNEL_LDFLAGS := -m elf_i386 -T $(KERNEL_LDS) -nostdlib -static -no-pie -z noexecstack
# 64-bit division and the like (fmt.c prints 64-bit values) come from libgcc.
KERNEL_LIBGCC := $(shell $(CC) -m32 -print-libgcc-file-name)

KERNEL_C_SRCS := \
	kernel/main.c \
	kernel/serial.c \
	kernel/console.c \
	kernel/halt.c \
	kernel/kstring.c \
	kernel/cmdline.c \
	kernel/soak.c \
	kernel/mb2_info.c \
	kernel/lib/mb2_names.c \
	kernel/info_print.c \
	kernel/mmrep_fmt.c kernel/mmrep_raw.c kernel/mmrep_sum.c kernel/mmrep_page.c kernel/pager.c kernel/pager_wait.c kernel/fwcfg.c kernel/fwcfg_entry.c \
	kernel/ktest.c \
	kernel/ktests_entry.c \
	kernel/ktests_info.c \
	kernel/ktests_boottimes.c \
	kernel/ktests_lib.c \
	kernel/mm_glue.c \
	kernel/mm_boot.c \
	kernel/ktests_mm.c \
	mm/memmap.c \
	mm/pmm.c \
	mm/vm.c \
	kernel/kvm.c \
	kernel/kheap.c \
	kernel/ktests_vm.c \
	kernel/ktests_soak.c \
	kernel/panic.c \
	kernel/stacktrace.c \
	kernel/ksyms.c \
	kernel/desc.c \
	kernel/cpu.c \
	kernel/gdt.c \
	kernel/idt.c \
	kernel/exc.c \
	kernel/trap.c \
	kernel/df.c \
	kernel/pic.c \
	kernel/pit.c \
	kernel/tsc.c \
	kernel/boottimes.c \
	kernel/boottimes_fmt.c \
	kernel/kbench.c \
	kernel/ktests_trap.c \
	mm/uvm.c \
	mm/uaccess.c \
	kernel/uelf.c \
	kernel/uprog.c \
	kernel/proc.c \
	kernel/sched.c \
	kernel/syscall.c \
	kernel/utrap.c \
	kernel/ktests_proc.c \
	kernel/fbcon.c \
	kernel/fbcon_sink.c \
	kernel/font/font8x16.c \
	kernel/lib/fmt.c \
	mm/efi_mmap.c
KERNEL_ASM_SRCS := kernel/mb2_header.asm kernel/entry.asm kernel/isr_stubs.asm kernel/ktests_provoke.asm kernel/swtch.asm

# The header comes first on the link line as well (kernel.ld places it first anyway).
KERNEL_OBJS := $(patsubst %.asm,$(KERNEL_BUILD)/%.o,$(KERNEL_ASM_SRCS)) \
	$(patsubst %.c,$(KERNEL_BUILD)/%.o,$(KERNEL_C_SRCS))

# NASM views of C headers (numeric #defines only), generated.
KERNEL_INCS := $(KERNEL_BUILD)/inc/x86.inc $(KERNEL_BUILD)/inc/entry_state.inc \
	$(KERNEL_BUILD)/inc/multiboot2.inc $(KERNEL_BUILD)/inc/seg.inc $(KERNEL_BUILD)/inc/trap_frame.inc \
	$(KERNEL_BUILD)/inc/paging.inc $(KERNEL_BUILD)/inc/syscall_abi.inc

.SECONDARY: $(KERNEL_INCS)

$(KERNEL_BUILD)/inc/paging.inc: mm/paging.h tools/gen-nasm-inc.sh | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	tools/gen-nasm-inc.sh $< > $@

$(KERNEL_BUILD)/inc/%.inc: kernel/include/%.h tools/gen-nasm-inc.sh | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	tools/gen-nasm-inc.sh $< > $@

$(KERNEL_BUILD)/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_CFLAGS) -MMD -MP -c -o $@ $<

# GCC must not turn the mem* loops into calls to mem* themselves.
$(KERNEL_BUILD)/kernel/kstring.o: KERNEL_CFLAGS += -fno-tree-loop-distribute-patterns

$(KERNEL_BUILD)/%.o: %.asm $(KERNEL_INCS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(NASM) $(KERNEL_NASMFLAGS) -MD $(@:.o=.d) -MP -o $@ $<

# Two-pass link for the stack traces' symbol table (kernel/ksyms.h): link with
# an empty table, generate the table from that image's `nm -n`, link again,
# and check that no text symbol moved (the table only adds .rodata).
KERNEL_PASS1     := $(KERNEL_BUILD)/kernel.pass1.elf
KERNEL_SYMS_NONE := $(KERNEL_BUILD)/gen/ksyms_empty.c
KERNEL_SYMS_C    := $(KERNEL_BUILD)/gen/ksyms_table.c
KERNEL_TEXT_SYMS = nm -n $(1) | awk '$$2 == "t" || $$2 == "T"'

$(KERNEL_SYMS_NONE): tools/gen-ksyms.sh | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	tools/gen-ksyms.sh < /dev/null > $@

$(KERNEL_PASS1): $(KERNEL_OBJS) $(KERNEL_SYMS_NONE:.c=.o) $(KERNEL_LDS)
	ld $(KERNEL_LDFLAGS) -o $@ $(KERNEL_OBJS) $(KERNEL_SYMS_NONE:.c=.o) $(KERNEL_LIBGCC)

$(KERNEL_SYMS_C): $(KERNEL_PASS1) tools/gen-ksyms.sh
	nm -n $< | tools/gen-ksyms.sh > $@

$(KERNEL_BUILD)/gen/%.o: $(KERNEL_BUILD)/gen/%.c
	$(CC) $(KERNEL_CFLAGS) -Ikernel -c -o $@ $<

$(KERNEL_ELF): $(KERNEL_OBJS) $(KERNEL_SYMS_C:.c=.o) $(KERNEL_LDS)
	ld $(KERNEL_LDFLAGS) -o $@ $(KERNEL_OBJS) $(KERNEL_SYMS_C:.c=.o) $(KERNEL_LIBGCC)
	@$(call KERNEL_TEXT_SYMS,$(KERNEL_PASS1)) > $@.syms1
	@$(call KERNEL_TEXT_SYMS,$@) > $@.syms2
	@cmp -s $@.syms1 $@.syms2 || { echo "kernel: text symbols moved between link passes" >&2; rm -f $@; exit 1; }

.PHONY: kernel
kernel: $(KERNEL_ELF)

-include $(KERNEL_OBJS:.o=.d)
