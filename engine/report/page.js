/* page.js - the shared behaviour of ingroei's HTML reports (inlined into every report):
 * Dutch number formatting, sorting and filtering of tables made by html.c, the page's
 * inlined data, routes on the URL fragment, and curves drawn with uPlot. No network. */
"use strict";
var ig = (function () {
  /* 1234567 -> "1.234.567"; -12.5 with 2 decimals -> "-12,50" (no locale: the same
   * everywhere). */
  function group(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }
  function fmtInt(n) {
    var s = String(Math.abs(n));
    return (n < 0 ? "-" : "") + group(s);
  }
  function fmtFixed(x, decimals) {
    var s = Math.abs(x).toFixed(decimals), dot = s.indexOf(".");
    var whole = dot < 0 ? s : s.slice(0, dot), frac = dot < 0 ? "" : "," + s.slice(dot + 1);
    var neg = x < 0 && /[1-9]/.test(s);
    return (neg ? "-" : "") + group(whole) + frac;
  }
  function signed(text, x) {
    return (x > 0 ? "+" : "") + text;
  }

  /* The value a cell sorts and filters by (data-v, exact). */
  function cellValue(row, col, numeric) {
    var cell = row.cells[col];
    var v = cell ? cell.getAttribute("data-v") : "";
    if (!numeric) return v || "";
    return v === "" || v === null ? NaN : parseFloat(v);
  }

  function sortTable(table, col, th) {
    var numeric = th.getAttribute("data-num") === "1";
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    var heads = table.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) heads[i].setAttribute("aria-sort", "none");
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (r, i) { r._igIndex = i; });
    rows.sort(function (a, b) {
      var x = cellValue(a, col, numeric), y = cellValue(b, col, numeric), c;
      if (numeric) {
        if (isNaN(x) || isNaN(y)) c = isNaN(x) - isNaN(y); /* empty cells last */
        else c = dir * (x - y);
      } else {
        c = dir * x.localeCompare(y, "nl");
      }
      return c || a._igIndex - b._igIndex;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function filtersOf(id) {
    return Array.prototype.filter.call(document.querySelectorAll("[data-filter]"),
      function (el) { return el.getAttribute("data-table") === id; });
  }

  /* Shows the rows of table `id` that pass all its filters, and counts them. */
  function applyFilters(id) {
    var table = document.getElementById(id);
    if (!table) return;
    var filters = filtersOf(id), shown = 0, rows = table.tBodies[0].rows;
    for (var i = 0; i < rows.length; i++) {
      var ok = true;
      for (var k = 0; k < filters.length && ok; k++) {
        var f = filters[k], col = +f.getAttribute("data-col"), kind = f.getAttribute("data-filter");
        if (kind === "text") {
          var q = f.value.trim().toLowerCase();
          ok = !q || cellValue(rows[i], col, false).toLowerCase().indexOf(q) >= 0;
        } else if (kind === "equal") {
          ok = !f.value || cellValue(rows[i], col, false) === f.value;
        } else if (kind === "sign") {
          var thrEl = filters.filter(function (t) {
            return t.getAttribute("data-filter") === "threshold" && +t.getAttribute("data-col") === col;
          })[0];
          var thr = thrEl && thrEl.value !== "" ? Math.abs(parseFloat(thrEl.value)) || 0 : 0;
          var v = cellValue(rows[i], col, true);
          if (f.value === "gain") ok = v > thr;
          else if (f.value === "loss") ok = v < -thr;
          else ok = thr === 0 || Math.abs(v) > thr;
        }
      }
      rows[i].hidden = !ok;
      if (ok) shown++;
    }
    document.querySelectorAll("[data-count-for]").forEach(function (el) {
      if (el.getAttribute("data-count-for") === id)
        el.textContent = shown + " van " + rows.length + " " + el.getAttribute("data-noun");
    });
  }

  function setUpTables() {
    document.querySelectorAll("table.ig-table").forEach(function (table) {
      if (!table.tHead) return;
      var heads = table.tHead.rows[0].cells;
      Array.prototype.forEach.call(heads, function (th, col) {
        var button = th.querySelector("button");
        if (button) button.addEventListener("click", function () { sortTable(table, col, th); });
      });
      if (table.id) applyFilters(table.id);
    });
    document.querySelectorAll("[data-filter]").forEach(function (el) {
      var go = function () { applyFilters(el.getAttribute("data-table")); };
      el.addEventListener("input", go);
      el.addEventListener("change", go);
    });
  }

  function data() {
    var el = document.getElementById("ig-data");
    return el ? JSON.parse(el.textContent) : null;
  }

  /* Calls handler(fragment without '#') now and whenever the fragment changes. */
  function route(handler) {
    var go = function () {
      var raw = location.hash.slice(1), key = raw;
      try { key = decodeURIComponent(raw); } catch (e) { /* a malformed #%E0: take it as it is */ }
      handler(key);
    };
    window.addEventListener("hashchange", go);
    go();
  }

  /* Draws curves into `el`: opts.x (numbers), opts.series [{label, values, color,
   * width, dash}], opts.yFormat (number -> text). */
  function chart(el, opts) {
    el.textContent = "";
    var series = [{ label: opts.xLabel || "jaar", value: function (u, v) { return v == null ? "" : String(v); } }];
    opts.series.forEach(function (s) {
      series.push({
        label: s.label, stroke: s.color, width: s.width || 2, dash: s.dash,
        points: { show: !s.dash }, value: function (u, v) { return v == null ? "" : opts.yFormat(v); }
      });
    });
    var width = Math.max(320, Math.min(el.clientWidth || 900, 1100) - 16);
    /* the legend shows the last year's values unless the cursor is on another year */
    var last = opts.x.length - 1;
    function lastYear(u) { if (u.cursor.idx == null) u.setLegend({ idx: last }); }
    return new uPlot({
      width: width, height: opts.height || 340, series: series,
      scales: { x: { time: false } },
      hooks: { ready: [lastYear], setCursor: [lastYear] },
      axes: [
        { incrs: [1, 2, 5, 10], values: function (u, vals) { return vals.map(String); } },
        { size: 90, values: function (u, vals) { return vals.map(opts.yFormat); } }
      ]
    }, [opts.x].concat(opts.series.map(function (s) { return s.values; })), el);
  }

  /* A DOM element with text children only (never HTML from strings). */
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return e;
  }

  document.addEventListener("DOMContentLoaded", setUpTables);
  return { fmtInt: fmtInt, fmtFixed: fmtFixed, signed: signed, data: data, route: route,
           chart: chart, el: el, applyFilters: applyFilters };
})();
