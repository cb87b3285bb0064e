# tests/matrix/matrix.mk: the boot matrix (docs/matrix.md).
# `make matrix` boots the plain image over memory sizes, CPU counts, machine
# types, CPU models and OVMF builds and prints a table (build/matrix/table.txt).
# MATRIX=pairwise (default): every pair of axis values in some cell (33 cells);
# MATRIX=full: the cross product (264 cells). MATRIX_JOBS boots at a time.
# `make matrix-test` (a layer of `make test`) boots MATRIX_TEST_CELLS only.

MATRIX      ?= pairwise
MATRIX_JOBS ?= 2
MATRIX_DIR  := $(BUILD)/matrix
# Cells no other layer covers: pc with 4 CPUs, a client CPU model and the
# 2 MiB OVMF at 3.5 GiB; q35 with EPYC and the 4 MiB OVMF at 16 GiB; and
# 32 MiB, where OVMF itself cannot start (a firmware limit the table shows).
MATRIX_TEST_CELLS ?= 16G 1 q35 EPYC 4M;3.5G 4 pc Skylake-Client 2M;32M 1 q35 qemu64 2M

.PHONY: matrix matrix-test
matrix: $(ESP_IMG)
	CELLS="$$(tests/matrix/cells.py $(MATRIX))" JOBS=$(MATRIX_JOBS) ESP_ROOT=$(ESP_ROOT) ACCEL=$(ACCEL) \
		tests/matrix/run-matrix.sh $(MATRIX_DIR)

TEST_PREREQS += $(ESP_IMG)
matrix-test: $(ESP_IMG)
	@mkdir -p $(RESULTS)
	CELLS="$$(echo '$(MATRIX_TEST_CELLS)' | tr ';' '\n')" JOBS=$(MATRIX_JOBS) ESP_ROOT=$(ESP_ROOT) \
		ACCEL=$(ACCEL) tests/matrix/run-matrix.sh $(BUILD)/matrix-test $(RESULTS)/matrix
