/* run.js - the gemeente pages of a run's report.html: #GM0363 shows that gemeente's table
 * of every year, its curve and the explanation of its numbers, all taken from the run's
 * values inlined as JSON by html_run.c (nothing is recomputed here). */
"use strict";
(function () {
  var D = ig.data(), byCode = {};
  D.gemeenten.forEach(function (g) { byCode[g.code] = g; });
  var E = ig.el, euro = ig.fmtInt;
  var overview = document.getElementById("ig-overview");
  var page = document.getElementById("ig-gemeente");

  function pct(x, d) { return ig.fmtFixed(x, d) + " %"; }
  function diffClass(x) { return x > 0 ? "ig-gain" : x < 0 ? "ig-loss" : ""; }

  function yearTable(g) {
    var heads = ["Jaar", "Inwoners", "p_t (%)", "Historisch deel", "Objectief deel",
                 "Totaal zonder cap", "Effect cap", "Totaal", "Totaal per inwoner",
                 "Volledig historisch", "Verschil", "Verschil per inwoner", "Volledig objectief"];
    var thead = E("thead", {}, [E("tr", {}, heads.map(function (h, i) {
      return E("th", i ? { "class": "num" } : {}, [h]);
    }))]);
    var body = E("tbody");
    D.years.forEach(function (year, y) {
      var diff = g.tot[y] - g.fh[y];
      var cells = [
        String(year), euro(g.inh[y]), ig.fmtFixed(D.p[y] * 100, 1), euro(g.hist[y]),
        euro(g.obj[y]), euro(g.unc[y]), ig.signed(euro(g.tot[y] - g.unc[y]), g.tot[y] - g.unc[y]),
        euro(g.tot[y]), g.pi[y] === null ? "" : ig.fmtFixed(g.pi[y], 2), euro(g.fh[y]),
        ig.signed(euro(diff), diff), g.dpi[y] === null ? "" : ig.signed(ig.fmtFixed(g.dpi[y], 2), g.dpi[y]),
        euro(g.fo[y])
      ];
      body.appendChild(E("tr", { "data-year": String(year) }, cells.map(function (c, i) {
        var attrs = i ? { "class": "num" } : {};
        if (i === 10 || i === 11) attrs["class"] = "num " + diffClass(diff);
        return E("td", attrs, [c]);
      })));
    });
    return E("div", { "class": "ig-table-wrap" }, [
      E("table", { "class": "ig-table", id: "ig-gemeente-jaren" }, [
        E("caption", {}, ["Per jaar (euro)"]), thead, body])]);
  }

  /* A number with every digit it has (as summary.json writes it), a decimal comma. */
  function allDigits(x) {
    return String(x).replace(".", ",");
  }

  /* The explanation of one year's numbers: each step with the run's own result. */
  function explain(g, y) {
    var dl = E("dl");
    function row(term, text, result) {
      dl.appendChild(E("dt", {}, [term]));
      var dd = E("dd", {}, [text]);
      if (result !== undefined) {
        dd.appendChild(document.createTextNode(" = "));
        dd.appendChild(E("span", { "class": "ig-result" }, [result]));
      }
      dl.appendChild(dd);
    }
    var p = D.p[y], sep = D.budget_o[y] !== D.budget_h[y];
    row("Budget B_t", "het budget van " + D.years[y] + (sep ? " voor het historische deel" : ""),
        euro(D.budget_h[y]));
    if (sep) row("Budget B'_t", "het budget van het objectieve deel", euro(D.budget_o[y]));
    row("Aandeel objectief p_t", "volgens het ingroeipad van het scenario", ig.fmtFixed(p, 6) +
        " (" + pct(p * 100, 1) + ")");
    row("Historische sleutel h_g", g.h > 0 ? "aandeel van " + g.name + " in de historische verdeling"
        : g.name + " is geen centrumgemeente: geen historisch bedrag", pct(g.h, 9));
    row("Objectieve sleutel o_g", "aandeel in het objectieve deel: (uf × B_g + A_g) / (p_t × " +
        (sep ? "B'_t" : "B_t") + "), met uitkeringsbasis B_g = " + ig.fmtFixed(g.kb, 2) +
        ", A_g = " + ig.fmtFixed(g.ka, 2) + (p > 0 ? ", uitkeringsfactor uf = " + allDigits(D.uf[y])
        : " (dit jaar wordt niets objectief verdeeld)"), pct(g.o[y], 9));
    row("Historisch deel", "(1 − p_t) × B_t × h_g, afgerond op hele euro's", euro(g.hist[y]));
    row("Objectief deel", "p_t × " + (sep ? "B'_t" : "B_t") + " × o_g, afgerond op hele euro's",
        euro(g.obj[y]));
    row("Onafgerond", "historisch deel + objectief deel vóór afronding", ig.fmtFixed(g.exact[y], 4));
    row("Afronding", D.rounding === "exact-total"
        ? "exact-total: grootste rest, zodat de gemeenten samen precies het budget krijgen"
        : "per-line: elk bedrag half van nul af afgerond; landelijk afrondingsverschil " +
          euro(D.residual[y]), ig.signed(ig.fmtFixed(g.rnd[y], 4), g.rnd[y]));
    row("Totaal zonder cap", "afgerond", euro(g.unc[y]));
    var capText = !D.capped ? "het scenario heeft geen cap"
      : D.cap[y] === 0 ? "geen cap in dit jaar"
      : D.cap[y] < 0 ? "de cap kon dit jaar niet worden gehaald: zonder cap verdeeld"
      : g.capg[y] < 0 ? "op de verliesgrens gehouden (winsten van anderen × " + ig.fmtFixed(D.cap_scale[y], 6) + ")"
      : g.capg[y] > 0 ? "op de winstgrens gehouden"
      : "niet op een grens; winsten × " + ig.fmtFixed(D.cap_scale[y], 6);
    row("Effect cap", capText, ig.signed(euro(g.tot[y] - g.unc[y]), g.tot[y] - g.unc[y]));
    row("Totaal", D.years[y] + ", toegewezen aan " + g.name, euro(g.tot[y]));
    row("Verschil met volledig historisch", "totaal − " + euro(g.fh[y]) + " (B_t × h_g)",
        ig.signed(euro(g.tot[y] - g.fh[y]), g.tot[y] - g.fh[y]) +
        (g.dpi[y] === null ? "" : " (" + ig.signed(ig.fmtFixed(g.dpi[y], 2), g.dpi[y]) +
          " per inwoner, " + euro(g.inh[y]) + " inwoners op 1 januari " + D.inh_year[y] + ")"));
    return dl;
  }

  /* The year explained first: the first one in the middle of the path, else the last. */
  function defaultYear() {
    for (var y = 0; y < D.years.length; y++) if (D.p[y] > 0 && D.p[y] < 1) return y;
    return D.years.length - 1;
  }

  function show(g) {
    page.textContent = "";
    page.appendChild(E("p", {}, [E("a", { href: "#gemeenten" }, ["← alle gemeenten"])]));
    page.appendChild(E("h2", { id: "ig-gemeente-naam" }, [g.name + " (" + g.code + ", " + g.province + ")"]));
    page.appendChild(E("p", {}, ["Wat " + g.name + " per jaar krijgt voor beschermd wonen in het scenario “" +
      D.scenario + "”, in hele euro's."]));
    page.appendChild(yearTable(g));
    var box = E("div", { "class": "ig-chart", id: "ig-gemeente-grafiek" });
    page.appendChild(E("h3", {}, ["Verloop"]));
    page.appendChild(box);
    var select = E("select", { id: "ig-uitleg-jaar" }, D.years.map(function (year, y) {
      return E("option", { value: String(y) }, [String(year)]);
    }));
    var y0 = defaultYear();
    select.value = String(y0);
    var holder = E("div", { "class": "ig-explain", id: "ig-uitleg" }, [explain(g, y0)]);
    select.addEventListener("change", function () {
      holder.replaceChild(explain(g, +select.value), holder.firstChild);
    });
    page.appendChild(E("h3", {}, ["Uitleg van de bedragen in ", select]));
    page.appendChild(holder);
    overview.hidden = true;
    page.hidden = false;
    window.scrollTo(0, 0);
    ig.chart(box, {
      x: D.years,
      yFormat: function (v) { return ig.fmtFixed(v / 1e6, 1) + " mln"; },
      series: [
        { label: "totaal", values: g.tot, color: "#1f3a93", width: 3 },
        { label: "historisch deel", values: g.hist, color: "#c0392b" },
        { label: "objectief deel", values: g.obj, color: "#27ae60" },
        { label: "volledig historisch", values: g.fh, color: "#c0392b", dash: [6, 4] },
        { label: "volledig objectief", values: g.fo, color: "#27ae60", dash: [6, 4] }
      ]
    });
  }

  ig.route(function (frag) {
    var g = byCode[frag.toUpperCase()];
    if (g) return show(g);
    page.hidden = true;
    overview.hidden = false;
    var target = frag && document.getElementById(frag);
    if (target) target.scrollIntoView();
  });
})();
