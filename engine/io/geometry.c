/*
 * geometry.c - the borders of the gemeenten for the map (the dataset's
 * gemeenten_geometrie_2025.csv, made by tools/import): one CSV row per point,
 * `gemeentecode,deel,ring,lon,lat`, the rings of a gemeente one after the other. Read
 * strictly: every code one of the caller's, every caller's code with a border, rings
 * numbered in order and closed, every point inside the Netherlands, and limits on the
 * size. Errors name the file, the line and the column.
 */
#include "io/io.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void ig_geometry_clear(ig_geometry *g)
{
    if (!g)
        return;
    ig_csv_clear(&g->csv);
    free(g->rings);
    free(g->lon);
    free(g->lat);
    memset(g, 0, sizeof *g);
}

/* A whole number 1..IG_MAX_GEOMETRY_RINGS in cell c of row i. */
static ingroei_status whole(const ig_csv *t, size_t i, int c, const char *what, int *out,
                            ingroei_error *err)
{
    int64_t v;
    if (!ig_parse_int64(t->rows[i][c], &v) || v < 1 || v > (int64_t)IG_MAX_GEOMETRY_RINGS)
        return ig_fail(err, INGROEI_ERR_DATA, t->file, t->row_line[i], t->row_col[i][c],
                       "%s '%s' is not a whole number from 1 to %u", what, t->rows[i][c],
                       IG_MAX_GEOMETRY_RINGS);
    *out = (int)v;
    return INGROEI_OK;
}

/* The box's limits as written in io.h, for messages that do not depend on the locale. */
#define STR_(x) #x
#define STR(x)  STR_(x)

/* A coordinate in cell c of row i, within [lo, hi] degrees. */
static ingroei_status degrees(const ig_csv *t, size_t i, int c, const char *what, double lo,
                              double hi, const char *range, double *out, ingroei_error *err)
{
    double v;
    if (!ig_parse_double(t->rows[i][c], &v))
        return ig_fail(err, INGROEI_ERR_DATA, t->file, t->row_line[i], t->row_col[i][c],
                       "%s '%s' is not a number", what, t->rows[i][c]);
    if (!(v >= lo && v <= hi))
        return ig_fail(err, INGROEI_ERR_DATA, t->file, t->row_line[i], t->row_col[i][c],
                       "%s %s is outside the Netherlands (expected %s degrees)", what,
                       t->rows[i][c], range);
    *out = v;
    return INGROEI_OK;
}

/* Checks that the ring that starts at row `from` follows the one before in the file's
 * order (code ascending; parts 1, 2, ... of a gemeente; rings 1, 2, ... of a part). */
static ingroei_status ring_follows(const ig_csv *t, size_t from, int col[3], const ig_ring *prev,
                                   const char *prev_code, const ig_ring *cur,
                                   ingroei_error *err)
{
    const char *code = t->rows[from][col[0]];
    int line = t->row_line[from];
    int cmp = prev ? strcmp(prev_code, code) : -1;
    bool ok;
    int want_part = 1, want_ring = 1;
    if (prev && cmp == 0 && cur->part == prev->part) {
        want_part = prev->part;
        want_ring = prev->ring + 1;
    } else if (prev && cmp == 0) {
        want_part = prev->part + 1;
    }
    if (prev && cmp > 0)
        return ig_fail(err, INGROEI_ERR_DATA, t->file, line, t->row_col[from][col[0]],
                       "%s follows %s: the rows must be in order of gemeentecode, with the "
                       "rows of one gemeente together",
                       code, prev_code);
    ok = cur->part == want_part && cur->ring == want_ring;
    if (!ok)
        return ig_fail(err, INGROEI_ERR_DATA, t->file, line,
                       t->row_col[from][cur->part != want_part ? col[1] : col[2]],
                       "%s deel %d ring %d: expected deel %d ring %d here (parts and rings "
                       "are numbered 1, 2, ... in order, each ring's rows together)",
                       code, cur->part, cur->ring, want_part, want_ring);
    return INGROEI_OK;
}

ingroei_status ig_geometry_read(ig_geometry *out, const char *file, const char *const *codes,
                                size_t n_codes, ingroei_error *err)
{
    ig_geometry g = {0};
    char ebuf[128];
    struct stat sb;
    if (stat(file, &sb) != 0)
        return ig_fail(err, INGROEI_ERR_IO, file, 0, 0, "cannot read: %s",
                       ig_strerror(errno, ebuf, sizeof ebuf));
    if (S_ISREG(sb.st_mode) && (uintmax_t)sb.st_size > IG_MAX_GEOMETRY_BYTES)
        return ig_fail(err, INGROEI_ERR_DATA, file, 0, 0,
                       "a geometry file may have at most %u bytes (this one has %ju)",
                       IG_MAX_GEOMETRY_BYTES, (uintmax_t)sb.st_size);
    ingroei_status st = ig_csv_read(&g.csv, file, err);
    if (st != INGROEI_OK)
        return st;
    const ig_csv *t = &g.csv;
    static const char *const names[5] = {"gemeentecode", "deel", "ring", "lon", "lat"};
    int col[5];
    for (int c = 0; c < 5; c++)
        if ((col[c] = ig_csv_column(t, names[c], err)) < 0) {
            ig_geometry_clear(&g);
            return INGROEI_ERR_DATA;
        }
    if (t->n_rows > IG_MAX_GEOMETRY_POINTS) {
        st = ig_fail(err, INGROEI_ERR_DATA, file, t->row_line[IG_MAX_GEOMETRY_POINTS], 0,
                     "a geometry file may have at most %u points", IG_MAX_GEOMETRY_POINTS);
        goto done;
    }
    bool *has = calloc(n_codes ? n_codes : 1, sizeof *has);
    g.lon = malloc((t->n_rows ? t->n_rows : 1) * sizeof *g.lon);
    g.lat = malloc((t->n_rows ? t->n_rows : 1) * sizeof *g.lat);
    size_t cap = 0;
    if (!has || !g.lon || !g.lat) {
        free(has);
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < t->n_rows && st == INGROEI_OK;) {
        /* one ring: the rows from i on with the same code, part and ring */
        ig_ring cur = {0};
        const char *code = t->rows[i][col[0]];
        long k = ig_find_sorted(codes, n_codes, code);
        if (k < 0) {
            st = ig_fail(err, INGROEI_ERR_DATA, file, t->row_line[i], t->row_col[i][col[0]],
                         "unknown gemeentecode '%s' (not one of the %zu gemeenten the map is "
                         "drawn for)",
                         code, n_codes);
            break;
        }
        if ((st = whole(t, i, col[1], "deel", &cur.part, err)) != INGROEI_OK ||
            (st = whole(t, i, col[2], "ring", &cur.ring, err)) != INGROEI_OK)
            break;
        const ig_ring *prev = g.n_rings ? &g.rings[g.n_rings - 1] : NULL;
        st = ring_follows(t, i, col, prev, prev ? codes[prev->gemeente] : NULL, &cur, err);
        if (st != INGROEI_OK)
            break;
        if (g.n_rings >= IG_MAX_GEOMETRY_RINGS) {
            st = ig_fail(err, INGROEI_ERR_DATA, file, t->row_line[i], 0,
                         "a geometry file may have at most %u rings", IG_MAX_GEOMETRY_RINGS);
            break;
        }
        if (g.n_rings == cap) {
            size_t ncap = cap ? 2 * cap : 256;
            ig_ring *nr = realloc(g.rings, ncap * sizeof *nr);
            if (!nr) {
                st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
                break;
            }
            g.rings = nr;
            cap = ncap;
        }
        cur.gemeente = (size_t)k;
        cur.first = i;
        size_t j = i;
        for (; j < t->n_rows && st == INGROEI_OK; j++) {
            char **f = t->rows[j];
            int part, ring;
            if (j > i) {
                if (strcmp(f[col[0]], code) != 0)
                    break;
                if ((st = whole(t, j, col[1], "deel", &part, err)) != INGROEI_OK ||
                    (st = whole(t, j, col[2], "ring", &ring, err)) != INGROEI_OK)
                    break;
                if (part != cur.part || ring != cur.ring)
                    break;
            }
            if ((st = degrees(t, j, col[3], "lon", IG_NL_LON_MIN, IG_NL_LON_MAX,
                              STR(IG_NL_LON_MIN) " to " STR(IG_NL_LON_MAX), &g.lon[j], err)) !=
                    INGROEI_OK ||
                (st = degrees(t, j, col[4], "lat", IG_NL_LAT_MIN, IG_NL_LAT_MAX,
                              STR(IG_NL_LAT_MIN) " to " STR(IG_NL_LAT_MAX), &g.lat[j], err)) !=
                    INGROEI_OK)
                break;
        }
        if (st != INGROEI_OK)
            break;
        cur.n = j - i;
        if (cur.n < 4 || g.lon[i] != g.lon[j - 1] || g.lat[i] != g.lat[j - 1]) {
            st = ig_fail(err, INGROEI_ERR_DATA, file, t->row_line[j - 1],
                         t->row_col[j - 1][col[3]], "%s deel %d ring %d is not closed: its %zu points (lines %d-%d) must "
                         "end where they start (%s,%s), with at least 4 points",
                         code, cur.part, cur.ring, cur.n, t->row_line[i], t->row_line[j - 1],
                         t->rows[i][col[3]], t->rows[i][col[4]]);
            break;
        }
        has[k] = true;
        g.rings[g.n_rings++] = cur;
        i = j;
    }
    for (size_t k = 0; k < n_codes && st == INGROEI_OK; k++)
        if (!has[k])
            st = ig_fail(err, INGROEI_ERR_DATA, file, 0, 0,
                         "no border for %s (every gemeente the map is drawn for needs one)",
                         codes[k]);
    free(has);
    g.n_points = t->n_rows;
done:
    if (st != INGROEI_OK) {
        ig_geometry_clear(&g);
        return st;
    }
    *out = g;
    return INGROEI_OK;
}
