/*
 * dataset.c - reads the data a run needs into struct ingroei_run: the gemeenten of the
 * scenario's boundaries with their inhabitants per year, the historical key's amounts
 * and the objective key's volumes. Every file read is recorded, with the SHA-256 of the
 * bytes that were parsed, in the run's receipt.
 */
#include "run/run.h"
#include "base/vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <limits.h>

long ig_run_find_code(const ingroei_run *r, const char *code)
{
    return ig_find_sorted((const char *const *)r->code, r->n_g, code);
}

long ig_run_resolve(ingroei_run *r, const char *code)
{
    /* "YYYY-01-01" of the boundaries year (a checked year of four digits): written by
     * hand, as this runs for every code of every data file (snprintf was 9 % of a run) */
    char cutoff[] = "0000-01-01";
    for (int i = 3, y = r->sc->boundaries; i >= 0; i--, y /= 10)
        cutoff[i] = (char)('0' + y % 10);
    for (int hops = 0; hops < 16; hops++) { /* a chain of herindelingen, never a loop */
        long g = ig_run_find_code(r, code);
        if (g >= 0)
            return g;
        ig_merge *next = NULL;
        for (size_t i = 0; i < r->n_merges && !next; i++)
            if (!strcmp(r->merges[i].old_code, code) && strcmp(r->merges[i].date, cutoff) <= 0)
                next = &r->merges[i];
        if (!next)
            return -1;
        next->used = true;
        code = next->new_code;
    }
    return -1;
}

static bool valid_code(const char *s)
{
    if (strlen(s) != 6 || s[0] != 'G' || s[1] != 'M')
        return false;
    for (int i = 2; i < 6; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* The gemeentecodes a data file gave, to find one given twice (merged gemeenten add up,
 * but the same code twice is a mistake in the file). */
typedef struct coded_row {
    const char *code;
    int line;
} coded_row;

typedef IG_VEC(coded_row) code_list;

static bool note_code(code_list *l, const char *code, int line)
{
    coded_row *r = ig_vec_push(l);
    if (r)
        *r = (coded_row){code, line};
    return r != NULL;
}

static int coded_cmp(const void *a, const void *b)
{
    const coded_row *p = a, *q = b;
    int c = strcmp(p->code, q->code);
    return c ? c : (p->line > q->line) - (p->line < q->line);
}

/* A row whose code an earlier row already gave (the list is sorted), or NULL. */
static const coded_row *duplicate_code(code_list *l)
{
    if (l->n < 2)
        return NULL;
    qsort(l->v, l->n, sizeof *l->v, coded_cmp);
    const coded_row *first = NULL;
    for (size_t i = 1; i < l->n; i++)
        if (!strcmp(l->v[i - 1].code, l->v[i].code) && (!first || l->v[i].line < first->line))
            first = &l->v[i];
    return first;
}

/* Fails for a gemeentecode in a data file that is not among the run's gemeenten. When
 * the scenario chose its boundaries, that choice is what the user can change, so the
 * message points there. */
static ingroei_status not_a_gemeente(const ingroei_run *r, const ig_csv *t, size_t row,
                                     const char *code, ingroei_error *err)
{
    const ingroei_scenario *sc = r->sc;
    if (sc->boundaries_line)
        return ig_fail(err, INGROEI_ERR_DATA, sc->file, sc->boundaries_line, sc->boundaries_column,
                       "boundaries: %s (line %d) names %s, which is neither a gemeente of %d "
                       "nor part of one (a gemeente formed by a later herindeling cannot be "
                       "split into its parts: choose the boundaries of that year or later)",
                       t->file, t->row_line[row], code, sc->boundaries);
    return ig_fail(err, INGROEI_ERR_DATA, t->file, t->row_line[row], 0,
                   "%s is neither a gemeente of %d, the default boundaries, nor part of one", code,
                   sc->boundaries);
}

/* ---- herindelingen ---------------------------------------------------------------- */

/* A merge's old code and its row, sorted by code then row: the key carries what the
 * comparison needs, so that runs loaded in several threads at once share nothing. */
typedef struct merge_key {
    const char *old_code;
    size_t i;
} merge_key;

static int merge_cmp(const void *a, const void *b)
{
    const merge_key *p = a, *q = b;
    int c = strcmp(p->old_code, q->old_code);
    return c ? c : (p->i > q->i) - (p->i < q->i);
}

/* The merge whose old code is `code` (by[] sorted by old code), or SIZE_MAX. */
static size_t merge_of(const ig_merge *m, const size_t *by, size_t n, const char *code)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(m[by[mid]].old_code, code);
        if (c == 0)
            return by[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return SIZE_MAX;
}

/* A code disappears once, into one gemeente, and no chain of herindelingen comes back to
 * where it began: A -> B and B -> A (on one date or on two) say two opposite things,
 * and A -> B beside A -> C does not say where A went. Row i of r->merges is row i of t. */
static ingroei_status check_merges(const ingroei_run *r, const ig_csv *t, ingroei_error *err)
{
    const ig_merge *m = r->merges;
    const size_t n = r->n_merges;
    size_t *by = malloc((n ? n : 1) * sizeof *by);
    merge_key *keys = malloc((n ? n : 1) * sizeof *keys);
    unsigned char *state = calloc(n ? n : 1, 1); /* 0 not seen, 1 on this chain, 2 done */
    ingroei_status st = INGROEI_OK;
    if (!by || !keys || !state)
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; st == INGROEI_OK && i < n; i++)
        keys[i] = (merge_key){m[i].old_code, i};
    if (st == INGROEI_OK)
        qsort(keys, n, sizeof *keys, merge_cmp);
    for (size_t k = 0; st == INGROEI_OK && k < n; k++)
        by[k] = keys[k].i;
    free(keys);
    for (size_t k = 1; st == INGROEI_OK && k < n; k++) {
        const ig_merge *a = &m[by[k - 1]], *b = &m[by[k]];
        if (!strcmp(a->old_code, b->old_code))
            st = ig_fail(err, INGROEI_ERR_DATA, t->file, t->row_line[by[k]], 0,
                         "%s -> %s contradicts line %d (%s -> %s on %s): a gemeente "
                         "disappears once, into one gemeente",
                         b->old_code, b->new_code, t->row_line[by[k - 1]], a->old_code,
                         a->new_code, a->date);
    }
    /* follow each chain of merges once: old code -> new code -> ... */
    for (size_t i = 0; st == INGROEI_OK && i < n; i++) {
        size_t cur = i;
        while (cur != SIZE_MAX && state[cur] == 0) {
            state[cur] = 1;
            size_t next = merge_of(m, by, n, m[cur].new_code);
            if (next != SIZE_MAX && state[next] == 1) {
                st = ig_fail(err, INGROEI_ERR_DATA, t->file, t->row_line[cur], 0,
                             "%s -> %s and line %d (%s -> %s on %s) make a loop: a gemeente "
                             "cannot merge into one that merges back into it",
                             m[cur].old_code, m[cur].new_code, t->row_line[next],
                             m[next].old_code, m[next].new_code, m[next].date);
                break;
            }
            cur = next;
        }
        for (cur = i; cur != SIZE_MAX && state[cur] == 1; cur = merge_of(m, by, n, m[cur].new_code))
            state[cur] = 2;
    }
    free(by);
    free(state);
    return st;
}

/* Reads herindelingen.csv of the dataset when it is there: which gemeenten merged into
 * which, and when. Without it no code is mapped. */
static ingroei_status load_merges(ingroei_run *r, ingroei_error *err)
{
    char *file = ig_path_join(r->sc->dataset, "herindelingen.csv");
    if (!file)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (access(file, F_OK) != 0) {
        free(file);
        return INGROEI_OK;
    }
    ig_csv t = {0};
    int c[4] = {-1, -1, -1, -1};
    static const char *const names[4] = {"datum", "oude_code", "oude_naam", "nieuwe_code"};
    ingroei_status st = ig_csv_read(&t, file, err);
    for (int k = 0; st == INGROEI_OK && k < 4; k++)
        if ((c[k] = ig_csv_column(&t, names[k], err)) < 0)
            st = INGROEI_ERR_DATA;
    if (st == INGROEI_OK && !(r->merges = calloc(t.n_rows + 1, sizeof *r->merges)))
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; st == INGROEI_OK && i < t.n_rows; i++) {
        char **f = t.rows[i];
        ig_merge *m = &r->merges[r->n_merges];
        if (strlen(f[c[0]]) != 10 || f[c[0]][4] != '-' || f[c[0]][7] != '-')
            st = ig_fail(err, INGROEI_ERR_DATA, t.file, t.row_line[i], 0,
                         "datum '%s' is not of the form YYYY-MM-DD", f[c[0]]);
        else if (!valid_code(f[c[1]]) || !valid_code(f[c[3]]) || !strcmp(f[c[1]], f[c[3]]))
            st =
                ig_fail(err, INGROEI_ERR_DATA, t.file, t.row_line[i], 0,
                        "'%s' -> '%s' is not a herindeling of two gemeentecodes", f[c[1]], f[c[3]]);
        if (st != INGROEI_OK)
            break;
        memcpy(m->date, f[c[0]], 11);
        m->old_code = ig_strdup(f[c[1]]);
        m->old_name = ig_strdup(f[c[2]]);
        m->new_code = ig_strdup(f[c[3]]);
        r->n_merges++;
        if (!m->old_code || !m->old_name || !m->new_code)
            st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    if (st == INGROEI_OK)
        st = check_merges(r, &t, err);
    if (st == INGROEI_OK)
        st = ig_run_add_csv_input(r, &t, err);
    ig_csv_clear(&t);
    free(file);
    return st;
}

/* ---- gemeenten and inhabitants ----------------------------------------------------- */

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

/* Parses gemeenten.csv into rows sorted by (year, code); rejects bad values and
 * duplicates. `rows` gets t->n_rows entries. */
static ingroei_status parse_gemeenten(const ig_csv *t, gem_row *rows, int cols[5],
                                      ingroei_error *err)
{
    static const char *const names[5] = {"jaar", "gemeentecode", "gemeentenaam", "provincie",
                                         "inwoners"};
    for (int c = 0; c < 5; c++)
        if ((cols[c] = ig_csv_column(t, names[c], err)) < 0)
            return INGROEI_ERR_DATA;
    for (size_t i = 0; i < t->n_rows; i++) {
        char **f = t->rows[i];
        int64_t year, inh;
        if (!ig_parse_int64(f[cols[0]], &year) || year < 1990 || year > 2100)
            return ig_fail(err, INGROEI_ERR_DATA, t->file, t->row_line[i], 0,
                           "jaar '%s' is not a year", f[cols[0]]);
        if (!valid_code(f[cols[1]]))
            return ig_fail(err, INGROEI_ERR_DATA, t->file, t->row_line[i], 0,
                           "gemeentecode '%s' is not of the form GM0000", f[cols[1]]);
        if (!ig_parse_int64(f[cols[4]], &inh) || inh < 0)
            return ig_fail(err, INGROEI_ERR_DATA, t->file, t->row_line[i], 0,
                           "inwoners '%s' is not a non-negative whole number", f[cols[4]]);
        rows[i] = (gem_row){(int)year, f[cols[1]], inh, i};
    }
    qsort(rows, t->n_rows, sizeof *rows, gem_row_cmp);
    for (size_t i = 1; i < t->n_rows; i++)
        if (gem_row_cmp(&rows[i - 1], &rows[i]) == 0)
            return ig_fail(err, INGROEI_ERR_DATA, t->file, t->row_line[rows[i].row], 0,
                           "gemeentecode %s is listed twice for %d", rows[i].code, rows[i].year);
    return INGROEI_OK;
}

/* Whether the gemeenten of one year's list (rows[i..j)) map onto the run's gemeenten,
 * each of which receives at least one of them: then that year's counts can be summed
 * onto the boundaries. */
static bool year_maps(ingroei_run *r, const gem_row *rows, size_t i, size_t j, bool *hit)
{
    memset(hit, 0, r->n_g * sizeof *hit);
    for (size_t k = i; k < j; k++) {
        long g = ig_run_resolve(r, rows[k].code);
        if (g < 0)
            return false;
        hit[g] = true;
    }
    for (size_t g = 0; g < r->n_g; g++)
        if (!hit[g])
            return false;
    return true;
}

/* For every scenario year, the year whose 1 January counts are used: the year itself
 * when its gemeenten map onto the boundaries (summing merged gemeenten), otherwise the
 * nearest year whose do (the later one on a tie). */
static ingroei_status choose_inhabitant_years(ingroei_run *r, const gem_row *rows, size_t n_rows,
                                              ingroei_error *err)
{
    int usable[64];
    size_t first[64], last[64], n_usable = 0;
    bool *hit = calloc(r->n_g, sizeof *hit);
    if (!hit)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < n_rows;) {
        size_t j = i;
        while (j < n_rows && rows[j].year == rows[i].year)
            j++;
        if (n_usable < sizeof usable / sizeof usable[0] && year_maps(r, rows, i, j, hit)) {
            usable[n_usable] = rows[i].year;
            first[n_usable] = i;
            last[n_usable++] = j;
        }
        i = j;
    }
    free(hit);
    /* n_usable >= 1: the boundaries' own year always maps onto itself. */
    for (size_t y = 0; y < r->n_y; y++) {
        int year = r->first_year + (int)y;
        size_t best = 0;
        for (size_t k = 1; k < n_usable; k++) {
            int dk = abs(usable[k] - year), db = abs(usable[best] - year);
            if (dk < db || (dk == db && usable[k] > usable[best]))
                best = k;
        }
        r->inhabitants_year[y] = usable[best];
        int64_t *inh = r->inhabitants + y * r->n_g;
        for (size_t k = first[best]; k < last[best]; k++)
            inh[ig_run_resolve(r, rows[k].code)] += rows[k].inhabitants;
    }
    return INGROEI_OK;
}

ingroei_status ig_load_gemeenten(ingroei_run *r, ingroei_error *err)
{
    const ingroei_scenario *sc = r->sc;
    char *file = ig_path_join(sc->dataset, "gemeenten.csv");
    ig_csv t = {0};
    gem_row *rows = NULL;
    int cols[5];
    ingroei_status st = file ? ig_csv_read(&t, file, err)
                             : ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (st == INGROEI_OK && !(rows = calloc(t.n_rows + 1, sizeof *rows)))
        st = ig_fail(err, INGROEI_ERR_NOMEM, file, 0, 0, "out of memory");
    if (st == INGROEI_OK)
        st = parse_gemeenten(&t, rows, cols, err);
    if (st != INGROEI_OK)
        goto done;
    size_t first_b = 0, n_b = 0;
    for (size_t i = 0; i < t.n_rows; i++)
        if (rows[i].year == sc->boundaries && !n_b++)
            first_b = i;
    if (!n_b) {
        int lo = t.n_rows ? rows[0].year : 0, hi = t.n_rows ? rows[t.n_rows - 1].year : 0;
        /* The scenario asked for these boundaries: point at where it did. */
        if (sc->boundaries_line)
            st =
                ig_fail(err, INGROEI_ERR_DATA, sc->file, sc->boundaries_line, sc->boundaries_column,
                        "boundaries: no gemeenten for %d in %s (the file has %d-%d)",
                        sc->boundaries, file, lo, hi);
        else
            st = ig_fail(err, INGROEI_ERR_DATA, file, 0, 0,
                         "no gemeenten for the default boundaries %d (the file has %d-%d)",
                         sc->boundaries, lo, hi);
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
        r->code[g] = ig_strdup(f[cols[1]]);
        r->name[g] = ig_strdup(f[cols[2]]);
        r->province[g] = ig_strdup(f[cols[3]]);
        if (!r->code[g] || !r->name[g] || !r->province[g]) {
            st = ig_fail(err, INGROEI_ERR_NOMEM, file, 0, 0, "out of memory");
            goto done;
        }
    }
    st = load_merges(r, err);
    if (st == INGROEI_OK)
        st = choose_inhabitant_years(r, rows, t.n_rows, err);
    if (st == INGROEI_OK)
        st = ig_run_add_csv_input(r, &t, err);
done:
    free(rows);
    ig_csv_clear(&t);
    free(file);
    return st;
}

/* ---- the historical key ------------------------------------------------------------- */

/* The circulaires (with uitkeringsjaar) that hold the model's regeling, for a message
 * about a selection that holds none. */
static void list_vintages(const ig_csv *t, const int *c, const char *regeling, ig_buf *b)
{
    size_t shown = 0;
    for (size_t i = 0; i < t->n_rows; i++) {
        char **f = t->rows[i];
        if (strcmp(f[c[3]], regeling) != 0)
            continue;
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++)
            seen = !strcmp(t->rows[k][c[3]], regeling) && !strcmp(t->rows[k][c[0]], f[c[0]]) &&
                   !strcmp(t->rows[k][c[1]], f[c[1]]);
        if (!seen)
            ig_buf_printf(b, "%s'%s' %s", shown++ ? ", " : "", f[c[0]], f[c[1]]);
    }
    if (!shown)
        ig_buf_puts(b, "none");
}

/* Checks the key's gemeenten against the model's list of centrumgemeenten, when it
 * names one: every gemeente with an amount must be a centre, and every centre must
 * have an amount. */
static ingroei_status check_centres(ingroei_run *r, const bool *has_amount, ingroei_error *err)
{
    const ig_hist_model *m = &r->hist;
    ig_csv t = {0};
    bool *centre = calloc(r->n_g, sizeof *centre);
    ingroei_status st = centre ? ig_csv_read(&t, m->centres, err)
                               : ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    int c_code = -1, c_flag = -1;
    if (st == INGROEI_OK && ((c_code = ig_csv_column(&t, "gemeentecode", err)) < 0 ||
                             (c_flag = ig_csv_column(&t, m->centres_column, err)) < 0))
        st = INGROEI_ERR_DATA;
    for (size_t i = 0; st == INGROEI_OK && i < t.n_rows; i++) {
        const char *flag = t.rows[i][c_flag], *code = t.rows[i][c_code];
        long g = ig_run_resolve(r, code);
        if (strcmp(flag, "0") != 0 && strcmp(flag, "1") != 0)
            st = ig_fail(err, INGROEI_ERR_DATA, t.file, t.row_line[i], 0,
                         "%s: '%s' is neither 0 nor 1", m->centres_column, flag);
        else if (g < 0)
            st = not_a_gemeente(r, &t, i, code, err);
        else
            centre[g] = centre[g] || flag[0] == '1';
    }
    for (size_t g = 0; st == INGROEI_OK && g < r->n_g; g++)
        if (centre[g] != has_amount[g])
            st = ig_fail(
                err, INGROEI_ERR_DATA, m->file, m->centres_line, m->centres_column_pos,
                "centres: %s (%s) %s in this circulaire but %s a centrumgemeente for '%s' in %s",
                r->code[g], r->name[g], has_amount[g] ? "has an amount" : "has no amount",
                centre[g] ? "is" : "is not", m->centres_column, m->centres);
    if (st == INGROEI_OK)
        st = ig_run_add_csv_input(r, &t, err);
    free(centre);
    ig_csv_clear(&t);
    return st;
}

/* Sums the amounts of regeling m->regeling in `circulaire` for `year` in t (columns c:
 * circulaire, uitkeringsjaar, gemeentecode, regeling, bedrag) onto the run's gemeenten:
 * amount[g] (merged gemeenten add up), has[g] when positive, the codes seen in `codes`,
 * the rows used in *used. Fails on a code that is no gemeente or a bad amount. */
static ingroei_status select_amounts(ingroei_run *r, const ig_csv *t, const int *c,
                                     const char *circulaire, int year, double *amount, bool *has,
                                     code_list *codes, size_t *used, ingroei_error *err)
{
    const ig_hist_model *m = &r->hist;
    char ys[16];
    snprintf(ys, sizeof ys, "%d", year);
    for (size_t i = 0; i < t->n_rows; i++) {
        char **f = t->rows[i];
        if (strcmp(f[c[0]], circulaire) || strcmp(f[c[1]], ys) || strcmp(f[c[3]], m->regeling))
            continue;
        long g = ig_run_resolve(r, f[c[2]]);
        int64_t v;
        if (g < 0)
            return not_a_gemeente(r, t, i, f[c[2]], err);
        if (!note_code(codes, f[c[2]], t->row_line[i]))
            return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        if (!ig_parse_int64(f[c[4]], &v) || v < 0)
            return ig_fail(err, INGROEI_ERR_DATA, t->file, t->row_line[i], 0,
                           "bedrag '%s' is not a non-negative whole number of euros", f[c[4]]);
        has[g] = has[g] || v > 0;
        amount[g] += (double)v; /* merged gemeenten add up */
        (*used)++;
    }
    return INGROEI_OK;
}

ingroei_status ig_load_historical(ingroei_run *r, ingroei_error *err)
{
    ig_hist_model *m = &r->hist;
    ingroei_status st = ig_hist_model_load(m, r->sc->historical_key, err);
    if (st != INGROEI_OK)
        return st;
    ig_buf b = {0};
    ig_buf_printf(&b, "%s: %s", m->name, m->source);
    st = b.failed ? ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory")
                  : ig_run_add_input(r, m->file, m->sha256, b.data, err);
    ig_buf_free(&b);
    if (st != INGROEI_OK)
        return st;
    ig_csv t = {0};
    double *amount = calloc(r->n_g, sizeof *amount);
    bool *has = calloc(r->n_g, sizeof *has);
    code_list codes = {0};
    const coded_row *dup;
    r->h = calloc(r->n_g, sizeof *r->h);
    int c[5];
    static const char *const names[5] = {"circulaire", "uitkeringsjaar", "gemeentecode", "regeling",
                                         "bedrag"};
    if (!amount || !has || !r->h)
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (st == INGROEI_OK)
        st = ig_csv_read(&t, m->data, err);
    for (int k = 0; st == INGROEI_OK && k < 5; k++)
        if ((c[k] = ig_csv_column(&t, names[k], err)) < 0)
            st = INGROEI_ERR_DATA;
    size_t used = 0;
    if (st == INGROEI_OK)
        st = select_amounts(r, &t, c, m->circulaire, m->uitkeringsjaar, amount, has, &codes, &used,
                            err);
    if (st == INGROEI_OK && (dup = duplicate_code(&codes)))
        st = ig_fail(err, INGROEI_ERR_DATA, t.file, dup->line, 0,
                     "%s has a second amount in circulaire '%s', uitkeringsjaar %d, regeling '%s'",
                     dup->code, m->circulaire, m->uitkeringsjaar, m->regeling);
    if (st == INGROEI_OK && !used) {
        ig_buf have = {0};
        list_vintages(&t, c, m->regeling, &have);
        st = ig_fail(err, INGROEI_ERR_DATA, m->file, m->circulaire_line, m->circulaire_column,
                     "circulaire: no rows for '%s', uitkeringsjaar %d, regeling '%s' in %s (it "
                     "has for this regeling: %s)",
                     m->circulaire, m->uitkeringsjaar, m->regeling, t.file,
                     have.data ? have.data : "?");
        ig_buf_free(&have);
    }
    if (st == INGROEI_OK && ig_shares(amount, r->n_g, r->h) != INGROEI_OK)
        st = ig_fail(err, INGROEI_ERR_DATA, m->file, m->circulaire_line, m->circulaire_column,
                     "the historical amounts of this selection add up to zero");
    if (st == INGROEI_OK)
        st = ig_run_add_csv_input(r, &t, err);
    if (st == INGROEI_OK && m->centres)
        st = check_centres(r, has, err);
    free(codes.v);
    if (st == INGROEI_OK) {
        r->h_amount = amount; /* kept for explanations */
        for (size_t g = 0; g < r->n_g; g++)
            r->h_total += amount[g];
    } else {
        free(amount);
    }
    free(has);
    ig_csv_clear(&t);
    return st;
}

/* ---- the objective key ------------------------------------------------------------- */

/* Reads the objective key's volumes from `file` into units[k * n_g + g] (maatstaf k of the
 * key, merged gemeenten summed; every gemeente must have a row) and adds the file to the
 * receipt. */
static ingroei_status read_volumes(ingroei_run *r, const char *file, double *units,
                                   ingroei_error *err)
{
    const ig_obj_model *m = &r->obj;
    const size_t n_m = m->n_maatstaven, n_g = r->n_g;
    ig_csv t = {0};
    int *col = calloc(n_m ? n_m : 1, sizeof *col);
    bool *seen = calloc(n_g ? n_g : 1, sizeof *seen);
    code_list codes = {0};
    int c_code = -1;
    ingroei_status st = INGROEI_OK;
    if (!col || !seen)
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    /* the key's own volumes may be held in memory (a model sent to ingroei serve with
     * its volumes); a year's own volumes are always a file */
    const bool in_memory = m->volumes_data && file == m->volumes;
    if (st == INGROEI_OK)
        st = in_memory ? ig_csv_parse_from(&t, file, m->volumes_data, m->volumes_len, 0, 1, ',',
                                           err)
                       : ig_csv_read(&t, file, err);
    if (st == INGROEI_OK && (c_code = ig_csv_column(&t, "gemeentecode", err)) < 0)
        st = INGROEI_ERR_DATA;
    for (size_t k = 0; st == INGROEI_OK && k < n_m; k++) {
        if ((col[k] = ig_csv_column(&t, m->maatstaven[k].code, err)) < 0)
            st = ig_fail(err, INGROEI_ERR_DATA, t.file, t.header_line, 0,
                         "no column for maatstaf '%s' (named in %s)", m->maatstaven[k].code,
                         m->file);
    }
    for (size_t i = 0; st == INGROEI_OK && i < t.n_rows; i++) {
        char **f = t.rows[i];
        long g = ig_run_resolve(r, f[c_code]);
        if (g < 0) {
            st = not_a_gemeente(r, &t, i, f[c_code], err);
            break;
        }
        if (!note_code(&codes, f[c_code], t.row_line[i])) {
            st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
            break;
        }
        seen[g] = true;
        for (size_t k = 0; st == INGROEI_OK && k < n_m; k++) {
            double v;
            if (!ig_parse_double(f[col[k]], &v) || v < 0)
                st = ig_fail(err, INGROEI_ERR_DATA, t.file, t.row_line[i], 0,
                             "%s of %s: '%s' is not a non-negative number (a volume)",
                             m->maatstaven[k].code, f[c_code], f[col[k]]);
            else
                units[k * n_g + (size_t)g] += v; /* merged gemeenten add up */
        }
    }
    const coded_row *dup;
    if (st == INGROEI_OK && (dup = duplicate_code(&codes)))
        st = ig_fail(err, INGROEI_ERR_DATA, t.file, dup->line, 0, "a second row for %s", dup->code);
    for (size_t g = 0; st == INGROEI_OK && g < n_g; g++)
        if (!seen[g])
            st = ig_fail(err, INGROEI_ERR_DATA, t.file, 0, 0, "no volumes for %s (%s)", r->code[g],
                         r->name[g]);
    if (st == INGROEI_OK)
        st = ig_run_add_csv_input(r, &t, err);
    free(codes.v);
    free(col);
    free(seen);
    ig_csv_clear(&t);
    return st;
}


/* A key file as the objective key (README "Your own key"): one maatstaf, the key
 * file's column, of weight 1 per unit, whose units are the shares in millionths
 * (amounts divided by their sum, shares by theirs; in millionths so that the
 * uitkeringsfactor, budget / 1e6, is a number explain can show to 9 decimals); merged
 * gemeenten add up; every gemeente needs a row. */
static ingroei_status fill_key_model(ingroei_run *r, const ig_key_csv *k, ingroei_error *err)
{
    ig_obj_model *m = &r->obj;
    const ig_csv *t = &k->csv;
    const char *base = strrchr(t->file, '/');
    base = base ? base + 1 : t->file;
    ig_buf name = {0}, note = {0};
    ig_buf_printf(&name, "own key: %s (SHA-256 %s)", base, t->sha256);
    if (!k->amounts && k->total != 1.0) {
        ig_buf_printf(&note, "the shares of the key file %s add up to ", base);
        ig_put_decimal(&note, k->total);
        ig_buf_puts(&note, ", not exactly 1: each was divided by their sum");
    }
    memcpy(m->sha256, t->sha256, sizeof m->sha256);
    m->own_key = true;
    m->file = ig_strdup(t->file);
    m->volumes = ig_strdup(t->file);
    m->name = name.data;
    m->note = note.data;
    m->volumes_source = ig_strdup(k->source ? k->source
                                            : "the key file says nothing of its source "
                                              "('#' lines above the header)");
    m->maatstaven = calloc(1, sizeof *m->maatstaven);
    bool ok = !name.failed && !note.failed && m->file && m->volumes && m->volumes_source &&
              m->maatstaven;
    if (ok) {
        m->n_maatstaven = 1;
        m->maatstaven[0] = (ig_maatstaf){
            ig_strdup(k->amounts ? "bedrag" : "aandeel"), 1.0, true,
            ig_strdup(k->amounts ? "the key file's amounts in euro as millionths of their "
                                   "sum (units: a share of 0.0204 is 20400)"
                                 : "the key file's shares in millionths (units: a share of "
                                   "0.0204 is 20400)")};
        ok = m->maatstaven[0].code && m->maatstaven[0].source;
    }
    return ok ? INGROEI_OK : ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

static ingroei_status load_key_file(ingroei_run *r, ingroei_error *err)
{
    const ingroei_scenario *sc = r->sc;
    ig_key_csv k;
    ingroei_status st =
        sc->objective_key_data
            ? ig_key_csv_parse(&k, sc->objective_key, sc->objective_key_data,
                               sc->objective_key_len, err)
            : ig_key_csv_read(&k, sc->objective_key, err);
    if (st != INGROEI_OK)
        return st;
    const ig_csv *t = &k.csv;
    if (sc->n_volumes_per_year)
        st = ig_fail(err, INGROEI_ERR_DATA, sc->file, sc->volumes_per_year[0].line,
                     sc->volumes_per_year[0].column,
                     "objective_volumes_per_year needs an objective key with volumes (a "
                     "model); %s is a key file of shares",
                     t->file);
    if (st == INGROEI_OK)
        st = fill_key_model(r, &k, err);
    if (st == INGROEI_OK)
        st = ig_run_add_input(r, t->file, t->sha256, r->obj.volumes_source, err);
    const size_t n_g = r->n_g;
    bool *seen = calloc(n_g ? n_g : 1, sizeof *seen);
    r->units = calloc(n_g ? n_g : 1, sizeof *r->units);
    r->weight = calloc(1, sizeof *r->weight);
    r->scaled = calloc(1, sizeof *r->scaled);
    if (st == INGROEI_OK && (!seen || !r->units || !r->weight || !r->scaled))
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; st == INGROEI_OK && i < t->n_rows; i++) {
        const char *code = t->rows[i][k.c_code];
        long g = ig_run_resolve(r, code);
        if (g < 0)
            st = ig_fail(err, INGROEI_ERR_DATA, t->file, t->row_line[i],
                         t->row_col[i][k.c_code],
                         "%s is neither a gemeente of %d (the scenario's boundaries) nor part "
                         "of one",
                         code, sc->boundaries);
        else {
            seen[g] = true;
            r->units[g] += k.value[i] / k.total * 1e6; /* merged gemeenten add up */
        }
    }
    for (size_t g = 0; st == INGROEI_OK && g < n_g; g++)
        if (!seen[g])
            st = ig_fail(err, INGROEI_ERR_DATA, t->file, 0, 0,
                         "no row for %s (%s): a key file gives every gemeente of %d its %s (0 "
                         "for none)",
                         r->code[g], r->name[g], sc->boundaries,
                         k.amounts ? "bedrag" : "aandeel");
    if (st == INGROEI_OK) {
        r->weight[0] = 1.0;
        r->scaled[0] = true;
    }
    free(seen);
    ig_key_csv_clear(&k);
    return st;
}

const char *ingroei_run_own_key(const ingroei_run *r)
{
    return r && r->obj.own_key ? r->obj.name : NULL;
}

char *ig_run_chart_scenario(const ingroei_run *r)
{
    if (!r->obj.own_key)
        return ig_strdup(r->sc->name);
    const char *base = strrchr(r->obj.file, '/');
    ig_buf b = {0};
    ig_buf_printf(&b, "%s; eigen sleutel: %s (SHA-256 %.12s...)", r->sc->name,
                  base ? base + 1 : r->obj.file, r->obj.sha256);
    return b.failed ? (ig_buf_free(&b), NULL) : b.data;
}

ingroei_status ig_load_objective(ingroei_run *r, ingroei_error *err)
{
    const ingroei_scenario *sc = r->sc;
    if (ig_is_key_csv(sc->objective_key))
        return load_key_file(r, err);
    ig_obj_model *m = &r->obj;
    ingroei_status st =
        sc->objective_key_data
            ? ig_obj_model_parse(m, sc->objective_key, sc->objective_key_data,
                                 sc->objective_key_len, sc->objective_volumes, err)
            : ig_obj_model_load(m, sc->objective_key, err);
    if (st != INGROEI_OK)
        return st;
    ig_buf b = {0};
    ig_buf_printf(&b, "%s%s%s", m->name, m->illustrative ? " - ILLUSTRATIVE: " : "",
                  m->illustrative ? m->notice : "");
    st = b.failed ? ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory")
                  : ig_run_add_input(r, m->file, m->sha256, b.data, err);
    ig_buf_free(&b);
    if (st != INGROEI_OK)
        return st;
    const size_t n_m = m->n_maatstaven, n_g = r->n_g;
    r->units = calloc(n_m * n_g, sizeof *r->units);
    r->weight = calloc(n_m, sizeof *r->weight);
    r->scaled = calloc(n_m, sizeof *r->scaled);
    if (!r->units || !r->weight || !r->scaled)
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t k = 0; st == INGROEI_OK && k < n_m; k++) {
        r->weight[k] = m->maatstaven[k].weight;
        r->scaled[k] = m->maatstaven[k].scaled;
    }
    if (st == INGROEI_OK)
        st = read_volumes(r, m->volumes, r->units, err);
    return st;
}

/* ---- regions ----------------------------------------------------------------------- */

/* The columns of a region file (README "Regions"): the first four are required, the
 * others optional; any other column is refused, so that a misspelt one is not ignored. */
static const char *const region_columns[] = {"jaar",         "gemeentecode",
                                             "centrumgemeente_code", "bron",
                                             "gemeentenaam", "centrumgemeente_naam",
                                             "soort"};
enum { N_REGION_COLUMNS = 7, N_REGION_REQUIRED = 4 };
/* The years a region file's jaar may hold (those of a scenario). */
enum { REGION_YEAR_MIN = 1990, REGION_YEAR_MAX = 2100 };

static bool is_gemeentecode(const char *s)
{
    if (s[0] != 'G' || s[1] != 'M')
        return false;
    for (int k = 2; k < 6; k++)
        if (s[k] < '0' || s[k] > '9')
            return false;
    return s[6] == '\0';
}

/* The byte column where header field j starts (the header has no quotes in a file
 * whose names are all known; a quoted one is refused as unknown before this counts). */
static int header_column(const ig_csv *t, size_t j)
{
    size_t at = 1;
    for (size_t k = 0; k < j; k++)
        at += strlen(t->header[k]) + 1;
    return at > INT_MAX ? 0 : (int)at;
}

/* The header: every column known; c[] gets each column's index (-1 for an
 * absent optional one). */
static ingroei_status region_header(const ig_csv *t, int c[N_REGION_COLUMNS], ingroei_error *err)
{
    for (int k = 0; k < N_REGION_COLUMNS; k++)
        c[k] = -1;
    for (size_t j = 0; j < t->n_cols; j++) {
        int k = 0;
        while (k < N_REGION_COLUMNS && strcmp(t->header[j], region_columns[k]) != 0)
            k++;
        if (k == N_REGION_COLUMNS)
            return ig_fail(err, INGROEI_ERR_DATA, t->file, t->header_line, header_column(t, j),
                           "unknown column '%s' in a region file (expected: jaar, "
                           "gemeentecode, centrumgemeente_code, bron and optionally "
                           "gemeentenaam, centrumgemeente_naam, soort)",
                           t->header[j]);
        c[k] = (int)j; /* a column twice is refused by the CSV reader */
    }
    for (int k = 0; k < N_REGION_REQUIRED; k++)
        if (c[k] < 0 && ig_csv_column(t, region_columns[k], err) < 0)
            return INGROEI_ERR_DATA;
    return INGROEI_OK;
}

/* One row's cells, whatever its year: a year, two gemeentecodes, a source. */
static ingroei_status region_row(const ig_csv *t, size_t i, const int c[N_REGION_COLUMNS],
                                 int64_t *year, ingroei_error *err)
{
    char **f = t->rows[i];
    const int line = t->row_line[i], *col = t->row_col[i];
    if (!ig_parse_int64(f[c[0]], year) || *year < REGION_YEAR_MIN || *year > REGION_YEAR_MAX)
        return ig_fail(err, INGROEI_ERR_DATA, t->file, line, col[c[0]],
                       "jaar: '%s' is not a year from %d to %d", f[c[0]], REGION_YEAR_MIN,
                       REGION_YEAR_MAX);
    for (int k = 1; k <= 2; k++)
        if (!is_gemeentecode(f[c[k]]))
            return ig_fail(err, INGROEI_ERR_DATA, t->file, line, col[c[k]],
                           "%s: '%s' is not a gemeentecode (GM and four digits)",
                           region_columns[k], f[c[k]]);
    const char *src = f[c[3]];
    while (*src == ' ')
        src++;
    if (!*src)
        return ig_fail(err, INGROEI_ERR_DATA, t->file, line, col[c[3]],
                       "bron is empty: every row of a region file says where its membership "
                       "comes from");
    return INGROEI_OK;
}

ingroei_status ig_load_regions(ingroei_run *r, ingroei_error *err)
{
    if (!r->sc->regions)
        return INGROEI_OK;
    ig_csv t = {0};
    int c[N_REGION_COLUMNS];
    code_list codes = {0};
    r->region = malloc(r->n_g * sizeof *r->region);
    r->region_kind = calloc(r->n_g, sizeof *r->region_kind);
    r->region_source = calloc(r->n_g, sizeof *r->region_source);
    ingroei_status st = r->region && r->region_kind && r->region_source
                            ? ig_csv_read(&t, r->sc->regions, err)
                            : ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (st == INGROEI_OK)
        st = region_header(&t, c, err);
    for (size_t g = 0; r->region && g < r->n_g; g++)
        r->region[g] = -1;
    size_t used = 0;
    size_t *row_of = calloc(r->n_g ? r->n_g : 1, sizeof *row_of); /* row + 1 that placed g */
    if (st == INGROEI_OK && !row_of)
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; st == INGROEI_OK && i < t.n_rows; i++) {
        char **f = t.rows[i];
        int64_t year = 0;
        if ((st = region_row(&t, i, c, &year, err)) != INGROEI_OK)
            break;
        if (year != r->sc->boundaries)
            continue; /* membership of the boundaries' year */
        long g = ig_run_resolve(r, f[c[1]]), centre = ig_run_resolve(r, f[c[2]]);
        if (g < 0 || centre < 0)
            st = not_a_gemeente(r, &t, i, g < 0 ? f[c[1]] : f[c[2]], err);
        else if (r->region[g] >= 0 && r->region[g] != centre)
            st = ig_fail(err, INGROEI_ERR_DATA, t.file, t.row_line[i], t.row_col[i][c[1]],
                         "%s is in two regions (%s and %s)", f[c[1]], r->code[r->region[g]],
                         r->code[centre]);
        else if (!note_code(&codes, f[c[1]], t.row_line[i]))
            st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        else {
            r->region[g] = centre;
            row_of[g] = i + 1;
            used++;
            if (g == centre && !r->region_source[g] &&
                (!(r->region_source[g] = ig_strdup(f[c[3]])) ||
                 !(r->region_kind[g] = ig_strdup(c[6] >= 0 ? f[c[6]] : ""))))
                st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        }
    }
    const coded_row *dup;
    if (st == INGROEI_OK && (dup = duplicate_code(&codes)))
        st = ig_fail(err, INGROEI_ERR_DATA, t.file, dup->line, 0, "a second row for %s in %d",
                     dup->code, r->sc->boundaries);
    for (size_t g = 0; st == INGROEI_OK && g < r->n_g; g++)
        if (r->region[g] >= 0 && r->region[r->region[g]] != r->region[g]) {
            const size_t i = row_of[g] - 1; /* the first member row naming that centre */
            st = ig_fail(err, INGROEI_ERR_DATA, t.file, t.row_line[i], t.row_col[i][c[2]],
                         "centrumgemeente %s is not a member of its own region in %d (add a "
                         "row for it with itself as its centrumgemeente)",
                         r->code[r->region[g]], r->sc->boundaries);
        }
    free(row_of);
    if (st == INGROEI_OK && !used)
        st = ig_fail(err, INGROEI_ERR_DATA, t.file, 0, 0,
                     "no region membership for %d, the year of the scenario's boundaries",
                     r->sc->boundaries);
    if (st == INGROEI_OK && r->sc->regional_key) /* the volumes are loaded before */
        ig_regional_units(r->units, r->obj.n_maatstaven, r->n_g, r->region);
    if (st == INGROEI_OK)
        st = ig_run_add_csv_input(r, &t, err);
    free(codes.v);
    ig_csv_clear(&t);
    return st;
}

/* ---- inputs per year (README, "Inputs per year") ------------------------------------ */

/* historical_per_year: each listed year's amounts from the named circulaire's figures
 * for that uitkeringsjaar, in the historical key's data file (already in the receipt);
 * the other years keep the key's. The gemeenten with an amount must be the key's. */
static ingroei_status load_hist_per_year(ingroei_run *r, ingroei_error *err)
{
    const ingroei_scenario *sc = r->sc;
    const ig_hist_model *m = &r->hist;
    const size_t n_y = r->n_y, n_g = r->n_g;
    r->h_year = calloc(n_y * n_g, sizeof *r->h_year);
    r->h_amount_year = calloc(n_y * n_g, sizeof *r->h_amount_year);
    r->h_total_year = calloc(n_y, sizeof *r->h_total_year);
    r->h_circulaire_year = calloc(n_y, sizeof *r->h_circulaire_year);
    bool *has = calloc(n_g, sizeof *has);
    ig_csv t = {0};
    int c[5];
    static const char *const names[5] = {"circulaire", "uitkeringsjaar", "gemeentecode", "regeling",
                                         "bedrag"};
    ingroei_status st = INGROEI_OK;
    if (!r->h_year || !r->h_amount_year || !r->h_total_year || !r->h_circulaire_year || !has)
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t y = 0; st == INGROEI_OK && y < n_y; y++) {
        memcpy(r->h_year + y * n_g, r->h, n_g * sizeof *r->h);
        memcpy(r->h_amount_year + y * n_g, r->h_amount, n_g * sizeof *r->h_amount);
        r->h_total_year[y] = r->h_total;
        r->h_circulaire_year[y] = m->circulaire;
    }
    if (st == INGROEI_OK)
        st = ig_csv_read(&t, m->data, err);
    for (int k = 0; st == INGROEI_OK && k < 5; k++)
        if ((c[k] = ig_csv_column(&t, names[k], err)) < 0)
            st = INGROEI_ERR_DATA;
    for (size_t i = 0; st == INGROEI_OK && i < sc->n_hist_per_year; i++) {
        const ig_per_year *e = &sc->hist_per_year[i];
        const size_t y = (size_t)(e->year - r->first_year);
        double *amount = r->h_amount_year + y * n_g;
        code_list codes = {0};
        size_t used = 0;
        const coded_row *dup;
        memset(amount, 0, n_g * sizeof *amount);
        memset(has, 0, n_g * sizeof *has);
        st = select_amounts(r, &t, c, e->value, e->year, amount, has, &codes, &used, err);
        if (st == INGROEI_OK && (dup = duplicate_code(&codes)))
            st = ig_fail(err, INGROEI_ERR_DATA, t.file, dup->line, 0,
                         "%s has a second amount in circulaire '%s', uitkeringsjaar %d, regeling "
                         "'%s'",
                         dup->code, e->value, e->year, m->regeling);
        free(codes.v);
        if (st == INGROEI_OK && !used) {
            ig_buf have = {0};
            list_vintages(&t, c, m->regeling, &have);
            st = ig_fail(err, INGROEI_ERR_DATA, sc->file, e->line, e->column,
                         "historical_per_year.%d: no rows for circulaire '%s', uitkeringsjaar %d, "
                         "regeling '%s' in %s (it has for this regeling: %s)",
                         e->year, e->value, e->year, m->regeling, t.file,
                         have.data ? have.data : "?");
            ig_buf_free(&have);
        }
        for (size_t g = 0; st == INGROEI_OK && g < n_g; g++)
            if (has[g] != (r->h[g] > 0))
                st = ig_fail(err, INGROEI_ERR_DATA, sc->file, e->line, e->column,
                             "historical_per_year.%d: %s (%s) %s an amount in circulaire '%s' "
                             "but %s in the historical key (%s): the gemeenten receiving the "
                             "historical part must be the same every year",
                             e->year, r->code[g], r->name[g], has[g] ? "has" : "has no", e->value,
                             has[g] ? "none" : "one", m->file);
        if (st == INGROEI_OK &&
            ig_shares(amount, n_g, r->h_year + y * n_g) != INGROEI_OK)
            st = ig_fail(err, INGROEI_ERR_DATA, sc->file, e->line, e->column,
                         "historical_per_year.%d: the amounts of circulaire '%s' add up to zero",
                         e->year, e->value);
        if (st == INGROEI_OK) {
            r->h_total_year[y] = 0;
            for (size_t g = 0; g < n_g; g++)
                r->h_total_year[y] += amount[g];
            r->h_circulaire_year[y] = e->value;
        }
    }
    free(has);
    ig_csv_clear(&t);
    return st;
}

/* objective_volumes_per_year: each listed year's volumes from its own file (in the
 * receipt), the other years the key's; the bases B_g and A_g of every year. With a
 * regional key, a year's own volumes are summed per region as the key's are (the
 * regions are loaded before). */
static ingroei_status load_volumes_per_year(ingroei_run *r, ingroei_error *err)
{
    const ingroei_scenario *sc = r->sc;
    const size_t n_y = r->n_y, n_g = r->n_g, n_m = r->obj.n_maatstaven;
    r->units_year = calloc(n_y * n_m * n_g + 1, sizeof *r->units_year);
    r->key_b_year = calloc(n_y * n_g, sizeof *r->key_b_year);
    r->key_a_year = calloc(n_y * n_g, sizeof *r->key_a_year);
    r->key_sum_b_year = calloc(n_y, sizeof *r->key_sum_b_year);
    r->key_sum_a_year = calloc(n_y, sizeof *r->key_sum_a_year);
    if (!r->units_year || !r->key_b_year || !r->key_a_year || !r->key_sum_b_year ||
        !r->key_sum_a_year)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t y = 0; y < n_y; y++)
        memcpy(r->units_year + y * n_m * n_g, r->units, n_m * n_g * sizeof *r->units);
    for (size_t i = 0; i < sc->n_volumes_per_year; i++) {
        const ig_per_year *e = &sc->volumes_per_year[i];
        double *units = r->units_year + (size_t)(e->year - r->first_year) * n_m * n_g;
        memset(units, 0, n_m * n_g * sizeof *units);
        ingroei_status st = read_volumes(r, e->value, units, err);
        if (st != INGROEI_OK) {
            /* the error names the volumes file; say which line of the scenario names it */
            if (err) {
                const size_t len = strlen(err->message);
                snprintf(err->message + len, sizeof err->message - len, " (named at %s:%d:%d)",
                         sc->file, e->line, e->column);
            }
            return st;
        }
        if (sc->regional_key) /* as ig_load_regions did for the key's own volumes */
            ig_regional_units(units, n_m, n_g, r->region);
    }
    for (size_t y = 0; y < n_y; y++) {
        double *b = r->key_b_year + y * n_g, *a = r->key_a_year + y * n_g;
        ig_bfv_bases(r->units_year + y * n_m * n_g, r->weight, r->scaled, n_m, n_g, b, a);
        r->key_sum_b_year[y] = ig_sum(b, n_g);
        r->key_sum_a_year[y] = ig_sum(a, n_g);
    }
    return INGROEI_OK;
}

ingroei_status ig_load_inputs_per_year(ingroei_run *r, ingroei_error *err)
{
    ingroei_status st = INGROEI_OK;
    if (r->sc->n_hist_per_year)
        st = load_hist_per_year(r, err);
    if (st == INGROEI_OK && r->sc->n_volumes_per_year)
        st = load_volumes_per_year(r, err);
    return st;
}
