"""gemeentefonds/volumina_<circulaire>.csv: the units of every maatstaf per
gemeente, one file per circulaire, converted digit for digit and
cross-checked with the tidy volumes table."""
from ..checks import check_volumina_tidy
from ..facts import CIRCULAIRES, EXACT_CBS, WEESP
from ..readers.circulaire import excluded_note
from ..readers.tidy import read_dicts
from ..readers.volumina import read_volumina
from ..sources import LIST22, LIST23, cluster
from .maatstaven import NO_ANALYSEDATA


def read_all(raw, lists, maatstaven, tidy):
    """{id: (header, rows, source files, notes)} for the seven circulaires;
    every value is cross-checked with the tidy table (float, rel. 1e-9)."""
    out = {}
    tpath = tidy / 'gemeentefonds_volumina_2023_2025.csv'
    trows = read_dicts(tpath)
    for fid, label, year, circ in CIRCULAIRES:
        t, cols, rows, quirks, extra = read_volumina(raw, lists, label, year, circ,
                                                     maatstaven)
        notes = [f'Quirk: the source gives {code} {name} {c} as "{v}" (exponent '
                 f'notation, {digits} significant digits); written as {x}, whose '
                 'trailing zeros are not real precision.'
                 for code, name, c, v, x, digits in quirks]
        if trows is not None:
            check_volumina_tidy(tpath, trows, label, year, cols, rows)
        notes.append(excluded_note(t, extra) or 'The source has no totals or blank rows.')
        srcs = [t.name] + ([cluster(circ, year, 'Gewichten')] if circ == 'M2022' else [])
        out[fid] = (['gemeentecode', 'gemeentenaam'] + cols, rows, srcs, notes)
    return out


def kind_note(fid):
    """The comment line on whether a circulaire's volumes are counts."""
    kind = ('exact CBS counts' if fid in EXACT_CBS else 'the ministry\'s '
            'estimates for the uitkeringsjaar, not exact counts')
    return (f'These volumes are {kind}; only mei 2024 -> 2024 and september '
            '2024 -> 2024 hold exact CBS counts.')


def format_notes(circ, n):
    """The comment lines on the gemeenten and the number format of a source."""
    if circ == 'M2022':
        return [
            f'{n} gemeenten: the 2022 list without {WEESP} Weesp '
            '(joined Amsterdam on 24 March 2022), so still with GM0501 '
            'Brielle, GM0530 Hellevoetsluis and GM0614 Westvoorne (merged '
            'into GM1992 Voorne aan Zee on 1 January 2023).',
            'The source header has descriptions, mapped to codes via '
            'maatstaven.csv or, for older wordings, via this circulaire\'s '
            'Gewichten file. "vast bedrag" maps to "vast"; the later files '
            'call this column "vast nieuw".',
            'The source uses dot decimals: values are copied digit for digit.']
    return [
        f'{n} gemeenten (the 2023-2025 list). Column "vast '
        'nieuw" is the volume of weight row "vast".',
        'The source uses decimal commas (some files also "." thousands '
        'separators): converted to dot decimals, all given digits kept.']


def build(raw, lists, maatstaven, tidy, out):
    """Add the seven volumina files; return read_all's result."""
    vol = read_all(raw, lists, maatstaven, tidy)
    for fid, label, year, circ in CIRCULAIRES:
        header, rows, srcs, notes = vol[fid]
        notes = [kind_note(fid)] + notes + format_notes(circ, len(rows))
        out.csv(f'gemeentefonds/volumina_{fid}.csv',
                f'Volumes per maatstaf per gemeente: gemeentefonds circulaire {label}, '
                f'uitkeringsjaar {year}.',
                notes + ['Names: the uitkeringsjaar\'s gemeente list.', NO_ANALYSEDATA],
                srcs + [LIST22, LIST23], header, rows)
    return vol
