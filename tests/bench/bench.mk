# tests/bench/bench.mk: `make bench` - host benchmarks of the page-frame
# allocator beside a naive first-fit bitmap allocator (tests/bench/bench_pmm.c).
# Built -O2 without sanitizers; not part of `make test`.

BENCH_BIN := $(BUILD)/bench/bench_pmm
BENCH_SRCS := tests/bench/bench_pmm.c mm/pmm.c mm/memmap.c mm/efi_mmap.c kernel/lib/fmt.c

$(BENCH_BIN): $(BENCH_SRCS) tests/bench/bench.mk | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(WARN) -std=gnu11 -O2 -g -Imm -Ikernel/include -Ikernel/lib -o $@ $(BENCH_SRCS)

.PHONY: bench
bench: $(BENCH_BIN)
	$(BENCH_BIN)
