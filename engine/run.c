/*
 * run.c - one run from scenario to allocations: loads the dataset and the two keys
 * the scenario names (io), derives budgets and the path, and computes every year
 * (core). Everything the outputs need is kept in struct ingroei_run.
 */
#include "ig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void ingroei_run_free(ingroei_run *r)
{
    if (!r)
        return;
    for (size_t g = 0; g < r->n_g; g++) {
        free(r->code[g]);
        free(r->name[g]);
        free(r->province[g]);
    }
    free(r->code);
    free(r->name);
    free(r->province);
    for (size_t y = 0; y < r->n_y && r->budget_source; y++)
        free(r->budget_source[y]);
    free(r->budget_source);
    for (size_t i = 0; i < r->n_inputs; i++) {
        free(r->inputs[i].display);
        free(r->inputs[i].source);
    }
    free(r->inputs);
    free(r->inhabitants);
    free(r->inhabitants_year);
    free(r->budget);
    free(r->p);
    free(r->h);
    free(r->o);
    free(r->uf);
    free(r->units);
    free(r->weight);
    free(r->scaled);
    free(r->out.exact);
    free(r->out.historical);
    free(r->out.objective);
    free(r->out.total);
    free(r->out.full_hist);
    free(r->out.full_obj);
    free(r->out.sum_total);
    free(r->out.residual);
    free(r->slots);
    free(r->scratch);
    ig_hist_model_clear(&r->hist);
    ig_obj_model_clear(&r->obj);
    free(r);
}

/* Index of `code` among the run's gemeenten (sorted), or -1. */
static long find_code(const ingroei_run *r, const char *code)
{
    size_t lo = 0, hi = r->n_g;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(r->code[mid], code);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static bool valid_code(const char *s)
{
    return strlen(s) == 6 && s[0] == 'G' && s[1] == 'M' && s[2] >= '0' && s[2] <= '9' &&
           s[3] >= '0' && s[3] <= '9' && s[4] >= '0' && s[4] <= '9' && s[5] >= '0' && s[5] <= '9';
}

const char *ig_run_shown_path(const ingroei_run *r, const char *path)
{
    const char *file = r->sc->file, *slash = strrchr(file, '/');
    if (!slash)
        return path; /* the scenario's directory is the working directory */
    size_t n = (size_t)(slash - file);
    if (strncmp(path, file, n) == 0 && path[n] == '/')
        return path + n + 1;
    return path;
}

/* Records an input file with its digest and source in the receipt. */
static ingroei_status add_input(ingroei_run *r, const char *path, const char *source,
                                ingroei_error *err)
{
    char *data;
    size_t len;
    ingroei_status st = ig_read_file(path, &data, &len, err);
    if (st != INGROEI_OK)
        return st;
    ig_input *in = realloc(r->inputs, (r->n_inputs + 1) * sizeof *in);
    if (!in) {
        free(data);
        return ig_fail(err, INGROEI_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    r->inputs = in;
    ig_input *x = &r->inputs[r->n_inputs++];
    memset(x, 0, sizeof *x);
    ig_sha256_hex(data, len, x->sha256);
    free(data);
    x->display = ig_strdup(ig_run_shown_path(r, path));
    if (x->display)
        ig_path_tidy(x->display);
    x->source = ig_strdup(source);
    if (!x->display || !x->source)
        return ig_fail(err, INGROEI_ERR_NOMEM, path, 0, 0, "out of memory");
    return INGROEI_OK;
}

/* The comment lines of a CSV file, joined by newlines: its stated provenance. */
static char *csv_source(const ig_csv *t)
{
    ig_buf b = {0};
    for (size_t i = 0; i < t->n_comments; i++) {
        if (i)
            ig_buf_putc(&b, '\n');
        ig_buf_puts(&b, t->comments[i]);
    }
    if (!b.data)
        ig_buf_puts(&b, "(no provenance comments in the file)");
    if (b.failed) {
        ig_buf_free(&b);
        return NULL;
    }
    return b.data;
}

static ingroei_status add_csv_input(ingroei_run *r, const ig_csv *t, ingroei_error *err)
{
    char *src = csv_source(t);
    if (!src)
        return ig_fail(err, INGROEI_ERR_NOMEM, t->file, 0, 0, "out of memory");
    ingroei_status st = add_input(r, t->file, src, err);
    free(src);
    return st;
}

typedef struct gem_row {
    int year;
    const char *code;
    int64_t inhabitants;
    size_t row;
} gem_row;

static int gem_row_cmp(const void *a, const void *b)
{
    const gem_row *p = a, *q = b;
    if (p->year != q->year)
        return (p->year > q->year) - (p->year < q->year);
    return strcmp(p->code, q->code);
}

/* Finds the row of (year, code) in the sorted rows, or NULL. */
static const gem_row *find_gem_row(const gem_row *rows, size_t n, int year, const char *code)
{
    gem_row key = {year, code, 0, 0};
    return bsearch(&key, rows, n, sizeof *rows, gem_row_cmp);
}

/* Loads gemeenten.csv: the gemeenten of the boundaries year become the run's
 * gemeenten; every scenario year gets the inhabitants of the nearest year whose
 * gemeente list is the same (the count of that very year when there is one). */
static ingroei_status load_gemeenten(ingroei_run *r, ingroei_error *err)
{
    char *file = ig_path_join(r->sc->dataset, "gemeenten.csv");
    ig_csv t = {0};
    gem_row *rows = NULL;
    int *years = NULL;
    ingroei_status st = file ? ig_csv_read(&t, file, err)
                             : ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (st != INGROEI_OK)
        goto done;
    int c_year = ig_csv_column(&t, "jaar", err), c_code = ig_csv_column(&t, "gemeentecode", err),
        c_name = ig_csv_column(&t, "gemeentenaam", err),
        c_prov = ig_csv_column(&t, "provincie", err), c_inh = ig_csv_column(&t, "inwoners", err);
    if (c_year < 0 || c_code < 0 || c_name < 0 || c_prov < 0 || c_inh < 0) {
        st = INGROEI_ERR_DATA;
        goto done;
    }
    rows = calloc(t.n_rows ? t.n_rows : 1, sizeof *rows);
    years = calloc(t.n_rows ? t.n_rows : 1, sizeof *years);
    if (!rows || !years) {
        st = ig_fail(err, INGROEI_ERR_NOMEM, file, 0, 0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < t.n_rows; i++) {
        char **f = t.rows[i];
        int64_t year, inh;
        if (!ig_parse_int64(f[c_year], &year) || year < 1990 || year > 2100) {
            st = ig_fail(err, INGROEI_ERR_DATA, file, t.row_line[i], 0, "jaar '%s' is not a year",
                         f[c_year]);
            goto done;
        }
        if (!valid_code(f[c_code])) {
            st = ig_fail(err, INGROEI_ERR_DATA, file, t.row_line[i], 0,
                         "gemeentecode '%s' is not of the form GM0000", f[c_code]);
            goto done;
        }
        if (!ig_parse_int64(f[c_inh], &inh) || inh < 0) {
            st = ig_fail(err, INGROEI_ERR_DATA, file, t.row_line[i], 0,
                         "inwoners '%s' is not a non-negative whole number", f[c_inh]);
            goto done;
        }
        rows[i] = (gem_row){(int)year, f[c_code], inh, i};
    }
    qsort(rows, t.n_rows, sizeof *rows, gem_row_cmp);
    size_t n_years = 0, first_b = 0, n_b = 0;
    for (size_t i = 0; i < t.n_rows; i++) {
        if (i && gem_row_cmp(&rows[i - 1], &rows[i]) == 0) {
            st = ig_fail(err, INGROEI_ERR_DATA, file, t.row_line[rows[i].row], 0,
                         "duplicate gemeentecode %s in %d", rows[i].code, rows[i].year);
            goto done;
        }
        if (!n_years || years[n_years - 1] != rows[i].year)
            years[n_years++] = rows[i].year;
        if (rows[i].year == r->sc->boundaries) {
            if (!n_b)
                first_b = i;
            n_b++;
        }
    }
    if (!n_b) {
        /* The scenario asked for these boundaries: point at where it did. */
        if (r->sc->boundaries_line)
            st = ig_fail(err, INGROEI_ERR_DATA, r->sc->file, r->sc->boundaries_line,
                         r->sc->boundaries_column,
                         "boundaries: no gemeenten for %d in %s (the file has %d-%d)",
                         r->sc->boundaries, ig_run_shown_path(r, file), n_years ? years[0] : 0,
                         n_years ? years[n_years - 1] : 0);
        else
            st = ig_fail(err, INGROEI_ERR_DATA, file, 0, 0,
                         "no gemeenten for the default boundaries %d (the file has %d-%d)",
                         r->sc->boundaries, n_years ? years[0] : 0,
                         n_years ? years[n_years - 1] : 0);
        goto done;
    }
    r->n_g = n_b;
    r->code = calloc(n_b, sizeof *r->code);
    r->name = calloc(n_b, sizeof *r->name);
    r->province = calloc(n_b, sizeof *r->province);
    r->inhabitants = calloc(r->n_y * n_b, sizeof *r->inhabitants);
    r->inhabitants_year = calloc(r->n_y, sizeof *r->inhabitants_year);
    if (!r->code || !r->name || !r->province || !r->inhabitants || !r->inhabitants_year) {
        st = ig_fail(err, INGROEI_ERR_NOMEM, file, 0, 0, "out of memory");
        goto done;
    }
    for (size_t g = 0; g < n_b; g++) {
        char **f = t.rows[rows[first_b + g].row];
        r->code[g] = ig_strdup(f[c_code]);
        r->name[g] = ig_strdup(f[c_name]);
        r->province[g] = ig_strdup(f[c_prov]);
        if (!r->code[g] || !r->name[g] || !r->province[g]) {
            st = ig_fail(err, INGROEI_ERR_NOMEM, file, 0, 0, "out of memory");
            goto done;
        }
    }
    /* Years whose gemeente list equals the boundaries' list. */
    size_t n_same = 0;
    for (size_t k = 0; k < n_years; k++) {
        size_t count = 0;
        bool all = true;
        for (size_t i = 0; i < t.n_rows; i++)
            if (rows[i].year == years[k]) {
                count++;
                all = all && find_code(r, rows[i].code) >= 0;
            }
        if (all && count == n_b)
            years[n_same++] = years[k];
    }
    for (size_t y = 0; y < r->n_y; y++) {
        int year = r->first_year + (int)y, best = years[0];
        for (size_t k = 1; k < n_same; k++)
            if (abs(years[k] - year) < abs(best - year) ||
                (abs(years[k] - year) == abs(best - year) && years[k] > best))
                best = years[k];
        r->inhabitants_year[y] = best;
        for (size_t g = 0; g < n_b; g++)
            r->inhabitants[y * n_b + g] =
                find_gem_row(rows, t.n_rows, best, r->code[g])->inhabitants;
    }
    st = add_csv_input(r, &t, err);
done:
    free(rows);
    free(years);
    ig_csv_clear(&t);
    free(file);
    return st;
}

/* Historical shares: the amounts of the model's regeling in its circulaire and
 * uitkeringsjaar, divided by their sum; zero for gemeenten without an amount. */
static ingroei_status load_historical(ingroei_run *r, ingroei_error *err)
{
    ingroei_status st = ig_hist_model_load(&r->hist, r->sc->historical_key, err);
    if (st != INGROEI_OK)
        return st;
    char *src = NULL;
    ig_buf b = {0};
    ig_buf_printf(&b, "%s: %s", r->hist.name, r->hist.source);
    st = add_input(r, r->hist.file, b.data ? b.data : "", err);
    ig_buf_free(&b);
    if (st != INGROEI_OK)
        return st;
    ig_csv t = {0};
    double *amount = calloc(r->n_g, sizeof *amount);
    r->h = calloc(r->n_g, sizeof *r->h);
    if (!amount || !r->h) {
        free(amount);
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    st = ig_csv_read(&t, r->hist.data, err);
    if (st != INGROEI_OK)
        goto done;
    int c_circ = ig_csv_column(&t, "circulaire", err),
        c_year = ig_csv_column(&t, "uitkeringsjaar", err),
        c_code = ig_csv_column(&t, "gemeentecode", err), c_reg = ig_csv_column(&t, "regeling", err),
        c_amt = ig_csv_column(&t, "bedrag", err);
    if (c_circ < 0 || c_year < 0 || c_code < 0 || c_reg < 0 || c_amt < 0) {
        st = INGROEI_ERR_DATA;
        goto done;
    }
    char year[16];
    snprintf(year, sizeof year, "%d", r->hist.uitkeringsjaar);
    size_t used = 0;
    bool *seen = calloc(r->n_g, sizeof *seen);
    if (!seen) {
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < t.n_rows && st == INGROEI_OK; i++) {
        char **f = t.rows[i];
        if (strcmp(f[c_circ], r->hist.circulaire) || strcmp(f[c_year], year) ||
            strcmp(f[c_reg], r->hist.regeling))
            continue;
        long g = find_code(r, f[c_code]);
        int64_t v;
        if (g < 0)
            st = ig_fail(err, INGROEI_ERR_DATA, t.file, t.row_line[i], 0,
                         "gemeentecode %s is not a gemeente of %d (boundaries)", f[c_code],
                         r->sc->boundaries);
        else if (seen[g])
            st = ig_fail(err, INGROEI_ERR_DATA, t.file, t.row_line[i], 0, "a second amount for %s",
                         f[c_code]);
        else if (!ig_parse_int64(f[c_amt], &v) || v < 0)
            st = ig_fail(err, INGROEI_ERR_DATA, t.file, t.row_line[i], 0,
                         "bedrag '%s' is not a non-negative whole number of euros", f[c_amt]);
        else {
            seen[g] = true;
            amount[g] = (double)v;
            used++;
        }
    }
    free(seen);
    if (st != INGROEI_OK)
        goto done;
    if (!used) {
        st = ig_fail(err, INGROEI_ERR_DATA, t.file, 0, 0,
                     "no rows for circulaire '%s', uitkeringsjaar %d, regeling '%s' (named by "
                     "%s)",
                     r->hist.circulaire, r->hist.uitkeringsjaar, r->hist.regeling, r->hist.file);
        goto done;
    }
    if (ig_shares(amount, r->n_g, r->h) != INGROEI_OK) {
        st = ig_fail(err, INGROEI_ERR_DATA, t.file, 0, 0, "the historical amounts add up to zero");
        goto done;
    }
    st = add_csv_input(r, &t, err);
done:
    free(src);
    free(amount);
    ig_csv_clear(&t);
    return st;
}

/* The objective key's volumes for the run's gemeenten, one column per maatstaf. */
static ingroei_status load_objective(ingroei_run *r, ingroei_error *err)
{
    ingroei_status st = ig_obj_model_load(&r->obj, r->sc->objective_key, err);
    if (st != INGROEI_OK)
        return st;
    ig_buf b = {0};
    ig_buf_printf(&b, "%s%s%s", r->obj.name, r->obj.illustrative ? " - ILLUSTRATIVE: " : "",
                  r->obj.illustrative ? r->obj.notice : "");
    st = add_input(r, r->obj.file, b.data ? b.data : "", err);
    ig_buf_free(&b);
    if (st != INGROEI_OK)
        return st;
    const size_t n_m = r->obj.n_maatstaven, n_g = r->n_g;
    ig_csv t = {0};
    int *col = calloc(n_m, sizeof *col);
    bool *seen = calloc(n_g, sizeof *seen);
    r->units = calloc(n_m * n_g, sizeof *r->units);
    r->weight = calloc(n_m, sizeof *r->weight);
    r->scaled = calloc(n_m, sizeof *r->scaled);
    if (!col || !seen || !r->units || !r->weight || !r->scaled) {
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    st = ig_csv_read(&t, r->obj.volumes, err);
    if (st != INGROEI_OK)
        goto done;
    int c_code = ig_csv_column(&t, "gemeentecode", err);
    if (c_code < 0) {
        st = INGROEI_ERR_DATA;
        goto done;
    }
    for (size_t m = 0; m < n_m; m++) {
        r->weight[m] = r->obj.maatstaven[m].weight;
        r->scaled[m] = r->obj.maatstaven[m].scaled;
        if ((col[m] = ig_csv_column(&t, r->obj.maatstaven[m].code, err)) < 0) {
            st = ig_fail(err, INGROEI_ERR_DATA, t.file, 0, 0,
                         "no column for maatstaf '%s' (named in %s)", r->obj.maatstaven[m].code,
                         r->obj.file);
            goto done;
        }
    }
    for (size_t i = 0; i < t.n_rows; i++) {
        char **f = t.rows[i];
        long g = find_code(r, f[c_code]);
        if (g < 0) {
            st = ig_fail(err, INGROEI_ERR_DATA, t.file, t.row_line[i], 0,
                         "gemeentecode %s is not a gemeente of %d (boundaries)", f[c_code],
                         r->sc->boundaries);
            goto done;
        }
        if (seen[g]) {
            st = ig_fail(err, INGROEI_ERR_DATA, t.file, t.row_line[i], 0, "a second row for %s",
                         f[c_code]);
            goto done;
        }
        seen[g] = true;
        for (size_t m = 0; m < n_m; m++) {
            double v;
            if (!ig_parse_double(f[col[m]], &v) || v < 0) {
                st = ig_fail(err, INGROEI_ERR_DATA, t.file, t.row_line[i], 0,
                             "%s of %s: '%s' is not a non-negative number (a volume)",
                             r->obj.maatstaven[m].code, f[c_code], f[col[m]]);
                goto done;
            }
            r->units[m * n_g + (size_t)g] = v;
        }
    }
    for (size_t g = 0; g < n_g; g++)
        if (!seen[g]) {
            st = ig_fail(err, INGROEI_ERR_DATA, t.file, 0, 0, "no volumes for %s (%s)", r->code[g],
                         r->name[g]);
            goto done;
        }
    st = add_csv_input(r, &t, err);
done:
    free(col);
    free(seen);
    ig_csv_clear(&t);
    return st;
}

static ingroei_status alloc_arrays(ingroei_run *r, ingroei_error *err)
{
    const size_t ny = r->n_y, ng = r->n_g;
    r->budget = calloc(ny, sizeof *r->budget);
    r->budget_source = calloc(ny, sizeof *r->budget_source);
    r->p = calloc(ny, sizeof *r->p);
    r->uf = calloc(ny, sizeof *r->uf);
    r->o = calloc(ny * ng, sizeof *r->o);
    r->out.exact = calloc(ny * ng, sizeof(double));
    r->out.historical = calloc(ny * ng, sizeof(int64_t));
    r->out.objective = calloc(ny * ng, sizeof(int64_t));
    r->out.total = calloc(ny * ng, sizeof(int64_t));
    r->out.full_hist = calloc(ny * ng, sizeof(int64_t));
    r->out.full_obj = calloc(ny * ng, sizeof(int64_t));
    r->out.sum_total = calloc(ny, sizeof(int64_t));
    r->out.residual = calloc(ny, sizeof(int64_t));
    r->slots = calloc(ng, sizeof *r->slots);
    r->scratch = calloc(ng, sizeof *r->scratch);
    if (!r->budget || !r->budget_source || !r->p || !r->uf || !r->o || !r->out.exact ||
        !r->out.historical || !r->out.objective || !r->out.total || !r->out.full_hist ||
        !r->out.full_obj || !r->out.sum_total || !r->out.residual || !r->slots || !r->scratch)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return INGROEI_OK;
}

ingroei_status ingroei_run_compute(ingroei_run *r, ingroei_error *err)
{
    if (!r)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "no run");
    for (size_t y = 0; y < r->n_y; y++) {
        r->p[y] = ig_path_share(&r->sc->path, r->first_year + (int)y, r->first_year);
        if (y > 0 && r->budget[y] == r->budget[y - 1]) {
            /* The key depends on the year only through its budget. */
            memcpy(r->o + y * r->n_g, r->o + (y - 1) * r->n_g, r->n_g * sizeof *r->o);
            r->uf[y] = r->uf[y - 1];
            continue;
        }
        size_t bad = SIZE_MAX;
        ingroei_status st =
            ig_bfv_shares(r->units, r->weight, r->scaled, r->obj.n_maatstaven, r->n_g,
                          (double)r->budget[y], r->o + y * r->n_g, &r->uf[y], r->scratch, &bad);
        if (st == INGROEI_OK)
            continue;
        /* The key is bad input: name the key file and, where one is to blame, the
         * gemeente. */
        ig_buf uf = {0};
        ig_put_fixed(&uf, r->uf[y], 6, '.');
        if (bad != SIZE_MAX)
            st = ig_fail(err, INGROEI_ERR_DATA, r->obj.file, 0, 0,
                         "the objective key gives %s (%s) a negative amount at the %d budget "
                         "(uitkeringsfactor %s)",
                         r->code[bad], r->name[bad], r->first_year + (int)y,
                         uf.data ? uf.data : "?");
        else
            st = ig_fail(err, INGROEI_ERR_DATA, r->obj.file, 0, 0,
                         "the objective key's uitkeringsbasis (units x weight over the scaled "
                         "maatstaven) does not add up to a positive amount");
        ig_buf_free(&uf);
        return st;
    }
    ig_alloc_in in = {r->n_g, r->n_y, r->budget, r->p, r->h, r->o, r->sc->rounding};
    return ig_allocate(&in, &r->out, r->slots, err);
}

ingroei_status ingroei_run_new(ingroei_run **out, const ingroei_scenario *sc, ingroei_error *err)
{
    ingroei_init();
    if (!out || !sc)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "no scenario given");
    ingroei_run *r = calloc(1, sizeof *r);
    if (!r)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    r->sc = sc;
    r->first_year = sc->first_year;
    r->n_y = (size_t)(sc->last_year - sc->first_year + 1);
    ingroei_status st = add_input(r, sc->file, sc->name, err);
    if (st == INGROEI_OK)
        st = load_gemeenten(r, err);
    if (st == INGROEI_OK)
        st = load_historical(r, err);
    if (st == INGROEI_OK)
        st = load_objective(r, err);
    if (st == INGROEI_OK)
        st = alloc_arrays(r, err);
    if (st == INGROEI_OK)
        st = ig_budget_derive(&sc->budget, r->first_year, r->n_y, r->budget, r->budget_source, err);
    if (st == INGROEI_OK)
        st = ingroei_run_compute(r, err);
    if (st != INGROEI_OK) {
        if (err && !err->file[0])
            snprintf(err->file, sizeof err->file, "%s", sc->file);
        ingroei_run_free(r);
        return st;
    }
    *out = r;
    return INGROEI_OK;
}

const char *ingroei_run_illustrative_notice(const ingroei_run *r)
{
    return r && r->obj.illustrative ? r->obj.notice : NULL;
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
    for (size_t g = 0; g < r->n_g; g++)
        if (strcasecmp(r->code[g], key) == 0 || strcmp(r->name[g], key) == 0) {
            *index = g;
            return INGROEI_OK;
        }
    return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0,
                   "no gemeente '%s' in the boundaries of %d (give a code such as GM0363 or "
                   "the exact name)",
                   key, r->sc->boundaries);
}

ingroei_status ingroei_run_row(const ingroei_run *r, size_t y, size_t g, ingroei_row *row)
{
    if (!r || !row || y >= r->n_y || g >= r->n_g)
        return ig_fail(NULL, INGROEI_ERR_USAGE, NULL, 0, 0, "index out of range");
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
    };
    return INGROEI_OK;
}

ingroei_status ingroei_run_year(const ingroei_run *r, size_t y, ingroei_year *out)
{
    if (!r || !out || y >= r->n_y)
        return ig_fail(NULL, INGROEI_ERR_USAGE, NULL, 0, 0, "index out of range");
    *out = (ingroei_year){
        .year = r->first_year + (int)y,
        .budget = r->budget[y],
        .budget_source = r->budget_source[y],
        .objective_share = r->p[y],
        .sum_total = r->out.sum_total[y],
        .residual = r->out.residual[y],
    };
    return INGROEI_OK;
}

double ig_run_gain_per_inhabitant(const ingroei_run *r, size_t y, size_t g)
{
    size_t i = y * r->n_g + g;
    if (r->inhabitants[i] <= 0)
        return 0.0;
    return (double)(r->out.total[i] - r->out.full_hist[i]) / (double)r->inhabitants[i];
}
