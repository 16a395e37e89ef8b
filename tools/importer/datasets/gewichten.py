"""gemeentefonds/gewichten_<circulaire>.csv: the weight of every maatstaf per
cluster and in totaal, mapped to its volume column; the rows without a code
are left out and listed, the Totaal sums and scaling evidence checked."""
from decimal import Decimal

from ..checks import check_scaling
from ..errors import Fail
from ..facts import (CLUSTERS, CODE_ALIAS, IE, IZ, OEM, OEM_ROWS, OZB, OZB_SCALED_PARTS,
                     TOTAAL_DIFFS, UNSCALED, VAST_VOLUME, WEIGHT_ROW, style_of)
from ..readers.gewichten import read_weights
from ..sources import cluster


def left_out_cluster(where, name, d):
    """The cluster of a row without a code: weight 1 there, 0 elsewhere and
    Totaal 1; Fail otherwise."""
    if d[-1] != 1 or sorted(d[:-1]) != [0] * (len(CLUSTERS) - 1) + [1]:
        raise Fail(f'{where}: row "{name}" has no code but is not weight 1 '
                   'in one cluster')
    return CLUSTERS[d.index(1)]


def totaal_diff(where, fid, code, d, w):
    """None if Totaal is the sum of the clusters; else (code, sum, Totaal),
    which must be listed in TOTAAL_DIFFS."""
    total = sum(d[:-1])
    if total == d[-1]:
        return None
    if TOTAAL_DIFFS.get((fid, code)) != (str(total), w[-1]):
        raise Fail(f'{where}: Totaal {w[-1]}, the clusters add up to {total}')
    return code, str(total), w[-1]


def check_mapping(t, fid, circ, rows, diffs):
    """The Totaal exceptions are exactly TOTAAL_DIFFS; row vast maps to "vast
    nieuw" (M2022: "vast"), every other row to its own code."""
    if {c for f, c in TOTAAL_DIFFS if f == fid} != {c for c, _, _ in diffs}:
        raise Fail(f'{t.name}: the Totaal exceptions differ from TOTAAL_DIFFS')
    for r in rows:
        want = VAST_VOLUME.get(circ, 'vast nieuw') if r[0] == 'vast' else r[0]
        if r[-1] != want:
            raise Fail(f'{t.name}: weight row {r[0]} maps to volume column "{r[-1]}", '
                       f'expected "{want}"')


def weight_rows(raw, fid, circ, year, maatstaven, vheader):
    """One circulaire's weight rows [code, description, 12 cluster weights,
    totaal, volume column] in source order, the rows left out [(line, name,
    cluster)] and the Totaal exceptions [(code, cluster sum, Totaal)]. Every
    row with a code must be a maatstaf of maatstaven.csv (M2022 codes via
    CODE_ALIAS, checked on the description) with exactly one column of the
    circulaire's volumes (vheader): the same name, or per WEIGHT_ROW."""
    t, parsed = read_weights(raw, circ, year)
    desc, volume_of = dict(maatstaven), {}
    for c in vheader:
        volume_of.setdefault(WEIGHT_ROW.get(c, c), []).append(c)
    rows, left, diffs, seen = [], [], [], set()
    for line, src, name, w in parsed:
        where, d = t.where(line), [Decimal(x) for x in w]
        if not src:
            left.append((line, name, left_out_cluster(where, name, d)))
            continue
        code = CODE_ALIAS.get(src, src) if circ == 'M2022' else src
        if code not in desc or code in seen or (code != src and name != desc[code]):
            raise Fail(f'{where}: maatstaf "{src}" unknown, repeated or not the '
                       'maatstaf its alias names')
        seen.add(code)
        diffs += filter(None, [totaal_diff(where, fid, code, d, w)])
        if len(volume_of.get(code, [])) != 1:
            raise Fail(f'{where}: maatstaf {code} has {len(volume_of.get(code, []))} '
                       'volume columns, expected one')
        rows.append([code, name] + w + volume_of[code])
    if seen != set(desc) or len(vheader) != len(rows):
        raise Fail(f'{t.name}: maatstaven differ from maatstaven.csv or the volumes')
    check_mapping(t, fid, circ, rows, diffs)
    check_scaling(t.name, rows)
    return rows, left, diffs


def notes(fid, circ, weight, left, diffs):
    """The comment lines of one gewichten file; weight is {code: row}."""
    out = [
        'Columns: code; omschrijving as this source writes it; the twelve clusters '
        'in the source\'s order; totaal, the weight of the maatstaf (what the '
        'algemene uitkering multiplies); volume_kolom, the column of '
        f'volumina_{fid}.csv whose units the row multiplies.',
        'Cluster names: the sources write "Sport, cultuur en recreatie" and '
        '"Infrastructuur, ruimte en milieu" (in the M2022 file with "." for ","); '
        'written here as "Sport cultuur en recreatie" and "Infrastructuur ruimte en '
        'milieu" in every file, so that no header field needs quoting.',
        'Mapping (checked): volume_kolom is the code itself ' + (
            'in every row (these volumes call the fixed amount "vast" too)'
            if weight['vast'][-1] == 'vast' else 'except for row vast, whose volume '
            f'column is "{weight["vast"][-1]}"') + '; every volume column is used by '
        'exactly one row.',
        ('The source uses dot decimals: weights copied digit for digit.'
         if style_of(circ)[0] == 'dot' else 'The source uses decimal commas and "." '
         'thousands separators: converted as text ("1.234,56" -> 1234.56), all given '
         'digits kept.') + ' The WOZ* weights are amounts per euro of WOZ value.',
        'Fixed amounts (1 unit x weight): vast for every gemeente; Amsterdam, Den '
        'Haag and Rotterdam for that gemeente only (checked in the volumes).']
    if circ == 'M2022':
        out.append('The source writes the codes ' + ', '.join(CODE_ALIAS) +
                   '; written as ' + ', '.join(CODE_ALIAS.values()) + ', the codes '
                   'of maatstaven.csv with the same descriptions (checked).')
    out.append('Checked: totaal equals the sum of the cluster weights exactly in '
               'every row' + (', except where the source itself differs by a cent '
               '(it rounds the cluster weights and the total separately; totaal is '
               'kept as the weight): ' + '; '.join(
                   f'{c}: the clusters add up to {s}, totaal {t}'
                   for c, s, t in diffs) if diffs else '') + '.')
    out.append(
        f'Scaled or not is a flag per maatstaf (au_{fid}.yaml): ' + ', '.join(
            UNSCALED) + f' (OZB inkomstenmaatstaven, negative, weight only in {OZB}; '
        'checked) are not multiplied by the uitkeringsfactor. Every other row is, '
        f'including its parts in {OZB} (' + ', '.join(
            f'{c} {weight[c][IZ]}' for c in OZB_SCALED_PARTS) + f') and {OEM} (' +
        ', '.join(f'{c} {weight[c][IE]}' for c in OEM_ROWS) + '), which are parts of '
        'expense maatstaven with weights in other clusters too.')
    return out + left_notes(left)


def left_notes(left):
    """The comment lines on the rows without a code."""
    if not left:
        return ['The source has no rows without a code: nothing left out.']
    return [f'Left out: the {len(left)} rows of the source without a code. '
            'They are not weights of a maatstaf and have no volume column: each '
            'assigns an amount paid outside the maatstaven (an integratie- or '
            'decentralisatie-uitkering, a suppletie, the artikel 12 uitkering, '
            '...) to one cluster, with weight 1 there and 0 elsewhere (checked). '
            'Per row, source line: name -> cluster:'] + [
                f'  line {line}: {name} -> {c}' for line, name, c in left]


def build(raw, fid, label, year, circ, maatstaven, vheader, out):
    """Add gewichten_<fid>.csv; return (rows, left-out rows)."""
    rows, left, diffs = weight_rows(raw, fid, circ, year, maatstaven, vheader)
    weight = {r[0]: r for r in rows}
    out.csv(f'gemeentefonds/gewichten_{fid}.csv',
            'Weights per maatstaf and cluster (euros per unit, before the '
            f'uitkeringsfactor): gemeentefonds circulaire {label}, uitkeringsjaar '
            f'{year}.', notes(fid, circ, weight, left, diffs),
            [cluster(circ, year, 'Gewichten'), cluster(circ, year, 'Volumina')],
            ['code', 'omschrijving'] + CLUSTERS + ['totaal', 'volume_kolom'], rows)
    return rows, left
