/*
 * io.h - reading and writing files: YAML scenarios and models, CSV tables, whole files
 * and their SHA-256, CSV and JSON writers, and the one staging writer through which
 * every output set reaches the disk whole or not at all. Uses core/ (the structures a
 * scenario fills) and base/.
 */
#ifndef IG_IO_H
#define IG_IO_H

#include "core/core.h"

#include <limits.h>
#include <stdio.h>

/* ---- scenario and models (io/scenario.c, io/model.c) ----------------------------- */

/* A choice for one scenario year (README, "Inputs per year"): a circulaire's name, or
 * a file (resolved against the scenario's directory). */
typedef struct ig_per_year {
    int year;
    char *value;
    int line, column; /* where it was given, for messages */
} ig_per_year;

/* One payment of an arrangement (README, "Arrangements"): `amount` whole euros to the
 * gemeente `gemeente` (a code or a name as the scenario wrote it; the run resolves it on
 * its boundaries) in `year`. */
typedef struct ig_payment {
    int year;
    char *gemeente;
    int64_t amount;              /* >= 0 */
    int line, column;            /* of the gemeente, for messages */
    int year_line, year_column;  /* of the year */
} ig_payment;

/* An amount per year paid to named gemeenten before the keys distribute the rest of
 * the year's budget (the financial arrangement for landelijke specialistische
 * instellingen; DOMAIN.md section 3), dated and referenced. */
typedef struct ig_arrangement {
    char *name;
    char *source;      /* where the amounts come from, in words */
    char *document;    /* the document it rests on (a Kamerstuk, a circulaire) */
    char date[11];     /* the document's date, YYYY-MM-DD */
    bool illustrative; /* the amounts are an illustration, not a published figure */
    ig_payment *payments; /* by year (increasing), then as listed */
    size_t n_payments;
    int line, column;
} ig_arrangement;

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
    bool regional_key; /* the objective key sums the units of a region's gemeenten and
                          pays its centrumgemeente (needs `regions`) */
    ig_rounding rounding;
    /* optional, years increasing within the scenario's (README, "Inputs per year"): */
    ig_per_year *hist_per_year; /* historical amounts of the year's own uitkeringsjaar from
                                   the named circulaire, in the historical key's data */
    size_t n_hist_per_year;
    ig_per_year *volumes_per_year; /* the objective key's volumes of that year (a file) */
    size_t n_volumes_per_year;
    /* Several regelingen in one scenario (README, "Several regelingen"): one entry per
     * regeling, each a complete scenario of its own (the top level's dataset, years,
     * boundaries, rounding, regions and, unless it gives its own, path). With them the
     * top level has no budget, keys or cap of its own; NULL and 0 without. */
    struct ig_regeling *regelingen;
    size_t n_regelingen;
    /* optional (README, "Arrangements"): paid before the keys distribute the rest */
    ig_arrangement *arrangements;
    size_t n_arrangements;
    /* A key file or an objective-key model held in memory (an upload to ingroei serve),
     * borrowed: objective_key then names it in messages and the receipt and is not
     * read. NULL: read the file. */
    const char *objective_key_data;
    size_t objective_key_len;
    /* With a model held in memory: the volumes it may name (ig_obj_model_parse);
     * borrowed. */
    const struct ig_volumes_choice *objective_volumes;
};

/* One entry of `regelingen`. */
typedef struct ig_regeling {
    char *regeling;          /* its name, as the data name it (iu_beschermd_wonen, ...) */
    char *reason;            /* why a key of another regeling is used, or NULL */
    ingroei_scenario *sc;    /* the regeling's own scenario, owned */
    bool own_path;           /* it gives its own path (else the top level's) */
    int line, column;        /* where the entry starts */
    int hist_line, hist_column; /* where its historical_key and objective_key are given */
    int obj_line, obj_column;
} ig_regeling;

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
    char *regeling; /* optional: the regeling the key is made for, or NULL when the file
                       does not say (README, "Several regelingen") */
    bool own_key; /* read from a key file (io/key_csv.c): the user's own key, labelled
                     so wherever an illustrative key is */
    char *note;   /* what was done to the key file's numbers (shares normalised), or NULL */
    /* A model held in memory whose volumes are held in memory too (ig_volumes_choice):
     * their bytes, borrowed from the choice, and `volumes` is their name; else NULL. */
    const char *volumes_data;
    size_t volumes_len;
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

ingroei_status ig_au_model_load(ig_au_model *out, const char *file, ingroei_error *err);
void ig_au_model_clear(ig_au_model *m);
/* Reads the model's volumes and weights: every weight row's volume_kolom must be a
 * column of the volumes, every unscaled maatstaf a row; numbers are parsed exactly. */
ingroei_status ig_au_data_load(ig_au_data *out, const ig_au_model *m, ingroei_error *err);
void ig_au_data_clear(ig_au_data *d);
ingroei_status ig_hist_model_load(ig_hist_model *out, const char *file, ingroei_error *err);
void ig_hist_model_clear(ig_hist_model *m);
ingroei_status ig_obj_model_load(ig_obj_model *out, const char *file, ingroei_error *err);

/* The volumes an objective-key model held in memory may name: it names no path, so
 * `volumes:` is matched by its last component (the directories before it are left
 * out, so that a shipped model's "../gemeentefonds/volumina_sep2024_2025.csv" still
 * works) against the name of volumes held in memory beside it, else against the last
 * component of one of `files`. Nothing else is read. */
typedef struct ig_volumes_choice {
    const char *name; /* volumes held in memory beside the model: their file name, or NULL */
    const char *data;
    size_t len;
    char *const *files; /* [n_files] the volumes files that may be named, real paths */
    size_t n_files;
} ig_volumes_choice;

/* ig_obj_model_load for `len` bytes of a model in memory, named `file` in messages and
 * the receipt, its volumes chosen from `choice` (m->volumes_data set when they are the
 * ones in memory). */
ingroei_status ig_obj_model_parse(ig_obj_model *out, const char *file, const char *data,
                                  size_t len, const ig_volumes_choice *choice,
                                  ingroei_error *err);
void ig_obj_model_clear(ig_obj_model *m);

/* ---- one value of a scenario, checked (io/scenario.c) ------------------------------ */

/* The numbers of a scenario that a sweep can vary (sweep/load.c). */
typedef enum ig_field {
    IG_FIELD_PATH_START,
    IG_FIELD_PATH_LENGTH,
    IG_FIELD_PATH_END,
    IG_FIELD_PATH_OUTFLOW,
    IG_FIELD_PATH_STEEPNESS,
    IG_FIELD_PATH_MIDPOINT,
    IG_FIELD_CAP_LOSS,         /* cap.max_loss_per_inhabitant, of any year */
    IG_FIELD_CAP_GAIN,         /* cap.max_gain_per_inhabitant, of any year */
    IG_FIELD_BUDGET_INDEX,     /* other_years.percent of a budget */
    IG_FIELD_MUTATION_PERCENT, /* the percent of an index mutation */
    IG_FIELD_MUTATION_AMOUNT,  /* the amount of a structural or incidental mutation */
    IG_FIELD_CAP_MIN_RATIO,    /* cap.min_ratio, of any year: 0 < r <= 1 */
    IG_FIELD_CAP_MAX_RATIO     /* cap.max_ratio, of any year: r >= 1 */
} ig_field;

/* Whether field f takes whole numbers only. */
bool ig_field_whole(ig_field f);
/* The one check of value v for field f, which the scenario reader applies to what a file
 * says and a sweep to every value it gives: whole where the field is, in the field's
 * range, and in order with the other fields of `s` (path.end after path.start;
 * path.midpoint from path.start - 1 to path.end; path.start before path.end and not
 * after path.midpoint + 1 in an s-curve). True, or false with why it fails written to
 * `why`, to follow the value in a message ("is out of range (expected 1 to 100)"). */
bool ig_scenario_check(const ingroei_scenario *s, ig_field f, double v, char *why, size_t size);

/* An input file as the receipt names it. */
typedef struct ig_input {
    char *display; /* path relative to the scenario's directory where possible */
    char sha256[65];
    char *source; /* where its numbers come from (model source or CSV comments) */
} ig_input;

/* ---- the resolved scenario or model (io/resolved.c) ---------------------------- */

/* The fully resolved form of scenario `s` as YAML, to be written to `file` (paths are
 * made relative to it), listing the inputs that were read with their SHA-256. */
void ig_resolved_scenario(ig_buf *b, const ingroei_scenario *s, const ig_input *inputs,
                          size_t n_inputs, const char *file);
/* The same for an au-model, with the factor that was used (solved from `budget` when
 * uf_solved). */
void ig_resolved_au_model(ig_buf *b, const ig_au_model *m, const ig_au_data *data, ig_dec uf,
                          bool uf_solved, double budget, const char *file);

/* ---- CSV (io/csv.c) ------------------------------------------------------------- */

/* A parsed RFC 4180 file: leading lines starting with '#' are comments; the first
 * other line is the header. Cells are NUL-terminated strings owned by the table, all in
 * one block (no allocation per cell). */
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
    /* what the table owns: every cell's text in one block, the header's and the rows'
     * cell pointers and columns in one array each (header and rows point into them) */
    char *text;
    char **cells;
    int *cols;
} ig_csv;

ingroei_status ig_csv_read(ig_csv *out, const char *file, ingroei_error *err);
/* The same with another separator than ',' (quoting as RFC 4180). */
ingroei_status ig_csv_read_sep(ig_csv *out, const char *file, char sep, ingroei_error *err);
/* The same over bytes already read (`file` names them in messages; the SHA-256 is of all
 * len bytes), the header starting at byte `start` on line `start_line`: lines above it
 * (a printed table's title) are left out. A byte-order mark is skipped at start 0. */
ingroei_status ig_csv_parse_from(ig_csv *out, const char *file, const char *data, size_t len,
                                 size_t start, int start_line, char sep, ingroei_error *err);
void ig_csv_clear(ig_csv *t);
/* Index of a header column, or -1 with an error naming the file and what is missing. */
int ig_csv_column(const ig_csv *t, const char *name, ingroei_error *err);

/* ---- a key file: gemeentecode and share or amount (io/key_csv.c) ------------------ */

/* How far the shares (aandeel) of a key file may add up away from 1: published shares
 * are rounded (342 shares to 6 decimals are off by 0.0002 at most); within it they are
 * normalised with a note, beyond it the file is refused. */
#define IG_KEY_SHARE_TOLERANCE 0.001
/* A key file: at most 1 MiB (342 rows take about 10 KB). */
#define IG_MAX_KEY_BYTES (1u << 20)

typedef struct ig_key_csv {
    ig_csv csv;    /* the rows as read; csv.file names the file, csv.sha256 its bytes */
    char sep;      /* ',' or ';' (then numbers have a decimal comma) */
    bool amounts;  /* a column bedrag (amounts in euro), else aandeel (shares) */
    int c_code, c_value;
    double *value; /* [csv.n_rows] the share or amount of each row */
    double total;  /* their sum (> 0; within IG_KEY_SHARE_TOLERANCE of 1 for shares) */
    char *source;  /* the '#' lines above the header, joined; NULL when there are none */
} ig_key_csv;

/* Whether an objective_key names a key file rather than a model: it ends in .csv. */
bool ig_is_key_csv(const char *path);
/* Reads and checks a key file (README "Your own key"); every error names file, line and
 * column. `file` names the bytes in messages (an upload's name). */
ingroei_status ig_key_csv_parse(ig_key_csv *out, const char *file, const char *data, size_t len,
                                ingroei_error *err);
ingroei_status ig_key_csv_read(ig_key_csv *out, const char *file, ingroei_error *err);
void ig_key_csv_clear(ig_key_csv *k);

/* ---- published tables (io/table.c) ---------------------------------------------- */

/* A table someone published, read as saved (a CSV file, or the first sheet of an .xlsx
 * workbook): the separator recognised from the header
 * line (the most frequent of ',' ';' and tab outside quotes; ',' when none), a UTF-8
 * byte-order mark skipped; the decimal mark follows the separator (',' in a ';' file,
 * the Dutch Excel dialect, else '.'). The cells are csv.c's. */
typedef struct ig_table {
    ig_csv csv;
    char sep;
    char decimal;
    char *title;     /* the title lines above the header, their cells joined by spaces,
                        or NULL */
    int title_lines; /* how many lines the title takes */
    int64_t unit;    /* 1, or 1000 (1000000) when a unit note ("bedragen x € 1.000") in
                        the title or a header says the amounts are in thousands
                        (millions) */
    bool xlsx;       /* read from a sheet of an .xlsx workbook (line = row) */
    char *sheet;     /* that sheet's name; NULL for a CSV file */
} ig_table;

/* Whether the bytes are a zip file (an .xlsx workbook). */
bool ig_is_xlsx(const char *data, size_t len);
/* One sheet of the .xlsx workbook in data[0..len) as CSV text (',' between cells, RFC
 * 4180 quoting), appended to `csv`: row r of the sheet on line r, numbers as the
 * workbook stores them, shared and inline strings as text, a row with cells padded to
 * the width of the widest row of two cells or more (io/xlsx_read.c: libzip and expat).
 * `sheet`: NULL for the first sheet, digits for the sheet of that number (from 1, in the
 * workbook's order), otherwise a sheet's name (without regard to case); a sheet that is
 * not there is an error listing the sheets. With `chosen`, *chosen is the chosen sheet's
 * name (the caller frees it). `file` names the workbook in messages. */
ingroei_status ig_xlsx_sheet_csv(const char *file, const char *data, size_t len,
                                 const char *sheet, ig_buf *csv, char **chosen,
                                 ingroei_error *err);

ingroei_status ig_table_read(ig_table *out, const char *file, ingroei_error *err);

/* Whether the cells of a line are the header the caller needs (the first line it
 * accepts is the header, the lines above it the title). */
typedef bool ig_table_header_fn(const char *const *cells, size_t n, void *ctx);
/* Title lines looked at, at most, before the first line is taken as the header. */
#define IG_TABLE_MAX_TITLE 20
/* ig_table_read for a table as printed: the header is the first line (after comments)
 * that is_header accepts, of the first IG_TABLE_MAX_TITLE; lines above it are its
 * title (t->title). When none is accepted the first line is the header, as without
 * is_header. The separator is recognised on the header line. */
ingroei_status ig_table_read_with(ig_table *out, const char *file, ig_table_header_fn *is_header,
                                  void *ctx, ingroei_error *err);
/* ig_table_read_with from sheet `sheet` of a workbook (as ig_xlsx_sheet_csv; NULL: the
 * first); a sheet named for a CSV file is an error. */
ingroei_status ig_table_read_sheet(ig_table *out, const char *file, const char *sheet,
                                   ig_table_header_fn *is_header, void *ctx,
                                   ingroei_error *err);
/* The multiplier a unit note in `s` gives: 1000 for "x € 1.000", "(bedragen x € 1.000)",
 * "× 1000", "x 1.000 euro", "in duizenden euro"; 1000000 for "x € 1.000.000", "x € 1
 * mln"; 1 without one. With `at`, where the note is in s and how long. */
int64_t ig_table_unit(const char *s, size_t *at, size_t *len);
void ig_table_clear(ig_table *t);
/* A number as printed in a table: spaces (also no-break and thin), a leading euro sign
 * and sign ('-', '+', U+2212) allowed, a negative also as "(1.234)" or "1.234-"; thousands separators in groups of three
 * ("1.069.297", "1,069,297"); the decimal mark is the last of '.' and ',' when both
 * appear, else `decimal`, or the other mark when it does not separate exactly three
 * digits ("1,5" is 1.5 anywhere; "1.069" is 1069 when `decimal` is ','). */
bool ig_table_number(const char *s, char decimal, ig_dec *out);
/* The year a column header names ("2025", "Begroting 2025", "raming 2026 (€)"): its one
 * number, of four digits, 1900..2200; 0 when there is none or another number. */
int ig_table_year(const char *header);

/* ---- limits on what the readers accept (README "Limits") ------------------------ */

/* A YAML file (scenario, model, sweep): at most 8 MiB. The largest shipped is 6 KB; a
 * sweep that lists 100,000 values (its most per parameter) is about 1 MB. */
#define IG_MAX_YAML_BYTES (8u << 20)
/* Collections nested in collections: the formats nest at most 5 deep. Checked while
 * libyaml parses, before its scanner's cost (which grows with the square of the
 * nesting) gets far. */
#define IG_MAX_YAML_DEPTH 64
/* Scalars, lists, mappings and aliases in one YAML file: room for a sweep listing
 * 100,000 values for each of several parameters. */
#define IG_MAX_YAML_NODES 1000000u
/* Regelingen in one scenario: each is a run of its own (the integrated model has three). */
#define IG_MAX_REGELINGEN 16
/* A CSV file (data of a model, a published table, herindelingen, regions): at most
 * 64 MiB, 1,000,000 rows below the header and 4,096 columns. The largest shipped file is
 * 141 KB (1,724 rows at most, 51 columns); a published table is a few MB. */
#define IG_MAX_CSV_BYTES   (64u << 20)
#define IG_MAX_CSV_ROWS    1000000u
#define IG_MAX_CSV_COLUMNS 4096u
/* Any other file read back whole (a shard's sweep.csv for sweep-merge). */
#define IG_MAX_FILE_BYTES (1024u << 20)
/* The borders for the map (io/geometry.c): at most 16 MiB, 500,000 points, 100,000
 * rings. The shipped file is 169 KB: 6,458 points in 350 rings. */
#define IG_MAX_GEOMETRY_BYTES  (16u << 20)
#define IG_MAX_GEOMETRY_POINTS 500000u
#define IG_MAX_GEOMETRY_RINGS  100000u

/* ---- the borders of the gemeenten (io/geometry.c) ------------------------------- */

/* The box every point of a border must lie in (WGS84 degrees): the Netherlands with
 * its islands and a margin of a few kilometres. */
#define IG_NL_LON_MIN 3.2
#define IG_NL_LON_MAX 7.3
#define IG_NL_LAT_MIN 50.7
#define IG_NL_LAT_MAX 53.6

/* One ring of a border: points lon[first..first+n), the last equal to the first. */
typedef struct ig_ring {
    size_t gemeente; /* index into the codes given to ig_geometry_read */
    int part;        /* `deel`: the polygon of a gemeente of several (islands), from 1 */
    int ring;        /* 1 the outer border, 2 and up holes */
    size_t first, n;
} ig_ring;

/* A geometry file: CSV `gemeentecode,deel,ring,lon,lat`, one row per point, the rings
 * in order of gemeentecode, deel and ring (see tools/importer/datasets/geometrie.py).
 * `csv` keeps the file's comment lines (its source and licence) and SHA-256. */
typedef struct ig_geometry {
    ig_csv csv;
    ig_ring *rings;
    size_t n_rings;
    double *lon, *lat; /* [n_points], by the file's rows */
    size_t n_points;
} ig_geometry;

/* Reads `file`: every gemeentecode must be one of codes[0..n_codes) (sorted by strcmp)
 * and each of those must have a border; deel and ring are numbered 1, 2, ... in order,
 * every ring is closed (at least 4 points, the last equal to the first) and every point
 * inside the IG_NL_ box; the IG_MAX_GEOMETRY_ limits hold. Errors name file:line:column. */
ingroei_status ig_geometry_read(ig_geometry *out, const char *file, const char *const *codes,
                                size_t n_codes, ingroei_error *err);
void ig_geometry_clear(ig_geometry *g);

/* ---- files (io/files.c) --------------------------------------------------------- */

/* Reads a whole regular file into memory (NUL-terminated), at most IG_MAX_FILE_BYTES. */
ingroei_status ig_read_file(const char *file, char **data, size_t *len, ingroei_error *err);
/* The same with a limit of `max` bytes; a larger file is refused with a message that
 * names `kind` ("a YAML file") and the limit. */
ingroei_status ig_read_file_max(const char *file, size_t max, const char *kind, char **data,
                                size_t *len, ingroei_error *err);
/* The files of `dir` whose names begin with `prefix` and end with `suffix`, as paths
 * (dir/name), sorted by name; free with ig_free_list. */
ingroei_status ig_list_files(const char *dir, const char *prefix, const char *suffix, char ***out,
                             size_t *n, ingroei_error *err);
void ig_free_list(char **v, size_t n);
/* SHA-256 of a byte string as 64 lower-case hex digits plus NUL (GNU Nettle). */
void ig_sha256_hex(const void *data, size_t len, char hex[65]);

/* ---- CSV output (io/csv_write.c) ------------------------------------------------ */

void ig_csv_field(ig_buf *b, const char *s); /* RFC 4180 quoting when needed */

/* Writes CSV rows cell by cell in one dialect: the separator between cells and the
 * decimal point of fractional numbers (RFC 4180: ',' and '.'). A cell is quoted when
 * it holds the separator, a quote or a line break. */
typedef struct ig_csv_row {
    ig_buf *b;
    char sep;
    char point;
    size_t cells; /* cells written on the current row */
    bool people;  /* the nl dialect: headings for people instead of column names */
} ig_csv_row;

void ig_csv_text(ig_csv_row *w, const char *s);
void ig_csv_int(ig_csv_row *w, int64_t v);
/* A number as it was written in an input (already checked to be one), unchanged; text
 * goes through ig_csv_text, which marks a leading = + - @ as text for spreadsheets. */
void ig_csv_number_text(ig_csv_row *w, const char *s);
void ig_csv_fixed(ig_csv_row *w, double x, int decimals); /* see ig_put_fixed */
void ig_csv_decimal(ig_csv_row *w, double x);             /* see ig_put_decimal */
void ig_csv_dec(ig_csv_row *w, ig_dec d);                 /* exactly, see ig_put_dec */
void ig_csv_dec_point(ig_csv_row *w, ig_dec d); /* the same with the dialect's decimal point */
void ig_csv_empty(ig_csv_row *w);
void ig_csv_end(ig_csv_row *w); /* ends the row with a line feed */

/* One typed cell of a table row, so that the same row can go to a CSV file and to a
 * workbook sheet (report/xlsx.c): the writers format it each in their own way. */
typedef enum ig_cell_type {
    IG_CELL_EMPTY,
    IG_CELL_TEXT, /* text: borrowed, valid while the row is written */
    IG_CELL_INT,  /* integer */
    IG_CELL_FIXED, /* x with exactly `decimals` decimals (see ig_put_fixed) */
    IG_CELL_DEC,   /* a decimal as read from an input, exactly (see ig_put_dec) */
    IG_CELL_NUMBER_TEXT /* a number as an input wrote it (text), unchanged in CSV, a
                           number in a workbook when it reads as one */
} ig_cell_type;

typedef struct ig_cell {
    ig_cell_type type;
    const char *text;
    int64_t integer;
    double x;
    int decimals;
    ig_dec dec;
} ig_cell;

#define IG_TEXT(s)     ((ig_cell){.type = IG_CELL_TEXT, .text = (s)})
#define IG_INT(v)      ((ig_cell){.type = IG_CELL_INT, .integer = (v)})
#define IG_FIXED(v, d) ((ig_cell){.type = IG_CELL_FIXED, .x = (v), .decimals = (d)})
#define IG_EMPTY       ((ig_cell){.type = IG_CELL_EMPTY})
#define IG_DEC(d)      ((ig_cell){.type = IG_CELL_DEC, .dec = (d)})
#define IG_NUMBER_TEXT(s) ((ig_cell){.type = IG_CELL_NUMBER_TEXT, .text = (s)})

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

/* A column's heading for people (the workbook, the nl dialect): Dutch words with the
 * unit, such as "Totaal per inwoner (euro)" for totaal_per_inwoner; a name without a
 * heading of its own is shown with spaces for its underscores and a capital. The
 * machine outputs (the default CSV dialect, JSON) keep the names. Into buf. */
const char *ig_column_heading(const char *name, char *buf, size_t size);
#define IG_HEADING_MAX 128

/* Appends the header line of w's dialect: the column names (rfc4180), or their
 * headings (nl, for people). */
void ig_csv_header(const ig_csv_row *w, const ig_column *cols, size_t n);
/* The same for names given in one string, separated by commas (no name holds one). */
void ig_csv_header_names(const ig_csv_row *w, const char *commas);

/* A CSV writer in `dialect` for a new file in `b` (io/csv_write.c): RFC 4180 (',' and '.'),
 * or for a Dutch Excel (';', decimal comma, and a UTF-8 byte-order mark, which it
 * appends to `b`). */
ig_csv_row ig_csv_start(ig_buf *b, ingroei_csv_dialect dialect);

/* ---- JSON (io/json.c) ----------------------------------------------------------- */

/* A JSON string literal with the escapes RFC 8259 requires. */
void ig_json_string(ig_buf *b, const char *s);

/* A JSON string literal that is also safe inside an HTML <script> element: besides the
 * JSON escapes, < > & become \u003c \u003e \u0026 (no "</script" or "<!--" can form)
 * and U+2028, U+2029 become \u2028, \u2029 (line terminators in older JavaScript). */
void ig_json_script(ig_buf *b, const char *s);

/* Opens a JSON receipt: `{` and the "engine" member (name and version of ingroei),
 * without a comma after it; every command's receipt starts so. */
void ig_json_receipt_begin(ig_buf *b);

/* Members of a JSON object written one per line, indented by `indent` times two
 * spaces, ending with a comma unless `last`: "key": then a string (null for NULL), a
 * whole number, or a number with `dec` decimals; ig_json_key writes only the key. */
void ig_json_indent(ig_buf *b, int indent);
void ig_json_key(ig_buf *b, int indent, const char *key);
void ig_json_str_field(ig_buf *b, int indent, const char *key, const char *v, bool last);
void ig_json_int_field(ig_buf *b, int indent, const char *key, int64_t v, bool last);
void ig_json_fixed_field(ig_buf *b, int indent, const char *key, double v, int dec, bool last);

/* A YAML double-quoted scalar that libyaml reads back as exactly s. */
void ig_yaml_quoted(ig_buf *b, const char *s);

/* ---- writing output sets (io/stage.c) -------------------------------------------- */

/* (io/yamlx.h is io's second header: the strict YAML reader, for the readers of YAML
 * files here and in the layers above.) */

/* An output set being built. The set is written into a hidden directory beside the
 * output directory DIR (PARENT/.NAME.ingroei-new-XXXXXXXX, an unpredictable name), under a
 * writer lock (PARENT/.NAME.ingroei-lock, flock, removed when done), and put in place in
 * one step: an
 * atomic exchange with the earlier DIR (renameat2 RENAME_EXCHANGE), or a rename when DIR
 * is new. Files in DIR that ingroei did not write move into the new DIR; the earlier
 * outputs go. A writer that died leaves a directory that the next writer cleans up. */
typedef struct ig_stage {
    const char *dir; /* the output directory, as given */
    char *parent;    /* its parent directory */
    char *name;      /* its last name */
    char *path;      /* the staging directory, PARENT/stage_name */
    char stage_name[NAME_MAX + 1];
    char lock_name[NAME_MAX + 1];
    int parentfd, lockfd, fd; /* fd: the staging directory (O_NOFOLLOW) */
    bool committed;           /* the set is in place */
} ig_stage;

/* Locks DIR for writing, cleans up what a writer that died left, and makes the staging
 * directory. Fails when another ingroei writes into DIR, when DIR is a link or not a
 * directory, or is named /, . or .. */
ingroei_status ig_stage_open(ig_stage *stage, const char *dir, ingroei_error *err);
/* Writes the manifest (the files named in `report`) and puts the set in place in one
 * step. Refused, with nothing changed, when an output would replace something that is
 * not a regular file, or when DIR holds another command's outputs. Closes the stage. */
ingroei_status ig_stage_commit(ig_stage *stage, ingroei_output_report *report, ingroei_error *err);
/* Removes the staging directory unless the set was committed, and releases the lock. */
void ig_stage_close(ig_stage *stage);

/* Builds one output file's bytes from a context. */
typedef void ig_build_fn(ig_buf *b, const void *ctx);
/* Writes n files, names[i] built by build[i](ctx), into a staging directory inside
 * `dir` and moves them into place together (ig_stage_*): all or nothing. */
ingroei_status ig_write_staged(const char *dir, size_t n, const char *const *names,
                               ig_build_fn *const *build, const void *ctx,
                               ingroei_output_report *report, ingroei_error *err);

/* Removes `dir` and everything in it, never following a link (a link is removed as a
 * link). */
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

/* Writes `data` to dir/name, a new file (O_EXCL|O_NOFOLLOW), and records the name in
 * `report`. Not synced: in a staging directory ig_stage_commit makes the whole set
 * durable at once. */
ingroei_status ig_write_file(const char *dir, const char *name, const ig_buf *data,
                             ingroei_output_report *report, ingroei_error *err);

/* `report`, or `local` when it is NULL, emptied: what every writer reports into. */
ingroei_output_report *ig_report_start(ingroei_output_report *report, ingroei_output_report *local);
/* Checks the options every output set takes: a directory and a known CSV dialect. */
ingroei_status ig_output_options_check(const ingroei_output_options *o, ingroei_error *err);

/* A file of a staged set written piece by piece (a sweep's rows, block by block), so
 * that memory does not grow with its size. */
typedef struct ig_stage_file {
    int fd;
    bool open;
    const char *name; /* borrowed */
    bool failed;      /* a write failed: the file is incomplete and not reported */
} ig_stage_file;

/* Creates `name` in the staging directory of `stage`. */
ingroei_status ig_stage_file_open(ig_stage_file *sf, const ig_stage *stage, const char *name,
                                  ingroei_error *err);
/* Appends len bytes of data; fails on a failed write. */
ingroei_status ig_stage_file_write(ig_stage_file *sf, const void *data, size_t len,
                                   ingroei_error *err);
/* Appends b's bytes and empties b; fails on a failed buffer or a failed write. */
ingroei_status ig_stage_file_append(ig_stage_file *sf, ig_buf *b, ingroei_error *err);
/* Closes the file (ig_stage_commit syncs it with the rest of the set) and, unless a write
 * failed, records its name in `report`; a file never opened, or closed already, is a
 * no-op. */
ingroei_status ig_stage_file_close(ig_stage_file *sf, ingroei_output_report *report,
                                   ingroei_error *err);

/* Writes `data` to `file` alone, through a temporary file of an unpredictable name in
 * the same directory (created O_EXCL|O_NOFOLLOW), synced, and a rename: an earlier file
 * of that name stays whole until the new one is complete, and a link at the name is
 * replaced, never followed. `what` names the file in messages ("the resolved file"). */
ingroei_status ig_write_file_atomic(const char *file, const ig_buf *data, const char *what,
                                    ingroei_error *err);

#endif /* IG_IO_H */
