"""The Analysedata_GF files of michielsd/begrotingsanalysetool: that
repository's own algemene uitkering per gemeente and cluster, read only to
cross-check the import's recomputation (their figures are floats)."""
from decimal import Decimal

from ..numtext import num
from ..raw import expect_header
from ..sources import analysedata
from .gewichten import cluster_columns


def analysedata_table(raw, circ, year):
    """The Analysedata Table of a circulaire, header checked; None if the
    circulaire has no such file."""
    name = analysedata(circ, year)
    if not raw.exists(name):
        return None
    t = raw.table(name, ';')
    expect_header(t, ['', 'Gemeenten'])
    cluster_columns(t, 2)
    return t


def analysedata_rows(t):
    """[(line, name, [12 cluster amounts and Totaal as Decimal])] of t."""
    return [(line, f[1], [Decimal(num(v, 'dot', t.where(line))) for v in f[2:]])
            for line, f in t.rows]
