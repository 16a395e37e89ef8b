/*
 * key_csv.c - an objective key as a plain table (README "Your own key"): a CSV of
 * gemeentecode and share (aandeel) or amount (bedrag), the form in which a ministry
 * publishes a key. The separator is ',' or ';' (recognised on the header line), a ';'
 * file writes numbers with a decimal comma; '#' lines above the header say where the
 * key comes from. This file checks the table itself (columns, codes, numbers, a code
 * twice, the shares' sum); whether every code is a gemeente of the scenario's
 * boundaries is checked by the run (run/dataset.c), which knows them.
 */
#include "io/io.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void ig_key_csv_clear(ig_key_csv *k)
{
    if (!k)
        return;
    ig_csv_clear(&k->csv);
    free(k->value);
    free(k->source);
    memset(k, 0, sizeof *k);
}

bool ig_is_key_csv(const char *path)
{
    size_t n = path ? strlen(path) : 0;
    if (n < 4)
        return false;
    const char *e = path + n - 4;
    return e[0] == '.' && (e[1] | 0x20) == 'c' && (e[2] | 0x20) == 's' && (e[3] | 0x20) == 'v';
}

/* The separator of the header line (the first line not starting with '#', after a
 * byte-order mark): ';' when it has more ';' than ',' outside quotes, else ','. */
static char key_separator(const char *data, size_t len)
{
    size_t i = len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
    while (i < len && data[i] == '#') {
        while (i < len && data[i] != '\n')
            i++;
        i++;
    }
    size_t semi = 0, comma = 0;
    bool quoted = false;
    for (; i < len && (quoted || (data[i] != '\n' && data[i] != '\r')); i++) {
        if (data[i] == '"')
            quoted = !quoted;
        else if (!quoted)
            semi += data[i] == ';', comma += data[i] == ',';
    }
    return semi > comma ? ';' : ',';
}

/* The byte column where header cell j starts (names without quotes; a quoted name is
 * counted without its quotes, which only shifts a message's column). */
static int header_col(const ig_csv *t, size_t j)
{
    size_t at = 1;
    for (size_t k = 0; k < j; k++)
        at += strlen(t->header[k]) + 1;
    return at > 1000000 ? 0 : (int)at;
}

static bool is_code(const char *s)
{
    if (s[0] != 'G' || s[1] != 'M')
        return false;
    for (int k = 2; k < 6; k++)
        if (s[k] < '0' || s[k] > '9')
            return false;
    return s[6] == '\0';
}

/* The columns: gemeentecode, exactly one of aandeel and bedrag, optionally gemeentenaam;
 * any other is refused so that a misspelt one is not ignored. */
static ingroei_status key_header(ig_key_csv *k, ingroei_error *err)
{
    const ig_csv *t = &k->csv;
    static const char *const known[] = {"gemeentecode", "aandeel", "bedrag", "gemeentenaam"};
    int at[4] = {-1, -1, -1, -1};
    for (size_t j = 0; j < t->n_cols; j++) {
        int c = 0;
        while (c < 4 && strcmp(t->header[j], known[c]) != 0)
            c++;
        if (c == 4)
            return ig_fail(err, INGROEI_ERR_DATA, t->file, t->header_line, header_col(t, j),
                           "unknown column '%s' in a key file (expected: gemeentecode and "
                           "either aandeel or bedrag; optionally gemeentenaam)",
                           t->header[j]);
        at[c] = (int)j; /* a column twice is refused by the CSV reader */
    }
    if (at[0] < 0)
        return ig_fail(err, INGROEI_ERR_DATA, t->file, t->header_line, 1,
                       "a key file needs a column gemeentecode");
    if (at[1] >= 0 && at[2] >= 0)
        return ig_fail(err, INGROEI_ERR_DATA, t->file, t->header_line, header_col(t, (size_t)at[2]),
                       "a key file has either aandeel (shares) or bedrag (amounts), not both");
    if (at[1] < 0 && at[2] < 0)
        return ig_fail(err, INGROEI_ERR_DATA, t->file, t->header_line, 1,
                       "a key file needs a column aandeel (shares that add up to 1) or bedrag "
                       "(amounts in euro, turned into shares)");
    k->c_code = at[0];
    k->amounts = at[2] >= 0;
    k->c_value = k->amounts ? at[2] : at[1];
    return INGROEI_OK;
}

/* A number of a key file: as a table prints it (ig_table_number: thousands separators,
 * the decimal mark of the separator), or with more digits than that keeps exactly, as a
 * spreadsheet writes a share (0,0029154269689819091): then plain, with `decimal`. */
static bool key_number(const char *v, char decimal, double *x)
{
    ig_dec d;
    if (ig_table_number(v, decimal, &d)) {
        *x = ig_dec_value(d);
        return true;
    }
    char buf[64];
    size_t n = strlen(v);
    if (n >= sizeof buf || (decimal == ',' && strchr(v, '.')))
        return false;
    memcpy(buf, v, n + 1);
    char *c = decimal == ',' ? strchr(buf, ',') : NULL;
    if (c)
        *c = '.';
    return ig_parse_double(buf, x);
}

/* A row's code and index, for finding a code twice. */
typedef struct coded {
    const char *code;
    size_t row;
} coded;

static int by_code(const void *a, const void *b)
{
    const coded *x = a, *y = b;
    int c = strcmp(x->code, y->code);
    return c ? c : (x->row > y->row) - (x->row < y->row);
}

/* The rows: a gemeentecode and a non-negative number each, no code twice. */
static ingroei_status key_rows(ig_key_csv *k, ingroei_error *err)
{
    const ig_csv *t = &k->csv;
    const char *what = k->amounts ? "bedrag" : "aandeel";
    if (!t->n_rows)
        return ig_fail(err, INGROEI_ERR_DATA, t->file, t->header_line, 0,
                       "a key file without rows (a row per gemeente is needed)");
    if (!(k->value = malloc(t->n_rows * sizeof *k->value)))
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    const char decimal = k->sep == ';' ? ',' : '.';
    k->total = 0;
    for (size_t i = 0; i < t->n_rows; i++) {
        char **f = t->rows[i];
        const int line = t->row_line[i], *col = t->row_col[i];
        const char *code = f[k->c_code], *v = f[k->c_value];
        if (!is_code(code))
            return ig_fail(err, INGROEI_ERR_DATA, t->file, line, col[k->c_code],
                           "gemeentecode: '%s' is not a gemeentecode (GM and four digits)",
                           code);
        double x;
        if (!*v)
            return ig_fail(err, INGROEI_ERR_DATA, t->file, line, col[k->c_value],
                           "no %s for %s (write 0 for a gemeente that gets none)", what, code);
        if (!key_number(v, decimal, &x))
            return ig_fail(err, INGROEI_ERR_DATA, t->file, line, col[k->c_value],
                           "%s of %s: '%s' is not a number%s", what, code, v,
                           k->sep == ';' ? " (a ';' file writes a decimal comma: 0,0123)"
                                         : " (a ',' file writes a decimal point: 0.0123)");
        if (!(x >= 0) || !isfinite(x))
            return ig_fail(err, INGROEI_ERR_DATA, t->file, line, col[k->c_value],
                           "%s of %s: '%s' is negative (a key gives no gemeente less than "
                           "nothing)",
                           what, code, v);
        k->value[i] = x;
        k->total += x;
    }
    /* a code twice: the rows sorted by code, neighbours compared */
    coded *order = malloc(t->n_rows * sizeof *order);
    if (!order)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < t->n_rows; i++)
        order[i] = (coded){t->rows[i][k->c_code], i};
    qsort(order, t->n_rows, sizeof *order, by_code);
    ingroei_status st = INGROEI_OK;
    for (size_t i = 1; i < t->n_rows && st == INGROEI_OK; i++)
        if (strcmp(order[i - 1].code, order[i].code) == 0) {
            size_t first = order[i - 1].row, second = order[i].row;
            st = ig_fail(err, INGROEI_ERR_DATA, t->file, t->row_line[second],
                         t->row_col[second][k->c_code],
                         "a second row for %s (the first is on line %d)", order[i].code,
                         t->row_line[first]);
        }
    free(order);
    if (st != INGROEI_OK)
        return st;
    if (!(k->total > 0) || !isfinite(k->total))
        return ig_fail(err, INGROEI_ERR_DATA, t->file, 0, 0,
                       "the %s column adds up to nothing: a key must give some gemeente a share",
                       what);
    if (!k->amounts && fabs(k->total - 1.0) > IG_KEY_SHARE_TOLERANCE) {
        ig_buf b = {0};
        ig_put_decimal(&b, k->total);
        st = ig_fail(err, INGROEI_ERR_DATA, t->file, 0, 0,
                     "the shares (aandeel) add up to %s, not 1 within %g: give shares as "
                     "fractions (0,0123 rather than 1,23%%), or amounts in a column bedrag",
                     b.data ? b.data : "?", IG_KEY_SHARE_TOLERANCE);
        ig_buf_free(&b);
        return st;
    }
    return INGROEI_OK;
}

ingroei_status ig_key_csv_parse(ig_key_csv *out, const char *file, const char *data, size_t len,
                                ingroei_error *err)
{
    memset(out, 0, sizeof *out);
    if (len > IG_MAX_KEY_BYTES)
        return ig_fail(err, INGROEI_ERR_DATA, file, 0, 0,
                       "%zu bytes, more than %u, the limit for a key file (README \"Your own "
                       "key\")",
                       len, IG_MAX_KEY_BYTES);
    out->sep = key_separator(data, len);
    ingroei_status st = ig_csv_parse_from(&out->csv, file, data, len, 0, 1, out->sep, err);
    if (st == INGROEI_OK)
        st = key_header(out, err);
    if (st == INGROEI_OK)
        st = key_rows(out, err);
    if (st == INGROEI_OK && out->csv.n_comments) {
        ig_buf b = {0};
        for (size_t i = 0; i < out->csv.n_comments; i++)
            ig_buf_printf(&b, "%s%s", i ? " " : "", out->csv.comments[i]);
        if (b.failed)
            st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        out->source = b.data;
    }
    if (st != INGROEI_OK)
        ig_key_csv_clear(out);
    return st;
}

ingroei_status ig_key_csv_read(ig_key_csv *out, const char *file, ingroei_error *err)
{
    char *data = NULL;
    size_t len = 0;
    memset(out, 0, sizeof *out);
    ingroei_status st = ig_read_file_max(file, IG_MAX_KEY_BYTES, "a key file", &data, &len, err);
    if (st == INGROEI_OK)
        st = ig_key_csv_parse(out, file, data, len, err);
    free(data);
    return st;
}
