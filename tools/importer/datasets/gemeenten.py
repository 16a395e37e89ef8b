"""gemeenten.csv: every gemeente per year 2021-2025 with its official name,
province and inhabitants on 1 January, from the CBS lists, the StatLine
export and the Gemeenteklassen files, checked against the national totals."""
from ..checks import check_tidy
from ..errors import Fail
from ..facts import CBS_SUFFIX, COUNTS, NL_TOTALS
from ..readers.gemeentelijst import read_list
from ..readers.kerncijfers import read_kerncijfers
from ..readers.klassen import read_klassen
from ..sources import KERN, LIST21, LIST22, LIST23, klassen


def read_lists(raw):
    """{year: {code: (name, province)}} for 2021-2025 (2024, 2025: the 2023
    list); the repaired 2022 list must agree with the others."""
    lists = {2021: read_list(raw, LIST21, 2021), 2022: read_list(raw, LIST22, 2022),
             2023: read_list(raw, LIST23, 2023)}
    for code, entry in lists[2022].items():        # the "â" repair must be complete
        other = lists[2023].get(code) or lists[2021].get(code)
        if other and other != entry:
            raise Fail(f'{LIST22}: {code} is {entry}, the other lists say {other}')
    lists[2024] = lists[2025] = lists[2023]
    return lists


def inhabitants(raw, lists):
    """{(year, code): inhabitants as text}: 2021, 2022 from the StatLine
    export, 2023-2025 from Gemeenteklassen (2023 checked equal to StatLine)."""
    kvalue = read_kerncijfers(raw)
    inw = {}
    for year in (2021, 2022, 2023):                # 2023 only to cross-check
        for code, (gname, _) in lists[year].items():
            v = kvalue.get((str(year), CBS_SUFFIX.get(gname, gname)), '')
            if not v.isdigit():
                raise Fail(f'{KERN}: no inhabitants for {year} "{gname}" ({code})')
            inw[year, code] = v
    for year in (2023, 2024, 2025):
        for code, (where, v) in read_klassen(raw, year, lists[year]).items():
            if year == 2023 and v != inw[2023, code]:
                raise Fail(f'{where}: {v} inhabitants, {KERN} says {inw[2023, code]}')
            inw[year, code] = v
    return inw


def build(raw, tidy, out):
    """Rows (jaar, peildatum, code, name, province, inwoners) for 2021-2025,
    added as gemeenten.csv, and the lists {year: {code: (name, province)}}."""
    lists = read_lists(raw)
    inw = inhabitants(raw, lists)
    rows = []
    for year in sorted(COUNTS):
        total = sum(int(inw[year, c]) for c in lists[year])
        if total != NL_TOTALS[year]:
            raise Fail(f'inhabitants {year}: total {total}, expected {NL_TOTALS[year]}')
        for code in sorted(lists[year]):
            rows.append([year, f'{year}-01-01', code, *lists[year][code], inw[year, code]])
    check_tidy(tidy / 'gemeenten_inwoners_2021_2025.csv',
               {(str(r[0]), r[2]): r[5] for r in rows},
               lambda ds: {(d['jaar'], d['gemeentecode']): d['inwoners'] for d in ds})
    emit(out, rows)
    return rows, lists


def emit(out, rows):
    out.csv('gemeenten.csv',
            'Gemeenten per year 2021-2025: CBS code, official CBS name, province and '
            'inhabitants on 1 January (peildatum).',
            ['Gemeenten: ' + ', '.join(f'{n} in {y}' for y, n in COUNTS.items()) + '.',
             f'Codes, names, provinces: {LIST21} for 2021; {LIST22} for 2022 (its '
             '"Fryslan" repaired to "Fryslân"); ' f'{LIST23} for 2023, 2024 and 2025 '
             '(same 342 codes).',
             f'Inhabitants 2021 and 2022: {KERN} (names only, joined on the list names; '
             'CBS suffixes such as "Groningen (gemeente)" and "Beek (L.)" mapped by an '
             'explicit table).',
             'Inhabitants 2023, 2024, 2025: Inwonertal of Gemeenteklassen_<year>, joined '
             'on names via the 2023 list; 2023 checked equal to the StatLine export.',
             'NL totals (checked): ' + ', '.join(f'{t} in {y}' for y, t in
                                                 NL_TOTALS.items()) + '.'],
            [LIST21, LIST22, LIST23, KERN] + [klassen(y) for y in (2023, 2024, 2025)],
            ['jaar', 'peildatum', 'gemeentecode', 'gemeentenaam', 'provincie', 'inwoners'],
            rows)
