#!/usr/bin/env python3
"""tests/tools/run_tests.py RESULT_FILE: run every tests/tools/test_*.py with unittest
(from the repository's top, where the fixtures' relative paths start) and write
"passed=N failed=M" to RESULT_FILE. Exits 1 if anything failed or errored."""

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    """Discover, run, count, write the result file."""
    if len(sys.argv) != 2:
        sys.stderr.write("usage: run_tests.py RESULT_FILE\n")
        return 2
    os.chdir(os.path.join(HERE, "..", ".."))
    sys.path.insert(0, HERE)
    suite = unittest.defaultTestLoader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)
    result = unittest.TextTestRunner(verbosity=1, stream=sys.stdout).run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    passed = result.testsRun - failed - len(result.skipped)
    if result.testsRun == 0:
        failed += 1
    with open(sys.argv[1], "w") as f:
        f.write("passed=%d failed=%d\n" % (passed, failed))
    print("tools: %d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
