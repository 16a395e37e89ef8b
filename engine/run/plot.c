/*
 * plot.c - the pictures of a run, drawn by gnuplot at run time: for each picture a
 * data file and a gnuplot script are written side by side (so anyone can re-draw it
 * with `gnuplot NAME.gp` in the output directory), then gnuplot makes PNG and SVG.
 * Every string that reaches a script is escaped: a gemeente name is data, not code.
 */
#include "run/run.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define N_RANKED IG_N_RANKED

/* The block that opens every script: one pass per output format. */
static void gp_begin(ig_buf *b, const char *base, int width, int height)
{
    ig_buf_puts(b, "# Re-draw with: gnuplot ");
    ig_buf_puts(b, base);
    ig_buf_puts(b, ".gp   (in the directory that holds this file)\n");
    ig_buf_puts(b, "set encoding utf8\n");
    ig_buf_printf(b,
                  "do for [fmt in 'png svg'] {\n"
                  "  if (fmt eq 'png') { set terminal pngcairo size %d,%d font 'Sans,10' "
                  "noenhanced } else { set terminal svg size %d,%d font 'Sans,10' noenhanced "
                  "dynamic background rgb 'white' }\n"
                  "  set output '%s.'.fmt\n",
                  width, height, width, height, base);
}

static void gp_end(ig_buf *b)
{
    ig_buf_puts(b, "  unset multiplot\n  set output\n}\n");
}

/* See run/run.h. */
ingroei_status ig_plot_extremes(const ingroei_run *r, size_t *pick, size_t *n)
{
    size_t *order = malloc((r->n_g ? r->n_g : 1) * sizeof *order);
    if (!order || ig_run_rank(r, r->n_y - 1, order) != INGROEI_OK) {
        free(order);
        return INGROEI_ERR_NOMEM;
    }
    size_t top = r->n_g < 2 * N_RANKED ? r->n_g / 2 : N_RANKED;
    *n = 0;
    for (size_t k = 0; k < top; k++)
        pick[(*n)++] = order[k];
    for (size_t k = 0; k < top; k++)
        pick[(*n)++] = order[r->n_g - 1 - k];
    free(order);
    return INGROEI_OK;
}

/* The first lines of every data file: what it holds, and that the key is illustrative
 * where it is. */
static void dat_header(ig_buf *dat, const ingroei_run *r, const char *what)
{
    const char *lines[][2] = {
        {"", what},
        {"scenario: ", r->sc->name},
        {"ILLUSTRATIVE objective key: ", r->obj.illustrative ? r->obj.notice : NULL},
        {"objective key: ", r->obj.own_key ? r->obj.name : NULL}, /* "own key: file (SHA-256 ..)" */
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        if (!lines[i][1])
            continue;
        ig_buf_puts(dat, "# ");
        ig_buf_puts(dat, lines[i][0]);
        /* one comment line each: a line break in the text must not end the comment */
        for (const char *c = lines[i][1]; *c; c++)
            ig_buf_putc(dat, (unsigned char)*c < 0x20 ? ' ' : *c);
        ig_buf_putc(dat, '\n');
    }
}

/* How far the year's allocation has come from the fully historical to the fully
 * objective one: 1 - sum |totaal - volledig_objectief| / sum |volledig_historisch -
 * volledig_objectief|. Without a cap and with one budget it is p_t; a cap that holds
 * gemeenten back keeps it below p_t. */
static double effective_share(const ingroei_run *r, size_t y)
{
    double off = 0.0, span = 0.0;
    for (size_t g = 0; g < r->n_g; g++) {
        size_t i = y * r->n_g + g;
        off += fabs((double)(r->out.total[i] - r->out.full_obj[i]));
        span += fabs((double)(r->out.full_hist[i] - r->out.full_obj[i]));
    }
    return span > 0.0 ? 1.0 - off / span : r->p[y];
}

/* An amount in euros as millions with one decimal comma ("28,6"), signed when `sign`. */
static void put_mln(ig_buf *b, int64_t euros, bool sign)
{
    if (sign && euros >= 0)
        ig_buf_putc(b, '+');
    ig_put_fixed(b, (double)euros / 1e6, 1, ',');
}

static ingroei_status build_national(ig_buf *dat, ig_buf *gp, const ingroei_run *r)
{
    size_t pick[2 * N_RANKED], n = 0;
    if (ig_plot_extremes(r, pick, &n) != INGROEI_OK)
        return INGROEI_ERR_NOMEM;
    size_t last = r->n_y - 1;
    int last_year = r->first_year + (int)last;
    bool capped = r->sc->cap.enabled, two_budgets = false;
    for (size_t y = 0; y < r->n_y; y++)
        two_budgets = two_budgets || r->budget_obj[y] != r->budget[y];
    dat_header(dat, r, "the national picture of ingroei: landelijk.gp draws it");
    ig_buf_puts(dat, "# block 0: jaar, aandeel_objectief (p_t), verdeeld budget (som van de "
                     "toekenningen, mln euro), gepubliceerd (1) or afgeleid by the scenario's "
                     "rule (0), aandeel objectief bereikt (1 - sum|totaal - volledig_objectief| "
                     "/ sum|volledig_historisch - volledig_objectief|), gemeenten op een cap, "
                     "budget (mln euro), budget objectief deel (mln euro)\n");
    for (size_t y = 0; y < r->n_y; y++) {
        ig_put_int(dat, r->first_year + (int)y);
        ig_buf_putc(dat, ' ');
        ig_put_fixed(dat, r->p[y], 6, '.');
        ig_buf_putc(dat, ' ');
        ig_put_fixed(dat, (double)r->out.sum_total[y] / 1e6, 3, '.');
        bool published = ig_run_budget_published(r, y) && r->budget_obj[y] == r->budget[y];
        ig_buf_puts(dat, published ? " 1 " : " 0 ");
        ig_put_fixed(dat, effective_share(r, y), 6, '.');
        ig_buf_printf(dat, " %zu ", capped ? r->cap.n_loss[y] + r->cap.n_gain[y] : 0);
        ig_put_fixed(dat, (double)r->budget[y] / 1e6, 3, '.');
        ig_buf_putc(dat, ' ');
        ig_put_fixed(dat, (double)r->budget_obj[y] / 1e6, 3, '.');
        ig_buf_putc(dat, '\n');
    }
    /* the bars, largest gain at the top, largest loss at the bottom */
    size_t top = n / 2;
    ig_buf_printf(dat, "\n\n# block 1: positie, verschil met volledig historisch per inwoner "
                       "(euro) in %d, op een cap (-1 verlies, 1 winst, 0 niet); the names are "
                       "the ytics of landelijk.gp; gemeentecodes:",
                  last_year);
    size_t pos[2 * N_RANKED];
    for (size_t k = 0; k < n; k++)
        pos[k] = k < top ? k : n - 1 - (k - top);
    for (size_t at = 0; at < n; at++)
        for (size_t k = 0; k < n; k++)
            if (pos[k] == at)
                ig_buf_printf(dat, " %s", r->code[pick[k]]);
    ig_buf_putc(dat, '\n');
    for (size_t at = 0; at < n; at++)
        for (size_t k = 0; k < n; k++) {
            if (pos[k] != at)
                continue;
            size_t i = last * r->n_g + pick[k];
            ig_buf_printf(dat, "%zu ", at);
            ig_put_fixed(dat, ig_run_gain_per_inhabitant(r, last, pick[k]), 2, '.');
            ig_buf_printf(dat, " %d\n", capped ? r->cap.flag[i] : 0);
        }

    /* the budget axis from zero, with room above the highest budget */
    double y2max = 0.0;
    for (size_t y = 0; y < r->n_y; y++) {
        double v = (double)(r->budget[y] > r->out.sum_total[y] ? r->budget[y]
                                                                : r->out.sum_total[y]);
        y2max = v / 1e6 > y2max ? v / 1e6 : y2max;
    }
    y2max = ceil(y2max * 1.25 / 100.0) * 100.0;
    gp_begin(gp, "landelijk", 1200, 1300);
    ig_buf_puts(gp, "  set multiplot title ");
    char *scn = ig_run_chart_scenario(r);
    ig_gp_title(gp, "Beschermd wonen: het landelijk beeld", scn ? scn : r->sc->name,
                r->obj.illustrative, 1200);
    free(scn);
    ig_buf_printf(gp, "\n  set origin 0,0.56\n  set size 1,0.38\n"
                      "  set grid\n  set key below maxrows 3\n  set xtics 1\n"
                      "  set xrange [%d.7:%d.3]\n"
                      "  set ylabel 'aandeel objectief (%%)'\n  set yrange [0:105]\n"
                      "  set y2label 'budget (mln euro)'\n  set y2range [0:%.0f]\n  set y2tics\n"
                      "  set ytics nomirror\n",
                  r->first_year - 1, last_year, y2max);
    ig_buf_puts(gp, "  set title 'Ingroeipad: aandeel objectief en het verdeelde budget per "
                    "jaar'\n"
                    "  plot 'landelijk.dat' index 0 using 1:($2*100) with linespoints lw 2 pt 7 "
                    "lc rgb '#1f3a93' title 'aandeel objectief volgens het pad (p_t)', \\\n");
    if (capped)
        ig_buf_puts(gp, "       '' index 0 using 1:($5*100) with linespoints lw 2 dt 2 pt 5 "
                        "lc rgb '#d35400' title 'aandeel objectief bereikt (met de cap)', \\\n"
                        "       '' index 0 using 1:($5*100):($6 > 0 ? sprintf('%d op cap', "
                        "int($6)) : '') with labels offset 0,-1.2 font ',8' tc rgb '#d35400' "
                        "notitle, \\\n");
    ig_buf_puts(gp, "       '' index 0 using 1:3 axes x1y2 with lines lw 2 lc rgb '#555555' "
                    "title 'verdeeld budget (som van de toekenningen)', \\\n"
                    "       '' index 0 using 1:($4 == 1 ? $3 : 1/0) axes x1y2 with points "
                    "pt 7 ps 1.3 lc rgb '#555555' title 'gepubliceerd budget', \\\n"
                    "       '' index 0 using 1:($4 == 0 ? $3 : 1/0) axes x1y2 with points "
                    "pt 6 ps 1.3 lc rgb '#555555' title 'afgeleid (regel van het scenario)'");
    if (two_budgets)
        ig_buf_puts(gp, ", \\\n       '' index 0 using 1:7 axes x1y2 with lines lw 1.5 dt 3 "
                        "lc rgb '#c0392b' title 'budget van het historische deel', \\\n"
                        "       '' index 0 using 1:8 axes x1y2 with lines lw 1.5 dt 3 "
                        "lc rgb '#27ae60' title 'budget van het objectieve deel'");
    ig_buf_puts(gp, "\n  unset y2label\n  unset y2tics\n  set ytics mirror\n  unset offsets\n"
                    "  set xrange [*:*]\n  set xtics autofreq\n  set origin 0,0\n"
                    "  set size 1,0.56\n"
                    "  set grid noytics xtics\n  set key below\n"
                    "  set xlabel 'verschil met volledig historisch (euro per inwoner)'\n"
                    "  unset ylabel\n");
    ig_buf_printf(gp, "  set yrange [%zu.5:-0.5]\n  set offsets graph 0.05, graph 0.05, 0, 0\n",
                  n ? n - 1 : 0);
    ig_buf_printf(gp, "  set title 'De %zu grootste winnaars en de %zu grootste verliezers "
                      "per inwoner in %d'\n",
                  top, top, last_year);
    ig_buf_puts(gp, "  set ytics (");
    for (size_t at = 0; at < n; at++)
        for (size_t k = 0; k < n; k++)
            if (pos[k] == at) {
                ig_buf_puts(gp, at ? ", " : "");
                ig_gp_quote(gp, r->name[pick[k]]);
                ig_buf_printf(gp, " %zu", at);
            }
    ig_buf_puts(gp, ")\n");
    /* each bar's value at its end, Dutch style, and the cap where it held the gemeente */
    for (size_t k = 0; k < n; k++) {
        size_t i = last * r->n_g + pick[k];
        double v = ig_run_gain_per_inhabitant(r, last, pick[k]);
        ig_buf_printf(gp, "  set label %zu ", k + 1);
        ig_buf t = {0};
        if (v >= 0)
            ig_buf_putc(&t, '+');
        ig_put_fixed(&t, v, 2, ',');
        if (capped && r->cap.flag[i])
            ig_buf_puts(&t, r->cap.flag[i] < 0 ? " (op de verliescap)" : " (op de wincap)");
        ig_gp_quote(gp, t.data ? t.data : "");
        ig_buf_free(&t);
        /* on the other side of the axis, where no bar is */
        ig_buf_printf(gp, " at first 0, first %zu %s offset %s,0 font ',9'\n", pos[k],
                      v < 0 ? "left" : "right", v < 0 ? "0.6" : "-0.6");
    }
    /* boxxyerror: x:y:xlow:xhigh:ylow:yhigh, a bar from 0 to the value */
    ig_buf_puts(gp, "  plot 'landelijk.dat' index 1 using ($2/2):1:($2 < 0 ? $2 : 0):"
                    "($2 < 0 ? 0 : $2):($1-0.38):($1+0.38):($3 != 0 ? 0xe67e22 : $2 < 0 ? "
                    "0xc0392b : 0x27ae60) with boxxyerror fs solid 0.85 lc rgb variable "
                    "notitle, \\\n"
                    "       keyentry with boxes fs solid 0.85 lc rgb '#27ae60' "
                    "title 'winst per inwoner', \\\n"
                    "       keyentry with boxes fs solid 0.85 lc rgb '#c0392b' "
                    "title 'verlies per inwoner'");
    if (capped)
        ig_buf_puts(gp, ", \\\n       keyentry with boxes fs solid 0.85 lc rgb '#e67e22' "
                        "title 'op een cap gehouden'");
    ig_buf_puts(gp, "\n  unset label\n");
    gp_end(gp);
    return INGROEI_OK;
}

static void build_gemeente(ig_buf *dat, ig_buf *gp, const ingroei_run *r, size_t g,
                           const char *base)
{
    bool capped = r->sc->cap.enabled;
    ig_buf t = {0};
    ig_buf_printf(&t, "the picture of %s (%s): %s.gp draws it", r->name[g], r->code[g], base);
    dat_header(dat, r, t.data ? t.data : "");
    ig_buf_free(&t);
    ig_buf_puts(dat, "# jaar historisch objectief totaal volledig_historisch "
                     "volledig_objectief totaal_zonder_cap (euro) cap_geraakt (-1 verlies, "
                     "1 winst, 0 niet)\n");
    size_t last_hit = SIZE_MAX;
    bool hit[2] = {false, false}; /* held at the loss cap, at the gain cap in some year */
    for (size_t y = 0; y < r->n_y; y++) {
        size_t i = y * r->n_g + g;
        int64_t uncapped = capped ? r->cap.uncapped[i] : r->out.total[i];
        int flag = capped ? r->cap.flag[i] : 0;
        if (flag)
            last_hit = y;
        hit[0] = hit[0] || flag < 0;
        hit[1] = hit[1] || flag > 0;
        ig_buf_printf(dat, "%d ", r->first_year + (int)y);
        int64_t cols[] = {r->out.historical[i], r->out.objective[i], r->out.total[i],
                          r->out.full_hist[i],  r->out.full_obj[i],  uncapped};
        for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
            ig_put_int(dat, cols[c]);
            ig_buf_putc(dat, ' ');
        }
        ig_buf_printf(dat, "%d\n", flag);
    }
    gp_begin(gp, base, 1000, 650);
    ig_buf_printf(&t, "%s (%s): beschermd wonen per jaar", r->name[g], r->code[g]);
    ig_buf_puts(gp, "  set title ");
    char *scn = ig_run_chart_scenario(r);
    ig_gp_title(gp, t.data ? t.data : "", scn ? scn : r->sc->name, r->obj.illustrative, 1000);
    free(scn);
    ig_buf_free(&t);
    if (last_hit != SIZE_MAX) {
        /* the year the cap last held the gemeente: what the cap added or took */
        size_t i = last_hit * r->n_g + g;
        ig_buf_puts(&t, r->cap.flag[i] < 0 ? "verliescap " : "wincap ");
        ig_buf_printf(&t, "%d: totaal ", r->first_year + (int)last_hit);
        put_mln(&t, r->out.total[i], false);
        ig_buf_puts(&t, " mln = historisch ");
        put_mln(&t, r->out.historical[i], false);
        ig_buf_puts(&t, " + objectief ");
        put_mln(&t, r->out.objective[i], false);
        ig_buf_puts(&t, " + effect van de cap ");
        put_mln(&t, r->out.total[i] - r->cap.uncapped[i], true);
        /* under the axis, where no curve is */
        ig_buf_puts(gp, "\n  set xlabel ");
        ig_gp_quote(gp, t.data ? t.data : "");
        ig_buf_free(&t);
        ig_buf_puts(gp, " tc rgb '#d35400'");
    }
    ig_buf_printf(gp,
                  "\n  set grid\n  set xtics 1\n  set key outside bottom center horizontal "
                  "maxrows 3\n  set xrange [%d.7:%d.3]\n"
                  "  set ylabel 'mln euro'\n  set yrange [0:*]\n"
                  "  plot '%s.dat' using 1:($4/1e6) with linespoints lw 3 pt 7 lc rgb '#1f3a93' "
                  "title 'totaal', \\\n"
                  "       '' using 1:($2/1e6) with linespoints lw 1.5 lc rgb '#c0392b' "
                  "title 'historisch deel', \\\n"
                  "       '' using 1:($3/1e6) with linespoints lw 1.5 lc rgb '#27ae60' "
                  "title 'objectief deel', \\\n"
                  "       '' using 1:($5/1e6) with lines lw 1.5 dt 2 lc rgb '#c0392b' "
                  "title 'volledig historisch', \\\n"
                  "       '' using 1:($6/1e6) with lines lw 1.5 dt 2 lc rgb '#27ae60' "
                  "title 'volledig objectief'",
                  r->first_year - 1, r->first_year + (int)r->n_y - 1, base);
    if (capped)
        ig_buf_puts(gp, ", \\\n"
                        "       '' using 1:($7/1e6):($4/1e6) with filledcurves fs transparent "
                        "solid 0.3 noborder lc rgb '#e67e22' title 'effect van de cap', \\\n"
                        "       '' using 1:($7/1e6) with lines lw 1.5 dt 4 lc rgb '#1f3a93' "
                        "title 'totaal zonder cap (historisch + objectief deel)'");
    if (hit[0])
        ig_buf_puts(gp, ", \\\n       '' using 1:($8 < 0 ? $4/1e6 : 1/0) with points pt 9 "
                        "ps 1.8 lc rgb '#d35400' title 'op de verliescap (totaal = de grens)'");
    if (hit[1])
        ig_buf_puts(gp, ", \\\n       '' using 1:($8 > 0 ? $4/1e6 : 1/0) with points pt 11 "
                        "ps 1.8 lc rgb '#d35400' title 'op de wincap (totaal = de grens)'");
    ig_buf_puts(gp, "\n");
    gp_end(gp);
}

/* ---- the map ------------------------------------------------------------------------ */

/* The code of 1 January IG_GEOMETRY_YEAR that gemeente `code` is part of: the code
 * itself, or the gemeente it merged into by then (following herindelingen). */
static const char *code_in_geometry_year(const ingroei_run *r, const char *code)
{
    char cutoff[16];
    snprintf(cutoff, sizeof cutoff, "%04d-01-01", IG_GEOMETRY_YEAR);
    for (int hops = 0; hops < 16; hops++) { /* a chain of herindelingen, never a loop */
        const ig_merge *next = NULL;
        for (size_t i = 0; i < r->n_merges && !next; i++)
            if (!strcmp(r->merges[i].old_code, code) && strcmp(r->merges[i].date, cutoff) <= 0)
                next = &r->merges[i];
        if (!next)
            return code;
        code = next->new_code;
    }
    return code;
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int double_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten that is >= x
 * (x > 0): the end of the colour scale. */
static double nice_ceil(double x)
{
    static const double steps[] = {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10};
    double p = pow(10.0, floor(log10(x)));
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (steps[i] * p >= x * (1 - 1e-12))
            return steps[i] * p;
    return 10 * p;
}

/* One value of the colour scale as a tic label, Dutch style: "+75", "-1,50". */
static void put_scale(ig_buf *b, double v, int decimals, const char *prefix)
{
    ig_buf_puts(b, prefix);
    if (v > 0)
        ig_buf_putc(b, '+');
    ig_put_fixed(b, v, decimals, ',');
}

ingroei_status ig_map_build(const ingroei_run *r, size_t y, ig_buf *dat, ig_buf *gp, bool *made,
                            char *note, size_t note_size, ingroei_error *err)
{
    *made = false;
    int year = r->first_year + (int)y;
    if (r->sc->boundaries > IG_GEOMETRY_YEAR) {
        snprintf(note, note_size,
                 "map skipped: the borders of %s are those of %d, the scenario's boundaries "
                 "are of %d (a later gemeente cannot be drawn with earlier borders)",
                 IG_GEOMETRY_FILE, IG_GEOMETRY_YEAR, r->sc->boundaries);
        return INGROEI_OK;
    }
    char *file = ig_path_join(r->sc->dataset, IG_GEOMETRY_FILE);
    if (!file)
        return ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
    struct stat sb;
    char ebuf[128];
    if (stat(file, &sb) != 0) {
        ingroei_status st = INGROEI_OK;
        if (errno == ENOENT)
            snprintf(note, note_size,
                     "map skipped: the dataset has no %s (the borders of the gemeenten); the "
                     "other pictures were drawn",
                     IG_GEOMETRY_FILE);
        else
            st = ig_fail(err, INGROEI_ERR_IO, file, 0, 0, "cannot read: %s",
                         ig_strerror(errno, ebuf, sizeof ebuf));
        free(file);
        return st;
    }
    /* the run's gemeenten on the borders' year: merged ones summed onto their gemeente */
    const char **on = calloc(r->n_g ? r->n_g : 1, sizeof *on);
    const char **codes = calloc(r->n_g ? r->n_g : 1, sizeof *codes);
    int64_t *diff = calloc(r->n_g ? r->n_g : 1, sizeof *diff);
    int64_t *inh = calloc(r->n_g ? r->n_g : 1, sizeof *inh);
    double *value = calloc(r->n_g ? r->n_g : 1, sizeof *value);
    double *mag = calloc(r->n_g ? r->n_g : 1, sizeof *mag);
    ig_geometry geo = {0};
    ingroei_status st = INGROEI_OK;
    if (!on || !codes || !diff || !inh || !value || !mag) {
        st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto done;
    }
    size_t n = 0;
    for (size_t g = 0; g < r->n_g; g++)
        codes[g] = on[g] = code_in_geometry_year(r, r->code[g]);
    qsort(codes, r->n_g, sizeof *codes, str_cmp);
    for (size_t g = 0; g < r->n_g; g++)
        if (!n || strcmp(codes[n - 1], codes[g]))
            codes[n++] = codes[g];
    st = ig_geometry_read(&geo, file, codes, n, err);
    if (st != INGROEI_OK)
        goto done;
    for (size_t g = 0; g < r->n_g; g++) {
        const char **at = bsearch(&on[g], codes, n, sizeof *codes, str_cmp);
        size_t k = (size_t)(at - codes);
        size_t i = y * r->n_g + g;
        diff[k] += r->out.total[i] - r->out.full_hist[i];
        inh[k] += r->inhabitants[i];
    }
    /* the same number as verschil_per_inwoner in allocations.csv (for a merged
     * gemeente: its parts' differences over their inhabitants) */
    double extreme = 0.0; /* the value farthest from 0, with its sign */
    for (size_t k = 0; k < n; k++) {
        value[k] = inh[k] > 0 ? (double)diff[k] / (double)inh[k] : 0.0;
        mag[k] = fabs(value[k]);
        if (mag[k] > fabs(extreme))
            extreme = value[k];
    }
    /* A scale symmetric around 0, to the 90th percentile of the sizes rounded up: the
     * few largest (the centrumgemeenten' losses) would otherwise leave every other
     * gemeente pale. Beyond it the colour stays that of the end, and the legend says so. */
    qsort(mag, n, sizeof *mag, double_cmp);
    double biggest = n ? mag[n - 1] : 0.0, p90 = n ? mag[(n * 9) / 10 < n ? (n * 9) / 10 : n - 1] : 0.0;
    double end = p90 > 0.0 ? nice_ceil(p90) : biggest > 0.0 ? nice_ceil(biggest) : 1.0;
    bool clipped = biggest > end;
    int decimals = end >= 10.0 ? 0 : 2;

    dat_header(dat, r, "the map of ingroei: kaart.gp draws it");
    ig_buf_printf(dat, "# %d: verschil met volledig historisch per inwoner (euro), per gemeente "
                       "of 1 January %d (gemeenten merged by then summed): "
                       "sum(totaal - volledig_historisch) / sum(inwoners)\n",
                  year, IG_GEOMETRY_YEAR);
    ig_buf_puts(dat, "# colour scale: symmetric, -");
    ig_put_number(dat, end);
    ig_buf_puts(dat, " to ");
    ig_put_number(dat, end);
    ig_buf_puts(dat, clipped ? " euro per inwoner (larger sizes drawn in the colour of the end)\n"
                             : " euro per inwoner\n");
    ig_buf_printf(dat, "# borders: %s, sha256 %s; its header:\n", IG_GEOMETRY_FILE,
                  geo.csv.sha256);
    for (size_t c = 0; c < geo.csv.n_comments; c++) {
        ig_buf_puts(dat, "#   ");
        for (const char *s = geo.csv.comments[c]; *s; s++)
            ig_buf_putc(dat, (unsigned char)*s < 0x20 ? ' ' : *s);
        ig_buf_putc(dat, '\n');
    }
    ig_buf_puts(dat, "# block 0: the outer border of each polygon, a comment line "
                     "'# gemeentecode deel waarde' then lon lat waarde per point, a blank line "
                     "between polygons\n");
    bool holes = false;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            if (!holes)
                break;
            ig_buf_puts(dat, "\n\n# block 1: holes in a polygon (drawn white), as block 0\n");
        }
        for (size_t k = 0; k < geo.n_rings; k++) {
            const ig_ring *ring = &geo.rings[k];
            if ((ring->ring > 1) != (pass == 1)) {
                holes = holes || ring->ring > 1;
                continue;
            }
            ig_buf printed = {0};
            ig_put_fixed(&printed, value[ring->gemeente], 2, '.');
            ig_buf_printf(dat, "# %s %d %s\n", codes[ring->gemeente], ring->part,
                          printed.data ? printed.data : "");
            for (size_t p = ring->first; p < ring->first + ring->n; p++) {
                ig_put_fixed(dat, geo.lon[p], 5, '.');
                ig_buf_putc(dat, ' ');
                ig_put_fixed(dat, geo.lat[p], 5, '.');
                ig_buf_putc(dat, ' ');
                ig_buf_puts(dat, printed.data ? printed.data : "");
                ig_buf_putc(dat, '\n');
            }
            ig_buf_putc(dat, '\n');
            ig_buf_free(&printed);
        }
    }

    gp_begin(gp, "kaart", 1000, 1150);
    ig_buf t = {0};
    ig_buf_printf(&t, "Beschermd wonen in %d: winst of verlies per inwoner tegenover een volledig "
                      "historische verdeling",
                  year);
    ig_buf_puts(gp, "  set title ");
    char *scn = ig_run_chart_scenario(r);
    ig_gp_title(gp, t.data ? t.data : "", scn ? scn : r->sc->name, r->obj.illustrative, 1000);
    free(scn);
    ig_buf_free(&t);
    /* equal distances: a degree of longitude is cos(52.2) of one of latitude here */
    ig_buf_puts(gp, "\n  k = cos(52.2*pi/180)\n"
                    "  set size ratio -1\n  unset xtics\n  unset ytics\n  unset border\n"
                    "  unset key\n  set lmargin 1\n  set rmargin 1\n"
                    "  set palette defined (-1 '#b2182b', -0.6 '#ef8a62', -0.2 '#fddbc7', "
                    "0 '#f7f7f7', 0.2 '#d1e5f0', 0.6 '#67a9cf', 1 '#2166ac')\n");
    ig_buf_puts(gp, "  set cbrange [-");
    ig_put_number(gp, end);
    ig_buf_puts(gp, ":");
    ig_put_number(gp, end);
    ig_buf_puts(gp, "]\n");
    /* the legend in the empty corner south-east of the map (Germany) */
    ig_buf_puts(gp, "  set colorbox vertical user origin graph 0.8, graph 0.05 size "
                    "graph 0.03, graph 0.3\n  set cbtics (");
    for (int s = -2; s <= 2; s++) {
        ig_buf l = {0};
        put_scale(&l, end * s / 2.0, decimals,
                  clipped && s == -2 ? "\u2264 " : clipped && s == 2 ? "\u2265 " : "");
        ig_gp_quote(gp, l.data ? l.data : "");
        ig_buf_free(&l);
        ig_buf_putc(gp, ' ');
        ig_put_number(gp, end * s / 2.0);
        ig_buf_puts(gp, s < 2 ? ", " : ")\n");
    }
    ig_buf_puts(gp, "  set cblabel 'euro per inwoner'\n  set bmargin 5\n  set label 1 ");
    ig_gp_quote(gp, "Rood: verlies, blauw: winst per inwoner tegenover een volledig historische "
                    "verdeling.");
    ig_buf_puts(gp, " at screen 0.02, screen 0.04 left font ',9'\n  set label 2 ");
    ig_buf_puts(&t, "Grenzen: CBS / PDOK (CC BY 4.0), via cartomap/nl.");
    if (clipped) {
        ig_buf_puts(&t, " Kleurschaal tot \u00b1");
        ig_put_fixed(&t, end, decimals, ',');
        ig_buf_puts(&t, extreme < 0 ? " euro; het grootste verlies is " :
                                      " euro; de grootste winst is ");
        ig_put_fixed(&t, fabs(extreme), 2, ',');
        ig_buf_puts(&t, " euro per inwoner.");
    }
    ig_gp_quote(gp, t.data ? t.data : "");
    ig_buf_free(&t);
    ig_buf_puts(gp, " at screen 0.02, screen 0.018 left font ',9'\n"
                    "  plot 'kaart.dat' index 0 using ($1*k):2:3 with filledcurves closed "
                    "fillcolor palette z fillstyle solid 1.0 noborder, \\\n");
    if (holes)
        ig_buf_puts(gp, "       '' index 1 using ($1*k):2 with filledcurves closed "
                        "fillcolor rgb 'white' fillstyle solid 1.0 noborder, \\\n"
                        "       '' index 1 using ($1*k):2 with lines lw 0.5 "
                        "lc rgb '#505050', \\\n");
    ig_buf_puts(gp, "       '' index 0 using ($1*k):2 with lines lw 0.5 lc rgb '#505050'\n"
                    "  unset label\n");
    gp_end(gp);
    *made = true;
done:
    ig_geometry_clear(&geo);
    free(on);
    free(codes);
    free(diff);
    free(inh);
    free(value);
    free(mag);
    free(file);
    return st;
}

ingroei_status ig_plots_write(const ingroei_run *r, const char *dir, size_t gemeente, size_t map_y,
                              const char *gnuplot, ingroei_output_report *report,
                              ingroei_error *err)
{
    char base[3][64];
    char map_note[sizeof report->note] = "";
    size_t n_pics = 0;
    ig_buf dat = {0}, gp = {0};
    ingroei_status st = INGROEI_OK;
    for (int pic = 0; pic < 3 && st == INGROEI_OK; pic++) {
        if (pic == 0) {
            snprintf(base[n_pics], sizeof base[0], "landelijk");
            if (build_national(&dat, &gp, r) != INGROEI_OK)
                dat.failed = true;
        } else if (pic == 1 && gemeente != SIZE_MAX) {
            snprintf(base[n_pics], sizeof base[0], "gemeente_%.40s", r->code[gemeente]);
            build_gemeente(&dat, &gp, r, gemeente, base[n_pics]);
        } else if (pic == 2) {
            /* the map of year index map_y; none (with a note) without the borders */
            bool made = false;
            st = ig_map_build(r, map_y, &dat, &gp, &made, map_note, sizeof map_note, err);
            if (st != INGROEI_OK || !made) {
                ig_buf_free(&dat);
                ig_buf_free(&gp);
                continue;
            }
            snprintf(base[n_pics], sizeof base[0], "kaart");
        } else {
            continue;
        }
        char name[80];
        snprintf(name, sizeof name, "%.60s.dat", base[n_pics]);
        st = ig_write_file(dir, name, &dat, report, err);
        snprintf(name, sizeof name, "%.60s.gp", base[n_pics]);
        if (st == INGROEI_OK)
            st = ig_write_file(dir, name, &gp, report, err);
        ig_buf_free(&dat);
        ig_buf_free(&gp);
        n_pics++;
    }
    if (st != INGROEI_OK)
        return st;
    if (map_note[0])
        snprintf(report->note, sizeof report->note, "%s", map_note);
    /* Pictures are a convenience: without a working gnuplot the tables, the data and
     * the scripts are still written, and the report says why there are no pictures. */
    char *prog = ig_gnuplot_find(gnuplot ? gnuplot : "gnuplot");
    if (!prog) {
        report->plots_skipped = 1;
        snprintf(report->note, sizeof report->note,
                 "pictures skipped: %s not found (the .dat and .gp files were written; "
                 "install gnuplot and run 'gnuplot NAME.gp' in the output directory)",
                 gnuplot ? gnuplot : "gnuplot");
        return INGROEI_OK;
    }
    /* gnuplot's failure leaves the pictures out; an I/O error of ours fails the run */
    size_t files_before = report->n_files;
    char ebuf[128];
    /* Two gnuplots run at once, then each is waited for in turn: one draws the map (the
     * heaviest picture: every gemeente's border, twice), the other the national picture
     * and the gemeente's one after it. A gnuplot's start costs about as much as a small
     * picture, so on two processors the gemeente's picture adds next to nothing to the
     * wall time; a third process would share the processors with the map. */
    ig_gnuplot_job jobs[2];
    const char *scripts[2][IG_GNUPLOT_MAX_SCRIPTS + 1] = {{NULL}};
    char script_names[3][80], msgs[2][300], names_of[2][3 * 82] = {"", ""};
    size_t n_in[2] = {0, 0}, job_of[3] = {0, 0, 0};
    int failed[2] = {0, 0};
    for (size_t k = 0; k < n_pics; k++) {
        snprintf(script_names[k], sizeof script_names[k], "%.60s.gp", base[k]);
        const size_t j = strcmp(base[k], "kaart") == 0;
        job_of[k] = j;
        scripts[j][n_in[j]++] = script_names[k];
        /* "landelijk.gp, gemeente_X.gp": fits, each name being below 80 */
        if (names_of[j][0])
            strcat(names_of[j], ", ");
        strcat(names_of[j], script_names[k]);
    }
    for (size_t j = 0; j < 2; j++)
        if (n_in[j])
            failed[j] = ig_gnuplot_start(prog, dir, scripts[j], &jobs[j], msgs[j], sizeof msgs[j]) != 0;
    for (size_t j = 0; j < 2; j++)
        if (n_in[j] && !failed[j])
            failed[j] = ig_gnuplot_finish(&jobs[j], msgs[j], sizeof msgs[j]) != 0;
    for (size_t k = 0; k < n_pics && !report->plots_skipped && st == INGROEI_OK; k++) {
        char name[80];
        const size_t j = job_of[k];
        if (failed[j]) {
            report->plots_skipped = 1;
            snprintf(report->note, sizeof report->note,
                     "pictures skipped: gnuplot failed on %.130s: %.299s (the .dat and .gp "
                     "files were written)",
                     names_of[j], msgs[j]);
        }
        for (int f = 0; f < 2 && !report->plots_skipped && st == INGROEI_OK; f++) {
            snprintf(name, sizeof name, "%.60s.%s", base[k], f ? "svg" : "png");
            char *p = ig_path_join(dir, name);
            struct stat sb;
            errno = 0;
            if (!p) {
                st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
            } else if (lstat(p, &sb) != 0 && errno != ENOENT) {
                st = ig_fail(err, INGROEI_ERR_IO, p, 0, 0, "cannot read the picture: %s",
                             ig_strerror(errno, ebuf, sizeof ebuf));
            } else if (errno == ENOENT || !S_ISREG(sb.st_mode) || sb.st_size == 0) {
                report->plots_skipped = 1;
                snprintf(report->note, sizeof report->note,
                         "pictures skipped: gnuplot did not write %s", name);
            } else if (report->n_files < INGROEI_MAX_OUTPUT_FILES) {
                snprintf(report->files[report->n_files++], sizeof report->files[0], "%.100s", name);
            } else {
                st = ig_fail(err, INGROEI_ERR_USAGE, name, 0, 0, "too many output files");
            }
            free(p);
        }
    }
    /* All pictures or none: a half set would mix this run's pictures with the last. */
    if (report->plots_skipped || st != INGROEI_OK)
        for (size_t i = files_before; i < report->n_files; i++) {
            char *p = ig_path_join(dir, report->files[i]);
            if (!p && st == INGROEI_OK)
                st = ig_fail(err, INGROEI_ERR_NOMEM, NULL, 0, 0, "out of memory");
            else if (p && unlink(p) != 0 && errno != ENOENT && st == INGROEI_OK)
                st = ig_fail(err, INGROEI_ERR_IO, p, 0, 0, "cannot remove: %s",
                             ig_strerror(errno, ebuf, sizeof ebuf));
            free(p);
        }
    if (report->plots_skipped || st != INGROEI_OK)
        report->n_files = files_before;
    free(prog);
    return st;
}
