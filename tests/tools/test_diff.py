"""The comparison of two maps."""

import unittest

from helpers import fixture, read_expected, run_cli
from memmaplib.diff import signed_size


class Diff(unittest.TestCase):
    def test_exact_small(self):
        status, out, _ = run_cli(["diff", fixture("overlapping.json"),
                                  fixture("unsorted.json")])
        self.assertEqual(status, 0)
        self.assertEqual(out, read_expected("overlapping-unsorted.diff.txt"))

    def test_two_maps_of_one_file(self):
        path = fixture("ovmf-q35-512M.json")
        status, out, _ = run_cli(["diff", path, path, "--map-a", "loader-start",
                                  "--map-b", "before-write"])
        self.assertEqual(status, 0)
        self.assertIn("added (0)", out)
        self.assertIn("removed (0)", out)
        self.assertIn("changed (1): same range, other type or attributes\n"
                      "  ~ #10->#10 0x000000001de6c000-0x000000001de87000 108 KiB: type "
                      "EfiConventionalMemory -> EfiLoaderData\n", out)
        self.assertIn("usable now: 465 MiB + 696 KiB -> 465 MiB + 588 KiB (-108 KiB)", out)

    def test_json_against_serial_log(self):
        status, out, _ = run_cli(["diff", fixture("ovmf-q35-512M.json"),
                                  fixture("ovmf-q35-512M.serial.log")])
        self.assertEqual(status, 0)
        self.assertIn("(map \"before-write\") -> ", out)
        self.assertIn("(map \"kernel-entry\")", out)
        self.assertIn("changed (2)", out)
        self.assertIn("type EfiConventionalMemory -> EfiLoaderCode", out)

    def test_attribute_change_and_added(self):
        status, out, _ = run_cli(["diff", fixture("above-4g.json"), fixture("unknown.json")])
        self.assertEqual(status, 0)
        self.assertIn("added (6)", out)
        self.assertIn("removed (4)", out)
        self.assertIn("persistent", out)

    def test_signed_size(self):
        self.assertEqual(signed_size(0), "0")
        self.assertEqual(signed_size(4096), "+4 KiB")
        self.assertEqual(signed_size(-(3 << 19)), "-1.5 MiB")


if __name__ == "__main__":
    unittest.main()
