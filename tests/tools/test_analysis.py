"""Anomaly flags, the sanitised map, totals and headline figures."""

import unittest

from helpers import fixture
from memmaplib import analysis, efitypes, jsonmap, seriallog
from memmaplib.units import GIB, KIB, MIB


def entries(name):
    """The entries of a fixture's (last) map."""
    return jsonmap.read_json_file(fixture(name + ".json")).maps[-1].entries


class Flags(unittest.TestCase):
    def test_overlapping(self):
        flags = analysis.entry_flags(entries("overlapping"))
        self.assertEqual(flags, [["overlaps:1,2"], ["overlaps:0"], ["overlaps:0"], []])

    def test_unsorted(self):
        flags = analysis.entry_flags(entries("unsorted"))
        self.assertEqual(flags[1], ["unsorted", "<1MiB"])
        self.assertEqual(flags[0], [])

    def test_zero_length_overlaps_nothing(self):
        flags = analysis.entry_flags(entries("zero-length"))
        self.assertEqual(flags[1], ["zero-length", "<1MiB"])

    def test_overflow_and_high(self):
        flags = analysis.entry_flags(entries("overflow"))
        self.assertEqual(flags[1], ["overlaps:2", "overflow", ">4GiB"])
        self.assertEqual(flags[2], ["unsorted", "overlaps:1", "overflow", ">4GiB"])

    def test_real_map_is_unsorted_at_its_end(self):
        mm = seriallog.read_serial_file(fixture("ovmf-q35-512M.serial.log")).maps[0]
        flags = analysis.entry_flags(mm.entries)
        unsorted = [i for i, f in enumerate(flags) if "unsorted" in f]
        self.assertEqual(len(unsorted), 0)  # 512 MiB: nothing above 4 GiB to put first
        self.assertFalse(any(x.startswith("overlaps") for f in flags for x in f))

    def test_real_8g_map_puts_4g_above_the_pci_hole(self):
        mm = seriallog.read_serial_file(fixture("ovmf-q35-8G.serial.log")).maps[0]
        flags = analysis.entry_flags(mm.entries)
        self.assertEqual(len(mm.entries), 127)
        self.assertEqual(flags[124], [">4GiB"])  # 0x100000000-0x280000000 comes before...
        self.assertEqual(flags[125], ["unsorted"])  # ...0xb0000000 in the firmware's order
        totals = analysis.totals_by_kind(analysis.sanitise(mm.entries))
        self.assertEqual(totals[efitypes.KIND_FREE][2], 6 * GIB)

    def test_500_entries(self):
        flags = analysis.entry_flags(entries("many-500"))
        self.assertEqual(len(flags), 500)
        self.assertFalse(any(flags))


class Sanitise(unittest.TestCase):
    def test_overlap_goes_to_the_stricter_kind(self):
        regions = analysis.sanitise(entries("overlapping"))
        got = [(r.start, r.end, r.kind) for r in regions]
        self.assertEqual(got, [
            (0, 0x100000, efitypes.KIND_HOLE),
            (0x100000, 0x140000, efitypes.KIND_FREE),
            (0x140000, 0x150000, efitypes.KIND_BOOT_SERVICES),
            (0x150000, 0x1f0000, efitypes.KIND_FREE),
            (0x1f0000, 0x210000, efitypes.KIND_RESERVED),
            (0x210000, 0x300000, efitypes.KIND_HOLE),
            (0x300000, 0x310000, efitypes.KIND_FREE)])

    def test_regions_tile_the_space(self):
        for name in ("overlapping", "unsorted", "zero-length", "overflow", "above-4g",
                     "unknown", "many-500"):
            with self.subTest(name=name):
                regions = analysis.sanitise(entries(name))
                self.assertEqual(regions[0].start, 0)
                for a, b in zip(regions, regions[1:]):
                    self.assertEqual(a.end, b.start)
                    self.assertFalse(a.kind == b.kind, "same-kind neighbours not merged")
                self.assertTrue(all(r.end > r.start for r in regions))

    def test_overflow_is_clipped(self):
        regions = analysis.sanitise(entries("overflow"))
        self.assertEqual(regions[-1].end, 1 << 64)
        self.assertEqual(regions[-1].kind, efitypes.KIND_MMIO)

    def test_500_entries_merge(self):
        regions = analysis.sanitise(entries("many-500"))
        # 50 runs of (9 boot-services entries, 1 free entry, a 64 KiB hole)
        kinds = [r.kind for r in regions]
        self.assertEqual(kinds.count(efitypes.KIND_BOOT_SERVICES), 50)
        self.assertEqual(kinds.count(efitypes.KIND_FREE), 50)
        self.assertEqual(kinds.count(efitypes.KIND_HOLE), 50)  # below 1 MiB + 49 between


class Totals(unittest.TestCase):
    def test_bands(self):
        regions = analysis.sanitise(entries("above-4g"))
        totals = analysis.totals_by_kind(regions)
        self.assertEqual(totals[efitypes.KIND_FREE], [0, 2 * MIB, GIB + MIB, GIB + 3 * MIB])
        self.assertEqual(totals[efitypes.KIND_PERSISTENT], [0, 0, 4 * GIB, 4 * GIB])

    def test_summary(self):
        s = analysis.summarise(analysis.sanitise(entries("above-4g")))
        self.assertEqual(s.usable_now, GIB + 3 * MIB)
        self.assertEqual(s.reachable_32bit, 2 * MIB)
        self.assertEqual(s.largest_now, (0xfff00000, 0x140100000))

    def test_reclaiming_joins_runs(self):
        s = analysis.summarise(analysis.sanitise(entries("unsorted")))
        self.assertEqual(s.usable_now, 128 * KIB)
        self.assertEqual(s.usable_after_exit, 192 * KIB)
        self.assertEqual(s.largest_after_exit, (0, 0x20000))


if __name__ == "__main__":
    unittest.main()
