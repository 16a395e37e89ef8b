/*
 * ingroei.h - the public door into the ingroei library: load a scenario, compute how
 * the beschermd-wonen budget moves from the historical to the objective key year by
 * year (the ingroeipad), and write the tables and pictures of a run.
 *
 * Ownership, once for the whole API:
 *   - every object handed out through an `**out` parameter belongs to the caller and is
 *     released with the matching `_free`; `_free(NULL)` is a no-op;
 *   - strings and arrays returned by accessors are borrowed from their owner and stay
 *     valid until that owner is freed;
 *   - functions return an ingroei_status; on failure they fill the caller's
 *     ingroei_error (which may be NULL) and leave every `*out` untouched or NULL.
 * The library never prints and never exits. It is not thread-safe per object, but
 * distinct objects may be used from distinct threads.
 */
#ifndef INGROEI_H
#define INGROEI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define INGROEI_VERSION "0.1.0"

typedef enum ingroei_status {
    INGROEI_OK = 0,
    INGROEI_ERR_IO,       /* a file or directory could not be read or written */
    INGROEI_ERR_SYNTAX,   /* malformed YAML or CSV */
    INGROEI_ERR_SCHEMA,   /* unknown, missing or mistyped key; value out of range */
    INGROEI_ERR_DATA,     /* inconsistent data: unknown gemeente, duplicate, missing column */
    INGROEI_ERR_NUMERIC,  /* a computation failed one of its own invariants */
    INGROEI_ERR_NOMEM,    /* out of memory */
    INGROEI_ERR_USAGE,    /* the caller passed an invalid argument */
    INGROEI_ERR_CANCELLED /* the caller asked to stop (nothing was written) */
} ingroei_status;

/* Where and why something failed. `file` is "" and line/column are 0 when unknown;
 * line and column are 1-based. `message` is lower case without a final full stop. */
typedef struct ingroei_error {
    ingroei_status status;
    char file[1024];
    int line;
    int column;
    char message[1024];
} ingroei_error;

/* The library version, INGROEI_VERSION. */
const char *ingroei_version(void);

/* One-time set-up: switches GSL's aborting error handler off. Idempotent; call it
 * before anything else (every other entry point also calls it). */
void ingroei_init(void);

/* Formats `err` as "file:line:column: message" (parts omitted when unknown) into buf. */
const char *ingroei_error_format(const ingroei_error *err, char *buf, size_t size);

/* Reads `text` as a number in the grammar of every input of ingroei (README "Limits"):
 * an optional sign, digits without a leading zero ("0" alone), optionally a point and
 * digits, optionally an exponent; no hexadecimal, spaces, "inf" or "nan". Whatever
 * the locale. False, with *out unchanged, for anything else or a value out of range. */
bool ingroei_parse_number(const char *text, double *out);

/* ---- scenarios ------------------------------------------------------------------ */

typedef struct ingroei_scenario ingroei_scenario;

/* Reads and validates a scenario YAML file; every path inside it is resolved
 * relative to the file. Unknown keys, wrong types and out-of-range values fail with
 * INGROEI_ERR_SCHEMA and the position of the offending node. */
ingroei_status ingroei_scenario_load(ingroei_scenario **out, const char *path, ingroei_error *err);
void ingroei_scenario_free(ingroei_scenario *scenario);
/* The scenario's name (its `name` key); belongs to the scenario. */
const char *ingroei_scenario_name(const ingroei_scenario *scenario);

/* ---- runs ----------------------------------------------------------------------- */

typedef struct ingroei_run ingroei_run;

/* Loads the scenario's dataset and models and computes every year. The run refers
 * to the scenario, which must outlive it. */
ingroei_status ingroei_run_new(ingroei_run **out, const ingroei_scenario *scenario,
                               ingroei_error *err);
void ingroei_run_free(ingroei_run *run);

/* Recomputes the allocations from the loaded inputs (used by benchmarks). */
ingroei_status ingroei_run_compute(ingroei_run *run, ingroei_error *err);

size_t ingroei_run_n_years(const ingroei_run *run);
size_t ingroei_run_n_gemeenten(const ingroei_run *run);

/* What is illustrative about the run's objective key, or NULL when the key is not
 * marked illustrative. Callers that show results should show this too. */
const char *ingroei_run_illustrative_notice(const ingroei_run *run);
/* The label of an own objective key (a key file, README "Your own key"): "own key: FILE
 * (SHA-256 ...)"; NULL when the key is a model. Shown where the notice above is. */
const char *ingroei_run_own_key(const ingroei_run *run);

/* With a regional view (scenario key `regions`): the number of gemeenten without a
 * known region; SIZE_MAX without a regional view. */
size_t ingroei_run_n_without_region(const ingroei_run *run);

/* What the run noticed that a user would not (README, "Warnings"): a path that starts
 * before the first year, one not fully objective by the last year, a name or
 * description that the path contradicts. Warnings change no number; the library never
 * prints them (the command line does, on stderr; summary.json lists them). `code` is
 * stable and snake_case, `message` lower case without a full stop; both belong to the
 * run. ingroei_run_warning gives {NULL, NULL} for an index out of range. */
typedef struct ingroei_warning {
    const char *code;
    const char *message;
} ingroei_warning;
size_t ingroei_run_n_warnings(const ingroei_run *run);
ingroei_warning ingroei_run_warning(const ingroei_run *run, size_t i);

/* Finds a gemeente by code ("GM0193") or name, folded (case, accents, punctuation and
 * spacing: "s Hertogenbosch"). A key that names none fails listing the names it may
 * mean ("Bergen": Bergen (NH.), Bergen (L.), Bergen op Zoom), or, for a gemeente that
 * merged ("Weesp", "GM0457"), into which gemeente and from when. */
ingroei_status ingroei_run_find_gemeente(const ingroei_run *run, const char *key, size_t *index,
                                         ingroei_error *err);

/* One gemeente in one year, all money in whole euros. */
typedef struct ingroei_row {
    int year;
    const char *code;
    const char *name;
    const char *province;
    int64_t inhabitants;     /* on 1 January of inhabitants_year */
    int inhabitants_year;    /* the count used for per-inhabitant figures */
    double objective_share;  /* p_t in [0, 1] */
    int64_t historical;      /* (1 - p_t) * Budget_t * h_g, rounded */
    int64_t objective;       /* p_t * Budget_t * o_g, rounded */
    int64_t total;           /* the allocation, rounded (see rounding mode) */
    int64_t full_historical; /* Budget_t * h_g: the allocation without any phase-in */
    int64_t full_objective;  /* Budget_t * o_g: the allocation at the end of the path */
    int64_t total_uncapped;  /* the allocation before the scenario's cap (= total without) */
    int cap_hit;             /* -1: held at its loss cap, +1: at its gain cap, 0: neither */
} ingroei_row;

ingroei_status ingroei_run_row(const ingroei_run *run, size_t year_index, size_t gemeente_index,
                               ingroei_row *out);

/* Totals of one year. */
typedef struct ingroei_year {
    int year;
    int64_t budget;            /* the year's total: historical part + objective part */
    int64_t budget_historical; /* the budget the historical part is taken from */
    int64_t budget_objective;  /* the objective part's budget (the same unless the
                                  scenario gives the objective part its own) */
    const char *budget_source;
    double objective_share; /* p_t */
    int64_t sum_total;      /* sum of the rounded allocations */
    int64_t residual;       /* sum_total - budget: 0 in exact-total mode */
    int cap_active;         /* a cap applied in this year */
    int cap_feasible;       /* 0: the cap could not be kept and the year is uncapped */
    size_t cap_losses;      /* gemeenten held at their loss cap */
    size_t cap_gains;       /* gemeenten held at their gain cap */
    double cap_scale;       /* the factor applied to the other gemeenten's gains */
} ingroei_year;

ingroei_status ingroei_run_year(const ingroei_run *run, size_t year_index, ingroei_year *out);

/* ---- outputs -------------------------------------------------------------------- */

/* How the CSV files of a run are written. */
typedef enum ingroei_csv_dialect {
    INGROEI_CSV_RFC4180 = 0, /* ',' between cells, '.' as decimal point (the default) */
    INGROEI_CSV_NL           /* for a Dutch Excel: ';' between cells, decimal comma, and a
                                UTF-8 byte-order mark */
} ingroei_csv_dialect;

typedef struct ingroei_output_options {
    const char *dir;      /* output directory, created when missing */
    const char *gemeente; /* code or name for a gemeente's table and curve, or NULL */
    int plots;            /* non-zero: write plot data and scripts, run gnuplot */
    const char *gnuplot;  /* gnuplot program; NULL: "gnuplot" looked up on PATH */
    int xlsx;             /* non-zero: also write the workbook ingroei.xlsx */
    ingroei_csv_dialect csv_dialect;
    int html; /* non-zero: also write report.html, one self-contained page (with
                 `plots`, its charts' report.gp and report.dat) */
    /* A comparison's workbook (ingroei_compare_write): called from the calling thread
     * after every block of rows written, with the rows done of all its sheets' rows;
     * after the last, packing the file takes some four times as long and reports
     * nothing. May be NULL. */
    void (*progress)(void *context, size_t done, size_t total);
    void *progress_context;
    /* When it becomes non-zero the comparison's workbook stops within some 50 ms (the
     * process that writes it is ended, also while it packs), nothing is written and
     * the write returns INGROEI_ERR_CANCELLED. May be NULL. */
    volatile int *cancel;
    int map_year; /* the year the map (kaart.*) shows; 0: the last year of the scenario */
} ingroei_output_options;

#define INGROEI_OUTPUT_OPTIONS_INIT                                                                \
    {                                                                                              \
        NULL, NULL, 1, NULL, 0, INGROEI_CSV_RFC4180, 0, NULL, NULL, NULL, 0                        \
    }

#define INGROEI_MAX_OUTPUT_FILES 32

/* What a write produced, for the caller to tell its user. */
typedef struct ingroei_output_report {
    size_t n_files;
    char files[INGROEI_MAX_OUTPUT_FILES][128]; /* names relative to the directory */
    int plots_skipped;                         /* non-zero when no picture was drawn */
    char note[512];                            /* why pictures were skipped, or "" */
} ingroei_output_report;

/* Writes allocations.csv, budget.csv, summary.json, the pictures and, when asked, the
 * workbook ingroei.xlsx and report.html. All files are first written to a staging
 * directory inside `dir` and renamed into place only when every one of them succeeded:
 * a failed write leaves earlier results untouched. A missing gnuplot is not an error:
 * the tables are written and the report says why the pictures were skipped. */
ingroei_status ingroei_run_write(const ingroei_run *run, const ingroei_output_options *options,
                                 ingroei_output_report *report, ingroei_error *err);

/* Writes the fully resolved scenario of the run to `file` (YAML): every default explicit,
 * every number written so that it reads back exactly, every path relative to `file`, and
 * the SHA-256 of the files it names in comments. Running it reproduces the run's tables
 * byte for byte. Written through a temporary file and a rename. */
ingroei_status ingroei_run_write_resolved(const ingroei_run *run, const char *file,
                                          ingroei_error *err);

/* ---- scenarios side by side ------------------------------------------------------------ */

typedef struct ingroei_compare ingroei_compare;

/* Compares computed runs (two or more; the first is the one the others are measured
 * against). They must divide the money over the same gemeenten, or this fails with
 * INGROEI_ERR_DATA naming the scenario that differs. `reference_year` is the year of the
 * rankings; 0 takes the last year every scenario has. The comparison borrows the runs,
 * which must outlive it. */
ingroei_status ingroei_compare_new(ingroei_compare **out, const ingroei_run *const *runs, size_t n,
                                   int reference_year, ingroei_error *err);
void ingroei_compare_free(ingroei_compare *compare);

size_t ingroei_compare_n_scenarios(const ingroei_compare *compare);
int ingroei_compare_reference_year(const ingroei_compare *compare);

/* One scenario of a comparison in the reference year. Strings are borrowed. */
typedef struct ingroei_compare_scenario {
    const char *label; /* the scenario file's stem, made unique ("default", "default_2") */
    const char *name;  /* the scenario's own name */
    const char *file;
    int first_year, last_year;
    int illustrative; /* its objective key is illustrative */
    int64_t total;    /* sum of its allocations */
    size_t n_losers;  /* gemeenten below their fully historical allocation */
    size_t n_gainers;
    const char *largest_loss_code, *largest_loss_name; /* per inhabitant, against the */
    double largest_loss_per_inhabitant;                /* fully historical allocation */
    const char *largest_gain_code, *largest_gain_name;
    double largest_gain_per_inhabitant;
    /* Against the first scenario (not set for the first): the gemeente whose allocation
     * differs most per inhabitant, and by how much. */
    const char *largest_diff_code, *largest_diff_name;
    int64_t largest_diff;
    double largest_diff_per_inhabitant;
} ingroei_compare_scenario;

ingroei_status ingroei_compare_get_scenario(const ingroei_compare *compare, size_t i,
                                            ingroei_compare_scenario *out, ingroei_error *err);

/* Writes, atomically as ingroei_run_write does: compare.csv (tidy: a row per scenario per
 * gemeente per year with the difference to the first scenario), compare_breed.csv (a row
 * per year per gemeente with every scenario's columns side by side), ranking.csv (per
 * scenario the gemeenten from largest loss to largest gain per inhabitant in the
 * reference year) and compare.json (the receipt); with `gemeente` that gemeente's rows of
 * compare_breed.csv in compare_gemeente_CODE.csv; with `xlsx` the workbook
 * vergelijking.xlsx; with `html` report.html (the scenarios side by side in one
 * self-contained page). The CSV files are in `csv_dialect`; `plots` and `gnuplot` are
 * not used. */
ingroei_status ingroei_compare_write(const ingroei_compare *compare,
                                     const ingroei_output_options *options,
                                     ingroei_output_report *report, ingroei_error *err);

/* ---- the algemene uitkering, line by line (auditor mode) ---------------------------- */

typedef struct ingroei_au ingroei_au;

typedef struct ingroei_au_options {
    /* 0: compute with the model's published uitkeringsfactor (what the ministry does).
     * Otherwise the budget in euros from which the factor is solved, uf =
     * (budget - sum A) / sum B, and rounded to uf_decimals before it is used. */
    double budget;
    int uf_decimals; /* 0..12; the ministry publishes 3 */
} ingroei_au_options;

#define INGROEI_AU_OPTIONS_INIT                                                                    \
    {                                                                                              \
        0.0, 3                                                                                     \
    }

/* Loads an au-model (models/nl/gemeentefonds/au_*.yaml), its weights and volumes, and
 * computes every gemeente's amount per maatstaf, per cluster and in total, each line
 * round(units * weight * uf) in whole euros (unscaled maatstaven without uf). `options`
 * may be NULL. */
ingroei_status ingroei_au_new(ingroei_au **out, const char *model,
                              const ingroei_au_options *options, ingroei_error *err);
void ingroei_au_free(ingroei_au *au);

typedef struct ingroei_au_summary {
    const char *name;
    const char *circulaire;
    int uitkeringsjaar;
    size_t n_gemeenten, n_maatstaven, n_clusters;
    const char *uf;         /* the factor used, as text ("1.414") */
    int uf_solved;          /* non-zero: solved from options.budget */
    double uf_exact;        /* the unrounded solution when solved, else the factor */
    int64_t total;          /* sum over gemeenten and maatstaven of the rounded lines */
    int64_t total_clusters; /* the same over the per-cluster lines */
} ingroei_au_summary;

void ingroei_au_get_summary(const ingroei_au *au, ingroei_au_summary *out);

/* A cluster's national total (sum of its rounded lines), and its name. */
const char *ingroei_au_cluster(const ingroei_au *au, size_t cluster, int64_t *total);

/* Writes into `dir`, atomically as ingroei_run_write does: au.csv (per gemeente the
 * amount per cluster and in total), au_regels.csv (per gemeente and maatstaf units,
 * weight, factor and amount) and au.json (the receipt: model and inputs with SHA-256,
 * the factor and how it was found, the totals). */
ingroei_status ingroei_au_write(const ingroei_au *au, const char *dir,
                                ingroei_output_report *report, ingroei_error *err);
/* The same with a run's output options: the CSV files in options->csv_dialect and, with
 * options->xlsx, the workbook au.xlsx (a sheet per table and the sheet Bronnen with the
 * inputs and their SHA-256), all in options->dir; the other options are not used. */
ingroei_status ingroei_au_write_with(const ingroei_au *au, const ingroei_output_options *options,
                                     ingroei_output_report *report, ingroei_error *err);

/* Writes the fully resolved au-model to `file`, as ingroei_run_write_resolved does; with
 * a factor solved from a budget, the model carries that factor. */
ingroei_status ingroei_au_write_resolved(const ingroei_au *au, const char *file,
                                         ingroei_error *err);

/* What changed between two circulaires (diff-vintage): per gemeente the change of the
 * algemene uitkering from `from` to `to`, split additively into
 *   volumes:  sum_m (units_to - units_from) x weight_from x uf_from (no uf when unscaled)
 *   weights:  sum_m units_to x (weight_to - weight_from) x uf_from (idem)
 *   uf:       sum_m scaled units_to x weight_to x (uf_to - uf_from)
 * each rounded to whole euros, and the rounding: the change of the published (rounded)
 * amounts minus the three, so that the parts add up to the change to the euro. A
 * maatstaf or gemeente in one vintage only counts with zero units and weight in the
 * other. */
typedef struct ingroei_au_diff_summary {
    size_t n_gemeenten;
    int64_t change, volumes, weights, uf, rounding; /* national sums */
    /* Across a herindeling (herindelingen.csv of the dataset, the parent of the `to`
     * model's directory): a gemeente of one vintage that merged into a gemeente of the
     * other is added up onto that one's row, so both compare on the newer boundaries.
     * How many were, and a line per row they went into: "GM1992 Voorne aan Zee: Brielle
     * (GM0501) per 2023-01-01; ..." (cut short with "..." when it does not fit). */
    size_t n_merged;
    char merged[2048];
} ingroei_au_diff_summary;

/* Writes diff_vintage.csv (a row per gemeente) and diff_vintage.json (the receipt)
 * into `dir`, atomically. */
ingroei_status ingroei_au_diff(const ingroei_au *from, const ingroei_au *to, const char *dir,
                               ingroei_au_diff_summary *summary, ingroei_output_report *report,
                               ingroei_error *err);
/* The same with a run's output options: the CSV file in options->csv_dialect and, with
 * options->xlsx, the workbook diff_vintage.xlsx, in options->dir. */
ingroei_status ingroei_au_diff_with(const ingroei_au *from, const ingroei_au *to,
                                    const ingroei_output_options *options,
                                    ingroei_au_diff_summary *summary,
                                    ingroei_output_report *report, ingroei_error *err);

/* ---- explanations (auditor mode) ------------------------------------------------------ */

typedef enum ingroei_format { INGROEI_TEXT = 0, INGROEI_JSON = 1 } ingroei_format;

/* The chain behind one allocation: gemeente (code or name) in `year` of the run, every
 * input with its source and vintage and every intermediate value (inhabitants, budget,
 * p_t, the historical amount and share, the objective key's units, weights, factor and
 * share, the unrounded and rounded parts, rounding, cap) in words or as JSON. The values
 * are the run's own, not recomputed. *out is a new string, freed with
 * ingroei_string_free. */
ingroei_status ingroei_run_explain(const ingroei_run *run, const char *gemeente, int year,
                                   ingroei_format format, char **out, ingroei_error *err);

/* The language of an explanation's words. */
typedef enum ingroei_lang { INGROEI_EN = 0, INGROEI_NL = 1 } ingroei_lang;

/* ingroei_run_explain in `lang` (another value than these two is refused with
 * INGROEI_ERR_USAGE): INGROEI_EN gives ingroei_run_explain's bytes;
 * INGROEI_NL the same steps (keys, values and sources as they are, the sources being the
 * files' own words) with the title, headings, labels, formulas and the values the
 * explanation itself words (the cap's state) in Dutch, and in the text numbers with Dutch
 * separators (1.234.567 and 0,5). */
ingroei_status ingroei_run_explain_lang(const ingroei_run *run, const char *gemeente, int year,
                                        ingroei_format format, ingroei_lang lang, char **out,
                                        ingroei_error *err);

/* The same for a gemeente's algemene uitkering in an au-model: every maatstaf's units,
 * weight, factor, exact product and rounded line, the clusters and the total; with
 * `maatstaf` (a code) only that line, and its line in every cluster. */
ingroei_status ingroei_au_explain(const ingroei_au *au, const char *gemeente, const char *maatstaf,
                                  ingroei_format format, char **out, ingroei_error *err);

/* The explanation as files in options->dir, atomically: explain.csv (a row per step:
 * stap, omschrijving, waarde or tekst, eenheid, berekening, bron) in
 * options->csv_dialect, explain.json (the explanation as INGROEI_JSON gives it) and,
 * with options->xlsx, the workbook explain.xlsx (the steps and the sheet Bronnen with
 * every input and its SHA-256). */
ingroei_status ingroei_run_explain_write(const ingroei_run *run, const char *gemeente, int year,
                                         const ingroei_output_options *options,
                                         ingroei_output_report *report, ingroei_error *err);
/* The same in `lang`: the columns omschrijving, tekst (the values the explanation words
 * itself) and berekening (the formulas, their numbers with a decimal comma in Dutch) and
 * explain.json in that language's words (as ingroei_run_explain_lang's INGROEI_JSON gives
 * it); the steps, keys, the numbers of waarde, the columns and sheet names are the same
 * in both. INGROEI_EN gives ingroei_run_explain_write's bytes; another lang is refused
 * (INGROEI_ERR_USAGE), as by ingroei_run_explain_lang. */
ingroei_status ingroei_run_explain_write_lang(const ingroei_run *run, const char *gemeente,
                                              int year, ingroei_lang lang,
                                              const ingroei_output_options *options,
                                              ingroei_output_report *report, ingroei_error *err);
ingroei_status ingroei_au_explain_write(const ingroei_au *au, const char *gemeente,
                                        const char *maatstaf,
                                        const ingroei_output_options *options,
                                        ingroei_output_report *report, ingroei_error *err);

void ingroei_string_free(char *s);

/* A gemeente's change from the year before `year_index` to that year (the brugstaat),
 * split additively into its causes, whole euros:
 *   path:     the step of p_t with last year's budget and key,
 *   budget:   the change of the budget(s) with this year's p_t and last year's key,
 *   key:      the change of the objective key's shares (volumes, or the uitkeringsfactor
 *             that distributes the objective part) with this year's p_t and budget,
 *   cap:      the change of the cap's effect (allocation minus allocation before the
 *             cap),
 *   arrangement: the change of the gemeente's arrangements (README, "Arrangements"),
 *             paid before the keys; 0 without (with_arrangement false),
 *   rounding: what remains: to - from = path + budget + key + cap + arrangement + rounding
 *             exactly. With arrangements the budget is the one the keys distribute (the
 *             year's budget minus the arrangements). */
typedef struct ingroei_bridge_row {
    int year;
    int64_t from, to;
    int64_t path, budget, key, cap, rounding;
    int64_t arrangement;
    bool with_arrangement; /* the scenario has arrangements */
} ingroei_bridge_row;

ingroei_status ingroei_run_bridge(const ingroei_run *run, size_t year_index, size_t gemeente_index,
                                  ingroei_bridge_row *out, ingroei_error *err);

/* Writes brugstaat.csv (a row per gemeente per year after the first) into `dir`,
 * atomically as ingroei_run_write does. */
ingroei_status ingroei_run_write_bridge(const ingroei_run *run, const char *dir,
                                        ingroei_output_report *report, ingroei_error *err);
/* The same with a run's output options: brugstaat.csv in options->csv_dialect and, with
 * options->xlsx, the workbook brugstaat.xlsx (the table and the sheet Bronnen with the
 * run's inputs and their SHA-256), in options->dir. */
ingroei_status ingroei_run_write_bridge_with(const ingroei_run *run,
                                             const ingroei_output_options *options,
                                             ingroei_output_report *report, ingroei_error *err);

/* What a YAML file is: "scenario" (it has the key `scenario`), "scenario-regelingen" (a
 * scenario that lists several regelingen: `ingroei run` takes it, the commands and the
 * server made for one regeling do not yet) or its model kind ("au-model",
 * "historical-key", ...), copied into kind. */
ingroei_status ingroei_file_kind(const char *path, char *kind, size_t size, ingroei_error *err);

/* ---- are mutations pro rata? (auditor mode) -------------------------------------------- */

/* One regeling in two vintages of a file of amounts per gemeente (columns circulaire,
 * uitkeringsjaar, gemeentecode, gemeentenaam, regeling, bedrag; models/nl/
 * uitkeringen_bw_mo_vo.csv): what a pro-rata mutation of the first to the second's
 * total gives each gemeente, round(bedrag_van x total_naar / total_van) exactly, against
 * what the second published. The totals are over the gemeenten in both vintages; one
 * in a single vintage is listed (alleen_van, alleen_naar) without a pro-rata amount. */
typedef struct ingroei_prorata_query {
    const char *data;
    const char *regeling;
    const char *from_circulaire; /* "mei 2024" */
    int from_year;               /* uitkeringsjaar */
    const char *to_circulaire;
    int to_year;
} ingroei_prorata_query;

typedef struct ingroei_prorata_summary {
    size_t n_gemeenten;           /* in either vintage */
    size_t n_equal;               /* published == pro rata, to the euro */
    size_t n_off;                 /* the others (including gemeenten in one vintage only) */
    int64_t total_from, total_to; /* over the gemeenten in both vintages */
    int64_t total_prorata;
    int64_t largest_diff;  /* the published amount minus pro rata, largest in size */
    char largest_code[16]; /* whose it is */
    double largest_share;  /* largest_diff / pro rata */
} ingroei_prorata_summary;

/* Computes and writes prorata.csv (a verdict per gemeente) and prorata.json (the
 * receipt) into `dir`, atomically. */
ingroei_status ingroei_prorata(const ingroei_prorata_query *query, const char *dir,
                               ingroei_prorata_summary *summary, ingroei_output_report *report,
                               ingroei_error *err);

/* ---- checking a published table against a circulaire (verify, auditor mode) --------- */

/* The two kinds of published table ingroei_verify reads, recognised by the header. */
typedef enum ingroei_verify_format {
    /* A gemeente's begroting table (',' ';' or tab, recognised; Dutch numbers in a ';'
     * file): per line the uitkeringsbasis of one maatstaf, units x bedrag per eenheid in
     * whole euros BEFORE the uitkeringsfactor. Long (columns maatstaf, jaar, bedrag) or
     * wide (a column per year, the year in its header); the gemeente per row
     * (gemeentecode) or once for the table; the maatstaf by code or printed label,
     * folded (case, accents, punctuation, spacing). README "Checking a published
     * table". */
    INGROEI_VERIFY_BEGROTING = 1,
    /* A begrotingsanalysetool Analysedata_GF file (';', header ";Gemeenten;" then the
     * clusters and Totaal): a third party's algemene uitkering per gemeente (by name) and
     * cluster, after the uitkeringsfactor, unrounded, without the vast bedrag. */
    INGROEI_VERIFY_ANALYSEDATA = 2
} ingroei_verify_format;

typedef struct ingroei_verify_query {
    /* An au-model: the circulaire to compare with. NULL: every au-model (au_*.yaml) in
     * `circulaires`, grouped by their circulaire, and the one that fits best is chosen
     * (begroting tables only). */
    const char *model;
    const char *published; /* the published table */
    /* Whole euros, >= 0: a line whose judged difference is not 0 but at most this is
     * binnen_tolerantie rather than afwijkend. */
    int64_t tolerance;
    /* Analysedata: the code of the maatstaf the file leaves out; NULL: "vast". */
    const char *vast_maatstaf;
    /* Begroting: the gemeente of every row without one (a code or a name, folded); NULL:
     * each row names its gemeente. */
    const char *gemeente;
    /* Where the shipped circulaires are (the au-models tried when `model` is NULL, and
     * whose weights files give the printed labels of the maatstaven); NULL: the
     * directory of `model`. */
    const char *circulaires;
    /* A workbook's sheet to read (a name, or a number from 1); NULL: the first sheet.
     * Naming one for a CSV file is an error. */
    const char *sheet;
} ingroei_verify_query;

/* The counts of the verdicts of one circulaire tried (begroting). */
typedef struct ingroei_verify_fit {
    char circulaire[64]; /* as its au-models name it ("mei 2024") */
    size_t n_models;     /* its au-models tried: one per uitkeringsjaar */
    size_t n_equal, n_rounding, n_within, n_off, n_unknown, n_unchecked;
} ingroei_verify_fit;

#define INGROEI_VERIFY_MAX_FITS 32

typedef struct ingroei_verify_summary {
    ingroei_verify_format format;
    int uitkeringsjaar;       /* the model's (the first of the best circulaire's) */
    size_t n_lines;           /* rows of verify.csv */
    size_t n_equal;           /* gelijk: judged difference 0 */
    size_t n_rounding;        /* afronding: 1 euro at most, and the volume the publication
                                 implies rounds to the circulaire's (begroting) */
    size_t n_within;          /* binnen_tolerantie */
    size_t n_off;             /* afwijkend */
    size_t n_unknown;         /* onbekend: the label names no maatstaf of the circulaire */
    size_t n_unchecked;       /* niet_getoetst: a year the circulaire does not cover
                                 (begroting), a gemeente the file lacks (Analysedata) */
    size_t n_gemeenten;       /* gemeenten with a checked line */
    size_t n_gemeenten_equal; /* of which every checked line is gelijk */
    /* The judged difference largest in size (published minus the circulaire in a
     * begroting table, the rest after the vast bedrag and rounding in Analysedata), and
     * where: gemeentecode, maatstaf or cluster, year (the national row of an Analysedata
     * file, a sum of the others, is not considered). 0 and "" when there is none. */
    int64_t largest_diff;
    char largest_code[16];
    char largest_item[128];
    int largest_year;
    int64_t vast_total; /* Analysedata: the vast bedrag of the gemeenten compared, summed */
    /* Begroting: the circulaire that fits best (most lines gelijk or afronding), and
     * every circulaire tried, in the order of their files. */
    char best_circulaire[64];
    size_t n_fits;
    ingroei_verify_fit fits[INGROEI_VERIFY_MAX_FITS];
    /* Begroting: the lines of the best circulaire that are onbekend, one per line,
     * "file:line:column: why, with the nearest maatstaven", cut short with "..." when
     * they do not fit (verify.csv has them all). */
    char problems[8192];
} ingroei_verify_summary;

/* Recomputes the model as ingroei_au_new does (or every circulaire, see the query),
 * reads the published table, judges every line and writes verify.csv (a row per line with its
 * verdict) and verify.json (the receipt: model and published file with SHA-256, tolerance, counts)
 * into `dir`, atomically. An unknown gemeente or maatstaf, a bad number or a line given twice fails
 * with the file, line and column, and nothing is written. */
ingroei_status ingroei_verify(const ingroei_verify_query *query, const char *dir,
                              ingroei_verify_summary *summary, ingroei_output_report *report,
                              ingroei_error *err);
/* The same with a run's output options: verify.csv in options->csv_dialect and, with
 * options->xlsx, the workbook verify.xlsx (the table and the sheet Bronnen with the
 * published table and the models and their SHA-256), in options->dir. */
ingroei_status ingroei_verify_with(const ingroei_verify_query *query,
                                   const ingroei_output_options *options,
                                   ingroei_verify_summary *summary, ingroei_output_report *report,
                                   ingroei_error *err);

/* ---- sweeps ------------------------------------------------------------------------ */

typedef struct ingroei_sweep ingroei_sweep;

/* Reads a sweep file: a base scenario and the values its parameters take. */
ingroei_status ingroei_sweep_load(ingroei_sweep **out, const char *path, ingroei_error *err);
void ingroei_sweep_free(ingroei_sweep *sweep);

/* The number of scenarios in the sweep (all shards together). */
size_t ingroei_sweep_n_scenarios(const ingroei_sweep *sweep);

/* At most this many scenarios in a sweep, grid or sample (README "Limits"): about two
 * CPU-hours and 700 MB of sweep.csv; shards split the work, not the limit. */
#define INGROEI_SWEEP_MAX_SCENARIOS 10000000u

/* A rough estimate of what the whole sweep costs: the bytes of sweep.csv and the
 * seconds of one processor (at about a millisecond per scenario of 11 years and 342
 * gemeenten, scaled by the scenario's years, on the machine it was measured on). For
 * a caller to show before a large sweep starts. */
void ingroei_sweep_estimate(const ingroei_sweep *sweep, double *csv_bytes, double *cpu_seconds);

typedef struct ingroei_sweep_options {
    const char *dir;      /* output directory */
    unsigned threads;     /* 0: one per processor */
    unsigned shard;       /* this shard, 0-based, of shard_count; the scenarios are split */
    unsigned shard_count; /* into shard_count contiguous ranges (1: the whole sweep) */
    /* Called after every block of scenarios with how many of this shard's are done; from
     * the calling thread. May be NULL. */
    void (*progress)(void *context, size_t done, size_t total);
    void *progress_context;
    /* When it becomes non-zero the sweep stops within each thread's next 32 scenarios,
     * writes nothing and returns INGROEI_ERR_CANCELLED (set it from a signal handler).
     * May be NULL. */
    volatile int *cancel;
} ingroei_sweep_options;

#define INGROEI_SWEEP_OPTIONS_INIT                                                                 \
    {                                                                                              \
        NULL, 0, 0, 1, NULL, NULL, NULL                                                            \
    }

/* Runs the sweep (or one shard of it) and writes sweep.csv (a row per scenario),
 * gemeente_bereik.csv (per gemeente the range over the sweep) and sweep.json (the
 * receipt), atomically. The bytes do not depend on the number of threads. */
ingroei_status ingroei_sweep_run(const ingroei_sweep *sweep, const ingroei_sweep_options *options,
                                 ingroei_output_report *report, ingroei_error *err);

/* Merges the output directories of all shards of `sweep` into `dir`: the same bytes as
 * one run of the whole sweep. */
ingroei_status ingroei_sweep_merge(const ingroei_sweep *sweep, const char *const *shard_dirs,
                                   size_t n_shards, const char *dir, ingroei_output_report *report,
                                   ingroei_error *err);

/* ---- the JSON API over HTTP (ingroei serve) ------------------------------------------- */

typedef struct ingroei_server ingroei_server;

typedef struct ingroei_serve_options {
    const char *scenario;    /* the starting scenario; the scenarios beside it are the
                                shipped ones, its dataset and that dataset's models the only
                                data a request may use (by name) */
    const char *listen;      /* the address to bind: NULL is 127.0.0.1 */
    unsigned port;           /* 0: any free port (ingroei_server_port says which) */
    size_t max_body;         /* bytes of a request body; more is refused (413) */
    unsigned max_requests;   /* requests at once; one more is refused (503) */
    unsigned timeout;        /* seconds a connection may be idle before it is closed */
    unsigned threads;        /* threads that answer requests */
} ingroei_serve_options;

#define INGROEI_SERVE_OPTIONS_INIT                                                                 \
    {                                                                                              \
        NULL, NULL, 8080, 1u << 20, 16, 10, 4                                                      \
    }

/* Loads the starting scenario, the scenarios beside it, the dataset and the models, and
 * starts answering HTTP requests in threads of its own (README "The workbench in the
 * browser (API first)"). Returns at once; ingroei_server_stop stops it. */
ingroei_status ingroei_server_start(ingroei_server **out, const ingroei_serve_options *options,
                                    ingroei_error *err);
/* The port it listens on. */
unsigned ingroei_server_port(const ingroei_server *server);
/* Stops answering (requests under way are finished) and frees the server. */
void ingroei_server_stop(ingroei_server *server);

#ifdef __cplusplus
}
#endif

#endif /* INGROEI_H */
