"""The command line of tools/import: [--raw DIR] [--out DIR] [--check].
Builds everything first; then prints the "check:" lines and either writes
the files or compares them. Exit 0 ok, 1 --check differs, 2 input failed."""
import argparse
import sys
from pathlib import Path

from .errors import Fail
from .pipeline import build
from .writers import compare_tree, write_tree


def main(repo):
    """Parse the command line, build everything, then check or write; repo
    is the checkout root (defaults: ../shared/data/raw, models/nl)."""
    ap = argparse.ArgumentParser(description='Build models/nl/ from the raw data.')
    ap.add_argument('--raw', default=str(repo.parent / 'shared' / 'data' / 'raw'))
    ap.add_argument('--out', default=str(repo / 'models' / 'nl'))
    ap.add_argument('--check', action='store_true',
                    help='write nothing; compare with --out, exit 1 on a difference')
    args = ap.parse_args()
    try:
        files, report = build(args.raw)
    except Fail as e:
        print(f'tools/import: error: {e}', file=sys.stderr)
        return 2
    out = Path(args.out)
    for line in report:
        print(f'check: {line}')
    if args.check:
        return 1 if compare_tree(out, files) else 0
    write_tree(out, files)
    return 0
