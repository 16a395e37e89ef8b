"""gemeentefonds/maatstaven.csv: the maatstaven of the algemene uitkering,
code and description as the most recent Gewichten file gives them; every
other tab-separated Gewichten file must have the same codes."""
from ..errors import Fail
from ..facts import CIRCULAIRES
from ..readers.gewichten import read_codes
from ..sources import cluster

NO_ANALYSEDATA = ('The Analysedata_* files of michielsd/begrotingsanalysetool are not '
                  'used (their AU totals leave out the vast bedrag per gemeente).')


def build(raw, out):
    """Add maatstaven.csv; return [(code, description)] in the order of the
    september 2024 -> 2025 Gewichten file."""
    files = [cluster(c, y, 'Gewichten') for _, _, y, c in CIRCULAIRES if c != 'M2022']
    latest = read_codes(raw, 'S2024', 2025)
    for _, _, year, circ in CIRCULAIRES[1:]:
        if sorted(c for c, _ in read_codes(raw, circ, year)) != sorted(
                c for c, _ in latest):
            raise Fail(f'{cluster(circ, year, "Gewichten")}: maatstaf codes differ '
                       f'from {files[-1]}')
    out.csv('gemeentefonds/maatstaven.csv',
            'Maatstaven (distribution measures) of the algemene uitkering of the '
            'gemeentefonds: code and description.',
            [f'Order and descriptions as in {files[-1]}, the most recent Gewichten file; '
             'the other tab-separated Gewichten files have the same codes (checked).',
             'Mapping: the volume column "vast nieuw" of the Volumina files is the volume '
             'of weight row "vast" (vast bedrag per gemeente); codes are kept exactly as '
             'the sources write them.', NO_ANALYSEDATA],
            sorted(set(files)), ['code', 'omschrijving'], [list(m) for m in latest])
    return latest
