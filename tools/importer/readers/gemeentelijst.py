"""The CBS gemeente lists per year (gemeenten-alfabetisch, municipalities
alphabetically): code, official name and province of every gemeente."""
from ..errors import Fail
from ..facts import COUNTS, REPAIR_2022
from ..numtext import gm
from ..raw import expect_header
from ..sources import LIST22


def read_list(raw, name, year):
    """Gemeente list of one year -> {code: (official name, province)}."""
    if name == LIST22:
        t = raw.table(name, ';')
        expect_header(t, ['MunicipalCode', 'MunicipalCodeGM', 'MunicipalName',
                          'ProvincialCode', 'ProvincialCodePV', 'ProvincialName'])
    else:
        t = raw.table(name, ',')
        expect_header(t, ['Gemeentecode', 'GemeentecodeGM', 'Gemeentenaam',
                          'Provinciecode', 'ProvinciecodePV', 'Provincienaam'])
    out = {}
    for line, f in t.rows:
        code = gm(f[0], t.where(line))
        if f[1] != code or code in out:
            raise Fail(f'{t.where(line)}: code {f[1]} inconsistent or repeated')
        gname, prov = f[2].strip(), f[5].strip()
        if year == 2022:
            gname, prov = REPAIR_2022.get(gname, gname), REPAIR_2022.get(prov, prov)
        out[code] = (gname, prov)
    if len(out) != COUNTS[year]:
        raise Fail(f'{name}: {len(out)} gemeenten, expected {COUNTS[year]}')
    return out
