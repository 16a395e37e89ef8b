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
/* Rewrites a path in place without "." segments and "name/.." pairs (lexically). */
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

typedef enum ig_path_kind { IG_PATH_LINEAR, IG_PATH_TABLE } ig_path_kind;

typedef struct ig_path {
    ig_path_kind kind;
    int start;     /* linear: first year with an objective share */
    int length;    /* linear: years until fully objective, >= 1 */
    double *table; /* table: p_t per scenario year, n_years values in [0, 1] */
} ig_path;

/* p_t of `year`, in [0, 1]. linear: clamp((t - start + 1) / length, 0, 1) (DOMAIN §6);
 * table: the listed share of that year (first_year is the table's first year). */
double ig_path_share(const ig_path *path, int year, int first_year);

/* ---- core: budgets (core/budget.c) ------------------------------------------------ */

typedef struct ig_budget_point {
    int year;
    int64_t amount; /* whole euros, > 0 */
    char *source;
    int line, column; /* where it was given, for messages */
} ig_budget_point;

typedef struct ig_budget_rule {
    ig_budget_point *published; /* strictly increasing years, n_published >= 1 */
    size_t n_published;
    double index_percent; /* other years: nearest published amount indexed */
    char *index_source;   /* NULL when the scenario gives no rule */
    int line, column;     /* where the rule was given, for messages */
} ig_budget_rule;

/* Budget of every year first..first+n-1. A published year takes its amount; any other
 * year takes the nearest published year's amount (the earlier on a tie) indexed by
 * index_percent per year, forward or backward, rounded half away from zero to whole
 * euros. base[i] is the published year each amount comes from (the year itself when
 * published). Fails with INGROEI_ERR_SCHEMA and *bad_year when a derived amount is not
 * between 1 and 1e15 euro. */
ingroei_status ig_budget_derive(const ig_budget_rule *rule, int first, size_t n, int64_t *amounts,
                                int *base, int *bad_year);

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
} ig_alloc_in;

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
    int64_t *residual;   /* [n_y] sum_total - budget */
} ig_alloc_out;

/* alloc_g,t = (1 - p_t) B_t h_g + p_t B_t o_g,t (DOMAIN §6). exact-total: every
 * rounded column adds up per year to its exact whole-euro total (largest remainder;
 * the objective part is round(p_t B_t), the historical part the rest), so the totals
 * add up to the budget. per-line: every amount rounded on its own, half away from
 * zero, and the residual reported. `scratch` holds n_g slots. */
ingroei_status ig_allocate(const ig_alloc_in *in, ig_alloc_out *out, ig_lr_slot *scratch,
                           ingroei_error *err);

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
    ig_budget_rule budget;
    char *historical_key; /* model file, resolved */
    char *objective_key;  /* model file, resolved */
    ig_path path;
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
} ig_csv;

ingroei_status ig_csv_read(ig_csv *out, const char *file, ingroei_error *err);
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
void ig_csv_fixed(ig_csv_row *w, double x, int decimals); /* see ig_put_fixed */
void ig_csv_empty(ig_csv_row *w);
void ig_csv_end(ig_csv_row *w);                /* ends the row with a line feed */
void ig_json_string(ig_buf *b, const char *s); /* JSON string with escapes */

/* ---- a run (run.c) ---------------------------------------------------------------- */

/* An input file as the receipt names it. */
typedef struct ig_input {
    char *display; /* path relative to the scenario's directory where possible */
    char sha256[65];
    char *source; /* where its numbers come from (model source or CSV comments) */
} ig_input;

struct ingroei_run {
    const ingroei_scenario *sc;
    size_t n_g, n_y;
    int first_year;
    char **code, **name, **province; /* [n_g], sorted by code */
    int64_t *inhabitants;            /* [n_y * n_g] */
    int *inhabitants_year;           /* [n_y]: the 1 January count used */
    int64_t *budget;                 /* [n_y] whole euros */
    int *budget_base;                /* [n_y] the published year each budget comes from */
    char **budget_source;            /* [n_y] */
    double *p;                       /* [n_y] objective share */
    double *h;                       /* [n_g] historical shares */
    double *o_part;                  /* [n_y * n_g] key shares of the objective part p B */
    double *o_full;                  /* [n_y * n_g] key shares of the whole budget B */
    double *uf_part;                 /* [n_y] uitkeringsfactor for p B (0 when p = 0) */
    double *uf_full;                 /* [n_y] uitkeringsfactor for B */
    double *units;                   /* [n_m * n_g] volumes of the key's maatstaven */
    double *weight;                  /* [n_m] */
    bool *scaled;                    /* [n_m] */
    double *key_b, *key_a;           /* [n_g] B_g and A_g of the objective key */
    double key_sum_b, key_sum_a;
    ig_hist_model hist;
    ig_obj_model obj;
    ig_input *inputs;
    size_t n_inputs;
    ig_alloc_out out;  /* arrays of n_y * n_g (sums and residual: n_y) */
    ig_lr_slot *slots; /* [n_g] scratch */
};

/* ---- loading a run's data (io/dataset.c) ------------------------------------------- */

/* Each fills its part of the run from the files the scenario names, recording every
 * file in the receipt; ig_load_gemeenten comes first (the others look gemeenten up). */
ingroei_status ig_load_gemeenten(ingroei_run *run, ingroei_error *err);
ingroei_status ig_load_historical(ingroei_run *run, ingroei_error *err);
ingroei_status ig_load_objective(ingroei_run *run, ingroei_error *err);

/* Adds an input file to the receipt: its path as shown, the SHA-256 of the bytes that
 * were parsed, and where its numbers come from. */
ingroei_status ig_run_add_input(ingroei_run *run, const char *path, const char *sha256,
                                const char *source, ingroei_error *err);

/* Index of a gemeentecode among the run's gemeenten (sorted), or -1. */
long ig_run_find_code(const ingroei_run *run, const char *code);

/* Writes into order[0..n_g) the gemeenten of year y by gain per inhabitant against the
 * fully historical allocation, largest first; equal gains by gemeentecode. Fails only
 * for want of memory. */
ingroei_status ig_run_rank(const ingroei_run *run, size_t y, size_t *order);

/* ---- outputs and pictures (io/output.c, report/plot.c) ------------------------------ */

/* `path` as the receipt shows it: relative to the scenario file's directory, so that
 * the receipt does not depend on where the program was started. New string. */
char *ig_run_receipt_path(const ingroei_run *run, const char *path);

/* Verschil per inwoner of gemeente g in year y (euro; 0 without inhabitants). */
double ig_run_gain_per_inhabitant(const ingroei_run *run, size_t y, size_t g);

/* Writes the pictures' data files and gnuplot scripts into `dir` and runs gnuplot
 * there (cwd = dir). `gemeente` is an index or SIZE_MAX for none. Names of the files
 * made are appended to `report`. Without gnuplot the scripts are still written and
 * report->plots_skipped is set. */
ingroei_status ig_plots_write(const ingroei_run *run, const char *dir, size_t gemeente,
                              const char *gnuplot, ingroei_output_report *report,
                              ingroei_error *err);

/* Writes `data` to dir/name and records the name in `report`. */
ingroei_status ig_write_file(const char *dir, const char *name, const ig_buf *data,
                             ingroei_output_report *report, ingroei_error *err);

#endif /* IG_H */
