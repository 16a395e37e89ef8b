"""uitkeringen_bw_mo_vo.csv: the IU beschermd wonen and the DU
maatschappelijke opvang, vrouwenopvang and Nationaal actieplan dakloosheid
per gemeente in the seven circulaires' SIUDU files, in whole euros."""
from ..checks import check_bw_totals, check_tidy, check_totals_rows
from ..facts import BW_TOTALS, CIRC_ORDER, CIRCULAIRES, REGELINGEN, style_of
from ..numtext import euros
from ..readers.circulaire import excluded_note, names_for
from ..readers.siudu import read_siudu
from ..sources import LIST22, LIST23

REGS = [r for r, _ in REGELINGEN]
TIDY_COLUMN = dict(zip(REGS, ['beschermd_wonen', 'maatschappelijke_opvang',
                              'vrouwenopvang', 'nationaal_actieplan_dakloosheid']))


def circulaire_rows(raw, lists, fid, label, year, circ):
    """(long rows of one SIUDU file, its name, the note on excluded rows)."""
    style, rows = style_of(circ)[0], []
    t, cols, grows, extra = read_siudu(raw, lists, fid, label, year, circ)
    names = names_for(lists, label, year)
    for reg, i in cols:
        amounts = [(code, euros(f[i], style, t.where(line))) for code, line, f in grows]
        rows += [[label, year, c, names[c], reg, a] for c, a in amounts if a]
        check_totals_rows(t, extra, i, style, amounts)
    return rows, t.name, excluded_note(t, extra)


def build(raw, lists, tidy):
    """Long rows (circulaire, jaar, code, name, regeling, bedrag) of every
    nonzero IU/DU amount in the seven SIUDU files, checked against the
    published IU BW totals and the tidy table; also the source file names
    and the notes on excluded rows."""
    rows, files, notes = [], [], []
    for fid, label, year, circ in CIRCULAIRES:
        more, name, note = circulaire_rows(raw, lists, fid, label, year, circ)
        rows += more
        files.append(name)
        notes.append(note)
    rows.sort(key=lambda r: (CIRC_ORDER.index(r[0]), r[1], REGS.index(r[4]), r[2]))
    check_bw_totals(rows, REGS[0])
    check_tidy(tidy / 'bw_mo_vo_uitkeringen_per_centrumgemeente.csv',
               {(r[0], str(r[1]), r[2], r[4]): r[5] for r in rows},
               lambda ds: {(d['circulaire'], d['uitkeringsjaar'], d['gemeentecode'], r):
                           int(d[c]) for d in ds for r, c in TIDY_COLUMN.items()
                           if d[c] not in ('', '0')})
    return rows, files, notes


def emit(out, rows, siudu, siudu_notes):
    """Add uitkeringen_bw_mo_vo.csv."""
    out.csv('uitkeringen_bw_mo_vo.csv',
            'IU beschermd wonen, DU maatschappelijke opvang, DU vrouwenopvang and DU '
            'Nationaal actieplan dakloosheid per gemeente, per circulaire and '
            'uitkeringsjaar, in whole euros; one row per nonzero amount.',
            ['Circulaire -> uitkeringsjaar: ' + '; '.join(
                f'{label} -> {year}' for _, label, year, _ in CIRCULAIRES) + '. The '
             'Nationaal actieplan dakloosheid exists from the mei 2024 circulaire on.',
             'IU BW sums, 43 gemeenten each (checked): ' + '; '.join(
                 f'{c} -> {y}: {t}' for (c, y), t in BW_TOTALS.items()) + '. The '
             'ministry rounds each gemeente on its own, hence sums such as 1642005004.',
             'Rows that are not gemeenten: totals rows (checked to equal the sum) and '
             'blank rows are excluded; any other unknown row makes tools/import fail.'
             ] + ([n for n in siudu_notes if n] or ['None of the seven SIUDU files has '
                                                    'totals or blank rows.']) + [
             'Quirks handled: the M2022_2023 header has an unquoted '
             'comma in "vergunningverlening, toezicht en handhaving" (joined back); '
             'M2024_2025 has no CBS column (names joined to the 2025 list); S2023_2024 '
             'has a second CBS column (checked identical, ignored); S2024_2025 writes '
             '"." thousands separators and " - " for zero.',
             'mei 2022 -> 2023 covers the 344 gemeenten of 2022 without Weesp. Names: '
             'the uitkeringsjaar\'s gemeente list (the 2022 list for gemeenten merged on '
             '1 January 2023).'],
            siudu + [LIST22, LIST23],
            ['circulaire', 'uitkeringsjaar', 'gemeentecode', 'gemeentenaam', 'regeling',
             'bedrag'], rows)
