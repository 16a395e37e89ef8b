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
    for (size_t r = 0; r < t->n_rows; r++) {
        for (size_t c = 0; c < t->n_cols; c++)
            free(t->rows[r][c]);
        free(t->rows[r]);
        free(t->row_col[r]);
    }
    free(t->row_col);
    for (size_t c = 0; c < t->n_cols; c++)
        free(t->header[c]);
    for (size_t i = 0; i < t->n_comments; i++)
        free(t->comments[i]);
    free(t->comments);
    free(t->rows);
    free(t->row_line);
    free(t->header);
    free(t->file);
    memset(t, 0, sizeof *t);
}

/* Parser state over the file's bytes. */
typedef struct csv_in {
    const char *s, *end;
    int line, col;
    char sep;
} csv_in;

/* Reads one record into a NULL-terminated vector of new strings; *n gets its length
 * and *cols (a new array) the column where each field starts. Returns 1 on a record, 0
 * at end of input, or a negative ingroei_status on error. */
static int read_record(csv_in *in, char ***out, int **cols, size_t *n, const char *file,
                       ingroei_error *err)
{
    if (in->s >= in->end)
        return 0;
    size_t cap = 8, count = 0;
    char **v = malloc(cap * sizeof *v);
    int *at = malloc(cap * sizeof *at);
    ig_buf field = {0};
    if (!v || !at) {
        free(v);
        free(at);
        return -(int)ig_fail(err, INGROEI_ERR_NOMEM, file, in->line, 0, "out of memory");
    }
    for (;;) {
        /* one field */
        field.len = 0;
        ig_buf_putn(&field, "", 0);
        int field_line = in->line, field_col = in->col;
        if (in->s < in->end && *in->s == '"') {
            in->s++;
            in->col++;
            for (;;) {
                if (in->s >= in->end) {
                    ig_fail(err, INGROEI_ERR_SYNTAX, file, field_line, field_col,
                            "unterminated quoted field (the quote opens here)");
                    goto fail;
                }
                char c = *in->s++;
                in->col++;
                if (c == '"') {
                    if (in->s < in->end && *in->s == '"') {
                        ig_buf_putc(&field, '"');
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
                ig_buf_putc(&field, c);
            }
            if (in->s < in->end && *in->s != in->sep && *in->s != '\n' && *in->s != '\r') {
                ig_fail(err, INGROEI_ERR_SYNTAX, file, in->line, in->col,
                        "unexpected character after a closing quote");
                goto fail;
            }
        } else {
            while (in->s < in->end && *in->s != in->sep && *in->s != '\n' && *in->s != '\r') {
                if (*in->s == '"') {
                    ig_fail(err, INGROEI_ERR_SYNTAX, file, in->line, in->col,
                            "quote inside an unquoted field");
                    goto fail;
                }
                ig_buf_putc(&field, *in->s++);
                in->col++;
            }
        }
        if (field.failed) {
            ig_fail(err, INGROEI_ERR_NOMEM, file, in->line, 0, "out of memory");
            goto fail;
        }
        if (count >= IG_MAX_CSV_COLUMNS) {
            ig_fail(err, INGROEI_ERR_DATA, file, field_line, field_col,
                    "more than %u columns (the limit for a CSV file; README \"Limits\")",
                    IG_MAX_CSV_COLUMNS);
            goto fail;
        }
        if (count + 1 >= cap) {
            cap *= 2;
            char **nv = realloc(v, cap * sizeof *v);
            if (nv)
                v = nv;
            int *na = realloc(at, cap * sizeof *at);
            if (na)
                at = na;
            if (!nv || !na) {
                ig_fail(err, INGROEI_ERR_NOMEM, file, in->line, 0, "out of memory");
                goto fail;
            }
        }
        at[count] = field_col;
        v[count++] = ig_strdup(field.data ? field.data : "");
        v[count] = NULL;
        if (!v[count - 1]) {
            ig_fail(err, INGROEI_ERR_NOMEM, file, in->line, 0, "out of memory");
            goto fail;
        }
        if (in->s < in->end && *in->s == in->sep) {
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
    ig_buf_free(&field);
    *out = v;
    *cols = at;
    *n = count;
    return 1;
fail:
    ig_buf_free(&field);
    for (size_t i = 0; i < count; i++)
        free(v[i]);
    free(v);
    free(at);
    return -(int)(err ? err->status : INGROEI_ERR_SYNTAX);
}

static void free_record(char **v, int *cols, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
    free(cols);
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
    csv_in in = {data + (start <= len ? start : len), data + len, start_line, 1, sep};
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
    char **rec;
    int *cols;
    size_t n;
    t.header_line = in.line;
    int r = read_record(&in, &rec, &cols, &n, file, err);
    if (r < 0) {
        st = (ingroei_status)-r;
        goto done;
    }
    if (r == 0) {
        st = ig_fail(err, INGROEI_ERR_DATA, file, 0, 0, "no header row (empty file)");
        goto done;
    }
    t.header = rec;
    free(cols);
    t.n_cols = n;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(rec[i], rec[j]) == 0) {
                st = ig_fail(err, INGROEI_ERR_DATA, file, t.header_line, 0,
                             "duplicate column '%s' in the header", rec[i]);
                goto done;
            }
    size_t cap = 0;
    for (;;) {
        int line = in.line;
        r = read_record(&in, &rec, &cols, &n, file, err);
        if (r < 0) {
            st = (ingroei_status)-r;
            goto done;
        }
        if (r == 0)
            break;
        if (n == 1 && rec[0][0] == '\0') { /* blank line */
            free_record(rec, cols, n);
            continue;
        }
        if (t.n_rows >= IG_MAX_CSV_ROWS) {
            free_record(rec, cols, n);
            st = ig_fail(err, INGROEI_ERR_DATA, file, line, 0,
                         "more than %u rows below the header (the limit for a CSV file; README "
                         "\"Limits\")",
                         IG_MAX_CSV_ROWS);
            goto done;
        }
        if (n != t.n_cols) {
            free_record(rec, cols, n);
            st = ig_fail(err, INGROEI_ERR_DATA, file, line, 0,
                         "row has %zu fields, the header has %zu", n, t.n_cols);
            goto done;
        }
        if (t.n_rows == cap) {
            cap = cap ? cap * 2 : 64;
            char ***nr = realloc(t.rows, cap * sizeof *nr);
            int *nl = realloc(t.row_line, cap * sizeof *nl);
            int **nc = realloc(t.row_col, cap * sizeof *nc);
            if (nr)
                t.rows = nr;
            if (nl)
                t.row_line = nl;
            if (nc)
                t.row_col = nc;
            if (!nr || !nl || !nc) {
                free_record(rec, cols, n);
                st = ig_fail(err, INGROEI_ERR_NOMEM, file, line, 0, "out of memory");
                goto done;
            }
        }
        t.rows[t.n_rows] = rec;
        t.row_col[t.n_rows] = cols;
        t.row_line[t.n_rows++] = line;
    }
    st = INGROEI_OK;
done:
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
