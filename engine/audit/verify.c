/*
 * verify.c - checks a published table against a circulaire, line by line (public API
 * of ingroei.h, `ingroei verify`): a gemeente's begroting table of the uitkeringsbasis
 * per maatstaf, or a third party's Analysedata file of the algemene uitkering per
 * gemeente and cluster. The circulaire's figures are those of ingroei_au_new, the same
 * lines `ingroei au` writes; this file only reads the publication, compares and
 * explains the differences.
 *
 * A begroting table is read as published (io/table.c: separator, Dutch numbers; long or
 * wide; labels folded by base/text.c) into rows that name no model yet. Each circulaire
 * tried (the au-models that share its name, one per uitkeringsjaar) then judges every
 * row with the model of the row's year; the one with most lines explained is written.
 */
#include "audit/audit.h"
#include "base/vec.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef enum vf_verdict {
    VF_EQUAL,
    VF_ROUNDING,
    VF_WITHIN,
    VF_OFF,
    VF_UNKNOWN,
    VF_UNCHECKED,
    VF_N
} vf_verdict;

static const char *const verdict_name[VF_N] = {"gelijk",    "afronding", "binnen_tolerantie",
                                               "afwijkend", "onbekend",  "niet_getoetst"};

/* Why a begroting line is onbekend or niet_getoetst. */
typedef enum vf_why {
    WHY_NONE,
    WHY_YEAR,      /* no model of the circulaire for its year */
    WHY_GEMEENTE,  /* the gemeente is not in that model's volumes */
    WHY_NO_LABEL,  /* an empty label */
    WHY_UNKNOWN,   /* a label of no maatstaf of any circulaire */
    WHY_AMBIGUOUS, /* a label of several maatstaven */
    WHY_ELSEWHERE  /* a maatstaf of another circulaire, not this one */
} vf_why;

/* One row of verify.csv. In a begroting table `item` is a maatstaf; in an Analysedata
 * file a cluster (item < n_c) or the Totaal (item == n_c). */
typedef struct vf_line {
    int line; /* in the published file; 0 for a gemeente the file lacks */
    long g;   /* gemeente index in the model; -1 for the national row */
    size_t item;
    int year;                     /* begroting only */
    const char *published;        /* the published figure as written (borrowed from the table) */
    int64_t engine;               /* the circulaire's figure */
    int64_t pub;                  /* the published figure in whole euros */
    int64_t diff;                 /* pub - engine */
    int64_t vast, rounding, rest; /* Analysedata: the parts of diff (see build_csv) */
    bool implied_ok;              /* begroting: the implied volume could be computed */
    ig_dec implied, implied_diff; /* published / weight, and that minus the circulaire's */
    vf_verdict verdict;
    /* begroting */
    size_t raw;       /* its row in vf_state.raw */
    size_t model;     /* the model that judged it (index in vf_state.models), SIZE_MAX none */
    size_t other;     /* another maatstaf of the gemeente with exactly the published amount */
    bool rounding_ok; /* |diff| <= 1 and the implied volume rounds to the circulaire's */
    vf_why why;
} vf_line;

/* A line of a begroting table as published, before any circulaire judges it. */
typedef struct vf_raw {
    int line, gem_col, label_col, amount_col; /* gem_col 0: the query's gemeente */
    const char *label;                        /* as printed (borrowed from the table) */
    char *fold;                               /* the label folded */
    size_t gem;                               /* in vf_state.gems */
    int year;
    int64_t pub;
    const char *published;
} vf_raw;

/* A gemeente the table names: the key folded, and its code and name in the first model
 * that has it (borrowed). */
typedef struct vf_gem {
    char *fold;
    const char *code, *name; /* NULL: no model has it (a problem noted) */
} vf_gem;

/* A code or printed label of a maatstaf in some circulaire's weights. */
typedef struct vf_label {
    char *fold, *code, *desc;
} vf_label;

typedef struct vf_model {
    ingroei_au *au;
    ig_au_view v;
    int64_t *basis; /* [m * n_g + g] round(units x weight), before the uf */
    char **gfold;   /* [2 * n_g] the codes and names folded */
} vf_model;

typedef struct vf_state {
    const ingroei_verify_query *q;
    ig_au_view v; /* Analysedata: the one model */
    ingroei_verify_format format;
    ig_csv t;
    char decimal; /* the table's decimal mark */
    int64_t unit; /* 1, or 1000 when the table says "x € 1.000" */
    char *title;  /* the table's title lines, or NULL */
    char *sheet;  /* the workbook's sheet read, or NULL (a CSV file) */
    char sep;     /* and its separator */
    size_t mv;    /* Analysedata: index of the maatstaf the file leaves out */
    size_t *col;  /* Analysedata: [n_c + 1] the file's column of each cluster and Totaal */
    IG_VEC(vf_line) lines;
    ingroei_verify_summary *s;
    /* begroting */
    vf_model *models;
    size_t n_models;
    char **model_files;
    size_t n_model_files;
    IG_VEC(vf_raw) raw;
    IG_VEC(vf_gem) gems;
    IG_VEC(vf_label) labels; /* sorted by fold */
    const size_t *group;     /* the models of the circulaire being judged */
    size_t n_group;
    /* problems of the table, reported together */
    size_t n_probs;
    int prob_line, prob_col;
    ingroei_status prob_status;
    ig_buf probs;
} vf_state;

static vf_line *add_line(vf_state *st)
{
    return ig_vec_push(&st->lines);
}

/* Cluster names as the Analysedata files write them ("Sport, cultuur en recreatie")
 * against the model's ("Sport cultuur en recreatie"): folded. */
static bool same_cluster(const char *a, const char *b)
{
    return ig_fold_equal(a, b);
}

/* Fails naming the cell of row i, column c of the published table. */
static ingroei_status cell_fail(const vf_state *st, size_t i, int c, const char *what,
                                ingroei_error *err)
{
    const ig_csv *t = &st->t;
    return ig_fail(err, INGROEI_ERR_DATA, t->file, t->row_line[i], t->row_col[i][c], "%s", what);
}

/* round(a / b) half away from zero, b != 0. */
static __int128 div_round(__int128 a, __int128 b)
{
    const bool neg = (a < 0) != (b < 0);
    const __int128 ua = a < 0 ? -a : a, ub = b < 0 ? -b : b;
    const __int128 q = (ua + ub / 2) / ub;
    return neg ? -q : q;
}

/* ---- problems of a table, all reported at once ------------------------------------ */

/* Notes a problem at line:column of the table; the first gives the error's position,
 * the others follow in its message, as many as fit. */
static void problem(vf_state *st, ingroei_status status, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void problem(vf_state *st, ingroei_status status, int line, int col, const char *fmt, ...)
{
    char msg[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (st->n_probs++ == 0) {
        st->prob_line = line;
        st->prob_col = col;
        st->prob_status = status;
        ig_buf_puts(&st->probs, msg);
    } else if (st->probs.len < 800) {
        ig_buf_printf(&st->probs, "\n%s:%d", st->t.file, line);
        if (col > 0)
            ig_buf_printf(&st->probs, ":%d", col);
        ig_buf_printf(&st->probs, ": %s", msg);
    }
}

/* The problems noted, as one error (INGROEI_OK when there are none). */
static ingroei_status problems_fail(vf_state *st, ingroei_error *err)
{
    if (st->n_probs == 0)
        return INGROEI_OK;
    size_t shown = 1;
    for (size_t i = 0; st->probs.data && st->probs.data[i]; i++)
        shown += st->probs.data[i] == '\n';
    if (st->probs.failed)
        return ig_fail(err, INGROEI_ERR_NOMEM, st->t.file, 0, 0, "out of memory");
    if (shown < st->n_probs)
        return ig_fail(err, st->prob_status, st->t.file, st->prob_line, st->prob_col,
                       "%s\n(and %zu more problems)", st->probs.data, st->n_probs - shown);
    return ig_fail(err, st->prob_status, st->t.file, st->prob_line, st->prob_col, "%s",
                   st->probs.data);
}

/* ---- names: gemeenten and maatstaven ---------------------------------------------- */

static int by_fold(const void *x, const void *y)
{
    const vf_label *a = x, *b = y;
    const int c = strcmp(a->fold, b->fold);
    return c ? c : strcmp(a->code, b->code);
}

static bool add_label(vf_state *st, const char *text, const char *code, const char *desc)
{
    vf_label *l = ig_vec_push(&st->labels);
    if (!l)
        return false;
    l->fold = ig_fold(text);
    l->code = ig_strdup(code);
    l->desc = ig_strdup(desc);
    return l->fold && l->code && l->desc;
}

/* Every code and omschrijving of the models tried and of the weights files beside
 * them (gewichten_*.csv): the printed labels of every shipped circulaire. */
static ingroei_status collect_labels(vf_state *st, ingroei_error *err)
{
    bool ok = true;
    for (size_t k = 0; k < st->n_models && ok; k++) {
        const ig_au_data *d = st->models[k].v.data;
        for (size_t m = 0; m < d->n_m && ok; m++)
            ok = add_label(st, d->maatstaven[m], d->maatstaven[m], d->descriptions[m]) &&
                 add_label(st, d->descriptions[m], d->maatstaven[m], d->descriptions[m]);
    }
    if (!ok)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    /* the weights files of the other circulaires in the directory */
    char *dir = st->q->circulaires ? ig_strdup(st->q->circulaires)
                                   : ig_dirname(st->models[0].v.model->file);
    if (!dir)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    char **files = NULL;
    size_t n = 0;
    ingroei_status rc = ig_list_files(dir, "gewichten_", ".csv", &files, &n, err);
    free(dir);
    if (rc != INGROEI_OK)
        return rc;
    for (size_t i = 0; i < n && rc == INGROEI_OK; i++) {
        ig_csv w;
        rc = ig_csv_read(&w, files[i], err);
        if (rc != INGROEI_OK)
            break;
        const int cc = ig_csv_column(&w, "code", err), cd = ig_csv_column(&w, "omschrijving", err);
        if (cc < 0 || cd < 0)
            rc = INGROEI_ERR_DATA;
        for (size_t r = 0; r < w.n_rows && rc == INGROEI_OK; r++)
            if (w.rows[r][cc][0] && !add_label(st, w.rows[r][cd], w.rows[r][cc], w.rows[r][cd]))
                rc = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        ig_csv_clear(&w);
    }
    ig_free_list(files, n);
    if (rc == INGROEI_OK && st->labels.n)
        qsort(st->labels.v, st->labels.n, sizeof *st->labels.v, by_fold);
    return rc;
}

/* The maatstaf of model data `d` a folded label names: the one code of the labels that
 * fold alike and that `d` has. SIZE_MAX with *why when there is none or more. */
static size_t resolve_label(const vf_state *st, const ig_au_data *d, const char *fold, vf_why *why)
{
    *why = WHY_NONE;
    if (!fold[0]) {
        *why = WHY_NO_LABEL;
        return SIZE_MAX;
    }
    const vf_label key = {(char *)fold, (char *)"", NULL};
    size_t lo = 0, hi = st->labels.n; /* the first label not below key */
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (by_fold(&st->labels.v[mid], &key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t found = SIZE_MAX, any = 0;
    for (size_t i = lo; i < st->labels.n && strcmp(st->labels.v[i].fold, fold) == 0; i++) {
        any++;
        for (size_t m = 0; m < d->n_m; m++)
            if (strcmp(d->maatstaven[m], st->labels.v[i].code) == 0 && m != found) {
                if (found != SIZE_MAX) {
                    *why = WHY_AMBIGUOUS;
                    return SIZE_MAX;
                }
                found = m;
            }
    }
    if (found == SIZE_MAX)
        *why = any ? WHY_ELSEWHERE : WHY_UNKNOWN;
    return found;
}

/* The length of the longest common substring of a and b (0 without memory). */
static size_t common_run(const char *a, const char *b)
{
    const size_t m = strlen(b);
    size_t *row = calloc(m + 1, sizeof *row), best = 0;
    if (!row)
        return 0;
    for (const char *p = a; *p; p++)
        for (size_t j = m; j > 0; j--) {
            row[j] = *p == b[j - 1] ? row[j - 1] + 1 : 0;
            if (row[j] > best)
                best = row[j];
        }
    free(row);
    return best;
}

/* Appends the maatstaven a folded label may mean: those whose labels fold alike, or
 * else the three nearest (the longest run of letters in common first, then the edit
 * distance), each as "code (omschrijving)". */
static void near_labels(ig_buf *b, const vf_state *st, const char *fold)
{
    enum { N = 3 };
    size_t best[N], score[N], n = 0;
    for (size_t i = 0; i < st->labels.n; i++) {
        const vf_label *l = &st->labels.v[i];
        size_t sc;
        if (strcmp(l->fold, fold) == 0)
            sc = 0;
        else /* fewer letters in common is worse; then more edits */
            sc = 1 + ((size_t)1000 - (common_run(l->fold, fold) % 1000)) * 10000 +
                 ig_edit_distance(l->fold, fold) % 10000;
        bool dup = false;
        for (size_t k = 0; k < n && !dup; k++)
            if (strcmp(st->labels.v[best[k]].code, l->code) == 0) {
                dup = true;
                if (sc < score[k]) {
                    score[k] = sc;
                    best[k] = i;
                }
            }
        if (dup)
            continue;
        if (n < N) {
            best[n] = i;
            score[n++] = sc;
        } else {
            size_t worst = 0;
            for (size_t k = 1; k < n; k++)
                if (score[k] > score[worst])
                    worst = k;
            if (sc < score[worst]) {
                best[worst] = i;
                score[worst] = sc;
            }
        }
    }
    /* best first (insertion sort of at most three) */
    for (size_t i = 1; i < n; i++)
        for (size_t k = i; k > 0 && score[k] < score[k - 1]; k--) {
            size_t t = score[k];
            score[k] = score[k - 1];
            score[k - 1] = t;
            t = best[k];
            best[k] = best[k - 1];
            best[k - 1] = t;
        }
    for (size_t k = 0; k < n; k++) {
        if (score[k] == 0 || k == 0 || score[0] != 0)
            ig_buf_printf(b, "%s%s (%s)", k ? ", " : "", st->labels.v[best[k]].code,
                          st->labels.v[best[k]].desc);
    }
}

/* The gemeente of a model that a folded key names (a code or a name), -1 when none
 * does. */
static long gemeente_in(const vf_model *md, const char *fold)
{
    const size_t n = md->v.data->n_g;
    for (size_t g = 0; g < n; g++)
        if (strcmp(md->gfold[g], fold) == 0 || strcmp(md->gfold[n + g], fold) == 0)
            return (long)g;
    return -1;
}

/* The gemeenten whose folded name starts with the key's words or is nearest, for a
 * message: "Bergen (NH.) (GM0373), Bergen (L.) (GM0893), ...". */
static void near_gemeenten(ig_buf *b, const vf_model *md, const char *fold)
{
    const ig_au_data *d = md->v.data;
    const size_t n = strlen(fold);
    size_t shown = 0;
    for (size_t g = 0; g < d->n_g && shown < 6; g++) {
        const char *nm = md->gfold[d->n_g + g];
        if (n && strncmp(nm, fold, n) == 0)
            ig_buf_printf(b, "%s%s (%s)", shown++ ? ", " : "", d->names[g], d->codes[g]);
    }
    if (shown)
        return;
    size_t best = SIZE_MAX, at = 0;
    for (size_t g = 0; g < d->n_g; g++) {
        const size_t dist = ig_edit_distance(md->gfold[d->n_g + g], fold);
        if (dist < best) {
            best = dist;
            at = g;
        }
    }
    if (best != SIZE_MAX)
        ig_buf_printf(b, "%s (%s)", d->names[at], d->codes[at]);
}

/* Whether `key` names a gemeente that merged, by herindelingen.csv of the dataset (the
 * parent of the circulaires' directory) when it is there; appends "Weesp (GM0457)
 * merged into GM0363 Amsterdam on 2022-03-24". */
static bool merged_into(const vf_state *st, const char *key, ig_buf *b)
{
    char *dir = st->q->circulaires ? ig_strdup(st->q->circulaires)
                                   : ig_dirname(st->models[0].v.model->file);
    char *parent = dir ? ig_path_join(dir, "..") : NULL;
    char *file = parent ? ig_path_join(parent, "herindelingen.csv") : NULL;
    free(dir);
    free(parent);
    ig_csv t;
    ingroei_error ignore;
    bool found = false;
    if (file && access(file, F_OK) == 0 && ig_csv_read(&t, file, &ignore) == INGROEI_OK) {
        const int c[5] = {
            ig_csv_column(&t, "datum", &ignore), ig_csv_column(&t, "oude_code", &ignore),
            ig_csv_column(&t, "oude_naam", &ignore), ig_csv_column(&t, "nieuwe_code", &ignore),
            ig_csv_column(&t, "nieuwe_naam", &ignore)};
        bool ok = true;
        for (int k = 0; k < 5; k++)
            ok = ok && c[k] >= 0;
        for (size_t i = 0; ok && i < t.n_rows && !found; i++) {
            char **f = t.rows[i];
            size_t at;
            if (ig_find_name(key, (const char *const *)&f[c[1]], (const char *const *)&f[c[2]], 1,
                             &at) == 1) {
                ig_buf_printf(b, "%s (%s) merged into %s (%s) on %s", f[c[2]], f[c[1]], f[c[4]],
                              f[c[3]], f[c[0]]);
                found = true;
            }
        }
        ig_csv_clear(&t);
    }
    free(file);
    return found;
}

/* The index in st->gems of the gemeente `key` names, found in the first model that has
 * it; SIZE_MAX with a problem noted at line:col when no model has it. */
static size_t find_gem(vf_state *st, const char *key, int line, int col)
{
    char *fold = ig_fold(key);
    if (!fold) {
        problem(st, INGROEI_ERR_NOMEM, line, col, "out of memory");
        return SIZE_MAX;
    }
    size_t at = SIZE_MAX;
    for (size_t i = st->gems.n; i-- > 0 && at == SIZE_MAX;)
        if (strcmp(st->gems.v[i].fold, fold) == 0)
            at = i;
    if (at == SIZE_MAX) {
        vf_gem *e = ig_vec_push(&st->gems);
        if (!e) {
            free(fold);
            problem(st, INGROEI_ERR_NOMEM, line, col, "out of memory");
            return SIZE_MAX;
        }
        e->fold = fold;
        fold = NULL;
        for (size_t k = 0; k < st->n_models && !e->code; k++) {
            const long g = gemeente_in(&st->models[k], e->fold);
            if (g >= 0) {
                e->code = st->models[k].v.data->codes[g];
                e->name = st->models[k].v.data->names[g];
            }
        }
        at = st->gems.n - 1;
    }
    free(fold);
    const vf_gem *e = &st->gems.v[at];
    if (e->code)
        return at;
    ig_buf near = {0};
    ig_buf_putn(&near, "", 0);
    if (st->n_probs < 20 && merged_into(st, key, &near)) {
        problem(st, INGROEI_ERR_DATA, line, col, "'%s' is not a gemeente of %s: %s", key,
                st->n_models > 1 ? "the circulaires" : st->models[0].v.model->volumes, near.data);
        ig_buf_free(&near);
        return SIZE_MAX;
    }
    if (st->n_probs < 20) /* the nearest names for the first problems only */
        near_gemeenten(&near, &st->models[0], e->fold);
    const char *what = st->n_models > 1 ? "the circulaires" : st->models[0].v.model->volumes;
    problem(st, INGROEI_ERR_DATA, line, col, "'%s' is not a gemeente of %s%s%s", key, what,
            near.len ? "; did you mean " : "", near.data ? near.data : "");
    ig_buf_free(&near);
    return SIZE_MAX;
}

/* ---- begroting tables: reading ----------------------------------------------------- */

/* The column whose folded header is one of `names`, the first name first; -1 if none. */
static int column_named(const ig_csv *t, const char *const *names, size_t n)
{
    for (size_t k = 0; k < n; k++)
        for (size_t c = 0; c < t->n_cols; c++)
            if (ig_fold_equal(t->header[c], names[k]))
                return (int)c;
    return -1;
}

/* Whether a header with a year is a column of amounts (not of units or weights). A
 * header of more than 255 bytes folded is none (no allocation: the answer cannot depend
 * on memory). */
static bool amount_column(const char *header)
{
    char f[256];
    static const char *const not [] = {"eenheden", "volume", "aantal", "gewicht", "pereenheid"};
    bool ok = ig_fold_into(header, f, sizeof f);
    for (size_t i = 0; ok && i < sizeof not / sizeof *not ; i++)
        ok = strstr(f, not [i]) == NULL;
    return ok;
}

/* Notes a bad amount or adds one raw line; false without memory. */
static bool add_raw(vf_state *st, size_t i, int label_c, int gem_c, int amount_c, int year,
                    const char *gemeente)
{
    const ig_csv *t = &st->t;
    const char *cell = t->rows[i][amount_c];
    const int line = t->row_line[i], col = t->row_col[i][amount_c];
    ig_dec x;
    int64_t amount = 0;
    bool ok = ig_table_number(cell, st->decimal, &x);
    for (int k = 0; ok && k < x.scale; k++)
        ok = x.mant % 10 == 0 && ((x.mant /= 10), true);
    if (ok && x.scale >= 0) {
        /* in thousands when the table says so: the printed 1.069 is 1,069,000 euro */
        ok = !__builtin_mul_overflow(x.mant, st->unit > 0 ? st->unit : 1, &amount) &&
             amount < INT64_C(1) << 53 && amount > -(INT64_C(1) << 53);
    }
    if (!ok) {
        problem(st, INGROEI_ERR_DATA, line, col,
                "%s: expected whole euros (such as 1069297 or 1.069.297), got '%s'",
                t->header[amount_c], cell);
        return true;
    }
    const size_t gem = find_gem(st, gemeente, line, gem_c >= 0 ? t->row_col[i][gem_c] : 0);
    if (gem == SIZE_MAX)
        return true;
    vf_raw *r = ig_vec_push(&st->raw);
    if (!r)
        return false;
    *r = (vf_raw){.line = line,
                  .gem_col = gem_c >= 0 ? t->row_col[i][gem_c] : 0,
                  .label_col = t->row_col[i][label_c],
                  .amount_col = col,
                  .label = t->rows[i][label_c],
                  .fold = ig_fold(t->rows[i][label_c]),
                  .gem = gem,
                  .year = year,
                  .pub = amount,
                  .published = cell};
    return r->fold != NULL;
}

/* Whether a cell of a wide table holds no amount: empty, or a dash as printed tables
 * write nil ("-", "–", "—"). */
static bool nil_cell(const char *s)
{
    s += strspn(s, " \t");
    if (*s == '-')
        s++;
    else if (strncmp(s, "\xE2\x80\x93", 3) == 0 || strncmp(s, "\xE2\x80\x94", 3) == 0)
        s += 3;
    s += strspn(s, " \t");
    return *s == '\0';
}

/* Whether a line of a printed table is the header of a begroting table: two cells or
 * more with text, and a column of amounts per year ("2025", "Begroting 2025 (x € 1.000)")
 * or the columns jaar and bedrag. The lines above it are the table's title. */
static bool begroting_header(const char *const *cells, size_t n, void *ctx)
{
    (void)ctx;
    size_t filled = 0, years = 0;
    bool jaar = false, bedrag = false;
    for (size_t c = 0; c < n; c++) {
        if (!cells[c][strspn(cells[c], " \t")])
            continue;
        filled++;
        years += ig_table_year(cells[c]) != 0 && amount_column(cells[c]);
        jaar = jaar || ig_fold_equal(cells[c], "jaar") || ig_fold_equal(cells[c], "uitkeringsjaar");
        bedrag = bedrag || ig_fold_equal(cells[c], "bedrag") ||
                 ig_fold_equal(cells[c], "uitkeringsbasis") || ig_fold_equal(cells[c], "bedrag euro");
    }
    return filled >= 2 && (years > 0 || (jaar && bedrag));
}

/* Reads the begroting table into st->raw: long (maatstaf, jaar, bedrag) or wide (a
 * column per year), the gemeente per row or from the query; every problem noted. */
static ingroei_status read_begroting(vf_state *st, ingroei_error *err)
{
    const ig_csv *t = &st->t;
    static const char *const gem_names[] = {"gemeentecode", "gemeente", "gemeentenaam",
                                            "code gemeente"};
    static const char *const label_names[] = {"maatstaf", "maatstaven", "omschrijving",
                                              "label",    "code",       "verdeelmaatstaf"};
    static const char *const year_names[] = {"jaar", "uitkeringsjaar"};
    static const char *const amount_names[] = {"bedrag", "uitkeringsbasis", "bedrag euro"};
    const int gem_c = column_named(t, gem_names, 4);
    int label_c = column_named(t, label_names, 6);
    const int year_c = column_named(t, year_names, 2);
    /* a wide table has no jaar column; its amounts are the year columns */
    const int amount_c = year_c >= 0 ? column_named(t, amount_names, 3) : -1;
    int *year_of = calloc(t->n_cols + 1, sizeof *year_of); /* wide: the year of a column */
    if (!year_of)
        return ig_fail(err, INGROEI_ERR_NOMEM, t->file, 0, 0, "out of memory");
    size_t n_year_cols = 0;
    for (size_t c = 0; c < t->n_cols; c++)
        if ((int)c != gem_c && (int)c != label_c && (int)c != year_c && (int)c != amount_c &&
            (year_of[c] = ig_table_year(t->header[c])) != 0 && amount_column(t->header[c]))
            n_year_cols++;
        else
            year_of[c] = 0;
    /* without a named label column: the first column that is none of the others */
    for (size_t c = 0; c < t->n_cols && label_c < 0; c++)
        if ((int)c != gem_c && (int)c != year_c && (int)c != amount_c && !year_of[c])
            label_c = (int)c;
    ingroei_status rc = INGROEI_OK;
    const bool wide = year_c < 0 && n_year_cols > 0;
    if (label_c < 0)
        rc = ig_fail(err, INGROEI_ERR_DATA, t->file, t->header_line, 0,
                     "missing column 'maatstaf' (a code or a printed label) in the header");
    else if (!wide && (year_c < 0 || amount_c < 0))
        rc = ig_fail(err, INGROEI_ERR_DATA, t->file, t->header_line, 0,
                     "missing column '%s' in the header (a long table has maatstaf, jaar and "
                     "bedrag; a wide one a column per year such as '2025')",
                     year_c < 0 ? "jaar" : "bedrag");
    else if (gem_c < 0 && !st->q->gemeente)
        rc = ig_fail(err, INGROEI_ERR_DATA, t->file, t->header_line, 0,
                     "missing column 'gemeentecode' in the header (or give the gemeente of the "
                     "whole table, --gemeente)");
    else if (t->n_rows == 0)
        rc = ig_fail(err, INGROEI_ERR_DATA, t->file, t->header_line, 0, "no lines to check");
    /* the gemeente of the whole table, once */
    if (rc == INGROEI_OK && st->q->gemeente && find_gem(st, st->q->gemeente, 0, 0) == SIZE_MAX)
        rc = ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "--gemeente %s", st->probs.data);
    for (size_t i = 0; i < t->n_rows && rc == INGROEI_OK; i++) {
        char **f = t->rows[i];
        const char *gemeente = gem_c >= 0 && f[gem_c][0] ? f[gem_c] : st->q->gemeente;
        const int gcol = gem_c >= 0 && f[gem_c][0] ? gem_c : -1;
        if (!gemeente) {
            problem(st, INGROEI_ERR_DATA, t->row_line[i], t->row_col[i][gem_c],
                    "no gemeente on this line (or give --gemeente)");
            continue;
        }
        bool ok = true;
        if (!wide) {
            int64_t year;
            char y[32]; /* a year folded; a longer cell is no year */
            const bool year_ok = ig_fold_into(f[year_c], y, sizeof y) &&
                                 ig_parse_int64(y, &year) && year >= 1900 && year <= 2200;
            if (!year_ok)
                problem(st, INGROEI_ERR_DATA, t->row_line[i], t->row_col[i][year_c],
                        "jaar: expected a year such as 2025, got '%s'", f[year_c]);
            else
                ok = add_raw(st, i, label_c, gcol, amount_c, (int)year, gemeente);
        } else {
            for (size_t c = 0; c < t->n_cols && ok; c++)
                if (year_of[c] && !nil_cell(f[c]))
                    ok = add_raw(st, i, label_c, gcol, (int)c, year_of[c], gemeente);
        }
        if (!ok)
            rc = ig_fail(err, INGROEI_ERR_NOMEM, t->file, 0, 0, "out of memory");
    }
    free(year_of);
    if (rc == INGROEI_OK)
        rc = problems_fail(st, err);
    if (rc == INGROEI_OK && st->raw.n == 0)
        rc = ig_fail(err, INGROEI_ERR_DATA, t->file, t->header_line, 0, "no lines to check");
    return rc;
}

/* ---- begroting tables: one circulaire judges ----------------------------------------- */

/* A line's key for finding a gemeente, maatstaf and year listed twice. */
typedef struct line_key {
    size_t gem, model, item;
    int year, line;
} line_key;

static int by_key(const void *x, const void *y)
{
    const line_key *a = x, *b = y;
    if (a->gem != b->gem)
        return a->gem < b->gem ? -1 : 1;
    if (a->model != b->model)
        return a->model < b->model ? -1 : 1;
    if (a->item != b->item)
        return a->item < b->item ? -1 : 1;
    if (a->year != b->year)
        return a->year < b->year ? -1 : 1;
    return (a->line > b->line) - (a->line < b->line);
}

/* Refuses a gemeente, maatstaf and year listed twice, naming every repeat; sorted, so
 * a table of 10^5 lines is checked in n log n. */
static ingroei_status begroting_duplicates(vf_state *st, ingroei_error *err)
{
    line_key *k = malloc((st->lines.n ? st->lines.n : 1) * sizeof *k);
    if (!k)
        return ig_fail(err, INGROEI_ERR_NOMEM, st->t.file, 0, 0, "out of memory");
    size_t n = 0;
    for (size_t i = 0; i < st->lines.n; i++) {
        const vf_line *l = &st->lines.v[i];
        if (l->model != SIZE_MAX)
            k[n++] = (line_key){st->raw.v[l->raw].gem, l->model, l->item, l->year, l->line};
    }
    qsort(k, n, sizeof *k, by_key);
    for (size_t i = 1; i < n; i++)
        if (k[i].gem == k[i - 1].gem && k[i].model == k[i - 1].model &&
            k[i].item == k[i - 1].item && k[i].year == k[i - 1].year) {
            const ig_au_data *d = st->models[k[i].model].v.data;
            const vf_gem *gm = &st->gems.v[k[i].gem];
            problem(st, INGROEI_ERR_DATA, k[i].line, 0,
                    "%s, maatstaf %s, %d is listed twice (also on line %d)", gm->code,
                    d->maatstaven[k[i].item], k[i].year, k[i - 1].line);
        }
    free(k);
    return problems_fail(st, err);
}

/* The volume a published amount implies, amount / weight, with as many decimals as the
 * circulaire's volume (exactly, half away from zero), and its difference with that
 * volume. False when the weight is zero or the result does not fit. */
static bool implied_volume(int64_t amount, ig_dec weight, ig_dec units, ig_dec *out, ig_dec *diff)
{
    if (weight.mant == 0 || units.scale < 0 || units.scale > IG_DEC_MAX_SCALE)
        return false;
    __int128 num = amount, p = 1;
    for (int k = 0; k < units.scale + weight.scale; k++)
        p *= 10;
    if (__builtin_mul_overflow(num, p, &num))
        return false;
    const __int128 q = div_round(num, weight.mant);
    if (q > INT64_MAX || q < -INT64_MAX)
        return false;
    *out = (ig_dec){(int64_t)q, units.scale};
    *diff = (ig_dec){0, units.scale};
    return !__builtin_sub_overflow(out->mant, units.mant, &diff->mant);
}

/* The uitkeringsbasis of a model: every line round(units x weight), the core's per-line
 * computation with a factor of one. */
static ingroei_status model_basis(vf_model *md, ingroei_error *err)
{
    const ig_au_data *d = md->v.data;
    int64_t *totals = calloc(d->n_g + 1, sizeof *totals);
    md->basis = calloc(d->n_m * d->n_g + 1, sizeof *md->basis);
    if (!totals || !md->basis) {
        free(totals);
        return ig_fail(err, INGROEI_ERR_NOMEM, md->v.model->file, 0, 0, "out of memory");
    }
    const ig_au_in in = {
        .n_g = d->n_g, .n_m = d->n_m, .units = d->units, .weight = d->weight, .scaled = d->scaled};
    size_t bm, bg;
    const ingroei_status rc = ig_au_lines(&in, (ig_dec){1, 0}, md->basis, totals, NULL, &bm, &bg);
    free(totals);
    if (rc != INGROEI_OK)
        return ig_fail(err, INGROEI_ERR_NUMERIC, md->v.model->file, 0, 0,
                       "the uitkeringsbasis of a gemeente does not fit in whole euros");
    return INGROEI_OK;
}

/* Another maatstaf of gemeente g whose amount is exactly `pub` (not 0), SIZE_MAX none. */
static size_t same_amount(const vf_model *md, long g, size_t not_m, int64_t pub)
{
    const ig_au_data *d = md->v.data;
    if (pub == 0 || g < 0)
        return SIZE_MAX;
    for (size_t m = 0; m < d->n_m; m++)
        if (m != not_m && md->basis[m * d->n_g + (size_t)g] == pub)
            return m;
    return SIZE_MAX;
}

/* Makes st->lines the lines of the table as the circulaire of st->group judges them. */
static ingroei_status judge_begroting(vf_state *st, ingroei_error *err)
{
    st->lines.n = 0;
    for (size_t i = 0; i < st->raw.n; i++) {
        const vf_raw *r = &st->raw.v[i];
        vf_line *l = add_line(st);
        if (!l)
            return ig_fail(err, INGROEI_ERR_NOMEM, st->t.file, 0, 0, "out of memory");
        *l = (vf_line){.line = r->line,
                       .g = -1,
                       .item = SIZE_MAX,
                       .year = r->year,
                       .published = r->published,
                       .pub = r->pub,
                       .raw = i,
                       .model = SIZE_MAX,
                       .other = SIZE_MAX};
        size_t k = SIZE_MAX;
        for (size_t j = 0; j < st->n_group && k == SIZE_MAX; j++)
            if (st->models[st->group[j]].v.model->uitkeringsjaar == r->year)
                k = st->group[j];
        if (k == SIZE_MAX) {
            l->verdict = VF_UNCHECKED;
            l->why = WHY_YEAR;
            continue;
        }
        const vf_model *md = &st->models[k];
        const ig_au_data *d = md->v.data;
        l->g = gemeente_in(md, st->gems.v[r->gem].fold);
        if (l->g < 0) {
            l->verdict = VF_UNCHECKED;
            l->why = WHY_GEMEENTE;
            continue;
        }
        l->item = resolve_label(st, d, r->fold, &l->why);
        if (l->item == SIZE_MAX) {
            l->verdict = VF_UNKNOWN;
            l->other = same_amount(md, l->g, SIZE_MAX, l->pub);
            continue;
        }
        l->model = k;
        const size_t at = l->item * d->n_g + (size_t)l->g;
        l->engine = md->basis[at];
        if (__builtin_sub_overflow(l->pub, l->engine, &l->diff))
            return ig_fail(err, INGROEI_ERR_NUMERIC, st->t.file, r->line, 0,
                           "the difference with the circulaire does not fit in whole euros");
        if (l->diff != 0) {
            l->implied_ok = implied_volume(l->pub, d->weight[l->item], d->units[at], &l->implied,
                                           &l->implied_diff);
            if (st->unit > 1) {
                /* printed in thousands: rounding when the circulaire's amount, rounded to
                 * thousands (half away from zero), is the printed one: within 500 euro */
                const int64_t u = st->unit, e = l->engine;
                const int64_t k = (e < 0 ? -((-e + u / 2) / u) : (e + u / 2) / u);
                l->rounding_ok = k * u == l->pub;
            } else {
                l->rounding_ok = l->implied_ok && (l->diff == 1 || l->diff == -1) &&
                                 l->implied_diff.mant == 0;
            }
            if (!l->rounding_ok)
                l->other = same_amount(md, l->g, l->item, l->pub);
        }
    }
    return begroting_duplicates(st, err);
}
/* ---- Analysedata files ---------------------------------------------------------------- */

/* Maps the file's columns onto the model's clusters and Totaal. */
static ingroei_status analysedata_columns(vf_state *st, ingroei_error *err)
{
    const ig_au_data *d = st->v.data;
    const ig_csv *t = &st->t;
    if (!(st->col = calloc(d->n_c + 1, sizeof *st->col)))
        return ig_fail(err, INGROEI_ERR_NOMEM, t->file, 0, 0, "out of memory");
    for (size_t k = 0; k <= d->n_c; k++)
        st->col[k] = SIZE_MAX;
    for (size_t h = 2; h < t->n_cols; h++) {
        size_t k = SIZE_MAX;
        if (strcmp(t->header[h], "Totaal") == 0)
            k = d->n_c;
        for (size_t c = 0; c < d->n_c && k == SIZE_MAX; c++)
            if (same_cluster(t->header[h], d->clusters[c]))
                k = c;
        if (k == SIZE_MAX || st->col[k] != SIZE_MAX)
            return ig_fail(err, INGROEI_ERR_DATA, t->file, t->header_line, 0,
                           "column %zu '%s' is %s", h + 1, t->header[h],
                           k == SIZE_MAX ? "not a cluster of the model, nor Totaal"
                                         : "there twice");
        st->col[k] = h;
    }
    for (size_t k = 0; k <= d->n_c; k++)
        if (st->col[k] == SIZE_MAX)
            return ig_fail(err, INGROEI_ERR_DATA, t->file, t->header_line, 0, "no column for %s",
                           k < d->n_c ? d->clusters[k] : "Totaal");
    return INGROEI_OK;
}

/* The amount of gemeente g in column k without the left-out maatstaf, unrounded, in
 * millionths of a euro: each line units x weight x factor to the millionth, half away
 * from zero, with the core's exact product. */
static bool unrounded_micro(const vf_state *st, size_t g, size_t k, int64_t *out)
{
    const ig_au_data *d = st->v.data;
    const ig_dec uf = st->v.uf;
    if (uf.mant > INT64_MAX / 1000000)
        return false;
    const ig_dec scaled = {uf.mant * 1000000, uf.scale}, unscaled = {1000000, 0};
    int64_t sum = 0;
    for (size_t m = 0; m < d->n_m; m++) {
        if (m == st->mv)
            continue;
        const ig_dec w = k < d->n_c ? d->cluster_weight[k * d->n_m + m] : d->weight[m];
        int64_t x;
        if (!ig_dec_mul_round(d->units[m * d->n_g + g], w, d->scaled[m] ? scaled : unscaled, &x) ||
            __builtin_add_overflow(sum, x, &sum))
            return false;
    }
    *out = sum;
    return true;
}

/* Millionths to whole euros, half away from zero. */
static int64_t micro_to_euro(int64_t x)
{
    return (int64_t)div_round(x, 1000000);
}

/* Fills the parts of one Analysedata line from the circulaire's figure `e`, its line
 * of the left-out maatstaf `vast`, the unrounded amount without that maatstaf `micro`
 * (millionths) and the published figure l->pub: diff = -vast - rounding + rest. False
 * when a part does not fit in int64. */
static bool explain(vf_line *l, int64_t e, int64_t vast, int64_t micro)
{
    const int64_t x = micro_to_euro(micro);
    int64_t t;
    l->engine = e;
    l->vast = vast;
    return !__builtin_sub_overflow(e, vast, &t) && !__builtin_sub_overflow(t, x, &l->rounding) &&
           !__builtin_sub_overflow(l->pub, e, &l->diff) &&
           !__builtin_sub_overflow(l->pub, x, &l->rest) && l->vast != INT64_MIN &&
           l->rounding != INT64_MIN;
}

static ingroei_status read_analysedata(vf_state *st, ingroei_error *err)
{
    const ig_au_data *d = st->v.data;
    const ig_csv *t = &st->t;
    const char *vast = st->q->vast_maatstaf ? st->q->vast_maatstaf : "vast";
    st->mv = SIZE_MAX;
    for (size_t m = 0; m < d->n_m; m++)
        if (strcmp(d->maatstaven[m], vast) == 0)
            st->mv = m;
    if (st->mv == SIZE_MAX)
        return ig_fail(err, INGROEI_ERR_DATA, st->v.model->file, 0, 0,
                       "the model has no maatstaf '%s', the vast bedrag that Analysedata files "
                       "leave out",
                       vast);
    ingroei_status rc = analysedata_columns(st, err);
    if (rc != INGROEI_OK)
        return rc;
    const size_t n_k = d->n_c + 1;
    int *seen = calloc(d->n_g + 1, sizeof *seen);
    int64_t *nat = calloc(2 * n_k, sizeof *nat); /* national vast and unrounded sums */
    if (!seen || !nat) {
        free(seen);
        free(nat);
        return ig_fail(err, INGROEI_ERR_NOMEM, t->file, 0, 0, "out of memory");
    }
    size_t national = SIZE_MAX; /* row of "Nederland" */
    char msg[900];
    for (size_t i = 0; i < t->n_rows && rc == INGROEI_OK; i++) {
        char **f = t->rows[i];
        long g = -1;
        for (size_t j = 0; j < d->n_g && g < 0; j++)
            if (strcmp(d->names[j], f[1]) == 0)
                g = (long)j;
        const bool is_nat = g < 0 && strcmp(f[1], "Nederland") == 0 && national == SIZE_MAX;
        if (g < 0 && !is_nat) {
            snprintf(msg, sizeof msg, "'%s' is not a gemeente of %s", f[1], st->v.model->volumes);
            rc = cell_fail(st, i, 1, msg, err);
            break;
        }
        if (g >= 0 && seen[g]) {
            rc = ig_fail(err, INGROEI_ERR_DATA, t->file, t->row_line[i], t->row_col[i][1],
                         "%s is listed twice (also on line %d)", f[1], seen[g]);
            break;
        }
        if (is_nat) {
            national = i;
            continue;
        }
        seen[g] = t->row_line[i];
        for (size_t k = 0; k < n_k && rc == INGROEI_OK; k++) {
            const size_t h = st->col[k];
            double x;
            if (!ig_parse_double(f[h], &x) || !(fabs(x) < 0x1p52)) {
                snprintf(msg, sizeof msg, "%s: expected a number, got '%s'", t->header[h], f[h]);
                rc = cell_fail(st, i, (int)h, msg, err);
                break;
            }
            vf_line *l = add_line(st);
            int64_t micro = 0;
            if (!l)
                rc = ig_fail(err, INGROEI_ERR_NOMEM, t->file, 0, 0, "out of memory");
            else if (!unrounded_micro(st, (size_t)g, k, &micro))
                rc = ig_fail(err, INGROEI_ERR_NUMERIC, st->v.model->file, 0, 0,
                             "the amounts of %s do not fit in millionths of a euro", d->codes[g]);
            if (rc != INGROEI_OK)
                break;
            const size_t ng = d->n_g, nm = d->n_m;
            const int64_t e = k < d->n_c ? st->v.clusters[k * ng + (size_t)g] : st->v.totals[g];
            const int64_t v = k < d->n_c ? st->v.cluster_lines[(k * nm + st->mv) * ng + (size_t)g]
                                         : st->v.lines[st->mv * ng + (size_t)g];
            l->line = t->row_line[i];
            l->g = g;
            l->item = k;
            l->published = f[h];
            l->pub = ig_round(x);
            if (!explain(l, e, v, micro))
                rc = ig_fail(err, INGROEI_ERR_NUMERIC, t->file, t->row_line[i], 0,
                             "the difference for %s does not fit in whole euros", f[1]);
        }
    }
    /* The gemeenten the file lacks, and the national row. */
    for (size_t g = 0; g < d->n_g && rc == INGROEI_OK; g++) {
        if (seen[g])
            continue;
        vf_line *l = add_line(st);
        if (!l) {
            rc = ig_fail(err, INGROEI_ERR_NOMEM, t->file, 0, 0, "out of memory");
            break;
        }
        l->g = (long)g;
        l->item = d->n_c;
        l->verdict = VF_UNCHECKED;
        l->engine = st->v.totals[g];
    }
    /* The national row against the circulaire's national figures: its vast bedrag and
     * unrounded amount over every gemeente of the model, so that a gemeente the file
     * lacks shows in the rest. */
    for (size_t g = 0; g < d->n_g && rc == INGROEI_OK && national != SIZE_MAX; g++)
        for (size_t k = 0; k < n_k && rc == INGROEI_OK; k++) {
            const size_t ng = d->n_g, nm = d->n_m;
            const int64_t v = k < d->n_c ? st->v.cluster_lines[(k * nm + st->mv) * ng + g]
                                         : st->v.lines[st->mv * ng + g];
            int64_t micro;
            if (!unrounded_micro(st, g, k, &micro) || __builtin_add_overflow(nat[k], v, &nat[k]) ||
                __builtin_add_overflow(nat[n_k + k], micro, &nat[n_k + k]))
                rc = ig_fail(err, INGROEI_ERR_NUMERIC, st->v.model->file, 0, 0,
                             "the national amounts do not fit in millionths of a euro");
        }
    for (size_t k = 0; k < n_k && rc == INGROEI_OK && national != SIZE_MAX; k++) {
        const size_t h = st->col[k];
        double x;
        vf_line *l = NULL;
        if (!ig_parse_double(t->rows[national][h], &x) || !(fabs(x) < 0x1p60)) {
            snprintf(msg, sizeof msg, "%s: expected a number, got '%s'", t->header[h],
                     t->rows[national][h]);
            rc = cell_fail(st, national, (int)h, msg, err);
        } else if (!(l = add_line(st))) {
            rc = ig_fail(err, INGROEI_ERR_NOMEM, t->file, 0, 0, "out of memory");
        } else {
            l->line = t->row_line[national];
            l->g = -1;
            l->item = k;
            l->published = t->rows[national][h];
            l->pub = ig_round(x);
            if (!explain(l, k < d->n_c ? st->v.cluster_national[k] : st->v.total, nat[k],
                         nat[n_k + k]))
                rc = ig_fail(err, INGROEI_ERR_NUMERIC, t->file, l->line, 0,
                             "the national difference does not fit in whole euros");
        }
    }
    free(seen);
    free(nat);
    return rc;
}

/* ---- format, verdicts, outputs -------------------------------------------------------- */

/* Analysedata files start (after '#' comments) with the header ";Gemeenten;". */
static ingroei_status detect_format(const char *file, ingroei_verify_format *out,
                                    ingroei_error *err)
{
    char *data = NULL;
    size_t len = 0;
    ingroei_status rc = ig_read_file_max(file, IG_MAX_CSV_BYTES, "a CSV file", &data, &len, err);
    if (rc != INGROEI_OK)
        return rc;
    const char *p = data, *end = data + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end && (*p == '#' || *p == '\n' || *p == '\r')) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    static const char head[] = ";Gemeenten;";
    *out = (size_t)(end - p) >= sizeof head - 1 && memcmp(p, head, sizeof head - 1) == 0
               ? INGROEI_VERIFY_ANALYSEDATA
               : INGROEI_VERIFY_BEGROTING;
    free(data);
    return INGROEI_OK;
}

/* The model data behind a line: its own model's in a begroting table. */
static const ig_au_data *line_data(const vf_state *st, const vf_line *l)
{
    if (st->format == INGROEI_VERIFY_BEGROTING)
        return l->model != SIZE_MAX ? st->models[l->model].v.data : NULL;
    return st->v.data;
}

static const char *line_code(const vf_state *st, const vf_line *l)
{
    if (st->format == INGROEI_VERIFY_BEGROTING)
        return st->gems.v[st->raw.v[l->raw].gem].code;
    return l->g >= 0 ? st->v.data->codes[l->g] : "";
}

static const char *line_name(const vf_state *st, const vf_line *l)
{
    if (st->format == INGROEI_VERIFY_BEGROTING)
        return st->gems.v[st->raw.v[l->raw].gem].name;
    return l->g >= 0 ? st->v.data->names[l->g] : "Nederland";
}

static const char *line_item(const vf_state *st, const vf_line *l)
{
    const ig_au_data *d = line_data(st, l);
    if (st->format == INGROEI_VERIFY_BEGROTING)
        return d && l->item != SIZE_MAX ? d->maatstaven[l->item] : "";
    return l->item < d->n_c ? d->clusters[l->item] : "Totaal";
}

/* Judges every checked line and fills the summary's counts. */
static ingroei_status judge(vf_state *st, ingroei_error *err)
{
    ingroei_verify_summary *s = st->s;
    const bool begroting = st->format == INGROEI_VERIFY_BEGROTING;
    const size_t n_g = begroting ? st->gems.n : st->v.data->n_g;
    /* per gemeente: 1 = a checked line, 3 = also one that is not gelijk */
    unsigned char *state = calloc(n_g + 1, 1);
    if (!state)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < st->lines.n; i++) {
        vf_line *l = &st->lines.v[i];
        if (l->verdict != VF_UNCHECKED && l->verdict != VF_UNKNOWN) {
            const int64_t judged = begroting ? l->diff : l->rest;
            const int64_t size = judged < 0 ? -judged : judged;
            l->verdict = size == 0                  ? VF_EQUAL
                         : l->rounding_ok           ? VF_ROUNDING
                         : size <= st->q->tolerance ? VF_WITHIN
                                                    : VF_OFF;
            /* the national row is a sum of the others: not "where" the largest is */
            if (l->g >= 0 && size > llabs(s->largest_diff)) {
                s->largest_diff = judged;
                snprintf(s->largest_code, sizeof s->largest_code, "%s", line_code(st, l));
                snprintf(s->largest_item, sizeof s->largest_item, "%s", line_item(st, l));
                s->largest_year = begroting ? l->year : st->v.model->uitkeringsjaar;
            }
            const size_t gi = begroting ? st->raw.v[l->raw].gem : (size_t)l->g;
            if (l->g >= 0)
                state[gi] |= (unsigned char)(l->verdict == VF_EQUAL ? 1 : 3);
        }
        s->n_lines++;
        switch (l->verdict) {
        case VF_EQUAL: s->n_equal++; break;
        case VF_ROUNDING: s->n_rounding++; break;
        case VF_WITHIN: s->n_within++; break;
        case VF_OFF: s->n_off++; break;
        case VF_UNKNOWN: s->n_unknown++; break;
        case VF_UNCHECKED: s->n_unchecked++; break;
        case VF_N: break;
        }
        if (!begroting && l->g >= 0 && l->item == st->v.data->n_c)
            s->vast_total += l->verdict == VF_UNCHECKED ? 0 : l->vast;
    }
    for (size_t g = 0; g < n_g; g++) {
        s->n_gemeenten += state[g] != 0;
        s->n_gemeenten_equal += state[g] == 1;
    }
    free(state);
    return INGROEI_OK;
}

/* Why a line was not checked, is onbekend, or what else explains it. */
static void line_reason(ig_buf *b, const vf_state *st, const vf_line *l)
{
    if (st->format != INGROEI_VERIFY_BEGROTING) {
        if (l->verdict == VF_UNCHECKED)
            ig_buf_puts(b, "the gemeente is not in the published file");
        return;
    }
    const vf_raw *r = &st->raw.v[l->raw];
    const vf_model *md = l->model != SIZE_MAX ? &st->models[l->model] : NULL;
    const vf_model *any = &st->models[st->group[0]];
    switch (l->why) {
    case WHY_YEAR:
        ig_buf_printf(b, "uitkeringsjaar %d is not in the circulaire (%s, uitkeringsjaar", l->year,
                      any->v.model->circulaire);
        for (size_t j = 0; j < st->n_group; j++)
            ig_buf_printf(b, "%s %d", j ? "," : "",
                          st->models[st->group[j]].v.model->uitkeringsjaar);
        ig_buf_puts(b, ")");
        break;
    case WHY_GEMEENTE: ig_buf_puts(b, "the gemeente is not in this circulaire's volumes"); break;
    case WHY_NO_LABEL: ig_buf_puts(b, "no label"); break;
    case WHY_UNKNOWN:
        ig_buf_printf(b, "'%s' names no maatstaf; nearest: ", r->label);
        near_labels(b, st, r->fold);
        break;
    case WHY_AMBIGUOUS:
        ig_buf_printf(b, "'%s' names more than one maatstaf: ", r->label);
        near_labels(b, st, r->fold);
        break;
    case WHY_ELSEWHERE:
        ig_buf_printf(b, "'%s' is a maatstaf of another circulaire, not of %s: ", r->label,
                      any->v.model->circulaire);
        near_labels(b, st, r->fold);
        break;
    case WHY_NONE: break;
    }
    if (l->verdict == VF_ROUNDING && md && st->unit > 1)
        ig_buf_printf(b, "printed in units of %lld euro: the circulaire's amount rounds to the "
                         "printed one",
                      (long long)st->unit);
    else if (l->verdict == VF_ROUNDING && md)
        ig_buf_printf(b, "off by 1 euro: the implied volume rounds to the circulaire's");
    if (l->other != SIZE_MAX) {
        /* the model that knows the gemeente in this year */
        const vf_model *mm = md;
        for (size_t j = 0; j < st->n_group && !mm; j++)
            if (st->models[st->group[j]].v.model->uitkeringsjaar == l->year)
                mm = &st->models[st->group[j]];
        if (mm)
            ig_buf_printf(b, "%sthe amount is exactly that of maatstaf %s (%s)", b->len ? "; " : "",
                          mm->v.data->maatstaven[l->other], mm->v.data->descriptions[l->other]);
    }
    if (l->verdict == VF_OFF && md && !l->implied_ok)
        ig_buf_printf(b, "%sno volume is implied (weight 0, or out of range)", b->len ? "; " : "");
}

/* The model whose gemeente data name the `other` maatstaf of a line. */
static const ig_au_data *other_data(const vf_state *st, const vf_line *l)
{
    if (l->model != SIZE_MAX)
        return st->models[l->model].v.data;
    for (size_t j = 0; j < st->n_group; j++)
        if (st->models[st->group[j]].v.model->uitkeringsjaar == l->year)
            return st->models[st->group[j]].v.data;
    return NULL;
}

/* The row's last two cells, oordeel and toelichting (made in `why`). */
static void verdict_cells(ig_cell *cells, ig_buf *why, const vf_state *st, const vf_line *l)
{
    cells[0] = IG_TEXT(verdict_name[l->verdict]);
    line_reason(why, st, l);
    cells[1] = IG_TEXT(why->data ? why->data : "");
}

static const ig_column begroting_out[] = {
    {"regel", IG_XL_PLAIN},
    {"gemeentecode", IG_XL_TEXT},
    {"gemeentenaam", IG_XL_TEXT},
    {"label", IG_XL_TEXT},
    {"maatstaf", IG_XL_TEXT},
    {"omschrijving", IG_XL_TEXT},
    {"jaar", IG_XL_PLAIN},
    {"eenheden", IG_XL_DECIMAL},
    {"gewicht", IG_XL_DECIMAL},
    {"circulaire", IG_XL_EURO},
    {"gepubliceerd", IG_XL_EURO},
    {"verschil", IG_XL_EURO},
    {"eenheden_gepubliceerd", IG_XL_DECIMAL},
    {"verschil_eenheden", IG_XL_DECIMAL},
    {"gelijk_aan", IG_XL_TEXT},
    {"oordeel", IG_XL_TEXT},
    {"toelichting", IG_XL_LONG},
};

static void begroting_cells(const void *ctx, size_t i, ig_cell *cells, ig_buf *text)
{
    const vf_state *st = ctx;
    const vf_line *l = &st->lines.v[i];
    const ig_au_data *d = line_data(st, l);
    cells[0] = IG_INT(l->line);
    cells[1] = IG_TEXT(line_code(st, l));
    cells[2] = IG_TEXT(line_name(st, l));
    cells[3] = IG_TEXT(st->raw.v[l->raw].label);
    cells[6] = IG_INT(l->year);
    cells[10] = IG_INT(l->pub);
    if (d) {
        const size_t at = l->item * d->n_g + (size_t)l->g;
        cells[4] = IG_TEXT(d->maatstaven[l->item]);
        cells[5] = IG_TEXT(d->descriptions[l->item]);
        cells[7] = IG_DEC(d->units[at]);
        cells[8] = IG_DEC(d->weight[l->item]);
        cells[9] = IG_INT(l->engine);
        cells[11] = IG_INT(l->diff);
    }
    if (l->implied_ok) {
        cells[12] = IG_DEC(l->implied);
        cells[13] = IG_DEC(l->implied_diff);
    }
    const ig_au_data *od = l->other != SIZE_MAX ? other_data(st, l) : NULL;
    cells[14] = IG_TEXT(od ? od->maatstaven[l->other] : "");
    verdict_cells(cells + 15, &text[0], st, l);
}

static const ig_column analysedata_out[] = {
    {"regel", IG_XL_PLAIN},
    {"gemeentecode", IG_XL_TEXT},
    {"gemeentenaam", IG_XL_TEXT},
    {"onderdeel", IG_XL_TEXT},
    {"circulaire", IG_XL_EURO},
    {"gepubliceerd", IG_XL_CENTS},
    {"gepubliceerd_euro", IG_XL_EURO},
    {"verschil", IG_XL_EURO},
    {"waarvan_vast_bedrag", IG_XL_EURO},
    {"waarvan_afronding", IG_XL_EURO},
    {"rest", IG_XL_EURO},
    {"oordeel", IG_XL_TEXT},
    {"toelichting", IG_XL_LONG},
};

static void analysedata_cells(const void *ctx, size_t i, ig_cell *cells, ig_buf *text)
{
    const vf_state *st = ctx;
    const ig_au_data *d = st->v.data;
    const vf_line *l = &st->lines.v[i];
    if (l->line)
        cells[0] = IG_INT(l->line);
    cells[1] = IG_TEXT(line_code(st, l));
    cells[2] = IG_TEXT(l->g >= 0 ? d->names[l->g] : "Nederland");
    cells[3] = IG_TEXT(line_item(st, l));
    cells[4] = IG_INT(l->engine);
    if (l->verdict != VF_UNCHECKED) {
        cells[5] = IG_NUMBER_TEXT(l->published);
        cells[6] = IG_INT(l->pub);
        cells[7] = IG_INT(l->diff);
        cells[8] = IG_INT(-l->vast);
        cells[9] = IG_INT(-l->rounding);
        cells[10] = IG_INT(l->rest);
    }
    verdict_cells(cells + 11, &text[0], st, l);
}

/* verify.csv and the workbook's sheet: the table of the format that was read. */
static ig_audit_table verify_table(const vf_state *st)
{
    const bool begroting = st->format == INGROEI_VERIFY_BEGROTING;
    return (ig_audit_table){
        "verify.csv",
        "Toetsing",
        begroting ? "Per regel van de gepubliceerde tabel: het bedrag volgens de circulaire "
                    "(eenheden x gewicht, voor de uitkeringsfactor), het verschil en het oordeel"
                  : "Per gemeente en cluster: het bedrag volgens de circulaire, het "
                    "gepubliceerde, het verschil (waarvan vast bedrag en afronding) en het oordeel",
        NULL,
        begroting ? begroting_out : analysedata_out,
        begroting ? sizeof begroting_out / sizeof *begroting_out
                  : sizeof analysedata_out / sizeof *analysedata_out,
        3,
        st->lines.n,
        begroting ? begroting_cells : analysedata_cells,
        st};
}

static void json_model(ig_buf *b, const ig_au_view *v)
{
    const ig_au_model *m = v->model;
    ig_buf_puts(b, "{\"file\": ");
    ig_json_string(b, m->file);
    ig_buf_puts(b, ", \"sha256\": ");
    ig_json_string(b, m->sha256);
    ig_buf_puts(b, ", \"name\": ");
    ig_json_string(b, m->name);
    ig_buf_puts(b, ", \"circulaire\": ");
    ig_json_string(b, m->circulaire);
    ig_buf_printf(b, ", \"uitkeringsjaar\": %d, \"uitkeringsfactor\": ", m->uitkeringsjaar);
    ig_put_dec(b, v->uf);
    ig_buf_puts(b, ",\n            \"weights\": ");
    ig_json_string(b, m->weights);
    ig_buf_puts(b, ", \"weights_sha256\": ");
    ig_json_string(b, v->data->weights_sha256);
    ig_buf_puts(b, ",\n            \"volumes\": ");
    ig_json_string(b, m->volumes);
    ig_buf_puts(b, ", \"volumes_sha256\": ");
    ig_json_string(b, v->data->volumes_sha256);
    ig_buf_puts(b, "}");
}

static void json_counts(ig_buf *b, size_t equal, size_t rounding, size_t within, size_t off,
                        size_t unknown, size_t unchecked)
{
    ig_buf_printf(b,
                  "{\"gelijk\": %zu, \"afronding\": %zu, \"binnen_tolerantie\": %zu, "
                  "\"afwijkend\": %zu, \"onbekend\": %zu, \"niet_getoetst\": %zu}",
                  equal, rounding, within, off, unknown, unchecked);
}

static void build_json(ig_buf *b, const void *ctx)
{
    const vf_state *st = ctx;
    const ingroei_verify_summary *s = st->s;
    const bool begroting = st->format == INGROEI_VERIFY_BEGROTING;
    ig_json_receipt_begin(b);
    ig_buf_puts(b, ",\n  \"model\": ");
    json_model(b, begroting ? &st->models[st->group[0]].v : &st->v);
    if (begroting) {
        ig_buf_puts(b, ",\n  \"models\": [");
        for (size_t j = 0; j < st->n_group; j++) {
            ig_buf_puts(b, j ? ",\n    " : "\n    ");
            json_model(b, &st->models[st->group[j]].v);
        }
        ig_buf_puts(b, "]");
    }
    ig_buf_puts(b, ",\n  \"published\": {\"file\": ");
    ig_json_string(b, st->t.file);
    ig_buf_puts(b, ", \"sha256\": ");
    ig_json_string(b, st->t.sha256);
    ig_buf_puts(b, ", \"format\": ");
    ig_json_string(b, begroting ? "begroting" : "analysedata");
    if (begroting) {
        ig_buf_puts(b, ", \"separator\": ");
        ig_json_string(b, st->sep == ';' ? ";" : st->sep == '\t' ? "\t" : ",");
        ig_buf_puts(b, ", \"sheet\": ");
        if (st->sheet)
            ig_json_string(b, st->sheet);
        else
            ig_buf_puts(b, "null");
        ig_buf_printf(b, ", \"unit\": %lld, \"title\": ", (long long)st->unit);
        if (st->title)
            ig_json_string(b, st->title);
        else
            ig_buf_puts(b, "null");
        ig_buf_puts(b, ", \"gemeente\": ");
        if (st->q->gemeente)
            ig_json_string(b, st->q->gemeente);
        else
            ig_buf_puts(b, "null");
    }
    ig_buf_printf(b, "},\n  \"tolerance\": %lld,\n  \"rule\": ", (long long)st->q->tolerance);
    if (begroting)
        ig_json_string(b, "circulaire = round(units x weight) in whole euros, half away from "
                          "zero, before the uitkeringsfactor; verschil = gepubliceerd - "
                          "circulaire; eenheden_gepubliceerd = gepubliceerd / weight with the "
                          "decimals of the circulaire's volume; gelijk when verschil is 0, "
                          "afronding when it is 1 euro at most and eenheden_gepubliceerd is "
                          "the circulaire's volume, onbekend when the label names no maatstaf "
                          "of the circulaire, else afwijkend (binnen_tolerantie within the "
                          "tolerance); gelijk_aan names another maatstaf of the gemeente whose "
                          "amount is exactly the published one");
    else {
        ig_buf rule = {0};
        ig_buf_printf(&rule,
                      "circulaire = the amount as 'ingroei au' computes it (sum of lines "
                      "rounded to whole euros); gepubliceerd_euro = the published figure "
                      "rounded to whole euros; verschil = gepubliceerd_euro - circulaire = "
                      "waarvan_vast_bedrag (minus the line of maatstaf %s, which the file "
                      "leaves out) + waarvan_afronding (minus the per-line rounding of the "
                      "other lines) + rest; the verdict judges rest",
                      st->v.data->maatstaven[st->mv]);
        ig_json_string(b, rule.data ? rule.data : "");
        b->failed = b->failed || rule.failed;
        ig_buf_free(&rule);
    }
    ig_buf_puts(b, ",\n  \"unchecked\": ");
    ig_json_string(b, begroting ? "lines for a year the circulaire has no au-model for, or a "
                                  "gemeente its volumes lack, are niet_getoetst: listed and "
                                  "counted, not compared"
                                : "gemeenten of the model that the file lacks are niet_getoetst");
    if (begroting) {
        ig_buf_puts(b, ",\n  \"best_circulaire\": ");
        ig_json_string(b, s->best_circulaire);
        ig_buf_puts(b, ",\n  \"counts\": ");
        json_counts(b, s->n_equal, s->n_rounding, s->n_within, s->n_off, s->n_unknown,
                    s->n_unchecked);
        ig_buf_puts(b, ",\n  \"circulaires\": [");
        for (size_t k = 0; k < s->n_fits; k++) {
            const ingroei_verify_fit *f = &s->fits[k];
            ig_buf_puts(b, k ? ",\n    {\"circulaire\": " : "\n    {\"circulaire\": ");
            ig_json_string(b, f->circulaire);
            ig_buf_printf(b, ", \"models\": %zu, \"counts\": ", f->n_models);
            json_counts(b, f->n_equal, f->n_rounding, f->n_within, f->n_off, f->n_unknown,
                        f->n_unchecked);
            ig_buf_puts(b, "}");
        }
        ig_buf_puts(b, "]");
    }
    ig_buf_printf(b,
                  ",\n  \"lines\": %zu,\n  \"gelijk\": %zu,\n  \"afronding\": %zu,\n"
                  "  \"binnen_tolerantie\": %zu,\n  \"afwijkend\": %zu,\n  \"onbekend\": %zu,\n"
                  "  \"niet_getoetst\": %zu,\n  \"gemeenten\": %zu,\n"
                  "  \"gemeenten_gelijk\": %zu,\n",
                  s->n_lines, s->n_equal, s->n_rounding, s->n_within, s->n_off, s->n_unknown,
                  s->n_unchecked, s->n_gemeenten, s->n_gemeenten_equal);
    if (!begroting)
        ig_buf_printf(b, "  \"vast_bedrag\": %lld,\n", (long long)s->vast_total);
    ig_buf_puts(b, "  \"grootste_verschil\": ");
    if (s->largest_diff == 0)
        ig_buf_puts(b, "null\n}\n");
    else {
        ig_buf_puts(b, "{\"gemeente\": ");
        ig_json_string(b, s->largest_code);
        ig_buf_puts(b, begroting ? ", \"maatstaf\": " : ", \"onderdeel\": ");
        ig_json_string(b, s->largest_item);
        ig_buf_printf(b, ", \"jaar\": %d, \"euro\": %lld}\n}\n", s->largest_year,
                      (long long)s->largest_diff);
    }
}

/* Lists the onbekend lines in the summary, "file:line:column: why". */
static void list_unknown(vf_state *st)
{
    ingroei_verify_summary *s = st->s;
    ig_buf b = {0}, why = {0};
    ig_buf_putn(&b, "", 0);
    for (size_t i = 0; i < st->lines.n; i++) {
        const vf_line *l = &st->lines.v[i];
        /* once per row of a wide table */
        if (l->verdict != VF_UNKNOWN || (i > 0 && st->lines.v[i - 1].verdict == VF_UNKNOWN &&
                                         st->lines.v[i - 1].line == l->line))
            continue;
        why.len = 0;
        ig_buf_putn(&why, "", 0);
        line_reason(&why, st, l);
        ig_buf_printf(&b, "%s:%d:%d: %s\n", st->t.file, l->line, st->raw.v[l->raw].label_col,
                      why.data ? why.data : "");
    }
    if (!b.failed && b.data) {
        snprintf(s->problems, sizeof s->problems, "%s", b.data);
        if (b.len >= sizeof s->problems)
            memcpy(s->problems + sizeof s->problems - 5, "...\n", 5);
    }
    ig_buf_free(&b);
    ig_buf_free(&why);
}

/* ---- the models tried ------------------------------------------------------------------ */

static ingroei_status load_models(vf_state *st, ingroei_error *err)
{
    const ingroei_verify_query *q = st->q;
    ingroei_status rc = INGROEI_OK;
    if (q->model) {
        st->model_files = malloc(sizeof *st->model_files);
        if (!st->model_files || !(st->model_files[0] = ig_strdup(q->model)))
            return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        st->n_model_files = 1;
    } else {
        rc = ig_list_files(q->circulaires, "au_", ".yaml", &st->model_files, &st->n_model_files,
                           err);
        if (rc == INGROEI_OK && st->n_model_files == 0)
            rc = ig_fail(err, INGROEI_ERR_USAGE, q->circulaires, 0, 0,
                         "no au-models (au_*.yaml) here to try");
        if (rc == INGROEI_OK && st->n_model_files > INGROEI_VERIFY_MAX_FITS)
            rc = ig_fail(err, INGROEI_ERR_USAGE, q->circulaires, 0, 0,
                         "more than %d au-models to try", INGROEI_VERIFY_MAX_FITS);
    }
    if (rc == INGROEI_OK && !(st->models = calloc(st->n_model_files, sizeof *st->models)))
        rc = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t k = 0; k < st->n_model_files && rc == INGROEI_OK; k++) {
        vf_model *md = &st->models[k];
        rc = ingroei_au_new(&md->au, st->model_files[k], NULL, err);
        if (rc != INGROEI_OK)
            break;
        st->n_models++;
        ig_au_view_of(md->au, &md->v);
    }
    if (rc == INGROEI_OK)
        st->v = st->models[0].v;
    return rc;
}

static ingroei_status prepare_models(vf_state *st, ingroei_error *err)
{
    ingroei_status rc = INGROEI_OK;
    for (size_t k = 0; k < st->n_models && rc == INGROEI_OK; k++) {
        vf_model *md = &st->models[k];
        const ig_au_data *d = md->v.data;
        rc = model_basis(md, err);
        if (rc == INGROEI_OK && !(md->gfold = calloc(2 * d->n_g + 1, sizeof *md->gfold)))
            rc = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        for (size_t g = 0; g < d->n_g && rc == INGROEI_OK; g++)
            if (!(md->gfold[g] = ig_fold(d->codes[g])) ||
                !(md->gfold[d->n_g + g] = ig_fold(d->names[g])))
                rc = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    return rc;
}

static void free_state(vf_state *st)
{
    ig_csv_clear(&st->t);
    free(st->title);
    free(st->sheet);
    free(st->col);
    free(st->lines.v);
    for (size_t k = 0; k < st->n_models; k++) {
        vf_model *md = &st->models[k];
        if (md->gfold)
            ig_free_list(md->gfold, 2 * md->v.data->n_g);
        free(md->basis);
        ingroei_au_free(md->au);
    }
    free(st->models);
    ig_free_list(st->model_files, st->n_model_files);
    for (size_t i = 0; i < st->raw.n; i++)
        free(st->raw.v[i].fold);
    free(st->raw.v);
    for (size_t i = 0; i < st->gems.n; i++)
        free(st->gems.v[i].fold);
    free(st->gems.v);
    for (size_t i = 0; i < st->labels.n; i++) {
        free(st->labels.v[i].fold);
        free(st->labels.v[i].code);
        free(st->labels.v[i].desc);
    }
    free(st->labels.v);
    ig_buf_free(&st->probs);
}

/* Which circulaire fits best: each circulaire (the models that share its name) judges
 * every line; the most lines gelijk or afronding wins, then the fewest afwijkend, then
 * the fewest onbekend, then the first. Leaves st->group and st->lines on the winner. */
static ingroei_status best_circulaire(vf_state *st, size_t *order, ingroei_error *err)
{
    ingroei_verify_summary *s = st->s;
    /* order: the models grouped by circulaire, in the order the circulaires first appear */
    size_t n = 0, starts[INGROEI_VERIFY_MAX_FITS + 1], n_c = 0;
    bool *done = calloc(st->n_models + 1, sizeof *done);
    if (!done)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t k = 0; k < st->n_models; k++) {
        if (done[k])
            continue;
        starts[n_c++] = n;
        for (size_t j = k; j < st->n_models; j++)
            if (!done[j] &&
                strcmp(st->models[j].v.model->circulaire, st->models[k].v.model->circulaire) == 0) {
                done[j] = true;
                order[n++] = j;
            }
    }
    starts[n_c] = n;
    free(done);
    size_t best = 0;
    ingroei_verify_fit fits[INGROEI_VERIFY_MAX_FITS];
    ingroei_status rc = INGROEI_OK;
    for (size_t c = 0; c < n_c && rc == INGROEI_OK; c++) {
        st->group = order + starts[c];
        st->n_group = starts[c + 1] - starts[c];
        memset(s, 0, sizeof *s);
        rc = judge_begroting(st, err);
        if (rc == INGROEI_OK)
            rc = judge(st, err);
        ingroei_verify_fit *f = &fits[c];
        memset(f, 0, sizeof *f);
        snprintf(f->circulaire, sizeof f->circulaire, "%s",
                 st->models[st->group[0]].v.model->circulaire);
        *f = (ingroei_verify_fit){.n_models = st->n_group,
                                  .n_equal = s->n_equal,
                                  .n_rounding = s->n_rounding,
                                  .n_within = s->n_within,
                                  .n_off = s->n_off,
                                  .n_unknown = s->n_unknown,
                                  .n_unchecked = s->n_unchecked};
        snprintf(f->circulaire, sizeof f->circulaire, "%s",
                 st->models[st->group[0]].v.model->circulaire);
        const ingroei_verify_fit *b = &fits[best];
        const size_t fe = f->n_equal + f->n_rounding + f->n_within,
                     be = b->n_equal + b->n_rounding + b->n_within;
        if (c > 0 &&
            (fe > be || (fe == be && (f->n_off < b->n_off ||
                                      (f->n_off == b->n_off && f->n_unknown < b->n_unknown)))))
            best = c;
    }
    if (rc != INGROEI_OK)
        return rc;
    st->group = order + starts[best];
    st->n_group = starts[best + 1] - starts[best];
    memset(s, 0, sizeof *s);
    rc = judge_begroting(st, err);
    if (rc == INGROEI_OK)
        rc = judge(st, err);
    s->n_fits = n_c;
    memcpy(s->fits, fits, n_c * sizeof *fits);
    snprintf(s->best_circulaire, sizeof s->best_circulaire, "%s", fits[best].circulaire);
    s->uitkeringsjaar = st->models[st->group[0]].v.model->uitkeringsjaar;
    return rc;
}

/* verify.csv, verify.json and, when asked, verify.xlsx with the models and the
 * published table on its sheet Bronnen. */
static ingroei_status write_outputs(const vf_state *st, const ingroei_output_options *o,
                                    ingroei_output_report *report, ingroei_error *err)
{
    const bool begroting = st->format == INGROEI_VERIFY_BEGROTING;
    const size_t n_models = begroting ? st->n_group : 1;
    ig_audit_input *inputs = calloc(3 * n_models + 1, sizeof *inputs);
    ig_buf title = {0}, sub = {0};
    ig_buf_printf(&title, "ingroei %s: toetsing van %s", INGROEI_VERSION, st->q->published);
    if (begroting)
        ig_buf_printf(&sub, "Tegen circulaire %s", st->s->best_circulaire);
    else
        ig_buf_printf(&sub, "Tegen %s", st->v.model->name);
    ingroei_status rc;
    if (!inputs || title.failed || sub.failed) {
        rc = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    } else {
        size_t n = 0;
        inputs[n++] = (ig_audit_input){"gepubliceerd", st->t.file, st->t.sha256};
        for (size_t j = 0; j < n_models; j++) {
            const ig_au_view *v = begroting ? &st->models[st->group[j]].v : &st->v;
            inputs[n++] = (ig_audit_input){"model", v->model->file, v->model->sha256};
            inputs[n++] = (ig_audit_input){"gewichten", v->model->weights, v->data->weights_sha256};
            inputs[n++] = (ig_audit_input){"volumes", v->model->volumes, v->data->volumes_sha256};
        }
        static ig_build_fn *const json[] = {build_json};
        static const char *const json_names[] = {"verify.json"};
        const ig_audit_table table = verify_table(st);
        const ig_audit_set set = {"verify.xlsx", title.data, sub.data, &table, 1, json_names,
                                  json, 1, st, inputs, n};
        const ig_audit_options ao = {o->csv_dialect, o->xlsx};
        rc = ig_audit_write(&set, o->dir, &ao, report, err);
    }
    ig_buf_free(&title);
    ig_buf_free(&sub);
    free(inputs);
    return rc;
}

ingroei_status ingroei_verify(const ingroei_verify_query *q, const char *dir,
                              ingroei_verify_summary *s, ingroei_output_report *report,
                              ingroei_error *err)
{
    ingroei_output_options o = INGROEI_OUTPUT_OPTIONS_INIT;
    o.dir = dir;
    return ingroei_verify_with(q, &o, s, report, err);
}

ingroei_status ingroei_verify_with(const ingroei_verify_query *q, const ingroei_output_options *o,
                                   ingroei_verify_summary *s, ingroei_output_report *report,
                                   ingroei_error *err)
{
    const char *dir = o ? o->dir : NULL;
    memset(s, 0, sizeof *s);
    ingroei_output_report local;
    report = ig_report_start(report, &local);
    if (!q || !q->published || !dir || (!q->model && !q->circulaires))
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0,
                       "give an au-model (or the directory of the circulaires), a published "
                       "table and a directory");
    if (q->tolerance < 0)
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0, "the tolerance must not be negative");
    vf_state st = {.q = q, .s = s, .unit = 1};
    size_t *order = NULL;
    ingroei_status rc = load_models(&st, err);
    if (rc == INGROEI_OK)
        rc = detect_format(q->published, &st.format, err);
    if (rc == INGROEI_OK && st.format == INGROEI_VERIFY_ANALYSEDATA) {
        if (st.n_models != 1)
            rc = ig_fail(err, INGROEI_ERR_USAGE, q->published, 0, 0,
                         "an Analysedata file is checked against one au-model: give MODEL.yaml");
        if (rc == INGROEI_OK && q->sheet)
            rc = ig_fail(err, INGROEI_ERR_USAGE, q->published, 0, 0,
                         "an Analysedata file is a CSV file: it has no sheet '%s'", q->sheet);
        if (rc == INGROEI_OK)
            rc = ig_csv_read_sep(&st.t, q->published, ';', err);
        if (rc == INGROEI_OK)
            rc = read_analysedata(&st, err);
        if (rc == INGROEI_OK) {
            s->format = st.format;
            s->uitkeringsjaar = st.v.model->uitkeringsjaar;
            rc = judge(&st, err);
        }
    } else if (rc == INGROEI_OK) {
        ig_table tab;
        rc = ig_table_read_sheet(&tab, q->published, q->sheet, begroting_header, NULL, err);
        if (rc == INGROEI_OK) {
            st.t = tab.csv;
            st.decimal = tab.decimal;
            st.sep = tab.sep;
            st.unit = tab.unit;
            st.title = tab.title; /* the state owns these now */
            st.sheet = tab.sheet;
            rc = prepare_models(&st, err);
        }
        if (rc == INGROEI_OK)
            rc = collect_labels(&st, err);
        if (rc == INGROEI_OK)
            rc = read_begroting(&st, err);
        if (rc == INGROEI_OK && !(order = calloc(st.n_models, sizeof *order)))
            rc = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        if (rc == INGROEI_OK)
            rc = best_circulaire(&st, order, err);
        if (rc == INGROEI_OK) {
            s->format = st.format;
            list_unknown(&st);
        }
    }
    if (rc == INGROEI_OK) {
        rc = write_outputs(&st, o, report, err);
    }
    if (rc != INGROEI_OK) {
        ingroei_verify_summary keep = {0};
        *s = keep;
    }
    free(order);
    free_state(&st);
    if (rc == INGROEI_OK)
        ig_ok(err);
    return rc;
}
