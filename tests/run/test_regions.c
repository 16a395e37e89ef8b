/* test_regions.c - the region file (run/dataset.c, ig_load_regions) and the regional
 * objective key (core/keys.c through a run): every bad header or row named by file, line
 * and column; a region of one gemeente; a gemeente without a known region, paid on its
 * own and flagged; codes of merged gemeenten mapped through the herindelingen; money
 * conserved to the euro with the shipped regions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "run/run.h"
#include "support/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char root[4096];

static int setup(void **state)
{
    if (!getcwd(root, sizeof root))
        return -1;
    return ts_tmpdir_setup(state);
}

/* A scenario of 2021-2023 on the shipped dataset in its own directory, with `regions`
 * (written there as regios.csv when not NULL; otherwise the shipped file) and, when
 * `regional`, the regional key. Returns the scenario's path. */
static char *scenario(const char *name, const char *regions, bool regional)
{
    char *dir = ts_xprintf("%s/%s", ts_tmpdir, name);
    char *mk = ts_xprintf("mkdir -p '%s'", dir);
    assert_int_equal(system(mk), 0);
    free(mk);
    if (regions)
        ts_write_in(dir, "regios.csv", regions, strlen(regions));
    char *shipped = ts_xprintf("%s/models/nl/regios_beschermd_wonen.csv", root);
    char *text = ts_xprintf(
        "scenario: 1\nname: \"%s\"\ndataset: %s/models/nl\nyears: {first: 2021, last: 2023}\n"
        "budget:\n  published:\n    2023: {amount: 1532904000, source: \"IU BW 2023\"}\n"
        "  other_years: {rule: index, percent: 0.0, source: \"gelijk\"}\n"
        "historical_key: %s/models/nl/bw/historisch_sep2024_2025.yaml\n"
        "objective_key: %s/models/nl/bw/objectief_illustratief.yaml\n"
        "path: {type: linear, start: 2021, length: 3}\n"
        "regions: %s\n%s",
        name, root, root, root, regions ? "regios.csv" : shipped,
        regional ? "regional_key: true\n" : "");
    free(shipped);
    char *path = ts_xprintf("%s/scenario.yaml", dir);
    ts_write_file(path, text, strlen(text));
    free(text);
    free(dir);
    return path;
}

/* Loads and computes; NULL with *err filled on failure. */
static ingroei_run *run_of(const char *path, ingroei_scenario **sc, ingroei_error *err)
{
    ingroei_run *r = NULL;
    *sc = NULL;
    if (ingroei_scenario_load(sc, path, err) != INGROEI_OK)
        return NULL;
    if (ingroei_run_new(&r, *sc, err) != INGROEI_OK) {
        ingroei_scenario_free(*sc);
        *sc = NULL;
        return NULL;
    }
    return r;
}

static ingroei_run *must_run(const char *name, const char *regions, bool regional,
                             ingroei_scenario **sc)
{
    char *path = scenario(name, regions, regional);
    ingroei_error err;
    ingroei_run *r = run_of(path, sc, &err);
    if (!r)
        fail_msg("%s: %s:%d:%d: %s", name, err.file, err.line, err.column, err.message);
    free(path);
    return r;
}

static void done(ingroei_run *r, ingroei_scenario *sc)
{
    ingroei_run_free(r);
    ingroei_scenario_free(sc);
}

typedef struct bad_file {
    const char *what, *csv;
    int line, column;
    const char *message;
} bad_file;

#define HEADER "jaar,gemeentecode,centrumgemeente_code,bron\n"

/* Each bad region file fails with an error naming regios.csv, the line and column. */
static void bad_files_name_line_and_column(void **state)
{
    (void)state;
    static const bad_file cases[] = {
        {"unknown_column", "jaar,gemeentecode,centrumgemeente_code,bron,regoi\n2025,GM0193,GM0193,x,y\n",
         1, 45, "unknown column 'regoi'"},
        {"column_twice", "jaar,gemeentecode,jaar,centrumgemeente_code,bron\n", 1, 0,
         "duplicate column 'jaar'"},
        {"no_source_column", "jaar,gemeentecode,centrumgemeente_code\n2025,GM0193,GM0193\n", 1, 0,
         "missing column 'bron'"},
        {"bad_year", HEADER "2025,GM0193,GM0193,x\n2O25,GM0148,GM0193,x\n", 3, 1,
         "jaar: '2O25' is not a year"},
        {"bad_code", HEADER "2025,GM0193,GM0193,x\n2025,GM148,GM0193,x\n", 3, 6,
         "gemeentecode: 'GM148' is not a gemeentecode"},
        {"bad_centre", HEADER "2025,GM0193,GM0193,x\n2025,GM0148,0193,x\n", 3, 13,
         "centrumgemeente_code: '0193' is not a gemeentecode"},
        {"bad_row_other_year", HEADER "2025,GM0193,GM0193,x\n2021,GM0148,GM0193,\n", 3, 20,
         "bron is empty"},
        {"blank_source", HEADER "2025,GM0193,GM0193,  \n", 2, 20, "bron is empty"},
        {"two_regions", HEADER "2025,GM0193,GM0193,x\n2025,GM0200,GM0200,x\n2025,GM0148,GM0193,x\n"
                               "2025,GM0148,GM0200,x\n",
         5, 6, "GM0148 is in two regions (GM0193 and GM0200)"},
        {"row_twice", HEADER "2025,GM0193,GM0193,x\n2025,GM0193,GM0193,x\n", 3, 0,
         "a second row for GM0193 in 2025"},
        {"centre_outside", HEADER "2025,GM0148,GM0193,x\n", 2, 13,
         "centrumgemeente GM0193 is not a member of its own region in 2025"},
        {"no_gemeente", HEADER "2025,GM9999,GM9999,x\n", 2, 0, "GM9999 is neither a gemeente"},
        {"no_rows_of_the_year", HEADER "2024,GM0193,GM0193,x\n", 0, 0,
         "no region membership for 2025"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const bad_file *c = &cases[i];
        char *path = scenario(c->what, c->csv, false);
        ingroei_scenario *sc;
        ingroei_error err;
        ingroei_run *r = run_of(path, &sc, &err);
        if (r)
            fail_msg("%s: accepted", c->what);
        size_t n = strlen(err.file);
        if (n < 10 || strcmp(err.file + n - 10, "regios.csv") != 0 || err.line != c->line ||
            err.column != c->column || !strstr(err.message, c->message))
            fail_msg("%s: got %s:%d:%d: %s; expected regios.csv:%d:%d: %s", c->what, err.file,
                     err.line, err.column, err.message, c->line, c->column, c->message);
        free(path);
    }
}

/* regional_key without a region file is refused at the key. */
static void regional_key_needs_regions(void **state)
{
    (void)state;
    char *path = scenario("key_without_regions", NULL, true);
    char *text = ts_slurp(path, NULL);
    char *at = strstr(text, "regions: ");
    assert_non_null(at);
    memcpy(at, "#egions", 7); /* comment the line out */
    ts_write_file(path, text, strlen(text));
    ingroei_scenario *sc = NULL;
    ingroei_error err;
    assert_int_equal(ingroei_scenario_load(&sc, path, &err), INGROEI_ERR_SCHEMA);
    assert_int_equal(err.line, 13);
    assert_int_equal(err.column, 15);
    assert_non_null(strstr(err.message, "regional_key: true needs a region file"));
    free(text);
    free(path);
}

/* A region of one gemeente: the regional key is the key per gemeente, to the euro. */
static void region_of_one_gemeente(void **state)
{
    (void)state;
    const char *one = HEADER "2025,GM0193,GM0193,een regio van een gemeente (test)\n";
    ingroei_scenario *sa, *sb;
    ingroei_run *a = must_run("one_regional", one, true, &sa);
    ingroei_run *b = must_run("one_per_gemeente", one, false, &sb);
    assert_int_equal(a->n_g, b->n_g);
    assert_memory_equal(a->out.total, b->out.total, a->n_y * a->n_g * sizeof *a->out.total);
    long zwolle = ig_run_find_code(a, "GM0193");
    assert_true(zwolle >= 0 && a->region[zwolle] == zwolle);
    done(a, sa);
    done(b, sb);
}

/* A region of Zwolle and two members: the members get nothing, Zwolle gets the region's
 * objective amount; a gemeente in no region gets what it gets on its own (within the
 * euro of rounding), and is flagged in allocations.csv and regios.csv. */
static void gemeente_without_region_paid_on_its_own(void **state)
{
    (void)state;
    const char *three = HEADER "2025,GM0193,GM0193,test\n2025,GM0148,GM0193,test\n"
                               "2025,GM0166,GM0193,test\n";
    ingroei_scenario *sa, *sb;
    ingroei_run *a = must_run("three_regional", three, true, &sa);
    ingroei_run *b = must_run("three_per_gemeente", three, false, &sb);
    long zwolle = ig_run_find_code(a, "GM0193"), dalfsen = ig_run_find_code(a, "GM0148"),
         kampen = ig_run_find_code(a, "GM0166"), almere = ig_run_find_code(a, "GM0034");
    assert_true(zwolle >= 0 && dalfsen >= 0 && kampen >= 0 && almere >= 0);
    assert_int_equal(ig_run_parts(a, NULL), INGROEI_OK);
    assert_int_equal(ig_run_parts(b, NULL), INGROEI_OK);
    for (size_t y = 0; y < a->n_y; y++) {
        const size_t at = y * a->n_g;
        assert_true(a->out.full_obj[at + (size_t)dalfsen] == 0);
        assert_true(a->out.full_obj[at + (size_t)kampen] == 0);
        int64_t region = b->out.full_obj[at + (size_t)zwolle] +
                         b->out.full_obj[at + (size_t)dalfsen] +
                         b->out.full_obj[at + (size_t)kampen];
        assert_true(llabs(a->out.full_obj[at + (size_t)zwolle] - region) <= 2);
        assert_true(llabs(a->out.total[at + (size_t)almere] - b->out.total[at + (size_t)almere]) <=
                    1);
    }
    ig_cell cells[IG_N_ALLOC_COLUMNS];
    ig_run_alloc_cells(a, 0, (size_t)almere, cells);
    assert_string_equal(cells[19].text, "");
    assert_string_equal(cells[20].text, "ja");
    ig_run_alloc_cells(a, 0, (size_t)kampen, cells);
    assert_string_equal(cells[19].text, "GM0193");
    assert_string_equal(cells[20].text, "nee");
    ig_buf csv = {0};
    ig_run_csv_regions(&csv, a, INGROEI_CSV_RFC4180);
    assert_non_null(strstr(csv.data, "\n2021,GM0193,Zwolle,3,"));
    assert_non_null(strstr(csv.data, ",test,regionaal,"));
    assert_non_null(strstr(csv.data, "\n2021,,(geen bekende regio),339,"));
    ig_buf_free(&csv);
    done(a, sa);
    done(b, sb);
}

/* Codes of gemeenten that merged later are mapped onto the gemeente of the scenario's
 * boundaries (2025): Boxmeer (GM0756) into Land van Cuijk (GM1982), Weesp (GM0457)
 * into Amsterdam; in the shipped file Eemsdelta is in Groningen's region. */
static void herindeling_mapping(void **state)
{
    (void)state;
    const char *merged = HEADER "2025,GM0268,GM0268,test\n2025,GM0756,GM0268,test\n"
                                "2025,GM0363,GM0363,test\n2025,GM0457,GM0363,test\n";
    ingroei_scenario *sc;
    ingroei_run *r = must_run("merged", merged, true, &sc);
    long nijmegen = ig_run_find_code(r, "GM0268"), cuijk = ig_run_find_code(r, "GM1982"),
         amsterdam = ig_run_find_code(r, "GM0363");
    assert_true(nijmegen >= 0 && cuijk >= 0 && amsterdam >= 0);
    assert_int_equal(r->region[cuijk], nijmegen);
    assert_int_equal(r->region[amsterdam], amsterdam);
    assert_int_equal(ig_run_find_code(r, "GM0457"), -1); /* not a gemeente of 2025 */
    done(r, sc);
    r = must_run("shipped", NULL, true, &sc);
    long groningen = ig_run_find_code(r, "GM0014"), eemsdelta = ig_run_find_code(r, "GM1979");
    assert_true(groningen >= 0 && eemsdelta >= 0);
    assert_int_equal(r->region[eemsdelta], groningen);
    assert_string_equal(r->region_kind[groningen], "genoemd in gemeenschappelijke regeling");
    assert_non_null(strstr(r->region_source[groningen], "324624"));
    done(r, sc);
}

/* With the shipped regions and the regional key every year adds up to its budget to
 * the euro, each part on its own too; a member that is not its centrumgemeente gets
 * nothing; each region's objective amount is its members' under the key per gemeente
 * (within a euro per member). */
static void regional_key_conserves_money(void **state)
{
    (void)state;
    ingroei_scenario *sa, *sb;
    ingroei_run *a = must_run("shipped_regional", NULL, true, &sa);
    ingroei_run *b = must_run("shipped_per_gemeente", NULL, false, &sb);
    assert_int_equal(ig_run_parts(a, NULL), INGROEI_OK);
    assert_int_equal(ig_run_parts(b, NULL), INGROEI_OK);
    size_t members = 0;
    for (size_t y = 0; y < a->n_y; y++) {
        const size_t at = y * a->n_g;
        int64_t sum = 0, full = 0;
        for (size_t g = 0; g < a->n_g; g++) {
            sum += a->out.total[at + g];
            full += a->out.full_obj[at + g];
            long c = a->region[g];
            if (c >= 0 && (size_t)c != g) {
                assert_true(a->out.total[at + g] == 0);
                members += y == 0;
            }
            if (c == (long)g) {
                int64_t want = 0, n = 0;
                for (size_t h = 0; h < a->n_g; h++)
                    if (a->region[h] == c) {
                        want += b->out.full_obj[at + h];
                        n++;
                    }
                assert_true(llabs(a->out.full_obj[at + g] - want) <= n);
            }
        }
        assert_true(sum == a->budget[y]);
        assert_true(full == a->budget_obj[y]);
    }
    assert_int_equal(members, 58 - 7);
    done(a, sa);
    done(b, sb);
}

/* A regional key with a year's own volumes (objective_volumes_per_year): that year's
 * volumes are summed per region too, so no member of a known region other than its
 * centrumgemeente gets an objective amount in that year either, and the money adds up. */
static void regional_key_with_volumes_per_year(void **state)
{
    (void)state;
    char *path = scenario("regional_per_year", NULL, true);
    char *text = ts_slurp(path, NULL);
    char *more = ts_xprintf("%sobjective_volumes_per_year:\n  2023: "
                            "%s/models/nl/gemeentefonds/volumina_mei2022_2023.csv\n",
                            text, root);
    ts_write_file(path, more, strlen(more));
    ingroei_scenario *sc;
    ingroei_error err;
    ingroei_run *r = run_of(path, &sc, &err);
    if (!r)
        fail_msg("%s:%d:%d: %s", err.file, err.line, err.column, err.message);
    assert_int_equal(ig_run_parts(r, NULL), INGROEI_OK);
    size_t members = 0;
    for (size_t y = 0; y < r->n_y; y++) {
        int64_t full = 0;
        for (size_t g = 0; g < r->n_g; g++) {
            full += r->out.full_obj[y * r->n_g + g];
            long c = r->region[g];
            if (c >= 0 && (size_t)c != g) {
                assert_true(r->out.full_obj[y * r->n_g + g] == 0);
                members++;
            }
        }
        assert_true(full == r->budget_obj[y]);
    }
    assert_true(members > 0);
    done(r, sc);
    free(more);
    free(text);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bad_files_name_line_and_column),
        cmocka_unit_test(regional_key_needs_regions),
        cmocka_unit_test(regional_key_with_volumes_per_year),
        cmocka_unit_test(region_of_one_gemeente),
        cmocka_unit_test(gemeente_without_region_paid_on_its_own),
        cmocka_unit_test(herindeling_mapping),
        cmocka_unit_test(regional_key_conserves_money),
    };
    return cmocka_run_group_tests(tests, setup, ts_tmpdir_teardown);
}
