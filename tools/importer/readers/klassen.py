"""The Gemeenteklassen_<year> files of michielsd/begrotingsanalysetool
(tab-separated): province and Inwonertal per gemeente name, the names with
the CBS suffixes of ambiguous ones."""
from ..errors import Fail
from ..facts import CBS_SUFFIX, COUNTS, PROVINCE_ALIAS
from ..raw import expect_header
from ..sources import klassen


def read_klassen(raw, year, names):
    """{code: (line, Inwonertal as text)} in file order, names being the
    year's list {code: (official name, province)}: every gemeente once, with
    the list's province and a count of inhabitants."""
    unsuffix = {v: k for k, v in CBS_SUFFIX.items()}
    code_of = {n: c for c, (n, _) in names.items()}
    t = raw.table(klassen(year), '\t')
    expect_header(t, ['Gemeenten', 'Provincie', 'Gemeentegrootte',
                      'Stedelijkheid', 'Inwonertal'])
    out = {}
    for line, f in t.rows:
        code = code_of.get(unsuffix.get(f[0], f[0]))
        if code is None or code in out:
            raise Fail(f'{t.where(line)}: gemeente "{f[0]}" unknown or repeated')
        if PROVINCE_ALIAS.get(f[1], f[1]) != names[code][1]:
            raise Fail(f'{t.where(line)}: province "{f[1]}" does not match the list')
        if not f[4].isdigit():
            raise Fail(f'{t.where(line)}: "{f[4]}" is not a count')
        out[code] = (t.where(line), f[4])
    if len(out) != COUNTS[year]:
        raise Fail(f'{t.name}: {len(out)} gemeenten, expected {COUNTS[year]}')
    return out
