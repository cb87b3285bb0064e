# tests/tools/tools.mk: unittest tests of the host tools (tools/memmap).
# `make tool-test` runs tests/tools/test_*.py and writes $(RESULTS)/tools.

.PHONY: tool-test
tool-test: | $(DEPS_STAMP)
	@mkdir -p $(RESULTS)
	python3 tests/tools/run_tests.py $(RESULTS)/tools
