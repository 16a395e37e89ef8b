/*
 * run.c - one run from scenario to allocations: loads the dataset and the two keys the
 * scenario names (run/dataset.c), derives the budgets and the path, and computes every
 * year (core/). Everything the outputs need is kept in struct ingroei_run.
 */
#include "run/run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Frees the arrays a run computes in (owned by every run, forked or not). */
static void free_work(ingroei_run *r)
{
    ig_run_warnings_free(r);
    if (r->budget_source)
        for (size_t y = 0; y < r->n_y; y++)
            free(r->budget_source[y]);
    void *arrays[] = {
        r->budget,
        r->budget_obj,
        r->budget_source,
        r->out.target,
        r->lines,
        r->lines_obj,
        r->p,
        r->o_part,
        r->o_full,
        r->uf_part,
        r->uf_full,
        r->out.exact,
        r->out.work,
        r->out.historical,
        r->out.objective,
        r->out.total,
        r->out.full_hist,
        r->out.full_obj,
        r->out.sum_hist,
        r->out.sum_obj,
        r->out.sum_total,
        r->out.residual,
        r->out.full_hist_of,
        r->o_full_of,
        r->memo,
        r->slots,
        r->cap_work,
        r->cap.uncapped,
        r->cap.flag,
        r->cap.lambda,
        r->cap.n_loss,
        r->cap.n_conflict,
        r->cap.n_gain,
        r->cap.active,
        r->cap.feasible,
        r->cap.gap,
        r->parts_due,
        r->arrangement,
        r->arrangement_total,
        r->arrangement_g,
    };
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        free(arrays[i]);
}

void ingroei_run_free(ingroei_run *r)
{
    if (!r)
        return;
    ig_regelingen_free(r->multi); /* with several regelingen: their runs */
    free_work(r);
    if (r->borrowed) { /* a fork: the loaded data belong to the run it was forked from */
        free(r);
        return;
    }
    /* a load that failed half-way leaves any of these arrays NULL with n_g set */
    for (size_t g = 0; g < r->n_g; g++) {
        if (r->code)
            free(r->code[g]);
        if (r->name)
            free(r->name[g]);
        if (r->province)
            free(r->province[g]);
        if (r->region_kind)
            free(r->region_kind[g]);
        if (r->region_source)
            free(r->region_source[g]);
    }
    for (size_t i = 0; r->inputs && i < r->n_inputs; i++) {
        free(r->inputs[i].display);
        free(r->inputs[i].source);
    }
    for (size_t i = 0; r->merges && i < r->n_merges; i++) {
        free(r->merges[i].old_code);
        free(r->merges[i].old_name);
        free(r->merges[i].new_code);
    }
    void *arrays[] = {r->code,   r->name,        r->province,         r->inputs, r->merges,
                      r->region, r->inhabitants, r->inhabitants_year, r->h,      r->h_amount,
                      r->units,  r->weight,      r->scaled,           r->key_b,  r->key_a,
                      r->region_kind, r->region_source,
                      r->h_year, r->h_amount_year, r->h_total_year, (void *)r->h_circulaire_year,
                      r->units_year, r->key_b_year, r->key_a_year, r->key_sum_b_year,
                      r->key_sum_a_year};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        free(arrays[i]);
    ig_hist_model_clear(&r->hist);
    ig_obj_model_clear(&r->obj);
    free(r);
}

/* Allocates the arrays a run computes in; the loaded data are not touched. */
static ingroei_status alloc_work(ingroei_run *r, ingroei_error *err)
{
    const size_t ny = r->n_y, ng = r->n_g;
#define ALLOC(field, count) (((field) = calloc((count), sizeof *(field))) != NULL)
    bool ok = ALLOC(r->budget, ny) && ALLOC(r->budget_obj, ny) && ALLOC(r->budget_source, ny) &&
              ALLOC(r->out.target, ny) && ALLOC(r->p, ny) && ALLOC(r->uf_part, ny) &&
              ALLOC(r->uf_full, ny) && ALLOC(r->o_part, ny * ng) && ALLOC(r->o_full, ny * ng) &&
              ALLOC(r->out.exact, ny * ng) && ALLOC(r->out.work, ng) &&
              ALLOC(r->out.historical, ny * ng) && ALLOC(r->out.objective, ny * ng) &&
              ALLOC(r->out.total, ny * ng) && ALLOC(r->out.full_hist, ny * ng) &&
              ALLOC(r->out.full_obj, ny * ng) && ALLOC(r->out.sum_hist, ny) &&
              ALLOC(r->out.sum_obj, ny) && ALLOC(r->out.sum_total, ny) &&
              ALLOC(r->out.residual, ny) && ALLOC(r->slots, ng) && ALLOC(r->cap_work, 6 * ng) &&
              ALLOC(r->cap.uncapped, ny * ng) && ALLOC(r->cap.flag, ny * ng) &&
              ALLOC(r->cap.lambda, ny) && ALLOC(r->cap.n_loss, ny) && ALLOC(r->cap.n_gain, ny) &&
              ALLOC(r->cap.n_conflict, ny) && ALLOC(r->cap.active, ny) &&
              ALLOC(r->cap.feasible, ny) && ALLOC(r->cap.gap, ny) && ALLOC(r->parts_due, 1);
#undef ALLOC
    return ok ? INGROEI_OK : ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

/* Builds one budget (amounts and lines) and explains a rule that fails. */
static ingroei_status build_budget(ingroei_run *r, const ig_budget_rule *rule, const char *where,
                                   int64_t *amounts, ig_budget_line **lines, size_t *n_lines,
                                   ingroei_error *err)
{
    if (!*lines) /* a fork reuses its lines: every scenario of a sweep has as many */
        *lines = calloc(ig_budget_max_lines(rule, r->n_y) + 1, sizeof **lines);
    if (!*lines)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    int bad = 0;
    if (ig_budget_build(rule, r->first_year, r->n_y, amounts, *lines, n_lines, &bad) == INGROEI_OK)
        return INGROEI_OK;
    return ig_fail(err, INGROEI_ERR_SCHEMA, r->sc->file, rule->line, rule->column,
                   "%s: the %s gives %d an amount outside 1 to 1e15 euro", where,
                   rule->has_base ? "base amount with its mutations" : "rule for other years", bad);
}

/* Where the budget of year y comes from, in Dutch words, for budget.csv, the workbook
 * and the receipt. */
static char *budget_source(const ingroei_run *r, const ig_budget_rule *rule, size_t y)
{
    const int year = r->first_year + (int)y;
    ig_buf b = {0};
    for (size_t i = 0; i < r->n_lines; i++) {
        const ig_budget_line *l = &r->lines[i];
        if (l->year != year)
            continue;
        if (l->kind == IG_LINE_PUBLISHED) {
            ig_buf_puts(&b, l->point->source);
        } else if (l->kind == IG_LINE_DERIVED) {
            /* in Dutch, as the workbook and the report show it: a decimal comma */
            int span = abs(year - l->base_year);
            ig_buf_printf(&b,
                          "afgeleid van het bedrag van %d (het dichtstbijzijnde "
                          "gepubliceerde jaar) met ",
                          l->base_year);
            const size_t at = b.len;
            ig_put_decimal(&b, rule->index_percent);
            for (size_t i = at; b.data && i < b.len; i++)
                if (b.data[i] == '.')
                    b.data[i] = ',';
            ig_buf_printf(&b, "%% per jaar, %d jaar %s; %s", span,
                          year < l->base_year ? "terug" : "verder", rule->index_source);
        } else if (l->kind == IG_LINE_BASE || l->kind == IG_LINE_LEVEL) {
            ig_buf_printf(&b, "basisbedrag van %d (%s)", rule->base.year, rule->base.source);
        } else {
            ig_buf_printf(&b, "; %s", l->mutation->name);
        }
    }
    if (rule->has_base)
        ig_buf_puts(&b, "; regel voor regel in budget_opbouw.csv");
    return b.failed || b.invalid ? (ig_buf_free(&b), NULL) : b.data;
}

/* The budget of every year (and the objective part's, when it has its own), with its
 * build-up and, when `sources`, in words where it comes from. */
static ingroei_status derive_budgets(ingroei_run *r, bool sources, ingroei_error *err)
{
    const ingroei_scenario *sc = r->sc;
    ingroei_status st =
        build_budget(r, &sc->budget, "budget", r->budget, &r->lines, &r->n_lines, err);
    if (st == INGROEI_OK && sc->has_objective_budget)
        st = build_budget(r, &sc->objective_budget, "objective_budget", r->budget_obj,
                          &r->lines_obj, &r->n_lines_obj, err);
    else if (st == INGROEI_OK)
        memcpy(r->budget_obj, r->budget, r->n_y * sizeof *r->budget);
    if (st == INGROEI_OK)
        st = ig_run_arrangements(r, err); /* the sources below still name the whole budget */
    for (size_t y = 0; sources && st == INGROEI_OK && y < r->n_y; y++)
        if (!(r->budget_source[y] = budget_source(r, &sc->budget, y)))
            st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return st;
}

/* Explains a key that cannot distribute a budget, naming the key file and, where one is
 * to blame, the gemeente. */
static ingroei_status key_failure(const ingroei_run *r, size_t y, size_t bad, double uf,
                                  const char *part, ingroei_error *err)
{
    if (bad == SIZE_MAX)
        return ig_fail(err, INGROEI_ERR_DATA, r->obj.file, 0, 0,
                       "the objective key's uitkeringsbasis (units x weight over the scaled "
                       "maatstaven) does not add up to a positive amount");
    ig_buf f = {0};
    ig_put_decimal(&f, uf);
    ingroei_status st =
        ig_fail(err, INGROEI_ERR_DATA, r->obj.file, 0, 0,
                "the objective key gives %s (%s) a negative amount at %s of %d "
                "(uitkeringsfactor %s)",
                r->code[bad], r->name[bad], part, r->first_year + (int)y, f.data ? f.data : "?");
    ig_buf_free(&f);
    return st;
}

/* The inputs of the allocation of the run's last compute. */
static ig_alloc_in alloc_in(const ingroei_run *r)
{
    return (ig_alloc_in){r->n_g,    r->n_y,    r->budget,       r->p,          r->h,
                         r->o_part, r->o_full, r->sc->rounding, r->budget_obj, r->lean,
                         r->h_year};
}

ingroei_status ig_run_parts(const ingroei_run *r, ingroei_error *err)
{
    if (!*r->parts_due)
        return INGROEI_OK;
    ig_alloc_in in = alloc_in(r);
    ig_alloc_out out = r->out; /* the arrays are the run's own, written in place */
    ingroei_status st = ig_allocate_parts(&in, &out, r->slots, err);
    if (st == INGROEI_OK && ig_run_arrangement(r, 0))
        ig_arrangement_add_full_obj(r->arrangement, r->n_g, r->n_y, out.full_obj);
    if (st == INGROEI_OK)
        *r->parts_due = false;
    return st;
}

/* The allocation of every year whose inputs changed since the fork's last compute
 * (memo[y].alloc tells which did not): the years that did not keep their rows, and
 * their total before the cap comes back from cap.uncapped. ig_allocate computes each
 * year on its own, so a run of changed years is allocated as one call over those
 * years; a failure is explained by the call over all years, as without the memo. */
static ingroei_status allocate_changed(ingroei_run *r, const ig_alloc_in *in, ingroei_error *err)
{
    const size_t n = r->n_g, n_y = r->n_y;
    ig_fork_memo *m = r->memo;
    ig_alloc_out *o = &r->out;
    for (size_t y = 0; y < n_y;) {
        if (m[y].alloc) {
            memcpy(o->total + y * n, r->cap.uncapped + y * n, n * sizeof *o->total);
            o->sum_total[y] = m[y].sum_total;
            o->residual[y] = m[y].residual;
            y++;
            continue;
        }
        size_t end = y + 1;
        while (end < n_y && !m[end].alloc)
            end++;
        ig_alloc_in part = *in;
        part.n_y = end - y;
        part.budget += y;
        part.p += y;
        part.o += y * n;
        part.o_full += y * n;
        part.budget_obj += y;
        if (part.h_year)
            part.h_year += y * n;
        ig_alloc_out out = *o; /* its rows from year y on (every array is a fork's own) */
        int64_t **rows[] = {&out.historical, &out.objective, &out.total, &out.full_hist,
                            &out.full_obj};
        for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
            *rows[i] += y * n;
        out.exact += y * n;
        int64_t **sums[] = {&out.sum_hist, &out.sum_obj, &out.sum_total, &out.target,
                            &out.residual, &out.full_hist_of};
        for (size_t i = 0; i < sizeof sums / sizeof sums[0]; i++)
            if (*sums[i])
                *sums[i] += y;
        ingroei_status st = ig_allocate(&part, &out, r->slots, NULL);
        if (st != INGROEI_OK)
            return ig_allocate(in, o, r->slots, err);
        for (size_t t = y; t < end; t++) {
            m[t].sum_total = o->sum_total[t];
            m[t].residual = o->residual[t];
        }
        y = end;
    }
    return INGROEI_OK;
}

static ingroei_status compute(ingroei_run *r, ingroei_error *err);

ingroei_status ingroei_run_compute(ingroei_run *r, ingroei_error *err)
{
    if (!r)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "no run");
    if (r->multi) /* several regelingen: each one's run, then the total */
        return ig_regelingen_compute(r, err);
    const ingroei_status st = compute(r, err);
    for (size_t y = 0; r->memo && y < r->n_y; y++) {
        ig_fork_memo *m = &r->memo[y];
        /* a year's allocation is kept for the next compute only when this one got
         * through the cap, and without arrangements (added to its rows) */
        m->alloc = st == INGROEI_OK && !r->sc->n_arrangements;
        m->alloc_p = r->p[y];
        m->alloc_b = r->budget[y];
        m->alloc_bo = r->budget_obj[y];
        m->alloc_rounding = r->sc->rounding;
    }
    return st;
}

static ingroei_status compute(ingroei_run *r, ingroei_error *err)
{
    const size_t n = r->n_g;
    ig_fork_memo *memo = r->memo;
    for (size_t y = 0; y < r->n_y; y++) {
        r->p[y] = ig_path_share(&r->sc->path, r->first_year + (int)y, r->first_year);
        double *full = r->o_full + y * n, *part = r->o_part + y * n;
        const double budget = (double)r->budget_obj[y], objective_part = r->p[y] * budget;
        size_t bad;
        /* the key's bases of this year (its own volumes, or the year's: README, "Inputs
         * per year") */
        const double *kb = ig_run_key_b(r, y), *ka = ig_run_key_a(r, y);
        const double sb = ig_run_key_sum_b(r, y), sa = ig_run_key_sum_a(r, y);
        const bool kept = r->o_full_of && r->o_full_of[y] == budget;
        if (r->o_full_of)
            r->o_full_of[y] = NAN; /* until the row is whole again */
        const bool part_kept = memo && memo[y].part_p == r->p[y] && memo[y].part_b == budget;
        if (memo)
            memo[y].part_p = NAN;
        /* Arrangements that take the whole budget leave the keys nothing: their shares
         * are then the bases' (README, "Arrangements"), distributing 0. */
        if (r->budget_obj[y] == 0) {
            for (size_t g = 0; g < n; g++)
                full[g] = part[g] = kb[g] / sb;
            r->uf_full[y] = r->uf_part[y] = 0.0;
            continue;
        }
        /* The key at the whole budget: the end point of the path; in a fork, as the last
         * compute left it when this year's budget is the same (the bases are the loaded
         * data's). */
        if (kept) {
            /* the row and its uitkeringsfactor stand */
        } else if (y > 0 && r->budget_obj[y] == r->budget_obj[y - 1] && !r->key_b_year) {
            memcpy(full, full - n, n * sizeof *full);
            r->uf_full[y] = r->uf_full[y - 1];
        } else if (ig_bfv_solve(kb, ka, n, sb, sa, budget, full, &r->uf_full[y], &bad) !=
                   INGROEI_OK) {
            return key_failure(r, y, bad, r->uf_full[y], "the whole budget", err);
        }
        if (r->o_full_of)
            r->o_full_of[y] = budget;
        /* The key at the part distributed objectively: its uitkeringsfactor makes the
         * key add up to that part (Bfv 2001 art. 1c); unscaled maatstaven stay unscaled. */
        if (part_kept) {
            /* the row and its uitkeringsfactor stand: made for the same amount */
        } else if (r->p[y] == 0.0) {
            memcpy(part, full, n * sizeof *part); /* nothing is distributed by it */
            r->uf_part[y] = 0.0;
        } else if (r->p[y] == 1.0) {
            memcpy(part, full, n * sizeof *part);
            r->uf_part[y] = r->uf_full[y];
        } else if (ig_bfv_solve(kb, ka, n, sb, sa, objective_part, part, &r->uf_part[y], &bad) !=
                   INGROEI_OK) {
            return key_failure(r, y, bad, r->uf_part[y], "the objective part of the budget", err);
        }
        if (memo) {
            memo[y].part_p = r->p[y];
            memo[y].part_b = budget;
        }
    }
    /* The total and its fully historical counterpart now; the other rounded columns
     * when something reads them (ig_run_parts). */
    ig_alloc_in in = alloc_in(r);
    in.lean = true;
    *r->parts_due = false;
    /* In a fork, a year whose budgets, p and rounding are those of the last compute
     * keeps its allocation (the key rows above are then the same too). */
    for (size_t y = 0; memo && y < r->n_y; y++)
        memo[y].alloc = memo[y].alloc && memo[y].alloc_p == r->p[y] &&
                        memo[y].alloc_b == r->budget[y] && memo[y].alloc_bo == r->budget_obj[y] &&
                        memo[y].alloc_rounding == r->sc->rounding && !r->sc->n_arrangements;
    ingroei_status st =
        memo ? allocate_changed(r, &in, err) : ig_allocate(&in, &r->out, r->slots, err);
    if (st != INGROEI_OK)
        return st;
    /* arrangements are added to the fully historical rows below: round them anew */
    for (size_t y = 0; r->out.full_hist_of && r->sc->n_arrangements && y < r->n_y; y++)
        r->out.full_hist_of[y] = -1;
    *r->parts_due = !r->lean;
    const ig_cap *cap = &r->sc->cap;
    if (!cap->enabled) {
        memcpy(r->cap.uncapped, r->out.total, r->n_y * n * sizeof *r->out.total);
        for (size_t y = 0; y < r->n_y; y++) {
            r->cap.lambda[y] = 1.0;
            r->cap.feasible[y] = true;
        }
        ig_run_arrangements_add(r);
        return INGROEI_OK;
    }
    ig_cap_in cin = {n, r->n_y, r->first_year, r->inhabitants, r->out.target, r->sc->rounding};
    st = ig_cap_apply(cap, &cin, &r->out, &r->cap, r->slots, r->cap_work, err);
    if (st == INGROEI_OK)
        ig_run_arrangements_add(r); /* the cap holds the keys' distribution only */
    if (st != INGROEI_OK && err && !err->file[0]) {
        /* the cap is the scenario's: point at it */
        snprintf(err->file, sizeof err->file, "%s", r->sc->file);
        err->line = cap->line;
        err->column = cap->column;
    }
    return st;
}

/* The last steps of a full run, after its data are loaded (st says whether that
 * worked): the budgets with their sources, then the computation. On failure the run is
 * freed and the error names the scenario when it names no other file. */
static ingroei_status finish_run(ingroei_run *r, ingroei_status st, ingroei_run **out,
                                 ingroei_error *err)
{
    if (st == INGROEI_OK)
        st = derive_budgets(r, true, err);
    if (st == INGROEI_OK)
        st = ingroei_run_compute(r, err);
    if (st == INGROEI_OK)
        st = ig_run_warnings(r, err);
    if (st != INGROEI_OK) {
        if (err && !err->file[0])
            snprintf(err->file, sizeof err->file, "%s", r->sc->file);
        ingroei_run_free(r);
        return st;
    }
    *out = r;
    return INGROEI_OK;
}

ingroei_status ingroei_run_new(ingroei_run **out, const ingroei_scenario *sc, ingroei_error *err)
{
    ingroei_init();
    if (!out || !sc)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "no scenario given");
    if (sc->n_regelingen) /* README, "Several regelingen": one run per regeling */
        return ig_regelingen_run_new(out, sc, err);
    ingroei_run *r = calloc(1, sizeof *r);
    if (!r)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    r->sc = sc;
    r->first_year = sc->first_year;
    r->n_y = (size_t)(sc->last_year - sc->first_year + 1);
    ingroei_status st = ig_run_add_input(r, sc->file, sc->sha256, sc->name, err);
    if (st == INGROEI_OK)
        st = ig_load_gemeenten(r, err);
    if (st == INGROEI_OK)
        st = ig_load_historical(r, err);
    if (st == INGROEI_OK)
        st = ig_load_objective(r, err);
    if (st == INGROEI_OK)
        st = ig_load_regions(r, err);
    if (st == INGROEI_OK)
        st = alloc_work(r, err);
    if (st == INGROEI_OK && (!(r->key_b = calloc(r->n_g, sizeof *r->key_b)) ||
                             !(r->key_a = calloc(r->n_g, sizeof *r->key_a))))
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (st == INGROEI_OK) {
        ig_bfv_bases(r->units, r->weight, r->scaled, r->obj.n_maatstaven, r->n_g, r->key_b,
                     r->key_a);
        r->key_sum_b = ig_sum(r->key_b, r->n_g);
        r->key_sum_a = ig_sum(r->key_a, r->n_g);
    }
    if (st == INGROEI_OK)
        st = ig_load_inputs_per_year(r, err);
    return finish_run(r, st, out, err);
}

ingroei_status ig_run_fork(const ingroei_run *base, ingroei_run **out, ingroei_error *err)
{
    if (base->multi)
        return ig_fail(err, INGROEI_ERR_USAGE, base->sc->file, 0, 0,
                       "a scenario with several regelingen cannot be varied or served yet (run "
                       "it with ingroei run)");
    ingroei_run *r = malloc(sizeof *r);
    if (!r)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    *r = *base; /* the loaded data, borrowed */
    r->borrowed = true;
    r->lean = true;
    /* the work arrays are its own */
    r->budget = r->budget_obj = r->out.target = NULL;
    r->budget_source = NULL;
    r->lines = r->lines_obj = NULL;
    r->p = r->o_part = r->o_full = r->uf_part = r->uf_full = NULL;
    r->out = (ig_alloc_out){0};
    r->cap = (ig_cap_out){0};
    r->slots = NULL;
    r->cap_work = NULL;
    r->parts_due = NULL;
    r->warnings = NULL;
    r->n_warnings = 0;
    r->arrangement = r->arrangement_total = NULL;
    r->arrangement_g = NULL;
    ingroei_status st = alloc_work(r, err);
    /* A fork computes scenario after scenario on the same loaded data: a fully
     * historical row whose budget did not change is not rounded again. */
    r->o_full_of = NULL;
    r->memo = NULL;
    if (st == INGROEI_OK && (!(r->out.full_hist_of = malloc(r->n_y * sizeof *r->out.full_hist_of)) ||
                             !(r->o_full_of = malloc(r->n_y * sizeof *r->o_full_of)) ||
                             !(r->memo = calloc(r->n_y, sizeof *r->memo))))
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (st != INGROEI_OK) {
        ingroei_run_free(r);
        return st;
    }
    ig_run_fork_forget(r);
    *out = r;
    return INGROEI_OK;
}

void ig_run_fork_forget(ingroei_run *r)
{
    for (size_t y = 0; r->memo && y < r->n_y; y++) {
        r->out.full_hist_of[y] = -1;
        r->o_full_of[y] = NAN;
        r->memo[y] = (ig_fork_memo){.part_p = NAN, .part_b = NAN}; /* no allocation kept */
    }
}

ingroei_status ig_run_compute_scenario(ingroei_run *r, const ingroei_scenario *sc,
                                       ingroei_error *err)
{
    if (r->multi || sc->n_regelingen)
        return ig_fail(err, INGROEI_ERR_USAGE, sc->file, 0, 0,
                       "a scenario with several regelingen cannot be varied yet");
    r->sc = sc;
    ingroei_status st = derive_budgets(r, false, err);
    return st == INGROEI_OK ? ingroei_run_compute(r, err) : st;
}

ingroei_status ig_run_fork_full(const ingroei_run *base, const ingroei_scenario *sc,
                                ingroei_run **out, ingroei_error *err)
{
    ingroei_run *r = NULL;
    ingroei_status st = ig_run_fork(base, &r, err);
    if (st != INGROEI_OK)
        return st;
    r->lean = false;
    r->sc = sc;
    return finish_run(r, INGROEI_OK, out, err);
}

const char *ingroei_run_illustrative_notice(const ingroei_run *r)
{
    return r && r->obj.illustrative ? r->obj.notice : NULL;
}

size_t ingroei_run_n_without_region(const ingroei_run *r)
{
    if (!r || !r->region)
        return SIZE_MAX;
    size_t n = 0;
    for (size_t g = 0; g < r->n_g; g++)
        n += r->region[g] < 0;
    return n;
}

size_t ingroei_run_n_years(const ingroei_run *r)
{
    return r ? r->n_y : 0;
}
size_t ingroei_run_n_gemeenten(const ingroei_run *r)
{
    return r ? r->n_g : 0;
}

ingroei_status ingroei_run_find_gemeente(const ingroei_run *r, const char *key, size_t *index,
                                         ingroei_error *err)
{
    if (!r || !key || !index)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "no gemeente given");
    /* Codes and names are unique within one year's list; both compare folded ("zwolle",
     * "s Hertogenbosch", "Bergen NH" find Zwolle, 's-Hertogenbosch, Bergen (NH.)). */
    const char *const *codes = (const char *const *)r->code;
    const char *const *names = (const char *const *)r->name;
    if (ig_find_name(key, codes, names, r->n_g, index) == 1)
        return INGROEI_OK;
    /* a gemeente that merged: into which, and from when */
    for (size_t i = 0; i < r->n_merges; i++) {
        const ig_merge *m = &r->merges[i];
        size_t at;
        if (ig_find_name(key, (const char *const *)&m->old_code, (const char *const *)&m->old_name,
                         1, &at) != 1)
            continue;
        const char *into = m->new_code;
        for (size_t g = 0; g < r->n_g; g++)
            if (strcmp(r->code[g], m->new_code) == 0)
                into = r->name[g];
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0,
                       "%s (%s) merged into %s (%s) on %s: in the boundaries of %d it is part "
                       "of %s",
                       m->old_name, m->old_code, into, m->new_code, m->date, r->sc->boundaries,
                       into);
    }
    ig_buf near = {0};
    ig_near_names(&near, key, codes, names, r->n_g, 6);
    const ingroei_status st = ig_fail(
        err, INGROEI_ERR_USAGE, NULL, 0, 0,
        "no gemeente '%s' in the boundaries of %d (give a code such as GM0363 or the name)%s%s",
        key, r->sc->boundaries, near.len ? "; did you mean " : "", near.data ? near.data : "");
    ig_buf_free(&near);
    return st;
}

ingroei_status ingroei_run_row(const ingroei_run *r, size_t y, size_t g, ingroei_row *row)
{
    if (!r || !row || y >= r->n_y || g >= r->n_g)
        return INGROEI_ERR_USAGE;
    ingroei_status st = ig_run_parts(r, NULL);
    if (st != INGROEI_OK)
        return st;
    size_t i = y * r->n_g + g;
    *row = (ingroei_row){
        .year = r->first_year + (int)y,
        .code = r->code[g],
        .name = r->name[g],
        .province = r->province[g],
        .inhabitants = r->inhabitants[i],
        .inhabitants_year = r->inhabitants_year[y],
        .objective_share = r->p[y],
        .historical = r->out.historical[i],
        .objective = r->out.objective[i],
        .total = r->out.total[i],
        .full_historical = r->out.full_hist[i],
        .full_objective = r->out.full_obj[i],
        .total_uncapped = r->cap.uncapped[i],
        .cap_hit = r->cap.flag[i],
    };
    return INGROEI_OK;
}

ingroei_status ingroei_run_year(const ingroei_run *r, size_t y, ingroei_year *out)
{
    if (!r || !out || y >= r->n_y)
        return INGROEI_ERR_USAGE;
    *out = (ingroei_year){
        .year = r->first_year + (int)y,
        .budget = r->out.target[y],
        .budget_historical = r->budget[y],
        .budget_objective = r->budget_obj[y],
        .budget_source = r->budget_source[y],
        .objective_share = r->p[y],
        .sum_total = r->out.sum_total[y],
        .residual = r->out.residual[y],
        .cap_active = r->cap.active[y],
        .cap_feasible = r->cap.feasible[y],
        .cap_losses = r->cap.n_loss[y],
        .cap_gains = r->cap.n_gain[y],
        .cap_scale = r->cap.lambda[y],
    };
    return INGROEI_OK;
}

bool ig_run_budget_published(const ingroei_run *r, size_t y)
{
    for (size_t i = 0; i < r->n_lines; i++)
        if (r->lines[i].year == r->first_year + (int)y &&
            (r->lines[i].kind == IG_LINE_PUBLISHED || r->lines[i].kind == IG_LINE_BASE))
            return true;
    return false;
}

double ig_run_gain_per_inhabitant(const ingroei_run *r, size_t y, size_t g)
{
    size_t i = y * r->n_g + g;
    if (r->inhabitants[i] <= 0)
        return 0.0;
    return (double)(r->out.total[i] - r->out.full_hist[i]) / (double)r->inhabitants[i];
}

/* qsort context for ig_run_rank: the gains of the year being ranked. */
typedef struct ranked {
    double gain;
    size_t g;
} ranked;

static int ranked_cmp(const void *a, const void *b)
{
    const ranked *p = a, *q = b;
    if (p->gain != q->gain)
        return p->gain > q->gain ? -1 : 1;
    return (p->g > q->g) - (p->g < q->g);
}

ingroei_status ig_run_rank(const ingroei_run *r, size_t y, size_t *order)
{
    ranked *rk = malloc((r->n_g ? r->n_g : 1) * sizeof *rk);
    if (!rk)
        return INGROEI_ERR_NOMEM;
    for (size_t g = 0; g < r->n_g; g++)
        rk[g] = (ranked){ig_run_gain_per_inhabitant(r, y, g), g};
    qsort(rk, r->n_g, sizeof *rk, ranked_cmp);
    for (size_t g = 0; g < r->n_g; g++)
        order[g] = rk[g].g;
    free(rk);
    return INGROEI_OK;
}
