"""GF_Uitkeringsfactor.csv of michielsd/begrotingsanalysetool: the
uitkeringsfactor per circulaire (source code such as M2024) and
uitkeringsjaar, with 3 decimals."""
import re

from ..errors import Fail
from ..facts import CIRC_LABEL
from ..sources import UF_FILE


def read_uitkeringsfactor(raw):
    """(table, {(circulaire label, year): factor as text}) in file order."""
    t = raw.table(UF_FILE, ',')
    if t.header != ['Circulaire', 'Jaar', 'Uitkeringsfactor']:
        raise Fail(f'{t.name}, line 1: unexpected header {t.header}')
    out = {}
    for line, f in t.rows:
        m = re.fullmatch(r'([MS])(\d{4})', f[0].strip())
        if not m or not f[1].isdigit() or not re.fullmatch(r'\d\.\d{3}', f[2]):
            raise Fail(f'{t.where(line)}: expected a circulaire such as M2024, a year '
                       'and a factor with 3 decimals')
        key = (f'{CIRC_LABEL[m[1]]} {m[2]}', int(f[1]))
        if key in out:
            raise Fail(f'{t.where(line)}: {key} repeated')
        out[key] = f[2]
    return t, out
