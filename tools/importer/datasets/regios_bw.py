"""regios_beschermd_wonen.csv: the hand-entered beschermd-wonen regions
(PARTIAL: 2 of 43) per year, each name checked against the gemeente lists,
the centrumgemeenten and the herindelingen."""
from ..errors import Fail
from ..handtables import REGIO_NAMES, REGIO_SIZES, REGIOS_BW
from ..sources import LIST21, LIST22, LIST23


def region_rows(lists, bw_centres, centre, members):
    """Rows (year, code, name, centre code, centre name) of one region for
    every year in which the member is in the year's list; the centre must be
    a BW centrumgemeente in every year."""
    rows = []
    for year in sorted(lists):
        code_of = {n: c for c, (n, _) in lists[year].items()}
        ccode = code_of.get(centre)
        if ccode is None or ccode not in bw_centres:
            raise Fail(f'REGIOS_BW: "{centre}" is not a beschermd-wonen '
                       f'centrumgemeente in {year}')
        for member in members:
            code = code_of.get(REGIO_NAMES.get(member, member))
            if code is not None:
                rows.append([year, code, lists[year][code][0], ccode, centre])
    return rows


def check_members(lists, bw_centres, merged, seen, centre, members):
    """Each member is one gemeente of the lists, in no other region (seen:
    code -> centre so far), no other BW centrumgemeente and in no herindeling."""
    for member in members:
        official = REGIO_NAMES.get(member, member)
        codes = {c for y in lists for c, (n, _) in lists[y].items() if n == official}
        if len(codes) != 1:
            raise Fail(f'REGIOS_BW {centre}: "{member}" is {len(codes)} gemeenten '
                       'in the lists, expected one')
        code = codes.pop()
        if seen.setdefault(code, centre) != centre:
            raise Fail(f'REGIOS_BW: "{member}" is in the regions {seen[code]} '
                       f'and {centre}')
        if code in bw_centres and official != centre:
            raise Fail(f'REGIOS_BW {centre}: member "{member}" is itself a '
                       'beschermd-wonen centrumgemeente')
        if code in merged:
            raise Fail(f'REGIOS_BW {centre}: "{member}" ({code}) is in a '
                       'herindeling; the membership needs review')


def regios(lists, cg, herindelingen):
    """Rows of REGIOS_BW for every year, sorted by year, centre code, code,
    and the rows per year. Fail on a region of the wrong size or without its
    centre, and see region_rows and check_members."""
    bw_centres = {r[0] for r in cg if r[2] == 1}
    merged = {r[1] for r in herindelingen} | {r[3] for r in herindelingen}
    seen, rows = {}, []
    for centre, members in REGIOS_BW.items():
        if len(members) != REGIO_SIZES[centre] or centre not in members:
            raise Fail(f'REGIOS_BW {centre}: {len(members)} members, expected '
                       f'{REGIO_SIZES[centre]} including the centrumgemeente')
        rows += region_rows(lists, bw_centres, centre, members)
        check_members(lists, bw_centres, merged, seen, centre, members)
    rows.sort(key=lambda r: (r[0], r[3], r[1]))
    per_year = {y: sum(1 for r in rows if r[0] == y) for y in sorted(lists)}
    return rows, per_year


def build(lists, cg, herindelingen, siudu, out):
    """Add regios_beschermd_wonen.csv."""
    rows, per_year = regios(lists, cg, herindelingen)
    out.csv('regios_beschermd_wonen.csv',
            'Region membership for beschermd wonen: gemeente -> centrumgemeente, per '
            'year 2021-2025.',
            ['PARTIAL: THIS FILE HOLDS ONLY 2 OF THE 43 REGIONS, those of Eindhoven and '
             '\'s-Hertogenbosch. The other 41 regions are not in any public material the '
             'project found. A gemeente that is not in this file has NO KNOWN region: '
             'report it as unknown; never give it an invented or guessed one.',
             'Source: ../shared/DOMAIN.md section 7, which gives these two regions as '
             'known from public documents: Eindhoven (15 gemeenten) and '
             '\'s-Hertogenbosch / Meierij-Bommelerwaard (7 gemeenten). The membership is '
             'hand-entered in tools/import from those documents, not taken from the raw '
             'files; the raw gemeente lists below supply only the codes and official '
             'names, and the SIUDU file the check on the centrumgemeenten.',
             'Names: "Nuenen c.a." is the official "Nuenen, Gerwen en Nederwetten". '
             'Every name is checked against the year\'s gemeente list (tools/import '
             'fails on an unknown name); a member has a row only in the years whose list '
             'holds it.',
             'Checked: each centrumgemeente is in its own region, in every year, and is '
             'a beschermd-wonen centrumgemeente in centrumgemeenten.csv; no other member '
             'is one; no gemeente is in two regions; no member is in herindelingen.csv.',
             'The same membership is used in every year (the documents give no changes '
             'over 2021-2025). Rows per year: ' + ', '.join(
                 f'{n} in {y}' for y, n in per_year.items()) + '.'],
            [LIST21, LIST22, LIST23, siudu[-1]],
            ['jaar', 'gemeentecode', 'gemeentenaam', 'centrumgemeente_code',
             'centrumgemeente_naam'], rows)
