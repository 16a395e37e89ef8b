/*
 * fuzz_scenario.c - fuzzes the scenario loader (ingroei_scenario_load) and, when a
 * scenario happens to be valid and names the real dataset, a whole run on it
 * (ingroei_run_new). See fuzz_common.h for how this builds and runs.
 *
 * The first byte of an input chooses the mode; the rest is the scenario YAML, written
 * as `scenario.yaml` into this process's temporary directory:
 *   - bit 0 clear ('0'): load only. The scenario's relative paths resolve inside the
 *     temporary directory, where there is only the scenario itself (and what mode 3
 *     wrote), so the loader must fail cleanly, or succeed on a scenario that names only
 *     those.
 *   - bit 0 set ('1'): every "@REPO@" is first replaced by the repository root, so a
 *     scenario can name @REPO@/models/nl and its keys by absolute path; a scenario that
 *     loads is then run on the real dataset, and the run is checked: every year adds
 *     up to its budget (exactly in exact-total mode, up to the reported residual in
 *     per-line mode), and the rows add up to the year.
 *   - bit 1 set as well ('3'): a run that succeeds is also written (tables and receipt,
 *     no pictures) into the temporary directory, so that names and sources from the
 *     input reach the CSV and JSON writers.
 * The seed corpus (tests/fuzz/corpus/scenario/) starts each file with that byte, then
 * a YAML comment: "1# ..." reads as mode 1 and the comment line "# ...".
 */
#include "fuzz_common.h"

static char *scenario_file, *out_dir;

static void write_run(const ingroei_run *r)
{
    ingroei_output_options o = INGROEI_OUTPUT_OPTIONS_INIT;
    ingroei_output_report report;
    ingroei_error err;
    o.dir = out_dir;
    o.plots = 0;
    fz_error_init(&err);
    ingroei_status st = ingroei_run_write(r, &o, &report, &err);
    fz_check_status(st, &err, "ingroei_run_write");
    if (st != INGROEI_OK)
        fz_fail("writing a valid run failed: %s", err.message);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!scenario_file) {
        scenario_file = fz_file("scenario.yaml");
        out_dir = fz_file("out");
    }
    unsigned mode = size > 0 ? data[0] : 0;
    const uint8_t *yaml = size > 0 ? data + 1 : data;
    size_t len = size > 0 ? size - 1 : 0;
    bool run = mode & 1, write = run && (mode & 2);
    if (run) {
        size_t n;
        char *text = fz_expand_repo(yaml, len, &n);
        fz_write(scenario_file, text, n);
        free(text);
    } else {
        fz_write(scenario_file, yaml, len);
    }

    ingroei_scenario *s = NULL;
    ingroei_error err;
    fz_error_init(&err);
    ingroei_status st = ingroei_scenario_load(&s, scenario_file, &err);
    fz_check_status(st, &err, "ingroei_scenario_load");
    if (st != INGROEI_OK) {
        if (s)
            fz_fail("ingroei_scenario_load failed but handed out a scenario");
        fz_note("scenario refused: %s", err.message);
        return 0;
    }
    if (!s)
        fz_fail("ingroei_scenario_load succeeded without a scenario");
    if (s->first_year > s->last_year)
        fz_fail("scenario years %d-%d", s->first_year, s->last_year);
    if (!run) {
        fz_note("scenario loaded");
    } else {
        ingroei_run *r = NULL;
        fz_error_init(&err);
        st = ingroei_run_new(&r, s, &err);
        fz_check_status(st, &err, "ingroei_run_new");
        if (st == INGROEI_OK) {
            if (!r)
                fz_fail("ingroei_run_new succeeded without a run");
            fz_note("scenario loaded and ran%s", write ? ", written" : "");
            fz_check_run(r, s);
            if (write)
                write_run(r);
        } else {
            if (r)
                fz_fail("ingroei_run_new failed but handed out a run");
            fz_note("scenario loaded, run refused: %s", err.message);
        }
        ingroei_run_free(r);
    }
    ingroei_scenario_free(s);
    return 0;
}
