"""The algemene uitkering recomputed in exact decimal arithmetic from one
circulaire's volumes, weights and published uitkeringsfactor:
AU_g = uf x B_g + A_g (Financiële-verhoudingswet art. 10-11, Bfv 2001 art. 1c)."""
from decimal import Decimal, localcontext

from .errors import Fail
from .facts import CLUSTERS, FIXED, IZ, OZB_SCALED_PARTS, UNSCALED
from .numtext import EXACT


def au_amounts(vheader, vrows, grows, uf, where):
    """{gemeentecode: (AU_g, 12 cluster amounts, the 12 of row vast)}, exact
    (Decimal, a rounding would trap): AU_g = uf x B_g + A_g, B_g the sum over
    the scaled rows and A_g over UNSCALED of units x totaal; a cluster amount
    is units x the cluster weight, times uf for a scaled row. Checks FIXED on
    the volumes (where names them)."""
    col = {c: i for i, c in enumerate(vheader)}
    out = {}
    with localcontext(EXACT):
        uf = Decimal(uf)
        for v in vrows:
            au, cl, vast = Decimal(0), [Decimal(0)] * len(CLUSTERS), None
            for g in grows:
                units = Decimal(v[col[g[-1]]])
                if g[0] in FIXED and units != (FIXED[g[0]] in (None, v[0])):
                    raise Fail(f'{where}: {v[0]} has {units} units of the fixed amount '
                               f'{g[0]}, expected {int(FIXED[g[0]] in (None, v[0]))}')
                f = 1 if g[0] in UNSCALED else uf
                au += f * units * Decimal(g[-2])
                part = [f * units * Decimal(x) for x in g[2:-2]]
                cl = [a + b for a, b in zip(cl, part)]
                if g[0] == 'vast':
                    vast = part
            out[v[0]] = (au, cl, vast)
    return out


def national(amounts, vheader, vrows, weight, uf):
    """(the AU of all gemeenten together, the vast bedrag x uf x gemeenten,
    what leaving the cluster OZB unscaled would change: (1 - uf) x the
    OZB_SCALED_PARTS amounts), exact; weight is {code: weight row}."""
    with localcontext(EXACT):
        total = sum(a for a, _, _ in amounts.values())
        vast_all = len(amounts) * Decimal(uf) * Decimal(weight['vast'][-2])
        ucol = {c: i for i, c in enumerate(vheader)}
        per_cluster = sum((1 - Decimal(uf)) * Decimal(v[ucol[weight[c][-1]]]) *
                          Decimal(weight[c][IZ])
                          for v in vrows for c in OZB_SCALED_PARTS)
    return total, vast_all, per_cluster
