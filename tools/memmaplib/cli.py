"""The command line of tools/memmap: show, diff, svg, merge."""

import argparse
import sys

from . import jsonmap, seriallog, table
from .diff import diff_lines
from .errors import MemmapError
from .model import WHEN_KERNEL_ENTRY
from .svg import render_svg


def read_any(path):
    """A JSON file (text starting with "{") or a serial log -> Document."""
    try:
        with open(path, "rb") as f:
            head = f.read(64).lstrip()
    except OSError as e:
        raise MemmapError("%s: cannot read: %s" % (path, e))
    if head.startswith(b"{"):
        return jsonmap.read_json_file(path)
    return seriallog.read_serial_file(path)


def pick_map(doc, when):
    """The map `when` of doc (the last one when None); MemmapError naming the maps there."""
    try:
        return doc.find_map(when)
    except KeyError as e:
        raise MemmapError(e.args[0])


def cmd_show(args, out):
    """Print the tables of every map (or the --map one) of every file."""
    first = True
    for path in args.files:
        doc = read_any(path)
        maps = [pick_map(doc, args.map)] if args.map else doc.maps
        for mm in maps:
            if not first:
                out.write("\n")
            first = False
            out.write("\n".join(table.show_map(doc, mm)) + "\n")


def cmd_diff(args, out):
    """Print the comparison of map A (--map-a, default last) and B (--map-b)."""
    doc_a, doc_b = read_any(args.a), read_any(args.b)
    lines = diff_lines(doc_a, pick_map(doc_a, args.map_a), doc_b, pick_map(doc_b, args.map_b))
    out.write("\n".join(lines) + "\n")


def cmd_svg(args, out):
    """Write the SVG of one map (--map, default last) to -o."""
    doc = read_any(args.file)
    text = render_svg(doc, pick_map(doc, args.map))
    _write(args.output, text)
    out.write("memmap: wrote %s\n" % args.output)


def cmd_merge(args, out):
    """The JSON file's maps plus the serial log's map as "kernel-entry", as JSON."""
    doc = jsonmap.read_json_file(args.json)
    log = seriallog.read_serial_file(args.serial_log)
    if any(m.when == WHEN_KERNEL_ENTRY for m in doc.maps):
        raise MemmapError("%s: expected no \"kernel-entry\" map yet, found one (merged "
                          "already?)" % args.json)
    fw_json, fw_log = doc.meta["firmware"], log.meta["firmware"]
    if log.meta["loader"] and not args.force:
        for key in ("revision", "uefi_revision"):
            if fw_json[key] != fw_log[key]:
                raise MemmapError("%s and %s disagree on firmware %s (%r vs %r): not the "
                                  "same boot? (--force merges anyway)"
                                  % (args.json, args.serial_log, key, fw_json[key],
                                     fw_log[key]))
    doc.maps.append(log.maps[0])
    text = jsonmap.document_to_json(doc)
    if args.output:
        _write(args.output, text)
        out.write("memmap: wrote %s (%d maps)\n" % (args.output, len(doc.maps)))
    else:
        out.write(text)


def _write(path, text):
    """Write text to path (MemmapError if it cannot)."""
    try:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as e:
        raise MemmapError("%s: cannot write: %s" % (path, e))


def build_parser():
    """The argparse parser with the four subcommands."""
    p = argparse.ArgumentParser(
        prog="memmap", description="Read, check, compare and draw UEFI memory maps saved "
        "by pm32boot (JSON, docs/memmap-json.md) or printed by its kernel (serial log).")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    s = sub.add_parser("show", help="the raw map, the sanitised map, totals")
    s.add_argument("files", nargs="+", metavar="FILE", help="JSON file or serial log")
    s.add_argument("--map", metavar="WHEN", help="only this map (loader-start, before-write, "
                   "kernel-entry); default: every map")
    s.set_defaults(func=cmd_show)
    d = sub.add_parser("diff", help="compare two maps (two boots, two machines)")
    d.add_argument("a", metavar="A")
    d.add_argument("b", metavar="B")
    d.add_argument("--map-a", metavar="WHEN", help="map of A (default: its last)")
    d.add_argument("--map-b", metavar="WHEN", help="map of B (default: its last)")
    d.set_defaults(func=cmd_diff)
    v = sub.add_parser("svg", help="draw one map as SVG")
    v.add_argument("file", metavar="FILE")
    v.add_argument("-o", "--output", required=True, metavar="OUT.svg")
    v.add_argument("--map", metavar="WHEN", help="the map to draw (default: the last)")
    v.set_defaults(func=cmd_svg)
    m = sub.add_parser("merge", help="add the kernel's map from a serial log to a JSON file")
    m.add_argument("json", metavar="JSON")
    m.add_argument("serial_log", metavar="SERIALLOG")
    m.add_argument("-o", "--output", metavar="OUT.json", help="default: standard output")
    m.add_argument("--force", action="store_true",
                   help="merge even if the firmware revisions disagree")
    m.set_defaults(func=cmd_merge)
    return p


def main(argv=None, out=None):
    """Run one command; returns the exit status (0, or 1 after printing an error)."""
    out = out or sys.stdout
    args = build_parser().parse_args(argv)
    try:
        args.func(args, out)
    except MemmapError as e:
        sys.stderr.write("memmap: %s\n" % e)
        return 1
    except BrokenPipeError:
        return 0
    return 0
