"""The Volumina files of the circulaires: units of every maatstaf per
gemeente. The tab files name their columns by code, the M2022 file by
description; numbers may be in spreadsheet exponent notation."""
import re

from ..errors import Fail
from ..facts import style_of
from ..numtext import num
from ..raw import expect_header
from ..sources import cluster
from .circulaire import gemeente_rows, names_for
from .gewichten import read_codes


def volume_columns(raw, t, circ, year, maatstaven):
    """Output column codes of a Volumina file. Tab files carry codes and are
    kept as they are ("vast nieuw" is the volume of weight row "vast"). The
    M2022 file carries descriptions: mapped via the code list, or for older
    wordings via its own Gewichten file; an unknown description Fails."""
    expect_header(t, ['CBS', 'Naam', 'Prov'])
    known = {c for c, _ in maatstaven}
    if circ == 'M2022':
        by_desc = {d: c for c, d in maatstaven}
        own = {d: c for c, d in read_codes(raw, circ, year)}
        cols = [by_desc.get(h.strip()) or own.get(h.strip()) for h in t.header[3:]]
        bad = [h for h, c in zip(t.header[3:], cols) if c not in known]
    else:
        cols = [h.strip() for h in t.header[3:]]
        bad = [h for h in cols if h not in known | {'vast nieuw'}]
    if bad:
        raise Fail(f'{t.name}, line 1: unknown maatstaf {bad}')
    if sorted('vast' if c == 'vast nieuw' else c for c in cols) != sorted(known):
        raise Fail(f'{t.name}, line 1: maatstaf columns do not match the code list')
    return cols


def read_volumina(raw, lists, label, year, circ, maatstaven):
    """(table, column codes, rows [code, name, values as dot-decimal text],
    exponent quirks [(code, name, column, raw text, value, significant
    digits)], excluded rows) of one circulaire's Volumina file."""
    style, sep = style_of(circ)
    t = raw.table(cluster(circ, year, 'Volumina'), sep)
    cols = volume_columns(raw, t, circ, year, maatstaven)
    names = names_for(lists, label, year)
    rows, quirks = [], []
    grows, extra = gemeente_rows(t, lists, label, year)
    for code, line, f in grows:
        rows.append([code, names[code]] + [num(v, style, t.where(line)) for v in f[3:]])
        quirks += [(code, names[code], c, v, x, len(re.sub(r'[^0-9]', '', v.split('E')[0])))
                   for c, v, x in zip(cols, f[3:], rows[-1][2:]) if 'E' in v.upper()]
    return t, cols, rows, quirks, extra
