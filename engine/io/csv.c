/*
 * csv.c - reads the dataset's CSV files: RFC 4180 (quoted fields, doubled quotes,
 * CRLF or LF), UTF-8, with leading '#' comment lines that carry the provenance. The
 * separator is ',' unless a caller asks for another (';' in some published files).
 */
#include "io/io.h"

#include <stdlib.h>
#include <string.h>

void ig_csv_clear(ig_csv *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n_comments; i++)
        free(t->comments[i]);
    free(t->comments);
    free(t->rows);
    free(t->row_col);
    free(t->row_line);
    free(t->cells); /* the header and every row point into cells, cols and text */
    free(t->cols);
    free(t->text);
    free(t->file);
    memset(t, 0, sizeof *t);
}

/* Parser state over the file's bytes. The cells are written one after the other into
 * `out`, a block as large as the bytes left to parse plus one: a cell is never longer
 * than its bytes in the file (quotes go, a doubled quote becomes one), and the byte
 * that ends it (separator, line end) makes room for its NUL; only the last cell of the
 * file may end without one, hence the one. The cells' pointers and columns go into
 * growing arrays of the whole table. */
typedef struct csv_in {
    const char *s, *end;
    int line, col;
    char sep;
    bool stop[256]; /* the bytes that end an unquoted field's run: sep, '"', CR, LF */
    char *out;
    char **cells;
    int *cols;
    size_t n, cap; /* cells so far, room for */
} csv_in;

/* Adds a cell that starts at column `col`; false for want of memory. */
static bool push_cell(csv_in *in, char *cell, int col)
{
    if (in->n == in->cap) {
        size_t cap = in->cap ? in->cap * 2 : 256;
        char **nc = realloc(in->cells, cap * sizeof *nc);
        if (nc)
            in->cells = nc;
        int *na = realloc(in->cols, cap * sizeof *na);
        if (na)
            in->cols = na;
        if (!nc || !na)
            return false;
        in->cap = cap;
    }
    in->cells[in->n] = cell;
    in->cols[in->n++] = col;
    return true;
}

/* Reads one record, adding its cells; *n gets its number of cells. Returns 1 on a
 * record, 0 at end of input, or a negative ingroei_status on error. */
static int read_record(csv_in *in, size_t *n, const char *file, ingroei_error *err)
{
    if (in->s >= in->end)
        return 0;
    size_t count = 0;
    const char sep = in->sep;
    for (;;) {
        /* one field */
        char *cell = in->out;
        int field_line = in->line, field_col = in->col;
        if (in->s < in->end && *in->s == '"') {
            in->s++;
            in->col++;
            for (;;) {
                if (in->s >= in->end) {
                    ig_fail(err, INGROEI_ERR_SYNTAX, file, field_line, field_col,
                            "unterminated quoted field (the quote opens here)");
                    return -(int)INGROEI_ERR_SYNTAX;
                }
                char c = *in->s++;
                in->col++;
                if (c == '"') {
                    if (in->s < in->end && *in->s == '"') {
                        *in->out++ = '"';
                        in->s++;
                        in->col++;
                        continue;
                    }
                    break;
                }
                if (c == '\n') {
                    in->line++;
                    in->col = 1;
                }
                *in->out++ = c;
            }
            if (in->s < in->end && *in->s != sep && *in->s != '\n' && *in->s != '\r') {
                ig_fail(err, INGROEI_ERR_SYNTAX, file, in->line, in->col,
                        "unexpected character after a closing quote");
                return -(int)INGROEI_ERR_SYNTAX;
            }
        } else {
            const char *p = in->s;
            while (p < in->end && !in->stop[(unsigned char)*p])
                p++;
            if (p < in->end && *p == '"') {
                ig_fail(err, INGROEI_ERR_SYNTAX, file, in->line, in->col + (int)(p - in->s),
                        "quote inside an unquoted field");
                return -(int)INGROEI_ERR_SYNTAX;
            }
            const size_t k = (size_t)(p - in->s);
            memcpy(in->out, in->s, k);
            in->out += k;
            in->col += (int)k;
            in->s = p;
        }
        *in->out++ = '\0';
        if (count >= IG_MAX_CSV_COLUMNS) {
            ig_fail(err, INGROEI_ERR_DATA, file, field_line, field_col,
                    "more than %u columns (the limit for a CSV file; README \"Limits\")",
                    IG_MAX_CSV_COLUMNS);
            return -(int)INGROEI_ERR_DATA;
        }
        if (!push_cell(in, cell, field_col)) {
            ig_fail(err, INGROEI_ERR_NOMEM, file, in->line, 0, "out of memory");
            return -(int)INGROEI_ERR_NOMEM;
        }
        count++;
        if (in->s < in->end && *in->s == sep) {
            in->s++;
            in->col++;
            continue;
        }
        /* end of record */
        if (in->s < in->end && *in->s == '\r')
            in->s++;
        if (in->s < in->end && *in->s == '\n')
            in->s++;
        in->line++;
        in->col = 1;
        break;
    }
    *n = count;
    return 1;
}

ingroei_status ig_csv_read(ig_csv *out, const char *file, ingroei_error *err)
{
    return ig_csv_read_sep(out, file, ',', err);
}

ingroei_status ig_csv_read_sep(ig_csv *out, const char *file, char sep, ingroei_error *err)
{
    char *data = NULL;
    size_t len = 0;
    ingroei_status st = ig_read_file_max(file, IG_MAX_CSV_BYTES, "a CSV file", &data, &len, err);
    if (st != INGROEI_OK)
        return st;
    st = ig_csv_parse_from(out, file, data, len, 0, 1, sep, err);
    free(data);
    return st;
}

ingroei_status ig_csv_parse_from(ig_csv *out, const char *file, const char *data, size_t len,
                                 size_t start, int start_line, char sep, ingroei_error *err)
{
    ingroei_status st = INGROEI_OK;
    ig_csv t = {0};
    t.file = ig_strdup(file);
    if (!t.file)
        return ig_fail(err, INGROEI_ERR_NOMEM, file, 0, 0, "out of memory");
    ig_sha256_hex(data, len, t.sha256);
    csv_in in = {.s = data + (start <= len ? start : len),
                 .end = data + len,
                 .line = start_line,
                 .col = 1,
                 .sep = sep};
    in.stop[(unsigned char)sep] = in.stop['"'] = in.stop['\r'] = in.stop['\n'] = true;
    if (start == 0 && len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        in.s += 3; /* a UTF-8 byte order mark is not part of the first field */
    if (memchr(data, '\0', len)) {
        st = ig_fail(err, INGROEI_ERR_SYNTAX, file, 0, 0, "file contains a NUL byte");
        goto done;
    }
    int bad_line = 0, bad_col = 0;
    if (!ig_utf8_valid(data, len, &bad_line, &bad_col)) {
        /* names go into CSV, JSON and gnuplot scripts: only valid UTF-8 gets that far */
        st = ig_fail(err, INGROEI_ERR_SYNTAX, file, bad_line, bad_col,
                     "not valid UTF-8 (save the file as UTF-8)");
        goto done;
    }
    /* comment lines */
    while (in.s < in.end && *in.s == '#') {
        const char *nl = memchr(in.s, '\n', (size_t)(in.end - in.s));
        const char *stop = nl ? nl : in.end;
        const char *text = in.s + 1;
        if (text < stop && *text == ' ')
            text++;
        size_t n = (size_t)(stop - text);
        if (n && text[n - 1] == '\r')
            n--;
        char **nc = realloc(t.comments, (t.n_comments + 1) * sizeof *nc);
        char *c = malloc(n + 1);
        if (!nc || !c) {
            free(c);
            if (nc)
                t.comments = nc;
            st = ig_fail(err, INGROEI_ERR_NOMEM, file, in.line, 0, "out of memory");
            goto done;
        }
        memcpy(c, text, n);
        c[n] = '\0';
        t.comments = nc;
        t.comments[t.n_comments++] = c;
        in.s = nl ? nl + 1 : in.end;
        in.line++;
    }
    /* blank lines before the header */
    while (in.s < in.end && (*in.s == '\n' || *in.s == '\r')) {
        if (*in.s == '\n')
            in.line++;
        in.s++;
    }
    /* one block for every cell's text (see csv_in) */
    t.text = malloc((size_t)(in.end - in.s) + 1);
    if (!t.text) {
        st = ig_fail(err, INGROEI_ERR_NOMEM, file, 0, 0, "out of memory");
        goto done;
    }
    in.out = t.text;
    size_t n;
    t.header_line = in.line;
    int r = read_record(&in, &n, file, err);
    if (r < 0) {
        st = (ingroei_status)-r;
        goto done;
    }
    if (r == 0) {
        st = ig_fail(err, INGROEI_ERR_DATA, file, 0, 0, "no header row (empty file)");
        goto done;
    }
    t.n_cols = n;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(in.cells[i], in.cells[j]) == 0) {
                st = ig_fail(err, INGROEI_ERR_DATA, file, t.header_line, 0,
                             "duplicate column '%s' in the header", in.cells[i]);
                goto done;
            }
    size_t cap = 0;
    for (;;) {
        int line = in.line;
        r = read_record(&in, &n, file, err);
        if (r < 0) {
            st = (ingroei_status)-r;
            goto done;
        }
        if (r == 0)
            break;
        if (n == 1 && in.cells[in.n - 1][0] == '\0') { /* blank line */
            in.n--;
            continue;
        }
        if (t.n_rows >= IG_MAX_CSV_ROWS) {
            st = ig_fail(err, INGROEI_ERR_DATA, file, line, 0,
                         "more than %u rows below the header (the limit for a CSV file; README "
                         "\"Limits\")",
                         IG_MAX_CSV_ROWS);
            goto done;
        }
        if (n != t.n_cols) {
            st = ig_fail(err, INGROEI_ERR_DATA, file, line, 0,
                         "row has %zu fields, the header has %zu", n, t.n_cols);
            goto done;
        }
        if (t.n_rows == cap) {
            cap = cap ? cap * 2 : 64;
            int *nl = realloc(t.row_line, cap * sizeof *nl);
            if (!nl) {
                st = ig_fail(err, INGROEI_ERR_NOMEM, file, line, 0, "out of memory");
                goto done;
            }
            t.row_line = nl;
        }
        t.row_line[t.n_rows++] = line;
    }
    /* every row has n_cols cells, after the header's: point the rows into the arrays */
    t.rows = malloc((t.n_rows ? t.n_rows : 1) * sizeof *t.rows);
    t.row_col = malloc((t.n_rows ? t.n_rows : 1) * sizeof *t.row_col);
    if (!t.rows || !t.row_col) {
        st = ig_fail(err, INGROEI_ERR_NOMEM, file, 0, 0, "out of memory");
        goto done;
    }
    t.header = in.cells;
    for (size_t i = 0; i < t.n_rows; i++) {
        t.rows[i] = in.cells + (i + 1) * t.n_cols;
        t.row_col[i] = in.cols + (i + 1) * t.n_cols;
    }
    st = INGROEI_OK;
done:
    t.cells = in.cells;
    t.cols = in.cols;
    if (st == INGROEI_OK)
        *out = t;
    else
        ig_csv_clear(&t);
    return st;
}

int ig_csv_column(const ig_csv *t, const char *name, ingroei_error *err)
{
    for (size_t c = 0; c < t->n_cols; c++)
        if (strcmp(t->header[c], name) == 0)
            return (int)c;
    ig_fail(err, INGROEI_ERR_DATA, t->file, t->header_line, 0, "missing column '%s' in the header",
            name);
    return -1;
}
