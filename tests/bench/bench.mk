# tests/bench/bench.mk: `make bench` (docs/bench.md) - tests/bench/run-bench.py
# boots our loader and GRUB 2 alternately, reads the kernel's boot-times,
# pmm and paging lines, measures sizes, runs the host benchmarks of the
# page-frame allocator beside a naive first-fit bitmap (bench_pmm.c) and of
# the page-table code (bench_vm.c), prints one table each and writes
# build/bench.json (tools/bench-compare OLD NEW compares two). BENCH_RUNS=N
# boots per loader (5), BENCH_MEMS=64M,512M,... the -m list of the memory rows.
# Benchmarks never fail the build. `make bench-test` (a layer of make test)
# runs the same code once in quick mode and checks every row and the JSON.

BENCH_BIN := $(BUILD)/bench/bench_pmm
BENCH_SRCS := tests/bench/bench_pmm.c mm/pmm.c mm/memmap.c mm/efi_mmap.c kernel/lib/fmt.c

$(BENCH_BIN): $(BENCH_SRCS) tests/bench/bench.mk | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(WARN) -std=gnu11 -O2 -g -Imm -Ikernel/include -Ikernel/lib -o $@ $(BENCH_SRCS)

BENCH_VM_BIN := $(BUILD)/bench/bench_vm
BENCH_VM_SRCS := tests/bench/bench_vm.c mm/vm.c

$(BENCH_VM_BIN): $(BENCH_VM_SRCS) tests/bench/bench.mk | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(WARN) -std=gnu11 -O2 -g -Imm -Ikernel/include -Ikernel/lib -o $@ $(BENCH_VM_SRCS)

# GRUB's standalone image with the benchmark's grub.cfg (the same recipe as the interop tests).
BENCH_GRUB := $(BUILD)/bench/grub/BOOTX64.EFI
$(BENCH_GRUB): tests/bench/grub.cfg tools/mkgrub.sh | $(DEPS_STAMP)
	tools/mkgrub.sh $@ tests/bench/grub.cfg

BENCH_DEPS := $(ESP_IMG) $(BENCH_GRUB) $(BENCH_BIN) $(BENCH_VM_BIN)

.PHONY: bench bench-test
bench: $(BENCH_DEPS)
	-ACCEL=$(ACCEL) QEMU=$(QEMU) tests/bench/run-bench.py --build $(BUILD)

TEST_PREREQS += $(BENCH_DEPS)
bench-test: $(BENCH_DEPS)
	@mkdir -p $(RESULTS)
	ACCEL=$(ACCEL) QEMU=$(QEMU) tests/bench/check-bench.py --build $(BUILD) --result $(RESULTS)/bench
