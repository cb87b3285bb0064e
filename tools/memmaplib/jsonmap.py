"""Strict reader and writer of the saved-map JSON files (docs/memmap-json.md, version 1).

Every problem found is reported, each with its place in the file
("maps[1].entries[12].phys_start: expected ..., found ..."), in one MemmapError.
"""

import json
import re

from . import efitypes
from .errors import MemmapError
from .model import Document, Entry, MemMap, WHEN_VALUES

SCHEMA_NAME = "pm32boot-memmap"
SCHEMA_VERSION = 1
HEX64_RE = re.compile(r"^0x[0-9a-fA-F]{16}$")
HEX_ANY_RE = re.compile(r"^0x[0-9a-fA-F]{1,16}$")
UEFI_REVISION_RE = re.compile(r"^[0-9]+\.[0-9]+$")
GOP_FORMATS = ("RGBX", "BGRX", "BITMASK", "BLTONLY")
MIN_DESCRIPTOR_SIZE = 40  # sizeof(EFI_MEMORY_DESCRIPTOR) in UEFI 2.x
MAX_PAGES = (1 << 64) - 1
MAX_ERRORS_SHOWN = 25

TOP_KEYS = ("schema", "version", "loader", "machine", "firmware", "gop", "maps")
MACHINE_KEYS = ("manufacturer", "product")
FIRMWARE_KEYS = ("vendor", "revision", "uefi_revision")
GOP_KEYS = ("width", "height", "pixels_per_scan_line", "format", "framebuffer")
MAP_KEYS = ("when", "descriptor_size", "descriptor_version", "entries")
ENTRY_KEYS = ("type", "type_name", "phys_start", "pages", "virt_start", "attribute")


class _Checker:
    """Collects the problems of one file; each check returns the value or None."""

    def __init__(self):
        self.problems = []

    def fail(self, where, expected, found):
        """Record: at `where`, `expected` was expected, `found` was there."""
        self.problems.append("%s: expected %s, found %s" % (where, expected, found))

    def obj(self, value, where, keys):
        """A JSON object with exactly `keys` (none missing, none extra); None if not."""
        if not isinstance(value, dict):
            self.fail(where, "an object", _show(value))
            return None
        missing = [k for k in keys if k not in value]
        extra = [k for k in value if k not in keys]
        if missing:
            self.fail(where, "the keys %s" % ", ".join(keys), "no %s" % ", ".join(missing))
        if extra:
            self.fail(where, "only the keys %s" % ", ".join(keys),
                      "also %s" % ", ".join(extra))
        return None if missing else value

    def integer(self, value, where, low, high):
        """An integer (not a bool) in [low, high]."""
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(where, "an integer", _show(value))
            return None
        if not low <= value <= high:
            self.fail(where, "an integer from %d to %d" % (low, high), _show(value))
            return None
        return value

    def string(self, value, where):
        """A string."""
        if not isinstance(value, str):
            self.fail(where, "a string", _show(value))
            return None
        return value

    def hex_string(self, value, where, pattern, what):
        """A hex string matching `pattern`, as an int."""
        if not isinstance(value, str) or not pattern.match(value):
            self.fail(where, what, _show(value))
            return None
        return int(value, 16)


def _show(value):
    """A short JSON rendering of a found value for messages."""
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _reject_duplicates(pairs):
    """object_pairs_hook: a dict, or ValueError naming a key given twice."""
    result = {}
    for key, value in pairs:
        if key in result:
            raise ValueError("the key %r appears twice in one object" % key)
        result[key] = value
    return result


def _check_entry(c, raw, where, index):
    """One entries[] item -> Entry, or None after recording its problems."""
    if c.obj(raw, where, ENTRY_KEYS) is None:
        return None
    before = len(c.problems)
    type_number = c.integer(raw["type"], where + ".type", 0, 0xFFFFFFFF)
    name = c.string(raw["type_name"], where + ".type_name")
    hex64 = "\"0x\" + 16 hex digits"
    start = c.hex_string(raw["phys_start"], where + ".phys_start", HEX64_RE, hex64)
    virt = c.hex_string(raw["virt_start"], where + ".virt_start", HEX64_RE, hex64)
    attr = c.hex_string(raw["attribute"], where + ".attribute", HEX64_RE, hex64)
    pages = c.integer(raw["pages"], where + ".pages", 0, MAX_PAGES)
    if type_number is not None and name is not None:
        want = efitypes.type_name(type_number)
        if name != want:
            c.fail(where + ".type_name", "%r (the name of type %d)" % (want, type_number),
                   _show(name))
    if len(c.problems) != before:
        return None
    return Entry(index=index, type=type_number, phys_start=start, pages=pages,
                 attribute=attr, virt_start=virt)


def _check_map(c, raw, where):
    """One maps[] item -> MemMap, or None after recording its problems."""
    if c.obj(raw, where, MAP_KEYS) is None:
        return None
    when = raw["when"]
    if when not in WHEN_VALUES:
        c.fail(where + ".when", "one of %s" % ", ".join(WHEN_VALUES), _show(when))
    size = c.integer(raw["descriptor_size"], where + ".descriptor_size",
                     MIN_DESCRIPTOR_SIZE, 0xFFFFFFFF)
    if size is not None and size % 8:
        c.fail(where + ".descriptor_size", "a multiple of 8", str(size))
    version = c.integer(raw["descriptor_version"], where + ".descriptor_version", 0, 0xFFFFFFFF)
    items = raw["entries"]
    if not isinstance(items, list):
        c.fail(where + ".entries", "an array", _show(items))
        return None
    entries = [_check_entry(c, item, "%s.entries[%d]" % (where, i), i)
               for i, item in enumerate(items)]
    return MemMap(when=when, descriptor_size=size, descriptor_version=version,
                  entries=entries)


def _check_meta(c, doc):
    """The loader/machine/firmware/gop fields; their problems go to `c`."""
    c.string(doc["loader"], "loader")
    machine = c.obj(doc["machine"], "machine", MACHINE_KEYS)
    if machine is not None:
        for key in MACHINE_KEYS:
            c.string(machine[key], "machine." + key)
    firmware = c.obj(doc["firmware"], "firmware", FIRMWARE_KEYS)
    if firmware is not None:
        c.string(firmware["vendor"], "firmware.vendor")
        c.integer(firmware["revision"], "firmware.revision", 0, 0xFFFFFFFF)
        rev = firmware["uefi_revision"]
        if not isinstance(rev, str) or not UEFI_REVISION_RE.match(rev):
            c.fail("firmware.uefi_revision", "\"major.minor\" such as \"2.70\"", _show(rev))
    gop = doc["gop"]
    if gop is not None and c.obj(gop, "gop", GOP_KEYS) is not None:
        for key in ("width", "height", "pixels_per_scan_line"):
            c.integer(gop[key], "gop." + key, 0, 0xFFFFFFFF)
        if gop["format"] not in GOP_FORMATS:
            c.fail("gop.format", "one of %s" % ", ".join(GOP_FORMATS), _show(gop["format"]))
        c.hex_string(gop["framebuffer"], "gop.framebuffer", HEX_ANY_RE,
                     "\"0x\" + 1 to 16 hex digits")


def parse_json_text(text, source):
    """Parse and validate one file's text -> Document. Raises MemmapError listing every
    problem; a schema or version other than pm32boot-memmap 1 is refused first."""
    try:
        doc = json.loads(text, object_pairs_hook=_reject_duplicates)
    except ValueError as e:
        raise MemmapError("%s: not valid JSON: %s" % (source, e))
    if not isinstance(doc, dict):
        raise MemmapError("%s: expected a JSON object at the top, found %s"
                          % (source, type(doc).__name__))
    if doc.get("schema") != SCHEMA_NAME:
        raise MemmapError("%s: expected \"schema\": \"%s\", found %s: not a saved memory map"
                          % (source, SCHEMA_NAME, _show(doc.get("schema"))))
    if doc.get("version") != SCHEMA_VERSION or isinstance(doc.get("version"), bool):
        raise MemmapError("%s: expected schema version %d, found %s: this tool reads "
                          "version %d only" % (source, SCHEMA_VERSION, _show(doc.get("version")),
                                               SCHEMA_VERSION))
    c = _Checker()
    maps = []
    if c.obj(doc, "(top)", TOP_KEYS) is not None:
        _check_meta(c, doc)
        if not isinstance(doc["maps"], list):
            c.fail("maps", "an array", _show(doc["maps"]))
        else:
            maps = [_check_map(c, m, "maps[%d]" % i) for i, m in enumerate(doc["maps"])]
            if not maps:
                c.fail("maps", "at least one map", "[]")
    if c.problems:
        shown = c.problems[:MAX_ERRORS_SHOWN]
        more = len(c.problems) - len(shown)
        lines = ["%s: %s" % (source, p) for p in shown]
        if more:
            lines.append("%s: ... and %d more problem(s)" % (source, more))
        raise MemmapError("\n".join(lines))
    meta = {k: doc[k] for k in ("loader", "machine", "firmware", "gop")}
    return Document(source=source, meta=meta, maps=maps)


def read_json_file(path):
    """Read and validate one JSON file -> Document (MemmapError if unreadable or invalid)."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        raise MemmapError("%s: cannot read: %s" % (path, e))
    return parse_json_text(text, path)


def _entry_json(e):
    """One Entry as the schema's object (MemmapError if its type is not known)."""
    if e.type is None:
        raise MemmapError("entry %d: its type number is not known (the serial log printed "
                          "only \"unknown\"), and the JSON schema needs one" % e.index)
    return {"type": e.type, "type_name": e.type_name,
            "phys_start": "0x%016x" % e.phys_start, "pages": e.pages,
            "virt_start": "0x%016x" % e.virt_start, "attribute": "0x%016x" % e.attribute}


def document_to_json(doc):
    """A Document as schema version 1 text (the reader reads it back unchanged)."""
    out = {"schema": SCHEMA_NAME, "version": SCHEMA_VERSION}
    out.update({k: doc.meta[k] for k in ("loader", "machine", "firmware", "gop")})
    out["maps"] = [{"when": m.when, "descriptor_size": m.descriptor_size,
                    "descriptor_version": m.descriptor_version,
                    "entries": [_entry_json(e) for e in m.entries]} for m in doc.maps]
    return json.dumps(out, indent=2) + "\n"
