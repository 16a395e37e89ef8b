"""gemeentefonds/uitkeringsfactor.csv: the published uitkeringsfactor per
circulaire and uitkeringsjaar, checked to be exactly the seven circulaires
with the values each circulaire publishes."""
from ..checks import check_uitkeringsfactor
from ..facts import CIRC_ORDER
from ..readers.uitkeringsfactor import read_uitkeringsfactor
from ..sources import UF_FILE


def build(raw, out):
    """Add uitkeringsfactor.csv; return {(label, year): factor as text}."""
    t, found = read_uitkeringsfactor(raw)
    check_uitkeringsfactor(t, found)
    rows = [[c, y, found[c, y]] for c, y in sorted(found, key=lambda k: (
        CIRC_ORDER.index(k[0]), k[1]))]
    out.csv('gemeentefonds/uitkeringsfactor.csv',
            'Uitkeringsfactor of the algemene uitkering of the gemeentefonds per '
            'circulaire and uitkeringsjaar, as published (3 decimals).',
            ['Circulaire names as in uitkeringen_bw_mo_vo.csv: the source writes M2022 for '
             'mei 2022, S2023 for september 2023, and so on.',
             'Checked: exactly the seven circulaires of the volumes, each value equal to '
             'the one ../shared/DOMAIN.md section 4 gives.',
             'The ministry computes the amounts with this rounded factor: AU_g = uf x B_g '
             '+ A_g, where only the OZB inkomstenmaatstaven (A_g) are not multiplied by it '
             '(see the au_*.yaml models).'],
            [UF_FILE], ['circulaire', 'uitkeringsjaar', 'uitkeringsfactor'], rows)
    return {(r[0], r[1]): r[2] for r in rows}
