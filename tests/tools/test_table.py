"""The tables of `show`, compared with the exact expected text of small fixtures."""

import unittest

from helpers import fixture, read_expected, run_cli
from memmaplib import table

SMALL = ("overlapping", "unsorted", "zero-length", "overflow", "above-4g", "unknown")


class ExactTables(unittest.TestCase):
    def test_small_fixtures(self):
        for name in SMALL:
            with self.subTest(name=name):
                status, out, err = run_cli(["show", fixture(name + ".json")])
                self.assertEqual((status, err), (0, ""))
                self.assertEqual(out, read_expected(name + ".show.txt"))


class RealMaps(unittest.TestCase):
    def test_json_shows_both_maps(self):
        status, out, _ = run_cli(["show", fixture("ovmf-q35-512M.json")])
        self.assertEqual(status, 0)
        self.assertIn("map \"loader-start\"", out)
        self.assertIn("map \"before-write\"", out)
        self.assertIn("machine: QEMU Standard PC (Q35 + ICH9, 2009); firmware: EDK II rev "
                      "0x10000, UEFI 2.70", out)

    def test_serial_log_table(self):
        status, out, _ = run_cli(["show", fixture("ovmf-q35-512M.serial.log")])
        self.assertEqual(status, 0)
        lines = out.splitlines()
        self.assertIn("descriptor size 48 bytes, version 1, 125 entries; ranges are "
                      "[start, end): the end is exclusive", lines)
        row = [x for x in lines if x.startswith("  1     7  EfiConventionalMemory")]
        self.assertEqual(len(row), 1)
        self.assertEqual(row[0].split(), ["1", "7", "EfiConventionalMemory", "0x0000000000001000",
                                          "0x00000000000a0000", "159", "636", "KiB", "UC", "WC",
                                          "WT", "WB", "<1MiB"])
        holes = [x.split() for x in lines if x.startswith("0x00000000000a0000")]
        self.assertEqual(holes, [["0x00000000000a0000", "0x0000000000100000", "384", "KiB",
                                  "hole", "hole", "-"]])
        self.assertIn("reachable by a 32-bit kernel (below 4 GiB): 505 MiB + 568 KiB", out)

    def test_map_selection(self):
        status, out, _ = run_cli(["show", "--map", "before-write", fixture("ovmf-q35-512M.json")])
        self.assertEqual(status, 0)
        self.assertNotIn("loader-start", out)
        status, _, err = run_cli(["show", "--map", "kernel-entry",
                                  fixture("ovmf-q35-512M.json")])
        self.assertEqual(status, 1)
        self.assertIn("has no map 'kernel-entry' (it has: loader-start, before-write)", err)


class Formatting(unittest.TestCase):
    def test_format_table_alignment(self):
        lines = table.format_table(["a", "num"], [["xyz", "1"], ["q", "100"]],
                                   [table.LEFT, table.RIGHT])
        self.assertEqual(lines, ["a    num", "xyz    1", "q    100"])


if __name__ == "__main__":
    unittest.main()
