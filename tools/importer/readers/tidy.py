"""The tidy tables next to the raw directory (../tidy): plain CSV files
with a header, read only to cross-check what the import builds."""
import csv


def read_dicts(path):
    """Rows of a tidy CSV file as dicts; None if the file does not exist."""
    if not path.is_file():
        return None
    with open(path, encoding='utf-8', newline='') as fh:
        return list(csv.DictReader(fh))
