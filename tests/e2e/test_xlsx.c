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

#include "run/run.h"
#include "support/sheets.h"
#include "support/support.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* AddressSanitizer reserves terabytes of address space: a limit on it stops the tool
 * before it starts. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

#define DEFAULT_SCENARIO "scenarios/default.yaml"
#define CAP_SCENARIO     "scenarios/herijking_cap.yaml"

/* ---- running the tool --------------------------------------------------------------- */

/* Runs `ingroei run SCENARIO -o ts_tmpdir/SUB --no-plots` with the extra arguments (NULL
 * ended); returns the output directory. */
static char *run(const char *scenario, const char *sub, const char *lc_all, ...)
{
    char *out = ts_xprintf("%s/%s", ts_tmpdir, sub);
    const char *head[] = {"run", scenario, "-o", out, "--no-plots", NULL};
    va_list ap;
    va_start(ap, lc_all);
    ts_cli_ok_v(lc_all, head, ap);
    va_end(ap);
    return out;
}

static char *path_in(const char *dir, const char *name)
{
    return ts_xprintf("%s/%s", dir, name);
}

/* ---- LibreOffice ---------------------------------------------------------------------- */

static void test_libreoffice_default(void **state)
{
    (void)state;
    char *out = run(DEFAULT_SCENARIO, "lo_default", NULL, "--xlsx", "--gemeente", "Zwolle", NULL);
    ts_convert_all_sheets(out, IG_RUN_WORKBOOK);
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
        assert_int_equal(ts_sheet_equals_csv(sheet, csv), pairs[i].rows);
        free(sheet);
        free(csv);
    }
    static const char *const noticed[][2] = {{"lo/ingroei-Overzicht.csv", "jaar"},
                                             {"lo/ingroei-Gemeente.csv", "jaar"},
                                             {"lo/ingroei-Bronnen.csv", "bestand"},
                                             {"lo/ingroei-Gemeenten.csv", "jaar"},
                                             {"lo/ingroei-Caps geraakt.csv", "jaar"}};
    for (size_t i = 0; i < sizeof noticed / sizeof noticed[0]; i++) {
        char *p = path_in(out, noticed[i][0]);
        ts_assert_notice_above(p, noticed[i][1]);
        free(p);
    }
    /* no cap in the default scenario: the caps sheet says so in a row of its own */
    char *caps = path_in(out, "lo/ingroei-Caps geraakt.csv");
    ts_table t = ts_read_csv(caps, ',');
    size_t h = ts_row_starting(&t, "jaar", caps);
    assert_true(h + 1 < t.n_rows);
    assert_non_null(strstr(t.cells[h + 1][0], "geen cap"));
    ts_table_free(&t);
    free(caps);
    /* every input of the receipt, with its SHA-256 */
    char *bronnen = path_in(out, "lo/ingroei-Bronnen.csv"), *summary = path_in(out, "summary.json");
    char *json = ts_slurp(summary, NULL);
    t = ts_read_csv(bronnen, ',');
    h = ts_row_starting(&t, "bestand", bronnen);
    long sha = ts_column(&t, h, "sha256");
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
    ts_table_free(&t);
    free(json);
    free(summary);
    free(bronnen);
    free(out);
}

/* The workbook prints (issue 15, defect 7): printed to PDF by LibreOffice, the Gemeente
 * sheet takes one page (the pages with --gemeente less those without), and the whole
 * workbook far fewer than the 497 pages it took without a page set-up. */
static void test_libreoffice_prints(void **state)
{
    (void)state;
    char *one = run(DEFAULT_SCENARIO, "print_one", NULL, "--xlsx", "--gemeente", "Zwolle",
                    "--no-plots", NULL);
    char *none = run(DEFAULT_SCENARIO, "print_none", NULL, "--xlsx", "--no-plots", NULL);
    size_t with = ts_print_pages(one, IG_RUN_WORKBOOK);
    size_t without = ts_print_pages(none, IG_RUN_WORKBOOK);
    if (with != without + 1)
        fail_msg("the Gemeente sheet prints on %zu pages (%zu with it, %zu without), not one",
                 with - without, with, without);
    if (with > 100)
        fail_msg("the workbook prints on %zu pages", with);
    free(one);
    free(none);
}

/* A scenario with a cap: the caps sheet lists exactly the rows of allocations.csv with
 * cap_geraakt set, with their amounts. */
static void test_libreoffice_caps(void **state)
{
    (void)state;
    char *out = run(CAP_SCENARIO, "lo_cap", NULL, "--xlsx", NULL);
    ts_convert_all_sheets(out, IG_RUN_WORKBOOK);
    char *caps_path = path_in(out, "lo/ingroei-Caps geraakt.csv");
    char *alloc_path = path_in(out, "allocations.csv");
    ts_table caps = ts_read_csv(caps_path, ','), alloc = ts_read_csv(alloc_path, ',');
    size_t h = ts_row_starting(&caps, "jaar", caps_path);
    const char *names[] = {"jaar",   "gemeentecode", "cap_geraakt", "totaal_zonder_cap",
                           "totaal", "effect_cap"};
    enum { N = sizeof names / sizeof names[0] };
    long in_caps[N], in_alloc[N];
    for (size_t k = 0; k < N; k++) {
        in_caps[k] = ts_column(&caps, h, names[k]);
        in_alloc[k] = ts_column(&alloc, 0, names[k]);
        assert_true(in_caps[k] >= 0 && in_alloc[k] >= 0);
    }
    size_t next = h + 1, hit = 0;
    for (size_t r = 1; r < alloc.n_rows; r++) {
        if (!alloc.cells[r][in_alloc[2]][0])
            continue;
        hit++;
        assert_true(next < caps.n_rows);
        for (size_t k = 0; k < N; k++)
            if (!ts_same_value(alloc.cells[r][in_alloc[k]], caps.cells[next][in_caps[k]]))
                fail_msg("caps sheet row %zu, %s: %s, allocations.csv row %zu: %s", next - h,
                         names[k], caps.cells[next][in_caps[k]], r, alloc.cells[r][in_alloc[k]]);
        next++;
    }
    assert_true(hit > 0); /* the scenario does hit its cap */
    assert_true(next == caps.n_rows || !caps.cells[next][0][0]);
    char *budget = path_in(out, "budget.csv"), *overview = path_in(out, "lo/ingroei-Overzicht.csv");
    ts_sheet_equals_csv(overview, budget);
    free(budget);
    free(overview);
    ts_table_free(&caps);
    ts_table_free(&alloc);
    free(caps_path);
    free(alloc_path);
    free(out);
}

/* ---- the workbook's bytes -------------------------------------------------------------- */

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
    ts_assert_same_file(pa, pb);
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
    char *dirs[2] = {path_in(ts_tmpdir, "locale_c"), path_in(ts_tmpdir, "locale_nl")};
    for (int k = 0; k < 2; k++) {
        setlocale(LC_ALL, k ? "nl_NL.UTF-8" : "C");
        o.dir = dirs[k];
        ingroei_status st = ingroei_run_write(r, &o, NULL, &err);
        setlocale(LC_ALL, "C");
        assert_int_equal(st, INGROEI_OK);
    }
    char *pa = path_in(dirs[0], IG_RUN_WORKBOOK), *pb = path_in(dirs[1], IG_RUN_WORKBOOK);
    ts_assert_same_file(pa, pb);
    free(pa);
    free(pb);
    free(dirs[0]);
    free(dirs[1]);
    ingroei_run_free(r);
    ingroei_scenario_free(sc);
}

/* ---- when writing fails ------------------------------------------------------------- */

/* Runs the tool with `args` (NULL-ended) under setrlimit(resource, limit), with SIGXFSZ
 * ignored (a write past RLIMIT_FSIZE then fails with EFBIG, as on a full disk); returns
 * the exit status, or 128 + the signal that ended it, and in *err its stderr. */
static int run_limited(int resource, rlim_t limit, const char *const *args, char **err)
{
    char *log = path_in(ts_tmpdir, "limited.err");
    size_t n = 0;
    while (args[n])
        n++;
    char **argv = calloc(n + 2, sizeof *argv);
    assert_non_null(argv);
    argv[0] = (char *)ts_cli();
    memcpy(argv + 1, args, n * sizeof *argv);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int out = open("/dev/null", O_WRONLY), errfd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        struct rlimit rl = {limit, limit};
        signal(SIGXFSZ, SIG_IGN);
        if (out < 0 || errfd < 0 || dup2(out, 1) < 0 || dup2(errfd, 2) < 0 ||
            setrlimit(resource, &rl) != 0)
            _exit(126);
        execv(argv[0], argv);
        _exit(127);
    }
    int ws;
    while (waitpid(pid, &ws, 0) < 0)
        assert_int_equal(errno, EINTR);
    *err = ts_slurp(log, NULL);
    free(argv);
    free(log);
    return WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
}

/* A write that fails on libxlsxwriter's temporary file (here: past a limit on the size
 * of a file, 1 MB, which the tables stay below and the sheet of all gemeenten, 2.5 MB
 * of XML, does not) fails the run with exit 3, naming the workbook and the broken
 * part; the earlier output set is left as it was. It used to give exit 0 and a
 * workbook with malformed sheet XML. */
static void test_workbook_write_fails(void **state)
{
    (void)state;
    char *out = run("scenarios/acht_jaar.yaml", "write_fails", NULL, "--xlsx", NULL);
    char *book = path_in(out, IG_RUN_WORKBOOK), *kept = path_in(ts_tmpdir, "write_fails.xlsx");
    char *copy = ts_xprintf("cp '%s' '%s'", book, kept);
    assert_int_equal(system(copy), 0);
    const char *args[] = {"run", DEFAULT_SCENARIO, "-o", out, "--no-plots", "--xlsx", NULL};
    char *err = NULL;
    int rc = run_limited(RLIMIT_FSIZE, 1 << 20, args, &err);
    if (rc != 3 || !strstr(err, "ingroei.xlsx") || !strstr(err, "xl/worksheets/sheet2.xml") ||
        !strstr(err, "the workbook is broken"))
        fail_msg("exit %d, expected 3 with the workbook and its part named:\n%s", rc, err);
    ts_assert_same_file(kept, book);
    free(err);
    free(copy);
    free(kept);
    free(book);
    free(out);
}

/* Memory that runs out while libxlsxwriter builds the workbook (it then dereferences
 * NULL in _insert_cell_list) ends the run with a message, never with a signal: under
 * limits on the address space from 14 to 32 MB, the run either succeeds or stops with
 * exit 4 (or 3) and says why. It used to end with SIGSEGV at 15 to 20 MB. */
static void test_workbook_memory_runs_out(void **state)
{
    (void)state;
#ifdef UNDER_ASAN
    print_message("[  SKIPPED ] a limit on the address space stops AddressSanitizer\n");
    skip();
#endif
    if (ts_under_valgrind()) {
        print_message("[  SKIPPED ] a limit on the address space stops valgrind\n");
        skip();
    }
    char *out = path_in(ts_tmpdir, "memory");
    const char *args[] = {"run", DEFAULT_SCENARIO, "-o", out, "--no-plots", "--xlsx", "--html",
                          NULL};
    size_t failed = 0, passed = 0;
    for (rlim_t mb = 14; mb <= 32; mb++) {
        char *err = NULL;
        int rc = run_limited(RLIMIT_AS, mb << 20, args, &err);
        if (rc >= 128 || (rc != 0 && rc != 3 && rc != 4) || (rc != 0 && !strstr(err, "ingroei: ")))
            fail_msg("under %u MB: exit %d:\n%s", (unsigned)mb, rc, err);
        failed += rc != 0;
        passed += rc == 0;
        free(err);
    }
    assert_true(failed > 0); /* the limits do reach the workbook */
    assert_true(passed > 0);
    free(out);
}

/* libxlsxwriter is loaded only when a workbook is written (report/xlsx.c, dlopen): with
 * a broken file of its name first on the library path, a run without --xlsx succeeds
 * (the program no longer needs the library to start), and a run with --xlsx fails with
 * exit 3, naming the library, and leaves the earlier output set as it was. */
static void test_workbook_library_loaded_late(void **state)
{
    (void)state;
    char *lib_dir = path_in(ts_tmpdir, "broken_library");
    assert_int_equal(mkdir(lib_dir, 0755), 0);
    static const char junk[] = "not a shared object\n";
    ts_write_in(lib_dir, IG_XLSXWRITER_SONAME, junk, sizeof junk - 1);
    char *out = path_in(ts_tmpdir, "library_late");
    char *before = getenv("LD_LIBRARY_PATH") ? ts_strdup(getenv("LD_LIBRARY_PATH")) : NULL;
    assert_int_equal(setenv("LD_LIBRARY_PATH", lib_dir, 1), 0);
    const char *plain[] = {"run", DEFAULT_SCENARIO, "-o", out, "--no-plots", NULL};
    const char *book[] = {"run", DEFAULT_SCENARIO, "-o", out, "--no-plots", "--xlsx", NULL};
    char *err_plain = NULL, *err_book = NULL;
    int rc_plain = ts_run_cli(plain, NULL, &err_plain);
    char *summary = path_in(out, "summary.json"), *kept = path_in(ts_tmpdir, "late.json");
    char *copy = ts_xprintf("cp '%s' '%s'", summary, kept);
    int rc_copy = system(copy);
    int rc_book = ts_run_cli(book, NULL, &err_book);
    if (before)
        setenv("LD_LIBRARY_PATH", before, 1);
    else
        unsetenv("LD_LIBRARY_PATH");
    if (rc_plain != 0)
        fail_msg("without --xlsx: exit %d, expected 0:\n%s", rc_plain, err_plain);
    assert_int_equal(rc_copy, 0);
    if (rc_book != 3 || !strstr(err_book, "cannot load the workbook library " IG_XLSXWRITER_SONAME))
        fail_msg("with --xlsx: exit %d, expected 3 naming %s:\n%s", rc_book,
                 IG_XLSXWRITER_SONAME, err_book);
    ts_assert_same_file(kept, summary);
    char *workbook = path_in(out, IG_RUN_WORKBOOK);
    assert_false(ts_exists(workbook));
    free(workbook);
    free(copy);
    free(kept);
    free(summary);
    free(err_plain);
    free(err_book);
    free(before);
    free(out);
    free(lib_dir);
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
        assert_non_null(strstr(raw, "Jaar;"));
        free(raw);
        decimals += ts_assert_nl_same_values(pd, pn);
        free(pd);
        free(pn);
    }
    assert_true(decimals > 1000); /* shares and amounts per inhabitant */
    free(d);
    free(n);
}

/* ---- printing ---------------------------------------------------------------------- */

/* Part `part` of the workbook dir/NAME as text (unzip -p), or NULL without unzip. */
static char *workbook_part(const char *dir, const char *part)
{
    char *zip = ts_xprintf("%s/%s", dir, IG_RUN_WORKBOOK);
    char *text = ts_zip_part(zip, part);
    free(zip);
    return text;
}

/* The Gemeenten sheet has a row for every gemeente and year (342 x 11) below its title,
 * notice and header; the Gemeente sheet only the chosen gemeente's 11, below those and
 * the line that names the gemeente. */
static void test_sheet_rows(void **state)
{
    (void)state;
    if (system("command -v unzip >/dev/null 2>&1") != 0)
        skip();
    char *out = run(DEFAULT_SCENARIO, "sheet_rows", NULL, "--xlsx", "--gemeente", "Zwolle",
                    "--no-plots", NULL);
    static const struct {
        const char *part;
        size_t rows;
    } sheets[] = {{"xl/worksheets/sheet2.xml", 3 + 342 * 11}, {"xl/worksheets/sheet3.xml", 4 + 11}};
    for (size_t k = 0; k < 2; k++) {
        char *xml = workbook_part(out, sheets[k].part);
        if (!xml)
            fail_msg("unzip cannot read %s", sheets[k].part);
        assert_int_equal(ts_count(xml, "<row "), sheets[k].rows);
        free(xml);
    }
    free(out);
}

/* Every sheet has a page set-up for printing: landscape A4, one page wide, its header
 * row on every page, and a footer with the scenario, the page number and the notice. */
static void test_page_setup(void **state)
{
    (void)state;
    if (system("command -v unzip >/dev/null 2>&1") != 0)
        skip();
    char *out = run(DEFAULT_SCENARIO, "page_setup", NULL, "--xlsx", "--gemeente", "Zwolle",
                    "--no-plots", NULL);
    static const char *const want[] = {
        "<pageSetUpPr fitToPage=\"1\"/>",
        "<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"landscape\"/>",
        ("<oddFooter>&amp;LIngroeipad uit de voortgangsbrief 2019: start 2022, tien jaar"
         "&amp;CPagina &amp;P van &amp;N&amp;Robjectieve sleutel ILLUSTRATIEF</oddFooter>"),
    };
    for (int k = 1; k <= 5; k++) {
        char *part = ts_xprintf("xl/worksheets/sheet%d.xml", k);
        char *xml = workbook_part(out, part);
        if (!xml)
            fail_msg("unzip cannot read %s", part);
        for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
            if (!strstr(xml, want[i]))
                fail_msg("%s has no %s", part, want[i]);
        free(xml);
        free(part);
    }
    char *wb = workbook_part(out, "xl/workbook.xml");
    assert_non_null(wb);
    assert_int_equal(ts_count(wb, "<definedName name=\"_xlnm.Print_Titles\""), 5);
    assert_non_null(strstr(wb, "Gemeente!$5:$5</definedName>"));
    free(wb);
    free(out);
}

/* The text of the shared strings of a workbook, in order: the text of each <si> (its
 * <t> elements), entities left as they are. Into strings[] (free each); their number. */
static size_t shared_strings(const char *xml, char ***strings)
{
    size_t n = ts_count(xml, "<si>"), k = 0;
    *strings = calloc(n ? n : 1, sizeof **strings);
    assert_non_null(*strings);
    for (const char *s = strstr(xml, "<si>"); s && k < n; s = strstr(s + 1, "<si>")) {
        const char *end = strstr(s, "</si>");
        assert_non_null(end);
        ig_buf b = {0};
        for (const char *t = strstr(s, "<t"); t && t < end; t = strstr(t + 1, "<t")) {
            if (t[2] != '>' && t[2] != ' ')
                continue;
            const char *from = strchr(t, '>') + 1, *to = strstr(from, "</t>");
            ig_buf_putn(&b, from, (size_t)(to - from));
        }
        ig_buf_putc(&b, '\0');
        (*strings)[k++] = b.data;
    }
    return k;
}

/* The fixed texts of the workbook (issue 15, defect 5): every text above and in the
 * header row of every sheet (the title, the notice, what the sheet holds, the
 * headings) is Dutch, and no heading is a snake_case name. */
static void test_workbook_dutch(void **state)
{
    (void)state;
    if (system("command -v unzip >/dev/null 2>&1") != 0)
        skip();
    char *out = run(CAP_SCENARIO, "dutch", NULL, "--xlsx", "--gemeente", "Vlissingen",
                    "--no-plots", NULL);
    char *sst = workbook_part(out, "xl/sharedStrings.xml");
    assert_non_null(sst);
    char **strings;
    size_t n_strings = shared_strings(sst, &strings);
    size_t checked = 0;
    for (int k = 1; k <= 5; k++) {
        char *part = ts_xprintf("xl/worksheets/sheet%d.xml", k);
        char *xml = workbook_part(out, part);
        assert_non_null(xml);
        /* the header row: the first row of the autofilter */
        const char *af = strstr(xml, "<autoFilter ref=\"");
        assert_non_null(af);
        long header = strtol(af + 17 + strcspn(af + 17, "0123456789"), NULL, 10);
        for (const char *c = strstr(xml, "<c r=\""); c; c = strstr(c + 1, "<c r=\"")) {
            long row = strtol(c + 6 + strcspn(c + 6, "0123456789"), NULL, 10);
            const char *close = strchr(c, '>');
            if (row > header || !close || close[-1] == '/' || !strstr(c, " t=\"s\"") ||
                strstr(c, " t=\"s\"") > close)
                continue;
            size_t i = (size_t)strtoul(strstr(c, "<v>") + 3, NULL, 10);
            assert_true(i < n_strings);
            const char *text = strings[i];
            char *word = ts_english_word(text);
            if (word)
                fail_msg("%s row %ld: English (\"%s\") in a fixed text: %s", part, row, word,
                         text);
            if (row == header && strchr(text, '_') && !strstr(text, "p_t"))
                fail_msg("%s: the heading %s is a snake_case name", part, text);
            checked++;
        }
        free(xml);
        free(part);
    }
    assert_true(checked > 40);
    for (size_t i = 0; i < n_strings; i++)
        free(strings[i]);
    free(strings);
    free(sst);
    free(out);
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

/* A copy of models/ and the default scenario in ts_tmpdir/quoting whose 2025 gemeente
 * list gives the gemeenten of `renames` their new names; returns the scenario. */
static char *renamed_scenario(void)
{
    char *root = path_in(ts_tmpdir, "quoting");
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
    ts_table parsed_d = ts_read_csv(pd, ','), parsed_n = ts_read_csv(pn, ';');
    for (size_t i = 0; i < sizeof renames / sizeof renames[0]; i++) {
        const renamed *x = &renames[i];
        if (!strstr(td, x->in_default))
            fail_msg("%s has no row with %s", pd, x->in_default);
        if (!strstr(tn, x->in_nl))
            fail_msg("%s has no row with %s", pn, x->in_nl);
        /* and both read back as the name itself */
        ts_table csv_field = ts_parse_csv(x->csv_field, ',');
        const char *name = csv_field.cells[0][0];
        size_t found = 0;
        for (size_t r = 1; r < parsed_d.n_rows; r++)
            found += !strcmp(parsed_d.cells[r][1], x->code) &&
                     !strcmp(parsed_d.cells[r][2], name) && !strcmp(parsed_n.cells[r][2], name);
        assert_int_equal(found, 11); /* every year */
        ts_table_free(&csv_field);
    }
    ts_table_free(&parsed_d);
    ts_table_free(&parsed_n);
    free(td);
    free(tn);
    free(pd);
    free(pn);
    free(d);
    free(n);
    free(scenario);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "libreoffice")) {
        int missing = ts_soffice_missing();
        if (missing)
            return missing;
        const struct CMUnitTest lo[] = {
            cmocka_unit_test(test_libreoffice_default),
            cmocka_unit_test(test_libreoffice_caps),
            cmocka_unit_test(test_libreoffice_prints),
        };
        return cmocka_run_group_tests(lo, ts_tmpdir_setup, ts_tmpdir_teardown);
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_workbook_reproducible),
        cmocka_unit_test(test_workbook_locale),
        cmocka_unit_test(test_workbook_write_fails),
        cmocka_unit_test(test_workbook_memory_runs_out),
        cmocka_unit_test(test_workbook_library_loaded_late),
        cmocka_unit_test(test_nl_dialect),
        cmocka_unit_test(test_quoting),
        cmocka_unit_test(test_page_setup),
        cmocka_unit_test(test_sheet_rows),
        cmocka_unit_test(test_workbook_dutch),
    };
    return cmocka_run_group_tests(tests, ts_tmpdir_setup, ts_tmpdir_teardown);
}
