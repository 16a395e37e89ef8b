"""The raw input directory: each file read once, decoded and split into a
Table of header and numbered rows, with its sha256 remembered for the
"source:" comments. Knows nothing of what any file means."""
import csv
import hashlib
import io
from pathlib import Path

from .errors import Fail


class Table:
    """A parsed raw file: header (list) and rows as (line number, fields)."""

    def __init__(self, name, header, rows):
        self.name, self.header, self.rows = name, header, rows

    def where(self, line):
        return f'{self.name}, line {line}'

    def col(self, label, required=True):
        """Index of the one column named label (case-insensitive, otherwise
        exact); None if absent and not required; Fail if absent or repeated."""
        hits = [i for i, h in enumerate(self.header) if h.lower() == label.lower()]
        if len(hits) > 1 or (required and not hits):
            raise Fail(f'{self.name}, line 1: expected one column "{label}", '
                       f'found {len(hits)}')
        return hits[0] if hits else None


def parse(name, text, sep, repair=None):
    """Table of CSV text with separator sep; empty lines are skipped.
    repair(name, header, first row) may fix a known header quirk. Every row
    must have as many fields as the header."""
    reader = csv.reader(io.StringIO(text, newline=''), delimiter=sep)
    rows = [(reader.line_num, fields) for fields in reader if fields]
    if len(rows) < 2:
        raise Fail(f'{name}: no data rows')
    header, rows = rows[0][1], rows[1:]
    if repair:
        header = repair(name, header, rows[0][1])
    for line, fields in rows:
        if len(fields) != len(header):
            raise Fail(f'{name}, line {line}: {len(fields)} fields, '
                       f'the header has {len(header)}')
    return Table(name, header, rows)


class Raw:
    """The raw directory; remembers the sha256 of every file read."""

    def __init__(self, root):
        self.root, self.sha, self.cache, self.blobs = Path(root), {}, {}, {}

    def table(self, name, sep, repair=None):
        """Parse raw file name (UTF-8, optional BOM, CRLF or LF) with separator
        sep, once; see parse()."""
        if name in self.cache:
            return self.cache[name]
        path = self.root / name
        try:
            data = path.read_bytes()
        except OSError as e:
            raise Fail(f'{path}: cannot read raw file ({e.strerror})')
        self.sha[name] = hashlib.sha256(data).hexdigest()
        try:
            text = data.decode('utf-8-sig')
        except UnicodeDecodeError as e:
            raise Fail(f'{name}: not valid UTF-8 at byte {e.start}')
        self.cache[name] = parse(name, text, sep, repair)
        return self.cache[name]

    def bytes(self, name):
        """The bytes of raw file name (read once; its sha256 remembered)."""
        if name not in self.blobs:
            path = self.root / name
            try:
                self.blobs[name] = path.read_bytes()
            except OSError as e:
                raise Fail(f'{path}: cannot read raw file ({e.strerror})')
            self.sha[name] = hashlib.sha256(self.blobs[name]).hexdigest()
        return self.blobs[name]

    def exists(self, name):
        return (self.root / name).is_file()


def expect_header(t, expected):
    """Fail unless the header of t starts with the fields expected."""
    if t.header[:len(expected)] != expected:
        raise Fail(f'{t.name}, line 1: header starts {t.header[:len(expected)]}, '
                   f'expected {expected}')
