/*
 * test_xlsx.c - the workbook (--xlsx) and the Dutch CSV dialect (--csv-dialect nl) end
 * to end. Without arguments: the workbook's bytes are the same on every run and in any
 * locale; the nl dialect has ';', decimal commas and a byte-order mark and holds the
 * same values as the default dialect; names with ';' and quotes are quoted as each
 * dialect needs. With the argument "libreoffice": LibreOffice converts every sheet of
 * the workbook to CSV and the values equal those of allocations.csv, budget.csv and the
 * gemeente's table, for every row. That part exits with 77 (ctest's skip) when soffice
 * is missing and the test does not run as root; tools/test installs it as root.
 *
 * Runs from the repository root with INGROEI_CLI naming the built `ingroei` binary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ig.h"
#include "support/support.h"

#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_SCENARIO "scenarios/default.yaml"
#define CAP_SCENARIO     "scenarios/herijking_cap.yaml"
#define BOM              "\xEF\xBB\xBF"

static char *tmpdir; /* made by group_setup, removed by group_teardown */

/* ---- a small CSV reader for both dialects and LibreOffice's output ------------------- */

typedef struct table {
    size_t n_rows;
    size_t *n_cells; /* [n_rows] */
    char ***cells;   /* [n_rows][n_cells[row]] */
} table;

static void table_free(table *t)
{
    for (size_t r = 0; r < t->n_rows; r++) {
        for (size_t c = 0; c < t->n_cells[r]; c++)
            free(t->cells[r][c]);
        free(t->cells[r]);
    }
    free(t->cells);
    free(t->n_cells);
    memset(t, 0, sizeof *t);
}

/* Parses CSV text with separator `sep`: fields in double quotes may hold the separator,
 * doubled quotes and line breaks; lines end with LF or CRLF (the last may lack one). */
static table parse_csv(const char *s, char sep)
{
    table t = {0};
    size_t cap_rows = 0, cap_cells = 0, len = 0, cap_len = 0;
    char **row = NULL, *cell = NULL;
    size_t n_cells = 0;
    bool in_row = false;
    for (;;) {
        char c = *s;
        if (!c && !in_row)
            break;
        in_row = true;
        /* one field */
        len = 0;
        cap_len = 16;
        cell = malloc(cap_len);
        assert_non_null(cell);
        bool quoted = *s == '"';
        if (quoted)
            s++;
        for (;;) {
            c = *s;
            if (quoted && c == '"' && s[1] == '"') {
                s += 2;
            } else if (quoted && c == '"') {
                s++;
                quoted = false;
                continue;
            } else if (!c || (!quoted && (c == sep || c == '\n' || c == '\r'))) {
                break;
            } else {
                s++;
            }
            if (len + 2 > cap_len)
                assert_non_null(cell = realloc(cell, cap_len *= 2));
            cell[len++] = c;
        }
        assert_false(quoted); /* an unterminated quote */
        cell[len] = '\0';
        if (n_cells == cap_cells)
            assert_non_null(row = realloc(row, (cap_cells = cap_cells * 2 + 8) * sizeof *row));
        row[n_cells++] = cell;
        if (*s == sep) {
            s++;
            continue;
        }
        if (*s == '\r')
            s++;
        if (*s == '\n')
            s++;
        if (t.n_rows == cap_rows) {
            cap_rows = cap_rows * 2 + 16;
            assert_non_null(t.cells = realloc(t.cells, cap_rows * sizeof *t.cells));
            assert_non_null(t.n_cells = realloc(t.n_cells, cap_rows * sizeof *t.n_cells));
        }
        t.cells[t.n_rows] = row;
        t.n_cells[t.n_rows++] = n_cells;
        row = NULL;
        n_cells = cap_cells = 0;
        in_row = false;
    }
    return t;
}

static table read_csv(const char *path, char sep)
{
    char *text = ts_slurp(path, NULL);
    const char *start = strncmp(text, BOM, 3) == 0 ? text + 3 : text;
    table t = parse_csv(start, sep);
    free(text);
    return t;
}

/* The index of the row whose first cell is `first` (a sheet's header below its lines). */
static size_t row_starting(const table *t, const char *first, const char *what)
{
    for (size_t r = 0; r < t->n_rows; r++)
        if (t->n_cells[r] && !strcmp(t->cells[r][0], first))
            return r;
    fail_msg("%s has no row that starts with %s", what, first);
    return 0;
}

/* Column `name` of row `r`, or -1. */
static long column(const table *t, size_t r, const char *name)
{
    for (size_t c = 0; c < t->n_cells[r]; c++)
        if (!strcmp(t->cells[r][c], name))
            return (long)c;
    return -1;
}

/* ---- running the tool --------------------------------------------------------------- */

/* Runs `ingroei run SCENARIO -o tmpdir/SUB --no-plots` with the extra arguments (NULL
 * ended); returns the output directory. */
static char *run(const char *scenario, const char *sub, const char *lc_all, ...)
{
    char *out = ts_xprintf("%s/%s", tmpdir, sub);
    const char *args[16] = {"run", scenario, "-o", out, "--no-plots"};
    size_t n = 5;
    va_list ap;
    va_start(ap, lc_all);
    for (const char *a; (a = va_arg(ap, const char *)) && n < 15;)
        args[n++] = a;
    va_end(ap);
    args[n] = NULL;
    char *err = NULL;
    int status = ts_run_cli(args, lc_all, &err);
    if (status != 0)
        fail_msg("ingroei run %s exited with %d:\n%s", scenario, status, err);
    free(err);
    return out;
}

static char *path_in(const char *dir, const char *name)
{
    return ts_xprintf("%s/%s", dir, name);
}

/* ---- comparing values ---------------------------------------------------------------- */

/* A cell LibreOffice wrote (raw values, not as shown) as the decimal it stands for: a
 * percentage "12.5%" is the fraction "0.125", the point moved in the text, exactly. */
static char *lo_decimal(const char *cell)
{
    size_t n = strlen(cell);
    if (!n || cell[n - 1] != '%')
        return ts_strdup(cell);
    bool neg = cell[0] == '-';
    const char *digits = cell + neg;
    size_t int_len = strcspn(digits, ".%");
    const char *frac = digits[int_len] == '.' ? digits + int_len + 1 : "";
    char *padded = ts_xprintf("00%.*s", (int)int_len, digits);
    size_t pl = strlen(padded);
    char *out = ts_xprintf("%s%.*s.%.*s%.*s", neg ? "-" : "", (int)(pl - 2), padded, 2,
                           padded + pl - 2, (int)strcspn(frac, "%"), frac);
    free(padded);
    return out;
}

/* Whether a sheet's cell holds the CSV file's value: the same number (compared as
 * doubles, exactly) or the same text. */
static bool same_value(const char *csv, const char *sheet)
{
    double a, b;
    char *dec = lo_decimal(sheet);
    bool same =
        ig_parse_double(csv, &a) ? ig_parse_double(dec, &b) && a == b : strcmp(csv, sheet) == 0;
    free(dec);
    return same;
}

/* Every row of the CSV file `csv_path` is in the sheet below its header, in the same
 * order, with the same value in every column of the CSV file (the sheet may have more
 * columns). Returns the number of rows compared. */
static size_t sheet_equals_csv(const char *sheet_path, const char *csv_path)
{
    table sheet = read_csv(sheet_path, ','), csv = read_csv(csv_path, ',');
    assert_true(csv.n_rows >= 2);
    size_t h = row_starting(&sheet, csv.cells[0][0], sheet_path);
    long *map = calloc(csv.n_cells[0], sizeof *map);
    assert_non_null(map);
    for (size_t c = 0; c < csv.n_cells[0]; c++)
        if ((map[c] = column(&sheet, h, csv.cells[0][c])) < 0)
            fail_msg("%s has no column %s", sheet_path, csv.cells[0][c]);
    /* LibreOffice writes empty trailing rows of a sheet's used area as empty lines */
    size_t n_sheet = sheet.n_rows - h - 1;
    while (n_sheet && sheet.n_cells[h + n_sheet] == 1 && !sheet.cells[h + n_sheet][0][0])
        n_sheet--;
    assert_int_equal(n_sheet, csv.n_rows - 1);
    for (size_t r = 1; r < csv.n_rows; r++)
        for (size_t c = 0; c < csv.n_cells[r]; c++) {
            const char *got =
                (size_t)map[c] < sheet.n_cells[h + r] ? sheet.cells[h + r][map[c]] : "";
            if (!same_value(csv.cells[r][c], got))
                fail_msg("%s row %zu column %s: %s in the sheet, %s in %s", sheet_path, r,
                         csv.cells[0][c], got, csv.cells[r][c], csv_path);
        }
    size_t n = csv.n_rows - 1;
    free(map);
    table_free(&sheet);
    table_free(&csv);
    return n;
}

/* ---- LibreOffice ---------------------------------------------------------------------- */

static bool have_soffice(void)
{
    return system("command -v soffice >/dev/null 2>&1") == 0;
}

/* Converts every sheet of dir/ingroei.xlsx to dir/lo/ingroei-SHEET.csv with LibreOffice
 * headless, in a profile of its own (parallel tests do not share one). The CSV filter's
 * options: ',' separator, '"' quotes, UTF-8, English number format, raw values rather
 * than values as shown (token 9 false), every sheet to its own file (token 12 = -1). */
static void convert_all_sheets(const char *dir)
{
    char *cmd = ts_xprintf(
        "cd '%s' && soffice -env:UserInstallation=file://%s/lo-profile --headless "
        "--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,"
        "false,false,-1' --outdir lo ingroei.xlsx >lo.log 2>&1",
        dir, tmpdir);
    int status = system(cmd);
    if (status != 0) {
        char *log = path_in(dir, "lo.log");
        char *text = ts_slurp(log, NULL);
        fail_msg("soffice failed (%d):\n%s", status, text);
    }
    free(cmd);
}

/* The first line of a sheet's CSV, which holds the title; the notice follows. */
static void assert_notice(const char *sheet_path)
{
    char *text = ts_slurp(sheet_path, NULL);
    char *header = strstr(text, "\njaar,");
    char *notice = strstr(text, "LET OP - ILLUSTRATIEF: the objective key is illustrative");
    char *bestand = strstr(text, "\nbestand,");
    if (!notice || (header && notice > header) || (bestand && notice > bestand))
        fail_msg("%s has no illustrative notice above its table", sheet_path);
    free(text);
}

static void test_libreoffice_default(void **state)
{
    (void)state;
    char *out = run(DEFAULT_SCENARIO, "lo_default", NULL, "--xlsx", "--gemeente", "Zwolle", NULL);
    convert_all_sheets(out);
    struct {
        const char *sheet, *csv;
        size_t rows;
    } pairs[] = {
        {"lo/ingroei-Gemeenten.csv", "allocations.csv", 342 * 11},
        {"lo/ingroei-Gemeente.csv", "gemeente_GM0193.csv", 11},
        {"lo/ingroei-Overzicht.csv", "budget.csv", 11},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        char *sheet = path_in(out, pairs[i].sheet), *csv = path_in(out, pairs[i].csv);
        assert_int_equal(sheet_equals_csv(sheet, csv), pairs[i].rows);
        free(sheet);
        free(csv);
    }
    static const char *const noticed[] = {"lo/ingroei-Overzicht.csv", "lo/ingroei-Gemeente.csv",
                                          "lo/ingroei-Bronnen.csv", "lo/ingroei-Gemeenten.csv",
                                          "lo/ingroei-Caps geraakt.csv"};
    for (size_t i = 0; i < sizeof noticed / sizeof noticed[0]; i++) {
        char *p = path_in(out, noticed[i]);
        assert_notice(p);
        free(p);
    }
    /* no cap in the default scenario: the caps sheet says so in a row of its own */
    char *caps = path_in(out, "lo/ingroei-Caps geraakt.csv");
    table t = read_csv(caps, ',');
    size_t h = row_starting(&t, "jaar", caps);
    assert_true(h + 1 < t.n_rows);
    assert_non_null(strstr(t.cells[h + 1][0], "geen cap"));
    table_free(&t);
    free(caps);
    /* every input of the receipt, with its SHA-256 */
    char *bronnen = path_in(out, "lo/ingroei-Bronnen.csv"), *summary = path_in(out, "summary.json");
    char *json = ts_slurp(summary, NULL);
    t = read_csv(bronnen, ',');
    h = row_starting(&t, "bestand", bronnen);
    long sha = column(&t, h, "sha256");
    assert_true(sha >= 0);
    size_t n = 0;
    for (size_t r = h + 1; r < t.n_rows; r++) {
        char *quoted = ts_xprintf("\"sha256\": \"%s\"", t.cells[r][sha]);
        assert_int_equal(strlen(t.cells[r][sha]), 64);
        assert_non_null(strstr(json, quoted));
        free(quoted);
        n++;
    }
    size_t in_json = 0;
    for (const char *s = json; (s = strstr(s, "\"sha256\": ")); s++)
        in_json++;
    assert_int_equal(n, in_json);
    table_free(&t);
    free(json);
    free(summary);
    free(bronnen);
    free(out);
}

/* A scenario with a cap: the caps sheet lists exactly the rows of allocations.csv with
 * cap_geraakt set, with their amounts. */
static void test_libreoffice_caps(void **state)
{
    (void)state;
    char *out = run(CAP_SCENARIO, "lo_cap", NULL, "--xlsx", NULL);
    convert_all_sheets(out);
    char *caps_path = path_in(out, "lo/ingroei-Caps geraakt.csv");
    char *alloc_path = path_in(out, "allocations.csv");
    table caps = read_csv(caps_path, ','), alloc = read_csv(alloc_path, ',');
    size_t h = row_starting(&caps, "jaar", caps_path);
    const char *names[] = {"jaar",   "gemeentecode", "cap_geraakt", "totaal_zonder_cap",
                           "totaal", "effect_cap"};
    enum { N = sizeof names / sizeof names[0] };
    long in_caps[N], in_alloc[N];
    for (size_t k = 0; k < N; k++) {
        in_caps[k] = column(&caps, h, names[k]);
        in_alloc[k] = column(&alloc, 0, names[k]);
        assert_true(in_caps[k] >= 0 && in_alloc[k] >= 0);
    }
    size_t next = h + 1, hit = 0;
    for (size_t r = 1; r < alloc.n_rows; r++) {
        if (!alloc.cells[r][in_alloc[2]][0])
            continue;
        hit++;
        assert_true(next < caps.n_rows);
        for (size_t k = 0; k < N; k++)
            if (!same_value(alloc.cells[r][in_alloc[k]], caps.cells[next][in_caps[k]]))
                fail_msg("caps sheet row %zu, %s: %s, allocations.csv row %zu: %s", next - h,
                         names[k], caps.cells[next][in_caps[k]], r, alloc.cells[r][in_alloc[k]]);
        next++;
    }
    assert_true(hit > 0); /* the scenario does hit its cap */
    assert_true(next == caps.n_rows || !caps.cells[next][0][0]);
    char *budget = path_in(out, "budget.csv"), *overview = path_in(out, "lo/ingroei-Overzicht.csv");
    sheet_equals_csv(overview, budget);
    free(budget);
    free(overview);
    table_free(&caps);
    table_free(&alloc);
    free(caps_path);
    free(alloc_path);
    free(out);
}

/* ---- the workbook's bytes -------------------------------------------------------------- */

static void assert_same_file(const char *a, const char *b)
{
    size_t la, lb;
    char *x = ts_slurp(a, &la), *y = ts_slurp(b, &lb);
    if (la != lb || memcmp(x, y, la) != 0)
        fail_msg("%s and %s differ", a, b);
    free(x);
    free(y);
}

/* Two runs a second apart (a creation time would differ), in another time zone and
 * locale, give the same workbook. */
static void test_workbook_reproducible(void **state)
{
    (void)state;
    char *a = run(DEFAULT_SCENARIO, "bytes_a", NULL, "--xlsx", "--gemeente", "Zwolle", NULL);
    sleep(1);
    setenv("TZ", "Pacific/Kiritimati", 1);
    char *b =
        run(DEFAULT_SCENARIO, "bytes_b", "nl_NL.UTF-8", "--xlsx", "--gemeente", "Zwolle", NULL);
    unsetenv("TZ");
    char *pa = path_in(a, IG_RUN_WORKBOOK), *pb = path_in(b, IG_RUN_WORKBOOK);
    assert_same_file(pa, pb);
    free(pa);
    free(pb);
    free(a);
    free(b);
}

/* The library writes the same workbook when the process runs in a locale with a decimal
 * comma (libxlsxwriter prints numbers with printf; the library switches to C). */
static void test_workbook_locale(void **state)
{
    (void)state;
    if (!setlocale(LC_ALL, "nl_NL.UTF-8")) {
        print_message("[  SKIPPED ] the nl_NL.UTF-8 locale is not installed\n");
        skip();
    }
    setlocale(LC_ALL, "C");
    ingroei_scenario *sc = NULL;
    ingroei_run *r = NULL;
    ingroei_error err;
    assert_int_equal(ingroei_scenario_load(&sc, DEFAULT_SCENARIO, &err), INGROEI_OK);
    assert_int_equal(ingroei_run_new(&r, sc, &err), INGROEI_OK);
    ingroei_output_options o = INGROEI_OUTPUT_OPTIONS_INIT;
    o.plots = 0;
    o.xlsx = 1;
    char *dirs[2] = {path_in(tmpdir, "locale_c"), path_in(tmpdir, "locale_nl")};
    for (int k = 0; k < 2; k++) {
        setlocale(LC_ALL, k ? "nl_NL.UTF-8" : "C");
        o.dir = dirs[k];
        ingroei_status st = ingroei_run_write(r, &o, NULL, &err);
        setlocale(LC_ALL, "C");
        assert_int_equal(st, INGROEI_OK);
    }
    char *pa = path_in(dirs[0], IG_RUN_WORKBOOK), *pb = path_in(dirs[1], IG_RUN_WORKBOOK);
    assert_same_file(pa, pb);
    free(pa);
    free(pb);
    free(dirs[0]);
    free(dirs[1]);
    ingroei_run_free(r);
    ingroei_scenario_free(sc);
}

/* ---- the nl dialect ------------------------------------------------------------------- */

/* Every CSV file of the nl dialect starts with a UTF-8 byte-order mark, separates with
 * ';', writes decimal commas, and holds cell for cell the default dialect's values. */
static void test_nl_dialect(void **state)
{
    (void)state;
    char *d = run(DEFAULT_SCENARIO, "dialect_default", NULL, "--gemeente", "Zwolle", NULL);
    char *n = run(DEFAULT_SCENARIO, "dialect_nl", NULL, "--gemeente", "Zwolle", "--csv-dialect",
                  "nl", NULL);
    static const char *const files[] = {"allocations.csv", "budget.csv", "budget_opbouw.csv",
                                        "regios.csv", "gemeente_GM0193.csv"};
    size_t decimals = 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *pd = path_in(d, files[i]), *pn = path_in(n, files[i]);
        char *raw = ts_slurp(pn, NULL);
        if (strncmp(raw, BOM, 3) != 0)
            fail_msg("%s does not start with a UTF-8 byte-order mark", pn);
        assert_non_null(strstr(raw, "jaar;"));
        free(raw);
        table td = read_csv(pd, ','), tn = read_csv(pn, ';');
        assert_int_equal(td.n_rows, tn.n_rows);
        for (size_t r = 0; r < td.n_rows; r++) {
            assert_int_equal(td.n_cells[r], tn.n_cells[r]);
            for (size_t c = 0; c < td.n_cells[r]; c++) {
                const char *want = td.cells[r][c], *got = tn.cells[r][c];
                double x;
                char *expect = ts_strdup(want);
                if (r > 0 && ig_parse_double(want, &x) && strchr(want, '.')) {
                    *strchr(expect, '.') = ',';
                    decimals++;
                }
                if (strcmp(expect, got) != 0)
                    fail_msg("%s row %zu column %zu: %s, the default dialect has %s", pn, r, c, got,
                             want);
                free(expect);
            }
        }
        table_free(&td);
        table_free(&tn);
        free(pd);
        free(pn);
    }
    assert_true(decimals > 1000); /* shares and amounts per inhabitant */
    free(d);
    free(n);
}

/* ---- quoting ----------------------------------------------------------------------- */

typedef struct renamed {
    const char *code, *name, *csv_field; /* the new name as an RFC 4180 field */
    const char *in_default, *in_nl;      /* how a row of allocations.csv shows it */
} renamed;

static const renamed renames[] = {
    {"GM0193", "Zwolle", "Zwolle; aan de Vecht", ",GM0193,Zwolle; aan de Vecht,",
     ";GM0193;\"Zwolle; aan de Vecht\";"},
    {"GM0363", "Amsterdam", "\"Amsterdam \"\"Mokum\"\", NH\"",
     ",GM0363,\"Amsterdam \"\"Mokum\"\", NH\",", ";GM0363;\"Amsterdam \"\"Mokum\"\", NH\";"},
};

/* A copy of models/ and the default scenario in tmpdir/quoting whose 2025 gemeente
 * list gives the gemeenten of `renames` their new names; returns the scenario. */
static char *renamed_scenario(void)
{
    char *root = path_in(tmpdir, "quoting");
    char *cmd = ts_xprintf("mkdir -p '%s/scenarios' && cp -r models '%s/' && cp %s '%s/scenarios/'",
                           root, root, DEFAULT_SCENARIO, root);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    char *list = ts_xprintf("%s/models/nl/gemeenten.csv", root);
    for (size_t i = 0; i < sizeof renames / sizeof renames[0]; i++) {
        char *text = ts_slurp(list, NULL);
        char *old = ts_xprintf("\n2025,2025-01-01,%s,%s,", renames[i].code, renames[i].name);
        char *at = strstr(text, old);
        assert_non_null(at);
        *at = '\0';
        char *out = ts_xprintf("%s\n2025,2025-01-01,%s,%s,%s", text, renames[i].code,
                               renames[i].csv_field, at + strlen(old));
        ts_write_file(list, out, strlen(out));
        free(out);
        free(old);
        free(text);
    }
    free(list);
    char *scenario = ts_xprintf("%s/scenarios/default.yaml", root);
    free(root);
    return scenario;
}

static void test_quoting(void **state)
{
    (void)state;
    char *scenario = renamed_scenario();
    char *d = run(scenario, "quoting_default", NULL, "--xlsx", NULL);
    char *n = run(scenario, "quoting_nl", NULL, "--csv-dialect", "nl", "--xlsx", NULL);
    char *pd = path_in(d, "allocations.csv"), *pn = path_in(n, "allocations.csv");
    char *td = ts_slurp(pd, NULL), *tn = ts_slurp(pn, NULL);
    table parsed_d = read_csv(pd, ','), parsed_n = read_csv(pn, ';');
    for (size_t i = 0; i < sizeof renames / sizeof renames[0]; i++) {
        const renamed *x = &renames[i];
        if (!strstr(td, x->in_default))
            fail_msg("%s has no row with %s", pd, x->in_default);
        if (!strstr(tn, x->in_nl))
            fail_msg("%s has no row with %s", pn, x->in_nl);
        /* and both read back as the name itself */
        table csv_field = parse_csv(x->csv_field, ',');
        const char *name = csv_field.cells[0][0];
        size_t found = 0;
        for (size_t r = 1; r < parsed_d.n_rows; r++)
            found += !strcmp(parsed_d.cells[r][1], x->code) &&
                     !strcmp(parsed_d.cells[r][2], name) && !strcmp(parsed_n.cells[r][2], name);
        assert_int_equal(found, 11); /* every year */
        table_free(&csv_field);
    }
    table_free(&parsed_d);
    table_free(&parsed_n);
    free(td);
    free(tn);
    free(pd);
    free(pn);
    free(d);
    free(n);
    free(scenario);
}

/* ---- set-up ------------------------------------------------------------------------- */

static int group_setup(void **state)
{
    (void)state;
    ts_cli(); /* fails the group here when INGROEI_CLI is not set */
    tmpdir = ts_make_temp_dir("xlsx");
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    ts_remove_temp_dir(&tmpdir);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "libreoffice")) {
        if (!have_soffice()) {
            if (geteuid() == 0) {
                fprintf(stderr, "soffice is missing, but tools/test installs it as root "
                                "(apt-get install libreoffice-calc-nogui)\n");
                return 1;
            }
            fprintf(stderr, "skipped: soffice is not on PATH (apt-get install "
                            "libreoffice-calc-nogui)\n");
            return 77;
        }
        const struct CMUnitTest lo[] = {
            cmocka_unit_test(test_libreoffice_default),
            cmocka_unit_test(test_libreoffice_caps),
        };
        return cmocka_run_group_tests(lo, group_setup, group_teardown);
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_workbook_reproducible),
        cmocka_unit_test(test_workbook_locale),
        cmocka_unit_test(test_nl_dialect),
        cmocka_unit_test(test_quoting),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
