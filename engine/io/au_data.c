/*
 * au_data.c - reads the volumes and weights an au-model names into exact decimals: a
 * weights file (code, omschrijving, one column per cluster, totaal, volume_kolom) and a
 * volumes file (gemeentecode, gemeentenaam, one column per volume). Every weight row
 * multiplies the volume column its volume_kolom names, so that a source that calls the
 * vast bedrag's volume "vast nieuw" is mapped in the data, not by a rule in the code.
 */
#include "io/io.h"

#include <stdlib.h>
#include <string.h>

void ig_au_data_clear(ig_au_data *d)
{
    for (size_t g = 0; g < d->n_g && d->codes; g++) {
        free(d->codes[g]);
        if (d->names)
            free(d->names[g]);
    }
    for (size_t m = 0; m < d->n_m && d->maatstaven; m++)
        free(d->maatstaven[m]);
    for (size_t m = 0; m < d->n_m && d->descriptions; m++)
        free(d->descriptions[m]);
    free(d->descriptions);
    for (size_t c = 0; c < d->n_c && d->clusters; c++)
        free(d->clusters[c]);
    free(d->codes);
    free(d->names);
    free(d->maatstaven);
    free(d->clusters);
    free(d->units);
    free(d->weight);
    free(d->cluster_weight);
    free(d->scaled);
    memset(d, 0, sizeof *d);
}

/* Parses one cell as an exact decimal or fails naming file, line and column. */
static ingroei_status cell_dec(const ig_csv *t, size_t row, size_t col, ig_dec *out,
                               ingroei_error *err)
{
    if (ig_dec_parse(t->rows[row][col], out))
        return INGROEI_OK;
    return ig_fail(err, INGROEI_ERR_DATA, t->file, t->row_line[row], 0,
                   "column %s: expected a number in plain decimals (at most %d decimals), got "
                   "'%s'",
                   t->header[col], IG_DEC_MAX_SCALE, t->rows[row][col]);
}

static ingroei_status load_weights(ig_au_data *d, const ig_au_model *m, const ig_csv *w,
                                   const ig_csv *v, int *vol_col, ingroei_error *err)
{
    const int c_code = ig_csv_column(w, "code", err);
    const int c_desc = c_code < 0 ? -1 : ig_csv_column(w, "omschrijving", err);
    const int c_tot = c_desc < 0 ? -1 : ig_csv_column(w, "totaal", err);
    const int c_vol = c_tot < 0 ? -1 : ig_csv_column(w, "volume_kolom", err);
    if (c_vol < 0)
        return INGROEI_ERR_DATA;
    if (c_tot <= c_desc)
        return ig_fail(err, INGROEI_ERR_DATA, w->file, w->header_line, 0,
                       "the cluster columns must stand between omschrijving and totaal");
    d->n_m = w->n_rows;
    d->n_c = (size_t)(c_tot - c_desc - 1);
    if (d->n_m == 0)
        return ig_fail(err, INGROEI_ERR_DATA, w->file, w->header_line, 0, "no maatstaven");
    d->maatstaven = calloc(d->n_m, sizeof *d->maatstaven);
    d->descriptions = calloc(d->n_m, sizeof *d->descriptions);
    d->clusters = calloc(d->n_c ? d->n_c : 1, sizeof *d->clusters);
    d->weight = calloc(d->n_m, sizeof *d->weight);
    d->cluster_weight = calloc(d->n_c * d->n_m + 1, sizeof *d->cluster_weight);
    d->scaled = calloc(d->n_m, sizeof *d->scaled);
    if (!d->maatstaven || !d->descriptions || !d->clusters || !d->weight || !d->cluster_weight ||
        !d->scaled)
        return ig_fail(err, INGROEI_ERR_NOMEM, w->file, 0, 0, "out of memory");
    for (size_t c = 0; c < d->n_c; c++)
        if (!(d->clusters[c] = ig_strdup(w->header[(size_t)c_desc + 1 + c])))
            return ig_fail(err, INGROEI_ERR_NOMEM, w->file, 0, 0, "out of memory");
    for (size_t r = 0; r < w->n_rows; r++) {
        const char *code = w->rows[r][c_code];
        for (size_t j = 0; j < r; j++)
            if (strcmp(d->maatstaven[j], code) == 0)
                return ig_fail(err, INGROEI_ERR_DATA, w->file, w->row_line[r], 0,
                               "maatstaf %s is listed twice (also on line %d)", code,
                               w->row_line[j]);
        if (!(d->maatstaven[r] = ig_strdup(code)) ||
            !(d->descriptions[r] = ig_strdup(w->rows[r][c_desc])))
            return ig_fail(err, INGROEI_ERR_NOMEM, w->file, 0, 0, "out of memory");
        ingroei_status st = cell_dec(w, r, (size_t)c_tot, &d->weight[r], err);
        for (size_t c = 0; c < d->n_c && st == INGROEI_OK; c++)
            st = cell_dec(w, r, (size_t)c_desc + 1 + c, &d->cluster_weight[c * d->n_m + r], err);
        if (st != INGROEI_OK)
            return st;
        const char *vk = w->rows[r][c_vol];
        vol_col[r] = -1;
        for (size_t k = 2; k < v->n_cols; k++)
            if (strcmp(v->header[k], vk) == 0)
                vol_col[r] = (int)k;
        if (vol_col[r] < 0)
            return ig_fail(err, INGROEI_ERR_DATA, w->file, w->row_line[r], 0,
                           "maatstaf %s: volume_kolom '%s' is not a column of %s", code, vk,
                           v->file);
        for (size_t j = 0; j < r; j++)
            if (vol_col[j] == vol_col[r])
                return ig_fail(err, INGROEI_ERR_DATA, w->file, w->row_line[r], 0,
                               "maatstaf %s: volume column '%s' is already used by %s", code, vk,
                               d->maatstaven[j]);
        d->scaled[r] = true;
        for (size_t u = 0; u < m->n_unscaled; u++)
            if (strcmp(m->unscaled[u], code) == 0)
                d->scaled[r] = false;
    }
    for (size_t u = 0; u < m->n_unscaled; u++) {
        bool found = false;
        for (size_t r = 0; r < d->n_m; r++)
            found = found || strcmp(m->unscaled[u], d->maatstaven[r]) == 0;
        if (!found)
            return ig_fail(err, INGROEI_ERR_DATA, m->file, 0, 0,
                           "unscaled_maatstaven: %s is not a maatstaf of %s", m->unscaled[u],
                           w->file);
    }
    return INGROEI_OK;
}

static ingroei_status load_volumes(ig_au_data *d, const ig_csv *v, const int *vol_col,
                                   ingroei_error *err)
{
    if (v->n_cols < 2 || strcmp(v->header[0], "gemeentecode") != 0 ||
        strcmp(v->header[1], "gemeentenaam") != 0)
        return ig_fail(err, INGROEI_ERR_DATA, v->file, v->header_line, 0,
                       "expected the columns gemeentecode, gemeentenaam and then the volumes");
    for (size_t k = 2; k < v->n_cols; k++) {
        bool used = false;
        for (size_t r = 0; r < d->n_m; r++)
            used = used || vol_col[r] == (int)k;
        if (!used)
            return ig_fail(err, INGROEI_ERR_DATA, v->file, v->header_line, 0,
                           "volume column '%s' is not the volume_kolom of any weight",
                           v->header[k]);
    }
    if (v->n_rows == 0)
        return ig_fail(err, INGROEI_ERR_DATA, v->file, v->header_line, 0, "no gemeenten");
    d->n_g = v->n_rows;
    d->codes = calloc(d->n_g ? d->n_g : 1, sizeof *d->codes);
    d->names = calloc(d->n_g ? d->n_g : 1, sizeof *d->names);
    d->units = calloc(d->n_m * d->n_g + 1, sizeof *d->units);
    if (!d->codes || !d->names || !d->units)
        return ig_fail(err, INGROEI_ERR_NOMEM, v->file, 0, 0, "out of memory");
    for (size_t g = 0; g < d->n_g; g++) {
        for (size_t j = 0; j < g; j++)
            if (strcmp(v->rows[j][0], v->rows[g][0]) == 0)
                return ig_fail(err, INGROEI_ERR_DATA, v->file, v->row_line[g], 0,
                               "gemeente %s is listed twice (also on line %d)", v->rows[g][0],
                               v->row_line[j]);
        d->codes[g] = ig_strdup(v->rows[g][0]);
        d->names[g] = ig_strdup(v->rows[g][1]);
        if (!d->codes[g] || !d->names[g])
            return ig_fail(err, INGROEI_ERR_NOMEM, v->file, 0, 0, "out of memory");
        for (size_t r = 0; r < d->n_m; r++) {
            ingroei_status st = cell_dec(v, g, (size_t)vol_col[r], &d->units[r * d->n_g + g], err);
            if (st != INGROEI_OK)
                return st;
        }
    }
    return INGROEI_OK;
}

ingroei_status ig_au_data_load(ig_au_data *out, const ig_au_model *m, ingroei_error *err)
{
    memset(out, 0, sizeof *out);
    ig_csv w = {0}, v = {0};
    ig_au_data d = {0};
    int *vol_col = NULL;
    ingroei_status st = ig_csv_read(&w, m->weights, err);
    if (st == INGROEI_OK)
        st = ig_csv_read(&v, m->volumes, err);
    if (st == INGROEI_OK && !(vol_col = calloc(w.n_rows + 1, sizeof *vol_col)))
        st = ig_fail(err, INGROEI_ERR_NOMEM, m->file, 0, 0, "out of memory");
    if (st == INGROEI_OK)
        st = load_weights(&d, m, &w, &v, vol_col, err);
    if (st == INGROEI_OK)
        st = load_volumes(&d, &v, vol_col, err);
    free(vol_col);
    if (st == INGROEI_OK) {
        memcpy(d.weights_sha256, w.sha256, sizeof d.weights_sha256);
        memcpy(d.volumes_sha256, v.sha256, sizeof d.volumes_sha256);
    }
    ig_csv_clear(&w);
    ig_csv_clear(&v);
    if (st == INGROEI_OK)
        *out = d;
    else
        ig_au_data_clear(&d);
    return st;
}
