/*
 * fuzz_request.c - fuzzes the request side of ingroei serve (engine/serve/): the body of
 * POST /api/compute and /api/compare as it reaches ig_api_handle, through jansson, the
 * names of files, the JSON-to-YAML document, the scenario reader and a whole run on the
 * data loaded at start (the shipped scenarios beside scenarios/default.yaml). See
 * fuzz_common.h for how this builds and runs.
 *
 * The first byte of an input chooses the request; the rest is the body:
 *   '0' POST /api/compute (JSON), '1' POST /api/compute?format=csv, '2' POST /api/compare,
 *   '3' POST /api/keys (an uploaded key file or objective-key model, checked by a whole
 *   run on the starting scenario), '4' POST /api/compute?format=page (the workbench's
 *   compact answer); anything else is taken as '0'.
 * Every answer must be a known status; an error must be the JSON error object with that
 * status; a JSON answer must parse (names and sources from the input reach it), a compact
 * one must have its lists of integers, a value per gemeente in each list (or none: the
 * year before's), a list per year; a CSV
 * answer must start with the header of allocations.csv; an accepted upload must name
 * its id, kind and SHA-256. 500 is a failure: a request never breaks the server.
 */
#include "fuzz_common.h"

#include "serve/serve.h"

#include <jansson.h>

static ig_api api;
static bool api_open;

/* The answer must be a JSON value; with an error status, {"error": {status, message,
 * path}} with that status. */
static void check_json(const ig_answer *a)
{
    json_error_t jerr;
    json_t *v = json_loadb(a->body.data, a->body.len, JSON_REJECT_DUPLICATES, &jerr);
    if (!v)
        fz_fail("answer %u is not JSON: %s: %.200s", a->status, jerr.text, a->body.data);
    if (a->status != 200) {
        json_t *e = json_object_get(v, "error");
        json_t *status = json_object_get(e, "status"), *message = json_object_get(e, "message");
        json_t *path = json_object_get(e, "path");
        if (!json_is_integer(status) || json_integer_value(status) != (json_int_t)a->status ||
            !json_is_string(message) || !json_string_length(message) ||
            !(json_is_null(path) || (json_is_string(path) && json_string_value(path)[0] == '$')))
            fz_fail("answer %u is not an error object: %.300s", a->status, a->body.data);
        fz_note("%u: %s", a->status, json_string_value(message));
    }
    json_decref(v);
}

/* A compact answer (?format=page): per column of "allocations" a list per year of an
 * integer per gemeente, as many years as "years" has and as many gemeenten as
 * "gemeenten". */
static void check_page(const ig_answer *a)
{
    json_t *v = json_loadb(a->body.data, a->body.len, 0, NULL);
    json_t *codes = json_object_get(json_object_get(v, "gemeenten"), "code");
    json_t *years = json_object_get(json_object_get(v, "years"), "jaar");
    json_t *alloc = json_object_get(v, "allocations");
    size_t ng = json_array_size(codes), ny = json_array_size(years);
    if (!ng || !ny || json_object_size(alloc) != 8)
        fz_fail("a compact answer without gemeenten, years or its 8 columns: %.300s", a->body.data);
    const char *name;
    json_t *col;
    json_object_foreach(alloc, name, col) {
        if (json_array_size(col) != ny)
            fz_fail("compact answer: %s has not a list per year", name);
        for (size_t y = 0; y < ny; y++) {
            json_t *line = json_array_get(col, y);
            if (!json_is_array(line) ||
                (json_array_size(line) != ng && !(y && json_array_size(line) == 0)))
                fz_fail("compact answer: %s of year %zu has not a value per gemeente", name, y);
            for (size_t g = 0; g < json_array_size(line); g++)
                if (!json_is_integer(json_array_get(line, g)))
                    fz_fail("compact answer: %s holds a value that is no integer", name);
        }
    }
    json_decref(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!api_open) {
        ingroei_error err;
        fz_error_init(&err);
        if (ig_api_open(&api, INGROEI_FUZZ_REPO "/scenarios/default.yaml", &err) != INGROEI_OK)
            fz_fail("the API does not open: %s", err.message);
        api_open = true;
    }
    unsigned mode = size > 0 ? data[0] : '0';
    const char *body = size > 0 ? (const char *)data + 1 : "";
    size_t len = size > 0 ? size - 1 : 0;
    const char *url = mode == '2' ? "/api/compare" : mode == '3' ? "/api/keys" : "/api/compute";
    const char *format = mode == '1' ? "csv" : mode == '4' ? "page" : NULL;
    ig_answer a;
    ig_api_handle(&api, "POST", url, format, body, len, &a);
    if (a.status != 200 && a.status != 400 && a.status != 422 && a.status != 503 &&
        !(mode == '3' && a.status == 413))
        fz_fail("status %u: %.300s", a.status, a.body.data ? a.body.data : "");
    if (!a.body.data || a.body.failed || a.body.invalid)
        fz_fail("status %u without a whole body", a.status);
    if (a.status == 200 && mode == '4') {
        check_json(&a);
        check_page(&a);
    } else if (a.status == 200 && format) {
        static const char header[] = "jaar,gemeentecode,gemeentenaam,";
        if (strncmp(a.body.data, header, sizeof header - 1) != 0)
            fz_fail("a CSV answer that is not allocations.csv: %.100s", a.body.data);
    } else {
        check_json(&a);
    }
    if (a.status == 200 && mode == '3') {
        json_t *v = json_loadb(a.body.data, a.body.len, 0, NULL);
        json_t *id = json_object_get(v, "id"), *kind = json_object_get(v, "kind"),
               *sha = json_object_get(v, "sha256");
        if (!json_is_string(id) || json_string_length(id) != 32 || !json_is_string(kind) ||
            !json_is_string(sha) || json_string_length(sha) != 64)
            fz_fail("an accepted upload without its id, kind or SHA-256: %.300s", a.body.data);
        json_decref(v);
    }
    ig_buf_free(&a.body);
    return 0;
}
