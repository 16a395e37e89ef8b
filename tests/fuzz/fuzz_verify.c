/*
 * fuzz_verify.c - fuzzes the reader of published tables (verify.c): the input is
 * written as `published.csv` into this process's temporary directory and checked with
 * ingroei_verify against the hand-made test model tests/verify/au_test.yaml, as a
 * begroting table or an Analysedata file, whichever its header says. A failure must be
 * clean and write nothing; a success must count every line once. See fuzz_common.h for
 * how this builds and runs.
 */
#include "fuzz_common.h"

static char *published, *out;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!published) {
        published = fz_file("published.csv");
        out = fz_file("out");
    }
    fz_write(published, data, size);
    ingroei_verify_query q = {
        INGROEI_FUZZ_REPO "/tests/verify/au_test.yaml", published, 1, NULL, NULL, NULL, NULL};
    ingroei_verify_summary s;
    ingroei_output_report rep;
    ingroei_error err;
    fz_error_init(&err);
    struct stat before;
    const bool had_out = stat(out, &before) == 0;
    ingroei_status st = ingroei_verify(&q, out, &s, &rep, &err);
    fz_check_status(st, &err, "ingroei_verify");
    fz_note("verify: %s", st == INGROEI_OK ? "checked" : err.message);
    if (st != INGROEI_OK) {
        struct stat after;
        if (!had_out && stat(out, &after) == 0)
            fz_fail("a failed verify made its output directory");
        return 0;
    }
    if (s.n_lines != s.n_equal + s.n_rounding + s.n_within + s.n_off + s.n_unknown + s.n_unchecked)
        fz_fail("%zu lines counted as %zu + %zu + %zu + %zu + %zu + %zu", s.n_lines, s.n_equal,
                s.n_rounding, s.n_within, s.n_off, s.n_unknown, s.n_unchecked);
    if (s.n_gemeenten_equal > s.n_gemeenten || s.n_gemeenten > 3)
        fz_fail("%zu of %zu gemeenten equal", s.n_gemeenten_equal, s.n_gemeenten);
    if ((s.largest_diff != 0) != (s.n_rounding + s.n_within + s.n_off > 0))
        fz_fail("largest difference %lld with %zu lines not equal", (long long)s.largest_diff,
                s.n_rounding + s.n_within + s.n_off);
    if (rep.n_files != 2)
        fz_fail("verify wrote %zu files", rep.n_files);
    return 0;
}
