"""The SVG drawing of one map: the sanitised regions top (address 0) to bottom, one rect
per region, on a log-like segmented scale (height = MIN_HEIGHT + HEIGHT_PER_DOUBLING *
log2(pages)), so a 4 KiB page and a many-GiB range are both visible; a colour per kind,
a legend, hatched holes, the 1 MiB and 4 GiB boundaries, and labels with addresses."""

import math
import xml.etree.ElementTree as ET

from . import analysis, efitypes
from .units import PAGE_SIZE, short_hex, size_text

SVG_NS = "http://www.w3.org/2000/svg"
WIDTH = 1040
MARGIN = 16
FONT = "DejaVu Sans Mono, monospace"
FONT_SIZE = 11
TITLE_SIZE = 15
LINE_HEIGHT = 13          # vertical room one label needs
MIN_HEIGHT = 6            # px for a region of one page (or less)
HEIGHT_PER_DOUBLING = 3   # px added each time a region's size doubles
AXIS_X = 180              # right edge of the start-address labels
BAR_X = 196
BAR_WIDTH = 170
LABEL_X = BAR_X + BAR_WIDTH + 40
LEGEND_COLUMNS = 2
LEGEND_SWATCH = 12
BOUNDARIES = ((analysis.LOW_LIMIT, "1 MiB"), (analysis.LIMIT_32BIT, "4 GiB"))

KIND_COLOURS = {
    efitypes.KIND_FREE: "#43a047",
    efitypes.KIND_BOOT_SERVICES: "#a5d6a7",
    efitypes.KIND_LOADER: "#ffd54f",
    efitypes.KIND_UNACCEPTED: "#f48fb1",
    efitypes.KIND_PERSISTENT: "#8d6e63",
    efitypes.KIND_ACPI_RECLAIM: "#81d4fa",
    efitypes.KIND_ACPI_NVS: "#1e88e5",
    efitypes.KIND_RUNTIME: "#ff7043",
    efitypes.KIND_MMIO: "#9575cd",
    efitypes.KIND_RESERVED: "#9e9e9e",
    efitypes.KIND_UNKNOWN: "#212121",
    efitypes.KIND_HOLE: "url(#hatch)",
}


def region_height(size):
    """Pixel height of a region of `size` bytes: MIN_HEIGHT for a page or less, then
    HEIGHT_PER_DOUBLING more for each doubling."""
    pages = max(1, size // PAGE_SIZE)
    return MIN_HEIGHT + HEIGHT_PER_DOUBLING * math.log2(pages)


def _el(parent, tag, text=None, **attrs):
    """Append an SVG element with attributes (underscores in names become dashes)."""
    node = ET.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): str(v)
                                       for k, v in attrs.items()})
    if text is not None:
        node.text = text
    return node


def _defs(root):
    """The hatch pattern that fills holes."""
    defs = _el(root, "defs")
    pat = _el(defs, "pattern", id="hatch", width=6, height=6,
              patternUnits="userSpaceOnUse", patternTransform="rotate(45)")
    _el(pat, "rect", width=6, height=6, fill="#ffffff")
    _el(pat, "line", x1=0, y1=0, x2=0, y2=6, stroke="#d32f2f", stroke_width=2)


def _legend(root, kinds, top):
    """The legend (one swatch + description per kind shown); returns its bottom y."""
    group = _el(root, "g", id="legend")
    column_width = (WIDTH - 2 * MARGIN) // LEGEND_COLUMNS
    for n, kind in enumerate(kinds):
        x = MARGIN + (n % LEGEND_COLUMNS) * column_width
        y = top + (n // LEGEND_COLUMNS) * (LEGEND_SWATCH + 4)
        item = _el(group, "g", **{"class": "legend-item", "data-kind": kind})
        _el(item, "rect", x=x, y=y, width=LEGEND_SWATCH * 2, height=LEGEND_SWATCH,
            fill=KIND_COLOURS[kind], stroke="#333333", stroke_width=0.5)
        _el(item, "text", "%s: %s" % (kind, efitypes.KIND_DESCRIPTIONS[kind]),
            x=x + LEGEND_SWATCH * 2 + 6, y=y + LEGEND_SWATCH - 2)
    rows = (len(kinds) + LEGEND_COLUMNS - 1) // LEGEND_COLUMNS
    return top + rows * (LEGEND_SWATCH + 4)


def _boundary_y(regions, tops, heights, address):
    """The y of an address on the drawn scale (linear inside its region), or None when the
    map ends before it."""
    for r, y, h in zip(regions, tops, heights):
        if r.start <= address < r.end:
            return y + h * (address - r.start) / r.size
    if regions and address == regions[-1].end:
        return tops[-1] + heights[-1]
    return None


def render_svg(doc, mm):
    """The SVG document (text) for one map of one Document."""
    regions = analysis.sanitise(mm.entries)
    root = ET.Element("svg", {"xmlns": SVG_NS, "font-family": FONT,
                              "font-size": str(FONT_SIZE)})
    _defs(root)
    holes = sum(1 for r in regions if r.kind == efitypes.KIND_HOLE)
    title = "%s: map \"%s\", %d entries -> %d regions, %d holes" % (
        doc.source.split("/")[-1], mm.when, len(mm.entries), len(regions) - holes, holes)
    y = MARGIN + TITLE_SIZE
    _el(root, "text", title, x=MARGIN, y=y, font_size=TITLE_SIZE, font_weight="bold")
    y += LINE_HEIGHT + 2
    _el(root, "text", "address 0 at the top, growing down; ranges [start, end); height "
        "grows with log2(size): %d px for 4 KiB, %+d px per doubling"
        % (MIN_HEIGHT, HEIGHT_PER_DOUBLING), x=MARGIN, y=y)
    summary = analysis.summarise(regions)
    y += LINE_HEIGHT + 2
    _el(root, "text", "usable now %s; after reclaiming boot services %s; of that below 4 GiB "
        "%s" % (size_text(summary.usable_now), size_text(summary.usable_after_exit),
                size_text(summary.reachable_32bit)), x=MARGIN, y=y, **{"class": "summary"})
    kinds = [k for k in list(efitypes.KIND_RANK) + [efitypes.KIND_HOLE]
             if any(r.kind == k for r in regions)]
    y = _legend(root, kinds, y + 10) + 14

    heights = [region_height(r.size) for r in regions]
    tops = []
    for h in heights:
        tops.append(y)
        y += h
    bar_bottom = y
    bars = _el(root, "g", id="regions")
    labels = _el(root, "g", id="labels")
    last_axis = -LINE_HEIGHT
    last_label = -LINE_HEIGHT
    for r, top, h in zip(regions, tops, heights):
        is_hole = r.kind == efitypes.KIND_HOLE
        rect = _el(bars, "rect", x=BAR_X, y="%.2f" % top, width=BAR_WIDTH, height="%.2f" % h,
                   fill=KIND_COLOURS[r.kind], stroke="#ffffff", stroke_width=0.5,
                   **{"class": "hole" if is_hole else "region", "data-kind": r.kind,
                      "data-start": short_hex(r.start), "data-end": short_hex(r.end)})
        _el(rect, "title", "%s-%s %s %s" % (short_hex(r.start), short_hex(r.end),
                                             size_text(r.size), r.type_name))
        if top - last_axis >= LINE_HEIGHT - 2:
            _el(labels, "text", short_hex(r.start), x=AXIS_X, y="%.2f" % (top + 4),
                text_anchor="end", **{"class": "addr"})
            last_axis = top
        mid = top + h / 2
        label_y = max(mid, last_label + LINE_HEIGHT)
        last_label = label_y
        _el(labels, "line", x1=BAR_X + BAR_WIDTH, y1="%.2f" % mid, x2=LABEL_X - 4,
            y2="%.2f" % (label_y - 4), stroke="#888888", stroke_width=0.6)
        name = "HOLE (no entry)" if is_hole else r.type_name
        _el(labels, "text", "%s-%s  %s  %s" % (short_hex(r.start), short_hex(r.end), name,
                                               size_text(r.size)),
            x=LABEL_X, y="%.2f" % label_y, fill="#c62828" if is_hole else "#000000",
            **{"class": "label"})
    if regions:
        _el(labels, "text", short_hex(regions[-1].end), x=AXIS_X, y="%.2f" % (bar_bottom + 4),
            text_anchor="end", **{"class": "addr"})
    for address, name in BOUNDARIES:
        by = _boundary_y(regions, tops, heights, address)
        if by is not None:
            g = _el(root, "g", **{"class": "boundary"})
            _el(g, "line", x1=AXIS_X + 4, y1="%.2f" % by, x2=BAR_X + BAR_WIDTH + 20,
                y2="%.2f" % by, stroke="#d32f2f", stroke_width=1.2, stroke_dasharray="5,3")
            _el(g, "text", name, x=MARGIN, y="%.2f" % (by + 4), fill="#d32f2f",
                font_weight="bold")
    height = int(max(bar_bottom, last_label) + MARGIN + LINE_HEIGHT)
    root.set("width", str(WIDTH))
    root.set("height", str(height))
    root.set("viewBox", "0 0 %d %d" % (WIDTH, height))
    background = ET.Element("rect", {"width": "100%", "height": "100%", "fill": "#ffffff"})
    root.insert(0, background)
    return ET.tostring(root, encoding="unicode") + "\n"
