"""Cross-checks that join two sources or a source and a published figure:
the tidy tables, totals rows, published IU totals and uitkeringsfactors,
the scaled/unscaled evidence, and the recomputed AU against published figures
and the Analysedata files. Each raises Fail when its check does not hold."""
from decimal import Decimal, localcontext

from .errors import Fail
from .facts import (ANALYSE_TOLERANCE, AU_CHECK, BW_TOTALS, CLUSTERS, IE, IZ, OEM,
                    OEM_ROWS, OZB, OZB_SCALED_PARTS, UF_PUBLISHED, UNSCALED)
from .numtext import EXACT, cents, euros
from .readers.tidy import read_dicts


def check_tidy(path, ours, pairs):
    """If the tidy file exists, pairs(its rows as dicts) must equal the dict
    ours exactly; Fail otherwise. A missing tidy file skips the check."""
    rows = read_dicts(path)
    if rows is None:
        return
    theirs = pairs(rows)
    if theirs != ours:
        diff = sorted(set(theirs.items()) ^ set(ours.items()), key=str)[:4]
        raise Fail(f'cross-check with {path} failed, e.g. {diff}')


def check_totals_rows(t, extra, i, style, amounts):
    """Every non-blank excluded row of t must hold in column i the sum of
    amounts [(code, euros)]."""
    for line, f in extra:
        if ''.join(f).strip() and euros(f[i], style, t.where(line)) != sum(
                a for _, a in amounts):
            raise Fail(f'{t.where(line)}: totals row differs from the sum')


def check_bw_totals(rows, reg):
    """The IU beschermd wonen rows (regeling reg) of every circulaire: 43
    gemeenten, summing to BW_TOTALS."""
    for (label, year), want in BW_TOTALS.items():
        bw = [r[5] for r in rows if (r[0], r[1], r[4]) == (label, year, reg)]
        if (len(bw), sum(bw)) != (43, want):
            raise Fail(f'IU beschermd wonen {label} -> {year}: {len(bw)} gemeenten, '
                       f'sum {sum(bw)}; expected 43 and {want}')


def check_uitkeringsfactor(t, found):
    """The factors found must be exactly the published ones, UF_PUBLISHED."""
    if found != UF_PUBLISHED:
        raise Fail(f'{t.name}: {found} differs from the published values {UF_PUBLISHED}')


def check_volumina_tidy(tpath, trows, label, year, cols, rows):
    """Every volume of one circulaire equals the tidy table's (as floats,
    relative 1e-9), for the same gemeenten."""
    theirs = {d['gemeentecode']: d for d in trows
              if (d['circulaire'], d['uitkeringsjaar']) == (label, str(year))}
    if set(theirs) != {r[0] for r in rows}:
        raise Fail(f'{tpath}: gemeenten of {label} -> {year} differ')
    for r in rows:
        for c, v in zip(cols, r[2:]):
            a, b = float(v), float(theirs[r[0]][c])
            if abs(a - b) > 1e-9 * max(abs(a), abs(b)):
                raise Fail(f'{tpath}: {label} -> {year} {r[0]} {c}: {b}, '
                           f'the raw file gives {v}')


def check_scaling(name, rows):
    """The evidence behind UNSCALED, on one circulaire's weight rows (see the
    comment at facts.UNSCALED); Fail when the data no longer shows it."""
    for r in rows:
        nonzero = [i for i in range(2, 2 + len(CLUSTERS)) if Decimal(r[i])]
        if r[0] in UNSCALED:
            if nonzero != [IZ] or Decimal(r[IZ]) >= 0:
                raise Fail(f'{name}: {r[0]} is not a negative weight in {OZB} only')
        elif IZ in nonzero and (r[0] not in OZB_SCALED_PARTS or len(nonzero) < 2):
            raise Fail(f'{name}: {r[0]} has an unexpected weight in {OZB}')
        if IE in nonzero and (r[0] not in OEM_ROWS or len(nonzero) < 2 or
                              Decimal(r[IE]) >= 0):
            raise Fail(f'{name}: {r[0]} has an unexpected weight in {OEM}')
    codes = {r[0]: r for r in rows}
    if any(not Decimal(codes[c][IZ]) for c in OZB_SCALED_PARTS) or any(
            not Decimal(codes[c][IE]) for c in OEM_ROWS):
        raise Fail(f'{name}: a row of OZB_SCALED_PARTS or OEM_ROWS has no weight there')


def check_au_published(label, year, total, amounts):
    """For the circulaire of AU_CHECK: the total and Amsterdam's AU within
    0.5% of the published orders of magnitude."""
    for what, got, want in (('in all', total, AU_CHECK[1]),
                            ('Amsterdam', amounts[AU_CHECK[2]][0], AU_CHECK[3])):
        with localcontext(EXACT):
            off = abs(got - want) > AU_CHECK[4] * want
        if off:
            raise Fail(f'{label} -> {year}: AU {what} {cents(got)}, DOMAIN.md '
                       f'section 10 says about {want}: more than 0.5% apart')


def compare_analysedata(t, rows, code_of, amounts, extra):
    """Per gemeente row of the Analysedata file t, every cluster and Totaal
    must equal the computed amounts without row vast, plus extra {code: 12
    SIUDU amounts}, within ANALYSE_TOLERANCE; the row "Nederland" must be the
    sum of the gemeenten. Returns its national Totaal."""
    national, seen = None, {}
    with localcontext(EXACT):
        for line, name, theirs in rows:
            if name == 'Nederland' and national is None:
                national = theirs[-1]
                continue
            code = code_of.get(name)
            if code is None or code in seen:
                raise Fail(f'{t.where(line)}: "{name}" unknown or repeated')
            seen[code] = theirs[-1]
            au, cl, vast = amounts[code]
            add = extra.get(code, [0] * len(CLUSTERS))
            ours = [a - v + x for a, v, x in zip(cl, vast, add)]
            ours.append(au - sum(vast) + sum(add))
            for h, a, b in zip(CLUSTERS + ['Totaal'], ours, theirs):
                if abs(a - b) > ANALYSE_TOLERANCE:
                    raise Fail(f'{t.where(line)}: {name} {h} is {b}, computed '
                               f'{cents(a)}')
        if national is None or set(seen) != set(amounts):
            raise Fail(f'{t.name}: no row "Nederland", or gemeenten differ')
        if abs(national - sum(seen.values())) > ANALYSE_TOLERANCE:
            raise Fail(f'{t.name}: row "Nederland" is not the sum of the gemeenten')
    return national
