"""Unit tests of the pure pieces of tools/importer: number text conversion
and rounding, CSV/YAML rendering, raw-file parsing, the circulaire row
reader, the exact AU recomputation and the atomic tree writer.
Run: /usr/bin/python3 -m unittest discover -s tests/import (stdlib only)."""
import contextlib
import io
import sys
import tempfile
import unittest
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / 'tools'))

from importer.au import au_amounts  # noqa: E402
from importer.errors import Fail  # noqa: E402
from importer.numtext import cents, euros, gm, num  # noqa: E402
from importer.raw import Raw, parse  # noqa: E402
from importer.readers.circulaire import gemeente_rows  # noqa: E402
from importer.readers.siudu import repair_vth  # noqa: E402
from importer.readers.topojson import read_polygons  # noqa: E402
from importer.datasets.geometrie import coord  # noqa: E402
from importer.datasets.regios_bw import check_rows, members_in_year  # noqa: E402
from importer.writers import compare_tree, csv_line, write_tree, yaml_value  # noqa: E402


class Numbers(unittest.TestCase):
    def test_dutch_notation(self):
        self.assertEqual(num('1.234.567,890', 'nl', 'x'), '1234567.890')
        self.assertEqual(num(' -12,50 ', 'nl', 'x'), '-12.50')
        self.assertEqual(num('-', 'nl', 'x'), '0')
        self.assertEqual(num('1234', 'nl', 'x'), '1234')

    def test_dot_notation_keeps_every_digit(self):
        self.assertEqual(num('0.100', 'dot', 'x'), '0.100')
        self.assertEqual(num('-3758.76', 'dot', 'x'), '-3758.76')

    def test_exponent_moves_the_point(self):
        self.assertEqual(num('1,94044E+11', 'nl', 'x'), '194044000000')
        self.assertEqual(num('1.5e-3', 'dot', 'x'), '0.0015')
        self.assertEqual(num('12,345E+1', 'nl', 'x'), '123.45')

    def test_rejects_what_is_not_a_number(self):
        for text, style in (('1.23,4', 'nl'), ('1,5', 'dot'), ('1.234,5', 'dot'),
                            ('12a', 'nl'), ('', 'nl')):
            with self.assertRaises(Fail, msg=text):
                num(text, style, 'f, line 2')

    def test_euros_and_codes(self):
        self.assertEqual(euros('1.000,00', 'nl', 'x'), 1000)
        with self.assertRaisesRegex(Fail, 'not a whole number'):
            euros('12,5', 'nl', 'x')
        self.assertEqual(gm('363', 'x'), 'GM0363')
        with self.assertRaises(Fail):
            gm('12345', 'x')

    def test_cents_round_half_away_from_zero(self):
        self.assertEqual(cents(Decimal('1.005')), '1.01')
        self.assertEqual(cents(Decimal('-1.005')), '-1.01')
        self.assertEqual(cents(Decimal('2.004999')), '2.00')
        self.assertEqual(cents(Decimal('38422385619.5700001')), '38422385619.57')


class Rendering(unittest.TestCase):
    def test_csv_quotes_only_when_needed(self):
        self.assertEqual(csv_line(['a', 'b,c', 'say "x"', 1]),
                         'a,"b,c","say ""x""",1\n')

    def test_yaml_values(self):
        self.assertEqual(yaml_value('1.414'), '1.414')
        self.assertEqual(yaml_value(['WOZwe80', 'no']), '[WOZwe80, "no"]')
        self.assertEqual(yaml_value('au-model'), 'au-model')
        self.assertEqual(yaml_value('a: b'), '"a: b"')


class RawFiles(unittest.TestCase):
    def test_parse_skips_blank_lines_and_numbers_rows(self):
        t = parse('f.csv', 'A;B\r\n\r\n1;2\r\n3;4\r\n', ';')
        self.assertEqual(t.header, ['A', 'B'])
        self.assertEqual(t.rows, [(3, ['1', '2']), (4, ['3', '4'])])
        self.assertEqual(t.col('a'), 0)

    def test_parse_rejects_ragged_rows(self):
        with self.assertRaisesRegex(Fail, r'f.csv, line 3: 1 fields, the header has 2'):
            parse('f.csv', 'A,B\n1,2\n3\n', ',')

    def test_raw_strips_bom_and_hashes(self):
        with tempfile.TemporaryDirectory() as d:
            Path(d, 'x.csv').write_bytes(b'\xef\xbb\xbfA,B\n1,2\n')
            raw = Raw(d)
            self.assertEqual(raw.table('x.csv', ',').header, ['A', 'B'])
            self.assertEqual(len(raw.sha['x.csv']), 64)
            with self.assertRaisesRegex(Fail, 'cannot read raw file'):
                raw.table('missing.csv', ',')

    def test_repair_vth_joins_the_split_header(self):
        header = ['CBS', 'vergunningverlening', ' toezicht en handhaving']
        self.assertEqual(repair_vth('f', header, ['1', '2']),
                         ['CBS', 'vergunningverlening, toezicht en handhaving'])
        with self.assertRaises(Fail):
            repair_vth('f', ['CBS', 'x'], ['1', '2'])


LISTS = {y: {'GM0001': ('Aa', 'P'), 'GM0002': ('Bb', 'P')} for y in (2023, 2024)}


class CirculaireRows(unittest.TestCase):
    def table(self, body):
        return parse('s.csv', 'CBS\tNaam\tProv\tX\n' + body, '\t')

    def test_totals_and_blank_rows_are_excluded(self):
        t = self.table('2\tBb\tP\t5\n1\tAa\tP\t7\n\tTotaal\t\t12\n\t\t\t\n')
        rows, extra = gemeente_rows(t, LISTS, 'mei 2023', 2024)
        self.assertEqual([(c, line) for c, line, _ in rows],
                         [('GM0001', 3), ('GM0002', 2)])
        self.assertEqual([line for line, _ in extra], [4, 5])

    def test_unknown_or_missing_gemeente_fails(self):
        with self.assertRaisesRegex(Fail, 'not a gemeente'):
            gemeente_rows(self.table('1\tAa\tP\t7\n2\tCc\tP\t5\n'), LISTS,
                          'mei 2023', 2024)
        with self.assertRaisesRegex(Fail, 'differ from the expected 2'):
            gemeente_rows(self.table('1\tAa\tP\t7\n'), LISTS, 'mei 2023', 2024)


class AlgemeneUitkering(unittest.TestCase):
    # weight rows: code, name, 12 cluster weights, totaal, volume column
    @staticmethod
    def row(code, cluster, weight, column):
        w = ['0'] * 12
        w[cluster] = weight
        return [code, code] + w + [weight, column]

    def test_uf_times_scaled_plus_unscaled(self):
        grows = [self.row('vast', 9, '100.5', 'vast nieuw'),
                 self.row('inw', 0, '2.25', 'inw'),
                 self.row('WOZwe80', 11, '-0.001', 'WOZwe80')]
        vheader = ['gemeentecode', 'gemeentenaam', 'vast nieuw', 'inw', 'WOZwe80']
        vrows = [['GM0363', 'Amsterdam', '1', '10', '1000'],
                 ['GM0001', 'Aa', '1', '3', '0']]
        got = au_amounts(vheader, vrows, grows, '1.5', 'v')
        # by hand: 1.5 x (100.5 + 22.5) - 1 = 183.5; 1.5 x (100.5 + 6.75) = 160.875
        self.assertEqual(got['GM0363'][0], Decimal('183.5'))
        self.assertEqual(got['GM0001'][0], Decimal('160.875'))
        self.assertEqual(got['GM0363'][1][11], Decimal('-1'))
        self.assertEqual(got['GM0001'][2][9], Decimal('150.75'))

    def test_fixed_amount_must_be_one_unit(self):
        grows = [self.row('vast', 9, '100', 'vast nieuw')]
        with self.assertRaisesRegex(Fail, 'units of the fixed amount vast'):
            au_amounts(['gemeentecode', 'gemeentenaam', 'vast nieuw'],
                       [['GM0001', 'Aa', '2']], grows, '1.5', 'v')


class Writing(unittest.TestCase):
    def test_write_then_compare(self):
        files = {'a.csv': (b'x\n', 1), 'sub/b.yaml': (b'y: 1\n', 1)}
        with tempfile.TemporaryDirectory() as d, contextlib.redirect_stdout(io.StringIO()):
            write_tree(Path(d), files)
            self.assertEqual(sorted(p.name for p in Path(d).rglob('*')),
                             ['a.csv', 'b.yaml', 'sub'])
            self.assertEqual(compare_tree(Path(d), files), 0)
            Path(d, 'a.csv').write_bytes(b'z\n')
            Path(d, 'sub', 'b.yaml').unlink()
            self.assertEqual(compare_tree(Path(d), files), 2)


class TopoJson(unittest.TestCase):
    """Two squares sharing an edge, by hand: arc 0 is the shared edge, used
    forwards by A and reversed (~0 = -1) by B; deltas and transform."""
    TOPO = (b'{"type":"Topology","transform":{"scale":[0.5,0.25],"translate":[3,50]},'
            b'"arcs":[[[2,0],[0,2]],[[2,2],[-2,0],[0,-2],[2,0]],[[2,0],[2,0],[0,2],[-2,0]]],'
            b'"objects":{"g":{"type":"GeometryCollection","geometries":['
            b'{"type":"Polygon","arcs":[[0,1]],"properties":{"statcode":"GM0001"}},'
            b'{"type":"MultiPolygon","arcs":[[[2,-1]]],"properties":{"statcode":"GM0002"}}]}}}')

    def test_arcs_deltas_reversal_and_closure(self):
        (sx, sy, tx, ty), geoms = read_polygons('t', self.TOPO, 'g')
        self.assertEqual((sx, sy, tx, ty), (Decimal('0.5'), Decimal('0.25'), 3, 50))
        a = geoms[0][1][0][0]
        self.assertEqual(a, [(2, 0), (2, 2), (0, 2), (0, 0), (2, 0)])
        b = geoms[1][1][0][0]
        self.assertEqual(b, [(2, 0), (4, 0), (4, 2), (2, 2), (2, 0)])
        self.assertEqual(coord(4, sx, tx), '5')
        self.assertEqual(coord(2, sy, ty), '50.5')
        self.assertEqual(coord(3, Decimal('0.0009996433666191172'), Decimal('50.751')),
                         '50.754')

    def test_open_ring_and_broken_join_fail(self):
        bad = self.TOPO.replace(b'[[0,1]]', b'[[0]]')
        with self.assertRaisesRegex(Fail, 'not closed'):
            read_polygons('t', bad, 'g')
        bad = self.TOPO.replace(b'[[0,1]]', b'[[1,1]]')
        with self.assertRaisesRegex(Fail, 'starts at'):
            read_polygons('t', bad, 'g')
        bad = self.TOPO.replace(b'[[0,1]]', b'[[0,7]]')
        with self.assertRaisesRegex(Fail, 'out of range'):
            read_polygons('t', bad, 'g')


if __name__ == '__main__':
    unittest.main()


class Regions(unittest.TestCase):
    """Region members mapped through the herindelingen onto each year's list."""
    LISTS = {2021: {'GM0001': ('Appel', 'P'), 'GM0002': ('Peer', 'P'), 'GM0003': ('Kers', 'P')},
             2022: {'GM0009': ('Fruit', 'P'), 'GM0003': ('Kers', 'P')}}
    HER = [('2022-01-01', 'GM0001', 'Appel', 'GM0009', 'Fruit'),
           ('2022-01-01', 'GM0002', 'Peer', 'GM0009', 'Fruit')]

    def test_a_later_merger_is_its_parts(self):
        self.assertEqual(members_in_year(self.LISTS, self.HER, 2021, 'Fruit'),
                         {'GM0001', 'GM0002'})

    def test_an_earlier_gemeente_is_what_it_went_into(self):
        self.assertEqual(members_in_year(self.LISTS, self.HER, 2022, 'Appel'), {'GM0009'})

    def test_a_gemeente_of_the_year_is_itself(self):
        self.assertEqual(members_in_year(self.LISTS, self.HER, 2022, 'Kers'), {'GM0003'})
        self.assertEqual(members_in_year(self.LISTS, self.HER, 2021, 'Onbekend'), set())

    def test_two_regions_or_a_centre_outside_its_region_fail(self):
        row = [2022, 'GM0003', 'Kers', 'GM0009', 'Fruit', 's', 'b']
        with self.assertRaises(Fail):
            check_rows([row, [2022, 'GM0003', 'Kers', 'GM0004', 'X', 's', 'b']], set())
        with self.assertRaises(Fail):
            check_rows([row], set())
        check_rows([row, [2022, 'GM0009', 'Fruit', 'GM0009', 'Fruit', 's', 'b']], {'GM0009'})
