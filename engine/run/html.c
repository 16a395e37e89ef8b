/*
 * html.c - report.html of a run: the national picture (budget, p_t, historical and
 * objective part per year, with gnuplot's charts), a table of all gemeenten to sort and
 * filter, and a page per gemeente (#GM0363) drawn by run.js from the run's own numbers,
 * inlined as JSON. Nothing is recomputed here: every figure comes from the run.
 */
#include "run/run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const unsigned char ig_asset_run_js[];
extern const size_t ig_asset_run_js_len;

#define CHART_NATIONAL "report_ingroeipad.svg"
#define CHART_RANKED   "report_winnaars_verliezers.svg"

/* ---- the charts' data and script --------------------------------------------------- */

static void build_chart_data(ig_buf *dat, const ingroei_run *r, const size_t *pick, size_t n)
{
    ig_buf_puts(dat, "# the charts of report.html (report.gp draws them)\n# scenario: ");
    for (const char *c = r->sc->name; *c; c++) /* one comment line: no line break */
        ig_buf_putc(dat, (unsigned char)*c < 0x20 ? ' ' : *c);
    if (r->obj.illustrative)
        ig_buf_puts(dat, "\n# the objective key is ILLUSTRATIVE");
    if (r->obj.own_key)
        ig_buf_printf(dat, "\n# objective key: %s", r->obj.name);
    ig_buf_puts(dat, "\n# block 0: jaar, historisch deel (mln euro), objectief deel (mln euro), "
                     "aandeel objectief (%)\n");
    for (size_t y = 0; y < r->n_y; y++) {
        ig_put_int(dat, r->first_year + (int)y);
        ig_buf_putc(dat, ' ');
        ig_put_fixed(dat, (double)r->out.sum_hist[y] / 1e6, 6, '.');
        ig_buf_putc(dat, ' ');
        ig_put_fixed(dat, (double)r->out.sum_obj[y] / 1e6, 6, '.');
        ig_buf_putc(dat, ' ');
        ig_put_fixed(dat, r->p[y] * 100.0, 4, '.');
        ig_buf_putc(dat, '\n');
    }
    ig_buf_puts(dat, "\n\n# block 1: positie, verschil met historisch per inwoner (euro) in the "
                     "last year, gemeentecode (the names are the ytics of report.gp)\n");
    for (size_t k = 0; k < n; k++) {
        ig_buf_printf(dat, "%zu ", k);
        ig_put_fixed(dat, ig_run_gain_per_inhabitant(r, r->n_y - 1, pick[k]), 2, '.');
        ig_buf_printf(dat, " %s\n", r->code[pick[k]]);
    }
}

static void build_chart_script(ig_buf *gp, const ingroei_run *r, const size_t *pick, size_t n)
{
    int last = r->first_year + (int)r->n_y - 1;
    ig_buf t = {0};
    ig_buf_puts(gp, "# The charts of report.html; re-draw with: gnuplot report.gp (in the "
                    "directory that holds report.dat)\nset encoding utf8\n"
                    "set terminal svg size 900,440 font 'Sans,11' noenhanced background "
                    "rgb 'white'\n");
    ig_buf_puts(gp, "set output '" CHART_NATIONAL "'\nset title ");
    char *scn = ig_run_chart_scenario(r);
    ig_gp_title(gp, "Historisch en objectief deel van het budget per jaar",
                scn ? scn : r->sc->name, r->obj.illustrative, 900);
    free(scn);
    ig_buf_puts(gp, "\nset grid ytics\nset key outside bottom center horizontal\n"
                    "set style data histograms\nset style histogram rowstacked\n"
                    "set style fill solid 0.85 border -1\nset boxwidth 0.7\n"
                    "set ylabel 'mln euro'\nset yrange [0:*]\n"
                    "set y2label 'aandeel objectief (%)'\nset y2range [0:105]\nset y2tics\n"
                    "set ytics nomirror\n"
                    "plot 'report.dat' index 0 using 2:xtic(1) lc rgb '#c0392b' "
                    "title 'historisch deel', \\\n"
                    "     '' index 0 using 3 lc rgb '#27ae60' title 'objectief deel', \\\n"
                    "     '' index 0 using 0:4 axes x1y2 with linespoints lw 2 pt 7 "
                    "lc rgb '#1f3a93' title 'aandeel objectief p_t'\n");
    ig_buf_puts(gp, "reset\nset terminal svg size 900,640 font 'Sans,10' noenhanced background "
                    "rgb 'white'\nset output '" CHART_RANKED "'\nset title ");
    ig_buf_printf(&t, "De grootste winnaars en verliezers per inwoner in %d", last);
    ig_gp_quote(gp, t.data ? t.data : "");
    ig_buf_free(&t);
    ig_buf_puts(gp, "\nset grid xtics\nunset key\nset xlabel 'verschil met volledig historisch "
                    "(euro per inwoner)'\nset offsets 0, 0, 0.5, 0.5\nset yrange [] reverse\n"
                    "set style fill solid 0.85 border -1\nset ytics (");
    for (size_t k = 0; k < n; k++) {
        ig_buf_puts(gp, k ? ", " : "");
        ig_gp_quote(gp, r->name[pick[k]]);
        ig_buf_printf(gp, " %zu", k);
    }
    /* boxxyerror: x:y:xlow:xhigh:ylow:yhigh, a bar from 0 to the value */
    ig_buf_puts(gp, ")\nplot 'report.dat' index 1 using ($2 / 2):1:($2 < 0 ? $2 : 0):"
                    "($2 < 0 ? 0 : $2):($1 - 0.35):($1 + 0.35):($2 < 0 ? 0xc0392b : 0x27ae60) "
                    "with boxxyerror lc rgb variable\nset output\n");
}

/* ---- the page ---------------------------------------------------------------------- */

/* A JSON array of one number per year, from `put`. */
typedef void put_year_fn(ig_buf *b, const ingroei_run *r, size_t y, size_t g);

static void json_years(ig_buf *b, const char *key, const ingroei_run *r, size_t g, put_year_fn *put)
{
    ig_buf_printf(b, "\"%s\":[", key);
    for (size_t y = 0; y < r->n_y; y++) {
        if (y)
            ig_buf_putc(b, ',');
        put(b, r, y, g);
    }
    ig_buf_puts(b, "]");
}

#define I(y, g) ((y)*r->n_g + (g))
static void put_p(ig_buf *b, const ingroei_run *r, size_t y, size_t g)
{
    (void)g;
    ig_put_fixed(b, r->p[y], 9, '.');
}
static void put_target(ig_buf *b, const ingroei_run *r, size_t y, size_t g)
{
    (void)g;
    ig_put_int(b, r->out.target[y]);
}
static void put_budget(ig_buf *b, const ingroei_run *r, size_t y, size_t g)
{
    (void)g;
    ig_put_int(b, r->budget[y]);
}
static void put_budget_obj(ig_buf *b, const ingroei_run *r, size_t y, size_t g)
{
    (void)g;
    ig_put_int(b, r->budget_obj[y]);
}
static void put_sum_hist(ig_buf *b, const ingroei_run *r, size_t y, size_t g)
{
    (void)g;
    ig_put_int(b, r->out.sum_hist[y]);
}
static void put_sum_obj(ig_buf *b, const ingroei_run *r, size_t y, size_t g)
{
    (void)g;
    ig_put_int(b, r->out.sum_obj[y]);
}
static void put_residual(ig_buf *b, const ingroei_run *r, size_t y, size_t g)
{
    (void)g;
    ig_put_int(b, r->out.residual[y]);
}
/* The factor to the last digit (the shortest decimal that reads back as the same
 * double): the explanation shows it whole, so that uf x B_g + A_g can be redone to the
 * euro (nine decimals leave the product up to 5e-10 x B_g off). */
static void put_uf(ig_buf *b, const ingroei_run *r, size_t y, size_t g)
{
    (void)g;
    ig_put_double(b, r->uf_part[y]);
}
static void put_cap_active(ig_buf *b, const ingroei_run *r, size_t y, size_t g)
{
    (void)g;
    ig_buf_puts(b, !r->cap.active[y] ? "0" : r->cap.feasible[y] ? "1" : "-1");
}
static void put_cap_scale(ig_buf *b, const ingroei_run *r, size_t y, size_t g)
{
    (void)g;
    ig_put_fixed(b, r->cap.lambda[y], 9, '.');
}
static void put_inh(ig_buf *b, const ingroei_run *r, size_t y, size_t g)
{
    ig_put_int(b, r->inhabitants[I(y, g)]);
}
static void put_o(ig_buf *b, const ingroei_run *r, size_t y, size_t g)
{
    ig_put_fixed(b, r->o_part[I(y, g)] * 100.0, 9, '.'); /* percent */
}
static void put_hist(ig_buf *b, const ingroei_run *r, size_t y, size_t g)
{
    ig_put_int(b, r->out.historical[I(y, g)]);
}
static void put_obj(ig_buf *b, const ingroei_run *r, size_t y, size_t g)
{
    ig_put_int(b, r->out.objective[I(y, g)]);
}
static void put_exact(ig_buf *b, const ingroei_run *r, size_t y, size_t g)
{
    ig_put_fixed(b, r->out.exact[I(y, g)], 4, '.');
}
static void put_uncapped(ig_buf *b, const ingroei_run *r, size_t y, size_t g)
{
    ig_put_int(b, r->cap.uncapped[I(y, g)]);
}
static void put_total(ig_buf *b, const ingroei_run *r, size_t y, size_t g)
{
    ig_put_int(b, r->out.total[I(y, g)]);
}
static void put_full_hist(ig_buf *b, const ingroei_run *r, size_t y, size_t g)
{
    ig_put_int(b, r->out.full_hist[I(y, g)]);
}
static void put_full_obj(ig_buf *b, const ingroei_run *r, size_t y, size_t g)
{
    ig_put_int(b, r->out.full_obj[I(y, g)]);
}
static void put_total_pi(ig_buf *b, const ingroei_run *r, size_t y, size_t g)
{
    ig_html_json_per_inhabitant(b, r->out.total[I(y, g)], r->inhabitants[I(y, g)]);
}
static void put_diff_pi(ig_buf *b, const ingroei_run *r, size_t y, size_t g)
{
    size_t i = I(y, g);
    ig_html_json_per_inhabitant(b, r->out.total[i] - r->out.full_hist[i], r->inhabitants[i]);
}
static void put_rounding(ig_buf *b, const ingroei_run *r, size_t y, size_t g)
{
    ig_put_fixed(b, (double)r->cap.uncapped[I(y, g)] - r->out.exact[I(y, g)], 4, '.');
}
static void put_cap_flag(ig_buf *b, const ingroei_run *r, size_t y, size_t g)
{
    ig_put_int(b, r->cap.flag[I(y, g)]);
}
#undef I

/* The numbers the gemeente pages show, as JSON: per year the national figures, per
 * gemeente its keys and every column of allocations.csv, and the unrounded allocation. */
static void build_data(ig_buf *b, const ingroei_run *r)
{
    static const struct {
        const char *key;
        put_year_fn *put;
    } national[] = {{"p", put_p},
                    {"budget", put_target},
                    {"budget_h", put_budget},
                    {"budget_o", put_budget_obj},
                    {"part_h", put_sum_hist},
                    {"part_o", put_sum_obj},
                    {"residual", put_residual},
                    {"uf", put_uf},
                    {"cap", put_cap_active},
                    {"cap_scale", put_cap_scale}},
      gemeente[] = {{"inh", put_inh},       {"o", put_o},          {"hist", put_hist},
                    {"obj", put_obj},       {"exact", put_exact},  {"unc", put_uncapped},
                    {"tot", put_total},     {"fh", put_full_hist}, {"fo", put_full_obj},
                    {"capg", put_cap_flag}, {"pi", put_total_pi},  {"dpi", put_diff_pi},
                    {"rnd", put_rounding}};
    ig_buf_puts(b, "{");
    ig_html_json_text(b, "scenario", r->sc->name);
    ig_buf_putc(b, ',');
    ig_html_json_text(b, "notice", r->obj.illustrative ? r->obj.notice : NULL);
    ig_buf_printf(b, ",\"rounding\":\"%s\",\"capped\":%s,\"years\":[",
                  r->sc->rounding == IG_ROUND_EXACT_TOTAL ? "exact-total" : "per-line",
                  r->sc->cap.enabled ? "true" : "false");
    for (size_t y = 0; y < r->n_y; y++)
        ig_buf_printf(b, "%s%d", y ? "," : "", r->first_year + (int)y);
    ig_buf_puts(b, "],\"inh_year\":[");
    for (size_t y = 0; y < r->n_y; y++)
        ig_buf_printf(b, "%s%d", y ? "," : "", r->inhabitants_year[y]);
    ig_buf_puts(b, "]");
    for (size_t k = 0; k < sizeof national / sizeof national[0]; k++) {
        ig_buf_putc(b, ',');
        json_years(b, national[k].key, r, 0, national[k].put);
    }
    ig_buf_puts(b, ",\"key_sum_b\":");
    ig_put_fixed(b, r->key_sum_b, 4, '.');
    ig_buf_puts(b, ",\"key_sum_a\":");
    ig_put_fixed(b, r->key_sum_a, 4, '.');
    ig_buf_puts(b, ",\"gemeenten\":[\n");
    for (size_t g = 0; g < r->n_g; g++) {
        ig_buf_puts(b, "{");
        ig_html_json_gemeente(b, r->code[g], r->name[g], r->province[g]);
        ig_buf_puts(b, ",\"h\":");
        ig_put_fixed(b, r->h[g] * 100.0, 9, '.'); /* percent */
        ig_buf_puts(b, ",\"kb\":");
        ig_put_fixed(b, r->key_b[g], 4, '.');
        ig_buf_puts(b, ",\"ka\":");
        ig_put_fixed(b, r->key_a[g], 4, '.');
        for (size_t k = 0; k < sizeof gemeente / sizeof gemeente[0]; k++) {
            ig_buf_putc(b, ',');
            json_years(b, gemeente[k].key, r, g, gemeente[k].put);
        }
        ig_buf_puts(b, g + 1 < r->n_g ? "},\n" : "}\n");
    }
    ig_buf_puts(b, "]}");
}

/* The table of years: the national picture in numbers. */
static void build_years_table(ig_buf *b, const ingroei_run *r)
{
    static const ig_html_col cols[] = {
        {"Jaar", true},
        {"Aandeel objectief p_t (%)", true},
        {"Budget", true},
        {"Historisch deel", true},
        {"Objectief deel", true},
        {"Som toewijzingen", true},
        {"Afrondingsverschil", true},
        {"Cap", false},
    };
    ig_html_table_begin(b, "ig-jaren", "Per jaar (euro)", cols, sizeof cols / sizeof cols[0]);
    for (size_t y = 0; y < r->n_y; y++) {
        ig_html_row_begin(b);
        ig_html_td_year(b, r->first_year + (int)y);
        ig_html_td_fixed(b, r->p[y] * 100.0, 1, false);
        ig_html_td_int(b, r->out.target[y]);
        ig_html_td_int(b, r->out.sum_hist[y]);
        ig_html_td_int(b, r->out.sum_obj[y]);
        ig_html_td_int(b, r->out.sum_total[y]);
        ig_html_td_int(b, r->out.residual[y]);
        ig_buf t = {0};
        if (!r->cap.active[y])
            ig_buf_puts(&t, "-");
        else if (!r->cap.feasible[y])
            ig_buf_puts(&t, "niet haalbaar: dit jaar zonder cap");
        else
            ig_buf_printf(&t, "%zu op verliesgrens, %zu op winstgrens", r->cap.n_loss[y],
                          r->cap.n_gain[y]);
        ig_html_td_text(b, t.data ? t.data : "");
        if (t.failed)
            b->failed = true;
        ig_buf_free(&t);
        ig_html_row_end(b);
    }
    ig_html_table_end(b);
}

/* The table of all gemeenten in the last year, with its filters. */
static void build_gemeenten_table(ig_buf *b, const ingroei_run *r)
{
    size_t y = r->n_y - 1;
    int last = r->first_year + (int)y;
    char l_inh[48], l_hist[48], l_tot[48], l_diff[48], l_pi[64];
    snprintf(l_inh, sizeof l_inh, "Inwoners %d", r->inhabitants_year[y]);
    snprintf(l_hist, sizeof l_hist, "Volledig historisch %d", last);
    snprintf(l_tot, sizeof l_tot, "Totaal %d", last);
    snprintf(l_diff, sizeof l_diff, "Verschil %d", last);
    snprintf(l_pi, sizeof l_pi, "Verschil per inwoner %d", last);
    const ig_html_col cols[] = {
        {"Code", false}, {"Gemeente", false}, {"Provincie", false}, {l_inh, true},
        {l_hist, true},  {l_tot, true},       {l_diff, true},       {l_pi, true},
    };
    ig_html_filters_begin(b, "ig-gemeenten", (const char *const *)r->province, r->n_g);
    ig_html_filter_sign(b, "ig-gemeenten", 7, "Per inwoner");
    ig_buf_puts(b, "</div>\n");
    ig_html_filter_count(b, "ig-gemeenten", "gemeenten");
    ig_html_table_begin(b, "ig-gemeenten", NULL, cols, sizeof cols / sizeof cols[0]);
    for (size_t g = 0; g < r->n_g; g++) {
        size_t i = y * r->n_g + g;
        int64_t inh = r->inhabitants[i], diff = r->out.total[i] - r->out.full_hist[i];
        ig_html_row_begin(b);
        ig_html_td_gemeente(b, r->code[g], r->name[g], r->province[g]);
        ig_html_td_int(b, inh);
        ig_html_td_int(b, r->out.full_hist[i]);
        ig_html_td_int(b, r->out.total[i]);
        ig_html_td_int(b, diff);
        ig_html_td_fixed(b, inh > 0 ? (double)diff / (double)inh : 0.0, 2, inh <= 0);
        ig_html_row_end(b);
    }
    ig_html_table_end(b);
}

static void build_page(ig_buf *b, const ingroei_run *r, const ig_buf *svgs, const char *why)
{
    ig_asset app = {ig_asset_run_js, ig_asset_run_js_len};
    ig_buf t = {0}, sub = {0};
    ig_buf_printf(&t, "Beschermd wonen: %s", r->sc->name);
    ig_buf_printf(&sub, "ingroei %s, %d-%d, %zu gemeenten, %s", INGROEI_VERSION,
                  r->first_year, r->first_year + (int)r->n_y - 1, r->n_g,
                  r->sc->rounding == IG_ROUND_EXACT_TOTAL
                      ? "afgerond met de grootste rest (samen precies het budget)"
                      : "elk bedrag apart afgerond");
    ig_buf notice = {0};
    if (r->obj.illustrative)
        ig_notice_nl(&notice, &r->obj);
    if (r->obj.own_key) { /* not illustrative: the user's key, named in the subtitle */
        ig_buf_puts(&sub, ". ");
        ig_notice_nl(&sub, &r->obj);
    }
    if (t.failed || sub.failed || notice.failed)
        b->failed = true; /* out of memory: the page is not written */
    ig_html_begin(b, t.data ? t.data : "", sub.data ? sub.data : "",
                  r->obj.illustrative ? notice.data : NULL, &app);
    ig_buf_free(&notice);
    ig_buf_free(&t);
    ig_buf_free(&sub);

    ig_buf_puts(b, "<nav class=\"ig-nav\"><a href=\"#landelijk\">Landelijk beeld</a> "
                   "<a href=\"#gemeenten\">Alle gemeenten</a></nav>\n"
                   "<div id=\"ig-overview\">\n<section id=\"landelijk\">\n"
                   "<h2>Landelijk beeld</h2>\n<p>Per jaar gaat het historische deel van het "
                   "budget, (1 &minus; p<sub>t</sub>) &times; budget, naar de centrumgemeenten "
                   "volgens de historische sleutel h<sub>g</sub>, en het objectieve deel, "
                   "p<sub>t</sub> &times; budget, naar alle gemeenten volgens de objectieve "
                   "sleutel o<sub>g</sub>. Alle bedragen in hele euro's.</p>\n");
    if (r->sc->description) {
        ig_buf_puts(b, "<p class=\"ig-description\">");
        ig_html_text(b, r->sc->description);
        ig_buf_puts(b, "</p>\n");
    }
    if (svgs) {
        ig_html_svg(b, svgs[0].data, svgs[0].len,
                    "Historisch en objectief deel van het budget per jaar, en het aandeel "
                    "objectief p_t");
    } else {
        ig_html_chart_missing(b, "historisch en objectief deel per jaar", why);
    }
    build_years_table(b, r);
    if (svgs)
        ig_html_svg(b, svgs[1].data, svgs[1].len,
                    "De grootste winnaars en verliezers per inwoner in het laatste jaar");
    else
        ig_html_chart_missing(b, "de grootste winnaars en verliezers", why);
    ig_buf_puts(b, "</section>\n<section id=\"gemeenten\">\n<h2>Alle gemeenten</h2>\n"
                   "<p>Klik op een kolomkop om te sorteren, op een naam voor de pagina van die "
                   "gemeente. Verschil: het totaal min de volledig historische verdeling van "
                   "hetzelfde budget.</p>\n");
    build_gemeenten_table(b, r);
    ig_buf_puts(b, "</section>\n</div>\n"
                   "<section id=\"ig-gemeente\" hidden></section>\n");

    ig_buf_printf(b,
                  "<footer class=\"ig-footer\"><details><summary>Invoer: %zu bestanden, met "
                  "SHA-256 en bron</summary><ul>\n",
                  r->n_inputs);
    for (size_t i = 0; i < r->n_inputs; i++) {
        ig_buf_puts(b, "<li><code>");
        ig_html_text(b, r->inputs[i].display);
        ig_buf_puts(b, "</code> (sha256 ");
        ig_html_text(b, r->inputs[i].sha256);
        ig_buf_puts(b, "): ");
        ig_html_text(b, r->inputs[i].source);
        ig_buf_puts(b, "</li>\n");
    }
    ig_buf_puts(b, "</ul></details></footer>\n");
    ig_buf data = {0};
    build_data(&data, r);
    ig_html_end(b, &data, &app);
    ig_buf_free(&data);
}

ingroei_status ig_html_report_write(const ingroei_run *r, const char *dir, int draw,
                                    const char *gnuplot, ingroei_output_report *report,
                                    ingroei_error *err)
{
    size_t pick[2 * IG_N_RANKED], n = 0;
    if (ig_plot_extremes(r, pick, &n) != INGROEI_OK)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    ig_buf dat = {0}, gp = {0}, page = {0}, svgs[2];
    char why[400] = "";
    ingroei_status st = INGROEI_OK;
    bool drawn = false;
    if (draw) {
        build_chart_data(&dat, r, pick, n);
        build_chart_script(&gp, r, pick, n);
        st = ig_write_file(dir, "report.dat", &dat, report, err);
        if (st == INGROEI_OK)
            st = ig_write_file(dir, "report.gp", &gp, report, err);
        const char *names[] = {CHART_NATIONAL, CHART_RANKED};
        if (st == INGROEI_OK)
            st = ig_html_gnuplot_svgs(dir, gnuplot, "report.dat", &dat, "report.gp", &gp, names, 2,
                                      svgs, &drawn, why, sizeof why, err);
    } else {
        snprintf(why, sizeof why,
                 "het rapport is gemaakt met --no-plots: er is geen grafiek "
                 "getekend");
    }
    if (st == INGROEI_OK) {
        build_page(&page, r, drawn ? svgs : NULL, why);
        st = ig_write_file(dir, "report.html", &page, report, err);
    }
    if (st == INGROEI_OK && draw && !drawn && !report->plots_skipped) {
        report->plots_skipped = 1;
        snprintf(report->note, sizeof report->note,
                 "the charts of report.html are missing (the report says why): %s", why);
    }
    if (drawn)
        for (int i = 0; i < 2; i++)
            ig_buf_free(&svgs[i]);
    ig_buf_free(&dat);
    ig_buf_free(&gp);
    ig_buf_free(&page);
    return st;
}
