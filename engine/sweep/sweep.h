/*
 * sweep.h - thousands of variants of one scenario: the sweep file (sweep/load.c), the
 * parallel computation and its results (sweep/sweep.c), and the merge of shards
 * (sweep/merge.c). A feature over run/; it never includes another feature.
 */
#ifndef IG_SWEEP_H
#define IG_SWEEP_H

#include "run/run.h"

/* ---- sweeps (sweep/load.c, sweep.c) ----------------------------------------------- */

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

/* GSL's Sobol sequence has at most this many dimensions: a parameter each. */
#define IG_SWEEP_SOBOL_MAX 40

struct ingroei_sweep {
    char *file;
    char sha256[65];
    char *name;
    ingroei_scenario *base; /* the base scenario, loaded */
    ig_sweep_param *params; /* [n_params], the first varies slowest in the grid */
    size_t n_params;
    bool sample; /* a seeded sample of the grid rather than the whole grid */
    bool sobol;  /* the sample is the Sobol sequence (gsl_qrng_sobol), not random draws */
    uint64_t seed;
    size_t n_scenarios;    /* grid: the product of the value counts; sample: `samples` */
    double loss_threshold; /* euro per inhabitant: counted per scenario */
};

/* Whether a sweep's per-scenario figures take their fast path (loops compiled for AVX2
 * on x86-64 processors that have it, and two divisions per gemeente for a run of years
 * with the same inhabitants): true unless a test sets it false for the reference path
 * (plain loops, a division per gemeente and year); the same bytes either way. */
extern bool ig_sweep_fast_figures;

/* ---- what a sweep writes (sweep.c), also after a merge (merge.c) -------------------- */

/* Per gemeente, over the scenarios noted so far, in cents: [0] the smallest and [1] the
 * largest difference per inhabitant in the last year, [2] the smallest and [3] the
 * largest yearly loss per inhabitant; at[k][g] is the scenario that gave v[k][g], the
 * earliest on a tie, so that the result does not depend on the order of noting
 * (SIZE_MAX before any). */
#define IG_SWEEP_N_RANGES 4
typedef struct ig_sweep_ranges {
    int64_t *v[IG_SWEEP_N_RANGES];
    size_t *at[IG_SWEEP_N_RANGES];
    size_t n_g;
} ig_sweep_ranges;

/* Empty ranges for n_g gemeenten; false for want of memory (clear it all the same). */
bool ig_sweep_ranges_init(ig_sweep_ranges *r, size_t n_g);
void ig_sweep_ranges_clear(ig_sweep_ranges *r);
/* Notes value v of range k for gemeente g from `scenario`. */
void ig_sweep_ranges_note(ig_sweep_ranges *r, int k, size_t g, int64_t v, size_t scenario);
/* Notes every range of `from` in `into` (both for the same gemeenten). */
void ig_sweep_ranges_merge(ig_sweep_ranges *into, const ig_sweep_ranges *from);

/* The per-gemeente quantiles (p5, median, p95) come from a fixed sample of the sweep's
 * scenarios, kept whole: every scenario when the sweep has at most IG_SWEEP_SAMPLE, else
 * the IG_SWEEP_SAMPLE scenarios that a fixed pseudo-random permutation of the scenario
 * numbers (a Feistel network over [0, n), cycle-walked) puts first. Which scenarios are in
 * it depends only on the number of scenarios of the whole sweep, so every thread and
 * every shard fills the same slots and the merged shards give the same quantiles as one
 * run; memory is IG_SWEEP_SAMPLE values per gemeente and quantity whatever the size of
 * the sweep. The quantiles are GSL's (gsl_stats_quantile_from_sorted_data) over the
 * filled slots: exact up to IG_SWEEP_SAMPLE scenarios, those of a uniform sample beyond. */
#define IG_SWEEP_SAMPLE 1000
typedef struct ig_sweep_sample {
    size_t n_scenarios; /* of the whole sweep */
    size_t k;           /* slots: min(n_scenarios, IG_SWEEP_SAMPLE) */
    size_t n_g;
    unsigned half; /* the permutation's half width in bits (0: no permutation) */
    int64_t *v[2]; /* [g * k + slot], cents: [0] last-year difference, [1] largest yearly loss */
    size_t *at;    /* [k] the scenario in each slot; SIZE_MAX while empty */
} ig_sweep_sample;

/* An empty sample of a sweep of n_scenarios for n_g gemeenten; false for want of memory
 * (clear it all the same). */
bool ig_sweep_sample_init(ig_sweep_sample *s, size_t n_scenarios, size_t n_g);
void ig_sweep_sample_clear(ig_sweep_sample *s);
/* The slot of scenario `index` (< n_scenarios), or SIZE_MAX when it is not in the sample. */
size_t ig_sweep_sample_slot(const ig_sweep_sample *s, size_t index);
/* The p-quantile (0 <= p <= 1) of quantity q of gemeente g over the filled slots, in
 * cents rounded half away from zero, with scratch [k] doubles; false when no slot is
 * filled. */
bool ig_sweep_sample_quantile(const ig_sweep_sample *s, int q, size_t g, double p, double *scratch,
                              int64_t *out);
/* The same for the n_p quantiles p[0..n_p) at once (one sort), into out[0..n_p). */
bool ig_sweep_sample_quantiles(const ig_sweep_sample *s, int q, size_t g, const double *p,
                               size_t n_p, double *scratch, int64_t *out);

/* The header line of sweep.csv: the same in every shard. */
void ig_sweep_csv_header(ig_buf *b, const ingroei_sweep *sw);

/* Writes gemeente_bereik.csv and sweep.json (with the shard line: shard `shard` of
 * `count`, scenarios first..last) into the open staging directory of `stage`, and for
 * one shard of several its part of the sample (gemeente_steekproef.csv), which
 * sweep-merge reads back. The quantiles are found on `threads` threads (the bytes do
 * not depend on how many). */
ingroei_status ig_sweep_write_tail(const ig_stage *stage, const ingroei_sweep *sw,
                                   const ingroei_run *base, const ig_sweep_ranges *ranges,
                                   const ig_sweep_sample *sample, unsigned shard, unsigned count,
                                   size_t first, size_t last, unsigned threads,
                                   ingroei_output_report *report, ingroei_error *err);

#endif /* IG_SWEEP_H */
