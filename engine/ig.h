/*
 * ig.h - declarations shared inside the library (not installed, not for users):
 * the scenario and model structures, the core computations (pure functions on arrays,
 * no files) and the io helpers. Layers: core/ computes, io/ reads and writes,
 * report/ draws, run.c ties them together; only cli/ talks to a terminal.
 */
#ifndef IG_H
#define IG_H

#include "ingroei.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- errors (util.c) -------------------------------------------------------------- */

/* Fills `err` (when not NULL) and returns `status`. `file` may be NULL; line and
 * column are 1-based or 0 when unknown. */
ingroei_status ig_fail(ingroei_error *err, ingroei_status status, const char *file, int line,
                       int column, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Marks `err` as success. */
void ig_ok(ingroei_error *err);

/* ---- small utilities (util.c) --------------------------------------------------- */

char *ig_strdup(const char *s); /* NULL on NULL or out of memory */
/* strerror(errnum) in lower case, as our messages are, written into buf. */
const char *ig_strerror(int errnum, char *buf, size_t size);
/* dir/rel, or rel when it is absolute, tidied lexically (see ig_path_tidy): file names
 * in scenarios and models resolve like links in a web page, "a/b/../c" is "a/c". */
char *ig_path_join(const char *dir, const char *rel);
/* `path` relative to the directory `base`, lexically ("../models/nl/x.csv"); a copy
 * of the tidied path when that cannot be done. New string, NULL without memory. */
char *ig_path_relative(const char *path, const char *base);
char *ig_dirname(const char *path); /* "." when path has no slash */
/* Rewrites a path in place without "." segments and "name/.." pairs (lexically); a
 * path that tidies to nothing becomes ".". The empty string stays empty (there is no
 * room for "."). */
void ig_path_tidy(char *path);

/* A growable byte buffer; `data` is always NUL-terminated when not NULL. The first
 * failed allocation sets `failed` and makes every later append a no-op. */
typedef struct ig_buf {
    char *data;
    size_t len;
    size_t cap;
    bool failed;  /* an allocation failed */
    bool invalid; /* a number that cannot be written (NaN, infinite, too large) was given */
} ig_buf;

void ig_buf_free(ig_buf *b);
void ig_buf_putn(ig_buf *b, const char *s, size_t n);
void ig_buf_puts(ig_buf *b, const char *s);
void ig_buf_putc(ig_buf *b, char c);
void ig_buf_printf(ig_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- numbers without locale (num.c) --------------------------------------------- */

/* Parses a plain decimal ("-12", "0.25", "1.5e3") as written in YAML and CSV, never
 * with a locale. Returns false when `s` is not entirely such a number or is out of
 * range. Decimals with at most 15 significant digits are converted exactly rounded. */
bool ig_parse_double(const char *s, double *out);
/* Parses a whole number ("1745850000", "-3"); rejects fractions, signs twice, spaces. */
bool ig_parse_int64(const char *s, int64_t *out);

/* An exact decimal as published: value = mant / 10^scale (scale 0..IG_DEC_MAX_SCALE).
 * Weights (2 decimals, OZB rates more), volumes (2 decimals) and the uitkeringsfactor
 * (3 decimals) are kept like this so that a published amount is recomputed without
 * binary rounding: round(units * weight * uf) decides ties exactly. */
#define IG_DEC_MAX_SCALE 12
typedef struct ig_dec {
    int64_t mant;
    int scale;
} ig_dec;
/* Parses plain decimal notation ("-0.0734", "1.414", "31180.00", "7"): an optional
 * sign, digits, optionally a point and at most IG_DEC_MAX_SCALE decimals, at most 18
 * digits in all; no exponent, no spaces. Trailing zeros are kept in the scale. */
bool ig_dec_parse(const char *s, ig_dec *out);
/* The nearest double. */
double ig_dec_value(ig_dec d);
/* Appends the decimal exactly as it was parsed ("-0.0010", "1.414"). */
void ig_put_dec(ig_buf *b, ig_dec d);

/* Appends an integer. */
void ig_put_int(ig_buf *b, int64_t v);
/* Appends x with exactly `decimals` decimals (0..9) and `point` as the decimal
 * separator: x * 10^decimals is computed in double and rounded half away from zero, so
 * 0.15 with one decimal gives "0.2" (the decimal as written, not its binary value).
 * Fails on NaN, Inf or |x| * 10^decimals >= 9e15, and then marks b->invalid. */
bool ig_put_fixed(ig_buf *b, double x, int decimals, char point);
/* Appends x with at most six decimals and no trailing zeros ("0", "-50", "0.125"), for
 * messages. */
void ig_put_decimal(ig_buf *b, double x);
/* Appends the shortest decimal that reads back (ig_parse_double) as exactly x, in any
 * locale ("0.15", "1e-06"); marks b->invalid for NaN and Inf. */
void ig_put_double(ig_buf *b, double x);

/* ---- core: sums and rounding (core/money.c) --------------------------------------- */

/* Neumaier-compensated sum of x[0..n). */
double ig_sum(const double *x, size_t n);
/* Rounds half away from zero into whole units; x must be finite and |x| < 2^62. */
int64_t ig_round(double x);

/* Largest-remainder rounding: out[i] in {floor(x[i]), floor(x[i]) + 1} with
 * sum(out) == target. Units with the largest fractional part get the extra unit first;
 * equal fractions go to the lower index (callers keep gemeenten sorted by code).
 * Requires all x[i] finite and in [0, 2^53), and floor-sum <= target <= floor-sum + n (true
 * whenever sum(x) == target up to rounding errors). Returns INGROEI_ERR_NUMERIC
 * otherwise. `scratch` holds n slots. */
typedef struct ig_lr_slot {
    double frac;
    size_t index;
} ig_lr_slot;

ingroei_status ig_largest_remainder(const double *x, size_t n, int64_t target, int64_t *out,
                                    ig_lr_slot *scratch);

/* Divides w by its compensated sum into shares that add up to 1. Requires every w
 * finite and >= 0 and a positive sum. */
ingroei_status ig_shares(const double *w, size_t n, double *out);

/* ---- core: the path (core/path.c) ------------------------------------------------- */

typedef enum ig_path_kind {
    IG_PATH_LINEAR,
    IG_PATH_TABLE,
    IG_PATH_COHORT,
    IG_PATH_SCURVE
} ig_path_kind;

typedef struct ig_path {
    ig_path_kind kind;
    int start;         /* linear, cohort, s-curve: first year with an objective share */
    int length;        /* linear: years until fully objective, >= 1 */
    double *table;     /* table: p_t per scenario year, n_years values in [0, 1] */
    double outflow;    /* cohort: yearly outflow of existing clients in [0, 1], or -1 when
                          `remaining` is used instead */
    double *remaining; /* cohort: share of existing clients still in care after 1, 2, ...
                          years; non-increasing, in [0, 1]; the last value holds after */
    size_t n_remaining;
    int end;          /* s-curve: first fully objective year, > start */
    double midpoint;  /* s-curve: year of the logistic's midpoint */
    double steepness; /* s-curve: logistic slope per year, > 0 */
} ig_path;

/* p_t of `year`, in [0, 1] (DOMAIN §6):
 *  linear: clamp((t - start + 1) / length, 0, 1);
 *  table:  the listed share of that year (first_year is the table's first year);
 *  cohort: 1 - S(t - start + 1), where S(n) is the share of the clients in care before
 *          `start` who are still in care n years into the path (S(n) = 1 for n <= 0;
 *          (1 - outflow)^n, or remaining[n - 1]): their care stays historical, all new
 *          clients are funded objectively;
 *  s-curve: the logistic L(t) = 1 / (1 + exp(-steepness (t - midpoint))) rescaled so
 *          that p = 0 up to start - 1 and p = 1 from end on. */
double ig_path_share(const ig_path *path, int year, int first_year);

/* ---- core: budgets (core/budget.c) ------------------------------------------------ */

typedef struct ig_budget_point {
    int year;
    int64_t amount; /* whole euros, > 0 */
    char *source;
    int line, column; /* where it was given, for messages */
} ig_budget_point;

typedef enum ig_mutation_kind {
    IG_MUT_INDEX,      /* the level grows by `percent` a year in from..to (compounding) */
    IG_MUT_STRUCTURAL, /* the level changes by `amount` from `from` on, indexed afterwards */
    IG_MUT_INCIDENTAL  /* `amount` is added in the years from..to only */
} ig_mutation_kind;

/* A dated, referenced change of the macro budget (DOMAIN §6: indexation, volume,
 * Wlz-uitname, a carve-out for national specialist institutions). */
typedef struct ig_mutation {
    ig_mutation_kind kind;
    char *name;
    int from, to;   /* years; to = INT_MAX when open-ended */
    double percent; /* IG_MUT_INDEX */
    int64_t amount; /* IG_MUT_STRUCTURAL, IG_MUT_INCIDENTAL: whole euros, may be negative */
    char *source;
    int line, column;
} ig_mutation;

/* How the budget of each year is found: either published amounts (with a rule for the
 * other years), or a base amount with mutations. */
typedef struct ig_budget_rule {
    bool has_base;          /* base + mutations rather than published + index */
    ig_budget_point base;   /* has_base: the amount of the base year */
    ig_mutation *mutations; /* has_base: in the order given */
    size_t n_mutations;
    ig_budget_point *published; /* !has_base: strictly increasing years, n_published >= 1 */
    size_t n_published;
    double index_percent; /* other years: nearest published amount indexed */
    char *index_source;   /* NULL when the scenario gives no rule */
    int line, column;     /* where the rule (other_years, or base) was given */
} ig_budget_rule;

/* One line of a year's budget build-up; the lines of a year add up to its budget. */
typedef enum ig_line_kind {
    IG_LINE_PUBLISHED, /* a published amount */
    IG_LINE_DERIVED,   /* the nearest published amount, indexed (see base_year) */
    IG_LINE_BASE,      /* the base amount */
    IG_LINE_LEVEL,     /* last year's structural level, carried forward */
    IG_LINE_MUTATION   /* the effect of `mutation` in this year */
} ig_line_kind;

typedef struct ig_budget_line {
    int year;
    ig_line_kind kind;
    int64_t amount;
    int base_year;                /* IG_LINE_DERIVED: the published year it comes from */
    const ig_budget_point *point; /* IG_LINE_PUBLISHED, IG_LINE_DERIVED, IG_LINE_BASE */
    const ig_mutation *mutation;  /* IG_LINE_MUTATION */
} ig_budget_line;

/* Upper bound on the lines ig_budget_build writes for n years. */
size_t ig_budget_max_lines(const ig_budget_rule *rule, size_t n);

/* The budget of every year first..first+n-1, and its build-up in `lines` (*n_lines of
 * them, in year order; they point into `rule`).
 *  published form: a published year takes its amount; any other year the nearest
 *    published year's (the earlier on a tie), indexed by index_percent per year forward
 *    or backward, one multiplication per year, rounded half away from zero;
 *  base form: the structural level starts at the base amount (plus structural
 *    mutations dated on or before the base year) and each later year carries it
 *    forward, adds round(level x percent / 100) per active index mutation and the
 *    structural mutations of that year; a year's budget is its level plus the
 *    incidental mutations active in it. base.year must not come after `first`.
 * Fails with INGROEI_ERR_SCHEMA and *bad_year when an amount is not between 1 and 1e15
 * euro. */
ingroei_status ig_budget_build(const ig_budget_rule *rule, int first, size_t n, int64_t *amounts,
                               ig_budget_line *lines, size_t *n_lines, int *bad_year);

/* ---- core: the allocation (core/allocate.c) --------------------------------------- */

typedef enum ig_rounding { IG_ROUND_PER_LINE, IG_ROUND_EXACT_TOTAL } ig_rounding;

/* Inputs of one computation. Arrays are gemeente-major within a year: index
 * y * n_g + g, gemeenten sorted by code. */
typedef struct ig_alloc_in {
    size_t n_g, n_y;
    const int64_t *budget; /* [n_y] > 0 */
    const double *p;       /* [n_y] in [0, 1] */
    const double *h;       /* [n_g] historical shares, >= 0, sum 1 */
    const double *o;       /* [n_y * n_g] objective shares of the objective part, sum 1 */
    const double *o_full;  /* [n_y * n_g] objective shares of the whole budget, sum 1 */
    ig_rounding rounding;
    const int64_t *budget_obj; /* [n_y] > 0: the objective part's own budget, or NULL when
                                  both parts share `budget` */
    bool lean;                 /* only total and full_hist (a sweep needs no more); the
                                  other rounded columns are left as they are */
} ig_alloc_in;

/* The unrounded parts of one gemeente's allocation: what ig_allocate rounds and what
 * an explanation shows are computed by these same two expressions. */
static inline double ig_hist_part(double p, double budget, double h)
{
    return (1.0 - p) * (budget * h);
}
static inline double ig_obj_part(double p, double budget_obj, double o)
{
    return p * (budget_obj * o);
}

/* Outputs, allocated by the caller with n_y * n_g (or n_y) elements. */
typedef struct ig_alloc_out {
    double *exact;       /* unrounded allocation */
    double *work;        /* [n_g] scratch */
    int64_t *historical; /* rounded (1-p) B h */
    int64_t *objective;  /* rounded p B o */
    int64_t *total;      /* rounded allocation */
    int64_t *full_hist;  /* rounded B h */
    int64_t *full_obj;   /* rounded B o_full */
    int64_t *sum_hist;   /* [n_y] sum of historical */
    int64_t *sum_obj;    /* [n_y] sum of objective */
    int64_t *sum_total;  /* [n_y] sum of total */
    int64_t *target;     /* [n_y] the year's total: historical part + objective part */
    int64_t *residual;   /* [n_y] sum_total - target */
} ig_alloc_out;

/* alloc_g,t = (1 - p_t) B_t h_g + p_t B'_t o_g,t (DOMAIN §6), with B' = B unless the
 * objective part has a budget of its own. The historical part is H = B - round(p B), the
 * objective part O = round(p B'), the year's total T = H + O (= B when B' = B).
 * exact-total: every rounded column adds up per year to its whole-euro total (largest
 * remainder), so the allocations add up to T. per-line: every amount rounded on its own,
 * half away from zero, and the residual reported. `scratch` holds n_g slots. */
ingroei_status ig_allocate(const ig_alloc_in *in, ig_alloc_out *out, ig_lr_slot *scratch,
                           ingroei_error *err);

/* ---- core: caps (core/cap.c) ------------------------------------------------------ */

typedef enum ig_cap_reference {
    IG_CAP_PREVIOUS_YEAR,         /* the change against last year's (capped) allocation, scaled
                                     to this year's total: a budget change is nobody's loss */
    IG_CAP_PREVIOUS_YEAR_NOMINAL, /* the same in euros, budget changes included */
    IG_CAP_HISTORICAL             /* the change against the year's fully historical allocation */
} ig_cap_reference;

/* A cap on losses (and optionally gains) per inhabitant per year, and optionally over
 * a period, kept budget neutral (DOMAIN §6). */
typedef struct ig_cap {
    bool enabled;
    ig_cap_reference reference;
    double *max_loss; /* [n_y] euro per inhabitant >= 0; NAN: no loss cap that year */
    double *max_gain; /* [n_y] euro per inhabitant >= 0; NAN: no gain cap that year */
    bool cumulative;  /* also over the years cum_from..cum_to against the allocation of
                         cum_from - 1 (which must be a scenario year) */
    int cum_from, cum_to;
    double cum_max_loss; /* euro per inhabitant; INFINITY: none */
    double cum_max_gain;
    bool relax_infeasible; /* an infeasible year stays uncapped instead of failing */
    double tolerance;      /* euro: how close the capped sum must come to the total */
    char *source;
    int line, column; /* where the cap was given */
} ig_cap;

/* What a capped year needs besides the allocation. */
typedef struct ig_cap_in {
    size_t n_g, n_y;
    int first_year;
    const int64_t *inhabitants; /* [n_y * n_g] */
    const int64_t *target;      /* [n_y] the year's total, whole euros */
    ig_rounding rounding;
} ig_cap_in;

/* What the cap did, per year and per gemeente. */
typedef struct ig_cap_out {
    int64_t *uncapped;  /* [n_y * n_g] the rounded allocation before the cap */
    signed char *flag;  /* [n_y * n_g] -1 loss capped, +1 gain capped, 0 neither */
    double *lambda;     /* [n_y] scale of the gains (1 when nothing was capped) */
    size_t *n_loss;     /* [n_y] gemeenten at their loss cap */
    size_t *n_gain;     /* [n_y] gaining gemeenten held at their gain cap */
    size_t *n_conflict; /* [n_y] gemeenten whose loss floor lay above their gain ceiling
                           (held at the floor: protection against losses comes first) */
    bool *active;       /* [n_y] a cap applied in this year */
    bool *feasible;     /* [n_y] false: the cap could not be kept (year left uncapped) */
    double *gap;        /* [n_y] for an infeasible year: euros the gains fall short (> 0)
                           or the capped gains that could not be placed (< 0) */
} ig_cap_out;

/* One year: with d_g = u_g - r_g, finds the scale lambda of the gains such that
 * sum_g clamp(d_g < 0 ? u_g : r_g + lambda d_g, lo_g, hi_g) = target (GSL Brent, within
 * `tol` euro), and writes those amounts into c. lambda <= 1 when capped losers are paid
 * for by the gainers, > 1 when capped gains go to the other gainers. Returns
 * INGROEI_ERR_DATA when no lambda >= 0 reaches the target, with *gap as in ig_cap_out. */
ingroei_status ig_cap_solve(const double *u, const double *r, const double *lo, const double *hi,
                            size_t n, double target, double tol, double *c, double *lambda,
                            double *gap);

/* Applies the cap year by year to an allocation made by ig_allocate (whose total,
 * full_hist, target, sum_total and residual it reads; total, sum_total and residual it
 * rewrites). The cap works on whole euros: the rounded allocation without the cap is the
 * starting point, the references are the rounded allocations of other years (scaled to
 * this year's total for IG_CAP_PREVIOUS_YEAR) or of the fully historical key, and the
 * limits are whole euros rounded towards the gemeente, so that the rounded allocation
 * never crosses them. `work` holds 5 * n_g doubles. An infeasible year fails with
 * INGROEI_ERR_DATA unless cap->relax_infeasible. */
ingroei_status ig_cap_apply(const ig_cap *cap, const ig_cap_in *in, ig_alloc_out *out,
                            ig_cap_out *co, ig_lr_slot *slots, double *work, ingroei_error *err);

/* ---- core: keys (core/keys.c) ------------------------------------------------------ */

/* The objective key in the Bfv form (Fvw art. 10-11, Bfv 2001 art. 1c), in two steps.
 * ig_bfv_bases: per gemeente B_g = sum over scaled maatstaven of units * weight (the
 * uitkeringsbasis) and A_g = the same over unscaled ones (OZB-like income maatstaven,
 * outside the uitkeringsfactor); units is maatstaf-major, units[m * n_g + g]. */
void ig_bfv_bases(const double *units, const double *weight, const bool *scaled, size_t n_m,
                  size_t n_g, double *b, double *a);

/* ig_bfv_solve: for one budget, uf = (budget - sum_a) / sum_b and amount_g =
 * uf * B_g + A_g; writes amount_g / budget into `shares` (which may be `a` itself) and
 * uf into *uf. Returns INGROEI_ERR_DATA when sum_b or the budget is not positive
 * (*bad = SIZE_MAX) or when gemeente *bad would get a negative amount; the caller, who
 * knows the gemeenten, says so. */
ingroei_status ig_bfv_solve(const double *b, const double *a, size_t n_g, double sum_b,
                            double sum_a, double budget, double *shares, double *uf, size_t *bad);

/* Both steps at once; `scratch` holds n_g doubles. */
ingroei_status ig_bfv_shares(const double *units, const double *weight, const bool *scaled,
                             size_t n_m, size_t n_g, double budget, double *shares, double *uf,
                             double *scratch, size_t *bad);

/* ---- core: the algemene uitkering line by line (core/au.c) ------------------------ */

/* The published form of an objective allocation (DOMAIN §4, §8): per gemeente g and
 * maatstaf m the line round(units * weight * uf) in whole euros, half away from zero,
 * for a scaled maatstaf (an uitgavenmaatstaf, fixed amounts as 1 unit), and
 * round(units * weight) for an unscaled one (the OZB/WOZ inkomstenmaatstaven, negative
 * weights); a cluster's and a gemeente's amounts are sums of their rounded lines. The
 * products are computed exactly in 128-bit integers. */
typedef struct ig_au_in {
    size_t n_g, n_m;
    const ig_dec *units;   /* [m * n_g + g] */
    const ig_dec *weight;  /* [n_m] euro per unit, before the uitkeringsfactor */
    const bool *scaled;    /* [n_m] */
    const size_t *cluster; /* [n_m] cluster index < n_clusters, or NULL */
    size_t n_clusters;
} ig_au_in;

/* Exact round(a * b * c), half away from zero; false when it does not fit in int64. */
bool ig_dec_mul_round(ig_dec a, ig_dec b, ig_dec c, int64_t *out);
/* Appends the exact product a * b * c, unrounded, with all its decimals (the product
 * ig_dec_mul_round rounds); false when it is out of range. */
bool ig_dec_mul_text(ig_dec a, ig_dec b, ig_dec c, ig_buf *out);

/* With the given (published) uitkeringsfactor: writes every line into `lines`
 * ([m * n_g + g]), each gemeente's total into `totals` ([n_g]) and, when `clusters` is
 * not NULL, per cluster ([c * n_g + g]). Returns INGROEI_ERR_NUMERIC with *bad_m and
 * *bad_g set when a line overflows, INGROEI_ERR_USAGE on a bad cluster index or a
 * negative uf. */
ingroei_status ig_au_lines(const ig_au_in *in, ig_dec uf, int64_t *lines, int64_t *totals,
                           int64_t *clusters, size_t *bad_m, size_t *bad_g);

/* Solves the uitkeringsfactor for a budget (Bfv 2001 art. 1c):
 * uf = (budget - sum A) / sum B over the unrounded products, in long double; writes it
 * to *uf_exact and, rounded half away from zero to `decimals` (0..IG_DEC_MAX_SCALE; the
 * ministry publishes 3), to *uf. INGROEI_ERR_DATA when sum B is not positive or the uf
 * would be negative. */
ingroei_status ig_au_solve_uf(const ig_au_in *in, double budget, int decimals, ig_dec *uf,
                              double *uf_exact);

/* ---- scenario and models (io/scenario.c, io/model.c) ----------------------------- */

struct ingroei_scenario {
    char *file;      /* as given to ingroei_scenario_load */
    char sha256[65]; /* of the bytes that were parsed */
    char *name;
    char *description;   /* may be NULL */
    char *dataset;       /* dataset directory, resolved against the file */
    int boundaries;      /* year whose gemeente list is used for every year */
    int boundaries_line; /* where `boundaries` was given; 0 when defaulted */
    int boundaries_column;
    int first_year, last_year;
    ig_budget_rule budget;     /* the budget (of both parts, unless below) */
    bool has_objective_budget; /* the objective part has a budget of its own */
    ig_budget_rule objective_budget;
    char *historical_key; /* model file, resolved */
    char *objective_key;  /* model file, resolved */
    ig_path path;
    char *path_source; /* optional: where the path comes from */
    ig_cap cap;        /* enabled when the scenario has one */
    char *regions;     /* optional: region membership file (resolved), or NULL */
    ig_rounding rounding;
};

typedef struct ig_hist_model {
    char *file;
    char sha256[65];
    int circulaire_line, circulaire_column; /* where the selection was given */
    char *centres;                        /* optional CSV of centrumgemeenten (resolved), or NULL */
    char *centres_column;                 /* its 0/1 column for this regeling */
    int centres_line, centres_column_pos; /* where `centres` was given */
    char *name;
    char *source;
    char *data; /* resolved CSV of amounts */
    char *circulaire;
    int uitkeringsjaar;
    char *regeling;
} ig_hist_model;

typedef struct ig_maatstaf {
    char *code;
    double weight; /* euro per unit */
    bool scaled;   /* multiplied by the uitkeringsfactor */
    char *source;
} ig_maatstaf;

typedef struct ig_obj_model {
    char *file;
    char sha256[65];
    char *name;
    bool illustrative;
    char *notice;  /* what is illustrative and why; NULL when official */
    char *volumes; /* resolved CSV of volumes */
    char *volumes_source;
    ig_maatstaf *maatstaven;
    size_t n_maatstaven;
} ig_obj_model;

/* An algemene-uitkering model (kind au-model): one circulaire's volumes and weights and
 * its published uitkeringsfactor, from which the auditor mode recomputes the amounts. */
typedef struct ig_au_model {
    char *file;
    char sha256[65];
    char *name;
    char *circulaire;
    int uitkeringsjaar;
    char *volumes; /* resolved CSV: gemeentecode, gemeentenaam, a column per volume */
    char *weights; /* resolved CSV: code, omschrijving, clusters..., totaal, volume_kolom */
    ig_dec uf;     /* as published */
    char *uf_source;
    char **unscaled; /* [n_unscaled] maatstaven outside the uitkeringsfactor */
    size_t n_unscaled;
    char *source;
} ig_au_model;

/* The data of an au-model, ready to compute: gemeenten in the order of the volumes file,
 * maatstaven in the order of the weights file. */
typedef struct ig_au_data {
    size_t n_g, n_m, n_c;
    char **codes, **names;  /* [n_g] */
    char **maatstaven;      /* [n_m] */
    char **descriptions;    /* [n_m] omschrijving, as the weights file writes it */
    char **clusters;        /* [n_c] */
    ig_dec *units;          /* [m * n_g + g] */
    ig_dec *weight;         /* [n_m] the totaal weight */
    ig_dec *cluster_weight; /* [c * n_m + m] */
    bool *scaled;           /* [n_m] */
    char weights_sha256[65], volumes_sha256[65];
} ig_au_data;

/* An au-model computed (au.c): what `ingroei au` writes and `explain` reads. */
struct ingroei_au {
    ig_au_model model;
    ig_au_data data;
    ig_dec uf;
    bool uf_solved;
    double uf_exact;
    double budget;
    char uf_text[32];
    int64_t *lines;         /* [m * n_g + g] with the totaal weight */
    int64_t *totals;        /* [n_g] */
    int64_t *cluster_lines; /* [(c * n_m + m) * n_g + g] */
    int64_t *clusters;      /* [c * n_g + g] */
    int64_t total, total_clusters;
    int64_t *cluster_national; /* [n_c] */
};

ingroei_status ig_au_model_load(ig_au_model *out, const char *file, ingroei_error *err);
void ig_au_model_clear(ig_au_model *m);
/* Reads the model's volumes and weights: every weight row's volume_kolom must be a
 * column of the volumes, every unscaled maatstaf a row; numbers are parsed exactly. */
ingroei_status ig_au_data_load(ig_au_data *out, const ig_au_model *m, ingroei_error *err);
void ig_au_data_clear(ig_au_data *d);
/* The computed algemene uitkering of an ingroei_au (au.c), read-only, for other parts
 * of the library that compare with it (verify.c): the same numbers `ingroei au` writes.
 * Every pointer is borrowed from `au`. */
typedef struct ig_au_view {
    const ig_au_model *model;
    const ig_au_data *data;
    ig_dec uf;                       /* the factor used */
    const int64_t *lines;            /* [m * n_g + g] with the totaal weight */
    const int64_t *totals;           /* [n_g] */
    const int64_t *cluster_lines;    /* [(c * n_m + m) * n_g + g] */
    const int64_t *clusters;         /* [c * n_g + g] */
    const int64_t *cluster_national; /* [n_c] */
    int64_t total;
} ig_au_view;

void ig_au_view_of(const ingroei_au *au, ig_au_view *out);
ingroei_status ig_hist_model_load(ig_hist_model *out, const char *file, ingroei_error *err);
void ig_hist_model_clear(ig_hist_model *m);
ingroei_status ig_obj_model_load(ig_obj_model *out, const char *file, ingroei_error *err);
void ig_obj_model_clear(ig_obj_model *m);

/* ---- CSV (io/csv.c) ------------------------------------------------------------- */

/* A parsed RFC 4180 file: leading lines starting with '#' are comments; the first
 * other line is the header. Cells are NUL-terminated strings owned by the table. */
typedef struct ig_csv {
    char *file;
    char sha256[65]; /* of the bytes that were parsed */
    char **comments; /* [n_comments] the '#' lines without "# " */
    size_t n_comments;
    int header_line; /* 1-based line of the header */
    size_t n_cols;
    char **header; /* [n_cols] */
    size_t n_rows;
    char ***rows;  /* [n_rows][n_cols] */
    int *row_line; /* [n_rows] 1-based line of each row */
    int **row_col; /* [n_rows][n_cols] 1-based column (byte) where each cell starts */
} ig_csv;

ingroei_status ig_csv_read(ig_csv *out, const char *file, ingroei_error *err);
/* The same with another separator than ',' (quoting as RFC 4180). */
ingroei_status ig_csv_read_sep(ig_csv *out, const char *file, char sep, ingroei_error *err);
void ig_csv_clear(ig_csv *t);
/* Index of a header column, or -1 with an error naming the file and what is missing. */
int ig_csv_column(const ig_csv *t, const char *name, ingroei_error *err);

/* ---- files (io/files.c) --------------------------------------------------------- */

/* Reads a whole regular file into memory (NUL-terminated). */
ingroei_status ig_read_file(const char *file, char **data, size_t *len, ingroei_error *err);
/* SHA-256 of a byte string as 64 lower-case hex digits plus NUL. */
void ig_sha256_hex(const void *data, size_t len, char hex[65]);

/* ---- output formatting helpers (io/text.c) -------------------------------------- */

void ig_csv_field(ig_buf *b, const char *s); /* RFC 4180 quoting when needed */

/* Writes CSV rows cell by cell in one dialect: the separator between cells and the
 * decimal point of fractional numbers (RFC 4180: ',' and '.'). A cell is quoted when
 * it holds the separator, a quote or a line break. */
typedef struct ig_csv_row {
    ig_buf *b;
    char sep;
    char point;
    size_t cells; /* cells written on the current row */
} ig_csv_row;

void ig_csv_text(ig_csv_row *w, const char *s);
void ig_csv_int(ig_csv_row *w, int64_t v);
/* A number as it was written in an input (already checked to be one), unchanged; text
 * goes through ig_csv_text, which marks a leading = + - @ as text for spreadsheets. */
void ig_csv_number_text(ig_csv_row *w, const char *s);
void ig_csv_fixed(ig_csv_row *w, double x, int decimals); /* see ig_put_fixed */
void ig_csv_decimal(ig_csv_row *w, double x);             /* see ig_put_decimal */
void ig_csv_dec(ig_csv_row *w, ig_dec d);                 /* exactly, see ig_put_dec */
void ig_csv_empty(ig_csv_row *w);
void ig_csv_end(ig_csv_row *w);                /* ends the row with a line feed */
void ig_json_string(ig_buf *b, const char *s); /* JSON string with escapes */
/* A YAML double-quoted scalar that libyaml reads back as exactly s. */
void ig_yaml_quoted(ig_buf *b, const char *s);
/* Whether s[0..len) is valid UTF-8; if not, the 1-based line and column (in characters)
 * of the first bad byte. */
bool ig_utf8_valid(const char *s, size_t len, int *line, int *column);

/* One typed cell of a table row, so that the same row can go to a CSV file and to a
 * workbook sheet (report/xlsx.c): the writers format it each in their own way. */
typedef enum ig_cell_type {
    IG_CELL_EMPTY,
    IG_CELL_TEXT, /* text: borrowed, valid while the row is written */
    IG_CELL_INT,  /* integer */
    IG_CELL_FIXED /* x with exactly `decimals` decimals (see ig_put_fixed) */
} ig_cell_type;

typedef struct ig_cell {
    ig_cell_type type;
    const char *text;
    int64_t integer;
    double x;
    int decimals;
} ig_cell;

#define IG_TEXT(s)     ((ig_cell){.type = IG_CELL_TEXT, .text = (s)})
#define IG_INT(v)      ((ig_cell){.type = IG_CELL_INT, .integer = (v)})
#define IG_FIXED(v, d) ((ig_cell){.type = IG_CELL_FIXED, .x = (v), .decimals = (d)})
#define IG_EMPTY       ((ig_cell){.type = IG_CELL_EMPTY})

/* Euros per inhabitant with two decimals; an empty cell when the count is zero. */
static inline ig_cell ig_per_inhabitant_cell(int64_t amount, int64_t inhabitants)
{
    return inhabitants > 0 ? IG_FIXED((double)amount / (double)inhabitants, 2) : IG_EMPTY;
}

/* Writes the cells as one CSV row and ends it. */
void ig_csv_cells(ig_csv_row *w, const ig_cell *cells, size_t n);

/* How a workbook shows a column's numbers (the value stored is always the number). */
typedef enum ig_xl_kind {
    IG_XL_TEXT,    /* text, or a code */
    IG_XL_PLAIN,   /* a whole number without grouping: a year */
    IG_XL_COUNT,   /* a whole number with thousands separators: inhabitants, gemeenten */
    IG_XL_EURO,    /* whole euros with thousands separators and the euro sign */
    IG_XL_CENTS,   /* euros with two decimals: per inhabitant */
    IG_XL_SHARE,   /* a fraction as a percentage with two decimals: p_t */
    IG_XL_DECIMAL, /* a plain decimal number with six decimals: factors */
    IG_XL_LONG     /* long text that may hold line breaks: wrapped in a wide column */
} ig_xl_kind;

/* A column of a table that goes to CSV and to a workbook: its header (the CSV's
 * column name) and how a workbook shows it. */
typedef struct ig_column {
    const char *name;
    ig_xl_kind kind;
} ig_column;

/* Appends the column names as a CSV header line, separated by `sep`. */
void ig_csv_header(ig_buf *b, const ig_column *cols, size_t n, char sep);

/* A CSV writer in `dialect` for a new file in `b` (io/output.c): RFC 4180 (',' and '.'),
 * or for a Dutch Excel (';', decimal comma, and a UTF-8 byte-order mark, which it
 * appends to `b`). */
ig_csv_row ig_csv_start(ig_buf *b, ingroei_csv_dialect dialect);

/* ---- a run (run.c) ---------------------------------------------------------------- */

/* An input file as the receipt names it. */
typedef struct ig_input {
    char *display; /* path relative to the scenario's directory where possible */
    char sha256[65];
    char *source; /* where its numbers come from (model source or CSV comments) */
} ig_input;

/* A herindeling: from `date` on, old_code is part of new_code. */
typedef struct ig_merge {
    char date[11]; /* YYYY-MM-DD */
    char *old_code, *old_name;
    char *new_code;
    bool used; /* data of old_code was summed onto new_code in this run */
} ig_merge;

struct ingroei_run {
    const ingroei_scenario *sc;
    size_t n_g, n_y;
    int first_year;
    char **code, **name, **province; /* [n_g], sorted by code */
    int64_t *inhabitants;            /* [n_y * n_g] */
    int *inhabitants_year;           /* [n_y]: the 1 January count used */
    int64_t *budget;                 /* [n_y] the budget (of both parts, unless below) */
    int64_t *budget_obj;             /* [n_y] the objective part's budget (= budget when
                                        the scenario gives it no budget of its own) */
    char **budget_source;            /* [n_y] where `budget` comes from, in words */
    ig_budget_line *lines;           /* build-up of `budget`, n_lines in year order */
    size_t n_lines;
    ig_budget_line *lines_obj; /* build-up of the objective budget, when separate */
    size_t n_lines_obj;
    double *p;             /* [n_y] objective share */
    double *h;             /* [n_g] historical shares */
    double *h_amount;      /* [n_g] the historical key's amounts (merged gemeenten summed) */
    double h_total;        /* their sum */
    double *o_part;        /* [n_y * n_g] key shares of the objective part p B */
    double *o_full;        /* [n_y * n_g] key shares of the whole budget B */
    double *uf_part;       /* [n_y] uitkeringsfactor for p B (0 when p = 0) */
    double *uf_full;       /* [n_y] uitkeringsfactor for B */
    double *units;         /* [n_m * n_g] volumes of the key's maatstaven */
    double *weight;        /* [n_m] */
    bool *scaled;          /* [n_m] */
    double *key_b, *key_a; /* [n_g] B_g and A_g of the objective key */
    double key_sum_b, key_sum_a;
    long *region;     /* [n_g] with `regions`: the index of the gemeente's
                         centrumgemeente, or -1 when it has no known region */
    ig_merge *merges; /* herindelingen of the dataset, when it has them */
    size_t n_merges;
    ig_hist_model hist;
    ig_obj_model obj;
    ig_input *inputs;
    size_t n_inputs;
    ig_alloc_out out;  /* arrays of n_y * n_g (sums and residual: n_y) */
    ig_cap_out cap;    /* what the scenario's cap did (all zero effect without one) */
    ig_lr_slot *slots; /* [n_g] scratch */
    double *cap_work;  /* [4 * n_g] scratch */
    bool borrowed;     /* a fork (ig_run_fork): the loaded data belong to another run */
    bool lean;         /* compute only what a sweep reads (see ig_alloc_in.lean) */
};

/* A run for computing other variants of its scenario, e.g. in another thread: it
 * borrows `base`'s loaded data (gemeenten, keys, volumes), which must outlive it and
 * not change, and has work arrays of its own. It computes lean: the allocation, its
 * fully historical counterpart and the cap, not the other rounded columns. Free it
 * with ingroei_run_free. */
ingroei_status ig_run_fork(const ingroei_run *base, ingroei_run **out, ingroei_error *err);

/* Computes the run for `sc`, a variant of the scenario it was loaded for (the same
 * dataset, keys, boundaries, years and budget form; other path, cap or budget
 * numbers). Budget sources in words are not made. */
ingroei_status ig_run_compute_scenario(ingroei_run *run, const ingroei_scenario *sc,
                                       ingroei_error *err);

/* ---- loading a run's data (io/dataset.c) ------------------------------------------- */

/* Each fills its part of the run from the files the scenario names, recording every
 * file in the receipt; ig_load_gemeenten comes first (the others look gemeenten up). */
ingroei_status ig_load_gemeenten(ingroei_run *run, ingroei_error *err);
ingroei_status ig_load_historical(ingroei_run *run, ingroei_error *err);
ingroei_status ig_load_objective(ingroei_run *run, ingroei_error *err);
ingroei_status ig_load_regions(ingroei_run *run, ingroei_error *err);

/* Adds an input file to the receipt: its path as shown, the SHA-256 of the bytes that
 * were parsed, and where its numbers come from. */
ingroei_status ig_run_add_input(ingroei_run *run, const char *path, const char *sha256,
                                const char *source, ingroei_error *err);

/* Index of a gemeentecode among the run's gemeenten (sorted), or -1. */
long ig_run_find_code(const ingroei_run *run, const char *code);

/* The run's gemeente that `code` is part of on the scenario's boundaries: the code
 * itself, or the gemeente it merged into (following herindelingen dated on or before
 * 1 January of the boundaries year); -1 when there is none (a code of a later
 * herindeling cannot be split back into its parts). Marks the herindelingen used. */
long ig_run_resolve(ingroei_run *run, const char *code);

/* Writes into order[0..n_g) the gemeenten of year y by gain per inhabitant against the
 * fully historical allocation, largest first; equal gains by gemeentecode. Fails only
 * for want of memory. */
ingroei_status ig_run_rank(const ingroei_run *run, size_t y, size_t *order);

/* Run i of a comparison (compare.c), borrowed from the caller of ingroei_compare_new. */
const ingroei_run *ig_compare_run(const ingroei_compare *compare, size_t i);

/* ---- outputs and pictures (io/output.c, report/plot.c) ------------------------------ */

/* `path` as the receipt shows it: relative to the scenario file's directory, so that
 * the receipt does not depend on where the program was started. New string. */
char *ig_run_receipt_path(const ingroei_run *run, const char *path);

/* Whether year y's budget is a published (or base) amount rather than one derived by
 * a rule or built from mutations. */
bool ig_run_budget_published(const ingroei_run *run, size_t y);

/* Verschil per inwoner of gemeente g in year y (euro; 0 without inhabitants). */
double ig_run_gain_per_inhabitant(const ingroei_run *run, size_t y, size_t g);

/* Writes the pictures' data files and gnuplot scripts into `dir` and runs gnuplot
 * there (cwd = dir). `gemeente` is an index or SIZE_MAX for none. Names of the files
 * made are appended to `report`. Without gnuplot the scripts are still written and
 * report->plots_skipped is set. */
ingroei_status ig_plots_write(const ingroei_run *run, const char *dir, size_t gemeente,
                              const char *gnuplot, ingroei_output_report *report,
                              ingroei_error *err);

/* The rows of allocations.csv and budget.csv as cells, for the CSV files and the
 * workbook alike (io/output.c). */
#define IG_N_ALLOC_COLUMNS 19
extern const ig_column ig_alloc_columns[IG_N_ALLOC_COLUMNS];
/* Gemeente g in year y, into cells[IG_N_ALLOC_COLUMNS]. */
void ig_run_alloc_cells(const ingroei_run *run, size_t y, size_t g, ig_cell *cells);
#define IG_N_BUDGET_COLUMNS 18
extern const ig_column ig_budget_columns[IG_N_BUDGET_COLUMNS];
/* The totals of year y, into cells[IG_N_BUDGET_COLUMNS]. */
void ig_run_budget_cells(const ingroei_run *run, size_t y, ig_cell *cells);

/* Writes the run's workbook, IG_RUN_WORKBOOK, into `dir` (report/xlsx_run.c): the
 * overview per year, all gemeenten per year, gemeente `gemeente`'s years (an index, or
 * SIZE_MAX for none), the gemeenten held at a cap, and the sources of the inputs. The
 * name is appended to `report`. */
#define IG_RUN_WORKBOOK "ingroei.xlsx"
ingroei_status ig_run_write_xlsx(const ingroei_run *run, const char *dir, size_t gemeente,
                                 ingroei_output_report *report, ingroei_error *err);

/* A staging directory inside an output directory: files are written there, and moved
 * into place together when all of them are complete (see ingroei_run_write). */
typedef struct ig_stage {
    const char *dir; /* the output directory */
    char *path;      /* the staging directory inside it */
    bool created;    /* `dir` did not exist before */
} ig_stage;

ingroei_status ig_stage_open(ig_stage *stage, const char *dir, ingroei_error *err);
/* Moves the files named in `report` into place (see the manifest in output.c) and
 * removes the staging directory. */
ingroei_status ig_stage_commit(ig_stage *stage, ingroei_output_report *report, ingroei_error *err);
/* Removes the staging directory and, unless committed, an output directory it made. */
void ig_stage_close(ig_stage *stage, bool committed);

/* Builds one output file's bytes from a context. */
typedef void ig_build_fn(ig_buf *b, const void *ctx);
/* Writes n files, names[i] built by build[i](ctx), into a staging directory inside
 * `dir` and moves them into place together (ig_stage_*): all or nothing. */
ingroei_status ig_write_staged(const char *dir, size_t n, const char *const *names,
                               ig_build_fn *const *build, const void *ctx,
                               ingroei_output_report *report, ingroei_error *err);

/* Removes the files in `dir` (not subdirectories), then `dir` itself. */
void ig_remove_dir(const char *dir);
/* Writes more files into the staging directory `staging` (a workbook), appending their
 * names to `report`. */
typedef ingroei_status ig_stage_fn(const char *staging, const void *ctx,
                                   ingroei_output_report *report, ingroei_error *err);
/* ig_write_staged, and then more(staging, ctx, ...) before anything moves into place
 * (`more` may be NULL). */
ingroei_status ig_write_staged_more(const char *dir, size_t n, const char *const *names,
                                    ig_build_fn *const *build, const void *ctx, ig_stage_fn *more,
                                    ingroei_output_report *report, ingroei_error *err);

/* Writes `data` to dir/name and records the name in `report`. */
ingroei_status ig_write_file(const char *dir, const char *name, const ig_buf *data,
                             ingroei_output_report *report, ingroei_error *err);

/* ---- workbooks (report/xlsx.c) ------------------------------------------------------- */

/* A workbook being written with libxlsxwriter, as a list of tables: each sheet has a
 * few lines of text above a frozen, bold header row, an autofilter over its rows,
 * numbers stored as numbers in the format of their column's kind (Excel and
 * LibreOffice show the separators of the reader's language), and column widths that
 * fit what was written. The bytes are reproducible: a fixed creation date, and numbers
 * written in the C locale whatever the process's locale is. The first error is kept
 * and returned by ig_xl_close; every call before it is then a no-op. */
typedef struct ig_xl ig_xl;

typedef struct ig_xl_sheet_spec {
    const char *name;         /* at most 31 characters, none of []:*?/\ */
    const char *const *lines; /* [n_lines] shown above the header, the first in bold;
                                 NULL entries are left out */
    size_t n_lines;
    const ig_column *cols; /* [n_cols], at most Excel's 16384; borrowed for the call */
    size_t n_cols;
    size_t frozen_cols; /* columns that stay in view when scrolling to the right */
} ig_xl_sheet_spec;

/* Starts the workbook dir/name (written by ig_xl_close); libxlsxwriter's temporary
 * files go into `dir` too. `title` goes into the document properties. */
ingroei_status ig_xl_new(ig_xl **out, const char *dir, const char *name, const char *title,
                         ingroei_error *err);
/* Starts a sheet and writes its lines and header; rows follow. */
void ig_xl_sheet(ig_xl *x, const ig_xl_sheet_spec *spec);
/* Writes one row of at most n_cols cells. */
void ig_xl_row(ig_xl *x, const ig_cell *cells, size_t n);
/* Writes a row of one text that spans the table (an empty state such as "no gemeente
 * was held at a cap"); it does not widen the first column. */
void ig_xl_note(ig_xl *x, const char *text);
/* Writes the file and frees `x` (also after an error; NULL is a no-op). On success the
 * file's name is appended to `report`. */
ingroei_status ig_xl_close(ig_xl *x, ingroei_output_report *report, ingroei_error *err);
/* Frees `x` without writing the file (the caller stopped; NULL is a no-op). */
void ig_xl_abandon(ig_xl *x);

/* The inputs of a run as the workbooks' Bronnen sheets list them: each file, its
 * vintage, SHA-256 and source (report/xlsx_run.c). ig_xl_run_sources writes a row per
 * input of `run` into the current sheet, with `label` in a column before these when it
 * is not NULL (a comparison names the scenario). */
#define IG_N_SOURCE_COLUMNS 4
extern const ig_column ig_source_columns[IG_N_SOURCE_COLUMNS];
void ig_xl_run_sources(ig_xl *x, const ingroei_run *run, const char *label);

/* What every sheet of a workbook says above its table when an objective key is
 * illustrative, followed by the key's notice. */
#define IG_XL_NOTICE "LET OP - ILLUSTRATIEF: "

/* ---- comparisons (compare.c, report/xlsx_compare.c) ------------------------------------ */

struct ingroei_compare {
    size_t n;
    const ingroei_run **runs;      /* borrowed */
    char **label;                  /* [n] short names: the scenario files' stems */
    char **file;                   /* [n] the scenario files, relative to the first one's
                                      directory as the receipt shows them */
    size_t n_g;                    /* the same gemeenten, in the same (code) order, in all */
    int first_year, last_year;     /* over all scenarios */
    int common_first, common_last; /* the years every scenario has */
    int ref_year;
    size_t **order; /* [n][n_g]: ranking in the reference year, largest loss first */
};

/* One table of a comparison, the same for its CSV file and its workbook sheet: the
 * columns, and row k's cells from `cells`. */
typedef struct ig_cmp_table ig_cmp_table;
struct ig_cmp_table {
    const ingroei_compare *c;
    ig_column *cols; /* [n_cols]; names owned when they name scenarios */
    size_t n_cols, n_rows;
    size_t frozen_cols; /* in a sheet: the columns that say which row this is */
    size_t only;        /* IG_CMP_WIDE: only this gemeente's rows, or SIZE_MAX for all */
    ig_cell *row;       /* [n_cols] the cells of the row last asked for */
    char **names;       /* [n_cols] the owned names, or NULL */
    void (*cells)(const ig_cmp_table *t, size_t k, ig_cell *cells);
};

typedef enum ig_cmp_kind {
    IG_CMP_TIDY,      /* compare.csv: a row per scenario per year per gemeente */
    IG_CMP_WIDE,      /* compare_breed.csv: a row per year per gemeente */
    IG_CMP_RANKING,   /* ranking.csv: per scenario its gemeenten from the largest loss */
    IG_CMP_SCENARIOS, /* a row per scenario: its file, years and reference-year summary */
    IG_CMP_BUDGET     /* a row per year: every scenario's budget and objective share */
} ig_cmp_kind;

/* Makes table `kind` of `c` (`only` as in ig_cmp_table); fails only for want of memory. */
ingroei_status ig_cmp_table_make(ig_cmp_table *t, const ingroei_compare *c, ig_cmp_kind kind,
                                 size_t only, ingroei_error *err);
/* The cells of row k, in t->row (valid until the next call). */
const ig_cell *ig_cmp_table_row(const ig_cmp_table *t, size_t k);
void ig_cmp_table_free(ig_cmp_table *t);

/* Writes the comparison's workbook, IG_COMPARE_WORKBOOK, into `dir`, with the sheet of
 * gemeente `only` when it is not SIZE_MAX; the name is appended to `report`. Reports
 * the rows written to opt->progress and stops when *opt->cancel is set (opt may be
 * NULL). */
#define IG_COMPARE_WORKBOOK "vergelijking.xlsx"
ingroei_status ig_compare_write_xlsx(const ingroei_compare *c, const char *dir, size_t only,
                                     const ingroei_output_options *opt,
                                     ingroei_output_report *report, ingroei_error *err);

/* ---- sweeps (io/sweep_load.c, sweep.c) ----------------------------------------------- */

typedef enum ig_sweep_kind {
    IG_SW_PATH_START,
    IG_SW_PATH_LENGTH,
    IG_SW_PATH_END,
    IG_SW_PATH_OUTFLOW,
    IG_SW_PATH_STEEPNESS,
    IG_SW_PATH_MIDPOINT,
    IG_SW_CAP_LOSS,         /* the loss cap of every year */
    IG_SW_CAP_GAIN,         /* the gain cap of every year */
    IG_SW_BUDGET_INDEX,     /* budget.other_years.percent */
    IG_SW_MUTATION_PERCENT, /* the percent of budget mutation `mutation` */
    IG_SW_MUTATION_AMOUNT   /* the amount of budget mutation `mutation` */
} ig_sweep_kind;

/* One varied parameter and the values it takes. */
typedef struct ig_sweep_param {
    ig_sweep_kind kind;
    size_t mutation; /* IG_SW_MUTATION_*: which mutation of the base budget */
    char *name;      /* as written in the sweep file */
    double *values;  /* [n_values] */
    size_t n_values;
} ig_sweep_param;

struct ingroei_sweep {
    char *file;
    char sha256[65];
    char *name;
    ingroei_scenario *base; /* the base scenario, loaded */
    ig_sweep_param *params; /* [n_params], the first varies slowest in the grid */
    size_t n_params;
    bool sample; /* a seeded sample of the grid rather than the whole grid */
    uint64_t seed;
    size_t n_scenarios;    /* grid: the product of the value counts; sample: `samples` */
    double loss_threshold; /* euro per inhabitant: counted per scenario */
};

#endif /* IG_H */
