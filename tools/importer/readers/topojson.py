"""TopoJSON polygons decoded to rings of points: the arcs are delta-encoded
quantised positions (each position after the first is the difference with
the one before), turned into coordinates by the transform
(x * scale + translate); a ring lists arc indices, a negative index ~i
meaning arc i reversed. Consecutive arcs share their end point, which is
kept once. Numbers are Decimals (json parse_float), so the coordinates are
exact before they are rounded for output."""
import json
from decimal import Decimal

from ..errors import Fail


def decode_arcs(name, arcs):
    """The arcs as lists of absolute quantised (x, y) integer positions."""
    out = []
    for k, arc in enumerate(arcs):
        x = y = 0
        pts = []
        for pos in arc:
            if (not isinstance(pos, list) or len(pos) < 2
                    or not all(isinstance(v, int) for v in pos[:2])):
                raise Fail(f'{name}: arc {k}: position {pos!r} is not two whole numbers '
                           '(a quantised TopoJSON has integer deltas)')
            x, y = x + pos[0], y + pos[1]
            pts.append((x, y))
        if len(pts) < 2:
            raise Fail(f'{name}: arc {k} has {len(pts)} position(s)')
        out.append(pts)
    return out


def ring_points(name, where, ring, arcs):
    """The quantised points of one ring: its arcs joined (reversed for ~i),
    each shared end point once. Fail when arcs do not join or the ring is
    not closed."""
    pts = []
    for idx in ring:
        if not isinstance(idx, int) or not -len(arcs) <= idx < len(arcs):
            raise Fail(f'{name}: {where}: arc index {idx!r} out of range')
        arc = arcs[idx] if idx >= 0 else arcs[~idx][::-1]
        if pts and pts[-1] != arc[0]:
            raise Fail(f'{name}: {where}: arc {idx} starts at {arc[0]}, the ring is at '
                       f'{pts[-1]}')
        pts.extend(arc[1:] if pts else arc)
    if len(pts) < 4 or pts[0] != pts[-1]:
        raise Fail(f'{name}: {where}: ring of {len(pts)} points is not closed')
    return pts


def read_polygons(name, data, obj):
    """(transform (sx, sy, tx, ty) as Decimals, [(properties, [polygon [ring
    [(qx, qy)]]])]) of the Polygon and MultiPolygon geometries of object obj."""
    try:
        topo = json.loads(data.decode('utf-8'), parse_float=Decimal)
    except (UnicodeDecodeError, ValueError) as e:
        raise Fail(f'{name}: not valid JSON ({e})')
    if topo.get('type') != 'Topology' or obj not in topo.get('objects', {}):
        raise Fail(f'{name}: not a TopoJSON Topology with object "{obj}"')
    tr = topo.get('transform')
    if not tr:
        raise Fail(f'{name}: no transform (the decoder expects a quantised topology)')
    sx, sy = (Decimal(v) for v in tr['scale'])
    tx, ty = (Decimal(v) for v in tr['translate'])
    arcs = decode_arcs(name, topo['arcs'])
    out = []
    for n, geom in enumerate(topo['objects'][obj].get('geometries', [])):
        kind = geom.get('type')
        if kind == 'Polygon':
            polys = [geom['arcs']]
        elif kind == 'MultiPolygon':
            polys = geom['arcs']
        else:
            raise Fail(f'{name}: geometry {n} is a {kind}, expected Polygon or MultiPolygon')
        props = geom.get('properties', {})
        rings = [[ring_points(name, f'geometry {n} ({props.get("statcode")}), part {p + 1}, '
                              f'ring {r + 1}', ring, arcs)
                  for r, ring in enumerate(poly)] for p, poly in enumerate(polys)]
        out.append((props, rings))
    return (sx, sy, tx, ty), out
