/*
 * bridge.c - the brugstaat: a gemeente's change from one year to the next, split into
 * its causes. The unrounded allocation E(p, B, B', o) = (1 - p) B h + p B' o (the same
 * expressions ig_allocate rounds) is moved from last year's inputs to this year's one
 * input at a time:
 *   path step:   E(p_t,   B_t-1, B'_t-1, o_t-1) - E(p_t-1, B_t-1, B'_t-1, o_t-1)
 *   budget:      E(p_t,   B_t,   B'_t,   o_t-1) - E(p_t,   B_t-1, B'_t-1, o_t-1)
 *   key/volumes: E(p_t,   B_t,   B'_t,   o_t)   - E(p_t,   B_t,   B'_t,   o_t-1)
 * which add up to the change of E exactly. Each is rounded to whole euros; the cap's
 * part is the change of its effect (allocation - allocation before the cap), in whole
 * euros; rounding is what remains of the change of the published allocation, so the
 * parts add up to it to the euro.
 */
#include "audit/audit.h"

#include <stdlib.h>
#include <string.h>

static double unrounded(const ingroei_run *r, size_t y_p, size_t y_b, size_t y_o, size_t g)
{
    return ig_hist_part(r->p[y_p], (double)r->budget[y_b], r->h[g]) +
           ig_obj_part(r->p[y_p], (double)r->budget_obj[y_b], r->o_part[y_o * r->n_g + g]);
}

ingroei_status ingroei_run_bridge(const ingroei_run *r, size_t y, size_t g, ingroei_bridge_row *out,
                                  ingroei_error *err)
{
    if (!r || !out || g >= r->n_g || y < 1 || y >= r->n_y)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0,
                       "a bridge needs a gemeente and a year after the scenario's first");
    const size_t t = y, s = y - 1, k = t * r->n_g + g, j = s * r->n_g + g;
    const double e0 = unrounded(r, s, s, s, g), e1 = unrounded(r, t, s, s, g),
                 e2 = unrounded(r, t, t, s, g), e3 = unrounded(r, t, t, t, g);
    memset(out, 0, sizeof *out);
    out->year = r->first_year + (int)t;
    out->from = r->out.total[j];
    out->to = r->out.total[k];
    out->path = ig_round(e1 - e0);
    out->budget = ig_round(e2 - e1);
    out->key = ig_round(e3 - e2);
    out->cap = (r->out.total[k] - r->cap.uncapped[k]) - (r->out.total[j] - r->cap.uncapped[j]);
    out->rounding = (out->to - out->from) - out->path - out->budget - out->key - out->cap;
    return INGROEI_OK;
}

static const char *const header =
    "jaar,gemeentecode,gemeentenaam,provincie,totaal_vorig_jaar,stap_pad,budget,"
    "sleutel_en_volumes,cap,afronding,totaal,verschil,objectieve_sleutel_illustratief\n";

static void build_bridge(ig_buf *b, const void *ctx)
{
    const ingroei_run *r = ctx;
    ig_csv_row w = {b, ',', '.', 0, false};
    ig_buf_puts(b, header);
    for (size_t y = 1; y < r->n_y; y++)
        for (size_t g = 0; g < r->n_g; g++) {
            ingroei_bridge_row row = {0};
            ingroei_run_bridge(r, y, g, &row, NULL);
            ig_csv_int(&w, row.year);
            ig_csv_text(&w, r->code[g]);
            ig_csv_text(&w, r->name[g]);
            ig_csv_text(&w, r->province[g]);
            ig_csv_int(&w, row.from);
            ig_csv_int(&w, row.path);
            ig_csv_int(&w, row.budget);
            ig_csv_int(&w, row.key);
            ig_csv_int(&w, row.cap);
            ig_csv_int(&w, row.rounding);
            ig_csv_int(&w, row.to);
            ig_csv_int(&w, row.to - row.from);
            ig_csv_text(&w, r->obj.illustrative ? "ja" : "nee");
            ig_csv_end(&w);
        }
}

ingroei_status ingroei_run_write_bridge(const ingroei_run *r, const char *dir,
                                        ingroei_output_report *report, ingroei_error *err)
{
    ingroei_output_report local;
    if (!report)
        report = &local;
    if (!r || !dir || !dir[0])
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "no output directory given");
    static const char *const names[] = {"brugstaat.csv"};
    static ig_build_fn *const build[] = {build_bridge};
    return ig_write_staged(dir, 1, names, build, r, report, err);
}
