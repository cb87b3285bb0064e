"""Exact human sizes and fixed-width hex addresses."""

PAGE_SIZE = 4096
KIB = 1 << 10
MIB = 1 << 20
GIB = 1 << 30
ADDRESS_LIMIT = 1 << 64  # one past the highest 64-bit address

# Largest first; a size is written with the largest unit that fits.
UNITS = (("EiB", 1 << 60), ("PiB", 1 << 50), ("TiB", 1 << 40), ("GiB", GIB),
         ("MiB", MIB), ("KiB", KIB), ("B", 1))

# A size that is a whole number of quarters of its unit is written as a decimal.
QUARTERS = 4


def size_text(nbytes):
    """Exact size: "0 B", "4 KiB", "1.5 MiB", "1.25 GiB", or a sum of units when no short
    decimal is exact ("3 GiB + 4 KiB"). Never rounds, never shows zero for a nonzero size."""
    if nbytes == 0:
        return "0 B"
    for name, unit in UNITS:
        if nbytes >= unit:
            if nbytes % unit == 0:
                return "%d %s" % (nbytes // unit, name)
            if unit > 1 and (nbytes * QUARTERS) % unit == 0:
                text = "%.2f" % (nbytes / unit)
                return "%s %s" % (text.rstrip("0"), name)
            break
    parts = []
    rest = nbytes
    for name, unit in UNITS:
        if rest >= unit:
            parts.append("%d %s" % (rest // unit, name))
            rest %= unit
    return " + ".join(parts)


def hex64(value):
    """A 64-bit address as 0x + 16 hex digits; "2^64" for the end of the address space
    (the end of a range clipped there), "(past 2^64)" beyond it."""
    if value == ADDRESS_LIMIT:
        return "2^64"
    if value > ADDRESS_LIMIT:
        return "(past 2^64)"
    return "0x%016x" % value


def short_hex(value):
    """An address without leading zeros, for labels: 0x100000 ("2^64", "2^64+" at and
    past the end of the address space)."""
    if value == ADDRESS_LIMIT:
        return "2^64"
    if value > ADDRESS_LIMIT:
        return "2^64+"
    return "0x%x" % value
