"""The SVG: valid XML, one rect per region, the legend, hole markers, a scale that keeps
every region visible."""

import os
import tempfile
import unittest
import xml.etree.ElementTree as ET

from helpers import fixture, run_cli
from memmaplib import analysis, efitypes, jsonmap, seriallog, svg

NS = "{http://www.w3.org/2000/svg}"


def render(doc):
    """The SVG of a document's last map, parsed."""
    return ET.fromstring(svg.render_svg(doc, doc.maps[-1]))


def by_class(root, tag, cls):
    """Every element `tag` with class `cls`."""
    return [e for e in root.iter(NS + tag) if e.get("class") == cls]


class Structure(unittest.TestCase):
    def check(self, doc):
        """The structural checks for any map; returns the parsed root."""
        root = render(doc)
        self.assertEqual(root.tag, NS + "svg")
        regions = analysis.sanitise(doc.maps[-1].entries)
        holes = [r for r in regions if r.kind == efitypes.KIND_HOLE]
        rects = by_class(root, "rect", "region")
        hole_rects = by_class(root, "rect", "hole")
        self.assertEqual(len(rects), len(regions) - len(holes))
        self.assertEqual(len(hole_rects), len(holes))
        for rect in rects + hole_rects:
            self.assertGreaterEqual(float(rect.get("height")), svg.MIN_HEIGHT - 0.01)
        # regions stack without gaps or overlaps, in address order
        tops = [(float(r.get("y")), float(r.get("height"))) for r in
                sorted(rects + hole_rects, key=lambda r: float(r.get("y")))]
        for (y0, h0), (y1, _) in zip(tops, tops[1:]):
            self.assertAlmostEqual(y0 + h0, y1, places=1)
        legend = root.find(".//%sg[@id='legend']" % NS)
        self.assertIsNotNone(legend)
        kinds = {g.get("data-kind") for g in legend}
        self.assertEqual(kinds, {r.kind for r in regions})
        labels = by_class(root, "text", "label")
        self.assertEqual(len(labels), len(regions))
        return root

    def test_real_log(self):
        doc = seriallog.read_serial_file(fixture("ovmf-q35-512M.serial.log"))
        root = self.check(doc)
        texts = [t.text for t in root.iter(NS + "text")]
        self.assertIn("1 MiB", texts)
        self.assertIn("4 GiB", texts)
        self.assertTrue(any(t.startswith("0xa0000-0x100000  HOLE") for t in texts if t))

    def test_fixtures(self):
        for name in ("overlapping", "unsorted", "zero-length", "overflow", "above-4g",
                     "unknown", "many-500"):
            with self.subTest(name=name):
                self.check(jsonmap.read_json_file(fixture(name + ".json")))

    def test_log_scale_keeps_a_page_and_gigabytes_visible(self):
        page = svg.region_height(4096)
        giant = svg.region_height(4 << 30)
        self.assertEqual(page, svg.MIN_HEIGHT)
        self.assertGreater(giant, page * 5)
        self.assertLess(giant, page * 20)

    def test_escaping(self):
        doc = jsonmap.read_json_file(fixture("unsorted.json"))
        doc.source = "a<b&c\".json"
        root = render(doc)
        self.assertTrue(any("a<b&c\"" in (t.text or "") for t in root.iter(NS + "text")))


class Command(unittest.TestCase):
    def test_svg_command_writes_a_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "m.svg")
            status, text, _ = run_cli(["svg", fixture("ovmf-q35-512M.json"), "-o", out,
                                       "--map", "loader-start"])
            self.assertEqual(status, 0)
            self.assertIn("wrote", text)
            root = ET.parse(out).getroot()
            self.assertIn("map \"loader-start\"", root.find(NS + "text").text)


if __name__ == "__main__":
    unittest.main()
