"""What a map means: anomaly flags per entry, the sanitised map (overlaps resolved,
adjacent same-type entries merged, holes explicit), totals per kind and address band."""

from dataclasses import dataclass
from typing import List, Optional

from . import efitypes
from .units import ADDRESS_LIMIT, MIB, PAGE_SIZE

LOW_LIMIT = 1 * MIB          # below this: the real-mode area
LIMIT_32BIT = 1 << 32        # what a 32-bit kernel without PAE can reach
BANDS = (("below 1 MiB", 0, LOW_LIMIT), ("1 MiB-4 GiB", LOW_LIMIT, LIMIT_32BIT),
         ("above 4 GiB", LIMIT_32BIT, ADDRESS_LIMIT))

FLAG_UNSORTED = "unsorted"
FLAG_OVERLAP = "overlaps"
FLAG_ZERO = "zero-length"
FLAG_OVERFLOW = "overflow"
FLAG_UNALIGNED = "unaligned"
FLAG_LOW = "<1MiB"
FLAG_HIGH = ">4GiB"
FLAG_MEANINGS = (
    (FLAG_UNSORTED, "starts below the entry before it (firmware order)"),
    (FLAG_OVERLAP + ":N", "shares addresses with entry N"),
    (FLAG_ZERO, "0 pages"),
    (FLAG_OVERFLOW, "start + pages passes 2^64"),
    (FLAG_UNALIGNED, "start is not a multiple of 4 KiB"),
    (FLAG_LOW, "lies (partly) below 1 MiB"),
    (FLAG_HIGH, "lies (partly) above 4 GiB"),
)


def entry_flags(entries):
    """Anomaly flags per entry, in entry order: a list of lists of flag strings."""
    flags = [[] for _ in entries]
    spans = sorted((e.phys_start, min(e.end, ADDRESS_LIMIT), i)
                   for i, e in enumerate(entries) if e.pages)
    overlaps = [[] for _ in entries]
    for a in range(len(spans)):
        start_a, end_a, i = spans[a]
        for b in range(a + 1, len(spans)):
            start_b, end_b, j = spans[b]
            if start_b >= end_a:
                break
            overlaps[i].append(j)
            overlaps[j].append(i)
    for i, e in enumerate(entries):
        f = flags[i]
        if i and e.phys_start < entries[i - 1].phys_start:
            f.append(FLAG_UNSORTED)
        if overlaps[i]:
            f.append("%s:%s" % (FLAG_OVERLAP, ",".join(str(j) for j in sorted(overlaps[i]))))
        if e.pages == 0:
            f.append(FLAG_ZERO)
        if e.end > ADDRESS_LIMIT:
            f.append(FLAG_OVERFLOW)
        if e.phys_start % PAGE_SIZE:
            f.append(FLAG_UNALIGNED)
        if e.phys_start < LOW_LIMIT:
            f.append(FLAG_LOW)
        if e.end > LIMIT_32BIT:
            f.append(FLAG_HIGH)
    return flags


@dataclass
class Region:
    """One range of the sanitised map: [start, end), a kind, the raw types that won its
    pieces (empty for a hole), and the indexes of the entries it came from."""
    start: int
    end: int
    kind: str
    types: List[Optional[int]]
    sources: List[int]

    @property
    def size(self):
        """Length in bytes."""
        return self.end - self.start

    @property
    def type_name(self):
        """The winning types' UEFI names joined by "+", or "hole"."""
        if self.kind == efitypes.KIND_HOLE:
            return efitypes.KIND_HOLE
        ordered = sorted(self.types, key=lambda t: -1 if t is None else t)
        return "+".join(efitypes.type_label(t) for t in ordered)


def _winner(entries, active):
    """Of the active entry indexes, the one whose kind must be kept most strongly
    (ties: the lower type number, then the lower index)."""
    return max(active, key=lambda i: (efitypes.kind_rank(entries[i].kind),
                                      -(entries[i].type if entries[i].type is not None
                                        else -1), -i))


def sanitise(entries):
    """The sanitised map: sorted, overlaps given to the kind that must be kept most
    strongly, zero-length entries dropped, ranges clipped at 2^64, adjacent ranges of the
    same kind merged, and the gaps from address 0 to the last end made explicit holes."""
    events = []
    for i, e in enumerate(entries):
        if e.pages and e.phys_start < ADDRESS_LIMIT:
            events.append((e.phys_start, 1, i))
            events.append((min(e.end, ADDRESS_LIMIT), 0, i))
    events.sort()
    pieces = []  # (start, end, winner index)
    active = set()
    pos = None
    k = 0
    while k < len(events):
        address = events[k][0]
        if active and pos is not None and address > pos:
            pieces.append((pos, address, _winner(entries, active)))
        while k < len(events) and events[k][0] == address:
            _, is_start, i = events[k]
            if is_start:
                active.add(i)
            else:
                active.discard(i)
            k += 1
        pos = address
    regions = []
    cursor = 0
    for start, end, i in pieces:
        e = entries[i]
        if start > cursor:
            regions.append(Region(cursor, start, efitypes.KIND_HOLE, [], []))
        last = regions[-1] if regions else None
        if last and last.end == start and last.kind == e.kind:
            last.end = end
            if i not in last.sources:
                last.sources.append(i)
            if e.type not in last.types:
                last.types.append(e.type)
        else:
            regions.append(Region(start, end, e.kind, [e.type], [i]))
        cursor = end
    return regions


def band_split(start, end):
    """Bytes of [start, end) in each address band, as a tuple in BANDS order."""
    return tuple(max(0, min(end, high) - max(start, low)) for _, low, high in BANDS)


def totals_by_kind(regions):
    """{kind: [bytes per band..., total]} over the sanitised regions (holes included)."""
    totals = {}
    for r in regions:
        row = totals.setdefault(r.kind, [0] * (len(BANDS) + 1))
        for b, n in enumerate(band_split(r.start, r.end)):
            row[b] += n
        row[-1] += r.size
    return totals


def usable_bytes(regions, kinds, limit=ADDRESS_LIMIT):
    """Bytes of the regions whose kind is in `kinds`, below `limit`."""
    return sum(max(0, min(r.end, limit) - r.start) for r in regions
               if r.kind in kinds and r.start < limit)


def largest_run(regions, kinds):
    """The largest contiguous run of regions whose kinds are all in `kinds`:
    (start, end), or None if there is none."""
    best = None
    run = None
    for r in regions:
        if r.kind in kinds:
            run = (run[0], r.end) if run and run[1] == r.start else (r.start, r.end)
            if best is None or run[1] - run[0] > best[1] - best[0]:
                best = run
        else:
            run = None
    return best


@dataclass
class Summary:
    """The headline figures of one map."""
    usable_now: int
    usable_after_exit: int
    reachable_32bit: int
    largest_now: Optional[tuple]
    largest_after_exit: Optional[tuple]


def summarise(regions):
    """The headline figures of a sanitised map."""
    return Summary(
        usable_now=usable_bytes(regions, efitypes.USABLE_NOW_KINDS),
        usable_after_exit=usable_bytes(regions, efitypes.USABLE_AFTER_EXIT_KINDS),
        reachable_32bit=usable_bytes(regions, efitypes.USABLE_AFTER_EXIT_KINDS, LIMIT_32BIT),
        largest_now=largest_run(regions, efitypes.USABLE_NOW_KINDS),
        largest_after_exit=largest_run(regions, efitypes.USABLE_AFTER_EXIT_KINDS))
