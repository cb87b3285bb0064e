"""The serial-log reader: the real OVMF log, ANSI escapes, CR LF, extra columns, errors."""

import unittest

from helpers import fixture
from memmaplib import seriallog
from memmaplib.errors import MemmapError
from memmaplib.model import WHEN_KERNEL_ENTRY

HEADER = "efi-mmap: descr_size=48 version=1 count=%d (ranges are [start, end))"
LINE1 = ("efi-mmap:   0 EfiBootServicesCode 0x0000000000000000-0x0000000000001000 1 pages "
         "attr=0x000000000000000f")
LINE2 = ("efi-mmap:   1 EfiConventionalMemory 0x0000000000001000-0x00000000000a0000 159 pages "
         "attr=0x000000000000000f")


def parse(text):
    """Parse a log given as text, named log.txt."""
    return seriallog.parse_serial_text(text, "log.txt")


class RealLog(unittest.TestCase):
    def test_ovmf_log(self):
        doc = seriallog.read_serial_file(fixture("ovmf-q35-512M.serial.log"))
        mm = doc.maps[0]
        self.assertEqual(mm.when, WHEN_KERNEL_ENTRY)
        self.assertEqual((mm.descriptor_size, mm.descriptor_version, len(mm.entries)),
                         (48, 1, 125))
        e = mm.entries[1]
        self.assertEqual((e.index, e.type, e.phys_start, e.pages, e.attribute),
                         (1, 7, 0x1000, 159, 0xf))
        self.assertEqual(mm.entries[-1].type, 11)  # EfiMemoryMappedIO at the end
        self.assertEqual(mm.entries[-1].attribute, 0x8000000000000001)
        self.assertEqual(doc.meta["loader"], "pm32boot (UEFI x86_64)")
        self.assertEqual(doc.meta["firmware"]["revision"], 0x10000)
        self.assertEqual(doc.meta["firmware"]["uefi_revision"], "2.70")

    def test_log_has_escapes_and_crlf(self):
        with open(fixture("ovmf-q35-512M.serial.log"), "rb") as f:
            raw = f.read()
        self.assertIn(b"\x1b[", raw)
        self.assertIn(b"\r\n", raw)


class Robustness(unittest.TestCase):
    def test_ansi_and_crlf_mixed_in(self):
        text = ("\x1b[2J\x1b[01;01H" + HEADER % 2 + "\r\n\x1b[0m" + LINE1 + "\x1b[37m\r\n"
                + LINE2.replace("efi-mmap:", "efi-\x1b[1mmmap:") + "\r\r\n")
        mm = parse(text).maps[0]
        self.assertEqual([e.pages for e in mm.entries], [1, 159])

    def test_extra_columns_are_ignored(self):
        text = "\n".join([HEADER % 2, LINE1 + " 4 KiB UC WC WT WB <1MiB",
                          LINE2 + "   636 KiB flags=low"])
        self.assertEqual(len(parse(text).maps[0].entries), 2)

    def test_type_number_columns(self):
        text = "\n".join([
            HEADER % 3,
            "efi-mmap:   0 unknown 0x0000000000000000-0x0000000000001000 1 pages "
            "attr=0x0000000000000000 type=16",
            "efi-mmap:   1 7 EfiConventionalMemory 0x0000000000001000-0x0000000000002000 1 "
            "pages attr=0x000000000000000f",
            "efi-mmap:   2 unknown 0x0000000000002000-0x0000000000003000 1 pages "
            "attr=0x0000000000000000"])
        mm = parse(text).maps[0]
        self.assertEqual([e.type for e in mm.entries], [16, 7, None])

    def test_overflow_marker(self):
        text = "\n".join([HEADER % 1,
                          "efi-mmap:   0 EfiMemoryMappedIO 0xfffffffffffff000-(overflow)"
                          "0x0000000000000000 2 pages attr=0x0000000000000001"])
        e = parse(text).maps[0].entries[0]
        self.assertEqual((e.phys_start, e.pages), (0xfffffffffffff000, 2))

    def test_last_complete_block_wins(self):
        text = "\n".join([HEADER % 1, LINE1, "other output", HEADER % 2, LINE1, LINE2])
        self.assertEqual(len(parse(text).maps[0].entries), 2)

    def test_lines_of_others_are_skipped(self):
        text = "\n".join(["BdsDxe: loading", "efi-mmap: garbage before a header",
                          HEADER % 1, LINE1, "kernel: ready"])
        self.assertEqual(len(parse(text).maps[0].entries), 1)


class Errors(unittest.TestCase):
    def assertRefused(self, text, *fragments):
        """parse(text) raises MemmapError holding every fragment."""
        with self.assertRaises(MemmapError) as cm:
            parse(text)
        for fragment in fragments:
            self.assertIn(fragment, str(cm.exception))

    def test_no_map(self):
        self.assertRefused("hello\nkernel: ready\n", "log.txt: expected \"efi-mmap: "
                           "descr_size=...\" lines of the kernel, found none")
        self.assertRefused("efi-mmap: (none)\n", "log.txt:1: the kernel says it was handed "
                           "no EFI memory map")

    def test_cut_short(self):
        self.assertRefused("\n".join([HEADER % 3, LINE1, LINE2]),
                           "log.txt:1: the header announces 3 entries, the log has 2")

    def test_one_too_many(self):
        self.assertRefused("\n".join([HEADER % 1, LINE1, LINE2]),
                           "log.txt:3: the header announced 1 entries, found one more")

    def test_index_out_of_order(self):
        self.assertRefused("\n".join([HEADER % 2, LINE2, LINE1]),
                           "log.txt:2: expected entry index 0, found 1")

    def test_malformed_line(self):
        self.assertRefused("\n".join([HEADER % 1, "efi-mmap:   0 EfiLoaderData 0x1000"]),
                           "log.txt:2: expected \"efi-mmap: INDEX TYPE")

    def test_end_disagrees(self):
        self.assertRefused("\n".join([HEADER % 1, LINE1.replace("1 pages", "2 pages")]),
                           "expected end 0x0000000000002000 (start + 2 pages), found "
                           "0x0000000000001000")

    def test_unknown_name(self):
        self.assertRefused("\n".join([HEADER % 1, LINE1.replace("EfiBootServicesCode",
                                                                "EfiBogus")]),
                           "expected an EFI memory type name, found 'EfiBogus'")

    def test_false_overflow(self):
        self.assertRefused("\n".join([HEADER % 1, LINE1.replace("-0x", "-(overflow)0x")]),
                           "marked (overflow), but start + pages stays below 2^64")


if __name__ == "__main__":
    unittest.main()
