"""The text tables of `show`: the raw map, the sanitised map, totals and headline figures."""

from . import analysis, efitypes
from .units import hex64, size_text

LEFT, RIGHT = "<", ">"
GAP = "  "


def format_table(headers, rows, aligns):
    """Lines of a plain-text table: columns as wide as their widest cell, separated by two
    spaces, aligned per `aligns` (LEFT or RIGHT); trailing spaces removed."""
    widths = [max(len(str(c)) for c in col) for col in zip(headers, *rows)]
    lines = []
    for row in [headers] + rows:
        cells = [str(c).ljust(w) if a == LEFT else str(c).rjust(w)
                 for c, w, a in zip(row, widths, aligns)]
        lines.append(GAP.join(cells).rstrip())
    return lines


def raw_table(mm):
    """The map as received: one line per descriptor, in the firmware's order."""
    flags = analysis.entry_flags(mm.entries)
    rows = []
    for e, f in zip(mm.entries, flags):
        number = efitypes.type_number_text(e.type)
        end = "(overflow)" if e.end > analysis.ADDRESS_LIMIT else hex64(e.end)
        rows.append([str(e.index), number, e.type_name, hex64(e.phys_start), end,
                     str(e.pages), size_text(e.size), efitypes.decode_attributes(e.attribute),
                     " ".join(f) or "-"])
    headers = ["#", "type", "name", "start", "end (excl.)", "pages", "size", "attributes",
               "flags"]
    aligns = [RIGHT, RIGHT, LEFT, LEFT, LEFT, RIGHT, RIGHT, LEFT, LEFT]
    lines = format_table(headers, rows, aligns)
    seen = {x.split(":")[0] for f in flags for x in f}
    for name, meaning in analysis.FLAG_MEANINGS:
        if name.split(":")[0] in seen:
            lines.append("  flag %s: %s" % (name, meaning))
    return lines


def sanitised_table(regions):
    """The sanitised map: sorted ranges with their kind and winning type, holes shown."""
    rows = []
    for r in regions:
        sources = ",".join(str(i) for i in r.sources) if len(r.sources) <= 4 else \
            "%d entries (%d..%d)" % (len(r.sources), min(r.sources), max(r.sources))
        rows.append([hex64(r.start), hex64(r.end), size_text(r.size), r.kind, r.type_name,
                     sources or "-"])
    headers = ["start", "end (excl.)", "size", "kind", "type", "from entries"]
    return format_table(headers, rows, [LEFT, LEFT, RIGHT, LEFT, LEFT, LEFT])


def totals_table(regions):
    """Bytes per kind in each address band, kinds in rank order, holes last."""
    totals = analysis.totals_by_kind(regions)
    order = list(efitypes.KIND_RANK) + [efitypes.KIND_HOLE]
    rows = [[k] + [size_text(n) for n in totals[k]] for k in order if k in totals]
    headers = ["kind"] + [name for name, _, _ in analysis.BANDS] + ["total"]
    return format_table(headers, rows, [LEFT] + [RIGHT] * (len(headers) - 1))


def _run_text(run):
    """A run (start, end) as "SIZE at 0xSTART-0xEND", or "none"."""
    if run is None:
        return "none"
    return "%s at %s-%s" % (size_text(run[1] - run[0]), hex64(run[0]), hex64(run[1]))


def summary_lines(regions):
    """The headline figures, one per line."""
    s = analysis.summarise(regions)
    return [
        "usable now (free):                          %s" % size_text(s.usable_now),
        "usable after reclaiming boot services:      %s  (free + boot services + loader)"
        % size_text(s.usable_after_exit),
        "reachable by a 32-bit kernel (below 4 GiB): %s" % size_text(s.reachable_32bit),
        "largest free run now:                       %s" % _run_text(s.largest_now),
        "largest free run after reclaiming:          %s" % _run_text(s.largest_after_exit),
    ]


def show_map(doc, mm):
    """Every table of `show` for one map of one document, as lines."""
    lines = ["== %s: map \"%s\" ==" % (doc.source, mm.when)]
    fw = doc.meta.get("firmware") or {}
    machine = doc.meta.get("machine") or {}
    who = " ".join(x for x in (machine.get("manufacturer"), machine.get("product")) if x)
    if who or fw.get("vendor"):
        lines.append("machine: %s; firmware: %s rev 0x%x, UEFI %s"
                     % (who or "?", fw.get("vendor") or "?", fw.get("revision", 0),
                        fw.get("uefi_revision", "?")))
    lines.append("descriptor size %d bytes, version %d, %d entries; ranges are [start, end): "
                 "the end is exclusive" % (mm.descriptor_size, mm.descriptor_version,
                                           len(mm.entries)))
    lines.append("")
    lines.append("-- raw map, as received --")
    lines += raw_table(mm)
    regions = analysis.sanitise(mm.entries)
    lines.append("")
    lines.append("-- sanitised map (sorted, overlaps to the stricter kind, same-kind "
                 "neighbours merged, holes shown) --")
    lines += sanitised_table(regions)
    lines.append("")
    lines.append("-- totals by kind --")
    lines += totals_table(regions)
    lines.append("")
    lines += summary_lines(regions)
    return lines
