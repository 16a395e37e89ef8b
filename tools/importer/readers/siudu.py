"""The SIUDU files of the circulaires: the integratie- and
decentralisatie-uitkeringen per gemeente, one column per regeling; read per
regeling (whole euros) or summed per cluster for the Analysedata check."""
from decimal import Decimal, localcontext

from ..errors import Fail
from ..facts import (CBS_COPY, CLUSTERS, NAD_FROM, NO_CBS_COLUMN, REGELINGEN,
                     style_of)
from ..numtext import EXACT, num
from ..sources import cluster
from .circulaire import gemeente_rows


def repair_vth(name, header, first):
    """M2022_2023 SIUDU: the header name "vergunningverlening, toezicht en
    handhaving" is not quoted, so it was split in two; join it back and check
    that the header then has as many fields as the rows."""
    pair = ['vergunningverlening', ' toezicht en handhaving']
    hits = [i for i in range(len(header) - 1) if header[i:i + 2] == pair]
    if len(hits) != 1:
        raise Fail(f'{name}, line 1: the split "vergunningverlening, toezicht en '
                   'handhaving" header was not found')
    i = hits[0]
    header = header[:i] + [','.join(pair)] + header[i + 2:]
    if len(header) != len(first):
        raise Fail(f'{name}, line 1: repaired header has {len(header)} fields, '
                   f'the rows have {len(first)}')
    return header


def siudu_table(raw, circ, year):
    """The SIUDU Table of a circulaire (the M2022 header repaired)."""
    return raw.table(cluster(circ, year, 'SIUDU'), style_of(circ)[1],
                     repair_vth if circ == 'M2022' else None)


def regeling_columns(t, label):
    """[(regeling, column index)] of REGELINGEN in t; the Nationaal actieplan
    dakloosheid column must be there exactly from the circulaires NAD_FROM on."""
    cols = []
    for reg, column in REGELINGEN:
        nad = reg == 'du_nationaal_actieplan_dakloosheid'
        i = t.col(column, required=not nad or label in NAD_FROM)
        if i is not None and nad and label not in NAD_FROM:
            raise Fail(f'{t.name}, line 1: unexpected column "{column}"')
        if i is not None:
            cols.append((reg, i))
    return cols


def read_siudu(raw, lists, fid, label, year, circ):
    """(table, regeling columns, gemeente rows, excluded rows) of one SIUDU
    file (see gemeente_rows); every amount after Prov must parse, used or not."""
    t = siudu_table(raw, circ, year)
    cols = regeling_columns(t, label)
    grows, extra = gemeente_rows(t, lists, label, year, fid in NO_CBS_COLUMN,
                                 fid in CBS_COPY)
    first, style = t.col('Prov') + 1, style_of(circ)[0]
    for _, line, f in grows:
        for v in f[first:]:
            num(v, style, t.where(line))
    return t, cols, grows, extra


def siudu_by_cluster(raw, lists, fid, label, year, circ, left, skip):
    """({code: 12 amounts}, file name): the SIUDU amounts of every column but
    those in skip, each in the cluster of the left-out Gewichten row of the
    same name (case-insensitive); Fail for a column without such a row.
    Amounts in euros, some with cents."""
    style = style_of(circ)[0]
    t = siudu_table(raw, circ, year)
    cluster_of = {n.lower(): CLUSTERS.index(c) for _, n, c in left}
    first, cols = t.col('Prov') + 1, []
    for i, h in enumerate(t.header[first:], first):
        if h.strip() not in skip:
            if h.strip().lower() not in cluster_of:
                raise Fail(f'{t.name}, line 1: column "{h}" has no row in the '
                           'Gewichten file')
            cols.append((i, cluster_of[h.strip().lower()]))
    out = {}
    with localcontext(EXACT):
        for code, line, f in gemeente_rows(t, lists, label, year, fid in NO_CBS_COLUMN,
                                           fid in CBS_COPY)[0]:
            out[code] = [Decimal(0)] * len(CLUSTERS)
            for i, c in cols:            # "herindeling" has cents
                out[code][c] += Decimal(num(f[i], style, t.where(line)))
    return out, t.name
