#!/usr/bin/env bash
# tests/fault/make_data.sh - makes tests/fault/data/, the small dataset of the
# fault-injection harness: the rows of six gemeenten of models/nl/, cut from the real
# files with their comment lines (which say where the figures come from), and a line
# that says what was cut. Six gemeenten instead of 342 keep the number of calls of a
# run, and so of fault points, small. Rerun it when the files of models/nl/ change.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
src=$repo/models/nl
out=$repo/tests/fault/data
# Zwolle, Vlissingen and Eindhoven are beschermd-wonen centrumgemeenten; Nuenen is in
# Eindhoven's region; Kampen and Schiermonnikoog have no historical amount. None of
# them took part in a herindeling in 2021-2025.
codes=(GM0193 GM0718 GM0772 GM0820 GM0166 GM0088)
note="# Cut for tests/fault (the fault-injection harness) by tests/fault/make_data.sh: only the rows of ${codes[*]}; every other line is the original file's."

# cut FILE: the comment lines, the note, the header and the rows whose gemeentecode is
# one of the codes (the column comes before any quoted name with a comma).
cut_file() {
  local from=$src/$1 to=$out/$1
  mkdir -p "$(dirname "$to")"
  {
    grep '^#' "$from"
    echo "$note"
    awk '!/^#/ { print; exit }' "$from"
    grep -v '^#' "$from" |
      awk -F, -v codes="${codes[*]}" 'BEGIN { split(codes, c, " "); for (i in c) want[c[i]] = 1 }
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == "gemeentecode") col = i; next }
        $col in want'
  } >"$to"
}
rm -rf "$out"
mkdir -p "$out"
for f in gemeenten.csv centrumgemeenten.csv regios_beschermd_wonen.csv uitkeringen_bw_mo_vo.csv \
         gemeentefonds/volumina_sep2024_2025.csv; do
  cut_file "$f"
done
# herindelingen.csv: the header only (none of the six took part in one).
{ grep '^#' "$src/herindelingen.csv"; echo "$note"; awk '!/^#/ { print; exit }' "$src/herindelingen.csv"; } \
  >"$out/herindelingen.csv"
# The two keys are the real models, pointing at the cut files.
mkdir -p "$out/bw"
cp "$src/bw/historisch_sep2024_2025.yaml" "$src/bw/objectief_illustratief.yaml" "$out/bw/"
