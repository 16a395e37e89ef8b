/*
 * core.h - the pure computation of an allocation (README, "What a run does"): budgets,
 * the path, keys, rounding, caps, and the algemene uitkering line by line; functions on
 * arrays that read no files and keep no state. Uses only base/.
 */
#ifndef IG_CORE_H
#define IG_CORE_H

#include "base/base.h"

/* ---- core: sums and rounding (core/money.c) --------------------------------------- */

/* Neumaier-compensated sum of x[0..n). */
double ig_sum(const double *x, size_t n);

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

/* Whether ig_largest_remainder runs its variant for processors with AVX2 (x86) where the
 * processor has it: true unless a test sets it false to run the variant every other
 * processor runs. Both give the same results. */
extern bool ig_lr_vector_instructions;

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

/* p_t of `year`, in [0, 1] (README, "Paths"):
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

/* A dated, referenced change of the macro budget (README, "Budgets": indexation, volume,
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
    const int64_t *budget; /* [n_y] >= 0 (0 when arrangements take the whole budget) */
    const double *p;       /* [n_y] in [0, 1] */
    const double *h;       /* [n_g] historical shares, >= 0, sum 1 */
    const double *o;       /* [n_y * n_g] objective shares of the objective part, sum 1 */
    const double *o_full;  /* [n_y * n_g] objective shares of the whole budget, sum 1 */
    ig_rounding rounding;
    const int64_t *budget_obj; /* [n_y] > 0: the objective part's own budget, or NULL when
                                  both parts share `budget` */
    bool lean;                 /* only total and full_hist (a sweep needs no more); the
                                  other rounded columns are left as they are */
    const double *h_year;      /* [n_y * n_g] historical shares per year, each row >= 0 with
                                  sum 1, replacing h; NULL: h serves every year */
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
    /* [n_y] or NULL: what row t of full_hist was rounded for (its budget x 2 + 1 in
     * exact-total mode, x 2 in per-line mode; -1 for nothing). When given, a row whose
     * budget and mode are those of the last call is kept as it is: the caller keeps h and
     * h_year the same for this out (a run's loaded data, as a sweep's forks do) and sets
     * a row to -1 when it changes the row itself. */
    int64_t *full_hist_of;
} ig_alloc_out;

/* alloc_g,t = (1 - p_t) B_t h_g + p_t B'_t o_g,t (README, "What a run does"), with B' = B
 * unless the objective part has a budget of its own. The historical part is H = B - round(p B), the
 * objective part O = round(p B'), the year's total T = H + O (= B when B' = B).
 * exact-total: every rounded column adds up per year to its whole-euro total (largest
 * remainder), so the allocations add up to T. per-line: every amount rounded on its own,
 * half away from zero, and the residual reported. `scratch` holds n_g slots. */
ingroei_status ig_allocate(const ig_alloc_in *in, ig_alloc_out *out, ig_lr_slot *scratch,
                           ingroei_error *err);

/* Whether ig_allocate and ig_allocate_parts run their loops compiled for AVX2 (x86-64)
 * where the processor has it: true unless a test sets it false; the same results to the
 * bit either way. */
extern bool ig_alloc_vector_instructions;

/* The rounded columns a lean ig_allocate leaves out: historical, objective, full_obj,
 * sum_hist and sum_obj, for the same inputs (the lean flag is not read). A lean
 * allocation followed by this gives exactly the columns of a full one. */
ingroei_status ig_allocate_parts(const ig_alloc_in *in, ig_alloc_out *out, ig_lr_slot *scratch,
                                 ingroei_error *err);

/* ---- core: arrangements (core/budget.c) ------------------------------------------- */

/* An arrangement (README, "Arrangements") pays a[t * n_g + g] whole euros (>= 0) to
 * gemeente g in year t before the keys distribute the rest of the year's budget, as the
 * financial arrangement for landelijke specialistische instellingen does.
 *
 * ig_arrangement_subtract: total[t] = sum_g a, and the budgets the keys distribute
 * become budget[t] - total[t] and budget_obj[t] - total[t] (the objective part's own
 * budget, or a copy of budget). Fails with INGROEI_ERR_DATA and *bad the year index
 * (budgets unchanged) when a year's arrangements are larger than either budget; equal is
 * allowed: the keys then distribute nothing. */
ingroei_status ig_arrangement_subtract(const int64_t *a, size_t n_g, size_t n_y, int64_t *total,
                                       int64_t *budget, int64_t *budget_obj, size_t *bad);

/* After ig_allocate (and the cap, which acts on the keys' distribution alone): each
 * gemeente's arrangement is added on top of its total, its fully historical amount, its
 * unrounded allocation and (when not NULL) its allocation before the cap, and each
 * year's arrangements to its target and its sum, so that the sum of the allocations is
 * again the year's whole budget. The parts (historical, objective) stay the keys'. */
void ig_arrangement_add(const int64_t *a, const int64_t *total, size_t n_g, size_t n_y,
                        ig_alloc_out *out, int64_t *uncapped);
/* The same for the fully objective amounts, rounded later (ig_allocate_parts). */
void ig_arrangement_add_full_obj(const int64_t *a, size_t n_g, size_t n_y, int64_t *full_obj);

/* ---- core: caps (core/cap.c) ------------------------------------------------------ */

typedef enum ig_cap_reference {
    IG_CAP_PREVIOUS_YEAR,         /* the change against last year's (capped) allocation, scaled
                                     to this year's total: a budget change is nobody's loss */
    IG_CAP_PREVIOUS_YEAR_NOMINAL, /* the same in euros, budget changes included */
    IG_CAP_HISTORICAL             /* the change against the year's fully historical allocation */
} ig_cap_reference;

/* A guarantee at a base year's allocation (README, "Caps"): from the year after base_year
 * a gemeente gets at least its allocation of base_year (after that year's cap) times a
 * weight: 1 (enacted), `factor` (rebased), or 1 - k / years in the k-th year after the
 * base year (phased_out: nothing from base_year + years on). */
typedef enum ig_guarantee_rule {
    IG_GUARANTEE_NONE,
    IG_GUARANTEE_ENACTED,
    IG_GUARANTEE_REBASED,
    IG_GUARANTEE_PHASED_OUT
} ig_guarantee_rule;

typedef struct ig_guarantee {
    ig_guarantee_rule rule;
    int base_year; /* a scenario year before the last */
    double factor; /* rebased: the factor (> 0); otherwise 1 */
    int years;     /* the years after base_year it lasts; 0: every later year (not with
                      phased_out, which needs them) */
} ig_guarantee;

/* The weight of guarantee g in `year` (NAN: it does not apply that year). */
double ig_guarantee_weight(const ig_guarantee *g, int year);

/* A cap on losses (and optionally gains) per inhabitant per year, and optionally over
 * a period, kept budget neutral (README, "Caps"). */
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
    double *min_ratio;      /* [n_y] or NULL: a floor of min_ratio x the reference, 0 < r <= 1;
                               NAN: none that year */
    double *max_ratio;      /* [n_y] or NULL: a ceiling of max_ratio x the reference, r >= 1 */
    ig_guarantee guarantee; /* rule IG_GUARANTEE_NONE: none */
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
 * sum_g clamp(d_g < 0 ? u_g : r_g + lambda d_g, lo_g, hi_g) = target (within `tol` euro;
 * exactly, on the linear piece that holds the root; GSL Brent when rounding gets in the
 * way), and writes those amounts into c. lambda <= 1 when capped losers are paid for by
 * the gainers, > 1 when capped gains go to the other gainers. Returns INGROEI_ERR_DATA
 * when no lambda >= 0 reaches the target, with *gap as in ig_cap_out. */
ingroei_status ig_cap_solve(const double *u, const double *r, const double *lo, const double *hi,
                            size_t n, double target, double tol, double *c, double *lambda,
                            double *gap);

/* What the cap of year t (which applies: t > 0 unless the reference is historical)
 * holds gemeente g to, from the allocation after ig_cap_apply, computed as ig_cap_apply
 * does: the reference (the allocation of reference_year, times `scale`), the limits in
 * whole euros (per inhabitant x inhabitants, floored), the ratio limits and the guarantee
 * (rounded towards the gemeente) and the floor and ceiling (the tightest of all limits
 * that apply; a ceiling below the floor is the floor). */
typedef struct ig_cap_bounds {
    int reference_year;
    int64_t reference_amount; /* that year's allocation (fully historical: this year's) */
    double scale;             /* this year's total / that year's (IG_CAP_PREVIOUS_YEAR), else 1 */
    double reference;         /* reference_amount x scale */
    int64_t inhabitants;
    double loss_limit, gain_limit; /* euros; NAN: no such cap this year */
    bool cumulative;               /* a cumulative period limits the year too */
    double cum_reference;          /* its reference, the allocation before the period */
    double cum_loss_limit, cum_gain_limit; /* its limits in euros; NAN: none */
    double min_ratio, max_ratio;           /* the ratio limits of the year; NAN: none */
    double ratio_floor, ratio_ceiling;     /* ratio x reference, rounded towards the gemeente
                                              (up, down); -INFINITY, INFINITY: none */
    bool guaranteed;                       /* a guarantee applies in this year */
    int64_t guarantee_amount;              /* the allocation of its base year */
    double guarantee_weight;               /* its weight this year (ig_guarantee_weight) */
    double guarantee_floor;                /* amount x weight, rounded up; -INFINITY: none */
    double floor, ceiling;         /* euros; -INFINITY, INFINITY: none */
} ig_cap_bounds;

void ig_cap_bounds_of(const ig_cap *cap, const ig_cap_in *in, const ig_alloc_out *out, size_t t,
                      size_t g, ig_cap_bounds *b);

/* Which step of ig_cap_solve settled the scale: exactness rests on the closed form, and
 * Brent is the fallback for rounding, so a test can check how often it is needed. */
typedef enum ig_cap_how {
    IG_CAP_HOW_NONE,   /* no scale: the year is infeasible */
    IG_CAP_HOW_BOUND,  /* the scale is 1, 0 or the largest useful scale, at which the
                          amounts already add up */
    IG_CAP_HOW_SECANT, /* the excess is one linear piece over the bracket */
    IG_CAP_HOW_PIECE,  /* the root on the linear piece found by walking the breakpoints */
    IG_CAP_HOW_NEWTON, /* that root, corrected by one Newton step on its piece */
    IG_CAP_HOW_BRENT   /* GSL's Brent method: rounding kept the closed form off target */
} ig_cap_how;

/* ig_cap_solve, also saying in *how (when not NULL) which step settled the scale. */
ingroei_status ig_cap_solve_how(const double *u, const double *r, const double *lo,
                                const double *hi, size_t n, double target, double tol, double *c,
                                double *lambda, double *gap, ig_cap_how *how);

/* Applies the cap year by year to an allocation made by ig_allocate (whose total,
 * full_hist, target, sum_total and residual it reads; total, sum_total and residual it
 * rewrites). The cap works on whole euros: the rounded allocation without the cap is the
 * starting point, the references are the rounded allocations of other years (scaled to
 * this year's total for IG_CAP_PREVIOUS_YEAR) or of the fully historical key, and the
 * limits are whole euros rounded towards the gemeente, so that the rounded allocation
 * never crosses them. `work` holds 6 * n_g doubles. An infeasible year fails with
 * INGROEI_ERR_DATA unless cap->relax_infeasible. */
ingroei_status ig_cap_apply(const ig_cap *cap, const ig_cap_in *in, ig_alloc_out *out,
                            ig_cap_out *co, ig_lr_slot *slots, double *work, ingroei_error *err);

/* Whether ig_cap_apply sets up its years with the processor's rounding instruction
 * (x86 SSE4.1 ROUNDSD) where the processor has it: true unless a test sets it false to
 * run the set-up every other processor runs. Both give the same values to the bit. */
extern bool ig_cap_round_instructions;

/* Whether ig_cap_apply sets up its loss-only years four gemeenten at a time (x86 AVX2)
 * where the processor has it: true unless a test sets it false; the same values to the
 * bit as the set-up without it. */
extern bool ig_cap_vector_instructions;

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

/* Whether ig_bfv_solve runs its variant for processors with AVX2 (x86) where the
 * processor has it: true unless a test sets it false; the same shares, *bad and *uf to
 * the bit either way. */
extern bool ig_key_vector_instructions;

/* Both steps at once; `scratch` holds n_g doubles. */
ingroei_status ig_bfv_shares(const double *units, const double *weight, const bool *scaled,
                             size_t n_m, size_t n_g, double budget, double *shares, double *uf,
                             double *scratch, size_t *bad);

/* The regional objective key (as the DU MO's of 2010): the units of every gemeente with
 * a known region (region[g] the index of its centrumgemeente, -1 when unknown) are
 * summed per maatstaf onto that centrumgemeente and set to 0 for the other members, in
 * place; a gemeente without a known region keeps its own units, and so is paid on its
 * own. Each maatstaf's total is unchanged (up to the order of the additions), so the
 * key still adds up to the budget it distributes. region[c] == c for each centre. */
void ig_regional_units(double *units, size_t n_m, size_t n_g, const long *region);

/* ---- core: the algemene uitkering line by line (core/au.c) ------------------------ */

/* The published form of an objective allocation (Bfv 2001 art. 1c): per gemeente g and
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

#endif /* IG_CORE_H */
