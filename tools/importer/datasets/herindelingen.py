"""herindelingen.csv: the hand-entered herindelingen table, proved against
the gemeente lists (every code that disappears, every new code, the names)
and sanity-checked on inhabitants before and after."""
import re
from datetime import date
from decimal import Decimal

from ..errors import Fail
from ..facts import COUNTS, WEESP
from ..handtables import HERINDELING_TOLERANCE, HERINDELINGEN
from ..sources import KERN, LIST21, LIST22, LIST23, klassen


def herindeling_date(text):
    """date of a HERINDELINGEN datum (YYYY-MM-DD); Fail otherwise."""
    try:
        if re.fullmatch(r'\d{4}-\d{2}-\d{2}', text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise Fail(f'HERINDELINGEN: "{text}" is not a date YYYY-MM-DD')


def check_year(lists, y, here):
    """The rows here (dated in (Y-01-01, Y+1-01-01]) explain the change from
    the list of y to that of y + 1 exactly, with the lists' names."""
    gone = set(lists[y]) - set(lists[y + 1])
    new = set(lists[y + 1]) - set(lists[y])
    if {r[1] for r in here} != gone:
        raise Fail(f'HERINDELINGEN {y} -> {y + 1}: old codes '
                   f'{sorted(r[1] for r in here)}, but the lists lose {sorted(gone)}')
    if not new <= {r[3] for r in here}:
        raise Fail(f'HERINDELINGEN {y} -> {y + 1}: new in the {y + 1} list but no '
                   f'nieuwe_code: {sorted(new - {r[3] for r in here})}')
    for _, old, oname, ncode, nname in here:
        if lists[y][old][0] != oname:
            raise Fail(f'HERINDELINGEN: {old} is "{lists[y][old][0]}" in the {y} '
                       f'list, not "{oname}"')
        if ncode not in lists[y + 1] or lists[y + 1][ncode][0] != nname:
            raise Fail(f'HERINDELINGEN: {ncode} "{nname}" is not in the {y + 1} list')


def inhabitants_lines(lists, inw, y, here):
    """Comment lines: per new gemeente of the rows here, the inhabitants of
    its parts in y against its own in y + 1; Fail beyond 5% apart."""
    lines = []
    for ncode in sorted({r[3] for r in here}):
        parts = [(r[1], r[2]) for r in here if r[3] == ncode]
        if ncode in lists[y]:
            parts.append((ncode, lists[y][ncode][0] + ' itself'))
        before = sum(inw[y, c] for c, _ in parts)
        after = inw[y + 1, ncode]
        if HERINDELING_TOLERANCE * abs(after - before) > after:
            raise Fail(f'HERINDELINGEN: {ncode} has {after} inhabitants in {y + 1}, '
                       f'its parts had {before} in {y}: more than 5% apart')
        lines.append(
            f'  {y} -> {y + 1} {ncode} {lists[y + 1][ncode][0]}: ' + ' + '.join(
                f'{inw[y, c]} ({c} {n})' for c, n in parts) + f' = {before} on '
            f'1 January {y}; {after} on 1 January {y + 1} '
            f'({Decimal(100 * (after - before)) / before:+.1f}%).')
    return lines


def rows_and_checks(lists, gem):
    """Rows (datum, old code, old name, new code, new name) of HERINDELINGEN,
    sorted by datum and old code, and comment lines on the inhabitants check.
    The table must explain the lists exactly (check_year, for consecutive
    years Y, Y+1); every row must fall in one of these intervals."""
    inw = {(r[0], r[2]): int(r[5]) for r in gem}
    rows = sorted(list(r) for r in HERINDELINGEN)
    olds = [r[1] for r in rows]
    if len(set(olds)) != len(olds):
        raise Fail('HERINDELINGEN: an old code is repeated')
    placed, checks = set(), []
    for y in sorted(lists)[:-1]:
        lo, hi = date(y, 1, 1), date(y + 1, 1, 1)
        here = [r for r in rows if lo < herindeling_date(r[0]) <= hi]
        placed.update(r[1] for r in here)
        check_year(lists, y, here)
        checks += inhabitants_lines(lists, inw, y, here)
    if placed != set(olds):
        raise Fail('HERINDELINGEN: dated outside the years of the lists: '
                   f'{sorted(set(olds) - placed)}')
    return rows, checks


def build(lists, gem, out):
    """Add herindelingen.csv; return its rows."""
    rows, checks = rows_and_checks(lists, gem)
    out.csv('herindelingen.csv',
            'Gemeentelijke herindelingen between the gemeente lists of 2021-2025: one row '
            'per gemeente code that disappears, with the gemeente it went into.',
            ['Rule: old -> new, summed. From datum on, the inhabitants, volumes and '
             'amounts of oude_code belong to nieuwe_code: to put figures of an earlier '
             'indeling on a later one, add each old code\'s figure to its new code, and '
             'to the new code\'s own figure where it already existed (Amsterdam, '
             'Purmerend).',
             'The table is hand-entered in tools/import, because the lists do not say '
             'which new gemeente took in which old one. Facts: CBS, "Gemeentelijke '
             'indelingen per jaar" (indelingen on 1 January 2022 and 2023) and CBS news '
             'of December 2021 (345 gemeenten on 1 January 2022, 344 from 24 March '
             '2022); Wet herindeling Amsterdam en Weesp (Kamerstuk 35 623, '
             'rijksoverheid.nl), in force 24 March 2022.',
             'Checked against the lists (' + ' -> '.join(
                 str(n) for n in COUNTS.values()) + ' gemeenten): for each pair of years '
             'Y, Y+1, the rows with datum in (Y-01-01, Y+1-01-01] have as oude_code '
             'exactly the codes of the Y list missing from the Y+1 list, every code new '
             'in the Y+1 list is a nieuwe_code, and the names are the lists\' names '
             '(oude_naam: year Y, nieuwe_naam: year Y+1). No herindelingen between 2023 '
             'and 2025: the 2024 and 2025 lists are the 2023 list, which the '
             'Gemeenteklassen_2024 and _2025 files match name for name.',
             f'Weesp ({WEESP}) joined Amsterdam on 24 March 2022, not on 1 January. The '
             'list on 1 January 2022 (345 gemeenten) still has Weesp and that on 1 '
             'January 2023 no longer has it: Weesp\'s inhabitants on 1 January 2022 are '
             'its own, Amsterdam\'s on 1 January 2023 include them. The mei 2022 '
             'circulaire (uitkeringsjaar 2023) already leaves Weesp out (344 gemeenten).',
             'Sanity check of the mapping (tools/import fails when the two differ by '
             'more than 5%): per new gemeente, the inhabitants of its old gemeenten, '
             'plus its own where it already existed, against its inhabitants a year '
             'later (from gemeenten.csv):'] + checks,
            [LIST21, LIST22, LIST23, KERN] + [klassen(y) for y in (2023, 2024, 2025)],
            ['datum', 'oude_code', 'oude_naam', 'nieuwe_code', 'nieuwe_naam'], rows)
    return rows
