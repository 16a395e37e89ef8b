/*
 * xlsx.c - the workbook of a run, ingroei.xlsx, for people who open Excel or
 * LibreOffice: the overview per year, all gemeenten per year, one gemeente's years,
 * the gemeenten held at a cap, and the sources of every input. The tables are those of
 * budget.csv and allocations.csv, cell for cell (run/tables.c gives the cells).
 */
#include "run/run.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The lines above every table: what the workbook is and, when the objective key is
 * illustrative, the notice. */
typedef struct heading {
    char *title;
    char *notice; /* NULL when the key is not illustrative */
} heading;

static bool heading_make(heading *h, const ingroei_run *r)
{
    ig_buf t = {0}, n = {0};
    ig_buf_printf(&t, "ingroei %s: %s", INGROEI_VERSION, r->sc->name);
    if (r->obj.illustrative || r->obj.own_key)
    {
        if (r->obj.illustrative)
            ig_buf_puts(&n, IG_XL_NOTICE);
        ig_notice_nl(&n, &r->obj);
    }
    h->title = t.data;
    h->notice = n.data;
    return !t.failed && !n.failed;
}

static void heading_free(heading *h)
{
    free(h->title);
    free(h->notice);
}

/* Overzicht: budget.csv's columns and the cap's limits of the year. */
static void sheet_overview(ig_xl *x, const ingroei_run *r, const heading *h)
{
    enum { N = IG_N_BUDGET_COLUMNS + 2 };
    ig_column cols[N];
    memcpy(cols, ig_budget_columns, sizeof ig_budget_columns);
    cols[IG_N_BUDGET_COLUMNS] = (ig_column){"cap_max_verlies_per_inwoner", IG_XL_CENTS};
    cols[IG_N_BUDGET_COLUMNS + 1] = (ig_column){"cap_max_winst_per_inwoner", IG_XL_CENTS};
    const char *lines[] = {h->title, h->notice};
    ig_xl_sheet(x, &(ig_xl_sheet_spec){"Overzicht", lines, 2, cols, N, 1});
    const ig_cap *cap = &r->sc->cap;
    for (size_t y = 0; y < r->n_y; y++) {
        ig_cell cells[N];
        ig_run_budget_cells(r, y, cells);
        double limits[2] = {cap->enabled ? cap->max_loss[y] : NAN,
                            cap->enabled ? cap->max_gain[y] : NAN};
        for (int k = 0; k < 2; k++)
            cells[IG_N_BUDGET_COLUMNS + k] =
                isfinite(limits[k]) ? IG_FIXED(limits[k], 2) : IG_EMPTY;
        ig_xl_row(x, cells, N);
    }
}

/* Gemeenten (every gemeente, every year) or Gemeente (one gemeente's years). */
static void sheet_allocations(ig_xl *x, const ingroei_run *r, const heading *h, size_t only)
{
    ig_buf who = {0};
    if (only != SIZE_MAX)
        ig_buf_printf(&who, "%s (%s), %s", r->name[only], r->code[only], r->province[only]);
    const char *lines[] = {h->title, who.data, h->notice};
    ig_xl_sheet(x, &(ig_xl_sheet_spec){only == SIZE_MAX ? "Gemeenten" : "Gemeente", lines, 3,
                                       ig_alloc_columns, IG_N_ALLOC_COLUMNS,
                                       only == SIZE_MAX ? 3 : 1});
    ig_buf_free(&who);
    ig_cell cells[IG_N_ALLOC_COLUMNS];
    for (size_t y = 0; y < r->n_y; y++)
        for (size_t g = 0; g < r->n_g; g++)
            if (only == SIZE_MAX || only == g) {
                ig_run_alloc_cells(r, y, g, cells);
                ig_xl_row(x, cells, IG_N_ALLOC_COLUMNS);
            }
}

/* Caps geraakt: per year the gemeenten held at their loss or gain cap, with what the
 * cap took or gave; a row that says so when there is none. */
static void sheet_caps(ig_xl *x, const ingroei_run *r, const heading *h)
{
    static const ig_column cols[] = {
        {"jaar", IG_XL_PLAIN},
        {"gemeentecode", IG_XL_TEXT},
        {"gemeentenaam", IG_XL_TEXT},
        {"provincie", IG_XL_TEXT},
        {"cap_geraakt", IG_XL_TEXT},
        {"inwoners", IG_XL_COUNT},
        {"totaal_zonder_cap", IG_XL_EURO},
        {"totaal", IG_XL_EURO},
        {"effect_cap", IG_XL_EURO},
        {"effect_cap_per_inwoner", IG_XL_CENTS},
    };
    enum { N = sizeof cols / sizeof cols[0] };
    const char *lines[] = {h->title, h->notice,
                           "Gemeenten die in een jaar op hun verlies- of wincap zijn gehouden "
                           "(verlies: aangevuld tot de grens; winst: afgeroomd tot de grens)"};
    ig_xl_sheet(x, &(ig_xl_sheet_spec){"Caps geraakt", lines, 3, cols, N, 3});
    if (!r->sc->cap.enabled) {
        ig_xl_note(x, "Dit scenario heeft geen cap: geen gemeente is op een cap gehouden.");
        return;
    }
    size_t n = 0;
    for (size_t y = 0; y < r->n_y; y++)
        for (size_t g = 0; g < r->n_g; g++) {
            size_t i = y * r->n_g + g;
            int side = r->cap.flag[i];
            if (!side)
                continue;
            int64_t effect = r->out.total[i] - r->cap.uncapped[i];
            ig_cell cells[N] = {
                IG_INT(r->first_year + (int)y),
                IG_TEXT(r->code[g]),
                IG_TEXT(r->name[g]),
                IG_TEXT(r->province[g]),
                IG_TEXT(side < 0 ? "verlies" : "winst"),
                IG_INT(r->inhabitants[i]),
                IG_INT(r->cap.uncapped[i]),
                IG_INT(r->out.total[i]),
                IG_INT(effect),
                r->inhabitants[i] > 0 ? IG_FIXED((double)effect / (double)r->inhabitants[i], 2)
                                      : IG_EMPTY,
            };
            ig_xl_row(x, cells, N);
            n++;
        }
    if (!n)
        ig_xl_note(x, "Dit scenario heeft een cap, maar die hield in geen enkel jaar een "
                      "gemeente op haar grens.");
}

/* The vintage of input i as far as the run knows it: the circulaire of the historical
 * amounts, the volumes of the objective key, the scenario's boundaries; for other files
 * the first line of their stated source. New string, or NULL without memory. */
static char *input_vintage(const ingroei_run *r, size_t i)
{
    const char *shown = r->inputs[i].display;
    const char *files[] = {r->sc->file, r->hist.file, r->hist.data, r->obj.file, r->obj.volumes};
    const size_t n_files = sizeof files / sizeof files[0];
    size_t match = n_files;
    for (size_t k = 0; k < n_files && match == n_files; k++) {
        char *p = files[k] ? ig_run_receipt_path(r, files[k]) : NULL;
        if (p && !strcmp(p, shown))
            match = k;
        free(p);
    }
    ig_buf b = {0};
    const char *source = r->inputs[i].source;
    switch (match) {
    case 0:
        ig_buf_printf(&b, "scenario; gemeentegrenzen van 1 januari %d, jaren %d-%d",
                      r->sc->boundaries, r->sc->first_year, r->sc->last_year);
        break;
    case 1:
    case 2:
        ig_buf_printf(&b, "circulaire %s, uitkeringsjaar %d", r->hist.circulaire,
                      r->hist.uitkeringsjaar);
        break;
    case 3:
    case 4: ig_buf_printf(&b, "volumes: %s", r->obj.volumes_source); break;
    default: ig_buf_putn(&b, source, strcspn(source, "\n")); break;
    }
    return b.failed ? (ig_buf_free(&b), NULL) : b.data;
}

const ig_column ig_source_columns[IG_N_SOURCE_COLUMNS] = {
    {"bestand", IG_XL_TEXT},
    {"versie", IG_XL_LONG},
    {"sha256", IG_XL_TEXT},
    {"bron", IG_XL_LONG},
};

void ig_xl_run_sources(ig_xl *x, const ingroei_run *r, const char *label)
{
    for (size_t i = 0; i < r->n_inputs; i++) {
        char *vintage = input_vintage(r, i);
        ig_cell cells[] = {IG_TEXT(label), IG_TEXT(r->inputs[i].display),
                           IG_TEXT(vintage ? vintage : ""), IG_TEXT(r->inputs[i].sha256),
                           IG_TEXT(r->inputs[i].source)};
        ig_xl_row(x, label ? cells : cells + 1, IG_N_SOURCE_COLUMNS + (label != NULL));
        free(vintage);
    }
}

/* Bronnen: every input file with its vintage, SHA-256 and source, as in summary.json. */
static void sheet_sources(ig_xl *x, const ingroei_run *r, const heading *h)
{
    const char *lines[] = {h->title, h->notice,
                           "Paden ten opzichte van de map van het scenario; dezelfde lijst "
                           "staat in summary.json (inputs)."};
    ig_xl_sheet(
        x, &(ig_xl_sheet_spec){"Bronnen", lines, 3, ig_source_columns, IG_N_SOURCE_COLUMNS, 1});
    ig_xl_run_sources(x, r, NULL);
}

/* What the sheets are made from (in the child of ig_xl_write). */
typedef struct workbook {
    const ingroei_run *r;
    const heading *h;
    size_t gemeente;
} workbook;

static void fill(ig_xl *x, const void *ctx)
{
    const workbook *w = ctx;
    ig_xl_footer(x, w->r->sc->name, w->r->obj.illustrative);
    sheet_overview(x, w->r, w->h);
    sheet_allocations(x, w->r, w->h, SIZE_MAX);
    if (w->gemeente != SIZE_MAX)
        sheet_allocations(x, w->r, w->h, w->gemeente);
    sheet_caps(x, w->r, w->h);
    sheet_sources(x, w->r, w->h);
}

ingroei_status ig_run_write_xlsx(const ingroei_run *r, const char *dir, size_t gemeente,
                                 ingroei_output_report *report, ingroei_error *err)
{
    heading h = {0};
    if (!heading_make(&h, r)) {
        heading_free(&h);
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    workbook w = {r, &h, gemeente};
    ingroei_status st = ig_xl_write(dir, IG_RUN_WORKBOOK, h.title, fill, &w, NULL, report, err);
    heading_free(&h);
    return st;
}
