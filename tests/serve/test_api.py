#!/usr/bin/env python3
"""tests/serve/test_api.py: ingroei serve's JSON API, end to end (ctest serve_api).

Usage: test_api.py --cli build/ingroei    (from the repository root)

Starts `ingroei serve --port 0` (any free port, read from its first line) and drives it
with http.client: every endpoint (the page and its assets as the files of engine/serve;
the borders as the geometry file's points and herindelingen; the resolved scenario,
which `ingroei run` turns into the API's bytes; explain, equal to `ingroei explain` but
for the receipt, which names the request), every class of error (malformed JSON, an unknown key
and a quoted number with their JSON paths and the scenario file's own message, a field
that names a file, a body too large, nesting too deep, too many years, 404, 405, 503 when
too many requests are open, 408 for a body sent too slowly, an idle connection closed), determinism (the same request
gives the same bytes, also while other requests run at the same time), and, for every
scenario in scenarios/*.yaml, allocations.csv and budget.csv of /api/compute equal to
those `ingroei run` writes, byte for byte, and the page's compact answer (?format=page)
rebuilding every row of both, column by column. Last, SIGTERM stops the server with status 0.
Standard library only.
"""
import argparse
import concurrent.futures
import csv
import decimal
import io
import glob
import hashlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

FAILURES = []
EMPTY_SHA = hashlib.sha256(b'').hexdigest()
MAX_REQUESTS = 4
TIMEOUT = 2


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print('FAIL: ' + what, file=sys.stderr)
    return cond


class Server:
    def __init__(self, cli, tmpdir=None):
        env = dict(os.environ)
        if tmpdir:  # where the workbooks' private directories go (and must not stay)
            env['TMPDIR'] = tmpdir
        self.proc = subprocess.Popen(
            [cli, 'serve', '--port', '0', '--scenario', 'scenarios/default.yaml',
             '--max-requests', str(MAX_REQUESTS), '--timeout', str(TIMEOUT)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        line = self.proc.stdout.readline()
        if not line.startswith('open http://127.0.0.1:'):
            self.proc.kill()
            raise SystemExit('serve did not start: %r %s' % (line, self.proc.stderr.read()))
        self.port = int(line.split(':')[2].split('/')[0])
        check(line.strip().endswith('; Ctrl-C stops it'), 'the first line says how to stop: ' + line)

    def request(self, method, path, body=None, headers=None):
        c = http.client.HTTPConnection('127.0.0.1', self.port, timeout=60)
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        h = dict(headers or {})
        if body is not None:
            h.setdefault('Content-Type', 'application/json')
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, dict(r.getheaders()), data


def error_of(status, data):
    """The error object of an error answer, checked for its form."""
    try:
        e = json.loads(data)['error']
    except (ValueError, KeyError, TypeError):
        check(False, 'an error answer is JSON with "error": %r' % data[:200])
        return {'status': None, 'message': '', 'path': None}
    check(e.get('status') == status, 'the error names its status %d: %r' % (status, e))
    check(isinstance(e.get('message'), str) and e['message'], 'the error has a message: %r' % e)
    check('path' in e, 'the error has a path (or null): %r' % e)
    return e


def cli_run(cli, scenario, out):
    r = subprocess.run([cli, 'run', scenario, '-o', out, '--no-plots'], capture_output=True,
                       text=True)
    if r.returncode != 0:
        raise SystemExit('ingroei run %s failed: %s' % (scenario, r.stderr))
    with open(os.path.join(out, 'allocations.csv'), 'rb') as f:
        alloc = f.read()
    with open(os.path.join(out, 'budget.csv'), 'rb') as f:
        budget = f.read()
    return alloc, budget


def per_inhabitant(amount, inhabitants):
    """A figure per inhabitant as allocations.csv writes it (ig_per_inhabitant_cell): the
    quotient in double, times 100, rounded half away from zero; empty without
    inhabitants. The page derives verschil_per_inwoner so from the compact answer."""
    if inhabitants <= 0:
        return ''
    c = int(decimal.Decimal(amount / inhabitants * 100.0).quantize(
        decimal.Decimal(1), rounding=decimal.ROUND_HALF_UP))
    return '%s%d.%02d' % ('-' if c < 0 else '', abs(c) // 100, abs(c) % 100)


def scaled(v, decimals):
    """An integer of the compact answer in units of 10^-decimals, as the CSV writes it."""
    return '%s%d.%0*d' % ('-' if v < 0 else '', abs(v) // 10 ** decimals, decimals,
                          abs(v) % 10 ** decimals)


def check_page(name, data, alloc, budget):
    """?format=page holds the numbers of allocations.csv and budget.csv that the page
    shows, as integers, and what it leaves out is derived exactly: every row of the CSV
    files rebuilt from it, column by column, as the same text."""
    try:
        p = json.loads(data)
    except ValueError:
        return check(False, '%s: the compact answer is JSON: %r' % (name, data[:100]))
    g, y, a = p['gemeenten'], p['years'], p['allocations']
    same = sum(1 for c in a for t, line in enumerate(a[c]) if t and line == [])
    for c in a:  # [] is the year before's list
        for t in range(1, len(a[c])):
            if a[c][t] == []:
                a[c][t] = a[c][t - 1]
            elif a[c][t] == a[c][t - 1]:
                check(False, '%s: %s of year %d is the year before\'s, sent whole' % (name, c, t))
    cols = ('inwoners', 'historisch', 'objectief', 'volledig_historisch',
            'verschil_met_historisch', 'volledig_objectief', 'effect_cap', 'cap_geraakt')
    check(sorted(a) == sorted(cols) and sorted(g) == ['code', 'naam', 'provincie'],
          '%s: the compact answer\'s columns: %r' % (name, sorted(a)))
    ints = all(type(v) is int for c in cols for line in a[c] for v in line) and all(
        type(v) is int for c in y for v in y[c])
    check(ints, '%s: the compact answer\'s numbers are all integers' % name)
    rows = list(csv.DictReader(io.StringIO(alloc.decode('utf-8'))))
    ng, ny = len(g['code']), len(y['jaar'])
    check(len(rows) == ng * ny and all(len(a[c]) == ny and all(len(x) == ng for x in a[c])
                                       for c in cols),
          '%s: %d gemeenten x %d years, as allocations.csv has %d rows' % (name, ng, ny, len(rows)))
    bad = []
    for k, r in enumerate(rows):
        t, i = divmod(k, ng)
        total = a['volledig_historisch'][t][i] + a['verschil_met_historisch'][t][i]
        cap = a['cap_geraakt'][t][i]
        got = {'jaar': str(y['jaar'][t]), 'gemeentecode': g['code'][i],
               'gemeentenaam': g['naam'][i], 'provincie': g['provincie'][i],
               'aandeel_objectief': scaled(y['aandeel_objectief_miljoenste'][t], 6),
               'totaal': str(total), 'totaal_zonder_cap': str(total - a['effect_cap'][t][i]),
               'verschil_per_inwoner': per_inhabitant(a['verschil_met_historisch'][t][i],
                                                      a['inwoners'][t][i]),
               'cap_geraakt': 'verlies' if cap < 0 else 'winst' if cap > 0 else ''}
        for c in cols[:-1]:
            got[c] = str(a[c][t][i])
        wrong = [c for c in got if got[c] != r[c]]
        if wrong:
            bad.append((r['jaar'], r['gemeentecode'], [(c, got[c], r[c]) for c in wrong]))
    check(not bad, '%s: every row of allocations.csv from the compact answer (%d wrong): %r'
          % (name, len(bad), bad[:3]))
    bad = []
    for t, r in enumerate(csv.DictReader(io.StringIO(budget.decode('utf-8')))):
        active = y['cap_actief'][t]
        got = {'jaar': str(y['jaar'][t]), 'budget': str(y['budget'][t]),
               'som_toegekend': str(y['som_toegekend'][t]),
               'aandeel_objectief': scaled(y['aandeel_objectief_miljoenste'][t], 6),
               'cap_actief': 'ja' if active else 'nee',
               'cap_haalbaar': '' if not active else 'ja' if y['cap_haalbaar'][t] else 'nee',
               'gemeenten_op_verliescap': str(y['gemeenten_op_verliescap'][t]),
               'gemeenten_op_wincap': str(y['gemeenten_op_wincap'][t]),
               'schaal_winsten': scaled(y['schaal_winsten_miljardste'][t], 9)}
        wrong = [(c, got[c], r[c]) for c in got if got[c] != r[c]]
        if wrong:
            bad.append(wrong)
    check(not bad and len(y['jaar']) == ny, '%s: the years of budget.csv from the compact answer: %r'
          % (name, bad[:3]))
    p['same_as_before'] = same
    return p


def cli_message(cli, yaml_text, tmp):
    """The message `ingroei run` gives for a scenario file, without file:line:column."""
    path = os.path.join(tmp, 'bad.yaml')
    with open(path, 'w', encoding='utf-8') as f:
        f.write(yaml_text)
    r = subprocess.run([cli, 'run', path, '-o', os.path.join(tmp, 'out')], capture_output=True,
                       text=True)
    check(r.returncode == 1, 'ingroei run refuses the bad scenario: %s' % r.stderr)
    line = r.stderr.strip().splitlines()[0]
    prefix = 'ingroei: ' + path + ':'
    check(line.startswith(prefix), 'the CLI names the file: ' + line)
    rest = line[len(prefix):]
    return rest.split(': ', 1)[1]  # after "line:column"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--cli', required=True)
    cli = os.path.abspath(ap.parse_args().cli)
    tmp = tempfile.mkdtemp(prefix='ingroei-serve-test-')
    os.makedirs(os.path.join(tmp, 'server-tmp'))
    srv = Server(cli, os.path.join(tmp, 'server-tmp'))
    try:
        run_tests(cli, srv, tmp)
    finally:
        if srv.proc.poll() is None:
            srv.proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    if FAILURES:
        print('%d failure(s)' % len(FAILURES), file=sys.stderr)
        return 1
    print('serve_api: all checks passed')
    return 0


def run_tests(cli, srv, tmp):
    # ---- GET endpoints
    st, h, data = srv.request('GET', '/api/openapi.json')
    check(st == 200 and h.get('Content-Type') == 'application/json', 'openapi.json is served')
    doc = json.loads(data)
    check(doc['openapi'].startswith('3.'), 'an OpenAPI 3 document')
    for p in ('/', '/api/openapi.json', '/api/version', '/api/gemeenten', '/api/scenarios',
              '/api/geometry', '/api/compute', '/api/compare', '/api/explain', '/api/keys',
              '/api/maatstaven'):
        check(p in doc['paths'], 'openapi.json describes ' + p)
    fmt = next(x for x in doc['paths']['/api/compute']['post']['parameters'] if x['name'] == 'format')
    check('page' in fmt['schema']['enum'] and 'Page' in doc['components']['schemas'],
          'openapi.json describes the compact answer (format=page)')

    st, h, data = srv.request('GET', '/api/version')
    v = json.loads(data)
    version = subprocess.run([cli, '--version'], capture_output=True, text=True).stdout.split()[1]
    check(st == 200 and v['version'] == version, 'version %r' % v.get('version'))
    check(v['dataset'] == 'nl' and v['illustrative'], 'the dataset and its notice')
    check(len(v['inputs']) >= 5, 'the receipt lists the inputs')
    for item in v['inputs']:
        with open(os.path.join('scenarios', item['file']), 'rb') as f:
            check(hashlib.sha256(f.read()).hexdigest() == item['sha256'],
                  'SHA-256 of ' + item['file'])

    st, h, data = srv.request('GET', '/api/gemeenten')
    g = json.loads(data)['gemeenten']
    check(st == 200 and len(g) == 342, '342 gemeenten, got %d' % len(g))
    alloc_default, _ = cli_run(cli, 'scenarios/default.yaml', os.path.join(tmp, 'default'))
    rows = list(csv.reader(io.StringIO(alloc_default.decode())))[1:]
    by_code = {x['code']: x for x in g}
    for r in rows:
        x = by_code.get(r[1])
        if not check(x is not None, 'gemeente %s listed' % r[1]):
            continue
        check(x['name'] == r[2] and x['province'] == r[3],
              'name and province of %s' % r[1])
        check(x['inhabitants'][r[0]] == int(r[4]), 'inhabitants of %s in %s' % (r[1], r[0]))

    st, h, data = srv.request('GET', '/api/scenarios')
    sc = json.loads(data)
    check(st == 200 and sc['start'] == 'default', 'the starting scenario is default')
    shipped = {x['name']: x['scenario'] for x in sc['scenarios']}
    files = sorted(os.path.basename(p)[:-5] for p in glob.glob('scenarios/*.yaml'))
    check(sorted(shipped) == files, 'every shipped scenario is listed: %s' % sorted(shipped))
    check('objectief_illustratief' in sc['models'], 'models are listed by name')
    check(shipped['default']['objective_key'] == 'objectief_illustratief'
          and shipped['default']['dataset'] == 'nl'
          and shipped['default']['regions'] == 'regios_beschermd_wonen',
          'files are named by name: %r' % {k: shipped['default'].get(k) for k in
                                           ('dataset', 'objective_key', 'regions')})

    # ---- the page and its script and stylesheet, compiled in
    for path, kind, marker in (('/', 'text/html', b'<html lang="nl">'),
                               ('/werkbank.js', 'text/javascript', b'/api/compute'),
                               ('/werkbank.css', 'text/css', b'#wb-kaart')):
        st, h, data = srv.request('GET', path)
        check(st == 200 and h.get('Content-Type', '').startswith(kind) and marker in data,
              'the page serves %s (%d, %s)' % (path, st, h.get('Content-Type')))
        ext = os.path.splitext(path)[1] or '.html'
        with open('engine/serve/werkbank' + ext, 'rb') as f:
            check(data == f.read(), '%s is the file of engine/serve, byte for byte' % path)
    st, h, data = srv.request('POST', '/werkbank.js', '{}')
    check(st == 405 and h.get('Allow') == 'GET', 'the script takes GET only')

    # ---- the borders: every gemeente of the starting scenario, from the geometry file
    st, h, data = srv.request('GET', '/api/geometry')
    geo = json.loads(data)
    check(st == 200 and geo['year'] == 2025 and len(geo['gemeenten']) == 342,
          'geometry: %d, %d gemeenten' % (st, len(geo.get('gemeenten', []))))
    check(sorted(x['code'] for x in geo['gemeenten']) == sorted(x['code'] for x in g),
          'geometry: the gemeenten of the starting scenario, each once')
    geo_file = 'models/nl/gemeenten_geometrie_2025.csv'
    with open(geo_file, 'rb') as f:
        raw = f.read()
    check(geo['sha256'] == hashlib.sha256(raw).hexdigest(), 'geometry: the file\'s SHA-256')
    check(any('CC BY 4.0' in line for line in geo['source']), 'geometry: its licence')
    points = {}
    for r in csv.DictReader(line for line in io.StringIO(raw.decode()) if not line.startswith('#')):
        points.setdefault((r['gemeentecode'], int(r['deel']), int(r['ring'])), []).append(
            (round(float(r['lon']), 5), round(float(r['lat']), 5)))
    rings = {}
    for x in geo['gemeenten']:
        for i, ring in enumerate(x['rings']):
            rings[(x['code'], i)] = list(zip(ring[0::2], ring[1::2]))
    check(sum(len(v) for v in rings.values()) == sum(len(v) for v in points.values()) and
          len(rings) == len(points), 'geometry: every point of every ring of the file')
    ams = [v for k, v in points.items() if k[0] == 'GM0363']
    check([rings[('GM0363', i)] for i in range(len(ams))] == ams,
          'geometry: Amsterdam\'s rings are the file\'s points in order')
    with open('models/nl/herindelingen.csv', encoding='utf-8') as f:
        merges = [{'from': r['oude_code'], 'to': r['nieuwe_code'], 'date': r['datum']}
                  for r in csv.DictReader(line for line in f if not line.startswith('#'))]
    check(sorted(geo['merges'], key=json.dumps) == sorted(merges, key=json.dumps) and merges,
          'geometry: the herindelingen of the dataset: %r' % geo['merges'][:2])

    # ---- the API's tables are the CLI's bytes, for every example scenario
    reference = {}
    for name in files:
        alloc, budget = cli_run(cli, 'scenarios/%s.yaml' % name, os.path.join(tmp, name))
        st, h, got = srv.request('POST', '/api/compute?format=csv', shipped[name])
        check(st == 200 and h.get('Content-Type', '').startswith('text/csv'),
              '%s: CSV answered (%d)' % (name, st))
        check(got == alloc, '%s: allocations.csv of the API equals the CLI\'s byte for byte'
              % name)
        st, h, got = srv.request('POST', '/api/compute?format=budget-csv', shipped[name])
        check(got == budget, '%s: budget.csv of the API equals the CLI\'s' % name)
        reference[name] = alloc
        # the page's compact answer: the same numbers, and the JSON answer's labels
        st, h, got = srv.request('POST', '/api/compute?format=page', shipped[name])
        check(st == 200 and h.get('Content-Type') == 'application/json',
              '%s: the compact answer (%d)' % (name, st))
        page = check_page(name, got, alloc, budget)
        if name == 'herijking_cap':  # 2026-2031 count the inhabitants of 2025, one budget
            check(page and page['same_as_before'] >= 3 * 6, 'herijking_cap: the compact answer '
                  'sends a year the same as the one before as []: %d' % page['same_as_before'])
        full = json.loads(srv.request('POST', '/api/compute', shipped[name])[2])
        check(page and all(page[k] == full.get(k) for k in ('scenario', 'illustrative')) and
              'own_key' not in page, '%s: the compact answer\'s scenario and notice are the JSON '
              'answer\'s' % name)
        check(srv.request('POST', '/api/compute?format=page', shipped[name])[2] == got,
              '%s: the same request, the same compact answer' % name)

    # other years than any shipped scenario: data loaded for the request, then kept
    longer = json.loads(json.dumps(shipped['herijking_cap']))
    longer['years']['last'] = 2034
    longer['cap']['max_loss_per_inhabitant'].update({'2032': 15, '2033': 15, '2034': 15})
    with open('scenarios/herijking_cap.yaml', encoding='utf-8') as f:
        text = f.read()
    models = os.path.abspath('models')
    text = (text.replace('last: 2031}', 'last: 2034}')
            .replace('    2031: 15.00\n', '    2031: 15.00\n    2032: 15\n    2033: 15\n    2034: 15\n')
            .replace('../models', models))
    os.makedirs(os.path.join(tmp, 'longer'))
    path = os.path.join(tmp, 'longer', 'longer.yaml')
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
    alloc, _ = cli_run(cli, path, os.path.join(tmp, 'longer', 'out'))
    for attempt in ('loaded', 'kept'):
        st, h, got = srv.request('POST', '/api/compute?format=csv', longer)
        check(st == 200 and got == alloc,
              'years 2021-2034 (%s): the API equals the CLI byte for byte' % attempt)

    # inputs per year are loaded data too: the default scenario with the published amounts
    # of 2023 is not computed on the default scenario's loaded run
    per_year = json.loads(json.dumps(shipped['default']))
    per_year['historical_per_year'] = {'2023': 'mei 2022'}
    with open('scenarios/default.yaml', encoding='utf-8') as f:
        text = f.read().replace('../models', models) + 'historical_per_year: {2023: mei 2022}\n'
    os.makedirs(os.path.join(tmp, 'per_year'))
    path = os.path.join(tmp, 'per_year', 'per_year.yaml')
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
    alloc, _ = cli_run(cli, path, os.path.join(tmp, 'per_year', 'out'))
    check(alloc != reference['default'], 'the published amounts of 2023 change the allocation')
    for attempt in ('loaded', 'kept'):
        st, h, got = srv.request('POST', '/api/compute?format=csv', per_year)
        check(st == 200 and got == alloc,
              'historical_per_year (%s): the API equals the CLI byte for byte' % attempt)

    # ---- the resolved scenario (?format=yaml): run by the CLI, the same bytes
    variant = json.loads(json.dumps(shipped['herijking_cap']))
    variant['path'] = {'type': 's-curve', 'start': 2023, 'end': 2030, 'steepness': 1.5}
    variant['cap']['max_gain_per_inhabitant'] = 40
    st, h, text = srv.request('POST', '/api/compute?format=yaml', variant)
    check(st == 200 and h.get('Content-Type', '').startswith('application/yaml'),
          'the resolved scenario as YAML (%d)' % st)
    text = text.decode()
    check('type: s-curve' in text and 'midpoint: 2026' in text and 'max_gain_per_inhabitant' in text,
          'the YAML is the request\'s scenario, every default explicit')
    body = json.dumps(variant)
    check(hashlib.sha256(body.encode()).hexdigest() in text and 'acht_jaar' not in text,
          'the YAML\'s receipt names the request (the SHA-256 of its body), not a shipped file')
    os.makedirs(os.path.join(tmp, 'resolved'))
    path = os.path.join(tmp, 'resolved', 'werkbank.yaml')
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text.replace('"../models', '"' + models))
    alloc, budget = cli_run(cli, path, os.path.join(tmp, 'resolved', 'out'))
    st, h, got = srv.request('POST', '/api/compute?format=csv', variant)
    check(st == 200 and got == alloc, 'the YAML run by the CLI gives the API\'s allocations.csv')
    st, h, got = srv.request('POST', '/api/compute?format=budget-csv', variant)
    check(st == 200 and got == budget, 'and its budget.csv')

    # ---- explain: the text and JSON of `ingroei explain`, for a shipped scenario
    for fmt, extra in (('text', []), ('json', ['--json'])):
        want = subprocess.run([cli, 'explain', 'scenarios/herijking_cap.yaml', '--gemeente',
                               'GM0363', '--year', '2026'] + extra, capture_output=True,
                              check=True).stdout
        st, h, got = srv.request('POST', '/api/explain?format=' + fmt,
                                 {'scenario': shipped['herijking_cap'], 'gemeente': 'Amsterdam',
                                  'year': 2026})
        check(st == 200, 'explain (%s): %d %r' % (fmt, st, got[:300]))
        # the CLI names the scenario file, the API the request: the rest is the same chain
        a = [line for line in want.decode().splitlines() if 'herijking_cap.yaml' not in line
             and 'sha256' not in line and 'input file' not in line]
        b = [line for line in got.decode().splitlines() if 'sha256' not in line
             and 'input file' not in line and '.yaml' not in line]
        receipt = got.decode()
        check('acht_jaar' not in receipt and EMPTY_SHA not in receipt,
              'explain (%s): the receipt names the request\'s scenario, not a shipped one' % fmt)
        if fmt == 'json':
            first = json.loads(got)['steps'][1]
            check(first['key'] == 'input.1' and first['value'] == 'scenario' and
                  first['source'] == shipped['herijking_cap']['name'],
                  'explain: input 1 is the request\'s scenario: %r' % first)
            check(h.get('Content-Type') == 'application/json' and
                  json.loads(got)['title'].startswith('GM0363 Amsterdam (Noord-Holland), 2026'),
                  'explain JSON: %r' % got[:200])
            steps = {x['key']: x for x in json.loads(got)['steps']}
            cli_steps = {x['key']: x for x in json.loads(want)['steps']}
            same = [k for k in cli_steps if not k.startswith(('input', 'scenario'))]
            check(len(same) > 20 and all(steps.get(k) == cli_steps[k] for k in same),
                  'explain JSON: every step but the inputs as the CLI gives it: %r' %
                  [k for k in same if steps.get(k) != cli_steps[k]][:5])
        else:
            check(h.get('Content-Type', '').startswith('text/plain') and a == b,
                  'explain text equals the CLI\'s but for the inputs: %r' %
                  [x for x in zip(a, b) if x[0] != x[1]][:3])
    st, h, data = srv.request('POST', '/api/explain', {'scenario': shipped['herijking_cap'],
                                                        'gemeente': 'GM0363', 'year': 2040})
    e = error_of(st, data)
    check(st == 422 and e['path'] == '$.year' and '2021-2031' in e['message'],
          'explain: a year outside the scenario: %r' % e)
    st, h, data = srv.request('POST', '/api/explain', {'scenario': shipped['default'],
                                                        'gemeente': 'Amsterdm', 'year': 2025})
    e = error_of(st, data)
    check(st == 422 and e['path'] == '$.gemeente' and 'Amsterdam' in e['message'],
          'explain: an unknown gemeente, with a suggestion: %r' % e)
    for body, path, words in (
            ({'scenario': shipped['default'], 'gemeente': 'GM0363'}, '$', "missing key 'year'"),
            ({'scenario': shipped['default'], 'gemeente': 'GM0363', 'year': 2025, 'x': 1}, '$.x',
             "unknown key 'x'"),
            ({'scenario': shipped['default'], 'gemeente': 363, 'year': 2025}, '$.gemeente',
             'expected a gemeentecode'),
            ({'scenario': shipped['default'], 'gemeente': 'GM0363', 'year': '2025'}, '$.year',
             'expected a whole number'),
            ({'scenario': dict(shipped['default'], rounding='nearest'), 'gemeente': 'GM0363',
              'year': 2025}, '$.scenario.rounding', 'rounding:'),
            ([1], '$', 'expected an object')):
        st, h, data = srv.request('POST', '/api/explain', body)
        e = error_of(st, data)
        check(st == 422 and e['path'] == path and words in e['message'],
              'explain refuses %r: %r' % (body if not isinstance(body, dict) else
                                          {k: v for k, v in body.items() if k != 'scenario'}, e))
    st, h, data = srv.request('POST', '/api/explain', '{"year": 2025,')
    check(st == 400 and error_of(st, data)['message'].startswith('malformed JSON'),
          'explain: malformed JSON')
    st, h, data = srv.request('POST', '/api/explain', '[' * 40 + ']' * 40)
    check(st == 400 and 'nested more than 32' in error_of(st, data)['message'], 'explain: too deep')
    st, h, data = srv.request('POST', '/api/explain?format=pdf', {})
    check(st == 400 and 'unknown format' in error_of(st, data)['message'], 'explain: format')
    # in Dutch (?lang=nl): the same steps, keys and numbers, Dutch words; lang=en is the default
    body = {'scenario': shipped['herijking_cap'], 'gemeente': 'Vlissingen', 'year': 2026}
    en = [srv.request('POST', '/api/explain?format=%s%s' % (f, lang), body)[2]
          for f in ('text', 'json') for lang in ('', '&lang=en')]
    check(en[0] == en[1] and en[2] == en[3], 'explain: lang=en is the default')
    st, h, text = srv.request('POST', '/api/explain?format=text&lang=nl', body)
    text = text.decode()
    check(st == 200 and text.startswith('GM0718 Vlissingen (Zeeland), 2026: de toekenning en hoe '
                                        'die ontstaat\n') and
          '  deze gemeente in 2026: op haar verliesplafond gehouden\n' in text and
          '\nLET OP: De offici\u00eble maatstaven' in text and 'NOTE:' not in text,
          'explain in Dutch: %r' % text[:300])
    st, h, data = srv.request('POST', '/api/explain?lang=nl', body)
    nl, en_steps = json.loads(data)['steps'], json.loads(en[2])['steps']
    check(st == 200 and [x['key'] for x in nl] == [x['key'] for x in en_steps] and
          all(a['value'] == b['value'] for a, b in zip(nl, en_steps)
              if not isinstance(a['value'], str)) and
          next(x for x in nl if x['key'] == 'allocation')['label'] == 'TOEKENNING 2026',
          'explain in Dutch as JSON: the same keys and numbers, Dutch labels')
    st, h, data = srv.request('POST', '/api/explain?lang=fr', body)
    check(st == 400 and 'unknown lang' in error_of(st, data)['message'], 'explain: lang')
    st, h, data = srv.request('GET', '/api/explain')
    check(st == 405 and h.get('Allow') == 'POST', 'explain takes POST')
    st, h, data = srv.request('POST', '/api/geometry', '{}')
    check(st == 405 and h.get('Allow') == 'GET', 'geometry takes GET')

    # ---- the JSON answer holds the same numbers
    st, h, data = srv.request('POST', '/api/compute', shipped['herijking_cap'])
    j = json.loads(data, parse_float=lambda text: text)  # decimals as written
    check(st == 200 and j['scenario']['cap'] is True and j['illustrative'], 'compute JSON')
    csv_rows = list(csv.reader(io.StringIO(reference['herijking_cap'].decode())))
    check(j['allocations']['columns'] == csv_rows[0], 'the columns of allocations.csv')
    check(len(j['allocations']['rows']) == len(csv_rows) - 1 == 342 * 11,
          'a row per gemeente per year')
    for row, line in zip(j['allocations']['rows'], csv_rows[1:]):
        as_text = ['' if v is None else str(v) for v in row]
        if not check(as_text == line, 'row %s as in the CSV: %r %r' % (row[:2], as_text, line)):
            break
    yc = j['years']['columns']
    check(len(j['years']['rows']) == 11 and 'cap_actief' in yc and 'som_toegekend' in yc,
          'totals and cap per year')

    # ---- errors, each with its class and path
    st, h, data = srv.request('POST', '/api/compute', '{"scenario": 1,')
    e = error_of(st, data)
    check(st == 400 and e['message'].startswith('malformed JSON at line 1, column'),
          'malformed JSON: %r' % e)
    st, h, data = srv.request('POST', '/api/compute', '{"name": "a", "name": "b"}')
    e = error_of(st, data)
    check(st == 400 and 'duplicate' in e['message'], 'duplicate key: %r' % e)

    bad = json.loads(json.dumps(shipped['default']))
    bad['path']['strat'] = 2022
    st, h, data = srv.request('POST', '/api/compute', bad)
    e = error_of(st, data)
    with open('scenarios/default.yaml', encoding='utf-8') as f:
        default_text = f.read().replace('../models', models)
    want = cli_message(cli, default_text.replace('  type: linear\n', '  type: linear\n  strat: 2022\n'),
                       tmp)
    check(st == 422 and e['path'] == '$.path.strat' and e['message'] == want,
          'unknown key: %r, the file reader says %r' % (e, want))

    capped = json.loads(json.dumps(shipped['herijking_cap']))
    capped['cap']['max_loss_per_inhabitant']['2024'] = '15'
    st, h, data = srv.request('POST', '/api/compute', capped)
    e = error_of(st, data)
    with open('scenarios/herijking_cap.yaml', encoding='utf-8') as f:
        cap_text = f.read().replace('../models', models)
    want = cli_message(cli, cap_text.replace('    2024: 15.00', '    2024: "15"'), tmp)
    check(st == 422 and e['path'] == '$.cap.max_loss_per_inhabitant.2024' and
          e['message'] == want, 'quoted number: %r, the file reader says %r' % (e, want))

    for key, value in (('objective_key', '/etc/passwd'),
                       ('objective_key', '../models/nl/bw/objectief_illustratief.yaml'),
                       ('historical_key', 'historisch_sep2024_2025.yaml'),
                       ('dataset', '/tmp'), ('dataset', '..'), ('regions', 42),
                       ('regions', '../models/nl/regios_beschermd_wonen.csv')):
        bad = json.loads(json.dumps(shipped['default']))
        bad[key] = value
        st, h, data = srv.request('POST', '/api/compute', bad)
        e = error_of(st, data)
        check(st == 422 and e['path'] == '$.' + key and 'never by path' in e['message'],
              'a path in %s is refused: %r' % (key, e))

    # an error about a file of the dataset names it within the dataset, never the
    # server's directories
    early = json.loads(json.dumps(shipped['default']))
    early['boundaries'] = 2021
    st, h, data = srv.request('POST', '/api/compute', early)
    e = error_of(st, data)
    check(st == 422 and 'nl/gemeentefonds/volumina_sep2024_2025.csv (line' in e['message'] and
          os.getcwd() not in e['message'] and 'GM1980' in e['message'],
          'boundaries the data cannot be put on: %r' % e)

    many = json.loads(json.dumps(shipped['default']))
    many['years'] = {'first': 2021, 'last': 2095}
    st, h, data = srv.request('POST', '/api/compute', many)
    e = error_of(st, data)
    check(st == 422 and e['path'] == '$.years' and 'more than the 60' in e['message'],
          'too many years: %r' % e)

    # several regelingen: refused before anything is read (its entries name key files)
    multi = json.loads(json.dumps(shipped['default']))
    for k in ('budget', 'historical_key', 'objective_key'):
        multi.pop(k, None)
    multi['regelingen'] = [{'regeling': 'x', 'historical_key': '/etc/passwd',
                            'objective_key': '/etc/passwd', 'budget': {}}]
    st, h, data = srv.request('POST', '/api/compute', multi)
    e = error_of(st, data)
    check(st == 422 and e['path'] == '$.regelingen' and 'not served yet' in e['message'],
          'several regelingen refused at their path: %r' % e)

    st, h, data = srv.request('POST', '/api/compute', '[' * 40 + ']' * 40)
    e = error_of(st, data)
    check(st == 400 and 'nested more than 32' in e['message'], 'too deep: %r' % e)

    # a body announced too large is refused before it is read
    s = socket.create_connection(('127.0.0.1', srv.port))
    s.sendall(b'POST /api/compute HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n'
              b'Content-Length: 1048577\r\n\r\n')
    s.settimeout(10)
    answer = b''
    while True:
        piece = s.recv(65536)
        if not piece:
            break
        answer += piece
    s.close()
    head, _, data = answer.partition(b'\r\n\r\n')
    st = int(head.split()[1])
    e = error_of(st, data)
    check(st == 413 and 'larger than 1048576' in e['message'], 'too large (announced): %r' % e)
    # and one sent in chunks, without a length, once it passes the limit
    c = http.client.HTTPConnection('127.0.0.1', srv.port, timeout=60)
    c.request('POST', '/api/compute', body=(b'x' * 65536 for _ in range(17)),
              headers={'Content-Type': 'application/json'}, encode_chunked=True)
    r = c.getresponse()
    st, data = r.status, r.read()
    c.close()
    e = error_of(st, data)
    check(st == 413 and 'larger than 1048576' in e['message'], 'too large (chunked): %r' % e)

    st, h, data = srv.request('GET', '/api/nothing')
    check(st == 404 and error_of(st, data)['message'].startswith('no such endpoint'), '404')
    st, h, data = srv.request('GET', '/api/compute')
    check(st == 405 and h.get('Allow') == 'POST', '405 with Allow: %r' % h)
    error_of(st, data)
    st, h, data = srv.request('DELETE', '/api/version')
    check(st == 405 and h.get('Allow') == 'GET', '405 for DELETE')
    st, h, data = srv.request('POST', '/api/compute?format=xml', shipped['default'])
    e = error_of(st, data)
    check(st == 400 and 'unknown format' in e['message'] and 'yaml' in e['message'] and
          'page' in e['message'], 'unknown format: %r' % e)
    # the compact answer refuses what the JSON answer refuses, with the same error
    for what, body in (('malformed JSON', '{"scenario": 1,'), ('a quoted number', capped),
                       ('a path in objective_key', dict(shipped['default'], objective_key='/etc/passwd')),
                       ('too many years', many)):
        want = srv.request('POST', '/api/compute', body)
        got = srv.request('POST', '/api/compute?format=page', body)
        check(got[0] == want[0] and got[0] in (400, 422) and got[2] == want[2],
              'format=page: %s gives the JSON answer\'s error: %r, %r' % (what, got[2], want[2]))
    st, h, data = srv.request('POST', '/api/compute?format=page&gemeente=Zwolle', shipped['default'])
    check(st == 400 and 'only the workbook' in error_of(400, data)['message'],
          'format=page with gemeente: 400')

    # ---- compare
    st, h, data = srv.request('POST', '/api/compare',
                              {'baseline': shipped['default'], 'scenario': shipped['herijking_cap']})
    c = json.loads(data)
    check(st == 200 and len(c['differences']['rows']) == 342 * 11, 'compare: %d' % st)
    ti = csv_rows[0].index('totaal')
    scen = {(r[0], r[1]): int(r[ti]) for r in csv_rows[1:]}
    base = {(r[0], r[1]): int(r[ti]) for r in
            list(csv.reader(io.StringIO(reference['default'].decode())))[1:]}
    for row in c['differences']['rows']:
        key = (str(row[0]), row[1])
        if not check(row[4] == base[key] and row[5] == scen[key] and row[6] == row[5] - row[4],
                     'compare: %s totals from the CSVs and their difference' % (key,)):
            break
    st, h, data = srv.request('POST', '/api/compare', {'baseline': shipped['default']})
    e = error_of(st, data)
    check(st == 422 and "missing key 'scenario'" in e['message'], 'compare without scenario')
    bad = json.loads(json.dumps(shipped['default']))
    bad['rounding'] = 'nearest'
    st, h, data = srv.request('POST', '/api/compare', {'baseline': shipped['default'], 'scenario': bad})
    e = error_of(st, data)
    check(st == 422 and e['path'] == '$.scenario.rounding' and e['message'].startswith('rounding:'),
          'compare: an error in a scenario names its path: %r' % e)

    # ---- determinism, also under concurrent load
    body = json.dumps(shipped['herijking_cap'])
    first = srv.request('POST', '/api/compute', body)[2]
    check(srv.request('POST', '/api/compute', body)[2] == first, 'the same request, the same bytes')

    def one(i):
        name = files[i % len(files)]
        st, h, got = srv.request('POST', '/api/compute?format=csv', shipped[name])
        if st == 503:
            return 'busy'
        return 'same' if st == 200 and got == reference[name] else 'DIFFERENT'

    with concurrent.futures.ThreadPoolExecutor(max_workers=MAX_REQUESTS) as pool:
        outcomes = list(pool.map(one, range(48)))
    print('concurrent: %s' % {o: outcomes.count(o) for o in set(outcomes)})
    check(outcomes.count('same') + outcomes.count('busy') == 48 and outcomes.count('same') >= 24,
          'concurrent requests give the CLI\'s bytes: %s' % {o: outcomes.count(o) for o in set(outcomes)})

    # data for new years loaded by requests at the same time: loaded once, same bytes
    variants = []
    for last in (2036, 2037):
        x = json.loads(json.dumps(shipped['default']))
        x['years']['last'] = last
        variants.append(json.dumps(x))

    def load(i):
        return srv.request('POST', '/api/compute?format=csv', variants[i % 2])

    with concurrent.futures.ThreadPoolExecutor(max_workers=MAX_REQUESTS) as pool:
        answers = list(pool.map(load, range(4 * MAX_REQUESTS)))
    for k in range(2):
        got = {(a[0], a[2]) for i, a in enumerate(answers) if i % 2 == k}
        check(len(got) == 1 and next(iter(got))[0] == 200,
              'years to %d loaded by concurrent requests: one answer, %s' %
              (2036 + k, sorted(st for st, _ in got)))

    # ---- too many requests at once: 503, and the others unaffected
    held = []
    for _ in range(MAX_REQUESTS):
        s = socket.create_connection(('127.0.0.1', srv.port))
        s.sendall(b'POST /api/compute HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n'
                  b'Content-Length: 100\r\n\r\n{"scen')
        held.append(s)
    time.sleep(0.3)
    st, h, data = srv.request('GET', '/api/version')
    e = error_of(st, data)
    check(st == 503 and 'answering 4 requests already' in e['message'], 'busy: 503 (%d)' % st)
    for s in held:
        s.close()
    time.sleep(0.3)
    st, h, data = srv.request('POST', '/api/compute', body)
    check(st == 200 and data == first, 'after the held requests close, answers are whole again')

    # ---- an idle connection is closed after the timeout
    s = socket.create_connection(('127.0.0.1', srv.port))
    s.sendall(b'POST /api/compute HTTP/1.1\r\nHost: x\r\n')
    s.settimeout(TIMEOUT + 5)
    start = time.monotonic()
    try:
        got = s.recv(100)
    except (socket.timeout, ConnectionResetError):
        got = None
    took = time.monotonic() - start
    check(got == b'' and took < TIMEOUT + 4, 'an idle connection is closed after %ds (%.1fs, %r)'
          % (TIMEOUT, took, got))
    s.close()

    # ---- a body sent more slowly than the timeout allows: 408 when it ends
    s = socket.create_connection(('127.0.0.1', srv.port))
    s.sendall(b'POST /api/compute HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n'
              b'Content-Length: 8\r\n\r\n{')
    for _ in range(2 * TIMEOUT + 2):  # a byte every half second: never idle for long
        time.sleep(0.5)
        s.sendall(b' ')
    s.sendall(b'}')
    s.settimeout(10)
    answer = b''
    while b'}}' not in answer:
        piece = s.recv(4096)
        if not piece:
            break
        answer += piece
    s.close()
    head, _, data = answer.partition(b'\r\n\r\n')
    st = int(head.split()[1]) if head else None
    e = error_of(st, data)
    check(st == 408 and 'took longer than %d seconds' % TIMEOUT in e['message'],
          'a body sent too slowly: %r %r' % (st, e))

    # ---- an uploaded key file (POST /api/keys) and GET /api/maatstaven
    maatstaven_tests(srv, tmp)
    upload_tests(cli, srv, tmp, shipped)
    model_upload_tests(cli, srv, tmp, shipped)

    # ---- the receipt and the workbook: `ingroei run`'s bytes for the resolved scenario
    receipt_tests(cli, srv, tmp, shipped, variant)

    # ---- still alive, then a clean stop
    st, h, data = srv.request('GET', '/api/version')
    check(st == 200, 'the server answers after every error')
    srv.proc.send_signal(signal.SIGTERM)
    try:
        code = srv.proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        code = None
    err = srv.proc.stderr.read()
    check(code == 0 and 'serve stopped' in err, 'SIGTERM stops it with status 0: %r %r' % (code, err))


def cli_key_message(cli, key_text, tmp, name):
    """`ingroei run`'s message for a scenario whose objective_key is the key file
    `key_text` (written as `name`), with the file's directory left out."""
    d = os.path.join(tmp, 'keycli')
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'w', encoding='utf-8') as f:
        f.write(key_text)
    with open('tests/keys/eigen_sleutel.yaml', encoding='utf-8') as f:
        text = f.read()
    text = (text.replace('../../models', os.path.abspath('models'))
            .replace('objective_key: inwoners_bedrag.csv', 'objective_key: ' + name))
    path = os.path.join(d, 'k.yaml')
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
    r = subprocess.run([cli, 'run', path, '-o', os.path.join(d, 'out'), '--no-plots'],
                       capture_output=True, text=True)
    check(r.returncode == 1, 'ingroei run refuses the key file %s: %s' % (name, r.stderr))
    line = r.stderr.strip().splitlines()[0]
    return line.replace('ingroei: ', '', 1).replace(d + '/', '')


def cli_resolved(cli, srv, tree, scenario, name, key=None, extra=()):
    """The resolved YAML of `scenario` from the API, saved as werkbank.yaml in a copy of the
    repository's scenarios directory (`tree`/scenarios, beside `tree`/models, so that its
    paths are the same), run by `ingroei run --xlsx` (with the key file `key` beside it):
    (the YAML, summary.json, ingroei.xlsx) of the CLI."""
    st, h, yml = srv.request('POST', '/api/compute?format=yaml', scenario)
    check(st == 200, '%s: the resolved YAML (%d)' % (name, st))
    d = os.path.join(tree, 'scenarios')
    for f in os.listdir(d):
        if f.endswith('.csv'):
            os.remove(os.path.join(d, f))
    if key:
        shutil.copy(key, d)
    with open(os.path.join(d, 'werkbank.yaml'), 'wb') as f:
        f.write(yml)
    out = os.path.join(tree, 'out', name)
    r = subprocess.run([cli, 'run', os.path.join(d, 'werkbank.yaml'), '-o', out, '--no-plots',
                        '--xlsx'] + list(extra), capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit('ingroei run of the resolved %s failed: %s' % (name, r.stderr))
    with open(os.path.join(out, 'summary.json'), 'rb') as f:
        summary = f.read()
    with open(os.path.join(out, 'ingroei.xlsx'), 'rb') as f:
        xlsx = f.read()
    return yml, summary, xlsx


def receipt_tests(cli, srv, tmp, shipped, variant):
    """?format=summary and ?format=xlsx: the receipt and the workbook `ingroei run --xlsx`
    writes for the resolved scenario saved as werkbank.yaml beside the shipped scenarios,
    byte for byte, for every example scenario, a changed one and one with an uploaded key;
    the workbook's private directory is gone after the answer."""
    import zipfile
    tree = os.path.join(tmp, 'tree')
    shutil.copytree('models', os.path.join(tree, 'models'))
    os.makedirs(os.path.join(tree, 'scenarios'))
    cases = [(name, shipped[name], None) for name in sorted(shipped)]
    cases.append(('variant', variant, None))
    with open('tests/keys/inwoners_bedrag.csv', encoding='utf-8') as f:
        st, h, data = srv.request('POST', '/api/keys', {'name': 'inwoners_bedrag.csv',
                                                       'csv': f.read()})
    check(st == 200, 'the key file uploaded (%d)' % st)
    up = json.loads(data)
    own = json.loads(json.dumps(shipped['herijking_cap']))
    own['objective_key'] = up['objective_key']
    cases.append(('own_key', own, 'tests/keys/inwoners_bedrag.csv'))
    # the starting scenario's data: computed on the upload's own loaded run (a fork)
    own_start = json.loads(json.dumps(shipped['default']))
    own_start['objective_key'] = up['objective_key']
    cases.append(('own_key_start', own_start, 'tests/keys/inwoners_bedrag.csv'))
    for name, scenario, key in cases:
        yml, summary, xlsx = cli_resolved(cli, srv, tree, scenario, name, key)
        st, h, got = srv.request('POST', '/api/compute?format=summary', scenario)
        check(st == 200 and h.get('Content-Type') == 'application/json',
              '%s: the receipt answered (%d %r)' % (name, st, got[:300]))
        check(got == summary, '%s: summary.json of the API equals the CLI\'s byte for byte' % name)
        receipt = json.loads(got) if st == 200 else {'inputs': [{}]}
        check(receipt['inputs'][0] == {'file': 'werkbank.yaml',
                                       'sha256': hashlib.sha256(yml).hexdigest(),
                                       'source': scenario['name']},
              '%s: the receipt\'s first input is the resolved YAML: %r' % (name, receipt['inputs'][0]))
        st, h, got = srv.request('POST', '/api/compute?format=xlsx', scenario)
        check(st == 200 and h.get('Content-Type') ==
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
              '%s: the workbook answered (%d %r)' % (name, st, got[:300]))
        check(got == xlsx, '%s: ingroei.xlsx of the API equals the CLI\'s byte for byte (%d and %d '
              'bytes)' % (name, len(got), len(xlsx)))
        check(os.listdir(os.path.join(tmp, 'server-tmp')) == [],
              '%s: the workbook\'s private directory is removed' % name)
        if key:  # labelled with the key file's name and SHA-256, as allocations.csv is
            label = up['label']
            check(receipt['objective_key']['name'] == label and receipt['objective_key']['own_key']
                  and receipt['objective_key']['sha256'] == up['sha256'],
                  'own key: the receipt names the key file and its SHA-256')
            check(any(x['file'] == 'inwoners_bedrag.csv' and x['sha256'] == up['sha256']
                      for x in receipt['inputs']), 'own key: the key file is an input of the receipt')
            with zipfile.ZipFile(io.BytesIO(got)) as z:
                strings = z.read('xl/sharedStrings.xml').decode('utf-8')
            check('Eigen objectieve sleutel: ' + label in strings,
                  'own key: the workbook\'s notice names the key file and its SHA-256')
    # with a gemeente: the workbook of `run --xlsx --gemeente`, with its Gemeente sheet
    yml, summary, xlsx = cli_resolved(cli, srv, tree, variant, 'zwolle', None,
                                      ['--gemeente', 'Zwolle'])
    st, h, got = srv.request('POST', '/api/compute?format=xlsx&gemeente=Zwolle', variant)
    check(st == 200 and got == xlsx,
          'gemeente=Zwolle: the workbook of run --xlsx --gemeente Zwolle, byte for byte (%d)' % st)
    with zipfile.ZipFile(io.BytesIO(got)) as z:
        check('name="Gemeente"' in z.read('xl/workbook.xml').decode(),
              'gemeente=Zwolle: the workbook has the Gemeente sheet')
    st, h, got = srv.request('POST', '/api/compute?format=xlsx&gemeente=Atlantis', variant)
    e = error_of(422, got)
    check(st == 422 and "Atlantis" in e['message'], 'an unknown gemeente: %r' % e)
    st, h, got = srv.request('POST', '/api/compute?format=csv&gemeente=Zwolle', variant)
    check(st == 400 and 'only the workbook' in error_of(400, got)['message'],
          'gemeente with another format: 400')
    bad = json.loads(json.dumps(shipped['default']))
    bad['rounding'] = 'per-euro'
    for fmt in ('xlsx', 'summary'):
        st, h, got = srv.request('POST', '/api/compute?format=' + fmt, bad)
        e = error_of(422, got)
        check(st == 422 and e['path'] == '$.rounding',
              '%s: a bad scenario gives the reader\'s error, not a file: %r' % (fmt, e))


def maatstaven_tests(srv, tmp):
    """GET /api/maatstaven: the keys as summary.json of `ingroei run` gives them."""
    st, h, data = srv.request('GET', '/api/maatstaven')
    m = json.loads(data)
    check(st == 200 and m['start'] == 'default' and len(m['keys']) >= 1,
          'maatstaven: the starting scenario\'s key first (%d)' % st)
    k = m['keys'][0]
    with open(os.path.join(tmp, 'default', 'summary.json'), encoding='utf-8') as f:
        summary = json.load(f)['objective_key']
    check(k['objective_key'] == 'objectief_illustratief' and k['name'] == summary['name'] and
          k['illustrative'] and k['notice'], 'maatstaven: the key, named and labelled')
    with open('models/nl/bw/objectief_illustratief.yaml', 'rb') as f:
        check(k['sha256'] == hashlib.sha256(f.read()).hexdigest(), 'maatstaven: the SHA-256')
    check([(x['code'], round(x['weight'], 4), x['scaled'], x['source']) for x in k['maatstaven']]
          == [(x['code'], x['weight'], x['scaled'], x['source']) for x in summary['maatstaven']]
          and len(k['maatstaven']) == 4, 'maatstaven: codes, weights and sources of summary.json')
    check('default' in k['scenarios'] and all(len(x['scenarios']) for x in m['keys']),
          'maatstaven: the scenarios that use each key')
    st, h, data = srv.request('POST', '/api/maatstaven', '{}')
    check(st == 405, 'maatstaven: GET only')


def upload_tests(cli, srv, tmp, shipped):
    with open('tests/keys/inwoners_bedrag.csv', 'rb') as f:
        key = f.read()
    sha = hashlib.sha256(key).hexdigest()
    before = sorted(os.listdir('scenarios'))
    st, h, data = srv.request('POST', '/api/keys', {'name': 'inwoners_bedrag.csv',
                                                   'csv': key.decode()})
    up = json.loads(data)
    check(st == 200 and len(up['id']) == 32 and up['objective_key'] == 'upload:' + up['id'],
          'upload: an id (%d %r)' % (st, data[:200]))
    check(up['sha256'] == sha and up['name'] == 'inwoners_bedrag.csv' and up['rows'] == 342
          and up['column'] == 'bedrag', 'upload: its name, SHA-256, rows and column')
    check(up['label'] == 'own key: inwoners_bedrag.csv (SHA-256 %s)' % sha, 'upload: its label')
    check(up['source'].startswith('ILLUSTRATIVE, not a published key'), 'upload: its source')
    # the same bytes as `ingroei run` with the key file
    own_dir = os.path.join(tmp, 'own')
    alloc, budget = cli_run(cli, 'tests/keys/eigen_sleutel.yaml', own_dir)
    sc = json.loads(json.dumps(shipped['default']))
    sc['objective_key'] = up['objective_key']
    st, h, got = srv.request('POST', '/api/compute?format=csv', sc)
    check(st == 200 and got == alloc, 'upload: allocations.csv equals `ingroei run` with the key '
          'file, byte for byte (%d)' % st)
    check(got != srv.request('POST', '/api/compute?format=csv', shipped['default'])[2],
          'upload: the numbers are those of the own key, not the shipped one')
    st, h, got = srv.request('POST', '/api/compute?format=budget-csv', sc)
    check(got == budget, 'upload: budget.csv equals the CLI\'s')
    st, h, got = srv.request('POST', '/api/compute', sc)
    j = json.loads(got)
    check(j['own_key'] == {'label': up['label'], 'sha256': sha} and j['illustrative'] is None,
          'upload: the JSON answer is labelled with the key\'s name and SHA-256: %r'
          % j.get('own_key'))
    st, h, got = srv.request('POST', '/api/compute?format=page', sc)
    p = check_page('upload', got, alloc, budget)
    check(p and p['own_key'] == j['own_key'] and p['illustrative'] is None,
          'upload: the compact answer is labelled as the JSON answer is: %r' % (p or {}).get('own_key'))
    # the resolved YAML names the key file beside it and its SHA-256; run beside the file,
    # it gives the same bytes
    st, h, yml = srv.request('POST', '/api/compute?format=yaml', sc)
    text = yml.decode()
    check(st == 200 and 'objective_key: "inwoners_bedrag.csv"' in text and sha in text,
          'upload: the resolved YAML names the key file and its SHA-256')
    d = os.path.join(tmp, 'own_yaml')
    os.makedirs(d)
    shutil.copy('tests/keys/inwoners_bedrag.csv', d)
    with open(os.path.join(d, 'werkbank.yaml'), 'w', encoding='utf-8') as f:
        f.write(text.replace('"../models/', '"%s/' % os.path.abspath('models')))
    got, _ = cli_run(cli, os.path.join(d, 'werkbank.yaml'), os.path.join(d, 'out'))
    check(got == alloc, 'upload: the resolved YAML, run beside the key file, gives the same bytes')
    # inputs per year are loaded data, also beside an uploaded key: the published amounts
    # of 2023 are not left out because the upload's run was loaded without them
    d = os.path.join(tmp, 'own_per_year')
    os.makedirs(d)
    shutil.copy('tests/keys/inwoners_bedrag.csv', d)
    with open('tests/keys/eigen_sleutel.yaml', encoding='utf-8') as f:
        text_py = (f.read().replace('../../models', os.path.abspath('models'))
                   .replace('../keys/', '') + 'historical_per_year: {2023: mei 2022}\n')
    with open(os.path.join(d, 'per_jaar.yaml'), 'w', encoding='utf-8') as f:
        f.write(text_py)
    got_py, _ = cli_run(cli, os.path.join(d, 'per_jaar.yaml'), os.path.join(d, 'out'))
    check(got_py != alloc, 'upload: the published amounts of 2023 change the allocation')
    sc_py = json.loads(json.dumps(sc))
    sc_py['historical_per_year'] = {'2023': 'mei 2022'}
    st, h, got = srv.request('POST', '/api/compute?format=csv', sc_py)
    check(st == 200 and got == got_py, 'upload with historical_per_year: the CLI\'s bytes (%d)' % st)
    # explain and compare on it
    st, h, got = srv.request('POST', '/api/explain', {'scenario': sc, 'gemeente': 'GM0014',
                                                     'year': 2031})
    steps = json.loads(got).get('steps', []) if st == 200 else []
    check(any(str(x.get('value')).endswith('inwoners_bedrag.csv') and sha in x.get('how', '')
              for x in steps),
          'upload: explain lists the key file with its SHA-256 (%d)' % st)
    check(any(x.get('key') == 'maatstaf.bedrag.units' for x in steps),
          'upload: explain shows the key\'s units')
    st, h, got = srv.request('POST', '/api/compare', {'baseline': shipped['default'],
                                                     'scenario': sc})
    check(st == 200, 'upload: compare with the shipped key (%d)' % st)
    # other years than the starting scenario: loaded for the request, the same numbers
    longer = json.loads(json.dumps(sc))
    longer['years']['last'] = 2032
    st, h, got = srv.request('POST', '/api/compute?format=csv', longer)
    check(st == 200 and got.startswith(alloc.split(b'\n', 1)[0]) and len(got) > len(alloc),
          'upload: other years are loaded for the request (%d)' % st)
    # every bad file refused as `ingroei run` refuses it, naming the upload, line, column
    text = key.decode()
    bad = {
        'onbekend.csv': text.replace('GM0014,', 'GM9999,'),
        'dubbel.csv': text.replace('GM0034,', 'GM0014,'),
        'ontbreekt.csv': ''.join(line for line in text.splitlines(True)
                                 if not line.startswith('GM0034,')),
        'negatief.csv': text.replace('GM0014,244807', 'GM0014,-244807'),
        'kolom.csv': text.replace('gemeentecode,bedrag', 'gemeentecode,bedragen'),
        'som.csv': 'gemeentecode;aandeel\n' + ''.join(
            '%s;0,001\n' % line.split(',')[0] for line in text.splitlines()
            if line.startswith('GM')),
        'getal.csv': text.replace('GM0014,244807', 'GM0014,veel'),
    }
    for name, body in bad.items():
        st, h, data = srv.request('POST', '/api/keys', {'name': name, 'csv': body})
        e = error_of(422, data)
        want = cli_key_message(cli, body, tmp, name)
        check(st == 422 and e['message'] == want,
              'upload %s: the CLI\'s message, naming the upload: %r, CLI %r'
              % (name, e['message'], want))
    for body, path, what in (
            ({'name': 'sleutel.txt', 'csv': text}, '$.name', 'a name not ending in .csv'),
            ({'name': 'k.csv'}, '$.csv', 'no text'),
            ({'name': 'k.csv', 'csv': text, 'pad': '/etc'}, '$', 'an unknown key'),
            ({'csv': text}, '$.name', 'no name')):
        st, h, data = srv.request('POST', '/api/keys', body)
        e = error_of(422, data)
        check(st == 422 and e['path'] == path, 'upload: %s refused at %s: %r' % (what, path, e))
    st, h, data = srv.request('POST', '/api/keys', 'not json')
    check(st == 400, 'upload: not JSON: 400')
    st, h, data = srv.request('GET', '/api/keys')
    check(st == 405, 'upload: POST only')
    # an unknown id; at most 8 kept, the least recently used evicted
    gone = json.loads(json.dumps(sc))
    gone['objective_key'] = 'upload:' + '0' * 32
    st, h, data = srv.request('POST', '/api/compute', gone)
    e = error_of(422, data)
    check(e['path'] == '$.objective_key' and 'upload it again' in e['message'],
          'an unknown upload id: %r' % e)
    ids = []
    for i in range(9):
        st, h, data = srv.request('POST', '/api/keys', {'name': 'k%d.csv' % i, 'csv': text})
        ids.append(json.loads(data)['id'] if st == 200 else None)
    check(all(ids) and len(set(ids)) == 9, 'nine uploads, each its own id')
    for i, want in ((0, 422), (8, 200)):
        x = json.loads(json.dumps(sc))
        x['objective_key'] = 'upload:' + ids[i]
        st, h, data = srv.request('POST', '/api/compute', x)
        check(st == want, 'upload %d of 9: %d (wanted %d: 8 are kept)' % (i, st, want))
    x['objective_key'] = up['objective_key']
    st, h, data = srv.request('POST', '/api/compute', x)
    check(st == 422, 'the first upload was evicted too (%d)' % st)
    # nothing was written
    check(sorted(os.listdir('scenarios')) == before, 'an upload writes no file')


SHIPPED_MODEL = 'models/nl/bw/objectief_illustratief.yaml'
SHIPPED_VOLUMES = 'models/nl/gemeentefonds/volumina_sep2024_2025.csv'


def cli_model_run(cli, tmp, name, model_text, volumes=None, fail=False):
    """`ingroei run` of the default scenario with the objective-key model `model_text`
    (written as `name` in a directory of its own, beside `volumes` = (name, text) when
    given, else naming the shipped volumes by their absolute path): (allocations.csv,
    budget.csv), or with `fail` the first line of its message without the directory."""
    d = os.path.join(tmp, 'modelcli', name)
    os.makedirs(d, exist_ok=True)
    if volumes:
        with open(os.path.join(d, volumes[0]), 'w', encoding='utf-8') as f:
            f.write(volumes[1])
    else:
        model_text = model_text.replace('../gemeentefonds/', os.path.abspath(
            'models/nl/gemeentefonds') + '/')
    with open(os.path.join(d, name), 'w', encoding='utf-8') as f:
        f.write(model_text)
    with open('scenarios/default.yaml', encoding='utf-8') as f:
        sc = f.read().replace('../models', os.path.abspath('models'))
    sc = re.sub(r'(?m)^objective_key: .*$', 'objective_key: ' + name, sc)
    path = os.path.join(d, 'scenario.yaml')
    with open(path, 'w', encoding='utf-8') as f:
        f.write(sc)
    if not fail:
        return cli_run(cli, path, os.path.join(d, 'out'))
    r = subprocess.run([cli, 'run', path, '-o', os.path.join(d, 'out'), '--no-plots'],
                       capture_output=True, text=True)
    check(r.returncode == 1, 'ingroei run refuses the model %s: %s' % (name, r.stderr))
    return r.stderr.strip().splitlines()[0].replace('ingroei: ', '', 1).replace(d + '/', '')


def model_upload_tests(cli, srv, tmp, shipped):
    """POST /api/keys with a model in the project's format: naming a shipped circulaire's
    volumes by name, or with its own volumes; the CLI's bytes and messages."""
    with open(SHIPPED_MODEL, encoding='utf-8') as f:
        shipped_text = f.read()
    # a user's edit of the shipped key: another weight for inhabitants
    text = shipped_text.replace('weight: 24.07', 'weight: 30.00')
    check(text != shipped_text, 'the model test changes a weight')
    sha = hashlib.sha256(text.encode()).hexdigest()
    st, h, data = srv.request('POST', '/api/keys', {'name': 'mijn_sleutel.yaml', 'yaml': text})
    up = json.loads(data)
    check(st == 200 and up['kind'] == 'model' and up['sha256'] == sha and
          up['name'] == 'mijn_sleutel.yaml' and up['maatstaven'] == 4 and
          up['volumes'] == 'volumina_sep2024_2025.csv' and up['illustrative'] is True and
          up['label'].startswith('Illustratieve objectieve sleutel'),
          'model upload: kind, SHA-256, maatstaven, the shipped volumes by name (%d %r)'
          % (st, data[:300]))
    alloc, budget = cli_model_run(cli, tmp, 'mijn_sleutel.yaml', text)
    sc = json.loads(json.dumps(shipped['default']))
    sc['objective_key'] = up['objective_key']
    st, h, got = srv.request('POST', '/api/compute?format=csv', sc)
    check(st == 200 and got == alloc, 'model upload: allocations.csv equals `ingroei run` with '
          'the model file, byte for byte (%d)' % st)
    check(got != srv.request('POST', '/api/compute?format=csv', shipped['default'])[2],
          'model upload: the changed weight changes the numbers')
    st, h, got = srv.request('POST', '/api/compute?format=budget-csv', sc)
    check(got == budget, 'model upload: budget.csv equals the CLI\'s')
    st, h, got = srv.request('POST', '/api/explain', {'scenario': sc, 'gemeente': 'GM0014',
                                                     'year': 2031})
    steps = json.loads(got).get('steps', []) if st == 200 else []
    check(any(str(x.get('value')).endswith('mijn_sleutel.yaml') and sha in x.get('how', '')
              for x in steps), 'model upload: explain lists the model with its SHA-256 (%d)' % st)
    # its own volumes, sent with it: one gemeente's inhabitants doubled
    with open(SHIPPED_VOLUMES, encoding='utf-8') as f:
        vol = f.read()
    lines = vol.splitlines(True)
    head = next(i for i, x in enumerate(lines) if x.startswith('gemeentecode'))
    cols = lines[head].rstrip('\n').split(',')
    k = cols.index('inwo')
    for i in range(head + 1, len(lines)):
        cells = lines[i].rstrip('\n').split(',')
        if cells[0] == 'GM0014':
            cells[k] = str(int(float(cells[k])) * 2)
            lines[i] = ','.join(cells) + '\n'
    own_vol = ''.join(lines)
    check(own_vol != vol, 'the model test changes a volume')
    own_text = text.replace('../gemeentefonds/volumina_sep2024_2025.csv', 'eigen_volumes.csv')
    st, h, data = srv.request('POST', '/api/keys', {
        'name': 'met_volumes.yaml', 'yaml': own_text,
        'volumes': {'name': 'eigen_volumes.csv', 'csv': own_vol}})
    up2 = json.loads(data)
    check(st == 200 and up2['volumes'] == 'eigen_volumes.csv',
          'model upload with its own volumes (%d %r)' % (st, data[:300]))
    alloc2, _ = cli_model_run(cli, tmp, 'met_volumes.yaml', own_text,
                              ('eigen_volumes.csv', own_vol))
    sc2 = json.loads(json.dumps(sc))
    sc2['objective_key'] = up2['objective_key']
    st, h, got = srv.request('POST', '/api/compute?format=csv', sc2)
    check(st == 200 and got == alloc2 and got != alloc,
          'model upload with its own volumes: the CLI\'s bytes, other numbers (%d)' % st)
    # bad models refused as `ingroei run` refuses the same file, naming the upload
    missing = ''.join(x for x in own_vol.splitlines(True) if not x.startswith('GM0034,'))
    for name, body, volumes in (
            ('gewicht.yaml', text.replace('weight: 30.00', 'weight: veel'), None),
            ('sleutel.yaml', text.replace('maatstaven:', 'maatstaf:'), None),
            ('soort.yaml', text.replace('kind: objective-key', 'kind: historical-key'), None),
            ('onbekend.yaml', text.replace('weight: 30.00', 'weight: 30.00\n    extra: 1'),
             None),
            ('ontbreekt.yaml', own_text, ('eigen_volumes.csv', missing))):
        payload = {'name': name, 'yaml': body}
        if volumes:
            payload['volumes'] = {'name': volumes[0], 'csv': volumes[1]}
        st, h, data = srv.request('POST', '/api/keys', payload)
        e = error_of(422, data)
        want = cli_model_run(cli, tmp, name, body, volumes, fail=True)
        check(st == 422 and e['message'] == want,
              'model upload %s: the CLI\'s message, naming the upload: %r, CLI %r'
              % (name, e['message'], want))
    # volumes that are not the shipped ones, by any path: refused, nothing read
    for volumes_line in ('/etc/passwd', '../../../../etc/passwd', 'volumina_2099.csv'):
        body = text.replace('../gemeentefonds/volumina_sep2024_2025.csv', volumes_line)
        st, h, data = srv.request('POST', '/api/keys', {'name': 'pad.yaml', 'yaml': body})
        e = error_of(422, data)
        check(st == 422 and e['message'].startswith('pad.yaml:29:') and
              'none of the volumes this model may name' in e['message'] and
              'volumina_sep2024_2025.csv' in e['message'] and 'root:' not in e['message'],
              'model upload naming volumes %s: refused at its line, the names it may use: %r'
              % (volumes_line, e['message']))
    for body, path, status, what in (
            ({'name': 'k.txt', 'yaml': text}, '$.name', 422, 'a model not named .yaml'),
            ({'name': 'k.csv', 'yaml': text}, '$.name', 422, 'a model named .csv'),
            ({'name': 'k.yaml', 'yaml': text, 'csv': 'x'}, '$', 422, 'both csv and yaml'),
            ({'name': 'k.csv', 'csv': 'x', 'volumes': {}}, '$.volumes', 422,
             'volumes with a key file'),
            ({'name': 'k.yaml', 'yaml': text, 'volumes': 'v.csv'}, '$.volumes', 422,
             'volumes that are no object'),
            ({'name': 'k.yaml', 'yaml': text, 'volumes': {'name': 'v.csv', 'csv': 'x', 'pad': 1}},
             '$.volumes', 422, 'an unknown key in volumes'),
            ({'name': 'k.yaml', 'yaml': text, 'volumes': {'name': 'v.txt', 'csv': 'x'}},
             '$.volumes.name', 422, 'volumes not named .csv'),
            ({'name': 'k.yaml', 'yaml': text, 'volumes': {'name': 'v.csv'}}, '$.volumes.csv',
             422, 'volumes without text')):
        st, h, data = srv.request('POST', '/api/keys', body)
        e = error_of(status, data)
        check(st == status and e['path'] == path,
              'model upload: %s refused at %s with %d: %d %r' % (what, path, status, st, e))


if __name__ == '__main__':
    sys.exit(main())
