/*
 * run.h - one run of a scenario: the loaded data (gemeenten, keys, volumes, budgets),
 * the inputs and their receipt, the computation through core/, and what a run writes
 * (its CSV tables, summary.json, pictures, report.html and workbook). Uses report/,
 * io/, core/ and base/; the features (audit/, compare/, sweep/) build on it.
 */
#ifndef IG_RUN_H
#define IG_RUN_H

#include "report/report.h"

/* ---- a run (run/run.c) ---------------------------------------------------------------- */

/* A herindeling: from `date` on, old_code is part of new_code. */
typedef struct ig_merge {
    char date[11]; /* YYYY-MM-DD */
    char *old_code, *old_name;
    char *new_code;
    bool used; /* data of old_code was summed onto new_code in this run */
} ig_merge;

/* A warning of a run (run/warnings.c): something a user would not notice, which
 * changes no number. */
typedef struct ig_warning {
    char code[48];  /* stable, snake_case: path_starts_before_first_year, ... */
    char *message;  /* lower case, no full stop */
} ig_warning;

/* What a fork (ig_run_fork) remembers of the year y of its last compute, so that the
 * next scenario does not make again what would come out the same. A row of the key at
 * the objective part depends only on the amount it is solved for, p x the objective
 * budget (bases are the loaded data's); the allocation before the cap only on the
 * year's two budgets, p, the rounding and those rows (with h, the loaded data's). */
typedef struct ig_fork_memo {
    double part_p, part_b; /* row y of o_part was made for this p and objective budget
                              (NaN: none) */
    bool alloc;            /* the year's allocation below stands (false: none) */
    double alloc_p;
    int64_t alloc_b, alloc_bo;
    ig_rounding alloc_rounding;
    int64_t sum_total, residual; /* its sum and residual before the cap; its total row
                                    before the cap is cap.uncapped's */
} ig_fork_memo;

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
    double *o_full_of;     /* a fork's [n_y]: the budget row y of o_full was solved for (NaN: none) */
    struct ig_fork_memo *memo; /* a fork's [n_y]: what its last compute kept per year */
    double *units;         /* [n_m * n_g] volumes of the key's maatstaven */
    double *weight;        /* [n_m] */
    bool *scaled;          /* [n_m] */
    double *key_b, *key_a; /* [n_g] B_g and A_g of the objective key */
    double key_sum_b, key_sum_a;
    /* Inputs per year (README, "Inputs per year"), loaded data like the above; NULL when
     * the scenario gives none, and then every year uses h, h_amount, key_b, ... : */
    double *h_year;        /* [n_y * n_g] historical shares of each year (the key's own
                              in years historical_per_year does not list) */
    double *h_amount_year; /* [n_y * n_g] the amounts behind them */
    double *h_total_year;  /* [n_y] their sums */
    const char **h_circulaire_year; /* [n_y] the circulaire of each year's amounts
                                       (pointing into the scenario or the model) */
    double *units_year;    /* [n_y * n_m * n_g] volumes of each year (the key's own in
                              years objective_volumes_per_year does not list) */
    double *key_b_year, *key_a_year;         /* [n_y * n_g] B_g and A_g of each year */
    double *key_sum_b_year, *key_sum_a_year; /* [n_y] */
    long *region;     /* [n_g] with `regions`: the index of the gemeente's
                         centrumgemeente, or -1 when it has no known region */
    char **region_kind, **region_source; /* [n_g] with `regions`: of a centrumgemeente,
                         the soort and bron of its own row (NULL for the others) */
    ig_merge *merges; /* herindelingen of the dataset, when it has them */
    size_t n_merges;
    ig_hist_model hist;
    ig_obj_model obj;
    ig_input *inputs; /* [n_inputs], room for inputs_cap (base/vec.h) */
    size_t n_inputs, inputs_cap;
    ig_alloc_out out;  /* arrays of n_y * n_g (sums and residual: n_y) */
    ig_cap_out cap;    /* what the scenario's cap did (all zero effect without one) */
    ig_lr_slot *slots; /* [n_g] scratch */
    double *cap_work;  /* [6 * n_g] scratch (see ig_cap_apply) */
    bool borrowed;     /* a fork (ig_run_fork): the loaded data belong to another run */
    bool lean;         /* compute only what a sweep reads (see ig_alloc_in.lean) */
    ig_warning *warnings; /* [n_warnings], every run's own (a fork's too) */
    size_t n_warnings;
    /* Arrangements (README, "Arrangements"), work arrays of every run (a fork's own),
     * made on the first compute of a scenario that has them: */
    int64_t *arrangement;       /* [n_y * n_g] paid before the keys, whole euros */
    int64_t *arrangement_total; /* [n_y] their sum per year */
    long *arrangement_g;        /* per payment of the scenario's arrangements, in order:
                                   the gemeente it goes to */
    bool *parts_due;   /* [1] the rounded parts (historical, objective, full_obj and their
                          sums) are still to be made: ig_run_parts makes them when first
                          read, so a compute rounds only what it consumes */
    struct ig_regelingen *multi; /* with several regelingen (run/regelingen.c): the run of
                          each, of which this run holds the total; NULL for one regeling */
};

/* The inputs of year index y: the year's own where the scenario gives inputs per year,
 * otherwise the keys' (README, "Inputs per year"). */
static inline const double *ig_run_h(const ingroei_run *r, size_t y)
{
    return r->h_year ? r->h_year + y * r->n_g : r->h;
}
static inline const double *ig_run_h_amount(const ingroei_run *r, size_t y)
{
    return r->h_amount_year ? r->h_amount_year + y * r->n_g : r->h_amount;
}
static inline double ig_run_h_total(const ingroei_run *r, size_t y)
{
    return r->h_total_year ? r->h_total_year[y] : r->h_total;
}
static inline const double *ig_run_units(const ingroei_run *r, size_t y)
{
    return r->units_year ? r->units_year + y * r->obj.n_maatstaven * r->n_g : r->units;
}
static inline const double *ig_run_key_b(const ingroei_run *r, size_t y)
{
    return r->key_b_year ? r->key_b_year + y * r->n_g : r->key_b;
}
static inline const double *ig_run_key_a(const ingroei_run *r, size_t y)
{
    return r->key_a_year ? r->key_a_year + y * r->n_g : r->key_a;
}
static inline double ig_run_key_sum_b(const ingroei_run *r, size_t y)
{
    return r->key_sum_b_year ? r->key_sum_b_year[y] : r->key_sum_b;
}
static inline double ig_run_key_sum_a(const ingroei_run *r, size_t y)
{
    return r->key_sum_a_year ? r->key_sum_a_year[y] : r->key_sum_a;
}

/* The arrangements of the run's scenario (README, "Arrangements"): each gemeente's amount
 * in year y, and the year's total; NULL and 0 when the scenario has none. r->budget and
 * r->budget_obj are then the budgets the keys distribute: the year's budget minus the
 * arrangements. */
static inline const int64_t *ig_run_arrangement(const ingroei_run *r, size_t y)
{
    return r->sc->n_arrangements && r->arrangement ? r->arrangement + y * r->n_g : NULL;
}
static inline int64_t ig_run_arrangement_total(const ingroei_run *r, size_t y)
{
    return r->sc->n_arrangements && r->arrangement_total ? r->arrangement_total[y] : 0;
}

/* Rounds the parts of the last compute if that was not done yet (ig_allocate_parts).
 * Everything that reads out.historical, out.objective, out.full_obj, out.sum_hist or
 * out.sum_obj calls it first (ingroei_run_write, ingroei_run_row, the explanation). Not
 * for two threads on one run. */
ingroei_status ig_run_parts(const ingroei_run *r, ingroei_error *err);

/* A run for computing other variants of its scenario, e.g. in another thread: it
 * borrows `base`'s loaded data (gemeenten, keys, volumes), which must outlive it and
 * not change, and has work arrays of its own. It computes lean: the allocation, its
 * fully historical counterpart and the cap, not the other rounded columns. Free it
 * with ingroei_run_free. */
ingroei_status ig_run_fork(const ingroei_run *base, ingroei_run **out, ingroei_error *err);

/* Makes a fork forget what its computes kept (the key rows, the fully historical rows,
 * the allocations before the cap): its next compute makes everything anew, as a fresh
 * fork's first does (a benchmark of the compute itself). Nothing for a run that is no
 * fork. */
void ig_run_fork_forget(ingroei_run *r);

/* Computes the run for `sc`, a variant of the scenario it was loaded for (the same
 * dataset, keys, boundaries, years and budget form; other path, cap or budget
 * numbers). Budget sources in words are not made. */
ingroei_status ig_run_compute_scenario(ingroei_run *run, const ingroei_scenario *sc,
                                       ingroei_error *err);

/* A run of `sc` on the data loaded by `base` (ig_run_fork), computed in full: every
 * column and the budget sources in words, exactly as ingroei_run_new computes it. `sc`
 * must name the dataset, keys, regions, boundaries and years `base` was loaded for
 * (the caller checks; ig_run_same_data); its path, cap, budget and rounding may differ.
 * `base` is only read, so several threads may each fork it at once. Its receipt
 * (inputs) is the base's. */
ingroei_status ig_run_fork_full(const ingroei_run *base, const ingroei_scenario *sc,
                                ingroei_run **out, ingroei_error *err);

/* The scenario's arrangements (run/arrangement.c), after the budgets are made: finds
 * each payment's gemeente, checks that a year's arrangements fit in its budgets (and
 * leave a cap something to hold), fills r->arrangement and takes them off r->budget and
 * r->budget_obj. Errors name the scenario's line and column. */
ingroei_status ig_run_arrangements(ingroei_run *r, ingroei_error *err);
/* After the keys and the cap: adds each gemeente's arrangement to its allocation (see
 * ig_arrangement_add). */
void ig_run_arrangements_add(ingroei_run *r);

/* Makes the run's warnings (run/warnings.c) from its scenario and its computed path;
 * earlier ones are dropped. Fails only for want of memory. */
ingroei_status ig_run_warnings(ingroei_run *run, ingroei_error *err);
void ig_run_warnings_free(ingroei_run *run);

/* Whether year y's budget is a published (or base) amount rather than one derived by
 * a rule or built from mutations. */
bool ig_run_budget_published(const ingroei_run *run, size_t y);

/* Verschil per inwoner of gemeente g in year y (euro; 0 without inhabitants). */
double ig_run_gain_per_inhabitant(const ingroei_run *run, size_t y, size_t g);

/* ---- several regelingen in one scenario (run/regelingen.c) ------------------------ */

/* A scenario with `regelingen` (README, "Several regelingen") is run as one ordinary run
 * per regeling, each computed by the code of a single run (its own budget, keys, path and
 * cap), and a run that holds their total: it borrows the gemeenten, inhabitants and
 * regions of a regeling that has every scenario year, and its allocations, parts, budgets
 * and sums are the sums over regelingen, so that every table of one regeling
 * (allocations.csv, budget.csv, regios.csv) shows the total. */
typedef struct ig_regelingen {
    size_t n;
    ingroei_run **run;  /* [n] each regeling's own run, in the scenario's order */
    size_t *offset;     /* [n] its first year's index among the scenario's years */
    ig_input *inputs;   /* [n_inputs] the receipt of the total: every run's inputs once */
    size_t n_inputs;
    char *notice;       /* what is illustrative, over the regelingen; NULL when nothing */
} ig_regelingen;

/* Loads and computes every regeling of `sc` and their total into *out; a key whose
 * regeling differs from the entry's is refused unless the entry gives a reason. */
ingroei_status ig_regelingen_run_new(ingroei_run **out, const ingroei_scenario *sc,
                                     ingroei_error *err);
/* Recomputes every regeling's run and the total. */
ingroei_status ig_regelingen_compute(ingroei_run *total, ingroei_error *err);
void ig_regelingen_free(ig_regelingen *m);
/* regelingen.csv: per year and gemeente a row per regeling that has the year, then one
 * for the total (regeling "totaal"). */
void ig_regelingen_csv(ig_buf *b, const ingroei_run *total, ingroei_csv_dialect dialect);
/* budget_opbouw.csv of every regeling, its name before each line's deel. */
void ig_regelingen_csv_budget_lines(ig_buf *b, const ingroei_run *total,
                                    ingroei_csv_dialect dialect);
/* summary.json of a scenario with regelingen: the receipt, each regeling with its keys'
 * regelingen and its own summary, and per year the totals; false for want of memory. */
bool ig_regelingen_summary_json(ig_buf *b, const ingroei_run *total);

/* ---- loading a run's data (run/dataset.c, run/inputs.c) ------------------------- */

/* Each fills its part of the run from the files the scenario names, recording every
 * file in the receipt; ig_load_gemeenten comes first (the others look gemeenten up). */
ingroei_status ig_load_gemeenten(ingroei_run *run, ingroei_error *err);
ingroei_status ig_load_historical(ingroei_run *run, ingroei_error *err);
ingroei_status ig_load_objective(ingroei_run *run, ingroei_error *err);
ingroei_status ig_load_regions(ingroei_run *run, ingroei_error *err);
/* The scenario's inputs per year (historical_per_year, objective_volumes_per_year), after
 * the keys; without them nothing is loaded. The bases of each year's volumes are made
 * here (key_b_year, ...), those of the key's own by the caller. */
ingroei_status ig_load_inputs_per_year(ingroei_run *run, ingroei_error *err);

/* `path` as the receipt shows it: relative to the scenario file's directory, so that
 * the receipt does not depend on where the program was started. New string. */
char *ig_run_receipt_path(const ingroei_run *run, const char *path);

/* Adds an input file to the receipt: its path as shown, the SHA-256 of the bytes that
 * were parsed, and where its numbers come from. */
ingroei_status ig_run_add_input(ingroei_run *run, const char *path, const char *sha256,
                                const char *source, ingroei_error *err);
/* Adds a CSV file to the receipt; its comment lines are its source. */
ingroei_status ig_run_add_csv_input(ingroei_run *run, const ig_csv *t, ingroei_error *err);

/* The scenario line of a chart's title (run/dataset.c): the scenario's name, followed
 * for an own key (a key file) by "eigen sleutel: FILE (SHA-256 first 12 digits...)".
 * New string, or NULL without memory. */
char *ig_run_chart_scenario(const ingroei_run *run);

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

/* ---- outputs and pictures (run/tables.c, summary.c, plot.c, xlsx.c) ------------- */

/* Writes the pictures' data files and gnuplot scripts into `dir` and runs gnuplot
 * there (cwd = dir). `gemeente` is an index or SIZE_MAX for none. Names of the files
 * made are appended to `report`. Without gnuplot the scripts are still written and
 * report->plots_skipped is set. */
ingroei_status ig_plots_write(const ingroei_run *run, const char *dir, size_t gemeente,
                              size_t map_y, const char *gnuplot, ingroei_output_report *report,
                              ingroei_error *err);

/* The map (run/plot.c): the borders of the gemeenten of 1 January IG_GEOMETRY_YEAR, in
 * the dataset's IG_GEOMETRY_FILE (made by tools/import; see io/geometry.c). */
#define IG_GEOMETRY_FILE "gemeenten_geometrie_2025.csv"
#define IG_GEOMETRY_YEAR 2025

/* Builds kaart.dat and kaart.gp: each gemeente of IG_GEOMETRY_YEAR filled by its gain or
 * loss per inhabitant against the fully historical allocation in year index y (merged
 * gemeenten summed), on a colour scale symmetric around 0. When the dataset has no
 * geometry file, or the scenario's boundaries are later than the borders, nothing is
 * built: *made is false and `note` says why. A geometry file that is there but wrong is
 * an error. */
ingroei_status ig_map_build(const ingroei_run *run, size_t y, ig_buf *dat, ig_buf *gp, bool *made,
                            char *note, size_t note_size, ingroei_error *err);

/* The run's CSV tables in `dialect` (run/tables.c), each a whole file's bytes:
 * allocations.csv, every gemeente's years or only gemeente `only`'s (an index, or
 * SIZE_MAX for all); budget.csv; budget_opbouw.csv; regios.csv (only with regions). */
void ig_run_csv_allocations(ig_buf *b, const ingroei_run *run, size_t only,
                            ingroei_csv_dialect dialect);
void ig_run_csv_budget(ig_buf *b, const ingroei_run *run, ingroei_csv_dialect dialect);
void ig_run_csv_budget_lines(ig_buf *b, const ingroei_run *run, ingroei_csv_dialect dialect);
void ig_run_csv_regions(ig_buf *b, const ingroei_run *run, ingroei_csv_dialect dialect);
/* The rows of budget_opbouw.csv (no header) of `run`; with `regeling`, its name goes
 * before each line's deel ("iu_beschermd_wonen: historisch en objectief"). */
void ig_run_csv_budget_lines_of(ig_csv_row *w, const ingroei_run *run, const char *regeling);

/* The files of a run's tables, rendered into memory by the functions above (run/write.c):
 * allocations.csv, budget.csv, budget_opbouw.csv, regios.csv (with regions),
 * regelingen.csv (with several regelingen),
 * summary.json and, when `only` is a gemeente's index, gemeente_CODE.csv, in that order.
 * ingroei_run_write writes exactly these bytes; ingroei serve answers with them. A buffer
 * whose allocation failed is marked failed (its writer reports it). */
#define IG_RUN_MAX_TABLES 7
typedef struct ig_run_table {
    char name[64];
    ig_buf data;
} ig_run_table;
typedef struct ig_run_tables {
    size_t n;
    ig_run_table table[IG_RUN_MAX_TABLES];
} ig_run_tables;
ingroei_status ig_run_render(const ingroei_run *run, size_t only, ingroei_csv_dialect dialect,
                             ig_run_tables *out, ingroei_error *err);
void ig_run_tables_free(ig_run_tables *t);
/* The rendered file `name`, or NULL. */
const ig_buf *ig_run_tables_get(const ig_run_tables *t, const char *name);

/* summary.json of the run (run/summary.c); false for want of memory. */
bool ig_run_summary_json(ig_buf *b, const ingroei_run *run);
/* The scenario's cap as resolved (its limits year by year; null without one) as field
 * `key` of the receipt's scenario (indent 2, followed by a comma). */
void ig_run_json_cap(ig_buf *b, const ingroei_run *r, const char *key);
/* What the cap did in year y as field "cap" of the year (indent 3, followed by a
 * comma): whether it applied, the scale of the gains, and which gemeenten it held at
 * their loss or gain cap; null when it did not apply. */
void ig_run_json_cap_year(ig_buf *b, const ingroei_run *r, size_t y);
/* The receipt's "warnings" field (indent 1, followed by a comma). */
void ig_run_json_warnings(ig_buf *b, const ingroei_run *r);
/* The receipt's inputs, one object a line (file, sha256, source), inside its list. */
void ig_run_json_inputs(ig_buf *b, const ingroei_run *r);
/* The 10 largest gainers (losers) per inhabitant of year y as a JSON list, `order` the
 * gemeenten by gain per inhabitant (ig_run_rank). */
void ig_run_json_ranking(ig_buf *b, const ingroei_run *r, size_t y, const size_t *order,
                         bool losers);

/* The rows of allocations.csv and budget.csv as cells, for the CSV files and the
 * workbook alike (run/tables.c). */
#define IG_N_ALLOC_COLUMNS 21
extern const ig_column ig_alloc_columns[IG_N_ALLOC_COLUMNS];
/* Gemeente g in year y, into cells[IG_N_ALLOC_COLUMNS]. */
void ig_run_alloc_cells(const ingroei_run *run, size_t y, size_t g, ig_cell *cells);
#define IG_N_BUDGET_COLUMNS 18
extern const ig_column ig_budget_columns[IG_N_BUDGET_COLUMNS];
/* The totals of year y, into cells[IG_N_BUDGET_COLUMNS]. */
void ig_run_budget_cells(const ingroei_run *run, size_t y, ig_cell *cells);

/* Writes the run's workbook, IG_RUN_WORKBOOK, into `dir` (run/xlsx.c): the
 * overview per year, all gemeenten per year, gemeente `gemeente`'s years (an index, or
 * SIZE_MAX for none), the gemeenten held at a cap, and the sources of the inputs. The
 * name is appended to `report`. */
#define IG_RUN_WORKBOOK "ingroei.xlsx"
ingroei_status ig_run_write_xlsx(const ingroei_run *run, const char *dir, size_t gemeente,
                                 ingroei_output_report *report, ingroei_error *err);

/* The inputs of a run as the workbooks' Bronnen sheets list them: each file, its
 * vintage, SHA-256 and source (run/xlsx.c). ig_xl_run_sources writes a row per
 * input of `run` into the current sheet, with `label` in a column before these when it
 * is not NULL (a comparison names the scenario). */
#define IG_N_SOURCE_COLUMNS 4
extern const ig_column ig_source_columns[IG_N_SOURCE_COLUMNS];
void ig_xl_run_sources(ig_xl *x, const ingroei_run *run, const char *label);

/* The IG_N_RANKED largest gainers, then the IG_N_RANKED largest losers, per inhabitant
 * in the last year (fewer when there are fewer than 2 * IG_N_RANKED gemeenten), into
 * pick (2 * IG_N_RANKED slots); their number in *n. Fails only for want of memory. */
#define IG_N_RANKED 15
ingroei_status ig_plot_extremes(const ingroei_run *run, size_t *pick, size_t *n);

/* ---- the report of a run (run/html.c) --------------------------------------------------- */

/* Writes report.html (and report.gp, report.dat: the gnuplot script and data of its
 * charts) into `dir`. `draw` is zero when no picture may be drawn (--no-plots); without a
 * working gnuplot the report is still written and says where its charts are missing and
 * why (and report->plots_skipped, report->note say so too). */
ingroei_status ig_html_report_write(const ingroei_run *run, const char *dir, int draw,
                                    const char *gnuplot, ingroei_output_report *report,
                                    ingroei_error *err);

#endif /* IG_RUN_H */
