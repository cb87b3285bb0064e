# tests/fuzz/fuzz.mk: libFuzzer targets for every parser of untrusted input.
#
# Convention: a target is tests/fuzz/fuzz_NAME.c (defining
# LLVMFuzzerTestOneInput) plus tests/fuzz/NAME.deps.mk, which says
#     FUZZ_NAMES += NAME
#     FUZZ_SRCS_NAME := efi/config.c kernel/lib/fmt.c ...
# and optionally a seed corpus in tests/fuzz/corpus/NAME/.
# `make fuzz-smoke` runs each for FUZZ_SMOKE_SECONDS (part of `make test`);
# `make fuzz` runs each for FUZZ_SECONDS.

FUZZ_CC ?= clang
FUZZ_SMOKE_SECONDS ?= 5
FUZZ_SECONDS ?= 120
FUZZ_CFLAGS := $(WARN) -std=gnu11 -O1 -g -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -Iefi -Ikernel/include -Ikernel/lib -Imm -Itrampoline -DHOST_TEST

FUZZ_NAMES :=
include $(sort $(wildcard tests/fuzz/*.deps.mk))

define fuzz_rule
$(BUILD)/fuzz/fuzz_$(1): tests/fuzz/fuzz_$(1).c $(FUZZ_SRCS_$(1)) tests/fuzz/$(1).deps.mk | $(DEPS_STAMP)
	@mkdir -p $$(dir $$@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $$@ tests/fuzz/fuzz_$(1).c $(FUZZ_SRCS_$(1))
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MM -MP -MT $$@ tests/fuzz/fuzz_$(1).c $(FUZZ_SRCS_$(1)) > $$@.d
endef
$(foreach t,$(FUZZ_NAMES),$(eval $(call fuzz_rule,$(t))))

FUZZ_BINS := $(FUZZ_NAMES:%=$(BUILD)/fuzz/fuzz_%)
# The headers each target included when it was last built (one -MM run per target).
-include $(FUZZ_BINS:=.d)

.PHONY: fuzz-smoke fuzz
TEST_PREREQS += $(FUZZ_BINS)
fuzz-smoke: $(FUZZ_BINS)
	@mkdir -p $(RESULTS)
	tools/run-fuzz.sh $(RESULTS)/fuzz $(FUZZ_SMOKE_SECONDS) $(FUZZ_BINS)

fuzz: $(FUZZ_BINS)
	@mkdir -p $(RESULTS)
	tools/run-fuzz.sh $(RESULTS)/fuzz $(FUZZ_SECONDS) $(FUZZ_BINS)
