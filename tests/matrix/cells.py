#!/usr/bin/env python3
"""cells.py MODE: the boot matrix's cells, one per line as
"MEM SMP MACHINE CPU OVMF" (docs/matrix.md).

MODE full: every combination of every axis (the cross product).
MODE pairwise: every value of every axis at least once, and every pair of
values of two axes in at least one cell (a greedy covering array: each new
cell is the combination that covers the most pairs not yet covered, ties to
the first in cross-product order, so the list is the same on every run).

Axis values may be narrowed with MATRIX_MEMS, MATRIX_SMPS, MATRIX_MACHINES,
MATRIX_CPUS and MATRIX_OVMFS (space-separated) in the environment."""
import itertools
import os
import sys

AXES = [
    ("MATRIX_MEMS", "32M 64M 128M 512M 1G 2G 3G 3.5G 4G 6G 16G"),
    ("MATRIX_SMPS", "1 4"),
    ("MATRIX_MACHINES", "pc q35"),
    ("MATRIX_CPUS", "qemu64 Skylake-Client EPYC"),
    ("MATRIX_OVMFS", "2M 4M"),
]


def axis_values():
    """The values of each axis, from the environment or the defaults."""
    return [os.environ.get(name, default).split() for name, default in AXES]


def pairs_of(cell):
    """Every (axis i, value, axis j, value) pair a cell covers, i < j."""
    return {(i, cell[i], j, cell[j])
            for i, j in itertools.combinations(range(len(cell)), 2)}


def pairwise(values):
    """A covering array of strength 2 over the axes' values (greedy)."""
    every = list(itertools.product(*values))
    todo = set()
    for cell in every:
        todo |= pairs_of(cell)
    cells = []
    while todo:
        best = max(every, key=lambda c: len(pairs_of(c) & todo))
        cells.append(best)
        todo -= pairs_of(best)
    return cells


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in ("full", "pairwise"):
        print("usage: cells.py full|pairwise", file=sys.stderr)
        return 2
    values = axis_values()
    if any(not v for v in values):
        print("cells.py: an axis has no values", file=sys.stderr)
        return 2
    cells = list(itertools.product(*values)) if sys.argv[1] == "full" else pairwise(values)
    for cell in cells:
        print(" ".join(cell))
    return 0


if __name__ == "__main__":
    sys.exit(main())
