"""The internal model: one descriptor (Entry), one map (MemMap), one file (Document)."""

from dataclasses import dataclass, field
from typing import List, Optional

from . import efitypes
from .units import PAGE_SIZE

# The "when" of each map: the two the loader writes, and the kernel's printout.
WHEN_LOADER_START = "loader-start"
WHEN_BEFORE_WRITE = "before-write"
WHEN_KERNEL_ENTRY = "kernel-entry"
WHEN_VALUES = (WHEN_LOADER_START, WHEN_BEFORE_WRITE, WHEN_KERNEL_ENTRY)


@dataclass
class Entry:
    """One firmware descriptor, as received. `type` is None when the source did not say
    (a serial log that printed only "unknown"). `end` may pass 2^64 (overflowing entry)."""
    index: int
    type: Optional[int]
    phys_start: int
    pages: int
    attribute: int
    virt_start: int = 0

    @property
    def end(self):
        """One past the last byte: [phys_start, end)."""
        return self.phys_start + self.pages * PAGE_SIZE

    @property
    def size(self):
        """Length in bytes."""
        return self.pages * PAGE_SIZE

    @property
    def type_name(self):
        """The UEFI name of the type, or "unknown"."""
        return efitypes.type_name(self.type)

    @property
    def kind(self):
        """The kind (efitypes.KIND_*)."""
        return efitypes.kind_of(self.type)


@dataclass
class MemMap:
    """One memory map: the entries in the firmware's order and the header facts."""
    when: str
    descriptor_size: int
    descriptor_version: int
    entries: List[Entry] = field(default_factory=list)


@dataclass
class Document:
    """One input file: where it came from, what it says about the machine, its maps.
    `meta` holds the JSON file's loader/machine/firmware/gop fields (or what a serial
    log's loader banner says)."""
    source: str
    meta: dict
    maps: List[MemMap] = field(default_factory=list)

    def find_map(self, when=None):
        """The map with this `when`, or the last map when `when` is None.
        Raises KeyError naming the maps there are."""
        if not self.maps:
            raise KeyError("%s holds no map" % self.source)
        if when is None:
            return self.maps[-1]
        for m in self.maps:
            if m.when == when:
                return m
        raise KeyError("%s has no map %r (it has: %s)"
                       % (self.source, when, ", ".join(m.when for m in self.maps)))
