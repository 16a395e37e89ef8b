"""centrumgemeenten.csv: which gemeenten receive the IU beschermd wonen and
the DU maatschappelijke opvang and vrouwenopvang, derived from the amounts
and checked to be the same set in every circulaire."""
from ..checks import check_tidy
from ..errors import Fail
from ..facts import CIRCULAIRES, REGELINGEN
from ..sources import LIST23

REGS = [r for r, _ in REGELINGEN[:3]]


def receiving_sets(uitk):
    """{regeling: receiving codes} in september 2024 -> 2025; Fail when
    another circulaire has another set, or MO/VO goes outside BW."""
    sets = {}
    for r in uitk:
        sets.setdefault((r[0], r[1], r[4]), set()).add(r[2])
    base = {reg: sets['september 2024', 2025, reg] for reg in REGS}
    for (_, label, year, _), reg in ((c, r) for c in CIRCULAIRES for r in REGS):
        if sets.get((label, year, reg)) != base[reg]:
            raise Fail(f'{reg}: the receiving gemeenten of {label} -> {year} differ '
                       'from september 2024 -> 2025')
    if not base[REGS[1]] | base[REGS[2]] <= base[REGS[0]]:
        raise Fail('MO or VO goes to a gemeente without IU beschermd wonen')
    return base


def build(uitk, lists, tidy, siudu, out):
    """Rows (code, name, BW, MO, VO as 1/0) of the gemeenten with a nonzero
    IU BW in september 2024 -> 2025, added as centrumgemeenten.csv; counts
    must be 43/43/35."""
    base = receiving_sets(uitk)
    rows = [[c, lists[2025][c][0]] + [int(c in base[reg]) for reg in REGS]
            for c in sorted(base[REGS[0]])]
    counts = [sum(r[i] for r in rows) for i in (2, 3, 4)]
    if counts != [43, 43, 35]:
        raise Fail(f'centrumgemeenten BW/MO/VO: {counts}, expected 43/43/35')
    check_tidy(tidy / 'centrumgemeenten_bw_mo_vo_2024.csv',
               {r[0]: tuple(map(str, r[2:])) for r in rows},
               lambda ds: {d['gemeentecode']: tuple(d['centrumgemeente_' + k] for k in (
                   'beschermd_wonen', 'maatschappelijke_opvang', 'vrouwenopvang'))
                   for d in ds})
    out.csv('centrumgemeenten.csv',
            'Centrumgemeenten for beschermd wonen (BW), maatschappelijke opvang (MO) and '
            'vrouwenopvang (VO): 1 = receives the regeling, 0 = does not.',
            ['Rule: a gemeente is centrumgemeente for a regeling when it receives a '
             'nonzero amount of it (IU beschermd wonen, DU maatschappelijke opvang, DU '
             'vrouwenopvang) in the september 2024 circulaire for uitkeringsjaar 2025.',
             f'Counts BW/MO/VO: {counts[0]}/{counts[1]}/{counts[2]}. The receiving sets '
             'are the same in all seven circulaires from mei 2022 on (checked).',
             'Names: the 2025 gemeente list.'],
            [siudu[-1], LIST23],
            ['gemeentecode', 'gemeentenaam', 'beschermd_wonen', 'maatschappelijke_opvang',
             'vrouwenopvang'], rows)
    return rows
