/*
 * fuzz_key.c - fuzzes the reader of own key files (io/key_csv.c, README "Your own key"):
 * the input is parsed as a key file, as `ingroei serve` parses an upload. A failure must
 * be clean (a known status with a message that names the file); a key that is read must
 * hold at least one row, a finite value of 0 or more per row, a positive total, shares
 * that add up to 1 within IG_KEY_SHARE_TOLERANCE, and a code in every row; the same
 * bytes must give the same key. See fuzz_common.h for how this builds and runs.
 */
#include "fuzz_common.h"

#include <math.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ig_key_csv k;
    ingroei_error err;
    fz_error_init(&err);
    ingroei_status st = ig_key_csv_parse(&k, "upload.csv", (const char *)data, size, &err);
    fz_check_status(st, &err, "ig_key_csv_parse");
    fz_note("key: %s", st == INGROEI_OK ? "read" : err.message);
    if (st != INGROEI_OK) {
        if (strcmp(err.file, "upload.csv") != 0 && strcmp(err.file, "") != 0)
            fz_fail("the error names '%s', not the upload", err.file);
        return 0;
    }
    if (k.csv.n_rows == 0 || !k.value)
        fz_fail("a key without rows was read");
    if (k.sep != ',' && k.sep != ';')
        fz_fail("separator %d", k.sep);
    double sum = 0.0;
    for (size_t r = 0; r < k.csv.n_rows; r++) {
        if (!isfinite(k.value[r]) || k.value[r] < 0.0)
            fz_fail("row %zu: value %g", r, k.value[r]);
        if (!k.csv.rows[r][k.c_code] || !k.csv.rows[r][k.c_code][0])
            fz_fail("row %zu has no code", r);
        sum += k.value[r];
    }
    if (!(k.total > 0.0) || fabs(sum - k.total) > 1e-9 * (sum > 1.0 ? sum : 1.0))
        fz_fail("total %.17g, the rows add up to %.17g", k.total, sum);
    if (!k.amounts && fabs(k.total - 1.0) > IG_KEY_SHARE_TOLERANCE)
        fz_fail("shares add up to %.17g", k.total);
    ig_key_csv again;
    if (ig_key_csv_parse(&again, "upload.csv", (const char *)data, size, &err) != INGROEI_OK ||
        again.csv.n_rows != k.csv.n_rows || again.total != k.total ||
        memcmp(again.value, k.value, k.csv.n_rows * sizeof *k.value) != 0)
        fz_fail("the same bytes read twice give another key");
    ig_key_csv_clear(&again);
    ig_key_csv_clear(&k);
    return 0;
}
