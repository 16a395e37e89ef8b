/* test_geometry.c - io/geometry.c: the shipped borders of the 342 gemeenten of 2025 read
 * whole, and bad geometry files refused with the file, line and column of the fault:
 * an unknown gemeentecode, a gemeente without a border, an unclosed ring, a point
 * outside the Netherlands, parts and rings out of order, text for a number, and each
 * size limit. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "io/io.h"
#include "support/support.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *tmp_dir;

static int make_tmp(void **state)
{
    (void)state;
    tmp_dir = ts_make_temp_dir("test-geometry");
    return 0;
}

static int remove_tmp(void **state)
{
    (void)state;
    ts_remove_temp_dir(&tmp_dir);
    return 0;
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The gemeentecodes of `year` in models/nl/gemeenten.csv, sorted; their number. */
static size_t codes_of(ig_csv *t, int year, const char **codes, size_t max)
{
    ingroei_error err;
    if (ig_csv_read(t, "models/nl/gemeenten.csv", &err) != INGROEI_OK)
        fail_msg("%s", err.message);
    int cy = ig_csv_column(t, "jaar", &err), cc = ig_csv_column(t, "gemeentecode", &err);
    assert_true(cy >= 0 && cc >= 0);
    size_t n = 0;
    for (size_t i = 0; i < t->n_rows; i++)
        if (atoi(t->rows[i][cy]) == year) {
            assert_true(n < max);
            codes[n++] = t->rows[i][cc];
        }
    qsort(codes, n, sizeof *codes, str_cmp);
    return n;
}

/* The shipped file: 342 gemeenten of 2025, each with a border, 350 rings (8 gemeenten
 * with islands), every ring closed and inside the box, the source named in its header. */
static void test_shipped_file(void **state)
{
    (void)state;
    ig_csv gem = {0};
    const char *codes[400];
    size_t n = codes_of(&gem, 2025, codes, 400);
    assert_int_equal(n, 342);
    ig_geometry g;
    ingroei_error err;
    if (ig_geometry_read(&g, "models/nl/gemeenten_geometrie_2025.csv", codes, n, &err) !=
        INGROEI_OK)
        fail_msg("%s:%d:%d: %s", err.file, err.line, err.column, err.message);
    assert_int_equal(g.n_rings, 350);
    assert_int_equal(g.n_points, 6458);
    bool seen[342] = {false};
    size_t distinct = 0, points = 0;
    for (size_t r = 0; r < g.n_rings; r++) {
        const ig_ring *ring = &g.rings[r];
        assert_true(ring->gemeente < n);
        distinct += !seen[ring->gemeente];
        seen[ring->gemeente] = true;
        assert_true(ring->n >= 4);
        size_t last = ring->first + ring->n - 1;
        assert_true(g.lon[ring->first] == g.lon[last] && g.lat[ring->first] == g.lat[last]);
        for (size_t p = ring->first; p <= last; p++)
            assert_true(g.lon[p] >= IG_NL_LON_MIN && g.lon[p] <= IG_NL_LON_MAX &&
                        g.lat[p] >= IG_NL_LAT_MIN && g.lat[p] <= IG_NL_LAT_MAX);
        points += ring->n;
    }
    assert_int_equal(distinct, 342);
    assert_int_equal(points, g.n_points);
    /* Texel (GM0448) has two polygons, its part 2 after its part 1 */
    size_t texel = 0;
    for (size_t r = 0; r < g.n_rings; r++)
        if (!strcmp(codes[g.rings[r].gemeente], "GM0448"))
            assert_int_equal(g.rings[r].part, (int)++texel);
    assert_int_equal(texel, 2);
    bool bron = false;
    for (size_t c = 0; c < g.csv.n_comments; c++)
        bron = bron || (strstr(g.csv.comments[c], "Bron: CBS / PDOK") &&
                        strstr(g.csv.comments[c], "CC BY 4.0") &&
                        strstr(g.csv.comments[c], "01e3b4cea860e7bb5dc3bddbfff72d3e4f4709e6"));
    assert_true(bron);
    ig_geometry_clear(&g);
    ig_csv_clear(&gem);
}

static const char *const two[] = {"GM0001", "GM0002"};

#define HEAD "# two squares\ngemeentecode,deel,ring,lon,lat\n"
#define SQ1 "GM0001,1,1,5,52\nGM0001,1,1,5.1,52\nGM0001,1,1,5.1,52.1\nGM0001,1,1,5,52\n"
#define SQ2 "GM0002,1,1,6,52\nGM0002,1,1,6.1,52\nGM0002,1,1,6.1,52.1\nGM0002,1,1,6,52\n"

/* Reads `text` as a geometry file for GM0001 and GM0002 and expects a refusal at
 * line:column with `words` in the message. */
static void refused(const char *name, const char *text, int line, int column, const char *words)
{
    const char *path = ts_write_in(tmp_dir, name, text, strlen(text));
    char *file = ts_strdup(path);
    ig_geometry g = {0};
    ingroei_error err;
    ingroei_status st = ig_geometry_read(&g, file, two, 2, &err);
    if (st == INGROEI_OK)
        fail_msg("%s was accepted", name);
    assert_int_equal(st, INGROEI_ERR_DATA);
    if (strcmp(err.file, file) || err.line != line || err.column != column ||
        !strstr(err.message, words))
        fail_msg("%s: got %s:%d:%d: %s; expected line %d column %d with '%s'", name, err.file,
                 err.line, err.column, err.message, line, column, words);
    assert_null(g.rings);
    free(file);
}

static void test_good_small_file(void **state)
{
    (void)state;
    const char *path = ts_write_in(tmp_dir, "good.csv", HEAD SQ1 SQ2, strlen(HEAD SQ1 SQ2));
    ig_geometry g;
    ingroei_error err;
    if (ig_geometry_read(&g, path, two, 2, &err) != INGROEI_OK)
        fail_msg("%s:%d: %s", err.file, err.line, err.message);
    assert_int_equal(g.n_rings, 2);
    assert_int_equal(g.rings[1].gemeente, 1);
    assert_int_equal(g.rings[1].first, 4);
    assert_int_equal(g.rings[1].n, 4);
    assert_true(g.lon[5] == 6.1);
    ig_geometry_clear(&g);
}

static void test_bad_files(void **state)
{
    (void)state;
    /* line 3 is the first row; the columns are bytes: lon starts at 12, lat at 14 */
    refused("unknown.csv", HEAD SQ1 SQ2 "GM0003,1,1,5,52\n", 11, 1,
            "unknown gemeentecode 'GM0003'");
    refused("missing.csv", HEAD SQ1, 0, 0, "no border for GM0002");
    refused("open.csv",
            HEAD SQ1 "GM0002,1,1,6,52\nGM0002,1,1,6.1,52\nGM0002,1,1,6.1,52.1\n"
                     "GM0002,1,1,6.05,52.2\n",
            10, 12, "GM0002 deel 1 ring 1 is not closed");
    refused("short.csv", HEAD SQ1 "GM0002,1,1,6,52\nGM0002,1,1,6,52\n", 8, 12,
            "is not closed");
    refused("north.csv", HEAD SQ1 "GM0002,1,1,6,52\nGM0002,1,1,6.1,55\n", 8, 16,
            "lat 55 is outside the Netherlands (expected 50.7 to 53.6 degrees)");
    refused("west.csv", HEAD "GM0001,1,1,2.9,52\n", 3, 12, "lon 2.9 is outside");
    refused("text.csv", HEAD "GM0001,1,1,5,noord\n", 3, 14, "lat 'noord' is not a number");
    refused("deel0.csv", HEAD "GM0001,0,1,5,52\n", 3, 8, "deel '0' is not a whole number");
    refused("deel2.csv", HEAD SQ1 "GM0001,3,1,5,52\n", 7, 8, "expected deel 2 ring 1");
    refused("ring.csv", HEAD SQ1 "GM0001,1,1,5.05,52.05\n", 7, 12, "is not closed");
    refused("hole.csv", HEAD SQ1 "GM0001,1,3,5,52\n", 7, 10, "expected deel 1 ring 2");
    refused("order.csv", HEAD SQ2 SQ1, 7, 1, "GM0001 follows GM0002");
    refused("again.csv", HEAD SQ1 SQ2 SQ1, 11, 1, "GM0001 follows GM0002");
    refused("column.csv", "gemeentecode,deel,ring,lon\nGM0001,1,1,5\n", 1, 0, "lat");
}

/* The size limits: a file over IG_MAX_GEOMETRY_BYTES (refused before it is read), more
 * than IG_MAX_GEOMETRY_POINTS points, more than IG_MAX_GEOMETRY_RINGS rings. */
static void test_limits(void **state)
{
    (void)state;
    char *big = ts_xprintf("%s/big.csv", tmp_dir);
    int fd = open(big, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)IG_MAX_GEOMETRY_BYTES + 1), 0);
    close(fd);
    ig_geometry g = {0};
    ingroei_error err;
    assert_int_equal(ig_geometry_read(&g, big, two, 2, &err), INGROEI_ERR_DATA);
    assert_non_null(strstr(err.message, "at most 16777216 bytes"));
    free(big);

    /* one ring of IG_MAX_GEOMETRY_POINTS + 1 points */
    ig_buf b = {0};
    ig_buf_puts(&b, "gemeentecode,deel,ring,lon,lat\n");
    for (unsigned i = 0; i <= IG_MAX_GEOMETRY_POINTS; i++)
        ig_buf_puts(&b, i % 2 ? "GM0001,1,1,5,52\n" : "GM0001,1,1,6,52\n");
    const char *path = ts_write_in(tmp_dir, "points.csv", b.data, b.len);
    assert_int_equal(ig_geometry_read(&g, path, two, 2, &err), INGROEI_ERR_DATA);
    assert_int_equal(err.line, (int)IG_MAX_GEOMETRY_POINTS + 2);
    assert_non_null(strstr(err.message, "at most 500000 points"));
    ig_buf_free(&b);

    /* IG_MAX_GEOMETRY_RINGS + 1 rings of 4 points: two gemeenten of many islands */
    ig_buf_puts(&b, "gemeentecode,deel,ring,lon,lat\n");
    unsigned half = IG_MAX_GEOMETRY_RINGS / 2 + 1;
    for (unsigned k = 0; k < 2; k++)
        for (unsigned d = 1; d <= half; d++)
            ig_buf_printf(&b,
                          "GM000%u,%u,1,5,52\nGM000%u,%u,1,5.1,52\nGM000%u,%u,1,5,52.1\n"
                          "GM000%u,%u,1,5,52\n",
                          k + 1, d, k + 1, d, k + 1, d, k + 1, d);
    path = ts_write_in(tmp_dir, "rings.csv", b.data, b.len);
    assert_int_equal(ig_geometry_read(&g, path, two, 2, &err), INGROEI_ERR_DATA);
    assert_int_equal(err.line, 2 + 4 * (int)IG_MAX_GEOMETRY_RINGS);
    assert_non_null(strstr(err.message, "at most 100000 rings"));
    ig_buf_free(&b);
    assert_null(g.rings);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_file),
        cmocka_unit_test(test_good_small_file),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, make_tmp, remove_tmp);
}
