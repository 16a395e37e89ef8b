/*
 * regelingen.c - several regelingen in one scenario (README, "Several regelingen"): one
 * ordinary run per regeling (its own budget, historical and objective key, path and cap,
 * computed by run.c as any single run), and a run that holds their total, so that the
 * tables of one regeling show the total over regelingen; regelingen.csv and summary.json
 * show each regeling beside the total.
 */
#include "run/run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ig_regelingen_free(ig_regelingen *m)
{
    if (!m)
        return;
    for (size_t i = 0; m->run && i < m->n; i++)
        ingroei_run_free(m->run[i]);
    free(m->run);
    free(m->offset);
    free(m->inputs); /* the strings are the regelingen's runs' */
    free(m->notice);
    free(m);
}

/* Puts "regeling NAME: " before the message of a failure inside one regeling's run. */
static ingroei_status in_regeling(ingroei_status st, const char *regeling, ingroei_error *err)
{
    if (st != INGROEI_OK && err) { /* the end of a message that does not fit is cut */
        char m[sizeof err->message];
        int n = snprintf(m, sizeof m, "regeling %.64s: ", regeling);
        size_t at = n > 0 && (size_t)n < sizeof m ? (size_t)n : 0;
        size_t room = sizeof m - at - 1, len = strnlen(err->message, sizeof err->message);
        memcpy(m + at, err->message, len < room ? len : room);
        m[at + (len < room ? len : room)] = '\0';
        memcpy(err->message, m, sizeof m);
    }
    return st;
}

/* A key of regeling `key_regeling` given for regeling e: refused unless e gives a reason
 * (a key that names no regeling cannot be checked, and is taken). */
static ingroei_status check_key(const ingroei_scenario *sc, size_t i, const char *what,
                                const char *key_regeling, int line, int column,
                                ingroei_error *err)
{
    const ig_regeling *e = &sc->regelingen[i];
    if (!key_regeling || strcmp(key_regeling, e->regeling) == 0 || e->reason)
        return INGROEI_OK;
    return ig_fail(err, INGROEI_ERR_SCHEMA, sc->file, line, column,
                   "regelingen[%zu].%s: the key is for regeling '%s', not for '%s' whose budget "
                   "it would distribute (give regelingen[%zu].reason to use it anyway)",
                   i, what, key_regeling, e->regeling, i);
}

/* The receipt of the total: every input of every regeling's run once, in the order first
 * met (the scenario file first: every run lists it first). */
static ingroei_status union_inputs(ig_regelingen *m, ingroei_error *err)
{
    size_t n = 0;
    for (size_t i = 0; i < m->n; i++)
        n += m->run[i]->n_inputs;
    if (!(m->inputs = calloc(n ? n : 1, sizeof *m->inputs)))
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < m->n; i++)
        for (size_t k = 0; k < m->run[i]->n_inputs; k++) {
            const ig_input *in = &m->run[i]->inputs[k];
            bool seen = false;
            for (size_t j = 0; j < m->n_inputs && !seen; j++)
                seen = !strcmp(m->inputs[j].display, in->display) &&
                       !strcmp(m->inputs[j].sha256, in->sha256);
            if (!seen)
                m->inputs[m->n_inputs++] = *in;
        }
    return INGROEI_OK;
}

/* The warnings of the total: each regeling's, named, and one for every key used for
 * another regeling (with its reason). */
static ingroei_status total_warnings(ingroei_run *t, ingroei_error *err)
{
    const ig_regelingen *m = t->multi;
    const ingroei_scenario *sc = t->sc;
    ig_run_warnings_free(t);
    size_t n = 0;
    for (size_t i = 0; i < m->n; i++)
        n += m->run[i]->n_warnings + 2;
    if (!(t->warnings = calloc(n, sizeof *t->warnings)))
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    bool ok = true;
    for (size_t i = 0; i < m->n && ok; i++) {
        const ig_regeling *e = &sc->regelingen[i];
        const ingroei_run *r = m->run[i];
        for (size_t k = 0; k < r->n_warnings && ok; k++) {
            ig_buf b = {0};
            ig_buf_printf(&b, "regeling %s: %s", e->regeling, r->warnings[k].message);
            ok = b.data && !b.failed;
            if (ok) {
                ig_warning *w = &t->warnings[t->n_warnings++];
                memcpy(w->code, r->warnings[k].code, sizeof w->code);
                w->message = b.data;
            }
        }
        const char *keys[2] = {r->hist.regeling, r->obj.regeling};
        const char *what[2] = {"historical", "objective"};
        for (int k = 0; k < 2 && ok; k++) {
            if (!keys[k] || !strcmp(keys[k], e->regeling))
                continue;
            ig_buf b = {0};
            ig_buf_printf(&b, "regeling %s: the %s key is for regeling %s (reason: %s)",
                          e->regeling, what[k], keys[k], e->reason);
            ok = b.data && !b.failed;
            if (ok) {
                ig_warning *w = &t->warnings[t->n_warnings++];
                snprintf(w->code, sizeof w->code, "key_of_other_regeling");
                w->message = b.data;
            }
        }
    }
    return ok ? INGROEI_OK : ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

/* Where the total budget of year y comes from: each regeling's source, named. */
static char *total_budget_source(const ingroei_run *t, size_t y)
{
    const ig_regelingen *m = t->multi;
    ig_buf b = {0};
    size_t k = 0;
    for (size_t i = 0; i < m->n; i++) {
        const ingroei_run *r = m->run[i];
        if (y < m->offset[i] || y - m->offset[i] >= r->n_y)
            continue;
        ig_buf_printf(&b, "%s%s: %s", k++ ? "; " : "", t->sc->regelingen[i].regeling,
                      r->budget_source[y - m->offset[i]]);
    }
    return b.failed || b.invalid ? (ig_buf_free(&b), NULL) : b.data;
}

/* The total over regelingen of every column the tables read, from the regelingen's
 * computed runs. The objective share of the total is the share of its money that the
 * objective keys distribute; a total has no uitkeringsfactor (0: each regeling's is in
 * its own summary); its cap columns say whether a regeling's cap applied (a gemeente is
 * flagged at the loss cap when one of its regelingen held it there, else at the gain
 * cap when one did; the scale of gains is the smallest of the regelingen whose cap
 * applied). */
static ingroei_status sum_regelingen(ingroei_run *t, bool sources, ingroei_error *err)
{
    const ig_regelingen *m = t->multi;
    const size_t ng = t->n_g, ny = t->n_y;
    int64_t *const zero_y[] = {t->budget,         t->budget_obj,    t->out.target,
                               t->out.sum_hist,   t->out.sum_obj,   t->out.sum_total,
                               t->out.residual};
    for (size_t k = 0; k < sizeof zero_y / sizeof *zero_y; k++)
        memset(zero_y[k], 0, ny * sizeof *zero_y[k]);
    int64_t *const zero_yg[] = {t->out.historical, t->out.objective, t->out.total,
                                t->out.full_hist,  t->out.full_obj,  t->cap.uncapped};
    for (size_t k = 0; k < sizeof zero_yg / sizeof *zero_yg; k++)
        memset(zero_yg[k], 0, ny * ng * sizeof *zero_yg[k]);
    memset(t->out.exact, 0, ny * ng * sizeof *t->out.exact);
    memset(t->cap.flag, 0, ny * ng * sizeof *t->cap.flag);
    for (size_t y = 0; y < ny; y++) {
        double objective_money = 0.0, money = 0.0;
        t->cap.active[y] = false;
        t->cap.feasible[y] = true;
        t->cap.lambda[y] = 1.0;
        t->cap.gap[y] = 0.0;
        t->cap.n_loss[y] = t->cap.n_gain[y] = t->cap.n_conflict[y] = 0;
        t->uf_part[y] = t->uf_full[y] = 0.0;
        for (size_t i = 0; i < m->n; i++) {
            const ingroei_run *r = m->run[i];
            if (y < m->offset[i] || y - m->offset[i] >= r->n_y)
                continue; /* no budget of this regeling in year y */
            const size_t ys = y - m->offset[i];
            t->budget[y] += r->budget[ys];
            t->budget_obj[y] += r->budget_obj[ys];
            t->out.target[y] += r->out.target[ys];
            t->out.sum_hist[y] += r->out.sum_hist[ys];
            t->out.sum_obj[y] += r->out.sum_obj[ys];
            t->out.sum_total[y] += r->out.sum_total[ys];
            t->out.residual[y] += r->out.residual[ys];
            objective_money += r->p[ys] * (double)r->budget_obj[ys];
            money += (1.0 - r->p[ys]) * (double)r->budget[ys] + r->p[ys] * (double)r->budget_obj[ys];
            if (r->cap.active[ys]) {
                t->cap.lambda[y] = t->cap.active[y] && t->cap.lambda[y] < r->cap.lambda[ys]
                                       ? t->cap.lambda[y]
                                       : r->cap.lambda[ys];
                t->cap.active[y] = true;
                t->cap.feasible[y] = t->cap.feasible[y] && r->cap.feasible[ys];
                t->cap.gap[y] += r->cap.gap[ys];
                t->cap.n_conflict[y] += r->cap.n_conflict[ys];
            }
            const size_t a = y * ng, b = ys * ng;
            for (size_t g = 0; g < ng; g++) {
                t->out.historical[a + g] += r->out.historical[b + g];
                t->out.objective[a + g] += r->out.objective[b + g];
                t->out.total[a + g] += r->out.total[b + g];
                t->out.full_hist[a + g] += r->out.full_hist[b + g];
                t->out.full_obj[a + g] += r->out.full_obj[b + g];
                t->out.exact[a + g] += r->out.exact[b + g];
                t->cap.uncapped[a + g] += r->cap.uncapped[b + g];
                const signed char f = r->cap.flag[b + g];
                if (f < 0 || (f > 0 && t->cap.flag[a + g] == 0))
                    t->cap.flag[a + g] = f;
            }
        }
        t->p[y] = money > 0.0 ? objective_money / money : 0.0;
        for (size_t g = 0; g < ng; g++) {
            t->cap.n_loss[y] += t->cap.flag[y * ng + g] < 0;
            t->cap.n_gain[y] += t->cap.flag[y * ng + g] > 0;
        }
        if (sources) {
            free(t->budget_source[y]);
            if (!(t->budget_source[y] = total_budget_source(t, y)))
                return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        }
    }
    *t->parts_due = false;
    return INGROEI_OK;
}

/* The integrated model's cap (README, "Several regelingen"): a cap at the top of the
 * scenario applies to the total over regelingen, by the same budget-neutral solve as a
 * single run's, on the sums: the total's uncapped amount of a gemeente is the sum of its
 * regelingen', its reference the total's (last year's capped total, or the sum of the
 * fully historical amounts), the year's target the sum of the regelingen' targets. The
 * regelingen' own rows stay uncapped: the cap's effect is on the total only, because a
 * split over regelingen would need a rule the integrated model does not give. */
static ingroei_status cap_total(ingroei_run *t, ingroei_error *err)
{
    const ig_cap *cap = &t->sc->cap;
    if (!cap->enabled)
        return INGROEI_OK;
    ig_cap_in cin = {t->n_g, t->n_y, t->first_year, t->inhabitants, t->out.target,
                     t->sc->rounding};
    ingroei_status st = ig_cap_apply(cap, &cin, &t->out, &t->cap, t->slots, t->cap_work, err);
    if (st != INGROEI_OK && err && !err->file[0]) { /* the scenario's cap: point at it */
        snprintf(err->file, sizeof err->file, "%s", t->sc->file);
        err->line = cap->line;
        err->column = cap->column;
    }
    return st;
}

/* Every regeling's budget lines, shifted to the total's years, as the total's (so that a
 * year counts as published when a regeling's budget of it is). */
static ingroei_status total_lines(ingroei_run *t, ingroei_error *err)
{
    const ig_regelingen *m = t->multi;
    size_t n = 0;
    for (size_t i = 0; i < m->n; i++)
        n += m->run[i]->n_lines;
    free(t->lines);
    if (!(t->lines = calloc(n ? n : 1, sizeof *t->lines)))
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    t->n_lines = 0;
    for (size_t i = 0; i < m->n; i++)
        for (size_t k = 0; k < m->run[i]->n_lines; k++)
            t->lines[t->n_lines++] = m->run[i]->lines[k];
    return INGROEI_OK;
}

ingroei_status ig_regelingen_compute(ingroei_run *t, ingroei_error *err)
{
    ig_regelingen *m = t->multi;
    for (size_t i = 0; i < m->n; i++) {
        ingroei_status st = ingroei_run_compute(m->run[i], err);
        if (st == INGROEI_OK)
            st = ig_run_parts(m->run[i], err);
        if (st != INGROEI_OK)
            return in_regeling(st, t->sc->regelingen[i].regeling, err);
    }
    ingroei_status st = sum_regelingen(t, false, err);
    return st == INGROEI_OK ? cap_total(t, err) : st;
}

ingroei_status ig_regelingen_run_new(ingroei_run **out, const ingroei_scenario *sc,
                                     ingroei_error *err)
{
    ig_regelingen *m = calloc(1, sizeof *m);
    if (!m || !(m->run = calloc(sc->n_regelingen, sizeof *m->run)) ||
        !(m->offset = calloc(sc->n_regelingen, sizeof *m->offset))) {
        ig_regelingen_free(m);
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    ingroei_status st = INGROEI_OK;
    size_t base = SIZE_MAX; /* a regeling with every scenario year */
    for (size_t i = 0; i < sc->n_regelingen && st == INGROEI_OK; i++) {
        const ig_regeling *e = &sc->regelingen[i];
        st = in_regeling(ingroei_run_new(&m->run[i], e->sc, err), e->regeling, err);
        m->n = i + (st == INGROEI_OK);
        if (st != INGROEI_OK)
            break;
        const ingroei_run *r = m->run[i];
        st = check_key(sc, i, "historical_key", r->hist.regeling, e->hist_line, e->hist_column,
                       err);
        if (st == INGROEI_OK)
            st = check_key(sc, i, "objective_key", r->obj.regeling, e->obj_line, e->obj_column,
                           err);
        if (st == INGROEI_OK)
            st = ig_run_parts(m->run[i], err);
        m->offset[i] = (size_t)(e->sc->first_year - sc->first_year);
        if (base == SIZE_MAX && e->sc->first_year == sc->first_year &&
            e->sc->last_year == sc->last_year)
            base = i;
        /* the same dataset, boundaries and years give the same gemeenten, in order */
        if (st == INGROEI_OK && i > 0 && r->n_g != m->run[0]->n_g)
            st = ig_fail(err, INGROEI_ERR_NUMERIC, sc->file, e->line, e->column,
                         "regeling %s: %zu gemeenten, regeling %s %zu", e->regeling, r->n_g,
                         sc->regelingen[0].regeling, m->run[0]->n_g);
        for (size_t g = 0; st == INGROEI_OK && i > 0 && g < r->n_g; g++)
            if (strcmp(r->code[g], m->run[0]->code[g]) != 0)
                st = ig_fail(err, INGROEI_ERR_NUMERIC, sc->file, e->line, e->column,
                             "regeling %s: its gemeenten differ from those of regeling %s",
                             e->regeling, sc->regelingen[0].regeling);
    }
    if (st == INGROEI_OK && base == SIZE_MAX) /* the reader makes sure there is one */
        st = ig_fail(err, INGROEI_ERR_SCHEMA, sc->file, 0, 0,
                     "regelingen: none has every scenario year");
    ingroei_run *t = NULL;
    if (st == INGROEI_OK)
        st = ig_run_fork(m->run[base], &t, err);
    if (st != INGROEI_OK) {
        ig_regelingen_free(m);
        return st;
    }
    /* the total: the base regeling's gemeenten, inhabitants and regions, its own sums */
    t->multi = m;
    t->sc = sc;
    t->lean = false;
    ig_buf notice = {0};
    bool illustrative = false;
    for (size_t i = 0; i < m->n; i++) {
        const ingroei_run *r = m->run[i];
        if (!r->obj.illustrative)
            continue;
        ig_buf_printf(&notice, "%sregeling %s: %s", illustrative ? "; " : "",
                      sc->regelingen[i].regeling, r->obj.notice);
        illustrative = true;
    }
    if (notice.failed || notice.invalid)
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    m->notice = notice.data;
    t->obj.illustrative = illustrative;
    t->obj.notice = m->notice;
    if (st == INGROEI_OK)
        st = union_inputs(m, err);
    if (st == INGROEI_OK) {
        t->inputs = m->inputs;
        t->n_inputs = m->n_inputs;
        st = total_lines(t, err);
    }
    if (st == INGROEI_OK)
        st = sum_regelingen(t, true, err);
    if (st == INGROEI_OK)
        st = cap_total(t, err);
    if (st == INGROEI_OK)
        st = total_warnings(t, err);
    if (st != INGROEI_OK) {
        ingroei_run_free(t); /* frees m too */
        return st;
    }
    *out = t;
    return INGROEI_OK;
}

/* ---- outputs ------------------------------------------------------------------------ */

/* The columns of regelingen.csv, in order. */
static const ig_column regeling_columns[] = {
    {"jaar", IG_XL_PLAIN},
    {"gemeentecode", IG_XL_TEXT},
    {"gemeentenaam", IG_XL_TEXT},
    {"regeling", IG_XL_TEXT},
    {"aandeel_objectief", IG_XL_SHARE},
    {"historisch", IG_XL_EURO},
    {"objectief", IG_XL_EURO},
    {"totaal", IG_XL_EURO},
    {"volledig_historisch", IG_XL_EURO},
    {"verschil_met_historisch", IG_XL_EURO},
    {"volledig_objectief", IG_XL_EURO},
    {"totaal_zonder_cap", IG_XL_EURO},
    {"effect_cap", IG_XL_EURO},
    {"cap_geraakt", IG_XL_TEXT},
    {"objectieve_sleutel_illustratief", IG_XL_TEXT},
};
enum { N_REGELING_COLUMNS = sizeof regeling_columns / sizeof regeling_columns[0] };

/* One row of regelingen.csv: gemeente g of run r in r's year index y. */
static void regeling_row(ig_csv_row *w, const ingroei_run *r, const char *regeling, size_t y,
                         size_t g)
{
    const size_t i = y * r->n_g + g;
    const int64_t total = r->out.total[i], hist = r->out.full_hist[i];
    const signed char f = r->cap.flag[i];
    ig_cell c[N_REGELING_COLUMNS] = {
        IG_INT(r->first_year + (int)y),
        IG_TEXT(r->code[g]),
        IG_TEXT(r->name[g]),
        IG_TEXT(regeling),
        IG_FIXED(r->p[y], 6),
        IG_INT(r->out.historical[i]),
        IG_INT(r->out.objective[i]),
        IG_INT(total),
        IG_INT(hist),
        IG_INT(total - hist),
        IG_INT(r->out.full_obj[i]),
        IG_INT(r->cap.uncapped[i]),
        IG_INT(total - r->cap.uncapped[i]),
        IG_TEXT(f < 0 ? "verlies" : f > 0 ? "winst" : ""),
        IG_TEXT(r->obj.illustrative ? "ja" : "nee"),
    };
    ig_csv_cells(w, c, N_REGELING_COLUMNS);
}

void ig_regelingen_csv(ig_buf *b, const ingroei_run *t, ingroei_csv_dialect dialect)
{
    const ig_regelingen *m = t->multi;
    ig_csv_row w = ig_csv_start(b, dialect);
    ig_csv_header(&w, regeling_columns, N_REGELING_COLUMNS);
    for (size_t y = 0; y < t->n_y; y++)
        for (size_t g = 0; g < t->n_g; g++) {
            for (size_t i = 0; i < m->n; i++)
                if (y >= m->offset[i] && y - m->offset[i] < m->run[i]->n_y)
                    regeling_row(&w, m->run[i], t->sc->regelingen[i].regeling, y - m->offset[i],
                                 g);
            regeling_row(&w, t, "totaal", y, g);
        }
}

void ig_regelingen_csv_budget_lines(ig_buf *b, const ingroei_run *t, ingroei_csv_dialect dialect)
{
    const ig_regelingen *m = t->multi;
    ig_csv_row w = ig_csv_start(b, dialect);
    ig_csv_header_names(&w, "jaar,deel,regel,bedrag,bron\n");
    for (size_t i = 0; i < m->n; i++)
        ig_run_csv_budget_lines_of(&w, m->run[i], t->sc->regelingen[i].regeling);
}

/* `json` (a whole JSON document) with every line after the first indented by `indent`
 * levels, as a value inside another document. */
static void put_nested(ig_buf *b, const ig_buf *json, int indent)
{
    size_t n = json->len;
    while (n && json->data[n - 1] == '\n')
        n--;
    for (size_t i = 0; i < n; i++) {
        ig_buf_printf(b, "%c", json->data[i]);
        if (json->data[i] == '\n')
            ig_json_indent(b, indent);
    }
}

bool ig_regelingen_summary_json(ig_buf *b, const ingroei_run *t)
{
    const ig_regelingen *m = t->multi;
    const ingroei_scenario *sc = t->sc;
    size_t *order = malloc((t->n_g ? t->n_g : 1) * sizeof *order);
    if (!order)
        return false;
    ig_json_receipt_begin(b);
    ig_buf_puts(b, ",\n");
    ig_json_key(b, 1, "illustrative");
    ig_buf_puts(b, t->obj.illustrative ? "true,\n" : "false,\n");
    ig_json_str_field(b, 1, "notice", t->obj.notice, false);
    ig_run_json_warnings(b, t);
    ig_buf_puts(b, "  \"scenario\": {\n");
    ig_json_str_field(b, 2, "name", sc->name, false);
    ig_json_str_field(b, 2, "description", sc->description, false);
    ig_json_int_field(b, 2, "boundaries", sc->boundaries, false);
    ig_json_key(b, 2, "years");
    ig_buf_printf(b, "{\"first\": %d, \"last\": %d},\n", sc->first_year, sc->last_year);
    ig_run_json_cap(b, t, "cap_on_total");
    ig_json_str_field(b, 2, "rounding",
                      sc->rounding == IG_ROUND_EXACT_TOTAL ? "exact-total" : "per-line", true);
    ig_buf_puts(b, "  },\n  \"inputs\": [\n");
    ig_run_json_inputs(b, t);
    ig_buf_puts(b, "  ],\n  \"regelingen\": [\n");
    for (size_t i = 0; i < m->n; i++) {
        const ig_regeling *e = &sc->regelingen[i];
        const ingroei_run *r = m->run[i];
        ig_buf_puts(b, "    {\n");
        ig_json_str_field(b, 3, "regeling", e->regeling, false);
        ig_json_str_field(b, 3, "reason", e->reason, false);
        ig_json_str_field(b, 3, "historical_key_regeling", r->hist.regeling, false);
        ig_json_str_field(b, 3, "objective_key_regeling", r->obj.regeling, false);
        ig_json_key(b, 3, "years");
        ig_buf_printf(b, "{\"first\": %d, \"last\": %d},\n", e->sc->first_year, e->sc->last_year);
        ig_json_key(b, 3, "own_path");
        ig_buf_puts(b, e->own_path ? "true,\n" : "false,\n");
        ig_json_key(b, 3, "summary");
        ig_buf own = {0};
        bool ok = ig_run_summary_json(&own, r) && !own.failed && !own.invalid;
        if (ok)
            put_nested(b, &own, 3);
        ig_buf_free(&own);
        if (!ok) {
            free(order);
            return false;
        }
        ig_buf_puts(b, i + 1 < m->n ? "\n    },\n" : "\n    }\n");
    }
    ig_buf_puts(b, "  ],\n  \"years\": [\n");
    for (size_t y = 0; y < t->n_y; y++) {
        ig_buf_puts(b, "    {\n");
        ig_json_int_field(b, 3, "year", t->first_year + (int)y, false);
        ig_json_int_field(b, 3, "budget", t->out.target[y], false);
        ig_json_fixed_field(b, 3, "objective_share", t->p[y], 6, false);
        ig_json_int_field(b, 3, "historical_part", t->out.sum_hist[y], false);
        ig_json_int_field(b, 3, "objective_part", t->out.sum_obj[y], false);
        ig_json_int_field(b, 3, "sum_allocations", t->out.sum_total[y], false);
        ig_json_int_field(b, 3, "rounding_residual", t->out.residual[y], false);
        if (sc->cap.enabled) /* the cap on the total's year */
            ig_run_json_cap_year(b, t, y);
        ig_json_key(b, 3, "per_regeling");
        ig_buf_puts(b, "{");
        size_t k = 0;
        for (size_t i = 0; i < m->n; i++) {
            const ingroei_run *r = m->run[i];
            if (y < m->offset[i] || y - m->offset[i] >= r->n_y)
                continue;
            const size_t ys = y - m->offset[i];
            ig_buf_puts(b, k++ ? ", " : "");
            ig_json_string(b, sc->regelingen[i].regeling);
            ig_buf_puts(b, ": {\"budget\": ");
            ig_put_int(b, r->out.target[ys]);
            ig_buf_puts(b, ", \"sum_allocations\": ");
            ig_put_int(b, r->out.sum_total[ys]);
            ig_buf_puts(b, ", \"objective_share\": ");
            ig_put_fixed(b, r->p[ys], 6, '.');
            ig_buf_puts(b, r->cap.active[ys] ? ", \"cap_active\": true}" : ", \"cap_active\": false}");
        }
        ig_buf_puts(b, "},\n");
        if (ig_run_rank(t, y, order) != INGROEI_OK) {
            free(order);
            return false;
        }
        ig_json_key(b, 3, "largest_gainers_per_inhabitant");
        ig_run_json_ranking(b, t, y, order, false);
        ig_buf_puts(b, ",\n");
        ig_json_key(b, 3, "largest_losers_per_inhabitant");
        ig_run_json_ranking(b, t, y, order, true);
        ig_buf_puts(b, y + 1 < t->n_y ? "\n    },\n" : "\n    }\n");
    }
    ig_buf_puts(b, "  ]\n}\n");
    free(order);
    return true;
}
