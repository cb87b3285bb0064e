"""Exact sizes, hex addresses, attribute and type decoding."""

import unittest

import helpers  # noqa: F401  (import path)
from memmaplib import efitypes
from memmaplib.units import GIB, KIB, MIB, hex64, size_text


class SizeText(unittest.TestCase):
    def test_whole_units(self):
        self.assertEqual(size_text(4 * KIB), "4 KiB")
        self.assertEqual(size_text(MIB), "1 MiB")
        self.assertEqual(size_text(3 * GIB), "3 GiB")
        self.assertEqual(size_text(1 << 64), "16 EiB")

    def test_quarters_are_decimals(self):
        self.assertEqual(size_text(MIB + MIB // 2), "1.5 MiB")
        self.assertEqual(size_text(GIB + GIB // 4), "1.25 GiB")
        self.assertEqual(size_text(1536), "1.5 KiB")

    def test_sums_when_no_short_decimal_is_exact(self):
        self.assertEqual(size_text(3 * GIB + 4 * KIB), "3 GiB + 4 KiB")
        self.assertEqual(size_text(501365 * 4096), "1 GiB + 934 MiB + 468 KiB")
        self.assertEqual(size_text(MIB + 1), "1 MiB + 1 B")

    def test_never_zero_for_nonzero(self):
        self.assertEqual(size_text(0), "0 B")
        self.assertEqual(size_text(1), "1 B")
        self.assertEqual(size_text(GIB + 1), "1 GiB + 1 B")

    def test_hex64(self):
        self.assertEqual(hex64(0x1000), "0x0000000000001000")
        self.assertEqual(hex64(1 << 64), "2^64")
        self.assertEqual(hex64((1 << 64) + 1), "(past 2^64)")


class Attributes(unittest.TestCase):
    def test_every_named_bit(self):
        every = 0
        for bit, _ in efitypes.ATTRIBUTE_BITS:
            every |= bit
        self.assertEqual(efitypes.decode_attributes(every),
                         "UC WC WT WB UCE WP RP XP NV MORE_RELIABLE RO SP CPU_CRYPTO RUNTIME")

    def test_unknown_bits_as_hex(self):
        self.assertEqual(efitypes.decode_attributes(0x4000000000000001), "UC 0x4000000000000000")
        self.assertEqual(efitypes.decode_attributes(0x100020), "0x100020")
        self.assertEqual(efitypes.decode_attributes(0), "-")


class Types(unittest.TestCase):
    def test_names_and_kinds(self):
        self.assertEqual(efitypes.type_name(7), "EfiConventionalMemory")
        self.assertEqual(efitypes.type_name(15), "EfiUnacceptedMemoryType")
        self.assertEqual(efitypes.type_name(16), "unknown")
        self.assertEqual(efitypes.kind_of(3), efitypes.KIND_BOOT_SERVICES)
        self.assertEqual(efitypes.kind_of(0x80000000), efitypes.KIND_UNKNOWN)
        self.assertEqual(efitypes.type_label(0x70000000), "unknown(0x70000000)")
        self.assertEqual(efitypes.type_number_text(None), "?")


if __name__ == "__main__":
    unittest.main()
