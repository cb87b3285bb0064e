"""The comparison of two maps: entries added, removed, or changed in type or attributes
(entries are matched by their exact range), and the per-kind total deltas."""

from . import analysis, efitypes
from .table import LEFT, RIGHT, format_table
from .units import hex64, size_text


def signed_size(delta):
    """A byte difference as "+4 KiB", "-1.5 MiB" or "0"."""
    if delta == 0:
        return "0"
    return ("+" if delta > 0 else "-") + size_text(abs(delta))


def _by_range(entries):
    """{(start, end): [entries with that range]} for the entries of one map."""
    table = {}
    for e in entries:
        table.setdefault((e.phys_start, e.end), []).append(e)
    return table


def _describe(e):
    """One entry as "0xSTART-0xEND SIZE NAME [ATTRS]" for the lists."""
    return "%s-%s %s %s [%s]" % (hex64(e.phys_start), hex64(e.end), size_text(e.size),
                                 e.type_name, efitypes.decode_attributes(e.attribute))


def compare_entries(a, b):
    """(added, removed, changed): entries of b whose range a lacks, entries of a whose range
    b lacks, and (entry of a, entry of b) pairs with one range but another type or
    attribute. Ranges present several times are matched in order."""
    ra, rb = _by_range(a.entries), _by_range(b.entries)
    added, removed, changed = [], [], []
    for key in sorted(set(ra) | set(rb)):
        xs, ys = ra.get(key, []), rb.get(key, [])
        for x, y in zip(xs, ys):
            if x.type != y.type or x.attribute != y.attribute:
                changed.append((x, y))
        removed += xs[len(ys):]
        added += ys[len(xs):]
    return added, removed, changed


def kind_deltas(a, b):
    """Rows [kind, total in a, total in b, delta] of the sanitised maps, kinds in rank
    order, holes last, only kinds present in either."""
    ta = analysis.totals_by_kind(analysis.sanitise(a.entries))
    tb = analysis.totals_by_kind(analysis.sanitise(b.entries))
    rows = []
    for kind in list(efitypes.KIND_RANK) + [efitypes.KIND_HOLE]:
        if kind in ta or kind in tb:
            x = ta.get(kind, [0])[-1]
            y = tb.get(kind, [0])[-1]
            rows.append([kind, size_text(x), size_text(y), signed_size(y - x)])
    return rows


def diff_lines(doc_a, a, doc_b, b):
    """The whole `diff` report as lines."""
    lines = ["== diff: %s (map \"%s\") -> %s (map \"%s\") ==" % (doc_a.source, a.when,
                                                               doc_b.source, b.when)]
    lines.append("header: descriptor size %d -> %d, version %d -> %d, entries %d -> %d"
                 % (a.descriptor_size, b.descriptor_size, a.descriptor_version,
                    b.descriptor_version, len(a.entries), len(b.entries)))
    added, removed, changed = compare_entries(a, b)
    lines.append("")
    lines.append("added (%d): ranges only in B" % len(added))
    lines += ["  + #%d %s" % (e.index, _describe(e)) for e in added]
    lines.append("removed (%d): ranges only in A" % len(removed))
    lines += ["  - #%d %s" % (e.index, _describe(e)) for e in removed]
    lines.append("changed (%d): same range, other type or attributes" % len(changed))
    for x, y in changed:
        what = []
        if x.type != y.type:
            what.append("type %s -> %s" % (x.type_name, y.type_name))
        if x.attribute != y.attribute:
            what.append("attributes %s -> %s" % (efitypes.decode_attributes(x.attribute),
                                                 efitypes.decode_attributes(y.attribute)))
        lines.append("  ~ #%d->#%d %s-%s %s: %s" % (x.index, y.index, hex64(x.phys_start),
                                                   hex64(x.end), size_text(x.size),
                                                   "; ".join(what)))
    lines.append("")
    lines.append("totals by kind (sanitised):")
    lines += format_table(["kind", "A", "B", "B - A"], kind_deltas(a, b),
                          [LEFT, RIGHT, RIGHT, RIGHT])
    sa = analysis.summarise(analysis.sanitise(a.entries))
    sb = analysis.summarise(analysis.sanitise(b.entries))
    lines.append("")
    for label, x, y in (("usable now", sa.usable_now, sb.usable_now),
                        ("usable after reclaiming boot services", sa.usable_after_exit,
                         sb.usable_after_exit),
                        ("reachable by a 32-bit kernel", sa.reachable_32bit,
                         sb.reachable_32bit)):
        lines.append("%s: %s -> %s (%s)" % (label, size_text(x), size_text(y),
                                            signed_size(y - x)))
    return lines
