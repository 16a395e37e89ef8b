"""regios_beschermd_wonen.csv: the beschermd-wonen regions named in public
documents (PARTIAL: 7 of 43), one row per gemeente per year with its source,
each name checked against the year's gemeente list and mapped through the
herindelingen onto the gemeenten of that year."""
from ..errors import Fail
from ..handtables import REGIO_NAMES, REGIO_SIZES, REGIOS_BW
from ..sources import LIST21, LIST22, LIST23


def members_in_year(lists, herindelingen, year, official):
    """The codes of the year's list that make up the gemeente `official`
    (a name of any year's list): the gemeente itself when the year's list has
    it; the gemeente it went into when it merged on or before 1 January of the
    year; its parts when it was formed by a later herindeling. Empty when the
    year's list has none of these."""
    here = {c for c, (n, _) in lists[year].items() if n == official}
    if here:
        return here
    codes = {c for y in lists for c, (n, _) in lists[y].items() if n == official}
    jan1 = f'{year}-01-01'
    out = set()
    for datum, old, _, new, _ in herindelingen:
        if old in codes and datum <= jan1 and new in lists[year]:
            out.add(new)        # merged before this year: the gemeente it went into
        if new in codes and datum > jan1 and old in lists[year]:
            out.add(old)        # formed later: its parts of this year
    return out


def region_rows(lists, herindelingen, bw_centres, region):
    """Rows (year, code, name, centre code, centre name, soort, bron) of one
    region for every year its document covers; the centre must be a BW
    centrumgemeente in each of those years and every member a gemeente of
    some list."""
    centre, (first, last) = region['centre'], region['years']
    rows = []
    for year in sorted(lists):
        if not first <= year <= last:
            continue
        code_of = {n: c for c, (n, _) in lists[year].items()}
        ccode = code_of.get(centre)
        if ccode is None or ccode not in bw_centres:
            raise Fail(f'REGIOS_BW: "{centre}" is not a beschermd-wonen '
                       f'centrumgemeente in {year}')
        for member in region['members']:
            official = REGIO_NAMES.get(member, member)
            if not any(n == official for y in lists for (n, _) in lists[y].values()):
                raise Fail(f'REGIOS_BW {centre}: "{member}" is in no gemeente list')
            for code in sorted(members_in_year(lists, herindelingen, year, official)):
                rows.append([year, code, lists[year][code][0], ccode, centre,
                             region['soort'], region['bron']])
    return rows


def check_rows(rows, bw_centres):
    """Per year: no gemeente in two regions (or twice), each centre in its own
    region, no member another BW centrumgemeente."""
    seen = {}
    for year, code, name, ccode, centre, _, _ in rows:
        if (year, code) in seen:
            raise Fail(f'REGIOS_BW: {name} ({code}) is in the regions '
                       f'{seen[year, code]} and {centre} in {year}')
        seen[year, code] = centre
        if code in bw_centres and code != ccode:
            raise Fail(f'REGIOS_BW {centre}: member {name} ({code}) is itself a '
                       'beschermd-wonen centrumgemeente')
    for year, _, _, ccode, centre, _, _ in rows:
        if seen.get((year, ccode)) != centre:
            raise Fail(f'REGIOS_BW: {centre} is not in its own region in {year}')


def regios(lists, cg, herindelingen):
    """Rows of REGIOS_BW for every year, sorted by year, centre code, code,
    and the rows per year. Fail on a region of the wrong size or without its
    centre, and see region_rows and check_rows."""
    bw_centres = {r[0] for r in cg if r[2] == 1}
    rows = []
    for region in REGIOS_BW:
        centre, members = region['centre'], region['members']
        if len(members) != REGIO_SIZES[centre] or centre not in members:
            raise Fail(f'REGIOS_BW {centre}: {len(members)} members, expected '
                       f'{REGIO_SIZES[centre]} including the centrumgemeente')
        rows += region_rows(lists, herindelingen, bw_centres, region)
    check_rows(rows, bw_centres)
    rows.sort(key=lambda r: (r[0], r[3], r[1]))
    per_year = {y: sum(1 for r in rows if r[0] == y) for y in sorted(lists)}
    return rows, per_year


def build(lists, cg, herindelingen, siudu, out):
    """Add regios_beschermd_wonen.csv."""
    rows, per_year = regios(lists, cg, herindelingen)
    years = {y: sorted({r[4] for r in rows if r[0] == y}) for y in sorted(lists)}
    out.csv('regios_beschermd_wonen.csv',
            'Region membership for beschermd wonen: gemeente -> centrumgemeente, one row per '
            'gemeente per year 2021-2025, with its source.',
            ['PARTIAL: THIS FILE HOLDS 7 OF THE 43 REGIONS, those named in public documents: '
             'Eindhoven, \'s-Hertogenbosch, Bergen op Zoom, Breda, Groningen, Delft and '
             'Enschede. A gemeente that has no row in a year has NO KNOWN region in that '
             'year: report it as unknown; never give it an invented or guessed one.',
             'A cooperation agreement is not proof of the region the IU BW key uses: the '
             'column soort says what a row rests on: "genoemd in gemeenschappelijke '
             'regeling" (the document in bron, a CVDR number or Gemeenteblad, names the '
             'members) or "eerder geleverd" (the two regions shipped since the first '
             'import, from public documents of those regions without a document number). '
             'A complete list (CBS StatLine 86059NED "Gebieden in Nederland", with its '
             'centrumgemeente column) replaces this file: see the README, "Regions".',
             'Years: a region has rows in the years its document covers, from the year it '
             'takes effect or is published (a news item of December: the next year) to '
             '2025; earlier years stay unknown. Rows per year: ' + ', '.join(
                 f'{n} in {y} ({len(years[y])} regions)' for y, n in per_year.items()) + '.',
             'The membership is hand-entered in tools/importer/handtables.py from those '
             'documents, not taken from the raw files; the raw gemeente lists below supply '
             'the codes and official names, and the SIUDU file the check on the '
             'centrumgemeenten.',
             'Names: "Nuenen c.a." is the official "Nuenen, Gerwen en Nederwetten". Every '
             'name must be in a gemeente list (tools/import fails on an unknown name) and is '
             'mapped through herindelingen.csv onto the gemeenten of each year: a gemeente '
             'merged on or before 1 January of the year counts as the gemeente it went '
             'into, one formed later as its parts of that year.',
             'Checked per year: each centrumgemeente is in its own region and is a '
             'beschermd-wonen centrumgemeente in centrumgemeenten.csv; no other member is '
             'one; no gemeente is in two regions.'],
            [LIST21, LIST22, LIST23, siudu[-1]],
            ['jaar', 'gemeentecode', 'gemeentenaam', 'centrumgemeente_code',
             'centrumgemeente_naam', 'soort', 'bron'], rows)
