"""gemeenten_geometrie_2025.csv: the borders of the 342 gemeenten of 1 January
2025 for the map of `ingroei run`, decoded from cartomap/nl's TopoJSON (CBS /
PDOK) into one CSV row per point, which C reads without a JSON library."""
from decimal import ROUND_HALF_EVEN, Decimal

from ..errors import Fail
from ..facts import CBS_SUFFIX
from ..readers.topojson import read_polygons
from ..sources import CARTO

OUT = 'gemeenten_geometrie_2025.csv'
YEAR = 2025
PLACES = Decimal('0.00001')            # 5 decimals: about 1 m, the data's step is 0.001
LON, LAT = (Decimal('3.2'), Decimal('7.3')), (Decimal('50.7'), Decimal('53.6'))


def coord(q, scale, translate):
    """A quantised position as degrees, rounded to 5 decimals, without
    trailing zeros."""
    v = (q * scale + translate).quantize(PLACES, rounding=ROUND_HALF_EVEN)
    s = format(v, 'f').rstrip('0')
    return s[:-1] if s.endswith('.') else s


def build(raw, lists, out):
    """Adds the geometry file; every geometry is a gemeente of YEAR (code and
    name), every gemeente of YEAR has one, every ring is closed and inside the
    Netherlands' bounding box. Returns the report line."""
    (sx, sy, tx, ty), geoms = read_polygons(CARTO, raw.bytes(CARTO), 'gemeente_2025')
    gemeenten = lists[YEAR]
    rows, seen, n_rings, n_parts = [], set(), 0, 0
    for props, polys in sorted(geoms, key=lambda g: str(g[0].get('statcode'))):
        code, name = props.get('statcode'), props.get('statnaam')
        if code not in gemeenten:
            raise Fail(f'{CARTO}: {code} ({name}) is not a gemeente of {YEAR}')
        if code in seen:
            raise Fail(f'{CARTO}: {code} has two geometries')
        official = gemeenten[code][0]
        if name not in (official, CBS_SUFFIX.get(official)):
            raise Fail(f'{CARTO}: {code} is "{name}", the {YEAR} list says "{official}"')
        seen.add(code)
        n_parts += len(polys)
        for p, rings in enumerate(polys, 1):
            for r, pts in enumerate(rings, 1):
                n_rings += 1
                if pts[0] != pts[-1]:           # read_polygons checked it; the file must say it
                    raise Fail(f'{CARTO}: {code} part {p} ring {r} is not closed')
                for qx, qy in pts:
                    lon, lat = coord(qx, sx, tx), coord(qy, sy, ty)
                    if not (LON[0] <= Decimal(lon) <= LON[1] and LAT[0] <= Decimal(lat) <= LAT[1]):
                        raise Fail(f'{CARTO}: {code} point {lon},{lat} outside the Netherlands')
                    rows.append([code, p, r, lon, lat])
    missing = sorted(set(gemeenten) - seen)
    if missing:
        raise Fail(f'{CARTO}: no geometry for {len(missing)} gemeenten of {YEAR}: '
                   + ', '.join(missing[:10]))
    out.csv(OUT,
            f'Borders of the {len(seen)} gemeenten of 1 January {YEAR}, for the map that '
            '`ingroei run` draws: one row per point of a ring.',
            ['Bron: CBS / PDOK. Licence: CBS open data, CC BY 4.0 (cite "Bron: CBS / PDOK"). '
             'Taken from the repository cartomap/nl, file wgs84/gemeente_2025.topojson, '
             'commit 01e3b4cea860e7bb5dc3bddbfff72d3e4f4709e6; that repository states no '
             'licence for its files (its package.json says GPL-2 for its build scripts). '
             'cartomap/nl built it from the layer gemeente_gegeneraliseerd of the PDOK '
             'service "CBS gebiedsindelingen" 2025 and simplified it with mapshaper.',
             'What tools/import did: decoded the TopoJSON (arcs delta-encoded and quantised; '
             'coordinates = position * scale + translate of its transform; a negative arc '
             'index ~i is arc i reversed; the shared end point of two arcs kept once). No '
             'further simplification: every point of the source is here, in the source\'s '
             'order. Coordinates are WGS84 degrees rounded to 5 decimals (the source is '
             'quantised to 0.001 degree of longitude and 0.0009996 of latitude).',
             'Columns: gemeentecode; deel, the polygon of a gemeente of several (islands), '
             'from 1; ring, from 1 within the polygon: 1 is the outer border, 2 and up '
             'would be holes (this file has none); lon, lat. A ring\'s rows are its points '
             'in order, the last equal to the first.',
             f'Checked: {len(seen)} gemeentecodes, exactly the gemeenten of {YEAR} in '
             f'gemeenten.csv, names equal (CBS suffixes such as "Hengelo (O.)" allowed); '
             f'{n_parts} polygons, {n_rings} rings, every ring closed, every point '
             f'inside lon {LON[0]}..{LON[1]}, lat {LAT[0]}..{LAT[1]}.'],
            [CARTO], ['gemeentecode', 'deel', 'ring', 'lon', 'lat'], rows)
    return (f'geometry {YEAR}: {len(seen)} gemeenten, {n_parts} polygons, {n_rings} rings, '
            f'{len(rows)} points')
