/*
 * bridge.c - the brugstaat: a gemeente's change from one year to the next, split into
 * its causes. The unrounded allocation E(p, B, B', o) = (1 - p) B h + p B' o (the same
 * expressions ig_allocate rounds) is moved from last year's inputs to this year's one
 * input at a time:
 *   path step:   E(p_t,   B_t-1, B'_t-1, o_t-1) - E(p_t-1, B_t-1, B'_t-1, o_t-1)
 *   budget:      E(p_t,   B_t,   B'_t,   o_t-1) - E(p_t,   B_t-1, B'_t-1, o_t-1)
 *   key/volumes: E(p_t,   B_t,   B'_t,   o_t)   - E(p_t,   B_t,   B'_t,   o_t-1)
 * where the key step moves both keys: o, and h when the historical amounts follow each
 * uitkeringsjaar (historical_per_year);
 * which add up to the change of E exactly. Each is rounded to whole euros; the cap's
 * part is the change of its effect (allocation - allocation before the cap), in whole
 * euros; with arrangements (README, "Arrangements") B and B' are the budgets the keys
 * distribute and the change of the gemeente's own arrangement is a step of its own;
 * rounding is what remains of the change of the published allocation, so the parts add
 * up to it to the euro.
 */
#include "audit/audit.h"

#include <stdlib.h>
#include <string.h>

static double unrounded(const ingroei_run *r, size_t y_p, size_t y_b, size_t y_o, size_t g)
{
    /* the historical shares move with the key (README, "Inputs per year") */
    return ig_hist_part(r->p[y_p], (double)r->budget[y_b], ig_run_h(r, y_o)[g]) +
           ig_obj_part(r->p[y_p], (double)r->budget_obj[y_b], r->o_part[y_o * r->n_g + g]);
}

ingroei_status ingroei_run_bridge(const ingroei_run *r, size_t y, size_t g, ingroei_bridge_row *out,
                                  ingroei_error *err)
{
    if (!r || !out || g >= r->n_g || y < 1 || y >= r->n_y)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0,
                       "a bridge needs a gemeente and a year after the scenario's first");
    if (r->multi) /* README, "Several regelingen" */
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0,
                       "a scenario with several regelingen has no bridge yet (regelingen.csv "
                       "shows each regeling)");
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
    if (ig_run_arrangement(r, t)) {
        out->with_arrangement = true;
        out->arrangement = ig_run_arrangement(r, t)[g] - ig_run_arrangement(r, s)[g];
    }
    out->rounding = (out->to - out->from) - out->path - out->budget - out->key - out->cap -
                    out->arrangement;
    return INGROEI_OK;
}

static const ig_column bridge_columns[] = {
    {"jaar", IG_XL_PLAIN},
    {"gemeentecode", IG_XL_TEXT},
    {"gemeentenaam", IG_XL_TEXT},
    {"provincie", IG_XL_TEXT},
    {"totaal_vorig_jaar", IG_XL_EURO},
    {"stap_pad", IG_XL_EURO},
    {"budget", IG_XL_EURO},
    {"sleutel_en_volumes", IG_XL_EURO},
    {"cap", IG_XL_EURO},
    {"afronding", IG_XL_EURO},
    {"totaal", IG_XL_EURO},
    {"verschil", IG_XL_EURO},
    {"objectieve_sleutel_illustratief", IG_XL_TEXT},
    {"arrangement", IG_XL_EURO}, /* only with arrangements (README, "Arrangements") */
};
enum { N_BRIDGE_COLUMNS = sizeof bridge_columns / sizeof *bridge_columns };

/* brugstaat.csv: a row per gemeente per year after the first. */
static void bridge_cells(const void *ctx, size_t i, ig_cell *cells, ig_buf *text)
{
    (void)text;
    const ingroei_run *r = ctx;
    const size_t y = 1 + i / r->n_g, g = i % r->n_g;
    ingroei_bridge_row row = {0};
    ingroei_run_bridge(r, y, g, &row, NULL);
    cells[0] = IG_INT(row.year);
    cells[1] = IG_TEXT(r->code[g]);
    cells[2] = IG_TEXT(r->name[g]);
    cells[3] = IG_TEXT(r->province[g]);
    cells[4] = IG_INT(row.from);
    cells[5] = IG_INT(row.path);
    cells[6] = IG_INT(row.budget);
    cells[7] = IG_INT(row.key);
    cells[8] = IG_INT(row.cap);
    cells[9] = IG_INT(row.rounding);
    cells[10] = IG_INT(row.to);
    cells[11] = IG_INT(row.to - row.from);
    cells[12] = IG_TEXT(r->obj.illustrative ? "ja" : "nee");
    if (row.with_arrangement)
        cells[13] = IG_INT(row.arrangement);
}

ingroei_status ingroei_run_write_bridge_with(const ingroei_run *r, const ingroei_output_options *o,
                                             ingroei_output_report *report, ingroei_error *err)
{
    ingroei_output_report local;
    report = ig_report_start(report, &local);
    if (!r || !o || !o->dir || !o->dir[0])
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "no output directory given");
    const bool arr = ig_run_arrangement(r, 0) != NULL;
    const ig_audit_table table = {
        "brugstaat.csv",
        "Brugstaat",
        arr ? "Per gemeente de verandering van jaar op jaar: totaal vorig jaar + stap pad + "
              "budget (van de sleutels) + sleutel en volumes + cap + arrangement + afronding = "
              "totaal"
            : "Per gemeente de verandering van jaar op jaar: totaal vorig jaar + stap pad + "
              "budget + sleutel en volumes + cap + afronding = totaal",
        NULL,
        bridge_columns,
        N_BRIDGE_COLUMNS - !arr,
        3,
        r->n_y > 1 ? (r->n_y - 1) * r->n_g : 0,
        bridge_cells,
        r};
    ig_audit_input *inputs = calloc(r->n_inputs + 1, sizeof *inputs);
    ig_buf title = {0};
    ig_buf_printf(&title, "ingroei %s: %s", INGROEI_VERSION, r->sc->name);
    ingroei_status st;
    if (!inputs || title.failed) {
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    } else {
        for (size_t i = 0; i < r->n_inputs; i++)
            inputs[i] = (ig_audit_input){"invoer", r->inputs[i].display, r->inputs[i].sha256};
        const ig_audit_set set = {"brugstaat.xlsx", title.data, NULL, &table, 1, NULL, NULL,
                                  0, NULL, inputs, r->n_inputs};
        const ig_audit_options ao = {o->csv_dialect, o->xlsx};
        st = ig_audit_write(&set, o->dir, &ao, report, err);
    }
    ig_buf_free(&title);
    free(inputs);
    return st;
}

ingroei_status ingroei_run_write_bridge(const ingroei_run *r, const char *dir,
                                        ingroei_output_report *report, ingroei_error *err)
{
    ingroei_output_options o = INGROEI_OUTPUT_OPTIONS_INIT;
    o.dir = dir;
    return ingroei_run_write_bridge_with(r, &o, report, err);
}
