/*
 * inputs.c - the receipt of a run: every input file as the receipt names it (relative
 * to the scenario's directory, so that it does not depend on where ingroei was
 * started), with the SHA-256 of the bytes that were parsed and where its numbers come
 * from.
 */
#include "run/run.h"
#include "base/vec.h"

#include <stdlib.h>
#include <string.h>

char *ig_run_receipt_path(const ingroei_run *r, const char *path)
{
    char *dir = ig_dirname(r->sc->file);
    char *rel = dir ? ig_path_relative(path, dir) : NULL;
    free(dir);
    return rel;
}

ingroei_status ig_run_add_input(ingroei_run *r, const char *path, const char *sha256,
                                const char *source, ingroei_error *err)
{
    if (r->borrowed) /* a fork shares its base's receipt */
        return ig_fail(err, INGROEI_ERR_USAGE, path, 0, 0, "a forked run takes no inputs");
    ig_input *in = ig_vec_grow(r->inputs, &r->inputs_cap, r->n_inputs + 1, sizeof *in, 8);
    if (!in)
        return ig_fail(err, INGROEI_ERR_NOMEM, path, 0, 0, "out of memory");
    r->inputs = in;
    ig_input *x = &r->inputs[r->n_inputs++];
    memset(x, 0, sizeof *x);
    memcpy(x->sha256, sha256, sizeof x->sha256);
    x->display = ig_run_receipt_path(r, path);
    x->source = ig_strdup(source);
    if (!x->display || !x->source)
        return ig_fail(err, INGROEI_ERR_NOMEM, path, 0, 0, "out of memory");
    return INGROEI_OK;
}

/* A CSV file's source is its comment lines, joined by newlines. */
ingroei_status ig_run_add_csv_input(ingroei_run *r, const ig_csv *t, ingroei_error *err)
{
    ig_buf b = {0};
    for (size_t i = 0; i < t->n_comments; i++) {
        if (i)
            ig_buf_putc(&b, '\n');
        ig_buf_puts(&b, t->comments[i]);
    }
    if (!t->n_comments)
        ig_buf_puts(&b, "(no provenance comments in the file)");
    ingroei_status st = b.failed ? ig_fail(err, INGROEI_ERR_NOMEM, t->file, 0, 0, "out of memory")
                                 : ig_run_add_input(r, t->file, t->sha256, b.data, err);
    ig_buf_free(&b);
    return st;
}
