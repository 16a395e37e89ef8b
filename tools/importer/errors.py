"""The one error type of the import: a fatal input problem or a failed
cross-check. tools/import prints its message and exits with status 2."""


class Fail(Exception):
    """A fatal input problem; the message names the file (and line)."""
