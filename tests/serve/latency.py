#!/usr/bin/env python3
"""tests/serve/latency.py: latency of /api/compute for a capped scenario (not a test).

Usage: latency.py [--requests N] [--clients 1,8,64] [--cli build/ingroei]
       (from the repository root)

Starts `ingroei serve --port 0 --max-requests 128`, then sends herijking_cap (342
gemeenten x 11 years, capped) as JSON N times from each number of clients at once (1
and 8 unless --clients says otherwise), for the CSV answer and the JSON answer, and
prints p50 and p99 latency, requests per second and how many were not answered 200.
The client runs on the same machine and takes its share of the processors.
Standard library only.
"""
import argparse
import concurrent.futures
import http.client
import json
import subprocess
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--cli', default='build/ingroei')
    ap.add_argument('--requests', type=int, default=300)
    ap.add_argument('--clients', default='1,8')
    a = ap.parse_args()
    proc = subprocess.Popen([a.cli, 'serve', '--port', '0', '--max-requests', '128'],
                            stdout=subprocess.PIPE, text=True)
    port = int(proc.stdout.readline().split(':')[2].split('/')[0])

    def post(path, body):
        c = http.client.HTTPConnection('127.0.0.1', port)
        t = time.perf_counter()
        c.request('POST', path, body, {'Content-Type': 'application/json'})
        r = c.getresponse()
        data = r.read()
        c.close()
        return (time.perf_counter() - t) * 1000, r.status

    try:
        c = http.client.HTTPConnection('127.0.0.1', port)
        c.request('GET', '/api/scenarios')
        shipped = {x['name']: x['scenario'] for x in json.loads(c.getresponse().read())['scenarios']}
        body = json.dumps(shipped['herijking_cap'])
        n = a.requests
        for path in ('/api/compute?format=csv', '/api/compute'):
            for clients in (int(x) for x in a.clients.split(',')):
                with concurrent.futures.ThreadPoolExecutor(clients) as pool:
                    start = time.perf_counter()
                    got = list(pool.map(lambda i: post(path, body), range(n)))
                    took = time.perf_counter() - start
                ts = sorted(t for t, _ in got)
                bad = sum(1 for _, st in got if st != 200)
                print('%-24s %2d client%s: p50 %6.1f ms  p99 %6.1f ms  %5.0f requests/s  %d not 200'
                      % (path, clients, ' ' if clients == 1 else 's', ts[n // 2],
                         ts[min(n - 1, n * 99 // 100)], n / took, bad))
    finally:
        proc.terminate()
        proc.wait()


if __name__ == '__main__':
    main()
