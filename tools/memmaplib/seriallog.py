"""Reader of the kernel's serial log: the "efi-mmap:" lines -> a Document with one map,
"kernel-entry" (the map the loader handed to ExitBootServices).

The log may hold ANSI escape sequences and CR LF line ends (the firmware console writes
them), and lines of other programs. Each entry line is read by its prefix
    efi-mmap: INDEX NAME 0xSTART-[(overflow)]0xEND PAGES pages attr=0xATTR [more columns]
and columns after attr= are ignored, except "type=N", which gives the type number
(an "unknown" type has no number otherwise).
"""

import re

from . import efitypes
from .errors import MemmapError
from .model import Document, Entry, MemMap, WHEN_KERNEL_ENTRY
from .units import ADDRESS_LIMIT

ANSI_RE = re.compile(r"\x1b(\[[0-9;=?<>]*[ -/]*[@-~]|[()][A-Za-z0-9]|[@-Z\\-_])")
PREFIX = "efi-mmap:"
HEADER_RE = re.compile(r"^efi-mmap:\s+descr_size=(\d+)\s+version=(\d+)\s+count=(\d+)")
NONE_RE = re.compile(r"^efi-mmap:\s+\(none\)")
ENTRY_RE = re.compile(
    r"^efi-mmap:\s+(?P<index>\d+)\s+(?P<pre>.*?)\s*"
    r"0x(?P<start>[0-9a-fA-F]{1,16})-(?P<ovf>\(overflow\))?0x(?P<end>[0-9a-fA-F]{1,16})"
    r"\s+(?P<pages>\d+)\s+pages?\s+attr=0x(?P<attr>[0-9a-fA-F]{1,16})(?P<extra>.*)$")
TYPE_COLUMN_RE = re.compile(r"(?:^|\s)type=(\d+)(?:\s|$)")
TYPE_NUMBER_RE = re.compile(r"^\(?(\d+)\)?$")
BANNER_RE = re.compile(r"^loader:\s+(?P<name>.+?),\s+UEFI\s+(?P<uefi>\d+\.\d+),\s+"
                       r"firmware revision\s+0x(?P<rev>[0-9a-fA-F]+)")


def clean_lines(text):
    """The log's lines without ANSI escapes or CRs, as (line number, text) pairs."""
    text = ANSI_RE.sub("", text)
    return [(n, line.replace("\r", "").strip())
            for n, line in enumerate(text.split("\n"), start=1)]


def _parse_type(pre, extra, where):
    """The type number from the columns before the address (a name, maybe a number) and
    after attr= ("type=N"); None if only "unknown" was printed."""
    number = None
    name = None
    for token in pre.split():
        m = TYPE_NUMBER_RE.match(token)
        if m:
            number = int(m.group(1))
        else:
            name = token
    m = TYPE_COLUMN_RE.search(extra)
    if m:
        number = int(m.group(1))
    if name is None and number is None:
        raise MemmapError("%s: expected a type name before the address, found none" % where)
    if name is not None and name != efitypes.UNKNOWN_TYPE_NAME:
        if name not in efitypes.TYPE_BY_NAME:
            raise MemmapError("%s: expected an EFI memory type name, found %r" % (where, name))
        if number is not None and number != efitypes.TYPE_BY_NAME[name]:
            raise MemmapError("%s: type name %s and type number %d disagree"
                              % (where, name, number))
        number = efitypes.TYPE_BY_NAME[name]
    return number


def _parse_entry(m, where):
    """One matched entry line -> Entry; MemmapError if its end disagrees with its pages."""
    start = int(m.group("start"), 16)
    pages = int(m.group("pages"))
    end = int(m.group("end"), 16)
    entry = Entry(index=int(m.group("index")),
                  type=_parse_type(m.group("pre"), m.group("extra"), where),
                  phys_start=start, pages=pages, attribute=int(m.group("attr"), 16))
    if m.group("ovf"):
        if entry.end <= ADDRESS_LIMIT:
            raise MemmapError("%s: marked (overflow), but start + pages stays below 2^64"
                              % where)
    elif end != entry.end:
        raise MemmapError("%s: expected end 0x%016x (start + %d pages), found 0x%016x"
                          % (where, entry.end, pages, end))
    return entry


def parse_serial_text(text, source):
    """The last complete "efi-mmap:" block of a log -> Document with one "kernel-entry"
    map. MemmapError if there is none, or the block is cut short or malformed."""
    block = None  # [header match, line number, entries]
    complete = None
    banner = None
    for number, line in clean_lines(text):
        where = "%s:%d" % (source, number)
        b = BANNER_RE.match(line)
        if b:
            banner = b
        if not line.startswith(PREFIX):
            continue
        if NONE_RE.match(line):
            raise MemmapError("%s: the kernel says it was handed no EFI memory map" % where)
        h = HEADER_RE.match(line)
        if h:
            block = [h, number, []]
            if int(h.group(3)) == 0:
                complete = block
            continue
        if block is None:
            continue  # an entry line before any header: not ours to read
        m = ENTRY_RE.match(line)
        if m is None:
            raise MemmapError("%s: expected \"efi-mmap: INDEX TYPE 0xSTART-0xEND N pages "
                              "attr=0xATTR\", found %r" % (where, line[:80]))
        entries = block[2]
        if complete is block:
            raise MemmapError("%s: the header announced %s entries, found one more"
                              % (where, block[0].group(3)))
        if int(m.group("index")) != len(entries):
            raise MemmapError("%s: expected entry index %d, found %s"
                              % (where, len(entries), m.group("index")))
        entries.append(_parse_entry(m, where))
        if len(entries) == int(block[0].group(3)):
            complete = block
    if complete is not block or block is None:
        if block is not None:
            raise MemmapError("%s:%d: the header announces %s entries, the log has %d "
                              "(cut short?)" % (source, block[1], block[0].group(3),
                                                len(block[2])))
        raise MemmapError("%s: expected \"efi-mmap: descr_size=...\" lines of the kernel, "
                          "found none" % source)
    header = complete[0]
    mm = MemMap(when=WHEN_KERNEL_ENTRY, descriptor_size=int(header.group(1)),
                descriptor_version=int(header.group(2)), entries=complete[2])
    meta = {"loader": banner.group("name") if banner else "",
            "machine": {"manufacturer": "", "product": ""},
            "firmware": {"vendor": "",
                         "revision": int(banner.group("rev"), 16) if banner else 0,
                         "uefi_revision": banner.group("uefi") if banner else "0.0"},
            "gop": None}
    return Document(source=source, meta=meta, maps=[mm])


def looks_like_serial_log(text):
    """True if the text holds a kernel "efi-mmap:" header line (after ANSI/CR removal)."""
    return any(HEADER_RE.match(line) for _, line in clean_lines(text))


def read_serial_file(path):
    """Read one serial log -> Document (MemmapError if unreadable or malformed)."""
    try:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8", errors="replace")
    except OSError as e:
        raise MemmapError("%s: cannot read: %s" % (path, e))
    return parse_serial_text(text, path)
