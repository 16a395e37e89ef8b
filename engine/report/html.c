/*
 * html.c - the shared pieces of a self-contained HTML report: the page shell with its
 * stylesheet, scripts and notice; a table the page's script sorts and filters; charts
 * as SVG pictures drawn by one gnuplot process. Nothing here knows a run: the run's
 * report (run/html.c) and a comparison's (compare/html.c) are built from these.
 */
#include "report/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The assets, compiled in from engine/report (see embed.cmake and CMakeLists.txt). */
extern const unsigned char ig_asset_page_css[], ig_asset_page_js[], ig_asset_uplot_js[],
    ig_asset_uplot_css[], ig_asset_uplot_license[];
extern const size_t ig_asset_page_css_len, ig_asset_page_js_len, ig_asset_uplot_js_len,
    ig_asset_uplot_css_len, ig_asset_uplot_license_len;

static void put_asset(ig_buf *b, const unsigned char *data, size_t len)
{
    ig_buf_putn(b, (const char *)data, len);
}

/* The text of the chart library's <script> element: its licence, then the library. */
static void uplot_script(ig_buf *b)
{
    ig_buf_puts(b, "/* uPlot 1.6.32 (npm: uplot), vendored in engine/report/vendor/uplot.\n");
    put_asset(b, ig_asset_uplot_license, ig_asset_uplot_license_len);
    ig_buf_puts(b, "*/\n");
    put_asset(b, ig_asset_uplot_js, ig_asset_uplot_js_len);
}

/* Appends 'sha256-BASE64' of `text` for the Content-Security-Policy. */
static void csp_hash(ig_buf *b, const ig_buf *text)
{
    char hex[65];
    unsigned char raw[32];
    ig_sha256_hex(text->data ? text->data : "", text->len, hex);
    for (int i = 0; i < 32; i++) {
        unsigned v = 0;
        sscanf(hex + 2 * i, "%2x", &v);
        raw[i] = (unsigned char)v;
    }
    ig_buf_puts(b, " 'sha256-");
    ig_base64(b, raw, sizeof raw);
    ig_buf_putc(b, '\'');
}

void ig_html_begin(ig_buf *b, const char *title, const char *subtitle, const char *notice,
                   const ig_asset *app)
{
    ig_buf lib = {0}, shared = {0}, own = {0};
    uplot_script(&lib);
    put_asset(&shared, ig_asset_page_js, ig_asset_page_js_len);
    if (app)
        put_asset(&own, app->data, app->len);
    ig_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                   "img-src data:; style-src 'unsafe-inline'; script-src");
    csp_hash(b, &lib);
    csp_hash(b, &shared);
    if (app)
        csp_hash(b, &own);
    ig_buf_puts(b, "\">\n<title>");
    ig_html_text(b, title);
    ig_buf_puts(b, "</title>\n<style>\n");
    put_asset(b, ig_asset_uplot_css, ig_asset_uplot_css_len);
    ig_buf_putc(b, '\n');
    put_asset(b, ig_asset_page_css, ig_asset_page_css_len);
    ig_buf_puts(b, "</style>\n</head>\n<body>\n<header class=\"ig-header\">\n<h1>");
    ig_html_text(b, title);
    ig_buf_puts(b, "</h1>\n");
    if (subtitle) {
        ig_buf_puts(b, "<p class=\"ig-subtitle\">");
        ig_html_text(b, subtitle);
        ig_buf_puts(b, "</p>\n");
    }
    if (notice) {
        ig_buf_puts(b, "<div class=\"ig-notice\" id=\"ig-notice\" role=\"note\"><strong>Let op: "
                       "de objectieve sleutel is ILLUSTRATIEF.</strong> ");
        ig_html_text(b, notice);
        ig_buf_puts(b, "</div>\n");
    }
    ig_buf_puts(b, "</header>\n<main>\n");
    if (lib.failed || shared.failed || own.failed)
        b->failed = true;
    ig_buf_free(&lib);
    ig_buf_free(&shared);
    ig_buf_free(&own);
}

void ig_html_end(ig_buf *b, const ig_buf *data, const ig_asset *app)
{
    ig_buf_puts(b, "</main>\n");
    if (data) {
        ig_buf_puts(b, "<script type=\"application/json\" id=\"ig-data\">");
        ig_buf_putn(b, data->data ? data->data : "", data->len);
        ig_buf_puts(b, "</script>\n");
        if (data->failed)
            b->failed = true;
        if (data->invalid)
            b->invalid = true;
    }
    ig_buf_puts(b, "<script>");
    uplot_script(b);
    ig_buf_puts(b, "</script>\n<script>");
    put_asset(b, ig_asset_page_js, ig_asset_page_js_len);
    ig_buf_puts(b, "</script>\n");
    if (app) {
        ig_buf_puts(b, "<script>");
        put_asset(b, app->data, app->len);
        ig_buf_puts(b, "</script>\n");
    }
    ig_buf_puts(b, "</body>\n</html>\n");
}

/* ---- numbers as Dutch readers write them ---------------------------------------------- */

/* Inserts a '.' between groups of three digits of the integer part of the number that
 * starts at b->data[from] (an optional '-', digits, then anything). */
static void group_digits(ig_buf *b, size_t from)
{
    if (b->failed || !b->data)
        return;
    ig_buf tail = {0};
    size_t start = from + (b->data[from] == '-'), end = start;
    while (end < b->len && b->data[end] >= '0' && b->data[end] <= '9')
        end++;
    ig_buf_puts(&tail, b->data + end);
    size_t n = end - start;
    char digits[32];
    if (n >= sizeof digits) {
        ig_buf_free(&tail);
        return;
    }
    memcpy(digits, b->data + start, n);
    b->len = start;
    b->data[b->len] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            ig_buf_putc(b, '.');
        ig_buf_putc(b, digits[i]);
    }
    ig_buf_putn(b, tail.data ? tail.data : "", tail.len);
    if (tail.failed)
        b->failed = true;
    ig_buf_free(&tail);
}

void ig_html_put_int(ig_buf *b, int64_t v)
{
    size_t from = b->len;
    ig_put_int(b, v);
    group_digits(b, from);
}

static void put_fixed_nl(ig_buf *b, double x, int decimals)
{
    size_t from = b->len;
    if (ig_put_fixed(b, x, decimals, ','))
        group_digits(b, from);
}

/* ---- tables ---------------------------------------------------------------------------- */

void ig_html_table_begin(ig_buf *b, const char *id, const char *caption, const ig_html_col *cols,
                         size_t n_cols)
{
    ig_buf_puts(b, "<div class=\"ig-table-wrap\"><table class=\"ig-table\" id=\"");
    ig_html_text(b, id);
    ig_buf_puts(b, "\">\n");
    if (caption) {
        ig_buf_puts(b, "<caption>");
        ig_html_text(b, caption);
        ig_buf_puts(b, "</caption>\n");
    }
    ig_buf_puts(b, "<thead><tr>");
    for (size_t c = 0; c < n_cols; c++) {
        ig_buf_puts(b, cols[c].numeric ? "<th class=\"num\" data-num=\"1\"" : "<th");
        ig_buf_puts(b, " aria-sort=\"none\"><button type=\"button\">");
        ig_html_text(b, cols[c].label);
        ig_buf_puts(b, "</button></th>");
    }
    ig_buf_puts(b, "</tr></thead>\n<tbody>\n");
}

void ig_html_table_end(ig_buf *b)
{
    ig_buf_puts(b, "</tbody>\n</table></div>\n");
}

void ig_html_row_begin(ig_buf *b)
{
    ig_buf_puts(b, "<tr>");
}

void ig_html_row_end(ig_buf *b)
{
    ig_buf_puts(b, "</tr>\n");
}

void ig_html_td_text(ig_buf *b, const char *s)
{
    ig_buf_puts(b, "<td data-v=\"");
    ig_html_text(b, s);
    ig_buf_puts(b, "\">");
    ig_html_text(b, s);
    ig_buf_puts(b, "</td>");
}

void ig_html_td_link(ig_buf *b, const char *href, const char *s)
{
    ig_buf_puts(b, "<td data-v=\"");
    ig_html_text(b, s);
    ig_buf_puts(b, "\"><a href=\"");
    ig_html_text(b, href);
    ig_buf_puts(b, "\">");
    ig_html_text(b, s);
    ig_buf_puts(b, "</a></td>");
}

void ig_html_td_gemeente(ig_buf *b, const char *code, const char *name, const char *province)
{
    ig_buf href = {0};
    ig_buf_printf(&href, "#%s", code);
    ig_html_td_text(b, code);
    ig_html_td_link(b, href.data ? href.data : "#", name);
    ig_html_td_text(b, province);
    if (href.failed)
        b->failed = true;
    ig_buf_free(&href);
}

void ig_html_td_int(ig_buf *b, int64_t v)
{
    ig_buf_puts(b, "<td class=\"num\" data-v=\"");
    ig_put_int(b, v);
    ig_buf_puts(b, "\">");
    ig_html_put_int(b, v);
    ig_buf_puts(b, "</td>");
}

void ig_html_td_year(ig_buf *b, int year)
{
    ig_buf_printf(b, "<td class=\"num\" data-v=\"%d\">%d</td>", year, year);
}

void ig_html_td_fixed(ig_buf *b, double x, int decimals, bool empty)
{
    if (empty) {
        ig_buf_puts(b, "<td class=\"num\" data-v=\"\"></td>");
        return;
    }
    ig_buf_puts(b, "<td class=\"num\" data-v=\"");
    ig_put_fixed(b, x, decimals, '.');
    ig_buf_puts(b, "\">");
    put_fixed_nl(b, x, decimals);
    ig_buf_puts(b, "</td>");
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* ---- filters --------------------------------------------------------------------------- */

/* The opening of a filter control: <label>TEXT <TAG data-table=.. data-col=.. */
static void filter_open(ig_buf *b, const char *tag, const char *kind, const char *table, size_t col,
                        const char *label)
{
    ig_buf_puts(b, "<label class=\"ig-filter\">");
    ig_html_text(b, label);
    ig_buf_printf(b, " <%s data-filter=\"%s\" data-table=\"", tag, kind);
    ig_html_text(b, table);
    ig_buf_printf(b, "\" data-col=\"%zu\"", col);
}

void ig_html_filter_text(ig_buf *b, const char *table, size_t col, const char *label)
{
    filter_open(b, "input", "text", table, col, label);
    ig_buf_puts(b, " type=\"search\" autocomplete=\"off\"></label>\n");
}

void ig_html_filter_choice(ig_buf *b, const char *table, size_t col, const char *label,
                           const char *const *values, size_t n_values)
{
    filter_open(b, "select", "equal", table, col, label);
    ig_buf_puts(b, "><option value=\"\">alle</option>");
    for (size_t i = 0; i < n_values; i++) {
        ig_buf_puts(b, "<option value=\"");
        ig_html_text(b, values[i]);
        ig_buf_puts(b, "\">");
        ig_html_text(b, values[i]);
        ig_buf_puts(b, "</option>");
    }
    ig_buf_puts(b, "</select></label>\n");
}

void ig_html_filter_sign(ig_buf *b, const char *table, size_t col, const char *label)
{
    filter_open(b, "select", "sign", table, col, label);
    ig_buf_puts(b, "><option value=\"\">alle</option><option value=\"gain\">winnaars</option>"
                   "<option value=\"loss\">verliezers</option></select></label>\n");
    filter_open(b, "input", "threshold", table, col, "met meer dan (euro per inwoner)");
    ig_buf_puts(b, " type=\"number\" min=\"0\" step=\"1\" value=\"0\"></label>\n");
}

void ig_html_filters_begin(ig_buf *b, const char *table, const char *const *province, size_t n)
{
    const char **prov = malloc((n ? n : 1) * sizeof *prov);
    if (!prov) {
        b->failed = true;
        return;
    }
    memcpy(prov, province, n * sizeof *prov);
    if (n)
        qsort(prov, n, sizeof *prov, cmp_str);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (!u || strcmp(prov[u - 1], prov[i]))
            prov[u++] = prov[i];
    ig_buf_puts(b, "<div class=\"ig-filters\">\n");
    ig_html_filter_text(b, table, 1, "Naam bevat");
    ig_html_filter_choice(b, table, 2, "Provincie", prov, u);
    free(prov);
}

void ig_html_filter_count(ig_buf *b, const char *table, const char *noun)
{
    ig_buf_puts(b, "<p class=\"ig-count\" data-count-for=\"");
    ig_html_text(b, table);
    ig_buf_puts(b, "\" data-noun=\"");
    ig_html_text(b, noun);
    ig_buf_puts(b, "\"></p>\n");
}

/* ---- charts ---------------------------------------------------------------------------- */

void ig_html_svg(ig_buf *b, const char *svg, size_t len, const char *alt)
{
    ig_buf_puts(b, "<figure class=\"ig-figure\"><img alt=\"");
    ig_html_text(b, alt);
    ig_buf_puts(b, "\" src=\"data:image/svg+xml;base64,");
    ig_base64(b, svg, len);
    ig_buf_puts(b, "\"></figure>\n");
}

void ig_html_chart_missing(ig_buf *b, const char *what, const char *why)
{
    ig_buf_puts(b, "<div class=\"ig-missing\" role=\"note\"><strong>Grafiek ontbreekt: ");
    ig_html_text(b, what);
    ig_buf_puts(b, ".</strong> ");
    ig_html_text(b, why);
    ig_buf_puts(b, "</div>\n");
}

/* Removes a file the chart run made; a file that is not there is fine. */
static ingroei_status remove_chart_file(const char *dir, const char *name, ingroei_error *err)
{
    char ebuf[128];
    char *p = ig_path_join(dir, name);
    ingroei_status st = INGROEI_OK;
    if (!p)
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    else if (unlink(p) != 0 && errno != ENOENT)
        st = ig_fail(err, INGROEI_ERR_IO, p, 0, 0, "cannot remove: %s",
                     ig_strerror(errno, ebuf, sizeof ebuf));
    free(p);
    return st;
}

/* Reads back the SVG gnuplot wrote: *missing when gnuplot did not write it (that is
 * gnuplot's failure); an error when it is there but cannot be read (that is ours). */
static ingroei_status read_svg(const char *dir, const char *name, ig_buf *out, bool *missing,
                               ingroei_error *err)
{
    char ebuf[128];
    char *p = ig_path_join(dir, name), *data = NULL;
    size_t len = 0;
    struct stat sb;
    ingroei_status st = INGROEI_OK;
    *missing = false;
    errno = 0;
    if (!p)
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    else if (lstat(p, &sb) != 0 && errno != ENOENT)
        st = ig_fail(err, INGROEI_ERR_IO, p, 0, 0, "cannot read the chart: %s",
                     ig_strerror(errno, ebuf, sizeof ebuf));
    else if (errno == ENOENT || !S_ISREG(sb.st_mode) || sb.st_size == 0)
        *missing = true;
    else if ((st = ig_read_file(p, &data, &len, err)) == INGROEI_OK) {
        ig_buf_putn(out, data, len);
        if (out->failed)
            st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    free(data);
    free(p);
    return st;
}

ingroei_status ig_html_gnuplot_svgs(const char *workdir, const char *gnuplot,
                                    const char *data_name, const ig_buf *dat,
                                    const char *script_name, const ig_buf *gp,
                                    const char *const *svgs, size_t n, ig_buf *out, bool *drawn,
                                    char *why, size_t why_size, ingroei_error *err)
{
    char ebuf[128];
    *drawn = false;
    for (size_t i = 0; i < n; i++)
        out[i] = (ig_buf){0};
    char *prog = ig_gnuplot_find(gnuplot ? gnuplot : "gnuplot");
    if (!prog) {
        snprintf(why, why_size,
                 "%s is niet gevonden; installeer gnuplot en maak het rapport opnieuw",
                 gnuplot ? gnuplot : "gnuplot");
        return INGROEI_OK;
    }
    /* From here on a failure of ours (a directory or file that cannot be made, written,
     * read or removed) is an error; only gnuplot's own failure leaves the charts out. */
    char *dir = ig_path_join(workdir, ".ingroei-charts-XXXXXX");
    if (!dir || !mkdtemp(dir)) {
        ingroei_status st =
            !dir ? ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory")
                 : ig_fail(err, INGROEI_ERR_IO, workdir, 0, 0,
                           "cannot make a directory for the charts: %s",
                           ig_strerror(errno, ebuf, sizeof ebuf));
        free(dir);
        free(prog);
        return st;
    }
    ingroei_output_report scratch = {0};
    ingroei_status st = ig_write_file(dir, data_name, dat, &scratch, err);
    if (st == INGROEI_OK)
        st = ig_write_file(dir, script_name, gp, &scratch, err);
    char msg[300];
    if (st == INGROEI_OK && ig_gnuplot_run(prog, dir, script_name, msg, sizeof msg) != 0) {
        snprintf(why, why_size, "gnuplot faalde: %s", msg);
    } else if (st == INGROEI_OK) {
        bool missing = false;
        for (size_t i = 0; i < n && st == INGROEI_OK && !missing; i++) {
            st = read_svg(dir, svgs[i], &out[i], &missing, err);
            if (missing)
                snprintf(why, why_size, "gnuplot schreef %s niet", svgs[i]);
        }
        *drawn = st == INGROEI_OK && !missing;
    }
    /* the directory goes, whatever happened: file by file, so that a failure is seen */
    const char *made[] = {data_name, script_name};
    ingroei_error later; /* a failure after the first is not reported */
    for (size_t i = 0; i < 2 + n; i++) {
        ingroei_status removed = remove_chart_file(dir, i < 2 ? made[i] : svgs[i - 2],
                                                   st == INGROEI_OK ? err : &later);
        st = st == INGROEI_OK ? removed : st;
    }
    if (rmdir(dir) != 0) {
        int e = errno;
        ig_remove_dir(dir); /* gnuplot made more than its charts */
        struct stat sb;
        if (st == INGROEI_OK && lstat(dir, &sb) == 0)
            st = ig_fail(err, INGROEI_ERR_IO, dir, 0, 0, "cannot remove: %s",
                         ig_strerror(e, ebuf, sizeof ebuf));
    }
    if (st != INGROEI_OK || !*drawn) {
        *drawn = false;
        for (size_t i = 0; i < n; i++)
            ig_buf_free(&out[i]);
    }
    free(dir);
    free(prog);
    return st;
}
