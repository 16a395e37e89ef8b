/*
 * fuzz_model.c - fuzzes the model readers (io/model.c): the input, with every "@REPO@"
 * replaced by the repository root, is written as `model.yaml` into this process's
 * temporary directory and loaded as a historical key (ig_hist_model_load), as an
 * objective key (ig_obj_model_load) and as an au-model (ig_au_model_load, then its data
 * with ig_au_data_load and every line computed); whatever loads is checked and cleared. A file
 * the model names resolves inside the temporary directory unless it is absolute, so
 * the seeds name the real dataset as @REPO@/models/nl/... (the loaders only check that
 * those files are there; their contents are read by a run, see fuzz_scenario.c). See
 * fuzz_common.h for how this builds and runs.
 */
#include "fuzz_common.h"

#include <math.h>

static char *model_file;

static void check_hist(const ig_hist_model *m)
{
    if (!m->file || !m->name || !m->data || !m->circulaire || !m->regeling || !m->source)
        fz_fail("a historical key was loaded without one of its texts");
    if (m->uitkeringsjaar < 1990 || m->uitkeringsjaar > 2100)
        fz_fail("uitkeringsjaar %d", m->uitkeringsjaar);
    if (!m->centres != !m->centres_column)
        fz_fail("centres without its column, or the other way round");
    if (strlen(m->sha256) != 64)
        fz_fail("the historical key has no SHA-256");
}

static void check_obj(const ig_obj_model *m)
{
    if (!m->file || !m->name || !m->volumes || !m->volumes_source)
        fz_fail("an objective key was loaded without one of its texts");
    if (m->illustrative && !m->notice)
        fz_fail("an illustrative key without a notice");
    if (m->n_maatstaven == 0 || !m->maatstaven)
        fz_fail("an objective key without maatstaven");
    for (size_t i = 0; i < m->n_maatstaven; i++) {
        const ig_maatstaf *a = &m->maatstaven[i];
        if (!a->code || !a->code[0] || !a->source)
            fz_fail("maatstaf %zu without its code or source", i);
        if (!isfinite(a->weight) || fabs(a->weight) > 1e9)
            fz_fail("maatstaf %zu has the weight %g", i, a->weight);
        for (size_t j = 0; j < i; j++)
            if (strcmp(m->maatstaven[j].code, a->code) == 0)
                fz_fail("maatstaf '%s' is listed twice", a->code);
    }
    if (strlen(m->sha256) != 64)
        fz_fail("the objective key has no SHA-256");
}

/* An au-model that loads: its data are read (the seeds name the shipped ones) and
 * every line is computed with the model's factor; totals must be the sums of lines. */
static void check_au(const ig_au_model *m)
{
    if (!m->file || !m->name || !m->circulaire || !m->volumes || !m->weights || !m->uf_source ||
        !m->source || strlen(m->sha256) != 64)
        fz_fail("an au-model was loaded without one of its texts");
    if (m->uf.scale < 0 || m->uf.scale > IG_DEC_MAX_SCALE || m->uf.mant < 0)
        fz_fail("uitkeringsfactor %lld / 10^%d", (long long)m->uf.mant, m->uf.scale);
    ig_au_data d;
    ingroei_error err;
    fz_error_init(&err);
    ingroei_status st = ig_au_data_load(&d, m, &err);
    fz_check_status(st, &err, "ig_au_data_load");
    if (st != INGROEI_OK)
        return;
    const ig_au_in in = {
        .n_g = d.n_g, .n_m = d.n_m, .units = d.units, .weight = d.weight, .scaled = d.scaled};
    int64_t *lines = malloc((d.n_m * d.n_g + 1) * sizeof *lines);
    int64_t *totals = malloc((d.n_g + 1) * sizeof *totals);
    size_t bm, bg;
    if (!lines || !totals)
        fz_fail("out of memory");
    if (ig_au_lines(&in, m->uf, lines, totals, NULL, &bm, &bg) == INGROEI_OK)
        for (size_t g = 0; g < d.n_g; g++) {
            int64_t sum = 0;
            for (size_t k = 0; k < d.n_m; k++)
                sum += lines[k * d.n_g + g];
            if (sum != totals[g])
                fz_fail("gemeente %zu: lines add up to %lld, the total is %lld", g, (long long)sum,
                        (long long)totals[g]);
        }
    free(lines);
    free(totals);
    ig_au_data_clear(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!model_file)
        model_file = fz_file("model.yaml");
    size_t len;
    char *text = fz_expand_repo(data, size, &len);
    fz_write(model_file, text, len);
    free(text);

    ingroei_error err;
    ig_hist_model h;
    fz_error_init(&err);
    ingroei_status st = ig_hist_model_load(&h, model_file, &err);
    fz_check_status(st, &err, "ig_hist_model_load");
    fz_note("historical key: %s", st == INGROEI_OK ? "loaded" : err.message);
    if (st == INGROEI_OK)
        check_hist(&h);
    ig_hist_model_clear(&h);

    ig_obj_model o;
    fz_error_init(&err);
    st = ig_obj_model_load(&o, model_file, &err);
    fz_check_status(st, &err, "ig_obj_model_load");
    fz_note("objective key: %s", st == INGROEI_OK ? "loaded" : err.message);
    if (st == INGROEI_OK)
        check_obj(&o);
    ig_obj_model_clear(&o);

    ig_au_model a;
    fz_error_init(&err);
    st = ig_au_model_load(&a, model_file, &err);
    fz_check_status(st, &err, "ig_au_model_load");
    fz_note("au-model: %s", st == INGROEI_OK ? "loaded" : err.message);
    if (st == INGROEI_OK)
        check_au(&a);
    ig_au_model_clear(&a);
    return 0;
}
