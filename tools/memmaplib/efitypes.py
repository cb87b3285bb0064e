"""EFI memory types (UEFI 2.10, 7.2), the kinds the tool groups them into, attribute bits."""

# Raw type numbers, in UEFI order; the index is the type number.
TYPE_NAMES = (
    "EfiReservedMemoryType",
    "EfiLoaderCode",
    "EfiLoaderData",
    "EfiBootServicesCode",
    "EfiBootServicesData",
    "EfiRuntimeServicesCode",
    "EfiRuntimeServicesData",
    "EfiConventionalMemory",
    "EfiUnusableMemory",
    "EfiACPIReclaimMemory",
    "EfiACPIMemoryNVS",
    "EfiMemoryMappedIO",
    "EfiMemoryMappedIOPortSpace",
    "EfiPalCode",
    "EfiPersistentMemory",
    "EfiUnacceptedMemoryType",
)
UNKNOWN_TYPE_NAME = "unknown"
TYPE_BY_NAME = {name: number for number, name in enumerate(TYPE_NAMES)}

# Kinds: what a range means for a kernel. Ordered by how strongly a range of
# that kind must be kept: when entries overlap, the higher rank wins.
KIND_FREE = "free"
KIND_BOOT_SERVICES = "boot-services"
KIND_LOADER = "loader"
KIND_UNACCEPTED = "unaccepted"
KIND_PERSISTENT = "persistent"
KIND_ACPI_RECLAIM = "acpi-reclaim"
KIND_ACPI_NVS = "acpi-nvs"
KIND_RUNTIME = "runtime"
KIND_MMIO = "mmio"
KIND_RESERVED = "reserved"
KIND_UNKNOWN = "unknown"
KIND_HOLE = "hole"  # not a kind of entry: an address range no entry covers

KIND_RANK = (
    KIND_FREE, KIND_BOOT_SERVICES, KIND_LOADER, KIND_UNACCEPTED, KIND_PERSISTENT,
    KIND_ACPI_RECLAIM, KIND_ACPI_NVS, KIND_RUNTIME, KIND_MMIO, KIND_RESERVED, KIND_UNKNOWN,
)

KIND_DESCRIPTIONS = {
    KIND_FREE: "free now (EfiConventionalMemory)",
    KIND_BOOT_SERVICES: "boot services code/data (free after ExitBootServices)",
    KIND_LOADER: "loader code/data (free once the kernel is done with it)",
    KIND_UNACCEPTED: "unaccepted (must be accepted before use)",
    KIND_PERSISTENT: "persistent memory",
    KIND_ACPI_RECLAIM: "ACPI tables (reclaimable after reading)",
    KIND_ACPI_NVS: "ACPI NVS (firmware keeps it)",
    KIND_RUNTIME: "runtime services code/data (firmware keeps it)",
    KIND_MMIO: "memory-mapped I/O",
    KIND_RESERVED: "reserved, unusable, PAL code",
    KIND_UNKNOWN: "unknown type",
    KIND_HOLE: "no entry covers it",
}

_KIND_OF_TYPE = {
    0: KIND_RESERVED, 1: KIND_LOADER, 2: KIND_LOADER, 3: KIND_BOOT_SERVICES,
    4: KIND_BOOT_SERVICES, 5: KIND_RUNTIME, 6: KIND_RUNTIME, 7: KIND_FREE,
    8: KIND_RESERVED, 9: KIND_ACPI_RECLAIM, 10: KIND_ACPI_NVS, 11: KIND_MMIO,
    12: KIND_MMIO, 13: KIND_RESERVED, 14: KIND_PERSISTENT, 15: KIND_UNACCEPTED,
}

# Kinds a kernel may use: now, and after ExitBootServices (docs: DESIGN.md, Memory).
USABLE_NOW_KINDS = frozenset({KIND_FREE})
USABLE_AFTER_EXIT_KINDS = frozenset({KIND_FREE, KIND_BOOT_SERVICES, KIND_LOADER})

# Attribute bits (EFI_MEMORY_*), lowest first; the remaining bits print as hex.
ATTRIBUTE_BITS = (
    (0x1, "UC"), (0x2, "WC"), (0x4, "WT"), (0x8, "WB"), (0x10, "UCE"),
    (0x1000, "WP"), (0x2000, "RP"), (0x4000, "XP"), (0x8000, "NV"),
    (0x10000, "MORE_RELIABLE"), (0x20000, "RO"), (0x40000, "SP"),
    (0x80000, "CPU_CRYPTO"), (0x8000000000000000, "RUNTIME"),
)


def type_name(type_number):
    """The UEFI name of a raw type number; "unknown" past the known ones or for None."""
    if type_number is not None and 0 <= type_number < len(TYPE_NAMES):
        return TYPE_NAMES[type_number]
    return UNKNOWN_TYPE_NAME


def type_number_text(type_number):
    """A raw type number for tables: decimal below 0x10000, hex above (the OEM range
    0x70000000.. and the OS range 0x80000000.. read better in hex), "?" for None."""
    if type_number is None:
        return "?"
    return str(type_number) if type_number < 0x10000 else "0x%x" % type_number


def type_label(type_number):
    """The UEFI name of a type, or "unknown(N)" with its number when it has no name."""
    name = type_name(type_number)
    if name == UNKNOWN_TYPE_NAME:
        return "%s(%s)" % (name, type_number_text(type_number))
    return name


def kind_of(type_number):
    """The kind (KIND_*) of a raw type number; KIND_UNKNOWN for unknown or None."""
    return _KIND_OF_TYPE.get(type_number, KIND_UNKNOWN)


def kind_rank(kind):
    """How strongly a kind must be kept (higher wins an overlap)."""
    return KIND_RANK.index(kind)


def decode_attributes(attribute):
    """The attribute bits as names, e.g. "UC WC WT WB RUNTIME"; unknown bits as one hex
    number at the end ("UC 0x4000000000000000"); "-" for zero."""
    names = []
    rest = attribute
    for bit, name in ATTRIBUTE_BITS:
        if attribute & bit:
            names.append(name)
            rest &= ~bit
    if rest:
        names.append("0x%x" % rest)
    return " ".join(names) if names else "-"
