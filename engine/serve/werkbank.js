/* werkbank.js - the page of `ingroei serve`: knobs on a shipped scenario, every change
 * computed by POST /api/compute, the map (GET /api/geometry, projected here), the table
 * of all gemeenten, a gemeente's years and explanation (POST /api/explain), a pinned
 * baseline, the whole state in the address's hash, and downloads that are the server's
 * own bytes. Plain JavaScript, no library, nothing fetched from elsewhere. */
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const KNOBS = ['pad', 'start', 'lengte', 'midden', 'steil', 'uitstroom', 'cap', 'capref',
    'capverlies', 'capwinst', 'cumvan', 'cumtot', 'cummax', 'onhaalbaar', 'index', 'afronding',
    'grenzen'];
  const PATH_KNOBS = ['pad', 'start', 'lengte', 'midden', 'steil', 'uitstroom'];
  const CAP_KNOBS = ['capref', 'capverlies', 'capwinst', 'cumvan', 'cumtot', 'cummax', 'onhaalbaar'];
  const EDIT = 'aangepast in de werkbank';

  const app = {
    shipped: {}, start: null, order: [], gemeenten: null, geo: null,
    state: {s: null, k: {}, j: null, g: null, pin: null},
    result: null, base: null, seq: 0, baseKey: null, timer: null, pending: null,
    sort: {col: 'pi', dir: 1}, lastMs: null, drawMs: {},
    key: null, /* an uploaded key file: {objective_key, name, sha256, label}, or null */
    keys: null, /* GET /api/maatstaven */
  };
  window.ingroeiWerkbank = app; /* for the browser test and the curious */

  /* ---- Dutch numbers ---------------------------------------------------------------- */
  function group(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  }
  function nlInt(v) {
    v = Math.round(v);
    return (v < 0 ? '-' : '') + group(String(Math.abs(v)));
  }
  function nlFixed(v, d) {
    const neg = v < 0 && Math.abs(v) >= 0.5 * Math.pow(10, -d);
    const t = Math.abs(v).toFixed(d).split('.');
    return (neg ? '-' : '') + group(t[0]) + (t[1] ? ',' + t[1] : '');
  }
  function signed(v, d) {
    const s = d ? nlFixed(v, d) : nlInt(v);
    return v > 0 && s !== '0' && !/^0,0*$/.test(s) ? '+' + s : s;
  }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;',
      '"': '&quot;', "'": '&#39;'}[c]));
  }
  const clone = (x) => JSON.parse(JSON.stringify(x));

  /* ---- knobs <-> scenario ---------------------------------------------------------- */
  function indexPercent(budget) {
    if (!budget) return '';
    if (budget.other_years && budget.other_years.rule === 'index') return String(budget.other_years.percent);
    if (budget.mutations) {
      const m = budget.mutations.find((x) => x.type === 'index');
      if (m) return String(m.percent);
    }
    return budget.published ? '' : '0';
  }
  /* The knob values a scenario has: text, as the inputs hold them. */
  function knobsOf(sc) {
    const p = sc.path, c = sc.cap, k = {};
    k.pad = p.type;
    k.start = p.start !== undefined ? String(p.start) : '';
    k.lengte = p.type === 'linear' ? String(p.length) : p.type === 's-curve' ? String(p.end - p.start + 1) : '';
    k.midden = p.type === 's-curve' && p.midpoint !== undefined ? String(p.midpoint) : '';
    k.steil = p.type === 's-curve' ? String(p.steepness) : '1';
    k.uitstroom = p.type === 'cohort' && p.outflow !== undefined ? String(+(p.outflow * 100).toFixed(6)) : '';
    k.cap = c ? '1' : '0';
    k.capref = c ? c.reference : 'previous-year';
    k.capverlies = !c ? '15' : typeof c.max_loss_per_inhabitant === 'number' ? String(c.max_loss_per_inhabitant) : '';
    k.capwinst = c && typeof c.max_gain_per_inhabitant === 'number' ? String(c.max_gain_per_inhabitant) : '';
    const cum = c && c.cumulative;
    k.cumvan = cum ? String(cum.from) : '';
    k.cumtot = cum ? String(cum.to) : '';
    k.cummax = cum ? String(cum.max_loss_per_inhabitant) : '';
    k.onhaalbaar = c ? c.if_infeasible || 'error' : 'uncapped';
    k.index = indexPercent(sc.budget);
    k.afronding = sc.rounding || 'exact-total';
    k.grenzen = String(sc.boundaries || 2025);
    return k;
  }
  const num = (t) => Number(t);
  function setIndex(budget, pct) {
    if (budget.published) {
      budget.other_years = budget.other_years || {rule: 'index', source: EDIT};
      budget.other_years.rule = 'index';
      budget.other_years.percent = pct;
      budget.other_years.source = EDIT + ': ' + String(budget.other_years.source || '');
      return;
    }
    budget.mutations = budget.mutations || [];
    const m = budget.mutations.find((x) => x.type === 'index');
    if (m) {
      m.percent = pct;
      m.source = EDIT + ': ' + m.source;
    } else {
      budget.mutations.unshift({name: 'indexatie (werkbank)', type: 'index', percent: pct,
        from: budget.base.year + 1, source: EDIT});
    }
  }
  /* The scenario of shipped `name` with the knobs of `over` (only those that differ) and,
   * with `key`, an uploaded key file as its objective key. */
  function scenarioOf(name, over, key) {
    const sc = clone(app.shipped[name]);
    if (key) sc.objective_key = key.objective_key;
    const k = Object.assign(knobsOf(sc), over);
    const has = (list) => list.some((x) => x in over);
    if (Object.keys(over).length) sc.name = sc.name + ' (' + EDIT + ')';
    if (has(PATH_KNOBS)) {
      const old = sc.path, start = num(k.start), len = num(k.lengte);
      if (k.pad === 'linear') sc.path = {type: 'linear', start: start, length: len};
      else if (k.pad === 's-curve') {
        sc.path = {type: 's-curve', start: start, end: start + len - 1, steepness: num(k.steil)};
        if (k.midden !== '') sc.path.midpoint = num(k.midden);
      } else if (k.pad === 'cohort') {
        sc.path = {type: 'cohort', start: start};
        if (k.uitstroom === '' && old.remaining) sc.path.remaining = old.remaining;
        else sc.path.outflow = num(k.uitstroom === '' ? '15' : k.uitstroom) / 100;
      } else {
        sc.path = old;
      }
      sc.path.source = EDIT;
    }
    if (k.cap === '0') {
      delete sc.cap;
    } else if (has(CAP_KNOBS) || !sc.cap) {
      const c = sc.cap || {reference: 'previous-year', source: EDIT};
      c.reference = k.capref;
      if (k.capverlies !== '') c.max_loss_per_inhabitant = num(k.capverlies);
      else if (typeof c.max_loss_per_inhabitant === 'number') delete c.max_loss_per_inhabitant;
      if (k.capwinst !== '') c.max_gain_per_inhabitant = num(k.capwinst);
      else if (typeof c.max_gain_per_inhabitant === 'number') delete c.max_gain_per_inhabitant;
      if (k.cumvan !== '' && k.cumtot !== '' && k.cummax !== '') {
        c.cumulative = {from: num(k.cumvan), to: num(k.cumtot), max_loss_per_inhabitant: num(k.cummax)};
      } else {
        delete c.cumulative;
      }
      c.if_infeasible = k.onhaalbaar;
      c.source = c.source === EDIT ? EDIT : EDIT + ': ' + c.source;
      sc.cap = c;
    }
    if ('index' in over && k.index !== '') {
      setIndex(sc.budget, num(k.index));
      if (sc.objective_budget) setIndex(sc.objective_budget, num(k.index));
    }
    sc.rounding = k.afronding;
    sc.boundaries = num(k.grenzen);
    return sc;
  }

  /* ---- the address ------------------------------------------------------------------ */
  function encodeKnobs(s, k) {
    const p = new URLSearchParams();
    p.set('s', s);
    KNOBS.forEach((n) => { if (n in k) p.set(n, k[n]); });
    return p;
  }
  function stateToHash() {
    const st = app.state, p = encodeKnobs(st.s, st.k);
    if (st.j !== null) p.set('jaar', st.j);
    if (st.g) p.set('gemeente', st.g);
    if (st.pin) p.set('basis', encodeKnobs(st.pin.s, st.pin.k).toString());
    if (app.sort.col !== 'pi' || app.sort.dir !== 1) p.set('sorteer', app.sort.col + (app.sort.dir > 0 ? '+' : '-'));
    [['zoek', 'wb-zoek'], ['provincie', 'wb-provincie'], ['teken', 'wb-teken']].forEach((f) => {
      const v = $(f[1]).value.trim();
      if (v) p.set(f[0], v);
    });
    return '#' + p.toString();
  }
  function knobsFromParams(p) {
    const name = app.shipped[p.get('s')] ? p.get('s') : app.start, k = {};
    const base = knobsOf(app.shipped[name]);
    KNOBS.forEach((n) => {
      if (p.has(n) && p.get(n) !== base[n]) k[n] = p.get(n);
    });
    return {s: name, k: k};
  }
  function hashToState() {
    const p = new URLSearchParams(location.hash.replace(/^#/, ''));
    const st = knobsFromParams(p);
    st.j = p.has('jaar') ? Number(p.get('jaar')) : null;
    st.g = p.get('gemeente') || null;
    st.pin = p.has('basis') ? knobsFromParams(new URLSearchParams(p.get('basis'))) : null;
    /* the table's view: sorting and filters */
    const so = /^([a-z]+)([+-])$/.exec(p.get('sorteer') || '');
    app.sort = so ? {col: so[1], dir: so[2] === '+' ? 1 : -1} : {col: 'pi', dir: 1};
    $('wb-zoek').value = p.get('zoek') || '';
    const prov = $('wb-provincie');
    if (p.get('provincie') && !Array.from(prov.options).some((o) => o.value === p.get('provincie'))) {
      prov.add(new Option(p.get('provincie'), p.get('provincie')));
    }
    prov.value = p.get('provincie') || '';
    $('wb-teken').value = p.get('teken') || '';
    return st;
  }
  function writeHash() {
    const h = stateToHash();
    if (location.hash !== h) history.replaceState(null, '', h);
    $('wb-link').value = location.href;
  }

  /* ---- the knobs on screen ---------------------------------------------------------- */
  function showKnobs() {
    const sc = app.shipped[app.state.s], k = Object.assign(knobsOf(sc), app.state.k);
    $('wb-scenario').value = app.state.s;
    $('wb-scenario-naam').textContent = sc.name;
    document.querySelectorAll('[data-knob]').forEach((el) => {
      const v = k[el.dataset.knob];
      if (el.type === 'checkbox') el.checked = v === '1';
      else el.value = v;
    });
    $('wb-pad').querySelector('option[value=table]').disabled = sc.path.type !== 'table';
    const perYear = sc.cap && typeof sc.cap.max_loss_per_inhabitant === 'object';
    $('wb-capverlies').placeholder = perYear ? 'per jaar, uit het scenario' : '';
    document.querySelectorAll('[data-for]').forEach((el) => {
      el.hidden = el.dataset.for.split(' ').indexOf(k.pad) < 0;
    });
    $('wb-cap-knoppen').hidden = k.cap !== '1';
    $('wb-unpin').hidden = !app.state.pin;
    $('wb-basis').hidden = !app.state.pin;
    if (app.state.pin) {
      const n = Object.keys(app.state.pin.k).length;
      $('wb-basis').textContent = 'Basis: ' + app.state.pin.s + (n ? ' met ' + n + ' aangepaste knop' + (n > 1 ? 'pen' : '') : '') +
        (app.state.pin.key ? ', eigen sleutel ' + app.state.pin.key.name : '') +
        '. Kaart en tabel tonen het scenario min de basis.';
    }
    showKey();
  }
  /* Which objective key the scenario on screen uses: an uploaded one, or the shipped
   * scenario's (its maatstaven from GET /api/maatstaven). */
  function showKey() {
    const k = app.key, el = $('wb-sleutel');
    $('wb-sleutel-weg').hidden = !k;
    if (k && k.kind === 'model') {
      el.textContent = 'Eigen model: ' + k.name + ' (SHA-256 ' + k.sha256 + '): ' + k.label +
        (k.illustrative ? ' (ILLUSTRATIEF)' : '') + ', ' + k.maatstaven + ' maatstaven, volumes ' + k.volumes + '.';
      return;
    }
    if (k) {
      el.textContent = 'Eigen sleutel: ' + k.name + ' (SHA-256 ' + k.sha256 + '), ' + k.rows + ' gemeenten, kolom ' +
        k.column + '.';
      return;
    }
    const name = app.shipped[app.state.s].objective_key;
    const m = app.keys && app.keys.keys.find((x) => x.objective_key === name);
    el.textContent = 'Sleutel van het scenario: ' + (m ? m.name + ' (' + (m.illustrative ? 'ILLUSTRATIEF; ' : '') +
      'maatstaven ' + m.maatstaven.map((x) => x.code).join(', ') + ')' : name) + '.';
  }
  /* Uploads a key file or a model (POST /api/keys): one CSV is a key file, one YAML a
   * model naming a circulaire's volumes, a YAML and a CSV a model with its own volumes.
   * The server checks it as `ingroei run` checks it and keeps it in memory for this
   * session; the scenario then names it by its id. */
  async function readText(file) {
    const bytes = await file.arrayBuffer();
    return new TextDecoder('utf-8', {fatal: true, ignoreBOM: true}).decode(bytes);
  }
  async function uploadKey(files) {
    const isYaml = (f) => /\.ya?ml$/i.test(f.name);
    const models = files.filter(isYaml), csvs = files.filter((f) => !isYaml(f));
    if (files.length > 2 || models.length > 1 || (!models.length && csvs.length !== 1)) {
      showError({status: 'pagina', message: 'kies een CSV-sleutel, of een model (YAML) met hooguit een CSV met zijn volumes', path: null});
      $('wb-sleutel-bestand').value = '';
      return;
    }
    const body = {name: (models[0] || csvs[0]).name};
    try {
      if (models.length) {
        body.yaml = await readText(models[0]);
        if (csvs.length) body.volumes = {name: csvs[0].name, csv: await readText(csvs[0])};
      } else {
        body.csv = await readText(csvs[0]);
      }
    } catch (e) {
      showError({status: 'pagina', message: files.map((f) => f.name).join(', ') + ': geen UTF-8-tekst', path: null});
      $('wb-sleutel-bestand').value = '';
      return;
    }
    try {
      const k = await post('/api/keys', body);
      app.key = {objective_key: k.objective_key, kind: k.kind, name: k.name, sha256: k.sha256, rows: k.rows,
        column: k.column, maatstaven: k.maatstaven, volumes: k.volumes, illustrative: k.illustrative,
        label: k.label, warnings: k.warnings};
      try { sessionStorage.setItem('ingroei-sleutel', JSON.stringify(app.key)); } catch (e) { /* not kept */ }
      showError(null);
      showKey();
      await recompute();
    } catch (e) {
      showError(e && e.message ? e : {status: 0, message: String(e), path: null});
    } finally {
      $('wb-sleutel-bestand').value = '';
    }
  }
  function dropKey() {
    app.key = null;
    try { sessionStorage.removeItem('ingroei-sleutel'); } catch (e) { /* nothing kept */ }
    showKey();
    recompute();
  }
  function readKnobs() {
    const base = knobsOf(app.shipped[app.state.s]), k = {};
    document.querySelectorAll('[data-knob]').forEach((el) => {
      const v = el.type === 'checkbox' ? (el.checked ? '1' : '0') : el.value.trim();
      if (v !== base[el.dataset.knob]) k[el.dataset.knob] = v;
    });
    return k;
  }

  /* ---- the server ---------------------------------------------------------------------- */
  async function post(path, body, kind) {
    const r = await fetch(path, {method: 'POST', headers: {'Content-Type': 'application/json'},
      body: JSON.stringify(body)});
    if (!r.ok) {
      let e;
      try { e = (await r.json()).error; } catch (x) { e = {status: r.status, message: r.statusText, path: null}; }
      throw e;
    }
    return kind === 'text' ? r.text() : r.json();
  }
  /* A computed scenario from the page's own answer (POST /api/compute?format=page):
   * per year a list per column of one integer per gemeente ([] for the same list as the
   * year before). R.row(y, code) gives the
   * gemeente's row of allocations.csv as an object by column name (null for a year or
   * code the answer has not), R.yearInfo[y] the year's columns of budget.csv. What the
   * answer leaves out is derived here exactly: totaal = volledig_historisch +
   * verschil_met_historisch, totaal_zonder_cap = totaal - effect_cap, and the figures
   * per inhabitant as the server writes them (perInhabitant). */
  function digest(j) {
    const Y = j.years, A = j.allocations, G = j.gemeenten, years = Y.jaar, yi = {}, gi = {}, yearInfo = {};
    /* a year's list that is the year before's comes as [] */
    Object.keys(A).forEach((c) => A[c].forEach((l, t) => { if (t && !l.length) A[c][t] = A[c][t - 1]; }));
    years.forEach((y, t) => {
      yi[y] = t;
      yearInfo[y] = {jaar: y, budget: Y.budget[t], som_toegekend: Y.som_toegekend[t],
        aandeel_objectief: Y.aandeel_objectief_miljoenste[t] / 1e6,
        cap_actief: Y.cap_actief[t] ? 'ja' : 'nee', cap_haalbaar: !Y.cap_actief[t] ? '' : Y.cap_haalbaar[t] ? 'ja' : 'nee',
        gemeenten_op_verliescap: Y.gemeenten_op_verliescap[t], gemeenten_op_wincap: Y.gemeenten_op_wincap[t],
        schaal_winsten: Y.schaal_winsten_miljardste[t] / 1e9};
    });
    G.code.forEach((c, i) => { gi[c] = i; });
    const total = (t, i) => A.volledig_historisch[t][i] + A.verschil_met_historisch[t][i];
    function row(y, code) {
      const t = yi[y], i = gi[code];
      if (t === undefined || i === undefined) return null;
      const tot = total(t, i), inw = A.inwoners[t][i], cap = A.cap_geraakt[t][i];
      return {jaar: y, gemeentecode: code, gemeentenaam: G.naam[i], provincie: G.provincie[i], inwoners: inw,
        aandeel_objectief: yearInfo[y].aandeel_objectief, historisch: A.historisch[t][i], objectief: A.objectief[t][i],
        totaal: tot, volledig_historisch: A.volledig_historisch[t][i],
        verschil_met_historisch: A.verschil_met_historisch[t][i],
        verschil_per_inwoner: perInhabitant(A.verschil_met_historisch[t][i], inw),
        volledig_objectief: A.volledig_objectief[t][i], effect_cap: A.effect_cap[t][i],
        totaal_zonder_cap: tot - A.effect_cap[t][i], cap_geraakt: cap < 0 ? 'verlies' : cap > 0 ? 'winst' : ''};
    }
    return {json: j, years: years, codes: G.code, yi: yi, gi: gi, yearInfo: yearInfo, row: row, total: total};
  }
  /* An amount per inhabitant in euros with two decimals, as the server writes it
   * (ig_per_inhabitant_cell): the quotient in double, times 100, rounded half away from
   * zero; 0 without inhabitants (the CSV's empty cell). */
  function perInhabitant(amount, inw) {
    if (!(inw > 0)) return 0;
    const c = amount / inw * 100;
    return (c < 0 ? -Math.round(-c) : Math.round(c)) / 100;
  }
  function showError(e) {
    const f = $('wb-fout');
    if (!e) { f.hidden = true; f.textContent = ''; return; }
    f.hidden = false;
    f.textContent = (e.status === 'pagina' ? 'Knop niet geldig: ' : 'De server weigert dit scenario (' + e.status + '): ') +
      e.message + (e.path ? ' [' + e.path + ']' : '');
  }
  /* Recomputes (and the baseline when it changed), then redraws. Only the newest answer
   * is drawn. */
  async function recompute() {
    const seq = ++app.seq, t0 = performance.now();
    const st = app.state, sc = scenarioOf(st.s, st.k, app.key);
    $('wb-status').textContent = 'rekenen…';
    try {
      const want = st.pin ? JSON.stringify(st.pin) : null;
      const jobs = [post('/api/compute?format=page', sc)];
      if (want && want !== app.baseKey) jobs.push(post('/api/compute?format=page', scenarioOf(st.pin.s, st.pin.k, st.pin.key)));
      const got = await Promise.all(jobs);
      if (seq !== app.seq) return;
      const t1 = performance.now();
      app.result = digest(got[0]);
      if (got[1]) { app.base = digest(got[1]); app.baseKey = want; }
      if (!want) { app.base = null; app.baseKey = null; }
      app.scenario = sc;
      showError(null);
      const td = performance.now();
      draw();
      const t2 = performance.now();
      /* the steps (for tests/browser/page_latency.py); `painted` is filled in once the
       * browser has laid out and painted the redraw (the frame after it) */
      const ms = app.lastMs = {server: t1 - t0, digest: td - t1, map: app.drawMs.map, table: app.drawMs.table,
        total: t2 - t0, painted: null};
      requestAnimationFrame(() => setTimeout(() => { ms.painted = performance.now() - t0; }, 0));
      $('wb-status').textContent = 'Herberekend: alle ' + app.result.codes.length + ' gemeenten × ' +
        app.result.years.length + ' jaren in ' + nlInt(t2 - t0) + ' ms (antwoord ' + nlInt(t1 - t0) + ' ms, tekenen ' +
        nlInt(t2 - t1) + ' ms).';
      document.body.dataset.ready = String(seq);
    } catch (e) {
      if (seq !== app.seq) return;
      showError(e && e.message ? e : {status: 0, message: String(e), path: null});
      $('wb-status').textContent = 'Niet herberekend: de kaart en de tabel tonen de vorige uitkomst.';
      document.body.dataset.ready = String(seq);
    }
  }
  /* A knob that is visible and empty where a value is needed, or outside its bounds:
   * said on the page, and nothing is sent until it is mended. */
  const NEEDED = ['start', 'lengte', 'steil'];
  function invalidKnob() {
    for (const el of document.querySelectorAll('input[data-knob]')) {
      if (el.closest('[hidden]')) continue;
      const label = el.closest('label').firstChild.textContent.trim();
      if (NEEDED.indexOf(el.dataset.knob) >= 0 && el.value.trim() === '') return label + ': vul een waarde in';
      if (!el.checkValidity()) return label + ': ' + el.validationMessage;
    }
    const c = app.shipped[app.state.s].cap;
    if ($('wb-cap').checked && $('wb-capverlies').value.trim() === '' && $('wb-capwinst').value.trim() === '' &&
        !(c && typeof c.max_loss_per_inhabitant === 'object') && !(c && typeof c.max_gain_per_inhabitant === 'object')) {
      return 'Plafond: vul een maximaal verlies of een maximale winst in';
    }
    return null;
  }
  function changed(delay) {
    clearTimeout(app.timer);
    const bad = invalidKnob();
    if (bad) {
      app.seq++; /* an answer still under way is not drawn */
      showError({status: 'pagina', message: bad, path: null});
      $('wb-status').textContent = 'Niet herberekend: de kaart en de tabel tonen de vorige uitkomst.';
      return;
    }
    app.state.k = readKnobs();
    showKnobs();
    writeHash();
    app.timer = setTimeout(recompute, delay);
  }

  /* ---- figures per gemeente ----------------------------------------------------------- */
  /* The value shown for gemeente row r in year y: the difference with the fully
   * historical allocation, or with the baseline when one is pinned (totals and per
   * inhabitant). */
  function figures(code, y) {
    const R = app.result, t = R.yi[y], i = R.gi[code];
    if (t === undefined || i === undefined) return null;
    const A = R.json.allocations, G = R.json.gemeenten, cap = A.cap_geraakt[t][i];
    const f = {code: code, name: G.naam[i], prov: G.provincie[i], inw: A.inwoners[t][i],
      total: R.total(t, i), hist: A.volledig_historisch[t][i], cap: cap < 0 ? 'verlies' : cap > 0 ? 'winst' : ''};
    if (app.base) {
      const B = app.base, bt = B.yi[y], bi = B.gi[code];
      if (bt === undefined || bi === undefined) return null;
      f.ref = B.total(bt, bi);
    } else {
      f.ref = f.hist;
    }
    f.diff = f.total - f.ref;
    f.pi = f.inw > 0 ? f.diff / f.inw : 0;
    return f;
  }
  function year() {
    const ys = app.result.years;
    let y = app.state.j;
    if (y === null || ys.indexOf(y) < 0) y = ys[ys.length - 1];
    return y;
  }

  /* ---- the map ------------------------------------------------------------------------ */
  const SVGNS = 'http://www.w3.org/2000/svg';
  function buildMap() {
    const g = app.geo, svg = $('wb-kaart');
    const k = Math.cos(52.2 * Math.PI / 180);
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    g.gemeenten.forEach((m) => m.rings.forEach((r) => {
      for (let i = 0; i < r.length; i += 2) {
        x0 = Math.min(x0, r[i] * k); x1 = Math.max(x1, r[i] * k);
        y0 = Math.min(y0, -r[i + 1]); y1 = Math.max(y1, -r[i + 1]);
      }
    }));
    const W = 600, s = W / (x1 - x0), H = Math.ceil((y1 - y0) * s);
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    const frag = document.createDocumentFragment();
    app.paths = {};
    g.gemeenten.forEach((m) => {
      let d = '';
      m.rings.forEach((r) => {
        for (let i = 0; i < r.length - 2; i += 2) {
          d += (i ? 'L' : 'M') + ((r[i] * k - x0) * s).toFixed(1) + ' ' + ((-r[i + 1] - y0) * s).toFixed(1);
        }
        d += 'Z';
      });
      const p = document.createElementNS(SVGNS, 'path');
      p.setAttribute('d', d);
      p.setAttribute('data-code', m.code);
      frag.appendChild(p);
      app.paths[m.code] = p;
    });
    svg.appendChild(frag);
    $('wb-kaartbron').textContent = 'Grenzen van 1 januari ' + g.year + '. ' +
      (g.source.find((l) => /^Bron/.test(l)) || '').split('. Taken')[0];
    svg.addEventListener('mousemove', hover);
    svg.addEventListener('mouseleave', () => { $('wb-tip').hidden = true; });
    svg.addEventListener('click', (ev) => {
      const code = ev.target.getAttribute && ev.target.getAttribute('data-code');
      if (code && app.onMap[code]) openGemeente(app.onMap[code].codes[0]);
    });
  }
  /* The gemeente of the borders' year that `code` is part of (the herindelingen). */
  const bordersMemo = {};
  function onBorders(code) {
    if (bordersMemo[code]) return bordersMemo[code];
    return (bordersMemo[code] = followMerges(code));
  }
  function followMerges(code) {
    const cutoff = app.geo.year + '-01-01';
    for (let hops = 0; hops < 16; hops++) {
      const m = app.geo.merges.find((x) => x.from === code && x.date <= cutoff);
      if (!m) return code;
      code = m.to;
    }
    return code;
  }
  /* 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten: the end of the scale (as the map
   * of `ingroei run`). */
  function niceCeil(x) {
    if (!(x > 0)) return 1;
    const p = Math.pow(10, Math.floor(Math.log10(x)));
    for (const s of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (s * p >= x * (1 - 1e-12)) return s * p;
    return 10 * p;
  }
  const LOSS = [178, 24, 43], MID = [247, 247, 247], GAIN = [33, 102, 172];
  function colour(v, end) {
    const t = Math.max(-1, Math.min(1, v / end)), a = Math.abs(t), to = t < 0 ? LOSS : GAIN;
    const c = MID.map((m, i) => Math.round(m + (to[i] - m) * Math.pow(a, 0.8)));
    return 'rgb(' + c.join(',') + ')';
  }
  /* Per gemeente of the borders: the sums of its parts in year y. */
  function mapValues(y) {
    const out = {};
    app.result.codes.forEach((code) => {
      const f = figures(code, y);
      if (!f) return;
      const on = onBorders(code), o = out[on] || (out[on] = {codes: [], names: [], diff: 0, inw: 0, total: 0, ref: 0});
      o.codes.push(code); o.names.push(f.name);
      o.diff += f.diff; o.inw += f.inw; o.total += f.total; o.ref += f.ref;
    });
    Object.keys(out).forEach((c) => { const o = out[c]; o.pi = o.inw > 0 ? o.diff / o.inw : 0; });
    return out;
  }
  /* The scale's end: the 90th percentile of the sizes per inhabitant over every year,
   * per gemeente of the borders (the sums of mapValues, without its objects). */
  function scaleEnd() {
    const R = app.result, B = app.base, A = R.json.allocations, codes = R.codes, n = codes.length;
    const slotOf = {}, slot = new Int32Array(n);
    let m = 0;
    for (let i = 0; i < n; i++) {
      const on = onBorders(codes[i]);
      slot[i] = on in slotOf ? slotOf[on] : (slotOf[on] = m++);
    }
    const diff = new Float64Array(m), inw = new Float64Array(m), seen = new Uint8Array(m), mags = [];
    R.years.forEach((yy) => {
      const t = R.yi[yy], bt = B ? B.yi[yy] : undefined;
      if (B && bt === undefined) return;
      diff.fill(0); inw.fill(0); seen.fill(0);
      const inwT = A.inwoners[t], histT = A.volledig_historisch[t];
      for (let i = 0; i < n; i++) {
        let ref;
        if (B) {
          const bi = B.gi[codes[i]];
          if (bi === undefined) continue;
          ref = B.total(bt, bi);
        } else {
          ref = histT[i];
        }
        const s = slot[i];
        diff[s] += R.total(t, i) - ref;
        inw[s] += inwT[i];
        seen[s] = 1;
      }
      for (let s = 0; s < m; s++) if (seen[s]) mags.push(Math.abs(inw[s] > 0 ? diff[s] / inw[s] : 0));
    });
    mags.sort((a, b) => a - b);
    return niceCeil(mags.length ? mags[Math.floor(0.9 * (mags.length - 1))] : 1);
  }
  function drawMap(y) {
    if (!app.geo) return;
    /* one scale for every year of the scenario: the slider compares like with like
     * (made once per computation, to the 90th percentile of the sizes rounded up) */
    if (app.scaleOf !== app.result || app.scaleBase !== app.base) {
      app.scaleEnd = scaleEnd();
      app.scaleOf = app.result;
      app.scaleBase = app.base;
    }
    const end = app.scaleEnd;
    app.onMap = mapValues(y);
    /* only the fills that change are written */
    for (const c in app.paths) {
      const o = app.onMap[c], p = app.paths[c], fill = o ? colour(o.pi, end) : '#ddd';
      if (p.fillShown !== fill) { p.setAttribute('fill', fill); p.fillShown = fill; }
    }
    drawLegend(end);
  }
  function drawLegend(end) {
    const svg = $('wb-legenda'), W = 600, x0 = 20, x1 = W - 20;
    let stops = '';
    for (let i = 0; i <= 10; i++) stops += '<stop offset="' + i * 10 + '%" stop-color="' + colour(-end + 2 * end * i / 10, end) + '"/>';
    let ticks = '';
    for (let i = 0; i <= 4; i++) {
      const v = -end + i * end / 2, x = x0 + (x1 - x0) * i / 4;
      const d = end / 2 < 1 ? 2 : end / 2 % 1 ? 1 : 0;
      ticks += '<line x1="' + x + '" x2="' + x + '" y1="30" y2="36" stroke="#333"/>' +
        '<text x="' + x + '" y="50" text-anchor="middle">' + (i === 0 ? '≤ ' : i === 4 ? '≥ ' : '') + signed(v, d) + '</text>';
    }
    const what = app.base ? 'scenario min basis' : 'verschil met volledig historisch';
    const html = '<defs><linearGradient id="wb-grad">' + stops + '</linearGradient></defs>' +
      '<text x="' + x0 + '" y="12">' + esc(what) + ', euro per inwoner (' + esc(app.result ? year() : '') + ')</text>' +
      '<rect x="' + x0 + '" y="16" width="' + (x1 - x0) + '" height="14" fill="url(#wb-grad)" stroke="#999"/>' + ticks;
    /* the legend is made anew only when it changes (its scale, its year, the baseline) */
    if (app.legendShown === html) return;
    svg.setAttribute('viewBox', '0 0 ' + W + ' 58');
    svg.innerHTML = html;
    app.legendShown = html;
  }
  function hover(ev) {
    const tip = $('wb-tip'), code = ev.target.getAttribute && ev.target.getAttribute('data-code');
    const o = code && app.onMap && app.onMap[code];
    if (!o) { tip.hidden = true; return; }
    const y = year(), ref = app.base ? 'basis' : 'volledig historisch';
    tip.innerHTML = '<b>' + esc(o.names.join(' + ')) + '</b> <span class="small">' + esc(o.codes.join(', ')) + '</span><br>' +
      '<span class="tip-pi">' + signed(o.pi, 2) + '</span> euro per inwoner t.o.v. ' + ref + ' in ' + y + '<br>' +
      'verschil ' + signed(o.diff, 0) + ' euro; toegekend ' + nlInt(o.total) + ' euro; ' + nlInt(o.inw) + ' inwoners';
    tip.dataset.code = code;
    tip.hidden = false;
    const box = $('wb-kaartvak').getBoundingClientRect();
    tip.style.left = Math.min(ev.clientX - box.left + 14, box.width - 290) + 'px';
    tip.style.top = (ev.clientY - box.top + 14) + 'px';
  }

  /* ---- the table ---------------------------------------------------------------------- */
  const COLS = () => app.base
    ? [['code', 'code'], ['name', 'gemeente'], ['prov', 'provincie'], ['inw', 'inwoners'], ['ref', 'basis'],
      ['total', 'scenario'], ['diff', 'verschil'], ['pi', 'per inwoner']]
    : [['code', 'code'], ['name', 'gemeente'], ['prov', 'provincie'], ['inw', 'inwoners'], ['hist', 'volledig historisch'],
      ['total', 'toegekend'], ['diff', 'verschil'], ['pi', 'per inwoner'], ['cap', 'plafond']];
  /* A cell's text (what the HTML shows; the code's cell holds it in a link). */
  function cellText(key, f) {
    switch (key) {
      case 'code': case 'name': case 'prov': case 'cap': return String(f[key] || '');
      case 'pi': return signed(f.pi, 2);
      case 'diff': return signed(f.diff, 0);
      default: return nlInt(f[key]);
    }
  }
  const TEXT_COLS = ['code', 'name', 'prov', 'cap'];
  function cellClass(key, f) {
    return (TEXT_COLS.indexOf(key) < 0 ? 'n' : '') +
      (key === 'pi' || key === 'diff' ? (f.diff < 0 ? ' neg' : f.diff > 0 ? ' pos' : '') : '');
  }
  /* A new row of the table: a <tr> with one <td> per column, each with one text node (in
   * a link for the code); `shown` keeps what each cell shows, so that a redraw writes
   * only what changed. */
  function newRow(cols) {
    const tr = document.createElement('tr'), shown = {code: null, text: [], cls: [], v: [], nodes: []};
    cols.forEach((col) => {
      const td = document.createElement('td'), t = document.createTextNode('');
      if (col[0] === 'code') {
        const a = document.createElement('a');
        a.href = '#';
        a.appendChild(t);
        td.appendChild(a);
        shown.link = a;
      } else {
        td.appendChild(t);
      }
      tr.appendChild(td);
      shown.nodes.push(t);
      shown.text.push(null); shown.cls.push(null); shown.v.push(null);
    });
    tr.shown = shown;
    return tr;
  }
  /* Shows gemeente f in row tr: changes only the texts, classes and attributes that
   * differ from what the row shows. */
  function fillRow(tr, cols, f) {
    const sh = tr.shown;
    if (sh.code !== f.code) {
      tr.setAttribute('data-code', f.code);
      sh.link.setAttribute('data-open', f.code);
      sh.code = f.code;
    }
    for (let k = 0; k < cols.length; k++) {
      const key = cols[k][0], text = cellText(key, f), cls = cellClass(key, f);
      const v = f[key] === undefined ? '' : String(f[key]);
      if (sh.text[k] !== text) { sh.nodes[k].data = text; sh.text[k] = text; }
      const td = tr.cells[k];
      if (sh.cls[k] !== cls) { td.className = cls; sh.cls[k] = cls; }
      if (sh.v[k] !== v) { td.setAttribute('data-v', v); sh.v[k] = v; }
    }
  }
  function drawTable(y) {
    const cols = COLS(), t = $('wb-tabel');
    if (!cols.some((c) => c[0] === app.sort.col)) app.sort = {col: 'pi', dir: 1};
    const head = '<tr>' + cols.map((c) => '<th data-col="' + c[0] + '"' +
      (c[0] === app.sort.col ? ' aria-sort="' + (app.sort.dir > 0 ? 'ascending' : 'descending') + '"' : '') +
      ' class="' + (['code', 'name', 'prov', 'cap'].indexOf(c[0]) < 0 ? 'n' : '') + '">' + esc(c[1]) +
      (c[0] === app.sort.col ? (app.sort.dir > 0 ? ' ▲' : ' ▼') : '') + '</th>').join('') + '</tr>';
    if (app.tableHead !== head) { t.tHead.innerHTML = head; app.tableHead = head; }
    const q = $('wb-zoek').value.trim().toLowerCase(), prov = $('wb-provincie').value, sign = $('wb-teken').value;
    const all = app.result.codes.map((c) => figures(c, y)).filter((f) => f);
    const rows = all.filter((f) => (!q || f.name.toLowerCase().indexOf(q) >= 0 || f.code.toLowerCase().indexOf(q) >= 0) &&
      (!prov || f.prov === prov) && (!sign || (sign === 'winst' ? f.diff > 0 : f.diff < 0)));
    const c = app.sort.col, d = app.sort.dir;
    rows.sort((a, b) => {
      const x = a[c], z = b[c];
      const r = typeof x === 'number' ? x - z : String(x).localeCompare(String(z), 'nl');
      return d * r || a.code.localeCompare(b.code);
    });
    /* The rows stay: the i-th row shows the i-th gemeente of the sorted list, and a redraw
     * writes only what changed; rows are added or taken off at the end (in one fragment),
     * and made anew only when the columns change (a baseline pinned or let go). */
    const body = t.tBodies[0], colKey = cols.map((x) => x[0]).join(' ');
    if (app.tableCols !== colKey) { body.textContent = ''; app.tableCols = colKey; }
    const trs = body.rows;
    while (trs.length > rows.length) body.lastChild.remove();
    const have = trs.length;
    for (let i = 0; i < have; i++) fillRow(trs[i], cols, rows[i]);
    if (rows.length > have) {
      const frag = document.createDocumentFragment();
      for (let i = have; i < rows.length; i++) {
        const tr = newRow(cols);
        fillRow(tr, cols, rows[i]);
        frag.appendChild(tr);
      }
      body.appendChild(frag);
    }
    $('wb-telling').textContent = rows.length + ' van ' + all.length + ' gemeenten';
    const provs = Array.from(new Set(all.map((f) => f.prov))).sort((a, b) => a.localeCompare(b, 'nl'));
    const sel = $('wb-provincie');
    if (sel.options.length !== provs.length + 1) {
      sel.innerHTML = '<option value="">alle provincies</option>' + provs.map((p) => '<option>' + esc(p) + '</option>').join('');
      sel.value = prov;
    }
  }

  /* ---- one gemeente ----------------------------------------------------------------- */
  function openGemeente(code) {
    app.state.g = code;
    writeHash();
    drawGemeente();
    window.scrollTo(0, 0);
  }
  function drawGemeente() {
    const code = app.state.g, R = app.result;
    const show = !!(code && R && R.row(R.years[0], code));
    $('wb-gemeente').hidden = !show;
    $('wb-overzicht').hidden = show;
    if (!show) return;
    const rows = R.years.map((y) => R.row(y, code)), r0 = rows[rows.length - 1];
    $('wb-gemeente-naam').textContent = r0.gemeentenaam + ' (' + code + ', ' + r0.provincie + ')';
    const base = app.base ? R.years.map((y) => app.base.row(y, code)) : null;
    const head = ['jaar', 'inwoners', 'aandeel objectief', 'historisch deel', 'objectief deel', 'toegekend',
      'volledig historisch', 'verschil', 'per inwoner', 'effect plafond', 'plafond'].concat(base ? ['basis', 'scenario min basis'] : []);
    $('wb-jaren').tHead.innerHTML = '<tr>' + head.map((h, i) => '<th class="' + (i ? 'n' : '') + '">' + esc(h) + '</th>').join('') + '</tr>';
    const sel = year();
    $('wb-jaren').tBodies[0].innerHTML = rows.map((r, i) => {
      const cells = [String(r.jaar), nlInt(r.inwoners), nlFixed(Number(r.aandeel_objectief) * 100, 1) + '%',
        nlInt(r.historisch), nlInt(r.objectief), nlInt(r.totaal), nlInt(r.volledig_historisch),
        signed(r.verschil_met_historisch, 0), signed(Number(r.verschil_per_inwoner), 2),
        signed(r.effect_cap || 0, 0), r.cap_geraakt || ''];
      if (base) cells.push(base[i] ? nlInt(base[i].totaal) : '', base[i] ? signed(r.totaal - base[i].totaal, 0) : '');
      return '<tr' + (r.jaar === sel ? ' class="gekozen"' : '') + '>' + cells.map((c, k) => '<td class="' + (k ? 'n' : '') + '">' + esc(c) + '</td>').join('') + '</tr>';
    }).join('');
    drawChart(rows, base);
    explain(code, sel);
  }
  function drawChart(rows, base) {
    const W = 640, H = 220, L = 70, B = 28;
    const series = [['toegekend', 'totaal', '#1b6ca8', null], ['volledig historisch', 'volledig_historisch', '#888', '4 3'],
      ['volledig objectief', 'volledig_objectief', '#c0392b', '2 3']];
    const vals = [];
    rows.forEach((r) => series.forEach((s) => vals.push(r[s[1]])));
    if (base) base.forEach((b) => b && vals.push(b.totaal));
    let lo = Math.min.apply(null, vals), hi = Math.max.apply(null, vals);
    if (hi === lo) { hi += 1; lo -= 1; }
    const pad = (hi - lo) * 0.08; lo -= pad; hi += pad;
    const x = (i) => L + (W - L - 30) * (rows.length > 1 ? i / (rows.length - 1) : 0.5);
    const y = (v) => 10 + (H - B - 10) * (hi - v) / (hi - lo);
    let svg = '';
    for (let i = 0; i <= 4; i++) {
      const v = lo + (hi - lo) * i / 4;
      svg += '<line x1="' + L + '" x2="' + (W - 10) + '" y1="' + y(v) + '" y2="' + y(v) + '" stroke="#eee"/>' +
        '<text x="' + (L - 6) + '" y="' + (y(v) + 4) + '" text-anchor="end">' + (Math.abs(hi) >= 1e7 ? nlFixed(v / 1e6, 1) + ' mln' : nlInt(v)) + '</text>';
    }
    rows.forEach((r, i) => {
      if (rows.length <= 16 || i % 2 === 0) svg += '<text x="' + x(i) + '" y="' + (H - 8) + '" text-anchor="middle">' + r.jaar + '</text>';
    });
    const line = (pts, colour, dash, label, n) => {
      svg += '<polyline fill="none" stroke="' + colour + '" stroke-width="2"' + (dash ? ' stroke-dasharray="' + dash + '"' : '') +
        ' points="' + pts.join(' ') + '"/>' +
        '<text x="' + (L + 8 + 150 * n) + '" y="' + (H + 14) + '" fill="' + colour + '">— ' + esc(label) + '</text>';
    };
    series.forEach((s, n) => line(rows.map((r, i) => x(i).toFixed(1) + ',' + y(r[s[1]]).toFixed(1)), s[2], s[3], s[0], n));
    if (base) line(base.map((b, i) => b ? x(i).toFixed(1) + ',' + y(b.totaal).toFixed(1) : null).filter((p) => p), '#e67e22', '6 2', 'basis', 3);
    const g = $('wb-grafiek');
    g.setAttribute('viewBox', '0 0 ' + W + ' ' + (H + 22));
    g.innerHTML = svg;
  }
  async function explain(code, y) {
    const pre = $('wb-uitleg'), key = JSON.stringify([app.scenario, code, y]);
    if (app.explained === key) return;
    app.explained = key;
    $('wb-uitleg-kop').textContent = 'Hoe het bedrag van ' + y + ' ontstaat (de keten van ingroei explain, in het Nederlands)';
    pre.textContent = 'uitleg laden…';
    $('wb-plafond-kop').textContent = 'Het plafond in ' + y;
    $('wb-plafond').innerHTML = '';
    const body = {scenario: app.scenario, gemeente: code, year: y};
    try {
      const [text, steps] = await Promise.all([post('/api/explain?format=text&lang=nl', body, 'text'),
        post('/api/explain', body)]);
      if (app.explained !== key) return;
      pre.textContent = text;
      drawCertificate(code, y, steps.steps);
    } catch (e) {
      if (app.explained === key) pre.textContent = 'geen uitleg: ' + (e.message || e);
    }
  }

  /* The cap's solve of year y for gemeente `code`, in Dutch: the year's state from the
   * computation (budget.csv's columns), the gemeente's limits from the explanation's
   * steps (the same values as `ingroei explain`), and a check that the allocation is
   * what the solve prescribes: clamp(reference + lambda x (before the cap - reference),
   * or the amount before the cap for a loser, between floor and ceiling), up to the
   * rounding to whole euros. */
  function drawCertificate(code, y, steps) {
    const R = app.result, info = R.yearInfo[y], row = R.row(y, code);
    const s = {};
    steps.forEach((x) => { s[x.key] = x; });
    const val = (k) => (s[k] ? s[k].value : null);
    const eur = (v) => '€ ' + nlInt(v);
    const rows = [];
    const put = (label, value, title) => rows.push('<tr' + (title ? ' title="' + esc(title) + '"' : '') + '><th>' +
      esc(label) + '</th><td>' + esc(value) + '</td></tr>');
    const box = $('wb-plafond');
    box.dataset.state = '';
    if (!app.scenario.cap) {
      box.innerHTML = '<p class="small">Dit scenario heeft geen plafond.</p>';
      return;
    }
    if (info.cap_actief !== 'ja') {
      box.innerHTML = '<p class="small">In ' + esc(y) + ' geldt het plafond niet (er is geen jaar om tegen te meten, ' +
        'of de grenzen van dit jaar zijn leeg).</p>';
      return;
    }
    const feasible = info.cap_haalbaar === 'ja';
    const flag = row.cap_geraakt || '';
    box.dataset.state = !feasible ? 'niet-haalbaar' : flag || 'geschaald';
    put('Het jaar', feasible ? 'het plafond is gehouden: ' + info.gemeenten_op_verliescap + ' gemeenten op het ' +
      'verliesplafond, ' + info.gemeenten_op_wincap + ' op het winstplafond'
      : 'niet haalbaar: dit jaar is zonder plafond verdeeld (if_infeasible: uncapped)');
    if (feasible) {
      const lambdaFull = s['cap.lambda'] ? parseFloat(s['cap.lambda'].how) : Number(info.schaal_winsten);
      put('Schaal van de winsten (λ)', nlFixed(Number(info.schaal_winsten), 9),
        'de factor op elke winst die niet op een grens zit, zodat het jaar weer optelt tot het budget; ' +
        'in alle cijfers: ' + lambdaFull);
      const rest = Number(info.som_toegekend) - Number(info.budget);
      put('Restverschil van het jaar', signed(rest, 0) + ' euro (som toegekend ' + nlInt(info.som_toegekend) +
        ' min budget ' + nlInt(info.budget) + ')');
      put('Deze gemeente', flag === 'verlies' ? 'op het verliesplafond: zij krijgt haar ondergrens'
        : flag === 'winst' ? 'op het winstplafond: zij krijgt haar bovengrens'
          : 'niet op een grens: haar verandering is met de andere gemeenten geschaald');
      const ref = $('wb-capref').querySelector('option[value="' + app.scenario.cap.reference + '"]');
      if (val('cap.reference_value') !== null)
        put('Referentie', eur(val('cap.reference_value')) + (ref ? ' (' + ref.textContent + ')' : ''));
      if (val('cap.loss_limit') !== null)
        put('Grootste verlies', nlFixed(val('cap.max_loss'), 2) + ' euro per inwoner × ' + nlInt(val('cap.inhabitants')) +
          ' inwoners = ' + eur(val('cap.loss_limit')));
      if (val('cap.gain_limit') !== null)
        put('Grootste winst', nlFixed(val('cap.max_gain'), 2) + ' euro per inwoner × ' + nlInt(val('cap.inhabitants')) +
          ' inwoners = ' + eur(val('cap.gain_limit')));
      const lo = val('cap.floor'), hi = val('cap.ceiling');
      put('Grenzen van de gemeente', (lo !== null ? 'ondergrens ' + eur(lo) : 'geen ondergrens') + ', ' +
        (hi !== null ? 'bovengrens ' + eur(hi) : 'geen bovengrens'));
      const u = Number(row.totaal_zonder_cap), r = val('cap.reference_value'), total = Number(row.totaal);
      put('Zonder plafond', eur(u) + '; toegekend ' + eur(total) + ' (effect ' + signed(total - u, 0) + ' euro)');
      if (r !== null) {
        let want = u - r < 0 ? u : r + lambdaFull * (u - r);
        if (lo !== null && want < lo) want = lo;
        if (hi !== null && want > hi) want = hi;
        const how = u - r < 0 ? 'zonder plafond (een verliezer)' : 'referentie + λ × (zonder plafond − referentie)';
        put('Controle', how + (lo !== null || hi !== null ? ', binnen de grenzen' : '') + ' = ' + nlFixed(want, 2) +
          ' euro; toegekend ' + nlInt(total) + ': verschil ' + nlFixed(total - want, 2) +
          ' euro (afronding op hele euro\'s)');
      }
    }
    box.innerHTML = '<table class="plafond">' + rows.join('') + '</table>';
  }

  /* ---- drawing everything ------------------------------------------------------------- */
  function draw() {
    const R = app.result, y = year(), slider = $('wb-jaar');
    slider.min = R.years[0];
    slider.max = R.years[R.years.length - 1];
    slider.value = y;
    $('wb-jaar-label').textContent = y;
    const info = R.yearInfo[y];
    $('wb-jaarinfo').textContent = 'budget ' + nlInt(info.budget) + ' euro; objectief aandeel ' +
      nlFixed(Number(info.aandeel_objectief) * 100, 1) + '%' +
      (info.cap_actief === 'ja' ? '; plafond: ' + info.gemeenten_op_verliescap + ' gemeenten op het verliesplafond, ' +
        info.gemeenten_op_wincap + ' op het winstplafond' : '') +
      (info.cap_haalbaar === 'nee' ? ' (niet haalbaar: dit jaar zonder plafond)' : '');
    const n = R.json.illustrative, model = app.key && app.key.kind === 'model' ? app.key : null;
    $('wb-notice').hidden = !n;
    $('wb-notice').textContent = !n ? '' : model ? 'ILLUSTRATIEF volgens het geüploade model zelf: ' + n
      : 'ILLUSTRATIEF: de objectieve sleutel is geen officieel model. De maatstaven en ' +
      'gewichten van het objectieve verdeelmodel beschermd wonen zijn niet openbaar; deze sleutel gebruikt echte ' +
      'volumes uit het gemeentefonds met gewichten die het project zelf koos.';
    $('wb-notice').title = n || '';
    const own = R.json.own_key;
    $('wb-eigen').hidden = !own && !model;
    $('wb-eigen').textContent = own ? 'EIGEN SLEUTEL: ' + own.label.replace(/^own key: /, '') +
      '. De objectieve verdeling volgt dit geüploade bestand, niet een sleutel van de dataset.'
      : model ? 'EIGEN MODEL: ' + model.name + ' (SHA-256 ' + model.sha256 + '), "' + model.label + '", volumes ' +
      model.volumes + '. De objectieve verdeling volgt dit geüploade model, niet een sleutel van de dataset.' : '';
    const ta = performance.now();
    drawMap(y);
    const tb = performance.now();
    drawTable(y);
    const tc = performance.now();
    drawGemeente();
    app.drawMs = {map: tb - ta, table: tc - tb};
  }

  /* ---- downloads: the server's own bytes -------------------------------------------- */
  async function download(ev, format, name) {
    const a = ev.currentTarget;
    if (a.dataset.ready === '1') { a.dataset.ready = ''; return; } /* the second, real click */
    ev.preventDefault();
    /* the workbook with the open gemeente's sheet, as run --xlsx --gemeente makes it */
    const g = format === 'xlsx' && app.state.g && !$('wb-gemeente').hidden ? '&gemeente=' + encodeURIComponent(app.state.g) : '';
    const r = await fetch('/api/compute?format=' + format + g, {method: 'POST',
      headers: {'Content-Type': 'application/json'}, body: JSON.stringify(app.scenario)});
    if (!r.ok) { showError((await r.json()).error); return; }
    const blob = await r.blob();
    if (a.href.startsWith('blob:')) URL.revokeObjectURL(a.href);
    a.href = URL.createObjectURL(blob);
    a.download = name;
    a.dataset.ready = '1';
    a.click();
  }

  /* ---- start ---------------------------------------------------------------------------- */
  async function start() {
    const [sc, geo, keys] = await Promise.all([fetch('/api/scenarios').then((r) => r.json()),
      fetch('/api/geometry').then((r) => r.ok ? r.json() : null),
      fetch('/api/maatstaven').then((r) => r.ok ? r.json() : null)]);
    app.keys = keys;
    try { app.key = JSON.parse(sessionStorage.getItem('ingroei-sleutel') || 'null'); } catch (e) { app.key = null; }
    sc.scenarios.forEach((x) => { app.shipped[x.name] = x.scenario; app.order.push(x.name); });
    app.start = sc.start;
    $('wb-scenario').innerHTML = app.order.map((n) => '<option value="' + esc(n) + '">' + esc(n) + '</option>').join('');
    app.geo = geo;
    if (geo) buildMap(); else $('wb-kaartbron').textContent = 'Geen kaart: de dataset heeft geen grenzen.';
    app.state = hashToState();
    showKnobs();
    writeHash();

    document.querySelectorAll('[data-knob]').forEach((el) => {
      el.addEventListener('change', () => changed(0));
      if (el.type === 'number') el.addEventListener('input', () => changed(150));
    });
    $('wb-scenario').addEventListener('change', () => {
      app.state.s = $('wb-scenario').value;
      app.state.k = {};
      showKnobs(); writeHash(); recompute();
    });
    $('wb-reset').addEventListener('click', () => { app.state.k = {}; showKnobs(); writeHash(); recompute(); });
    $('wb-pin').addEventListener('click', () => {
      app.state.pin = {s: app.state.s, k: Object.assign({}, app.state.k)};
      if (app.key) app.state.pin.key = app.key;
      showKnobs(); writeHash(); recompute();
    });
    $('wb-unpin').addEventListener('click', () => { app.state.pin = null; showKnobs(); writeHash(); recompute(); });
    $('wb-jaar').addEventListener('input', () => {
      app.state.j = Number($('wb-jaar').value);
      writeHash();
      if (app.result) draw();
    });
    ['wb-zoek', 'wb-provincie', 'wb-teken'].forEach((id) => $(id).addEventListener('input', () => {
      writeHash();
      if (app.result) drawTable(year());
    }));
    $('wb-tabel').addEventListener('click', (ev) => {
      const th = ev.target.closest('th'), a = ev.target.closest('a[data-open]');
      if (th) {
        const c = th.dataset.col;
        app.sort = {col: c, dir: app.sort.col === c ? -app.sort.dir : (['code', 'name', 'prov'].indexOf(c) >= 0 ? 1 : -1)};
        writeHash();
        drawTable(year());
      } else if (a) {
        ev.preventDefault();
        openGemeente(a.dataset.open);
      }
    });
    $('wb-terug').addEventListener('click', (ev) => { ev.preventDefault(); app.state.g = null; writeHash(); drawGemeente(); });
    $('wb-dl-csv').addEventListener('click', (ev) => download(ev, 'csv', 'allocations.csv'));
    $('wb-dl-budget').addEventListener('click', (ev) => download(ev, 'budget-csv', 'budget.csv'));
    $('wb-dl-yaml').addEventListener('click', (ev) => download(ev, 'yaml', 'werkbank.yaml'));
    $('wb-dl-xlsx').addEventListener('click', (ev) => download(ev, 'xlsx', 'ingroei.xlsx'));
    $('wb-dl-summary').addEventListener('click', (ev) => download(ev, 'summary', 'summary.json'));
    $('wb-link').addEventListener('focus', () => $('wb-link').select());
    $('wb-sleutel-bestand').addEventListener('change', () => {
      const f = Array.from($('wb-sleutel-bestand').files);
      if (f.length) uploadKey(f);
    });
    $('wb-sleutel-weg').addEventListener('click', dropKey);
    window.addEventListener('hashchange', () => {
      if (location.hash === stateToHash()) return;
      app.state = hashToState();
      showKnobs();
      recompute();
    });
    await recompute();
  }
  start().catch((e) => { $('wb-status').textContent = 'De werkbank kon niet starten: ' + (e.message || e); });
})();
