/*
 * plot.c - the pictures of a run, drawn by gnuplot at run time: for each picture a
 * data file and a gnuplot script are written side by side (so anyone can re-draw it
 * with `gnuplot NAME.gp` in the output directory), then gnuplot makes PNG and SVG.
 * Every string that reaches a script is escaped: a gemeente name is data, not code.
 */
#include "run/run.h"

#include <errno.h>
#include <fcntl.h>
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

static const char *illustrative_note(const ingroei_run *r)
{
    return r->obj.illustrative ? " - objectieve sleutel ILLUSTRATIEF" : "";
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

static ingroei_status build_national(ig_buf *dat, ig_buf *gp, const ingroei_run *r)
{
    size_t pick[2 * N_RANKED], n = 0;
    if (ig_plot_extremes(r, pick, &n) != INGROEI_OK)
        return INGROEI_ERR_NOMEM;
    dat_header(dat, r, "the national picture of ingroei: landelijk.gp draws it");
    ig_buf_puts(dat, "# block 0: jaar, aandeel_objectief (p_t), budget (mln euro), budget "
                     "published (1) or derived by the scenario's rule (0)\n");
    for (size_t y = 0; y < r->n_y; y++) {
        ig_put_int(dat, r->first_year + (int)y);
        ig_buf_putc(dat, ' ');
        ig_put_fixed(dat, r->p[y], 6, '.');
        ig_buf_putc(dat, ' ');
        ig_put_fixed(dat, (double)r->budget[y] / 1e6, 3, '.');
        ig_buf_puts(dat, ig_run_budget_published(r, y) ? " 1\n" : " 0\n");
    }
    ig_buf_puts(dat, "\n\n# block 1: jaar, then verschil per inwoner (euro) of:");
    for (size_t k = 0; k < n; k++)
        ig_buf_printf(dat, " %s", r->code[pick[k]]);
    ig_buf_putc(dat, '\n');
    for (size_t y = 0; y < r->n_y; y++) {
        ig_put_int(dat, r->first_year + (int)y);
        for (size_t k = 0; k < n; k++) {
            ig_buf_putc(dat, ' ');
            ig_put_fixed(dat, ig_run_gain_per_inhabitant(r, y, pick[k]), 2, '.');
        }
        ig_buf_putc(dat, '\n');
    }

    gp_begin(gp, "landelijk", 1200, 1000);
    ig_buf_puts(gp, "  set multiplot layout 2,1 title ");
    ig_buf t = {0};
    ig_buf_printf(&t, "Beschermd wonen: %s%s", r->sc->name, illustrative_note(r));
    ig_gp_quote(gp, t.data ? t.data : "");
    ig_buf_free(&t);
    ig_buf_puts(gp, "\n"
                    "  set grid\n  set key bottom right\n  set xtics 1\n"
                    "  set ylabel 'aandeel objectief (%)'\n  set yrange [0:105]\n"
                    "  set y2label 'budget (mln euro)'\n  set y2tics\n  set ytics nomirror\n"
                    "  set title 'Ingroeipad: objectief verdeeld deel van het budget'\n"
                    "  plot 'landelijk.dat' index 0 using 1:($2*100) with linespoints lw 2 "
                    "title 'aandeel objectief (p_t)', \\\n"
                    "       '' index 0 using 1:3 axes x1y2 with steps dt 2 lc rgb '#555555' "
                    "title 'budget', \\\n"
                    "       '' index 0 using 1:($4 == 1 ? $3 : 1/0) axes x1y2 with points pt 7 "
                    "lc rgb '#555555' title 'budget gepubliceerd', \\\n"
                    "       '' index 0 using 1:($4 == 0 ? $3 : 1/0) axes x1y2 with points pt 6 "
                    "lc rgb '#555555' title 'budget afgeleid (regel van het scenario)'\n"
                    "  unset y2label\n  unset y2tics\n  set ytics mirror\n  set yrange [*:*]\n"
                    "  set key outside right top\n"
                    "  set ylabel 'verschil met historisch (euro per inwoner)'\n");
    ig_buf_printf(gp,
                  "  set title 'De %d grootste winnaars (doorgetrokken) en verliezers "
                  "(gestreept) per inwoner in %d'\n",
                  N_RANKED, r->first_year + (int)r->n_y - 1);
    ig_buf_puts(gp, "  plot ");
    for (size_t k = 0; k < n; k++) {
        ig_buf_printf(gp, "%s'landelijk.dat' index 1 using 1:%zu with lines lw 1.5 dt %d title ",
                      k ? ", \\\n       " : "", k + 2, k < n / 2 ? 1 : 2);
        ig_gp_quote(gp, r->name[pick[k]]);
    }
    ig_buf_puts(gp, "\n");
    gp_end(gp);
    return INGROEI_OK;
}

static void build_gemeente(ig_buf *dat, ig_buf *gp, const ingroei_run *r, size_t g,
                           const char *base)
{
    ig_buf t = {0};
    ig_buf_printf(&t, "the picture of %s (%s): %s.gp draws it", r->name[g], r->code[g], base);
    dat_header(dat, r, t.data ? t.data : "");
    ig_buf_free(&t);
    ig_buf_puts(dat, "# jaar historisch objectief totaal volledig_historisch "
                     "volledig_objectief (euro)\n");
    for (size_t y = 0; y < r->n_y; y++) {
        size_t i = y * r->n_g + g;
        ig_buf_printf(dat, "%d ", r->first_year + (int)y);
        ig_put_int(dat, r->out.historical[i]);
        ig_buf_putc(dat, ' ');
        ig_put_int(dat, r->out.objective[i]);
        ig_buf_putc(dat, ' ');
        ig_put_int(dat, r->out.total[i]);
        ig_buf_putc(dat, ' ');
        ig_put_int(dat, r->out.full_hist[i]);
        ig_buf_putc(dat, ' ');
        ig_put_int(dat, r->out.full_obj[i]);
        ig_buf_putc(dat, '\n');
    }
    gp_begin(gp, base, 1000, 600);
    ig_buf_printf(&t, "%s (%s): beschermd wonen per jaar - %s%s", r->name[g], r->code[g],
                  r->sc->name, illustrative_note(r));
    ig_buf_puts(gp, "  set title ");
    ig_gp_quote(gp, t.data ? t.data : "");
    ig_buf_free(&t);
    ig_buf_printf(gp,
                  "\n  set grid\n  set xtics 1\n  set key outside bottom center horizontal\n"
                  "  set ylabel 'mln euro'\n  set yrange [0:*]\n"
                  "  plot '%s.dat' using 1:($4/1e6) with linespoints lw 3 lc rgb '#1f3a93' "
                  "title 'totaal', \\\n"
                  "       '' using 1:($2/1e6) with linespoints lw 1.5 lc rgb '#c0392b' "
                  "title 'historisch deel', \\\n"
                  "       '' using 1:($3/1e6) with linespoints lw 1.5 lc rgb '#27ae60' "
                  "title 'objectief deel', \\\n"
                  "       '' using 1:($5/1e6) with lines lw 1.5 dt 2 lc rgb '#c0392b' "
                  "title 'volledig historisch', \\\n"
                  "       '' using 1:($6/1e6) with lines lw 1.5 dt 2 lc rgb '#27ae60' "
                  "title 'volledig objectief'\n",
                  base);
    gp_end(gp);
}

ingroei_status ig_plots_write(const ingroei_run *r, const char *dir, size_t gemeente,
                              const char *gnuplot, ingroei_output_report *report,
                              ingroei_error *err)
{
    char base[2][64];
    size_t n_pics = 0;
    ig_buf dat = {0}, gp = {0};
    ingroei_status st = INGROEI_OK;
    for (int pic = 0; pic < 2 && st == INGROEI_OK; pic++) {
        if (pic == 0) {
            snprintf(base[n_pics], sizeof base[0], "landelijk");
            if (build_national(&dat, &gp, r) != INGROEI_OK)
                dat.failed = true;
        } else if (gemeente != SIZE_MAX) {
            snprintf(base[n_pics], sizeof base[0], "gemeente_%.40s", r->code[gemeente]);
            build_gemeente(&dat, &gp, r, gemeente, base[n_pics]);
        } else {
            break;
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
    /* the gnuplots run at once (one per picture), then each is waited for in turn */
    ig_gnuplot_job jobs[2];
    char msgs[2][300];
    int failed[2] = {0, 0};
    for (size_t k = 0; k < n_pics; k++) {
        char name[80];
        snprintf(name, sizeof name, "%.60s.gp", base[k]);
        failed[k] = ig_gnuplot_start(prog, dir, name, &jobs[k], msgs[k], sizeof msgs[k]) != 0;
    }
    for (size_t k = 0; k < n_pics; k++)
        if (!failed[k])
            failed[k] = ig_gnuplot_finish(&jobs[k], msgs[k], sizeof msgs[k]) != 0;
    for (size_t k = 0; k < n_pics && !report->plots_skipped && st == INGROEI_OK; k++) {
        char name[80];
        snprintf(name, sizeof name, "%.60s.gp", base[k]);
        if (failed[k]) {
            report->plots_skipped = 1;
            snprintf(report->note, sizeof report->note,
                     "pictures skipped: gnuplot failed on %s: %.299s (the .dat and .gp files "
                     "were written)",
                     name, msgs[k]);
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
