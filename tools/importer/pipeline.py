"""The import as one pipeline: read and check every raw source in a fixed
order, build each output file in memory, and return them all with the
"check:" report lines. Nothing is written here."""
from pathlib import Path

from .datasets import (au_models, centrumgemeenten, gemeenten, geometrie, gewichten,
                       herindelingen, maatstaven, regios_bw, uitkeringen, uitkeringsfactor, volumina)
from .facts import CIRCULAIRES
from .output import Output
from .raw import Raw


def build(raw_dir):
    """({relative output path: (bytes, data rows)} of every output file,
    report lines with the algemene-uitkering check figures). The tidy tables
    for the cross-checks are looked for next to raw_dir, in ../tidy."""
    raw, tidy = Raw(raw_dir), Path(raw_dir).parent / 'tidy'
    out = Output(raw)
    gem, lists = gemeenten.build(raw, tidy, out)
    uitk, siudu, siudu_notes = uitkeringen.build(raw, lists, tidy)
    cg = centrumgemeenten.build(uitk, lists, tidy, siudu, out)
    her = herindelingen.build(lists, gem, out)
    regios_bw.build(lists, cg, her, siudu, out)
    uitkeringen.emit(out, uitk, siudu, siudu_notes)
    maat = maatstaven.build(raw, out)
    vol = volumina.build(raw, lists, maat, tidy, out)
    uf_of = uitkeringsfactor.build(raw, out)
    report = [geometrie.build(raw, lists, out)]
    for circulaire in CIRCULAIRES:
        fid, label, year, circ = circulaire
        vheader, vrows = vol[fid][:2]
        weights = gewichten.build(raw, fid, label, year, circ, maat, vheader[2:], out)
        report.append(au_models.build(raw, lists, circulaire, (vheader, vrows), weights,
                                      uf_of[label, year], out))
    return out.files, report
