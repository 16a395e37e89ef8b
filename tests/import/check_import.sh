#!/usr/bin/env bash
# check_import.sh - the unit tests of tools/importer (test_*.py here) must
# pass; the committed dataset models/nl/ must be exactly what tools/import
# builds from ../shared/data/raw, and the import must be deterministic (two
# runs into fresh directories give identical trees).
# Exit 0 pass, 1 fail, 77 skip (no python3, or no raw data after the unit
# tests passed: ctest SKIP).
set -u

src=${BASH_SOURCE[0]}
case $src in */*) dir=${src%/*} ;; *) dir=. ;; esac
repo=$(cd "$dir/../.." && pwd)
raw="$repo/../shared/data/raw"

py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3)
if [ -z "$py" ]; then
    echo "SKIP: python3 not found"
    exit 77
fi
if ! "$py" -m unittest discover -s "$dir" -p 'test_*.py'; then
    echo "FAIL: unit tests of tools/importer (tests/import/test_*.py)"
    exit 1
fi
if [ ! -d "$raw" ]; then
    echo "SKIP: raw data directory $raw not found"
    exit 77
fi

"$repo/tools/import" --raw "$raw" --check
status=$?
if [ "$status" -ne 0 ]; then
    echo "FAIL: tools/import --check exited with $status (rerun tools/import and review)"
    exit "$status"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check_import.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
for run in a b; do
    if ! "$repo/tools/import" --raw "$raw" --out "$tmp/$run" >/dev/null; then
        echo "FAIL: tools/import --out $tmp/$run failed"
        exit 1
    fi
done
if ! diff -r "$tmp/a" "$tmp/b"; then
    echo "FAIL: two runs of tools/import gave different output"
    exit 1
fi
echo "PASS: models/nl matches tools/import; output is deterministic"
exit 0
