# tests/bench/bench.mk: `make bench` - host benchmarks of the page-frame
# allocator beside a naive first-fit bitmap allocator (tests/bench/bench_pmm.c)
# and of the page-table code (tests/bench/bench_vm.c). The kernel prints the
# cycles it spends building its own page tables on every boot (`paging:`).
# Built -O2 without sanitizers; not part of `make test`.

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

.PHONY: bench
bench: $(BENCH_BIN) $(BENCH_VM_BIN)
	$(BENCH_BIN)
	$(BENCH_VM_BIN)
