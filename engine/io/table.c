/*
 * table.c - published tables as people save them: the separator (',' ';' or tab) and
 * with it the decimal mark recognised from the header line, numbers as printed
 * ("1.069.297", "1.069.297,00", "€ -45", "1,069,297"), and years in column headers
 * ("Begroting 2025"). The cells themselves are read by csv.c.
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

ingroei_status ig_table_read(ig_table *out, const char *file, ingroei_error *err)
{
    memset(out, 0, sizeof *out);
    char *data = NULL;
    size_t len = 0;
    ingroei_status st = ig_read_file_max(file, IG_MAX_CSV_BYTES, "a CSV file", &data, &len, err);
    if (st != INGROEI_OK)
        return st;
    const char sep = header_separator(data, data + len);
    free(data);
    st = ig_csv_read_sep(&out->csv, file, sep, err);
    if (st != INGROEI_OK)
        return st;
    out->sep = sep;
    out->decimal = sep == ';' ? ',' : '.';
    return INGROEI_OK;
}

void ig_table_clear(ig_table *t)
{
    if (t)
        ig_csv_clear(&t->csv);
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
    for (const char *p = header; *p;) {
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
