"""gemeentefonds/au_<circulaire>.yaml: one algemene-uitkering model per
circulaire, recomputed in exact decimals and checked against the published
order of magnitude and the Analysedata files; also the "check:" report line."""
from decimal import localcontext

from ..au import au_amounts, national
from ..checks import check_au_published, compare_analysedata
from ..errors import Fail
from ..facts import (AMSTERDAM, ANALYSE_SIUDU_EXCEPT, ANALYSE_TOLERANCE, AU_CHECK, IE,
                     IZ, OEM, OEM_ROWS, OZB, OZB_SCALED_PARTS, UNSCALED)
from ..numtext import EXACT, cents
from ..output import GENERATED
from ..readers.analysedata import analysedata_rows, analysedata_table
from ..readers.circulaire import names_for
from ..readers.siudu import siudu_by_cluster
from ..sources import UF_FILE, cluster, provenance


def analysedata(raw, lists, circulaire, amounts, left):
    """None if the circulaire has no Analysedata_GF file; else (files read,
    its national Totaal, the SIUDU amounts it adds in all), after
    compare_analysedata (with the SIUDU amounts of ANALYSE_SIUDU_EXCEPT)."""
    fid, label, year, circ = circulaire
    t = analysedata_table(raw, circ, year)
    if t is None:
        return None
    files, extra = [t.name], {}
    if fid in ANALYSE_SIUDU_EXCEPT:
        extra, siudu = siudu_by_cluster(raw, lists, fid, label, year, circ, left,
                                        ANALYSE_SIUDU_EXCEPT[fid])
        files.append(siudu)
    code_of = {n: c for c, n in names_for(lists, label, year).items() if c in amounts}
    theirs = compare_analysedata(t, analysedata_rows(t), code_of, amounts, extra)
    return files, theirs, sum(sum(a) for a in extra.values())


def analysedata_texts(found, fid, figures, weight, uf):
    """(comment line, report suffix) on the Analysedata comparison; Fail
    when the national difference is not the vast bedrag (minus SIUDU)."""
    asrc, theirs, extra = found
    total, vast_all, n = figures
    with localcontext(EXACT):
        diff = total - theirs
        unexplained = abs(diff - (vast_all - extra)) > ANALYSE_TOLERANCE * n
    if unexplained:
        raise Fail(f'{asrc[0]}: national difference {diff} not explained')
    plus = (f' plus, per cluster, the SIUDU amounts of every column of '
            f'{asrc[1]} except ' + ', '.join(ANALYSE_SIUDU_EXCEPT[fid]) +
            f' ({extra} euro in all; that file includes them)' if extra else '')
    check = (
        f'Cross-check: {asrc[0]} (the repository\'s own AU per gemeente and '
        'cluster, an independent computation) equals, per gemeente, per cluster '
        'and in Totaal within 0.01 euro, the amounts of this model without the '
        f'vast bedrag{plus}: the same rule for scaled and unscaled maatstaven. '
        f'Its national Totaal is {cents(theirs)} euro; this model\'s total minus '
        f'it is {cents(diff)} euro = vast bedrag x uf x gemeenten '
        f'({weight["vast"][-2]} x {uf} x {n} = {cents(vast_all)})' + (
            f' minus the SIUDU amounts ({extra})' if extra else '') + '.')
    line = (f'; Analysedata national Totaal {cents(theirs)}, difference '
            f'{cents(diff)} = vast x uf x {n} {cents(vast_all)}' +
            (f' - SIUDU amounts it includes {extra}' if extra else ''))
    return check, line


def checks_and_line(raw, lists, circulaire, amounts, weight, uf, left, figures):
    """(comment lines on the checks, the report line, Analysedata files read);
    figures is (national total, vast bedrag x uf x gemeenten)."""
    fid, label, year, _ = circulaire
    (total, vast_all), n = figures, len(amounts)
    ams = amounts[AMSTERDAM][0]
    line = (f'{label} -> {year} (uf {uf}): AU of the {n} gemeenten together '
            f'{cents(total)} euro, {AMSTERDAM} Amsterdam {cents(ams)} euro')
    checks = [f'Check (tools/import, exact decimal arithmetic, no rounding per line, '
              f'results rounded to cents): with these volumes, the totaal weights and '
              f'uf {uf}, the {n} gemeenten together get {cents(total)} euro; '
              f'{AMSTERDAM} Amsterdam {cents(ams)} euro. Maatstaven only: the '
              'amounts that the Gewichten file lists without a code (left out of '
              f'gewichten_{fid}.csv) are not part of this model.']
    if fid == AU_CHECK[0]:
        check_au_published(label, year, total, amounts)
        checks[-1] += (' ../shared/DOMAIN.md section 10 gives about 38.42 bn and '
                       '2,669 M; tools/import fails beyond 0.5%.')
        line += ' (DOMAIN.md: about 38.42 bn and 2,669 M; within 0.5%)'
    found = analysedata(raw, lists, circulaire, amounts, left)
    if not found:
        return checks + ['No Analysedata file exists for this circulaire.'], line, []
    check, more = analysedata_texts(found, fid, (total, vast_all, n), weight, uf)
    return checks + [check], line + more, found[0]


def comments(circulaire, weight, per_cluster, checks, sources):
    """The comment lines of one au_*.yaml model."""
    _, label, year, _ = circulaire
    cname = label.replace(' ', 'circulaire ')
    return [
        f'Algemene uitkering, {cname}, uitkeringsjaar {year}: the model from which '
        'the engine\'s auditor mode recomputes the amount per gemeente '
        '(../shared/DOMAIN.md section 4): AU_g = uf x B_g + A_g, B_g the sum over the '
        'scaled maatstaven of units x weight, A_g the same over the unscaled ones; '
        'weight = column totaal of the weights file, units = the column of the volumes '
        'file that its column volume_kolom names.'] + GENERATED + [
        'Scaled or not is a flag per maatstaf: unscaled_maatstaven lists the OZB '
        'inkomstenmaatstaven, whose amounts the law does not multiply by the '
        'uitkeringsfactor (DOMAIN.md section 4); every other weight row of the weights '
        'file is multiplied by uf, the fixed amounts vast, Amsterdam, Den Haag and '
        'Rotterdam included.',
        f'Deliberately no unscaled_clusters: the cluster {OZB} also holds parts of '
        'two expense maatstaven (' + ', '.join(
            f'{c} {weight[c][IZ]}' for c in OZB_SCALED_PARTS) + '), multiplied by uf '
        'with the rest of their weight; leaving that cluster unscaled would change '
        f'the total by {"+" if per_cluster > 0 else ""}{cents(per_cluster)} euro. '
        f'{OEM} holds only the negative part '
        f'of ' + ', '.join(f'{c} ({weight[c][IE]})' for c in OEM_ROWS) + ', scaled '
        'too: it is no inkomstenmaatstaf of its own.',
        'Evidence, checked by tools/import in every circulaire: the WOZ rows have a '
        f'negative weight in {OZB} and nowhere else; the rows above are the only other '
        f'ones with a weight in {OZB} or {OEM}, all with weights in other clusters as '
        'well; and the Analysedata computation below follows the same rule.'
        ] + checks + sources


def entries(circulaire, uf):
    """The (key, value[, note]) entries of one au_*.yaml model."""
    fid, label, year, circ = circulaire
    cname = label.replace(' ', 'circulaire ')
    vsrc, gsrc = cluster(circ, year, 'Volumina'), cluster(circ, year, 'Gewichten')
    repo, commit, _ = provenance(vsrc)
    return [
        ('model', 1), ('kind', 'au-model'),
        ('name', f'Algemene uitkering, {cname}, uitkeringsjaar {year}'),
        ('circulaire', label), ('uitkeringsjaar', year),
        ('volumes', f'volumina_{fid}.csv'), ('weights', f'gewichten_{fid}.csv'),
        ('uitkeringsfactor', uf, 'published, rounded to 3 decimals'),
        ('uitkeringsfactor_source',
         f'{UF_FILE} ({repo.split(" (")[0]}, commit {provenance(UF_FILE)[1]}), row '
         f'{circ},{year}; equal to the value in ../shared/DOMAIN.md section 4'),
        ('unscaled_maatstaven', UNSCALED,
         'OZB inkomstenmaatstaven: not multiplied by uf'),
        ('source', f'Ministerie van BZK, gemeentefonds {cname}, uitkeringsjaar {year}: '
         f'volumes and weights per cluster as exported in {repo.split(" (")[0]}, '
         f'commit {commit} ({vsrc}, {gsrc})')]


def build(raw, lists, circulaire, volumes, weights, uf, out):
    """Add au_<fid>.yaml; return the report line. volumes is (header, rows),
    weights (weight rows, left-out rows) of the circulaire."""
    fid, _, year, circ = circulaire
    (vheader, vrows), (grows, left) = volumes, weights
    weight = {r[0]: r for r in grows}
    amounts = au_amounts(vheader, vrows, grows, uf, f'volumina_{fid}.csv')
    total, vast_all, per_cluster = national(amounts, vheader, vrows, weight, uf)
    checks, line, asrc = checks_and_line(raw, lists, circulaire, amounts, weight, uf,
                                         left, (total, vast_all))
    sources = out.sources([cluster(circ, year, 'Volumina'),
                           cluster(circ, year, 'Gewichten'), UF_FILE] + asrc)
    out.yaml(f'gemeentefonds/au_{fid}.yaml',
             comments(circulaire, weight, per_cluster, checks, sources),
             entries(circulaire, uf))
    return line
