/* compare.js - the curves and gemeente pages of a comparison's report.html: p_t and the
 * budget of every scenario per year, and #GM0363: that gemeente's allocation per year in
 * every scenario side by side, with one curve per scenario. All numbers are those
 * html_compare.c inlined as JSON (null where a scenario lacks a year); nothing is
 * recomputed here. */
"use strict";
(function () {
  var D = ig.data(), byCode = {};
  D.gemeenten.forEach(function (g) { byCode[g.code] = g; });
  var E = ig.el, euro = ig.fmtInt;
  var COLORS = ["#1f3a93", "#c0392b", "#27ae60", "#8e44ad", "#d35400", "#16a085", "#7f6000",
                "#5c6670"];
  var overview = document.getElementById("ig-overview");
  var page = document.getElementById("ig-gemeente");

  function color(i) { return COLORS[i % COLORS.length]; }
  function blankOr(x, format) { return x === null ? "" : format(x); }
  function signedEuro(x) { return ig.signed(euro(x), x); }
  function signedFixed(x) { return ig.signed(ig.fmtFixed(x, 2), x); }
  function numClass(x) { return x > 0 ? "num ig-gain" : x < 0 ? "num ig-loss" : "num"; }
  function millions(v) { return ig.fmtFixed(v / 1e6, 1) + " mln"; }

  /* One curve per scenario of `pick(scenario index)`. */
  function curves(box, pick, yFormat) {
    ig.chart(box, {
      x: D.years, yFormat: yFormat,
      series: D.scenarios.map(function (s, i) {
        return { label: s.label, values: pick(i), color: color(i), width: i ? 2 : 3 };
      })
    });
  }

  function national() {
    curves(document.getElementById("ig-grafiek-p"), function (i) { return D.scenarios[i].p; },
           function (v) { return ig.fmtFixed(v * 100, 0) + " %"; });
    curves(document.getElementById("ig-grafiek-budget"),
           function (i) { return D.scenarios[i].budget; }, millions);
  }

  function yearTable(g) {
    var heads = ["Jaar", "Inwoners"];
    D.scenarios.forEach(function (s, i) {
      heads.push("Totaal " + s.label);
      if (i) heads.push("Verschil " + s.label, "Verschil per inwoner " + s.label);
    });
    var thead = E("thead", {}, [E("tr", {}, heads.map(function (h, i) {
      return E("th", i ? { "class": "num" } : {}, [h]);
    }))]);
    var body = E("tbody");
    D.years.forEach(function (year, y) {
      var cells = [E("td", {}, [String(year)]), E("td", { "class": "num" }, [blankOr(g.inh[y], euro)])];
      g.s.forEach(function (s, i) {
        cells.push(E("td", { "class": "num" }, [blankOr(s.tot[y], euro)]));
        if (!i) return;
        cells.push(E("td", { "class": numClass(s.d[y]) }, [blankOr(s.d[y], signedEuro)]));
        cells.push(E("td", { "class": numClass(s.dpi[y]) }, [blankOr(s.dpi[y], signedFixed)]));
      });
      body.appendChild(E("tr", { "data-year": String(year) }, cells));
    });
    return E("div", { "class": "ig-table-wrap" }, [
      E("table", { "class": "ig-table", id: "ig-gemeente-jaren" }, [
        E("caption", {}, ["Per jaar (euro); leeg: het scenario heeft dat jaar niet"]), thead, body])]);
  }

  function show(g) {
    page.textContent = "";
    page.appendChild(E("p", {}, [E("a", { href: "#gemeenten" }, ["← alle gemeenten"])]));
    page.appendChild(E("h2", { id: "ig-gemeente-naam" }, [g.name + " (" + g.code + ", " + g.province + ")"]));
    page.appendChild(E("p", {}, ["Wat " + g.name + " per jaar krijgt voor beschermd wonen in elk " +
      "scenario, in hele euro's; de verschillen zijn ten opzichte van " + D.scenarios[0].label + "."]));
    page.appendChild(yearTable(g));
    var box = E("div", { "class": "ig-chart", id: "ig-gemeente-grafiek" });
    page.appendChild(E("h3", {}, ["Verloop per scenario"]));
    page.appendChild(box);
    overview.hidden = true;
    page.hidden = false;
    window.scrollTo(0, 0);
    curves(box, function (i) { return g.s[i].tot; }, millions);
  }

  var drawn = false;
  ig.route(function (frag) {
    var g = byCode[frag.toUpperCase()];
    if (g) return show(g);
    page.hidden = true;
    overview.hidden = false;
    if (!drawn) { /* drawn once the overview is on screen, at its width */
      national();
      drawn = true;
    }
    var target = frag && document.getElementById(frag);
    if (target) target.scrollIntoView();
  });
})();
