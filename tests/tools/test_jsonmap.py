"""The strict JSON reader: the real fixture, round trips, and every kind of refusal."""

import copy
import json
import unittest

from helpers import fixture
from memmaplib import jsonmap
from memmaplib.errors import MemmapError


def load_raw():
    """The real fixture as plain JSON data, to be broken by the tests."""
    with open(fixture("ovmf-q35-512M.json"), encoding="utf-8") as f:
        return json.load(f)


def parse(data):
    """Validate JSON data (dumped to text) as a file named t.json."""
    return jsonmap.parse_json_text(json.dumps(data), "t.json")


class ValidFiles(unittest.TestCase):
    def test_real_fixture(self):
        doc = jsonmap.read_json_file(fixture("ovmf-q35-512M.json"))
        self.assertEqual([m.when for m in doc.maps], ["loader-start", "before-write"])
        mm = doc.maps[1]
        self.assertEqual((mm.descriptor_size, mm.descriptor_version, len(mm.entries)),
                         (48, 1, 125))
        e = mm.entries[1]
        self.assertEqual((e.type, e.phys_start, e.pages, e.attribute), (7, 0x1000, 159, 0xf))
        self.assertEqual(doc.meta["machine"]["manufacturer"], "QEMU")

    def test_round_trip(self):
        doc = jsonmap.read_json_file(fixture("ovmf-q35-512M.json"))
        text = jsonmap.document_to_json(doc)
        again = jsonmap.parse_json_text(text, "again")
        self.assertEqual(again.maps, doc.maps)
        self.assertEqual(again.meta, doc.meta)
        with open(fixture("ovmf-q35-512M.json"), encoding="utf-8") as f:
            self.assertEqual(text, f.read())

    def test_adversarial_fixtures_are_valid(self):
        for name in ("overlapping", "unsorted", "zero-length", "overflow", "above-4g",
                     "unknown", "many-500"):
            with self.subTest(name=name):
                doc = jsonmap.read_json_file(fixture(name + ".json"))
                self.assertEqual(len(doc.maps), 1)
        self.assertEqual(len(jsonmap.read_json_file(fixture("many-500.json")).maps[0].entries),
                         500)

    def test_gop_null(self):
        data = load_raw()
        data["gop"] = None
        self.assertIsNone(parse(data).meta["gop"])


class Refusals(unittest.TestCase):
    def assertRefused(self, data, *fragments):
        """parse(data) raises MemmapError whose message holds every fragment."""
        with self.assertRaises(MemmapError) as cm:
            parse(data) if not isinstance(data, str) else jsonmap.parse_json_text(data, "t.json")
        for fragment in fragments:
            self.assertIn(fragment, str(cm.exception))
        return str(cm.exception)

    def test_other_schema(self):
        data = load_raw()
        data["schema"] = "something-else"
        self.assertRefused(data, "expected \"schema\": \"pm32boot-memmap\"",
                           "found \"something-else\"")

    def test_other_version(self):
        data = load_raw()
        data["version"] = 2
        self.assertRefused(data, "expected schema version 1, found 2", "version 1 only")
        data["version"] = True
        self.assertRefused(data, "expected schema version 1, found true")

    def test_not_json(self):
        self.assertRefused("{\"schema\": ", "t.json: not valid JSON")
        self.assertRefused("[1, 2]", "expected a JSON object at the top, found list")

    def test_duplicate_key(self):
        text = json.dumps(load_raw())[:-1] + ", \"gop\": null}"
        self.assertRefused(text, "the key 'gop' appears twice")

    def test_malformed_entries_by_index(self):
        data = load_raw()
        entries = data["maps"][1]["entries"]
        entries[3]["phys_start"] = "0x1000"
        entries[7]["pages"] = -1
        entries[9]["type_name"] = "EfiLoaderData"
        del entries[11]["attribute"]
        entries[12]["type"] = "7"
        msg = self.assertRefused(
            data,
            "maps[1].entries[3].phys_start: expected \"0x\" + 16 hex digits, found \"0x1000\"",
            "maps[1].entries[7].pages: expected an integer from 0 to",
            "maps[1].entries[9].type_name: expected 'EfiConventionalMemory' (the name of "
            "type 7), found \"EfiLoaderData\"",
            "maps[1].entries[11]: expected the keys",
            "maps[1].entries[12].type: expected an integer, found \"7\"")
        self.assertTrue(msg.startswith("t.json: "))
        self.assertEqual(len(msg.splitlines()), 5)

    def test_extra_and_missing_keys(self):
        data = load_raw()
        data["maps"][0]["entries"][0]["colour"] = "red"
        del data["firmware"]["vendor"]
        self.assertRefused(data, "maps[0].entries[0]: expected only the keys", "also colour",
                           "firmware: expected the keys vendor, revision, uefi_revision, "
                           "found no vendor")

    def test_map_fields(self):
        data = load_raw()
        data["maps"][0]["when"] = "later"
        data["maps"][0]["descriptor_size"] = 44
        data["maps"][1]["descriptor_size"] = 24
        data["maps"][1]["entries"] = {}
        self.assertRefused(data, "maps[0].when: expected one of loader-start, before-write, "
                           "kernel-entry, found \"later\"",
                           "maps[0].descriptor_size: expected a multiple of 8, found 44",
                           "maps[1].descriptor_size: expected an integer from 40",
                           "maps[1].entries: expected an array, found {}")

    def test_meta_fields(self):
        data = load_raw()
        data["firmware"]["uefi_revision"] = 2.7
        data["gop"]["format"] = "YUV"
        data["maps"] = []
        self.assertRefused(data, "firmware.uefi_revision: expected \"major.minor\"",
                           "gop.format: expected one of RGBX, BGRX, BITMASK, BLTONLY",
                           "maps: expected at least one map, found []")

    def test_many_problems_are_capped(self):
        data = load_raw()
        for e in data["maps"][0]["entries"]:
            e["virt_start"] = 0
        msg = self.assertRefused(data, "... and 100 more problem(s)")
        self.assertEqual(len(msg.splitlines()), jsonmap.MAX_ERRORS_SHOWN + 1)

    def test_missing_file(self):
        with self.assertRaises(MemmapError) as cm:
            jsonmap.read_json_file("/nonexistent/x.json")
        self.assertIn("/nonexistent/x.json: cannot read", str(cm.exception))

    def test_writer_needs_type_numbers(self):
        doc = jsonmap.read_json_file(fixture("unsorted.json"))
        doc = copy.deepcopy(doc)
        doc.maps[0].entries[2].type = None
        with self.assertRaises(MemmapError) as cm:
            jsonmap.document_to_json(doc)
        self.assertIn("entry 2: its type number is not known", str(cm.exception))


if __name__ == "__main__":
    unittest.main()
