/*
 * html.c - report.html of a comparison (ingroei compare --html): the scenarios
 * with their names, years and notices; p_t and the budget of each per year; all
 * gemeenten in the reference year with every scenario's allocation side by side and the
 * difference to the first; and a page per gemeente (#GM0363) that compare.js draws from
 * the runs' own numbers, inlined as JSON. The differences are those compare_breed.csv
 * holds, computed here once; the page computes nothing.
 */
#include "compare/compare.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const unsigned char ig_asset_compare_js[];
extern const size_t ig_asset_compare_js_len;

/* What the page is built from: the comparison's runs and their summaries. */
typedef struct view {
    size_t n, n_g;
    const ingroei_run **run;     /* [n], borrowed from the comparison */
    ingroei_compare_scenario *s; /* [n] */
    int first, last;             /* the years of any scenario */
    int ref;                     /* the reference year: every scenario has it */
} view;

/* The index of `year` in run r, or SIZE_MAX when r does not have it. */
static size_t year_in(const ingroei_run *r, int year)
{
    if (year < r->first_year || year >= r->first_year + (int)r->n_y)
        return SIZE_MAX;
    return (size_t)(year - r->first_year);
}

/* Where gemeente g's numbers of `year` are in run r's arrays; SIZE_MAX without the year. */
static size_t cell_of(const ingroei_run *r, int year, size_t g)
{
    size_t y = year_in(r, year);
    return y == SIZE_MAX ? SIZE_MAX : y * r->n_g + g;
}

static bool view_open(view *v, const ingroei_compare *c)
{
    memset(v, 0, sizeof *v);
    v->n = ingroei_compare_n_scenarios(c);
    v->ref = ingroei_compare_reference_year(c);
    v->run = calloc(v->n, sizeof *v->run);
    v->s = calloc(v->n, sizeof *v->s);
    if (!v->run || !v->s)
        return false;
    for (size_t i = 0; i < v->n; i++) {
        v->run[i] = ig_compare_run(c, i);
        if (ingroei_compare_get_scenario(c, i, &v->s[i], NULL) != INGROEI_OK)
            return false;
        if (!i || v->s[i].first_year < v->first)
            v->first = v->s[i].first_year;
        if (!i || v->s[i].last_year > v->last)
            v->last = v->s[i].last_year;
    }
    v->n_g = v->run[0]->n_g;
    return true;
}

static void view_close(view *v)
{
    free(v->run);
    free(v->s);
}

/* Gemeente g's inhabitants in `year` as compare_breed.csv has them: those of the first
 * scenario that has the year. */
static int64_t inhabitants(const view *v, int year, size_t g)
{
    for (size_t i = 0; i < v->n; i++) {
        size_t k = cell_of(v->run[i], year, g);
        if (k != SIZE_MAX)
            return v->run[i]->inhabitants[k];
    }
    return -1;
}

/* Scenario i's allocation of gemeente g in `year` minus the first scenario's, in *d;
 * false when either lacks the year. */
static bool diff_to_first(const view *v, size_t i, int year, size_t g, int64_t *d)
{
    size_t k = cell_of(v->run[i], year, g), k0 = cell_of(v->run[0], year, g);
    if (k == SIZE_MAX || k0 == SIZE_MAX)
        return false;
    *d = v->run[i]->out.total[k] - v->run[0]->out.total[k0];
    return true;
}

/* ---- the data for compare.js --------------------------------------------------------- */

/* What one JSON number over the years of the comparison holds. */
typedef enum series {
    S_P,      /* the scenario's p_t */
    S_BUDGET, /* its budget */
    S_INH,    /* the gemeente's inhabitants (compare_breed.csv's) */
    S_TOTAL,  /* the gemeente's allocation */
    S_DIFF,   /* ... minus the first scenario's */
    S_DIFF_PI /* ... per inhabitant */
} series;

static void put_value(ig_buf *b, const view *v, series what, size_t i, int year, size_t g)
{
    const ingroei_run *r = v->run[i];
    size_t y = year_in(r, year), k = cell_of(r, year, g);
    int64_t d;
    switch (what) {
    case S_P:
        if (y == SIZE_MAX)
            break;
        ig_put_fixed(b, r->p[y], 9, '.');
        return;
    case S_BUDGET:
        if (y == SIZE_MAX)
            break;
        ig_put_int(b, r->out.target[y]);
        return;
    case S_INH: {
        int64_t inh = inhabitants(v, year, g);
        if (inh < 0)
            break;
        ig_put_int(b, inh);
        return;
    }
    case S_TOTAL:
        if (k == SIZE_MAX)
            break;
        ig_put_int(b, r->out.total[k]);
        return;
    case S_DIFF:
        if (!diff_to_first(v, i, year, g, &d))
            break;
        ig_put_int(b, d);
        return;
    case S_DIFF_PI:
        if (!diff_to_first(v, i, year, g, &d))
            break;
        ig_html_json_per_inhabitant(b, d, r->inhabitants[k]);
        return;
    }
    ig_buf_puts(b, "null");
}

/* "key":[...] with a value per year of the comparison, null where there is none. */
static void json_years(ig_buf *b, const char *key, const view *v, series what, size_t i, size_t g)
{
    ig_buf_printf(b, "\"%s\":[", key);
    for (int year = v->first; year <= v->last; year++) {
        if (year > v->first)
            ig_buf_putc(b, ',');
        put_value(b, v, what, i, year, g);
    }
    ig_buf_putc(b, ']');
}

static void build_data(ig_buf *b, const view *v)
{
    ig_buf_printf(b, "{\"ref_year\":%d,\"years\":[", v->ref);
    for (int year = v->first; year <= v->last; year++)
        ig_buf_printf(b, "%s%d", year > v->first ? "," : "", year);
    ig_buf_puts(b, "],\"scenarios\":[\n");
    for (size_t i = 0; i < v->n; i++) {
        ig_buf_putc(b, '{');
        ig_html_json_text(b, "label", v->s[i].label);
        ig_buf_putc(b, ',');
        ig_html_json_text(b, "name", v->s[i].name);
        ig_buf_putc(b, ',');
        json_years(b, "p", v, S_P, i, 0);
        ig_buf_putc(b, ',');
        json_years(b, "budget", v, S_BUDGET, i, 0);
        ig_buf_puts(b, i + 1 < v->n ? "},\n" : "}\n");
    }
    ig_buf_puts(b, "],\"gemeenten\":[\n");
    for (size_t g = 0; g < v->n_g; g++) {
        const ingroei_run *a = v->run[0];
        ig_buf_putc(b, '{');
        ig_html_json_gemeente(b, a->code[g], a->name[g], a->province[g]);
        ig_buf_putc(b, ',');
        json_years(b, "inh", v, S_INH, 0, g);
        ig_buf_puts(b, ",\"s\":[");
        for (size_t i = 0; i < v->n; i++) {
            ig_buf_puts(b, i ? ",{" : "{");
            json_years(b, "tot", v, S_TOTAL, i, g);
            if (i) {
                ig_buf_putc(b, ',');
                json_years(b, "d", v, S_DIFF, i, g);
                ig_buf_putc(b, ',');
                json_years(b, "dpi", v, S_DIFF_PI, i, g);
            }
            ig_buf_putc(b, '}');
        }
        ig_buf_puts(b, g + 1 < v->n_g ? "]},\n" : "]}\n");
    }
    ig_buf_puts(b, "]}");
}

/* ---- the page ---------------------------------------------------------------------- */

/* Column headings that name a scenario: "Totaal default", ... kept until freed. */
typedef struct headings {
    ig_html_col *col;
    ig_buf *text;
    size_t n;
} headings;

static void headings_new(headings *h, size_t max)
{
    h->n = 0;
    h->col = calloc(max, sizeof *h->col);
    h->text = calloc(max, sizeof *h->text);
}

/* Appends a heading: `fmt` with the label in its %s. */
static void heading(headings *h, bool numeric, const char *fmt, const char *label)
{
    if (!h->col || !h->text)
        return;
    ig_buf_printf(&h->text[h->n], fmt, label);
    h->col[h->n].numeric = numeric;
    h->n++;
}

static void headings_free(headings *h);

/* Points the columns at their texts once all are written. For want of memory: false,
 * with the page marked failed and the headings freed. */
static bool headings_ok(ig_buf *b, headings *h)
{
    bool ok = h->col && h->text;
    for (size_t k = 0; ok && k < h->n; k++) {
        ok = !h->text[k].failed;
        h->col[k].label = h->text[k].data ? h->text[k].data : "";
    }
    if (!ok) {
        b->failed = true;
        headings_free(h);
    }
    return ok;
}

static void headings_free(headings *h)
{
    for (size_t k = 0; h->text && k < h->n; k++)
        ig_buf_free(&h->text[k]);
    free(h->text);
    free(h->col);
}

/* The scenarios: label, name, years, the key, and their summary in the reference year;
 * then each one's description, and its illustrative notice unless the banner already
 * shows it (`shared`). */
static void build_scenarios(ig_buf *b, const view *v, const char *shared)
{
    char total[48];
    snprintf(total, sizeof total, "Totaal %d", v->ref);
    const ig_html_col cols[] = {
        {"Scenario", false}, {"Naam", false},
        {"Jaren", false},    {"Sleutel", false},
        {total, true},       {"Verliezers", true},
        {"Winnaars", true},  {"Grootste verlies per inwoner", true},
        {"bij", false},
    };
    ig_html_table_begin(b, "ig-scenarios", NULL, cols, sizeof cols / sizeof cols[0]);
    for (size_t i = 0; i < v->n; i++) {
        const ingroei_compare_scenario *s = &v->s[i];
        char years[32];
        snprintf(years, sizeof years, "%d-%d", s->first_year, s->last_year);
        ig_html_row_begin(b);
        ig_html_td_text(b, s->label);
        ig_html_td_text(b, s->name);
        ig_html_td_text(b, years);
        ig_html_td_text(b, s->illustrative ? "ILLUSTRATIEF"
                           : v->run[i]->obj.own_key ? "eigen sleutel"
                                                    : "gepubliceerd");
        ig_html_td_int(b, s->total);
        ig_html_td_int(b, (int64_t)s->n_losers);
        ig_html_td_int(b, (int64_t)s->n_gainers);
        ig_html_td_fixed(b, s->largest_loss_per_inhabitant, 2, false);
        ig_html_td_text(b, s->largest_loss_name);
        ig_html_row_end(b);
    }
    ig_html_table_end(b);
    ig_buf_puts(b, "<ul class=\"ig-notes\">\n");
    for (size_t i = 0; i < v->n; i++) {
        const ingroei_run *r = v->run[i];
        ig_buf_puts(b, "<li><strong>");
        ig_html_text(b, v->s[i].label);
        ig_buf_puts(b, "</strong>: ");
        if (r->sc->description) {
            ig_html_text(b, r->sc->description);
            ig_buf_putc(b, ' ');
        }
        if (r->obj.illustrative && shared && !strcmp(shared, r->obj.notice)) {
            ig_buf_puts(b, "<em>De objectieve sleutel is ILLUSTRATIEF (zie boven).</em>");
        } else if (r->obj.illustrative || r->obj.own_key) {
            /* an own key (a key file) named with its SHA-256, as in the report of `run` */
            if (r->obj.illustrative)
                ig_buf_puts(b, "<em>De objectieve sleutel is ILLUSTRATIEF:</em> ");
            ig_buf nl = {0};
            ig_notice_nl(&nl, &r->obj);
            ig_html_text(b, nl.data ? nl.data : "");
            if (nl.failed)
                b->failed = true;
            ig_buf_free(&nl);
        }
        ig_buf_puts(b, "</li>\n");
    }
    ig_buf_puts(b, "</ul>\n");
}

/* Per year every scenario's p_t and budget; blank where a scenario lacks the year. */
static void build_years_table(ig_buf *b, const view *v)
{
    headings h;
    headings_new(&h, 1 + 2 * v->n);
    heading(&h, true, "%s", "Jaar");
    for (size_t i = 0; i < v->n; i++) {
        heading(&h, true, "p_t %s (%%)", v->s[i].label);
        heading(&h, true, "Budget %s", v->s[i].label);
    }
    if (!headings_ok(b, &h))
        return;
    ig_html_table_begin(b, "ig-jaren", "Per jaar (euro)", h.col, h.n);
    for (int year = v->first; year <= v->last; year++) {
        ig_html_row_begin(b);
        ig_html_td_year(b, year);
        for (size_t i = 0; i < v->n; i++) {
            const ingroei_run *r = v->run[i];
            size_t y = year_in(r, year);
            ig_html_td_fixed(b, y == SIZE_MAX ? 0.0 : r->p[y] * 100.0, 1, y == SIZE_MAX);
            if (y == SIZE_MAX)
                ig_html_td_fixed(b, 0.0, 0, true);
            else
                ig_html_td_int(b, r->out.target[y]);
        }
        ig_html_row_end(b);
    }
    ig_html_table_end(b);
    headings_free(&h);
}

/* All gemeenten in the reference year: every scenario's allocation, and for each further
 * one its difference to the first in euros and per inhabitant (filtered on gain or
 * loss). */
static void build_gemeenten_table(ig_buf *b, const view *v)
{
    char inh[48];
    headings h;
    headings_new(&h, 4 + 3 * v->n);
    snprintf(inh, sizeof inh, "Inwoners %d", v->ref);
    heading(&h, false, "%s", "Code");
    heading(&h, false, "%s", "Gemeente");
    heading(&h, false, "%s", "Provincie");
    heading(&h, true, "%s", inh);
    for (size_t i = 0; i < v->n; i++) {
        heading(&h, true, "Totaal %s", v->s[i].label);
        if (i) {
            heading(&h, true, "Verschil %s", v->s[i].label);
            heading(&h, true, "Verschil per inwoner %s", v->s[i].label);
        }
    }
    if (!headings_ok(b, &h))
        return;
    const ingroei_run *a = v->run[0];
    ig_html_filters_begin(b, "ig-gemeenten", (const char *const *)a->province, v->n_g);
    for (size_t i = 1; i < v->n; i++) {
        ig_buf label = {0};
        ig_buf_printf(&label, "%s per inwoner", v->s[i].label);
        ig_html_filter_sign(b, "ig-gemeenten", 4 + 3 * i, label.data ? label.data : "");
        if (label.failed)
            b->failed = true;
        ig_buf_free(&label);
    }
    ig_buf_puts(b, "</div>\n");
    ig_html_filter_count(b, "ig-gemeenten", "gemeenten");
    ig_html_table_begin(b, "ig-gemeenten", NULL, h.col, h.n);
    for (size_t g = 0; g < v->n_g; g++) {
        ig_html_row_begin(b);
        ig_html_td_gemeente(b, a->code[g], a->name[g], a->province[g]);
        ig_html_td_int(b, inhabitants(v, v->ref, g));
        for (size_t i = 0; i < v->n; i++) {
            const ingroei_run *r = v->run[i];
            size_t k = cell_of(r, v->ref, g);
            ig_html_td_int(b, r->out.total[k]);
            if (!i)
                continue;
            int64_t d = 0, n_inh = r->inhabitants[k];
            diff_to_first(v, i, v->ref, g, &d);
            ig_html_td_int(b, d);
            ig_html_td_fixed(b, n_inh > 0 ? (double)d / (double)n_inh : 0.0, 2, n_inh <= 0);
        }
        ig_html_row_end(b);
    }
    ig_html_table_end(b);
    headings_free(&h);
}

/* The notice of the banner: the scenarios' own when they share one. */
static const char *banner_notice(const view *v)
{
    const char *notice = NULL;
    for (size_t i = 0; i < v->n; i++) {
        const ingroei_run *r = v->run[i];
        if (!r->obj.illustrative)
            continue;
        if (notice && strcmp(notice, r->obj.notice))
            return "De scenario's hebben elk een eigen toelichting: zie de lijst van "
                   "scenario's hieronder.";
        notice = r->obj.notice;
    }
    return notice;
}

static void build_page(ig_buf *b, const view *v)
{
    ig_asset app = {ig_asset_compare_js, ig_asset_compare_js_len};
    ig_buf t = {0}, sub = {0};
    ig_buf_printf(&t, "Beschermd wonen: %zu scenario's naast elkaar", v->n);
    ig_buf_printf(&sub,
                  "ingroei %s, %d-%d, %zu gemeenten, peiljaar %d; verschillen ten opzichte "
                  "van het eerste scenario, ",
                  INGROEI_VERSION, v->first, v->last, v->n_g, v->ref);
    ig_buf_puts(&sub, v->s[0].label);
    const char *notice = banner_notice(v);
    /* shown in Dutch: the shared key's notice as ig_notice_nl words it */
    ig_buf shown = {0};
    for (size_t i = 0; notice && i < v->n && !shown.data; i++)
        if (v->run[i]->obj.illustrative && v->run[i]->obj.notice == notice)
            ig_notice_nl(&shown, &v->run[i]->obj);
    if (t.failed || sub.failed || shown.failed)
        b->failed = true; /* out of memory: the page is not written */
    ig_html_begin(b, t.data ? t.data : "", sub.data ? sub.data : "",
                  shown.data ? shown.data : notice, &app);
    ig_buf_free(&shown);
    if (t.failed || sub.failed)
        b->failed = true;
    ig_buf_free(&t);
    ig_buf_free(&sub);

    ig_buf_puts(b, "<nav class=\"ig-nav\"><a href=\"#scenarios\">Scenario's</a> "
                   "<a href=\"#landelijk\">Landelijk beeld</a> "
                   "<a href=\"#gemeenten\">Alle gemeenten</a></nav>\n"
                   "<div id=\"ig-overview\">\n<section id=\"scenarios\">\n"
                   "<h2>Scenario's</h2>\n<p>Elk scenario is apart doorgerekend; de verschillen "
                   "zijn ten opzichte van het eerste. Verliezers en winnaars: ten opzichte van "
                   "de volledig historische verdeling van hetzelfde budget, in het peiljaar. "
                   "Alle bedragen in hele euro's.</p>\n");
    build_scenarios(b, v, notice);
    ig_buf_puts(b, "</section>\n<section id=\"landelijk\">\n<h2>Landelijk beeld</h2>\n"
                   "<h3>Aandeel objectief p<sub>t</sub></h3>\n"
                   "<div class=\"ig-chart\" id=\"ig-grafiek-p\"></div>\n"
                   "<h3>Budget</h3>\n<div class=\"ig-chart\" id=\"ig-grafiek-budget\"></div>\n");
    build_years_table(b, v);
    ig_buf_printf(b,
                  "</section>\n<section id=\"gemeenten\">\n<h2>Alle gemeenten in %d</h2>\n"
                  "<p>Klik op een kolomkop om te sorteren, op een naam voor de pagina van die "
                  "gemeente met alle jaren. Verschil: het totaal van dat scenario min dat van ",
                  v->ref);
    ig_html_text(b, v->s[0].label);
    ig_buf_puts(b, ".</p>\n");
    build_gemeenten_table(b, v);
    ig_buf_puts(b, "</section>\n</div>\n<section id=\"ig-gemeente\" hidden></section>\n"
                   "<footer class=\"ig-footer\"><details><summary>Scenariobestanden, met "
                   "SHA-256</summary><ul>\n");
    for (size_t i = 0; i < v->n; i++) {
        char *path = ig_run_receipt_path(v->run[0], v->s[i].file);
        if (!path)
            b->failed = true; /* out of memory: the page is not written */
        ig_buf_puts(b, "<li><code>");
        ig_html_text(b, path ? path : v->s[i].file);
        ig_buf_puts(b, "</code> (sha256 ");
        ig_html_text(b, v->run[i]->sc->sha256);
        ig_buf_puts(b, ")</li>\n");
        free(path);
    }
    ig_buf_puts(b, "</ul></details></footer>\n");
    ig_buf data = {0};
    build_data(&data, v);
    ig_html_end(b, &data, &app);
    ig_buf_free(&data);
}

void ig_compare_html(ig_buf *b, const void *compare)
{
    view v;
    if (view_open(&v, compare))
        build_page(b, &v);
    else
        b->failed = true;
    view_close(&v);
}
