"""The exception type for input the tool refuses (bad files, bad arguments)."""


class MemmapError(Exception):
    """A user-facing error: the message says what was expected and what was found."""
