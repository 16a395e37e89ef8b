/*
 * yamlx.c - strict typed access to a libyaml document; see yamlx.h.
 */
#include "io/yamlx.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Turns libyaml's parser error into ours. When libyaml names a context (such as the
 * quoted scalar that never ends), the error points at where that context began and
 * says where the problem was found; a tab in the indentation is named as such. */
static ingroei_status syntax_error(const yaml_parser_t *parser, const char *file, const char *data,
                                   size_t len, ingroei_error *err)
{
    const yaml_mark_t *pm = &parser->problem_mark, *cm = &parser->context_mark;
    const char *problem = parser->problem ? parser->problem : "malformed YAML";
    /* libyaml's loader fails without setting an error when one of its own allocations
     * (a copied tag or anchor) fails: a failure that names no error is one of those */
    if (parser->error == YAML_MEMORY_ERROR || parser->error == YAML_NO_ERROR)
        return ig_fail(err, INGROEI_ERR_NOMEM, file, 0, 0, "out of memory");
    if (parser->error == YAML_READER_ERROR) {
        /* libyaml's reader knows only the byte offset: count lines up to it */
        int line = 1, col = 1;
        for (size_t i = 0; i < parser->problem_offset && i < len; i++) {
            if (data[i] == '\n') {
                line++;
                col = 1;
            } else if (((unsigned char)data[i] & 0xC0) != 0x80) {
                col++;
            }
        }
        return ig_fail(err, INGROEI_ERR_SYNTAX, file, line, col,
                       "not valid UTF-8 (%s; save the file as UTF-8)", problem);
    }
    if (pm->index < len && data[pm->index] == '\t')
        return ig_fail(err, INGROEI_ERR_SYNTAX, file, (int)pm->line + 1, (int)pm->column + 1,
                       "YAML syntax error: a tab character in the indentation (YAML indents "
                       "with spaces only)");
    if (parser->context && (cm->line != pm->line || cm->column != pm->column))
        return ig_fail(err, INGROEI_ERR_SYNTAX, file, (int)cm->line + 1, (int)cm->column + 1,
                       "YAML syntax error: %s %s (found at %d:%d)", problem, parser->context,
                       (int)pm->line + 1, (int)pm->column + 1);
    return ig_fail(err, INGROEI_ERR_SYNTAX, file, (int)pm->line + 1, (int)pm->column + 1,
                   "YAML syntax error: %s%s%s", problem, parser->context ? " " : "",
                   parser->context ? parser->context : "");
}

/* The tag as the file wrote it: "!!str" for YAML's own tags, which libyaml expands. */
static const char *short_tag(const unsigned char *tag, char *buf, size_t size)
{
    static const char yaml_prefix[] = "tag:yaml.org,2002:";
    const char *t = (const char *)tag;
    if (!strncmp(t, yaml_prefix, sizeof yaml_prefix - 1)) {
        snprintf(buf, size, "!!%s", t + sizeof yaml_prefix - 1);
        return buf;
    }
    return t;
}

/* Walks the file's events before any document is built, and refuses: nesting deeper than
 * IG_MAX_YAML_DEPTH and more than IG_MAX_YAML_NODES nodes (stopping there, before
 * libyaml's scanner, whose cost grows with the square of the nesting, gets far), tags
 * (no format of ingroei uses them: `!!str 1532904000` must not pass for a number, and
 * `!!binary` or `!custom` mean nothing here), and a NUL character in a scalar (a `\0`
 * escape), which would cut the text short. A syntax error is reported as the loader
 * would report it. */
static ingroei_status check_events(const char *file, const char *data, size_t len,
                                   ingroei_error *err)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return ig_fail(err, INGROEI_ERR_NOMEM, file, 0, 0, "out of memory");
    yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
    ingroei_status st = INGROEI_OK;
    size_t depth = 0, nodes = 0;
    char buf[64];
    for (bool done = false; !done && st == INGROEI_OK;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            st = syntax_error(&parser, file, data, len, err);
            break;
        }
        const unsigned char *tag = NULL;
        int line = (int)ev.start_mark.line + 1, col = (int)ev.start_mark.column + 1;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT: done = true; break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            tag = ev.type == YAML_SEQUENCE_START_EVENT ? ev.data.sequence_start.tag
                                                       : ev.data.mapping_start.tag;
            nodes++;
            if (++depth > IG_MAX_YAML_DEPTH)
                st = ig_fail(err, INGROEI_ERR_SYNTAX, file, line, col,
                             "nested more than %d deep (the limit for a YAML file; README "
                             "\"Limits\")",
                             IG_MAX_YAML_DEPTH);
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: depth--; break;
        case YAML_SCALAR_EVENT:
            tag = ev.data.scalar.tag;
            nodes++;
            if (strlen((const char *)ev.data.scalar.value) != ev.data.scalar.length)
                st = ig_fail(err, INGROEI_ERR_SYNTAX, file, line, col,
                             "a NUL character (\\0) in text; it would cut the text short");
            break;
        case YAML_ALIAS_EVENT: nodes++; break;
        default: break;
        }
        if (st == INGROEI_OK && tag)
            st = ig_fail(err, INGROEI_ERR_SCHEMA, file, line, col,
                         "the YAML tag '%s' is not accepted (no value in ingroei's files has a "
                         "tag: write the value without it)",
                         short_tag(tag, buf, sizeof buf));
        if (st == INGROEI_OK && nodes > IG_MAX_YAML_NODES)
            st = ig_fail(err, INGROEI_ERR_SYNTAX, file, line, col,
                         "more than %u values, lists and mappings (the limit for a YAML file; "
                         "README \"Limits\")",
                         IG_MAX_YAML_NODES);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    return st;
}

ingroei_status ig_yaml_load(ig_yaml *y, const char *file, ingroei_error *err)
{
    memset(y, 0, sizeof *y);
    y->file = file;
    char *data = NULL;
    size_t len = 0;
    ingroei_status st = ig_read_file_max(file, IG_MAX_YAML_BYTES, "a YAML file", &data, &len, err);
    if (st != INGROEI_OK)
        return st;
    st = ig_yaml_load_string(y, file, data, len, err);
    free(data);
    return st;
}

ingroei_status ig_yaml_load_string(ig_yaml *y, const char *file, const char *data, size_t len,
                                   ingroei_error *err)
{
    memset(y, 0, sizeof *y);
    y->file = file;
    ingroei_status st = check_events(file, data, len, err);
    if (st != INGROEI_OK)
        return st;
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return ig_fail(err, INGROEI_ERR_NOMEM, file, 0, 0, "out of memory");
    ig_sha256_hex(data, len, y->sha256);
    yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
    if (!yaml_parser_load(&parser, &y->doc)) {
        st = syntax_error(&parser, file, data, len, err);
        yaml_parser_delete(&parser);
        return st;
    }
    y->loaded = true;
    if (!yaml_document_get_root_node(&y->doc)) {
        st = ig_fail(err, INGROEI_ERR_SCHEMA, file, 1, 1, "empty document, expected a mapping");
        goto fail;
    }
    yaml_document_t second;
    if (!yaml_parser_load(&parser, &second)) {
        st = syntax_error(&parser, file, data, len, err);
        goto fail;
    }
    if (yaml_document_get_root_node(&second)) {
        yaml_node_t *r = yaml_document_get_root_node(&second);
        st = ig_fail(err, INGROEI_ERR_SCHEMA, file, (int)r->start_mark.line + 1,
                     (int)r->start_mark.column + 1, "a second YAML document; expected exactly one");
        yaml_document_delete(&second);
        goto fail;
    }
    yaml_document_delete(&second);
    yaml_parser_delete(&parser);
    return INGROEI_OK;
fail:
    yaml_parser_delete(&parser);
    ig_yaml_clear(y);
    return st;
}

void ig_yaml_clear(ig_yaml *y)
{
    if (y->loaded)
        yaml_document_delete(&y->doc);
    y->loaded = false;
}

yaml_node_t *ig_yaml_root(ig_yaml *y)
{
    return yaml_document_get_root_node(&y->doc);
}

/* Formats the message and fails at `node`'s position (1-based line and column). */
ingroei_status ig_yaml_fail(const ig_yaml *y, const yaml_node_t *node, ingroei_error *err,
                            ingroei_status status, const char *fmt, ...)
{
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (y->node_paths) { /* built from JSON: the node's JSON path instead of a position */
        size_t i = node ? (size_t)(node - y->doc.nodes.start) : SIZE_MAX;
        const char *where = i < y->n_node_paths ? y->node_paths[i] : y->file;
        return ig_fail(err, status, where, 0, 0, "%s", msg);
    }
    int line = node ? (int)node->start_mark.line + 1 : 0;
    int col = node ? (int)node->start_mark.column + 1 : 0;
    return ig_fail(err, status, y->file, line, col, "%s", msg);
}

static const char *node_kind(const yaml_node_t *n)
{
    switch (n->type) {
    case YAML_MAPPING_NODE: return "a mapping";
    case YAML_SEQUENCE_NODE: return "a list";
    case YAML_SCALAR_NODE: return "a scalar";
    default: return "nothing";
    }
}

const char *ig_yaml_text(const yaml_node_t *node)
{
    return node && node->type == YAML_SCALAR_NODE ? (const char *)node->data.scalar.value : "";
}

/* Joins a NULL-terminated word list as "a, b, c" into buf. */
static void join_words(char *buf, size_t size, const char *const *words)
{
    buf[0] = '\0';
    size_t used = 0;
    for (size_t i = 0; words && words[i]; i++) {
        int n = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", words[i]);
        if (n < 0 || (size_t)n >= size - used)
            break;
        used += (size_t)n;
    }
}

ingroei_status ig_yaml_mapping(const ig_yaml *y, const yaml_node_t *node, const char *where,
                               const char *const *allowed, const char *const *required,
                               ingroei_error *err)
{
    if (node->type != YAML_MAPPING_NODE)
        return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA, "%s: expected a mapping, got %s",
                            where, node_kind(node));
    yaml_document_t *doc = (yaml_document_t *)&y->doc;
    for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        if (k->type != YAML_SCALAR_NODE)
            return ig_yaml_fail(y, k, err, INGROEI_ERR_SCHEMA, "%s: keys must be plain words",
                                where);
        const char *key = ig_yaml_text(k);
        bool known = false;
        for (size_t i = 0; allowed[i]; i++)
            known = known || strcmp(allowed[i], key) == 0;
        if (!known) {
            char list[512];
            join_words(list, sizeof list, allowed);
            return ig_yaml_fail(y, k, err, INGROEI_ERR_SCHEMA,
                                "unknown key '%s' in %s (expected one of: %s)", key, where, list);
        }
        for (yaml_node_pair_t *q = node->data.mapping.pairs.start; q < p; q++)
            if (strcmp(ig_yaml_text(yaml_document_get_node(doc, q->key)), key) == 0)
                return ig_yaml_fail(y, k, err, INGROEI_ERR_SCHEMA, "duplicate key '%s' in %s", key,
                                    where);
    }
    for (size_t i = 0; required && required[i]; i++)
        if (!ig_yaml_get(y, node, required[i]))
            return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA, "missing key '%s' in %s",
                                required[i], where);
    return INGROEI_OK;
}

yaml_node_t *ig_yaml_get(const ig_yaml *y, const yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    yaml_document_t *doc = (yaml_document_t *)&y->doc;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++)
        if (strcmp(ig_yaml_text(yaml_document_get_node(doc, p->key)), key) == 0)
            return yaml_document_get_node(doc, p->value);
    return NULL;
}

/* A scalar that YAML would read as null: empty, "~" or "null" unquoted. */
static bool is_null(const yaml_node_t *n)
{
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *s = ig_yaml_text(n);
    return !*s || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 || strcmp(s, "Null") == 0 ||
           strcmp(s, "NULL") == 0;
}

ingroei_status ig_yaml_string(const ig_yaml *y, const yaml_node_t *node, const char *what,
                              char **out, ingroei_error *err)
{
    if (node->type != YAML_SCALAR_NODE)
        return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA, "%s: expected text, got %s", what,
                            node_kind(node));
    if (is_null(node))
        return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA, "%s: expected text, got nothing",
                            what);
    if (!*ig_yaml_text(node))
        return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                            "%s: expected text, got an empty string", what);
    char *s = ig_strdup(ig_yaml_text(node));
    if (!s)
        return ig_yaml_fail(y, node, err, INGROEI_ERR_NOMEM, "out of memory");
    *out = s;
    return INGROEI_OK;
}

/* Checks that node is an unquoted scalar, the form numbers must take. */
static ingroei_status plain_scalar(const ig_yaml *y, const yaml_node_t *node, const char *what,
                                   const char *expected, ingroei_error *err)
{
    if (node->type != YAML_SCALAR_NODE)
        return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA, "%s: expected %s, got %s", what,
                            expected, node_kind(node));
    if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                            "%s: expected %s, got the quoted text '%s'", what, expected,
                            ig_yaml_text(node));
    if (is_null(node))
        return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA, "%s: expected %s, got nothing", what,
                            expected);
    return INGROEI_OK;
}

/* "02022", "-007.5": digits with a zero before them (README "Limits"). */
static bool leading_zero(const char *t)
{
    t += *t == '-' || *t == '+';
    return t[0] == '0' && t[1] >= '0' && t[1] <= '9';
}

ingroei_status ig_yaml_int(const ig_yaml *y, const yaml_node_t *node, const char *what, int64_t lo,
                           int64_t hi, int64_t *out, ingroei_error *err)
{
    ingroei_status st = plain_scalar(y, node, what, "a whole number", err);
    if (st != INGROEI_OK)
        return st;
    int64_t v;
    if (!ig_parse_int64(ig_yaml_text(node), &v)) {
        const char *t = ig_yaml_text(node);
        if (leading_zero(t))
            return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                                "%s: expected a whole number, got '%s' (numbers are written "
                                "without leading zeros)",
                                what, t);
        if (ig_number_form(t, false, false)) /* a whole number, too large for any */
            return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                                "%s: %s is out of range (expected %lld to %lld)", what, t,
                                (long long)lo, (long long)hi);
        return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                            "%s: expected a whole number, got '%s'", what, t);
    }
    if (v < lo || v > hi)
        return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                            "%s: %lld is out of range (expected %lld to %lld)", what, (long long)v,
                            (long long)lo, (long long)hi);
    *out = v;
    return INGROEI_OK;
}

ingroei_status ig_yaml_double(const ig_yaml *y, const yaml_node_t *node, const char *what,
                              double lo, double hi, double *out, ingroei_error *err)
{
    ingroei_status st = plain_scalar(y, node, what, "a number", err);
    if (st != INGROEI_OK)
        return st;
    double v;
    if (leading_zero(ig_yaml_text(node)))
        return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                            "%s: expected a number, got '%s' (numbers are written without "
                            "leading zeros)",
                            what, ig_yaml_text(node));
    if (!ig_parse_double(ig_yaml_text(node), &v)) {
        /* a number in form whose value no double holds (1e400), or not a number at all */
        double probe;
        char *mant = ig_strdup(ig_yaml_text(node)), *e = mant ? strpbrk(mant, "eE") : NULL;
        if (e)
            *e = '\0';
        bool numeric = mant && e && ig_parse_double(mant, &probe);
        free(mant);
        if (numeric)
            return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                                "%s: %s is out of range for a number", what, ig_yaml_text(node));
        return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA, "%s: expected a number, got '%s'",
                            what, ig_yaml_text(node));
    }
    if (!(v >= lo && v <= hi)) {
        ig_buf a = {0}, b = {0};
        ig_put_number(&a, lo);
        ig_put_number(&b, hi);
        st = ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                          "%s: %s is out of range (expected %s to %s)", what, ig_yaml_text(node),
                          a.data ? a.data : "?", b.data ? b.data : "?");
        ig_buf_free(&a);
        ig_buf_free(&b);
        return st;
    }
    *out = v;
    return INGROEI_OK;
}

ingroei_status ig_yaml_bool(const ig_yaml *y, const yaml_node_t *node, const char *what, bool *out,
                            ingroei_error *err)
{
    ingroei_status st = plain_scalar(y, node, what, "true or false", err);
    if (st != INGROEI_OK)
        return st;
    const char *s = ig_yaml_text(node);
    if (strcmp(s, "true") == 0)
        *out = true;
    else if (strcmp(s, "false") == 0)
        *out = false;
    else
        return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                            "%s: expected true or false, got '%s'", what, s);
    return INGROEI_OK;
}

ingroei_status ig_yaml_version(const ig_yaml *y, const yaml_node_t *node, const char *what,
                               int64_t supported, ingroei_error *err)
{
    int64_t v = 0;
    ingroei_status st = ig_yaml_int(y, node, what, 0, INT64_MAX, &v, err);
    if (st == INGROEI_OK && v != supported)
        st = ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA,
                          "%s: format version %lld is not supported (this engine reads "
                          "version %lld)",
                          what, (long long)v, (long long)supported);
    return st;
}

ingroei_status ig_yaml_path(const ig_yaml *y, const yaml_node_t *node, const char *what,
                            const char *dir, char **out, ingroei_error *err)
{
    char *rel = NULL;
    ingroei_status st = ig_yaml_string(y, node, what, &rel, err);
    if (st != INGROEI_OK)
        return st;
    *out = ig_path_join(dir, rel);
    free(rel);
    return *out ? INGROEI_OK : ig_yaml_fail(y, node, err, INGROEI_ERR_NOMEM, "out of memory");
}

ingroei_status ig_yaml_check_file(const ig_yaml *y, const yaml_node_t *node, const char *what,
                                  const char *path, bool want_dir, ingroei_error *err)
{
    struct stat sb;
    char ebuf[128];
    if (stat(path, &sb) != 0)
        return ig_yaml_fail(y, node, err, INGROEI_ERR_IO, "%s: cannot open '%s': %s", what,
                            ig_yaml_text(node), ig_strerror(errno, ebuf, sizeof ebuf));
    if (want_dir && !S_ISDIR(sb.st_mode))
        return ig_yaml_fail(y, node, err, INGROEI_ERR_IO, "%s: '%s' is not a directory", what,
                            ig_yaml_text(node));
    if (!want_dir && S_ISDIR(sb.st_mode))
        return ig_yaml_fail(y, node, err, INGROEI_ERR_IO,
                            "%s: '%s' is a directory, expected a file", what, ig_yaml_text(node));
    return INGROEI_OK;
}

ingroei_status ig_yaml_choice(const ig_yaml *y, const yaml_node_t *node, const char *what,
                              const char *const *choices, int *out, ingroei_error *err)
{
    char list[512];
    join_words(list, sizeof list, choices);
    if (node->type != YAML_SCALAR_NODE)
        return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA, "%s: expected one of: %s, got %s",
                            what, list, node_kind(node));
    const char *s = ig_yaml_text(node);
    for (int i = 0; choices[i]; i++)
        if (strcmp(choices[i], s) == 0) {
            *out = i;
            return INGROEI_OK;
        }
    return ig_yaml_fail(y, node, err, INGROEI_ERR_SCHEMA, "%s: '%s' is not one of: %s", what, s,
                        list);
}
