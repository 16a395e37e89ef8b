/*
 * table.c - published tables as people save them: the separator (',' ';' or tab) and
 * with it the decimal mark recognised from the header line, numbers as printed
 * ("1.069.297", "1.069.297,00", "€ -45", "1,069,297"), and years in column headers
 * ("Begroting 2025"), title lines above the header, a unit note ("bedragen x € 1.000"),
 * and negatives printed in parentheses or with a trailing minus. The cells themselves
 * are read by csv.c.
 */
#include "io/io.h"

#include <stdlib.h>
#include <string.h>

/* The separator of the header line: the most frequent of ',' ';' and tab outside
 * quotes (',' when there is none). The header is the first line that is not a '#'
 * comment or blank, after a byte-order mark. */
static char header_separator(const char *p, const char *end)
{
    if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end && (*p == '#' || *p == '\n' || *p == '\r')) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    size_t comma = 0, semi = 0, tab = 0;
    bool quoted = false;
    for (; p < end && (quoted || (*p != '\n' && *p != '\r')); p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (!quoted)
            comma += *p == ',', semi += *p == ';', tab += *p == '\t';
    }
    if (semi > comma && semi >= tab)
        return ';';
    if (tab > comma && tab > semi)
        return '\t';
    return ',';
}

/* The cells of one line of `sep`-separated text (quotes as RFC 4180, no line breaks in
 * a field: a title or a header), at most `max`, each cut to `size` bytes; their count. */
static size_t split_line(const char *p, const char *end, char sep, char (*cells)[256],
                         size_t max)
{
    size_t n = 0, k = 0;
    bool quoted = false;
    if (max == 0)
        return 0;
    cells[0][0] = '\0';
    for (; p < end && (quoted || (*p != '\n' && *p != '\r')); p++) {
        if (*p == '"') {
            if (quoted && p + 1 < end && p[1] == '"') {
                p++;
            } else {
                quoted = !quoted;
                continue;
            }
        } else if (*p == sep && !quoted) {
            if (++n == max)
                return n;
            k = 0;
            cells[n][0] = '\0';
            continue;
        }
        if (k + 1 < 256) {
            cells[n][k++] = *p;
            cells[n][k] = '\0';
        }
    }
    return n + 1;
}

/* Where the next line starts. */
static const char *next_line(const char *p, const char *end)
{
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    return nl ? nl + 1 : end;
}

ingroei_status ig_table_read_sheet(ig_table *out, const char *file, const char *sheet,
                                   ig_table_header_fn *is_header, void *ctx,
                                   ingroei_error *err)
{
    memset(out, 0, sizeof *out);
    char *data = NULL;
    size_t len = 0;
    ingroei_status st = ig_read_file_max(file, IG_MAX_CSV_BYTES, "a CSV file", &data, &len, err);
    if (st != INGROEI_OK)
        return st;
    /* An .xlsx workbook (a zip): one sheet as CSV text, read on as a CSV file; the
     * SHA-256 stays that of the workbook's bytes. */
    char xlsx_sha[65] = "";
    char *chosen = NULL;
    if (ig_is_xlsx(data, len)) {
        ig_buf text = {0};
        ig_sha256_hex(data, len, xlsx_sha);
        st = ig_xlsx_sheet_csv(file, data, len, sheet, &text, &chosen, err);
        free(data);
        if (st == INGROEI_OK && text.len > IG_MAX_CSV_BYTES)
            st = ig_fail(err, INGROEI_ERR_DATA, file, 0, 0,
                         "sheet '%s' of the workbook is larger than a CSV file may be", chosen);
        if (st != INGROEI_OK) {
            ig_buf_free(&text);
            free(chosen);
            return st;
        }
        data = text.data;
        len = text.len;
    } else if (sheet) {
        free(data);
        return ig_fail(err, INGROEI_ERR_USAGE, file, 0, 0,
                       "a sheet ('%s') can only be chosen in an .xlsx workbook, and this is not one",
                       sheet);
    }
    const char *end = data + len, *p = data;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    int line = 1;
    while (p < end && (*p == '#' || *p == '\n' || *p == '\r')) { /* comments, blank lines */
        p = next_line(p, end);
        line++;
    }
    /* The header: the first line (of the first IG_TABLE_MAX_TITLE) that is_header
     * accepts; the lines above it are the table's title. Without is_header, or when
     * none is accepted, the first line is the header. */
    const char *header = p;
    int header_line = line;
    ig_buf title = {0};
    enum { MAX_CELLS = 64 };
    char (*cells)[256] = is_header ? malloc(MAX_CELLS * sizeof *cells) : NULL;
    if (is_header && !cells) {
        free(data);
        free(chosen);
        return ig_fail(err, INGROEI_ERR_NOMEM, file, 0, 0, "out of memory");
    }
    const char *q = p;
    for (int k = 0; is_header && k < IG_TABLE_MAX_TITLE && q < end; k++) {
        const char sep = xlsx_sha[0] ? ',' : header_separator(q, end);
        const size_t n = split_line(q, end, sep, cells, MAX_CELLS);
        const char *ptrs[MAX_CELLS];
        for (size_t i = 0; i < n; i++)
            ptrs[i] = cells[i];
        if (is_header(ptrs, n, ctx)) {
            if (k > 0) {
                header = q;
                header_line = line + k;
            }
            break;
        }
        for (size_t i = 0; i < n; i++)
            if (cells[i][0])
                ig_buf_printf(&title, "%s%s", title.len ? " " : "", cells[i]);
        q = next_line(q, end);
    }
    free(cells);
    if (header == p) {
        ig_buf_free(&title); /* a title only when the header is further down */
        title = (ig_buf){0};
    }
    if (title.failed) {
        free(data);
        free(chosen);
        return ig_fail(err, INGROEI_ERR_NOMEM, file, 0, 0, "out of memory");
    }
    const char sep = xlsx_sha[0] ? ',' : header_separator(header, end); /* a sheet: always , */
    st = header == p ? ig_csv_parse_from(&out->csv, file, data, len, 0, 1, sep, err)
                     : ig_csv_parse_from(&out->csv, file, data, len, (size_t)(header - data),
                                         header_line, sep, err);
    free(data);
    if (st != INGROEI_OK) {
        ig_buf_free(&title);
        free(chosen);
        return st;
    }
    out->sheet = chosen;
    if (xlsx_sha[0])
        memcpy(out->csv.sha256, xlsx_sha, sizeof xlsx_sha);
    out->xlsx = xlsx_sha[0] != '\0';
    out->sep = sep;
    out->decimal = sep == ';' ? ',' : '.';
    out->title = title.data;
    out->title_lines = header_line - line;
    /* a unit note in the title or in a header: amounts in thousands (or millions) */
    out->unit = title.data ? ig_table_unit(title.data, NULL, NULL) : 1;
    for (size_t c = 0; c < out->csv.n_cols && out->unit == 1; c++)
        out->unit = ig_table_unit(out->csv.header[c], NULL, NULL);
    return INGROEI_OK;
}

ingroei_status ig_table_read_with(ig_table *out, const char *file, ig_table_header_fn *is_header,
                                  void *ctx, ingroei_error *err)
{
    return ig_table_read_sheet(out, file, NULL, is_header, ctx, err);
}

ingroei_status ig_table_read(ig_table *out, const char *file, ingroei_error *err)
{
    return ig_table_read_with(out, file, NULL, NULL, err);
}

void ig_table_clear(ig_table *t)
{
    if (!t)
        return;
    ig_csv_clear(&t->csv);
    free(t->title);
    t->title = NULL;
    free(t->sheet);
    t->sheet = NULL;
}

/* Whether s at p starts with the ASCII word w, case folded. */
/* Whether the text at p starts with the lower-case word w, in any case. The end of the
 * text stops the match: '\0' | 0x20 is a space, which w may hold. */
static bool word_at(const char *p, const char *w)
{
    for (; *w; p++, w++)
        if (!*p || (*p | 0x20) != *w)
            return false;
    return true;
}

int64_t ig_table_unit(const char *s, size_t *at, size_t *len)
{
    /* "x € 1.000", "x €1.000", "× 1000", "x 1.000 euro", "(bedragen x € 1.000)",
     * "x € 1 mln", "x € 1.000.000": a multiplication sign, then a euro sign or "eur"
     * (optional), then 1 followed by groups of 000 (with '.', ' ' or nothing between)
     * or "mln"; also "in duizenden euro" */
    for (const char *p = s; *p; p++) {
        const char *start = p;
        if (word_at(p, "in duizenden")) {
            if (at)
                *at = (size_t)(start - s), *len = 12;
            return 1000;
        }
        if (!(*p == 'x' || *p == 'X') && strncmp(p, "\xC3\x97", 2) != 0)
            continue;
        if (p > s && ((p[-1] | 0x20) >= 'a' && (p[-1] | 0x20) <= 'z'))
            continue; /* inside a word */
        const char *q = p + (*p == 'x' || *p == 'X' ? 1 : 2);
        while (*q == ' ')
            q++;
        if (strncmp(q, "\xE2\x82\xAC", 3) == 0)
            q += 3;
        else if (word_at(q, "eur"))
            q += word_at(q, "euro") ? 4 : 3;
        while (*q == ' ')
            q++;
        if (*q != '1')
            continue;
        q++;
        int groups = 0;
        for (;;) {
            const char *r = q;
            if (*r == '.' || *r == ' ')
                r++;
            if (r[0] == '0' && r[1] == '0' && r[2] == '0' && !(r[3] >= '0' && r[3] <= '9')) {
                q = r + 3;
                groups++;
            } else {
                break;
            }
        }
        if (groups == 0) {
            while (*q == ' ')
                q++;
            if (word_at(q, "mln") || word_at(q, "miljoen")) {
                q += word_at(q, "mln") ? 3 : 7;
                groups = 2;
            }
        }
        if (groups == 1 || groups == 2) {
            if (at)
                *at = (size_t)(start - s), *len = (size_t)(q - start);
            return groups == 1 ? 1000 : 1000000;
        }
    }
    return 1;
}

/* Whether s[0..n) are digit groups joined by `mark`: 1 to 3 digits, then groups of 3. */
static bool grouped(const char *s, size_t n, char mark)
{
    size_t run = 0, groups = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == mark) {
            if (run == 0 || run > 3 || (groups > 0 && run != 3))
                return false;
            groups++;
            run = 0;
        } else {
            run++;
        }
    }
    return run == 3 && groups > 0;
}

bool ig_table_number(const char *s, char decimal, ig_dec *out)
{
    /* A negative as accountants print it: "(1.234)" or "1.234-" (with spaces and a euro
     * sign allowed around it); the rest is read as any other number, then negated. */
    const size_t len = strlen(s);
    size_t b = 0, e = len;
    while (b < e && (s[b] == ' ' || s[b] == '\t'))
        b++;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t'))
        e--;
    const bool parens = e - b >= 3 && s[b] == '(' && s[e - 1] == ')';
    const bool trailing = !parens && e - b >= 2 && s[e - 1] == '-' && s[e - 2] >= '0' &&
                          s[e - 2] <= '9';
    if (parens || trailing) {
        char inner[64];
        const size_t from = parens ? b + 1 : b, to = e - 1;
        if (to - from >= sizeof inner)
            return false;
        memcpy(inner, s + from, to - from);
        inner[to - from] = '\0';
        for (const char *c = inner; *c; c++)
            if (*c == '-' || *c == '+' || *c == '(' || *c == ')')
                return false; /* one sign only: "(-5)" and "5--" are not numbers */
        if (!ig_table_number(inner, decimal, out))
            return false;
        out->mant = -out->mant;
        return true;
    }
    char clean[64];
    size_t n = 0;
    bool neg = false, digits = false;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p == ' ' || *p == '\t')
            p++;
        else if (p[0] == 0xC2 && p[1] == 0xA0) /* no-break space */
            p += 2;
        else if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xAF || p[2] == 0x89)) /* narrow, thin */
            p += 3;
        else if (p[0] == 0xE2 && p[1] == 0x82 && p[2] == 0xAC && !digits) /* euro sign */
            p += 3;
        else if ((*p == '-' || *p == '+') && !digits && n == 0 && !neg) {
            neg = *p == '-';
            p++;
        } else if (p[0] == 0xE2 && p[1] == 0x88 && p[2] == 0x92 && !digits && n == 0 && !neg) {
            neg = true; /* U+2212 minus sign */
            p += 3;
        } else if ((*p >= '0' && *p <= '9') || *p == '.' || *p == ',') {
            if (n + 1 >= sizeof clean)
                return false;
            digits = digits || (*p >= '0' && *p <= '9');
            clean[n++] = (char)*p++;
        } else {
            return false;
        }
    }
    if (!digits)
        return false;
    clean[n] = '\0';
    const char *last_dot = strrchr(clean, '.'), *last_comma = strrchr(clean, ',');
    size_t dots = 0, commas = 0;
    for (size_t i = 0; i < n; i++)
        dots += clean[i] == '.', commas += clean[i] == ',';
    char mark = 0; /* the decimal mark this number uses, 0 for none */
    if (dots && commas)
        mark = last_dot > last_comma ? '.' : ',';
    else if (dots + commas == 1) {
        const char c = dots ? '.' : ',';
        /* the dialect's own mark is decimal; the other one is decimal unless it
         * separates exactly three digits ("1.069" in a ',' file is 1.069, in a ';'
         * file 1069) */
        mark = c == decimal || !grouped(clean, n, c) ? c : 0;
    }
    const char thousands = mark == '.' ? ',' : mark == ',' ? '.' : dots ? '.' : ',';
    const char *frac = mark ? strchr(clean, mark) : NULL;
    if (frac && strchr(frac + 1, mark))
        return false; /* the decimal mark twice */
    const size_t int_len = frac ? (size_t)(frac - clean) : n;
    const bool has_sep = memchr(clean, thousands, int_len) != NULL;
    if (int_len == 0 || (has_sep && !grouped(clean, int_len, thousands)))
        return false;
    if (frac && (frac[1] == '\0' || strchr(frac + 1, thousands)))
        return false;
    char plain[66];
    size_t k = 0;
    if (neg)
        plain[k++] = '-';
    for (size_t i = 0; i < int_len; i++)
        if (clean[i] != thousands)
            plain[k++] = clean[i];
    if (frac) {
        plain[k++] = '.';
        for (const char *f = frac + 1; *f; f++)
            plain[k++] = *f;
    }
    plain[k] = '\0';
    return ig_dec_parse(plain, out);
}

int ig_table_year(const char *header)
{
    int year = 0;
    size_t note_at = 0, note_len = 0;
    const bool note = ig_table_unit(header, &note_at, &note_len) != 1;
    for (const char *p = header; *p;) {
        if (note && p == header + note_at) { /* "x € 1.000" is no number of the header */
            p += note_len;
            continue;
        }
        if (*p >= '0' && *p <= '9') {
            const char *start = p;
            while (*p >= '0' && *p <= '9')
                p++;
            if (p - start != 4)
                return 0; /* other numbers: not a year column ("x 1000", "75+") */
            const int y = atoi(start);
            if (y < 1900 || y > 2200 || year)
                return 0;
            year = y;
        } else {
            p++;
        }
    }
    return year;
}
