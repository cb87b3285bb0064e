# tests/host/host.mk: cmocka host tests, built from the same sources as the
# loader and the kernel, with ASan and UBSan.
#
# Convention: a test is tests/host/test_NAME.c plus tests/host/NAME.deps.mk,
# which says
#     HOST_TEST_NAMES += NAME
#     HOST_SRCS_NAME  := efi/config.c kernel/lib/fmt.c ...   (sources under test)
#     HOST_CFLAGS_NAME := -DSOMETHING                        (optional, extra flags)
# `make host-test` builds and runs them all and writes $(RESULTS)/host.
# A binary is rebuilt when a header it includes changes (build/host/test_NAME.d).

HOST_CC ?= gcc
HOST_CFLAGS := $(WARN) -std=gnu11 -O1 -g -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-Iefi -Ikernel/include -Ikernel/lib -Imm -Itrampoline -Itests/host -DHOST_TEST
HOST_LIBS := -lcmocka

HOST_TEST_NAMES :=
include $(sort $(wildcard tests/host/*.deps.mk))

define host_test_rule
$(BUILD)/host/test_$(1): tests/host/test_$(1).c $(HOST_SRCS_$(1)) tests/host/$(1).deps.mk | $(DEPS_STAMP)
	@mkdir -p $$(dir $$@)
	$(HOST_CC) $(HOST_CFLAGS) $(HOST_CFLAGS_$(1)) -o $$@ tests/host/test_$(1).c $(HOST_SRCS_$(1)) $(HOST_LIBS)
	$(HOST_CC) $(HOST_CFLAGS) $(HOST_CFLAGS_$(1)) -MM -MP -MT $$@ tests/host/test_$(1).c $(HOST_SRCS_$(1)) > $$@.d
endef
$(foreach t,$(HOST_TEST_NAMES),$(eval $(call host_test_rule,$(t))))

HOST_TEST_BINS := $(HOST_TEST_NAMES:%=$(BUILD)/host/test_%)
# The headers each binary included when it was last built (one -MM run per binary).
-include $(HOST_TEST_BINS:=.d)

.PHONY: host-test
TEST_PREREQS += $(HOST_TEST_BINS)
host-test: $(HOST_TEST_BINS)
	@mkdir -p $(RESULTS)
	tools/run-host-tests.sh $(RESULTS)/host $(HOST_TEST_BINS)
