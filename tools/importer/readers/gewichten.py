"""The Gewichten files of the circulaires: per maatstaf (code and
description) its weight in each of the twelve clusters and in Totaal, plus
rows without a code for amounts paid outside the maatstaven."""
from ..errors import Fail
from ..facts import CLUSTER_SPELLING, CLUSTERS, style_of
from ..numtext import num
from ..raw import expect_header
from ..sources import cluster


def gewichten_table(raw, circ, year):
    """The Gewichten Table of a circulaire, its first two columns checked."""
    t = raw.table(cluster(circ, year, 'Gewichten'), style_of(circ)[1])
    expect_header(t, ['Codering maatstaf', 'Naam maatstaf'])
    return t


def read_codes(raw, circ, year):
    """[(code, description)] of the maatstaf rows (those with a code) of a
    Gewichten file, in file order; the IU/DU rows without a code are left out."""
    t = gewichten_table(raw, circ, year)
    out = [(f[0].strip(), f[1].strip()) for _, f in t.rows if f[0].strip()]
    if len({c for c, _ in out}) != len(out):
        raise Fail(f'{t.name}: a maatstaf code is repeated')
    return out


def cluster_columns(t, first):
    """Check that the columns of t from index first on are the twelve
    clusters and Totaal (spellings per CLUSTER_SPELLING); Fail otherwise."""
    got = [CLUSTER_SPELLING.get(h.strip(), h.strip()) for h in t.header[first:]]
    if got != CLUSTERS + ['Totaal']:
        raise Fail(f'{t.name}, line 1: columns {t.header[first:]}, expected the '
                   f'clusters {CLUSTERS} and Totaal')


def read_weights(raw, circ, year):
    """(table, [(line, code as written, description, [12 cluster weights and
    Totaal as dot-decimal text])]) of every row, in file order."""
    t = gewichten_table(raw, circ, year)
    cluster_columns(t, 2)
    style = style_of(circ)[0]
    return t, [(line, f[0].strip(), f[1].strip(),
                [num(v, style, t.where(line)) for v in f[2:]]) for line, f in t.rows]
