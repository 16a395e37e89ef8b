/*
 * test_plot.c - run/plot.c and the title helper of report/gnuplot.c: every picture of a
 * run read back through its gnuplot script and data file, as a reader of the picture
 * would read it: the title (whole, every line short enough for the picture, the
 * gemeente and ILLUSTRATIEF never cut), the series and their titles, the labels, and
 * the numbers against the run's own tables (issue 15, defects 1 to 4). One run draws
 * with gnuplot to show that it takes the scripts; the others skip the pictures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "report/report.h"
#include "run/run.h"
#include "support/support.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_TITLE_LINES 8
#define MAX_ROWS        64

/* ---- helpers ------------------------------------------------------------------------ */

/* Runs `scenario` into ts_tmpdir/sub with --gemeente `gemeente` (or none) and a
 * gnuplot that is not there: the scripts and data are written, the pictures skipped.
 * Returns the output directory (free it). */
static char *run_scripts(const char *scenario, const char *sub, const char *gemeente)
{
    char *out = ts_xprintf("%s/%s", ts_tmpdir, sub);
    const char *args[] = {"run",        scenario, "-o",     out, "--gnuplot",
                          "/nonexistent/gnuplot", gemeente ? "--gemeente" : NULL,
                          gemeente,     NULL};
    char *err = NULL;
    int status = ts_run_cli(args, NULL, &err);
    if (status != 0)
        fail_msg("ingroei run %s exited with %d:\n%s", scenario, status, err);
    free(err);
    return out;
}

static char *slurp_in(const char *dir, const char *name)
{
    char *p = ts_xprintf("%s/%s", dir, name);
    char *s = ts_slurp(p, NULL);
    free(p);
    return s;
}

/* The title a script gives after `command` ("  set title ", "  set multiplot title "):
 * its lines, unquoted, into lines[] (free each); their number. */
static size_t title_lines(const char *gp, const char *command, char **lines)
{
    const char *s = strstr(gp, command);
    if (!s)
        fail_msg("the script has no %s", command);
    s += strlen(command);
    size_t n = 0;
    for (;;) {
        if (*s != '\'')
            fail_msg("the title is not a quoted string at: %.40s", s);
        char *line = calloc(strlen(s) + 1, 1);
        assert_non_null(line);
        size_t k = 0;
        for (s++; *s && !(*s == '\'' && s[1] != '\''); s++) {
            line[k++] = *s;
            if (*s == '\'')
                s++;
        }
        assert_true(*s == '\'');
        s++;
        assert_true(n < MAX_TITLE_LINES);
        lines[n++] = line;
        if (strncmp(s, ".\"\\n\".", 6) != 0)
            break;
        s += 6;
    }
    return n;
}

/* The number of UTF-8 code points in s. */
static size_t chars(const char *s)
{
    size_t c = 0;
    for (; *s; s++)
        c += ((unsigned char)*s & 0xc0) != 0x80;
    return c;
}

/* The picture's width from "size W,H" in its script. */
static int picture_width(const char *gp)
{
    const char *s = strstr(gp, " size ");
    assert_non_null(s);
    return atoi(s + 6);
}

/* Checks the title of a script: every line fits the picture, `whole` (when not NULL)
 * stands whole in the first line, ILLUSTRATIEF on the last line. */
static void check_title(const char *what, const char *gp, const char *command, const char *whole)
{
    char *lines[MAX_TITLE_LINES];
    size_t n = title_lines(gp, command, lines);
    size_t max = (size_t)ig_gp_title_chars(picture_width(gp));
    for (size_t i = 0; i < n; i++)
        if (chars(lines[i]) > max)
            fail_msg("%s: title line %zu has %zu characters, more than the %zu that fit: %s",
                     what, i + 1, chars(lines[i]), max, lines[i]);
    if (whole && !strstr(lines[0], whole))
        fail_msg("%s: the title's first line does not hold %s whole: %s", what, whole, lines[0]);
    if (strcmp(lines[n - 1], "objectieve sleutel ILLUSTRATIEF") != 0)
        fail_msg("%s: the title's last line is not the illustrative notice: %s", what,
                 lines[n - 1]);
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
}

/* The rows of block `index` of a data file (blocks are separated by two blank lines;
 * comment lines skipped): up to `cols` numbers each into v[row][col]; the row count. */
static size_t dat_block(const char *dat, int index, double v[][10], size_t cols)
{
    int block = 0, blank = 0;
    size_t rows = 0;
    for (const char *s = dat; *s;) {
        const char *e = strchr(s, '\n');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        if (len == 0) {
            blank++;
        } else {
            if (blank >= 2)
                block++;
            blank = 0;
            if (block > index)
                break;
            if (block == index && *s != '#') {
                assert_true(rows < MAX_ROWS);
                char *line = ts_copy_line(s), *p = line;
                for (size_t c = 0; c < cols; c++) {
                    char *end;
                    v[rows][c] = strtod(p, &end);
                    if (end == p)
                        fail_msg("block %d row %zu has fewer than %zu numbers", index, rows, cols);
                    p = end;
                }
                free(line);
                rows++;
            }
        }
        s += len + (e ? 1 : 0);
    }
    return rows;
}

/* Field `from_end` counted from the end (0: the last) of a CSV line whose quoted fields
 * all come before it. */
static double field_from_end(const char *line, int from_end)
{
    const char *s = line + strlen(line);
    for (int k = 0; k <= from_end; k++) {
        while (s > line && s[-1] != ',')
            s--;
        if (k < from_end) {
            assert_true(s > line);
            s--;
        }
    }
    return strtod(s, NULL);
}

/* ---- defect 1: the budget as distributed ---------------------------------------------- */

/* wlz_uitname: the picture's budget is the sum of the allocations of every year (it
 * falls from 1,678.95 M in 2027 to 1,101.85 M in 2036), drawn from that column, on an
 * axis from zero. */
static void test_budget_drawn_per_year(void **state)
{
    (void)state;
    char *out = run_scripts("scenarios/wlz_uitname.yaml", "wlz", NULL);
    char *dat = slurp_in(out, "landelijk.dat");
    char *csv = slurp_in(out, "budget.csv");
    char *gp = slurp_in(out, "landelijk.gp");
    double v[MAX_ROWS][10];
    size_t rows = dat_block(dat, 0, v, 3);
    assert_int_equal(rows, 12);
    char **lines;
    char *csv_copy = ts_strdup(csv);
    size_t n = ts_split_lines(csv_copy, "budget.csv", &lines);
    assert_int_equal(n, rows + 1);
    for (size_t y = 0; y < rows; y++) {
        /* som_toegekend is the 10th field from the end */
        double sum = field_from_end(lines[y + 1], 9);
        if (fabs(v[y][2] * 1e6 - sum) > 500.0)
            fail_msg("landelijk.dat draws %.3f M in %.0f, budget.csv distributes %.0f", v[y][2],
                     v[y][0], sum);
    }
    assert_true(fabs(v[2][2] - 1678.95) < 0.001);
    assert_true(fabs(v[11][2] - 1101.85) < 0.001);
    if (!strstr(gp, "using 1:3 axes x1y2 with lines lw 2 lc rgb '#555555' title 'verdeeld budget"))
        fail_msg("landelijk.gp does not draw column 3 as the distributed budget");
    assert_non_null(strstr(gp, "set y2range [0:"));
    /* the two budgets behind it are drawn too, and named */
    assert_non_null(strstr(gp, "title 'budget van het objectieve deel'"));
    free(lines);
    free(csv_copy);
    free(gp);
    free(csv);
    free(dat);
    free(out);
}

/* ---- defect 2: titles that fit --------------------------------------------------------- */

static void test_titles_fit(void **state)
{
    (void)state;
    char *out = run_scripts("scenarios/herijking_cap.yaml", "cap_titles", "Vlissingen");
    char *gp = slurp_in(out, "gemeente_GM0718.gp");
    check_title("herijking_cap, Vlissingen", gp, "  set title ", "Vlissingen (GM0718)");
    free(gp);
    gp = slurp_in(out, "landelijk.gp");
    check_title("herijking_cap, landelijk", gp, "  set multiplot title ", NULL);
    free(gp);
    free(out);
    out = run_scripts("scenarios/default.yaml", "default_titles", "GM0820");
    gp = slurp_in(out, "gemeente_GM0820.gp");
    check_title("default, GM0820", gp, "  set title ", "(GM0820)");
    free(gp);
    free(out);
    out = run_scripts("scenarios/wlz_uitname.yaml", "wlz_titles", NULL);
    gp = slurp_in(out, "landelijk.gp");
    check_title("wlz_uitname, landelijk", gp, "  set multiplot title ", NULL);
    free(gp);
    free(out);
}

/* ig_gp_title itself: a long scenario name takes at most two lines and is shortened
 * with an ellipsis; a long head (a gemeente's name) is wrapped, never shortened; a word
 * longer than a line is cut; multi-byte characters count once. */
static void test_title_wrapping(void **state)
{
    (void)state;
    ig_buf b = {0};
    char scenario[1200] = "";
    for (int i = 0; i < 60; i++)
        strcat(scenario, "Súdwest-Fryslân ");
    char head[400] = "";
    for (int i = 0; i < 12; i++)
        strcat(head, "Gemeentenaam-lang ");
    strcat(head, "(GM9999)");
    int n = ig_gp_title(&b, head, scenario, true, 600);
    assert_false(b.failed);
    char *lines[MAX_TITLE_LINES];
    char *cmd = ts_xprintf("X %s", b.data);
    size_t got = title_lines(cmd, "X ", lines);
    assert_int_equal((size_t)n, got);
    size_t max = (size_t)ig_gp_title_chars(600);
    ig_buf joined = {0};
    size_t head_lines = 0;
    for (size_t i = 0; i < got; i++) {
        if (chars(lines[i]) > max)
            fail_msg("line %zu has %zu characters (at most %zu): %s", i, chars(lines[i]), max,
                     lines[i]);
        if (!strncmp(lines[i], "scenario: ", 10))
            head_lines = head_lines ? head_lines : i;
    }
    /* the head whole, over the lines before the scenario */
    for (size_t i = 0; i < head_lines; i++)
        ig_buf_printf(&joined, "%s%s", i ? " " : "", lines[i]);
    ig_buf_puts(&joined, " ");
    if (strcmp(joined.data, head) != 0 && strncmp(joined.data, head, strlen(head)) != 0)
        fail_msg("the head was not kept whole: %s", joined.data);
    /* two scenario lines, the second ending in an ellipsis, then the notice */
    assert_int_equal(got, head_lines + 3);
    const char *ell = lines[head_lines + 1] + strlen(lines[head_lines + 1]) - 3;
    assert_string_equal(ell, "\u2026");
    assert_string_equal(lines[got - 1], "objectieve sleutel ILLUSTRATIEF");
    for (size_t i = 0; i < got; i++)
        free(lines[i]);
    ig_buf_free(&joined);
    free(cmd);
    ig_buf_free(&b);
    /* one word longer than a line is cut, not lost; no notice without illustrative */
    char word[300];
    memset(word, 'x', 299);
    word[299] = '\0';
    n = ig_gp_title(&b, word, NULL, false, 600);
    cmd = ts_xprintf("X %s", b.data);
    got = title_lines(cmd, "X ", lines);
    size_t total = 0;
    for (size_t i = 0; i < got; i++) {
        assert_true(chars(lines[i]) <= max);
        total += strlen(lines[i]);
        free(lines[i]);
    }
    assert_int_equal(total, 299);
    free(cmd);
    ig_buf_free(&b);
}

/* ---- defect 3: the cap in a gemeente's picture ------------------------------------------ */

/* Vlissingen under herijking_cap: 2031 has historical 0 plus objective 5.7 M against a
 * total of 34.3 M; the picture draws the total without the cap and the cap's effect
 * between the two, marks the years at the loss cap, and says the amounts in words. */
static void test_gemeente_cap_line(void **state)
{
    (void)state;
    char *out = run_scripts("scenarios/herijking_cap.yaml", "cap_gemeente", "Vlissingen");
    char *gp = slurp_in(out, "gemeente_GM0718.gp");
    char *dat = slurp_in(out, "gemeente_GM0718.dat");
    char *csv = slurp_in(out, "gemeente_GM0718.csv");
    const char *want[] = {
        "using 1:($7/1e6):($4/1e6) with filledcurves",
        "title 'effect van de cap'",
        "using 1:($7/1e6) with lines",
        "title 'totaal zonder cap (historisch + objectief deel)'",
        "using 1:($8 < 0 ? $4/1e6 : 1/0)",
        "title 'op de verliescap (totaal = de grens)'",
        ("set xlabel 'verliescap 2031: totaal 34,3 mln = historisch 0,0 + objectief 5,8 + "
         "effect van de cap +28,5'"),
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(gp, want[i]))
            fail_msg("gemeente_GM0718.gp lacks %s", want[i]);
    /* never held at the gain cap: no such series */
    assert_null(strstr(gp, "wincap"));
    double v[MAX_ROWS][10];
    size_t rows = dat_block(dat, 0, v, 8);
    assert_int_equal(rows, 11);
    char **lines;
    size_t n = ts_split_lines(csv, "gemeente_GM0718.csv", &lines);
    assert_int_equal(n, rows + 1);
    for (size_t y = 0; y < rows; y++) {
        /* totaal_zonder_cap is the 6th field from the end, cap_geraakt the 4th (the
         * region's two columns come last) */
        double uncapped = field_from_end(lines[y + 1], 5);
        assert_true(v[y][6] == uncapped);
        bool hit = strstr(lines[y + 1], ",verlies,") != NULL;
        assert_true(v[y][7] == (hit ? -1 : 0));
    }
    assert_true(v[10][3] - v[10][6] > 28e6); /* 2031: the cap's effect */
    free(lines);
    free(csv);
    free(dat);
    free(gp);
    free(out);
    /* without a cap, nothing of it */
    out = run_scripts("scenarios/default.yaml", "nocap_gemeente", "Vlissingen");
    gp = slurp_in(out, "gemeente_GM0718.gp");
    assert_null(strstr(gp, "cap"));
    free(gp);
    free(out);
}

/* ---- defect 4: winners and losers that can be read --------------------------------------- */

/* The bottom panel is a ranked bar chart of the last year: one bar per gemeente, its
 * name as a tic, its value as a label (with the cap where it held it), winners and
 * losers and capped gemeenten in their own colours; under a cap the top panel shows the
 * objective share reached beside the path's, with the number of capped gemeenten. */
static void test_winners_losers_readable(void **state)
{
    (void)state;
    char *out = run_scripts("scenarios/herijking_cap.yaml", "cap_ranked", NULL);
    char *gp = slurp_in(out, "landelijk.gp");
    char *dat = slurp_in(out, "landelijk.dat");
    /* no curve per gemeente: the lines lay on top of each other */
    assert_int_equal(ts_count(gp, "index 1 using 1:"), 0);
    assert_int_equal(ts_count(gp, "with boxxyerror"), 1);
    const char *names[] = {"'Kerkrade' 0", "'Vlissingen' ", "'Heerlen' 29"};
    for (size_t i = 0; i < 3; i++)
        if (!strstr(gp, names[i]))
            fail_msg("landelijk.gp has no tic %s", names[i]);
    /* 30 value labels, the 15 losers at their loss cap */
    assert_non_null(strstr(gp, "  set label 30 "));
    assert_null(strstr(gp, "  set label 31 "));
    assert_int_equal(ts_count(gp, " (op de verliescap)'"), 15);
    assert_non_null(strstr(gp, "title 'op een cap gehouden'"));
    double bars[MAX_ROWS][10];
    size_t n = dat_block(dat, 1, bars, 3);
    assert_int_equal(n, 30);
    for (size_t k = 0; k < n; k++) {
        assert_true(bars[k][0] == (double)k);
        if (k && bars[k][1] > bars[k - 1][1])
            fail_msg("bar %zu (%.2f) is above bar %zu (%.2f): not ranked", k, bars[k][1], k - 1,
                     bars[k - 1][1]);
    }
    assert_true(bars[29][2] == -1);
    /* the top panel: 2031 has p = 1, but 17 gemeenten are capped, so less is reached */
    double top[MAX_ROWS][10];
    size_t rows = dat_block(dat, 0, top, 6);
    assert_int_equal(rows, 11);
    assert_true(top[10][1] == 1.0);
    assert_true(top[10][5] == 17);
    assert_true(top[10][4] < 0.95);
    assert_true(top[0][4] == 0.0);
    assert_non_null(strstr(gp, "title 'aandeel objectief bereikt (met de cap)'"));
    assert_non_null(strstr(gp, "sprintf('%d op cap', int($6))"));
    free(dat);
    free(gp);
    free(out);
    /* without a cap: the share reached is the path's */
    out = run_scripts("scenarios/default.yaml", "default_ranked", NULL);
    dat = slurp_in(out, "landelijk.dat");
    gp = slurp_in(out, "landelijk.gp");
    rows = dat_block(dat, 0, top, 6);
    for (size_t y = 0; y < rows; y++)
        assert_true(fabs(top[y][4] - top[y][1]) < 1e-4);
    assert_null(strstr(gp, "met de cap"));
    free(gp);
    free(dat);
    free(out);
}

/* ---- the map ------------------------------------------------------------------------ */

/* kaart.gp and kaart.dat of the default scenario, read back: the title, a palette and
 * scale symmetric around 0, the projection, 342 gemeenten in 350 closed polygons, and
 * the values of known gemeenten equal to their verschil_per_inwoner of 2031 in
 * allocations.csv and to verschil_met_historisch / inwoners. */
static void test_map(void **state)
{
    (void)state;
    char *out = run_scripts("scenarios/default.yaml", "map", NULL);
    char *gp = slurp_in(out, "kaart.gp");
    char *dat = slurp_in(out, "kaart.dat");
    check_title("default, kaart", gp, "  set title ",
                "Beschermd wonen in 2031: winst of verlies per inwoner");

    /* the scale: [-end:end], tics at -end, -end/2, 0, end/2, end */
    const char *cb = strstr(gp, "  set cbrange [");
    assert_non_null(cb);
    char *e;
    double lo = strtod(cb + 15, &e), hi;
    assert_true(*e == ':');
    hi = strtod(e + 1, &e);
    assert_true(*e == ']');
    assert_true(hi > 0 && lo == -hi);
    /* default: 90 % of the gemeenten lie within 110.52 euro, so the scale ends at 150
     * and the larger losses are drawn in the end's colour, which the legend says */
    assert_true(hi == 150.0);
    assert_non_null(strstr(gp, "set cbtics ('\u2264 -150' -150, '-75' -75, '0' 0, '+75' 75, "
                               "'\u2265 +150' 150)"));
    assert_non_null(strstr(gp, "het grootste verlies is 757,90 euro per inwoner"));
    assert_non_null(strstr(gp, "set cblabel 'euro per inwoner'"));
    /* the palette: the same positions on both sides of 0, red below, blue above */
    const char *pal = strstr(gp, "set palette defined (");
    assert_non_null(pal);
    double pos[16];
    char colour[16][8];
    size_t n_pos = 0;
    for (const char *s = pal + 21; *s && *s != ')'; n_pos++) {
        assert_true(n_pos < 16);
        pos[n_pos] = strtod(s, &e);
        assert_true(e != s && e[0] == ' ' && e[1] == '\'');
        memcpy(colour[n_pos], e + 2, 7);
        colour[n_pos][7] = '\0';
        s = e + 10;
        if (*s == ',')
            s += 2;
    }
    assert_true(n_pos % 2 == 1);
    for (size_t i = 0; i < n_pos; i++)
        assert_true(pos[i] == -pos[n_pos - 1 - i]);
    assert_true(pos[0] == -1.0 && pos[n_pos / 2] == 0.0);
    assert_string_equal(colour[0], "#b2182b");          /* losses: red */
    assert_string_equal(colour[n_pos - 1], "#2166ac");  /* gains: blue */
    /* equal distances, the values coloured, thin borders */
    assert_non_null(strstr(gp, "k = cos(52.2*pi/180)"));
    assert_non_null(strstr(gp, "set size ratio -1"));
    assert_non_null(strstr(gp, "plot 'kaart.dat' index 0 using ($1*k):2:3 with filledcurves "
                               "closed fillcolor palette z"));
    assert_non_null(strstr(gp, "'' index 0 using ($1*k):2 with lines lw 0.5"));

    /* the polygons: "# CODE DEEL VALUE", then "lon lat value" rows, a blank line */
    char *copy = ts_strdup(dat), **lines;
    size_t n_lines = ts_split_lines(copy, "kaart.dat", &lines);
    char codes[400][8];
    double values[400];
    size_t n_codes = 0, polygons = 0;
    for (size_t i = 0; i < n_lines; i++) {
        char code[16];
        int part;
        double v;
        if (sscanf(lines[i], "# GM%4[0-9] %d %lf", code, &part, &v) != 3)
            continue;
        polygons++;
        if (part == 1) {
            assert_true(n_codes < 400);
            snprintf(codes[n_codes], sizeof codes[0], "GM%.4s", code);
            values[n_codes++] = v;
        }
        size_t j = i + 1;
        double lon0, lat0, lon, lat, pv;
        assert_int_equal(sscanf(lines[j], "%lf %lf %lf", &lon0, &lat0, &pv), 3);
        for (; j < n_lines && lines[j][0]; j++) {
            assert_int_equal(sscanf(lines[j], "%lf %lf %lf", &lon, &lat, &pv), 3);
            assert_true(pv == v);
        }
        assert_true(j - i - 1 >= 4);
        assert_true(lon == lon0 && lat == lat0); /* closed */
    }
    assert_int_equal(polygons, 350);
    assert_int_equal(n_codes, 342);
    for (size_t k = 1; k < n_codes; k++)
        assert_true(strcmp(codes[k - 1], codes[k]) < 0);

    /* the values against allocations.csv of 2031 */
    ig_csv t = {0};
    ingroei_error err;
    char *alloc = ts_xprintf("%s/allocations.csv", out);
    assert_int_equal(ig_csv_read(&t, alloc, &err), INGROEI_OK);
    int cy = ig_csv_column(&t, "jaar", &err), cc = ig_csv_column(&t, "gemeentecode", &err),
        ci = ig_csv_column(&t, "inwoners", &err),
        cd = ig_csv_column(&t, "verschil_met_historisch", &err),
        cp = ig_csv_column(&t, "verschil_per_inwoner", &err);
    assert_true(cy >= 0 && cc >= 0 && ci >= 0 && cd >= 0 && cp >= 0);
    size_t checked = 0;
    bool zwolle = false, gainer = false, loser = false;
    for (size_t i = 0; i < t.n_rows; i++) {
        if (strcmp(t.rows[i][cy], "2031"))
            continue;
        size_t k = 0;
        while (k < n_codes && strcmp(codes[k], t.rows[i][cc]))
            k++;
        if (k == n_codes)
            fail_msg("%s is in allocations.csv but not on the map", t.rows[i][cc]);
        double by_hand = atof(t.rows[i][cd]) / atof(t.rows[i][ci]);
        if (fabs(values[k] - by_hand) > 0.005 + 1e-9 || values[k] != atof(t.rows[i][cp]))
            fail_msg("%s: the map has %.2f, allocations.csv %s (%s / %s = %.4f)", codes[k],
                     values[k], t.rows[i][cp], t.rows[i][cd], t.rows[i][ci], by_hand);
        zwolle = zwolle || !strcmp(codes[k], "GM0193");
        gainer = gainer || by_hand > 50;
        loser = loser || by_hand < -150;
        checked++;
    }
    assert_int_equal(checked, 342);
    assert_true(zwolle && gainer && loser);
    /* Zwolle, a centrumgemeente, by hand from allocations.csv: -58,975,173 euro over
     * 133,830 inhabitants in 2031 is -440.672 */
    for (size_t k = 0; k < n_codes; k++)
        if (!strcmp(codes[k], "GM0193"))
            assert_true(values[k] == -440.67);
    ig_csv_clear(&t);
    free(alloc);
    free(lines);
    free(copy);
    free(dat);
    free(gp);
    free(out);
}

/* A copy of models/nl in ts_tmpdir/sub/nl and the default scenario on it; `edit` (when
 * not NULL) runs in the copy. Returns the scenario's path. */
static char *scenario_on_copy(const char *sub, const char *edit)
{
    char *cmd = ts_xprintf("mkdir -p '%s/%s' && cp -r models/nl '%s/%s/nl'", ts_tmpdir, sub,
                           ts_tmpdir, sub);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    if (edit) {
        cmd = ts_xprintf("cd '%s/%s/nl' && %s", ts_tmpdir, sub, edit);
        assert_int_equal(system(cmd), 0);
        free(cmd);
    }
    char *text = ts_slurp("scenarios/default.yaml", NULL);
    ig_buf b = {0};
    for (const char *s = text; *s;)
        if (!strncmp(s, "../models/nl", 12)) {
            ig_buf_puts(&b, "nl");
            s += 12;
        } else {
            ig_buf_putc(&b, *s++);
        }
    char *scenario = ts_xprintf("%s/%s/s.yaml", ts_tmpdir, sub);
    ts_write_file(scenario, b.data, b.len);
    ig_buf_free(&b);
    free(text);
    return scenario;
}

/* Without the geometry file the run still succeeds: the other pictures are written, the
 * map is not, and the run says why. A geometry file that is wrong fails the run with
 * its line. */
static void test_map_without_geometry(void **state)
{
    (void)state;
    char *scenario = scenario_on_copy("nogeo", "rm gemeenten_geometrie_2025.csv");
    char *out = ts_xprintf("%s/nogeo/out", ts_tmpdir);
    const char *args[] = {"run", scenario, "-o", out, "--gnuplot", "/nonexistent/gnuplot", NULL};
    char *err = NULL;
    int status = ts_run_cli(args, NULL, &err);
    if (status != 0)
        fail_msg("exit %d: %s", status, err);
    free(err);
    char *p = ts_xprintf("%s/landelijk.gp", out);
    assert_true(ts_exists(p));
    free(p);
    p = ts_xprintf("%s/kaart.gp", out);
    assert_false(ts_exists(p));
    free(p);
    /* with gnuplot the note stands alone on stderr: the other pictures are drawn */
    if (system("command -v gnuplot >/dev/null 2>&1") == 0) {
        const char *drawn[] = {"run", scenario, "-o", out, NULL};
        ts_cli_expect(drawn, 0, "map skipped: the dataset has no gemeenten_geometrie_2025.csv");
        p = ts_xprintf("%s/landelijk.png", out);
        assert_true(ts_exists(p));
        free(p);
    }
    free(out);
    free(scenario);

    /* GM0014's first row renamed to an unknown code: line 12 of the file (10 comment
     * lines and the header before it) */
    scenario = scenario_on_copy("badgeo", "sed -i '12s/^GM0014/GM9999/' "
                                          "gemeenten_geometrie_2025.csv");
    out = ts_xprintf("%s/badgeo/out", ts_tmpdir);
    const char *bad[] = {"run", scenario, "-o", out, "--gnuplot", "/nonexistent/gnuplot", NULL};
    ts_cli_expect(bad, 1, "gemeenten_geometrie_2025.csv:12:1: unknown gemeentecode 'GM9999'");
    assert_false(ts_exists(out));
    free(out);
    free(scenario);
}

/* --map-year: the map shows that year (its title says so, its values are that year's
 * verschil_per_inwoner, Zwolle's -220.34 in 2026); a year the scenario does not have is
 * refused before anything is written. */
static void test_map_year(void **state)
{
    (void)state;
    char *out = ts_xprintf("%s/map_year", ts_tmpdir);
    const char *args[] = {"run",       "scenarios/default.yaml", "-o", out, "--gnuplot",
                          "/nonexistent/gnuplot", "--map-year", "2026", NULL};
    ts_cli_expect(args, 0, NULL);
    char *gp = slurp_in(out, "kaart.gp"), *dat = slurp_in(out, "kaart.dat");
    assert_non_null(strstr(gp, "Beschermd wonen in 2026: winst of verlies per inwoner"));
    assert_non_null(strstr(dat, "# GM0193 1 -220.34\n"));
    free(dat);
    free(gp);
    char *bad = ts_xprintf("%s/map_year_bad", ts_tmpdir);
    const char *late[] = {"run", "scenarios/default.yaml", "-o", bad, "--map-year", "2040", NULL};
    ts_cli_expect(late, 2, "the map's year 2040 is not a year of the scenario (2021-2031)");
    assert_false(ts_exists(bad));
    free(bad);
    free(out);
}

/* A gnuplot that fails, by its exit status or by a signal, leaves the pictures out with
 * the reason on stderr and the run's other outputs in place: the .dat and .gp files, no
 * PNG. */
static void test_gnuplot_fails(void **state)
{
    (void)state;
    static const struct {
        const char *name, *script, *reason;
    } fakes[] = {
        {"exits", "#!/bin/sh\necho 'set terminal: boom' >&2\nexit 1\n", "set terminal: boom"},
        {"killed", "#!/bin/sh\nkill -9 $$\n", "gnuplot ended by signal 9"},
    };
    for (size_t k = 0; k < 2; k++) {
        char *fake = ts_xprintf("%s/gnuplot-%s", ts_tmpdir, fakes[k].name);
        ts_write_file(fake, fakes[k].script, strlen(fakes[k].script));
        assert_int_equal(chmod(fake, 0755), 0);
        char *out = ts_xprintf("%s/gnuplot_%s", ts_tmpdir, fakes[k].name);
        const char *args[] = {"run", "scenarios/default.yaml", "-o", out, "--gnuplot", fake, NULL};
        ts_cli_expect(args, 0, fakes[k].reason);
        char *gp = ts_xprintf("%s/landelijk.gp", out), *png = ts_xprintf("%s/landelijk.png", out);
        assert_true(ts_exists(gp));
        assert_false(ts_exists(png));
        free(png);
        free(gp);
        free(out);
        free(fake);
    }
}

/* The pictures are drawn by two gnuplots at once: the map alone, the national picture
 * and the gemeente's one after the other in the other (so that --gemeente adds no third
 * process to share two processors with the map). A fake gnuplot writes its arguments to
 * a log and makes the pictures; one that fails on the gemeente's script leaves every
 * picture out and names both scripts of its process. */
static void test_gnuplot_processes(void **state)
{
    (void)state;
    char *log = ts_xprintf("%s/gnuplot_processes.log", ts_tmpdir);
    for (int fails = 0; fails < 2; fails++) {
        char *fake = ts_xprintf("%s/gnuplot-log-%d", ts_tmpdir, fails);
        char *script = ts_xprintf(
            "#!/bin/sh\necho \"$*\" >> '%s'\nfor a; do\n  case $a in *.gp) ;; *) continue ;; esac\n"
            "  case $a in gemeente_*) %s ;; esac\n"
            "  echo x > \"${a%%.gp}.png\"; echo x > \"${a%%.gp}.svg\"\ndone\n",
            log, fails ? "echo \"$a line 1: boom\" >&2; exit 1" : ":");
        ts_write_file(fake, script, strlen(script));
        assert_int_equal(chmod(fake, 0755), 0);
        unlink(log);
        char *out = ts_xprintf("%s/gnuplot_processes_%d", ts_tmpdir, fails);
        const char *args[] = {"run",     "scenarios/default.yaml", "-o", out, "--gnuplot", fake,
                              "--gemeente", "GM0363", NULL};
        if (fails) {
            ts_cli_expect(args, 0,
                          "pictures skipped: gnuplot failed on landelijk.gp, "
                          "gemeente_GM0363.gp: gemeente_GM0363.gp line 1: boom");
        } else {
            char *err = NULL;
            assert_int_equal(ts_run_cli(args, NULL, &err), 0);
            assert_null(strstr(err, "skipped"));
            free(err);
        }
        char *got = ts_slurp(log, NULL);
        /* the two processes, in either order */
        const char *a = "landelijk.gp -e reset session gemeente_GM0363.gp\n", *b = "kaart.gp\n";
        assert_int_equal(strlen(got), strlen(a) + strlen(b));
        assert_non_null(strstr(got, a));
        assert_non_null(strstr(got, b));
        for (size_t k = 0; k < 3; k++) {
            static const char *const pics[] = {"landelijk", "gemeente_GM0363", "kaart"};
            char *png = ts_xprintf("%s/%s.png", out, pics[k]);
            assert_int_equal(ts_exists(png), !fails);
            free(png);
        }
        free(got);
        free(out);
        free(script);
        free(fake);
    }
    free(log);
}

/* A ring 2 (a hole, which the shipped file has none of) goes into block 1 of kaart.dat
 * and is drawn white over its polygon, with its border; gnuplot takes the script. */
static void test_map_hole(void **state)
{
    (void)state;
    char *scenario = scenario_on_copy(
        "hole", "awk '/^GM0034/ && !d { print \"GM0014,1,2,6.55,53.2\"; "
                "print \"GM0014,1,2,6.57,53.2\"; print \"GM0014,1,2,6.57,53.21\"; "
                "print \"GM0014,1,2,6.55,53.2\"; d = 1 } { print }' "
                "gemeenten_geometrie_2025.csv > g.tmp && mv g.tmp gemeenten_geometrie_2025.csv");
    char *out = ts_xprintf("%s/hole/out", ts_tmpdir);
    bool draw = system("command -v gnuplot >/dev/null 2>&1") == 0;
    const char *args[] = {"run", scenario, "-o", out, draw ? NULL : "--gnuplot",
                          "/nonexistent/gnuplot", NULL};
    char *err = NULL;
    int status = ts_run_cli(args, NULL, &err);
    if (status != 0 || (draw && strstr(err, "skipped")))
        fail_msg("exit %d: %s", status, err);
    free(err);
    char *dat = slurp_in(out, "kaart.dat"), *gp = slurp_in(out, "kaart.gp");
    const char *hole = strstr(dat, "\n\n\n# block 1: holes");
    assert_non_null(hole);
    const char *gm0014 = strstr(dat, "# GM0014 1 ");
    assert_true(gm0014 && gm0014 < hole); /* its outer border in block 0 */
    gm0014 = strstr(hole, "# GM0014 1 ");
    assert_non_null(gm0014);
    assert_non_null(strstr(gm0014, "\n6.55000 53.20000 "));
    assert_int_equal(ts_count(hole, "\n# GM"), 1);
    assert_non_null(strstr(gp, "'' index 1 using ($1*k):2 with filledcurves closed fillcolor "
                               "rgb 'white'"));
    if (draw) {
        char *p = ts_xprintf("%s/kaart.png", out);
        assert_true(ts_exists(p));
        free(p);
    }
    free(gp);
    free(dat);
    free(out);
    free(scenario);
}

/* ig_map_build on a run made by hand, on boundaries before the borders' year: GM0003
 * merged into GM0002 on 2024-01-01, so GM0002's value is both their differences over
 * both their inhabitants; a gemeente without inhabitants is 0. Boundaries after 2025
 * give no map and a note. */
static void test_map_merged_by_hand(void **state)
{
    (void)state;
    char *dataset = ts_xprintf("%s/byhand", ts_tmpdir);
    assert_int_equal(mkdir(dataset, 0755), 0);
    static const char geometry[] =
        "gemeentecode,deel,ring,lon,lat\n"
        "GM0001,1,1,5,52\nGM0001,1,1,5.1,52\nGM0001,1,1,5.1,52.1\nGM0001,1,1,5,52\n"
        "GM0002,1,1,6,52\nGM0002,1,1,6.1,52\nGM0002,1,1,6.1,52.1\nGM0002,1,1,6,52\n"
        "GM0004,1,1,4,52\nGM0004,1,1,4.1,52\nGM0004,1,1,4.1,52.1\nGM0004,1,1,4,52\n";
    ts_write_in(dataset, "gemeenten_geometrie_2025.csv", geometry, sizeof geometry - 1);
    ingroei_scenario sc = {0};
    sc.name = "met de hand";
    sc.dataset = dataset;
    sc.boundaries = 2023;
    ig_merge merge = {"2024-01-01", "GM0003", "Oud", "GM0002", false};
    char *codes[] = {"GM0001", "GM0002", "GM0003", "GM0004"};
    /* two years; the map is of year index 1 */
    int64_t total[8] = {0, 0, 0, 0, 1000, 500, 800, 7};
    int64_t full_hist[8] = {0, 0, 0, 0, 1300, 200, 100, 0};
    int64_t inhabitants[8] = {1, 1, 1, 1, 100, 30, 20, 0};
    ingroei_run r = {0};
    r.sc = &sc;
    r.n_g = 4;
    r.n_y = 2;
    r.first_year = 2030;
    r.code = codes;
    r.name = codes;
    r.merges = &merge;
    r.n_merges = 1;
    r.out.total = total;
    r.out.full_hist = full_hist;
    r.inhabitants = inhabitants;
    ig_buf dat = {0}, gp = {0};
    bool made = false;
    char note[256] = "";
    ingroei_error err;
    if (ig_map_build(&r, 1, &dat, &gp, &made, note, sizeof note, &err) != INGROEI_OK)
        fail_msg("%s:%d: %s", err.file, err.line, err.message);
    assert_true(made && !note[0] && !dat.failed && !gp.failed);
    /* GM0001: -300 / 100; GM0002: (300 + 700) / (30 + 20); GM0004: no inhabitants */
    assert_non_null(strstr(dat.data, "\n# GM0001 1 -3.00\n5.00000 52.00000 -3.00\n"));
    assert_non_null(strstr(dat.data, "\n# GM0002 1 20.00\n6.00000 52.00000 20.00\n"));
    assert_non_null(strstr(dat.data, "\n# GM0004 1 0.00\n"));
    assert_null(strstr(dat.data, "GM0003"));
    assert_non_null(strstr(gp.data, "Beschermd wonen in 2031"));
    assert_null(strstr(gp.data, "ILLUSTRATIEF"));
    /* the 90th percentile of the sizes 0, 3, 20 (index 3 * 9 / 10 = 2) is 20: no cut */
    assert_non_null(strstr(gp.data, "set cbrange [-20:20]"));
    assert_non_null(strstr(gp.data, "set cbtics ('-20' -20, '-10' -10, '0' 0, '+10' 10, "
                                     "'+20' 20)"));
    assert_null(strstr(gp.data, "Kleurschaal"));
    ig_buf_free(&dat);
    ig_buf_free(&gp);
    /* GM0003 given a border of its own: it is no gemeente of 2025 for this run */
    static const char extra[] = "GM0003,1,1,6,53\nGM0003,1,1,6.1,53\nGM0003,1,1,6,53.1\n"
                                "GM0003,1,1,6,53\n";
    const char *at = strstr(geometry, "GM0004");
    char *copy = ts_xprintf("%.*s%s%s", (int)(at - geometry), geometry, extra, at);
    ts_write_in(dataset, "gemeenten_geometrie_2025.csv", copy, strlen(copy));
    free(copy);
    assert_int_equal(ig_map_build(&r, 1, &dat, &gp, &made, note, sizeof note, &err),
                     INGROEI_ERR_DATA);
    assert_false(made);
    assert_int_equal(err.line, 10);
    assert_non_null(strstr(err.message, "unknown gemeentecode 'GM0003'"));
    ig_buf_free(&dat);
    ig_buf_free(&gp);
    /* boundaries after the borders' year: no map, a note, no error */
    sc.boundaries = 2026;
    assert_int_equal(ig_map_build(&r, 1, &dat, &gp, &made, note, sizeof note, &err), INGROEI_OK);
    assert_false(made);
    assert_non_null(strstr(note, "map skipped: the borders of gemeenten_geometrie_2025.csv are "
                                 "those of 2025, the scenario's boundaries are of 2026"));
    assert_null(dat.data);
    free(dataset);
}

/* gnuplot takes every script: the capped run draws both pictures, PNG and SVG. */
static void test_gnuplot_draws(void **state)
{
    (void)state;
    if (system("command -v gnuplot >/dev/null 2>&1") != 0)
        skip();
    char *out = ts_xprintf("%s/drawn", ts_tmpdir);
    const char *args[] = {"run", "scenarios/herijking_cap.yaml", "-o", out, "--gemeente",
                          "Vlissingen", NULL};
    char *err = NULL;
    int status = ts_run_cli(args, NULL, &err);
    if (status != 0 || strstr(err, "skipped"))
        fail_msg("the run exited with %d:\n%s", status, err);
    free(err);
    const char *files[] = {"landelijk.png",       "landelijk.svg", "gemeente_GM0718.png",
                           "gemeente_GM0718.svg", "kaart.png",     "kaart.svg"};
    for (size_t i = 0; i < 6; i++) {
        char *p = ts_xprintf("%s/%s", out, files[i]);
        struct stat sb;
        if (stat(p, &sb) != 0 || sb.st_size < 1000)
            fail_msg("%s was not drawn", p);
        free(p);
    }
    char *svg = slurp_in(out, "landelijk.svg");
    assert_non_null(strstr(svg, "objectieve sleutel ILLUSTRATIEF"));
    assert_non_null(strstr(svg, "Vlissingen"));
    /* drawn after landelijk.gp in the same gnuplot, the gemeente's picture is the one
     * its script draws alone (the README's "gnuplot NAME.gp"): nothing of the national
     * picture's settings (its gemeenten as y labels) carries over */
    char *gemeente = slurp_in(out, "gemeente_GM0718.svg");
    char *redraw = ts_xprintf("cd '%s' && mkdir alone && cp gemeente_GM0718.gp gemeente_GM0718.dat "
                              "alone/ && cd alone && gnuplot gemeente_GM0718.gp",
                              out);
    assert_int_equal(system(redraw), 0);
    char *alone = ts_xprintf("%s/alone", out);
    char *again = slurp_in(alone, "gemeente_GM0718.svg");
    assert_string_equal(gemeente, again);
    free(again);
    free(alone);
    free(redraw);
    free(gemeente);
    free(svg);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_budget_drawn_per_year),
        cmocka_unit_test(test_titles_fit),
        cmocka_unit_test(test_title_wrapping),
        cmocka_unit_test(test_gemeente_cap_line),
        cmocka_unit_test(test_winners_losers_readable),
        cmocka_unit_test(test_map),
        cmocka_unit_test(test_map_without_geometry),
        cmocka_unit_test(test_gnuplot_fails),
        cmocka_unit_test(test_gnuplot_processes),
        cmocka_unit_test(test_map_year),
        cmocka_unit_test(test_map_hole),
        cmocka_unit_test(test_map_merged_by_hand),
        cmocka_unit_test(test_gnuplot_draws),
    };
    return cmocka_run_group_tests(tests, ts_tmpdir_setup, ts_tmpdir_teardown);
}
