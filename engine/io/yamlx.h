/*
 * yamlx.h - strict reading of YAML documents (libyaml's document loader) for the
 * scenario and model readers: every lookup knows its node's position, rejects
 * unknown or duplicate keys and checks types, so that each mistake in an input file
 * is reported as file:line:column with what was expected.
 */
#ifndef IG_YAMLX_H
#define IG_YAMLX_H

#include "io/io.h"

#include <yaml.h>

typedef struct ig_yaml {
    const char *file;
    char sha256[65]; /* of the bytes that were parsed */
    yaml_document_t doc;
    bool loaded;
    /* A document built from JSON rather than parsed (serve/): the JSON path of node
     * i + 1 ("$.cap.max_loss_per_inhabitant.2024") in node_paths[i], borrowed. Errors at
     * a node then name its JSON path as their file, without line and column. NULL for a
     * parsed file. */
    char *const *node_paths;
    size_t n_node_paths;
} ig_yaml;

/* Parses the single document of `file`. An empty file, a syntax error or a second
 * document is an error. On success the caller calls ig_yaml_clear. */
ingroei_status ig_yaml_load(ig_yaml *y, const char *file, ingroei_error *err);
/* The same for `len` bytes in memory, named `file` in messages. */
ingroei_status ig_yaml_load_string(ig_yaml *y, const char *file, const char *data, size_t len,
                                   ingroei_error *err);
void ig_yaml_clear(ig_yaml *y);
yaml_node_t *ig_yaml_root(ig_yaml *y);

/* Fails at `node`'s position; line and column are taken from the node. */
ingroei_status ig_yaml_fail(const ig_yaml *y, const yaml_node_t *node, ingroei_error *err,
                            ingroei_status status, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Checks that `node` is a mapping whose keys are plain scalars from `allowed`
 * (NULL-terminated), without duplicates, and that every key in `required` is there.
 * `where` names the mapping in messages ("path", "budget.other_years", ...). */
ingroei_status ig_yaml_mapping(const ig_yaml *y, const yaml_node_t *node, const char *where,
                               const char *const *allowed, const char *const *required,
                               ingroei_error *err);

/* The value of `key` in mapping `map`, or NULL. */
yaml_node_t *ig_yaml_get(const ig_yaml *y, const yaml_node_t *map, const char *key);

/* Typed readers of a scalar node; `what` names it in messages. Numbers must be plain
 * (unquoted) scalars. */
ingroei_status ig_yaml_string(const ig_yaml *y, const yaml_node_t *node, const char *what,
                              char **out, ingroei_error *err);
ingroei_status ig_yaml_int(const ig_yaml *y, const yaml_node_t *node, const char *what, int64_t lo,
                           int64_t hi, int64_t *out, ingroei_error *err);
ingroei_status ig_yaml_double(const ig_yaml *y, const yaml_node_t *node, const char *what,
                              double lo, double hi, double *out, ingroei_error *err);
ingroei_status ig_yaml_bool(const ig_yaml *y, const yaml_node_t *node, const char *what, bool *out,
                            ingroei_error *err);
/* The format version `what` of a file, which must equal `supported`. */
ingroei_status ig_yaml_version(const ig_yaml *y, const yaml_node_t *node, const char *what,
                               int64_t supported, ingroei_error *err);
/* A file name, resolved against `dir` (the directory of the file that names it). */
ingroei_status ig_yaml_path(const ig_yaml *y, const yaml_node_t *node, const char *what,
                            const char *dir, char **out, ingroei_error *err);
/* Checks that the file (or, for want_dir, the directory) at `path`, which the key at
 * `node` names, exists; messages quote the name as the file wrote it. */
ingroei_status ig_yaml_check_file(const ig_yaml *y, const yaml_node_t *node, const char *what,
                                  const char *path, bool want_dir, ingroei_error *err);
/* One of `choices` (NULL-terminated); *out is its index. */
ingroei_status ig_yaml_choice(const ig_yaml *y, const yaml_node_t *node, const char *what,
                              const char *const *choices, int *out, ingroei_error *err);

/* Reads and checks the scenario in document `y` (scenario.c), the one reader of both a
 * scenario file and a scenario sent as JSON: `path` is the scenario's name in messages
 * and in the run (ingroei_scenario.file), `dir` the directory its paths are relative to.
 * The document is not changed; the caller clears it. */
ingroei_status ig_scenario_read(ig_yaml *y, const char *path, const char *dir,
                                ingroei_scenario **out, ingroei_error *err);

/* The text of a scalar key node (mapping keys are always scalars after
 * ig_yaml_mapping). */
const char *ig_yaml_text(const yaml_node_t *node);

#endif
