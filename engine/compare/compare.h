/*
 * compare.h - several runs side by side: the comparison's data and ranking, its tables
 * (the same rows for CSV files and workbook sheets), and its CSV, JSON, workbook and
 * HTML outputs. A feature over run/; it never includes another feature.
 */
#ifndef IG_COMPARE_H
#define IG_COMPARE_H

#include "run/run.h"

/* ---- comparisons (compare.c, tables.c, write.c, xlsx.c) ------------------------------------ */

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

/* The year index of `year` in run r, or SIZE_MAX when r does not have it. */
size_t ig_cmp_year_index(const ingroei_run *r, int year);

/* Run i of a comparison (compare.c), borrowed from the caller of ingroei_compare_new. */
const ingroei_run *ig_compare_run(const ingroei_compare *compare, size_t i);

/* ---- the report of a comparison (compare/html.c) ---------------------------------------- */

/* report.html of a comparison: an ig_build_fn (ingroei_compare_write stages it with the
 * comparison's other files); `compare` is the ingroei_compare. */
void ig_compare_html(ig_buf *b, const void *compare);

#endif /* IG_COMPARE_H */
