"""The gemeente rows shared by every circulaire file (SIUDU and Volumina):
a CBS code column or none, a Naam column with the official names, and
totals or blank rows to exclude; checked against the year's gemeente list."""
import re

from ..errors import Fail
from ..facts import CIRC_NAMES, WEESP
from ..numtext import gm

TOTALS_NAME = re.compile(r'(totaal|totalen|total|nederland)\b', re.I)


def names_for(lists, label, year):
    """{code: official name} for a circulaire: the uitkeringsjaar's list and,
    for gemeenten gone by then, the list of the circulaire's own year."""
    names = {c: n for c, (n, _) in lists[int(label[-4:])].items()}
    names.update({c: n for c, (n, _) in lists[year].items()})
    return names


def expected_codes(lists, label):
    """The gemeente codes a circulaire must cover (mei 2022: without Weesp)."""
    if label == 'mei 2022':
        return set(lists[2022]) - {WEESP}
    return set(lists[2023])


def code_column(t, no_cbs, cbs_copy):
    """Index of the CBS column of a circulaire file; None if no_cbs (the file
    must then lack it: codes come from the names). With cbs_copy the column
    may be repeated: every copy must equal the first, then it is ignored."""
    cbs = [i for i, h in enumerate(t.header) if h == 'CBS']
    if bool(cbs) == no_cbs:
        raise Fail(f'{t.name}, line 1: CBS column unexpectedly '
                   f'{"present" if cbs else "absent"}')
    if len(cbs) > 1 and not cbs_copy:
        raise Fail(f'{t.name}, line 1: column "CBS" repeated')
    for line, f in t.rows:
        if any(f[i] != f[cbs[0]] for i in cbs):
            raise Fail(f'{t.where(line)}: the CBS columns differ')
    return cbs[0] if cbs else None


def gemeente_rows(t, lists, label, year, no_cbs=False, cbs_copy=False):
    """([(code, line, fields)] sorted by code, [(line, fields)] excluded) for
    a circulaire file. The code comes from the CBS column (or from the name,
    via the uitkeringsjaar's list), and the name must be the official one.
    Excluded are only rows with all fields empty and totals rows (name
    "Totaal", "Nederland", ..., without a CBS code); any other row that is
    not a gemeente of the circulaire, or a set of gemeenten other than the
    expected one, makes this Fail."""
    names = names_for(lists, label, year)
    ncol, ccol = t.col('Naam'), code_column(t, no_cbs, cbs_copy)
    code_of = {n: c for c, n in names.items() if c in lists[year]}
    seen, extra = {}, []
    for line, f in t.rows:
        gname = CIRC_NAMES.get(f[ncol].strip(), f[ncol].strip())
        if not ''.join(f).strip() or (TOTALS_NAME.match(gname) and (
                ccol is None or not f[ccol].strip())):
            extra.append((line, f))
            continue
        code = code_of.get(gname) if ccol is None else gm(f[ccol].strip(), t.where(line))
        if code is None or names.get(code) != gname or code in seen:
            raise Fail(f'{t.where(line)}: "{f[ncol]}" is not a gemeente of this '
                       f'circulaire, or is repeated')
        seen[code] = (line, f)
    want = expected_codes(lists, label)
    if set(seen) != want:
        raise Fail(f'{t.name}: gemeenten differ from the expected {len(want)}: '
                   f'{sorted(set(seen) ^ want)[:5]}')
    return [(c, *seen[c]) for c in sorted(seen)], extra


def excluded_note(t, extra):
    """Comment text on the rows gemeente_rows excluded from file t ('' if none)."""
    if not extra:
        return ''
    return f'{t.name}: excluded as totals or blank rows: ' + '; '.join(
        f'line {line} "{f[t.col("Naam")]}"' for line, f in extra) + '.'
