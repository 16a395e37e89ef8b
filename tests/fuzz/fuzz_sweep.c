/*
 * fuzz_sweep.c - fuzzes the sweep reader (sweep/load.c): the input, with every
 * "@REPO@" replaced by the repository root, is written as `sweep.yaml` into this
 * process's temporary directory and loaded with ingroei_sweep_load, which also loads
 * the base scenario it names (the seeds name the shipped ones as @REPO@/scenarios/...).
 * Whatever loads is checked: every parameter has values, they are finite, and the
 * number of scenarios is what the mode says. See fuzz_common.h for how this builds and
 * runs.
 */
#include "fuzz_common.h"
#include "sweep/sweep.h"

#include <math.h>

static char *sweep_file;

static void check_sweep(const ingroei_sweep *sw)
{
    if (!sw->name || !sw->base || !sw->params || sw->n_params == 0)
        fz_fail("a sweep was loaded without its name, base or parameters");
    double grid = 1;
    for (size_t i = 0; i < sw->n_params; i++) {
        const ig_sweep_param *p = &sw->params[i];
        if (!p->name || p->n_values == 0 || !p->values)
            fz_fail("parameter %zu has no values", i);
        for (size_t k = 0; k < p->n_values; k++)
            if (!isfinite(p->values[k]))
                fz_fail("parameter %s has the value %g", p->name, p->values[k]);
        grid *= (double)p->n_values;
    }
    if (!sw->sample && (double)sw->n_scenarios != grid)
        fz_fail("a grid of %g scenarios counts %zu", grid, sw->n_scenarios);
    if (sw->sample && sw->n_scenarios == 0)
        fz_fail("a sample of no scenarios");
    if (ingroei_sweep_n_scenarios(sw) != sw->n_scenarios)
        fz_fail("ingroei_sweep_n_scenarios disagrees");
    if (strlen(sw->sha256) != 64)
        fz_fail("the sweep has no SHA-256");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!sweep_file)
        sweep_file = fz_file("sweep.yaml");
    size_t len;
    char *text = fz_expand_repo(data, size, &len);
    fz_write(sweep_file, text, len);
    free(text);

    ingroei_error err;
    ingroei_sweep *sw = NULL;
    fz_error_init(&err);
    ingroei_status st = ingroei_sweep_load(&sw, sweep_file, &err);
    fz_check_status(st, &err, "ingroei_sweep_load");
    fz_note("sweep: %s", st == INGROEI_OK ? "loaded" : err.message);
    if (st == INGROEI_OK)
        check_sweep(sw);
    else if (sw)
        fz_fail("ingroei_sweep_load failed but set *out");
    ingroei_sweep_free(sw);
    return 0;
}
