/*
 * xlsx_read.c - one sheet of an .xlsx workbook (the first, or one named or numbered) as
 * CSV text, for the readers of published tables (io/table.c): the zip is opened with libzip, its XML parts read with
 * expat (both from Debian: libzip-dev, libexpat1-dev). libzip is loaded (dlopen) when
 * the first workbook is read, not when the program starts: it needs libcrypto, whose
 * thousands of relocations would cost every process millions of instructions. Every row of the sheet becomes a
 * line, row r on line r (empty rows stay empty lines), so that a message's line number
 * is the sheet's row; cells are written RFC 4180 with ',' between them: text as it is,
 * a number as the workbook stores it ("1069297", "0.00089"), a boolean as 1 or 0. A row
 * with cells is padded with empty ones to the width of the widest row of two cells or
 * more (the table), as a CSV file saved from the sheet would be.
 */
#include "io/io.h"

#include <expat.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* ---- libzip, loaded when a workbook is read ------------------------------------------- */

/* The shared object to load, by its soname (CMakeLists.txt takes it from the library
 * the build found, whose header is the one included here). */
#ifndef IG_LIBZIP_SONAME
#error "IG_LIBZIP_SONAME (the soname of libzip) comes from CMakeLists.txt"
#endif

/* The functions of libzip this file calls. */
#define ZIP_FUNCTIONS(X)                                                                           \
    X(zip_error_init)                                                                              \
    X(zip_error_fini)                                                                              \
    X(zip_error_strerror)                                                                          \
    X(zip_source_buffer_create)                                                                    \
    X(zip_source_free)                                                                             \
    X(zip_open_from_source)                                                                        \
    X(zip_discard)                                                                                 \
    X(zip_stat_init)                                                                               \
    X(zip_stat)                                                                                    \
    X(zip_fopen)                                                                                   \
    X(zip_fread)                                                                                   \
    X(zip_fclose)

/* A pointer per function, of the type the header declares it with, so that every call
 * is checked against the header; filled once by zip_load, under its lock (the library
 * stays loaded until the process ends). */
static struct {
#define ZIP_POINTER(name) __typeof__(name) *name;
    ZIP_FUNCTIONS(ZIP_POINTER)
#undef ZIP_POINTER
} zl;
static pthread_mutex_t zl_lock = PTHREAD_MUTEX_INITIALIZER;

/* Loads libzip and fills `zl`, unless that was done; an error names the library and
 * the workbook `file` that needed it. */
static ingroei_status zip_load(const char *file, ingroei_error *err)
{
    static const char *const names[] = {
#define ZIP_NAME(name) #name,
        ZIP_FUNCTIONS(ZIP_NAME)
#undef ZIP_NAME
    };
    enum { N = sizeof names / sizeof *names };
    pthread_mutex_lock(&zl_lock);
    ingroei_status st = INGROEI_OK;
    void *fn[N];
    char why[256];
    switch (zl.zip_discard ? IG_DL_OK : ig_dl_load(IG_LIBZIP_SONAME, names, N, fn, why, sizeof why)) {
    case IG_DL_NO_LIBRARY:
        st = ig_fail(err, strstr(why, "emory") ? INGROEI_ERR_NOMEM : INGROEI_ERR_IO, file, 0, 0,
                     "cannot load the zip library %s to read the workbook: %s", IG_LIBZIP_SONAME,
                     why);
        break;
    case IG_DL_NO_FUNCTION:
        st = ig_fail(err, INGROEI_ERR_IO, file, 0, 0,
                     "cannot load the zip library %s to read the workbook: it has no function %s",
                     IG_LIBZIP_SONAME, why);
        break;
    case IG_DL_OK:
        if (!zl.zip_discard) {
            size_t i = 0;
#define ZIP_SET(name) zl.name = (__typeof__(zl.name))fn[i++];
            ZIP_FUNCTIONS(ZIP_SET)
#undef ZIP_SET
        }
        break;
    }
    pthread_mutex_unlock(&zl_lock);
    return st;
}

/* At most this much XML in one part: far above a published table, well below memory. */
#define MAX_PART (256u << 20)

static ingroei_status xlsx_fail(ingroei_error *err, const char *file, const char *fmt,
                                const char *what)
{
    return ig_fail(err, INGROEI_ERR_DATA, file, 0, 0, fmt, what);
}

/* The bytes of part `name` of the zip (NUL-terminated), or NULL when it is missing
 * (*missing) or cannot be read (err set). */
static char *read_part(zip_t *z, const char *file, const char *name, size_t *len, bool *missing,
                       ingroei_error *err)
{
    *missing = false;
    zip_stat_t zs;
    zl.zip_stat_init(&zs);
    if (zl.zip_stat(z, name, 0, &zs) != 0) {
        *missing = true;
        return NULL;
    }
    if (!(zs.valid & ZIP_STAT_SIZE) || zs.size > MAX_PART) {
        ig_fail(err, INGROEI_ERR_DATA, file, 0, 0, "part %s of the workbook is too large", name);
        return NULL;
    }
    zip_file_t *f = zl.zip_fopen(z, name, 0);
    char *data = f ? malloc((size_t)zs.size + 1) : NULL;
    zip_int64_t got = data ? zl.zip_fread(f, data, zs.size) : -1;
    if (f)
        zl.zip_fclose(f);
    if (!data || got < 0 || (zip_uint64_t)got != zs.size) {
        free(data);
        ig_fail(err, data ? INGROEI_ERR_DATA : INGROEI_ERR_NOMEM, file, 0, 0,
                data ? "part %s of the workbook cannot be read (a broken zip)" : "out of memory",
                name);
        return NULL;
    }
    data[zs.size] = '\0';
    *len = (size_t)zs.size;
    return data;
}

/* The local name of an element ("x:row" -> "row"): expat without namespaces keeps a
 * prefix when the file uses one. */
static const char *local(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (!strcmp(local(atts[i]), name))
            return atts[i + 1];
    return NULL;
}

/* ---- the parts ---------------------------------------------------------------------- */

typedef struct sax {
    XML_Parser p;
    bool failed; /* out of memory */
    /* workbook.xml: the sheet wanted (NULL: the first; digits: its number, from 1; else
     * its name, compared without regard to case), the sheets seen, and the relationship
     * id and name of the one chosen */
    const char *want;
    long n_sheets;
    ig_buf names; /* the names seen, quoted, for a message */
    char *first_rid, *chosen;
    /* workbook.xml.rels: the target of first_rid */
    char *target;
    /* sharedStrings.xml */
    char **strings;
    size_t n_strings, cap_strings;
    bool in_si, in_t;
    ig_buf text;
    /* the sheet: its cells as read */
    struct sheet_cell {
        long row, col;
        char *value;
    } * cells;
    size_t n_cells, cap_cells;
    long row, col;  /* the current cell; row 0 before the first */
    char type[16];  /* the cell's t attribute */
    bool in_v, in_is_t, has_value;
} sax;

static void stop(sax *s)
{
    s->failed = true;
    XML_StopParser(s->p, XML_FALSE);
}

/* Whether `want` (NULL, a number from 1, or a name) picks sheet number k named `name`. */
static bool sheet_wanted(const char *want, long k, const char *name)
{
    if (!want)
        return k == 1;
    size_t digits = strspn(want, "0123456789");
    if (want[0] && !want[digits] && digits < 10)
        return strtol(want, NULL, 10) == k;
    return name && strcasecmp(want, name) == 0;
}

static void workbook_start(void *ud, const char *name, const char **atts)
{
    sax *s = ud;
    if (strcmp(local(name), "sheet") != 0)
        return;
    const char *rid = attr(atts, "id"), *sheet = attr(atts, "name");
    s->n_sheets++;
    if (s->n_sheets <= 20)
        ig_buf_printf(&s->names, "%s\"%s\"", s->n_sheets > 1 ? ", " : "", sheet ? sheet : "");
    else if (s->n_sheets == 21)
        ig_buf_puts(&s->names, ", ...");
    if (!s->first_rid && rid && sheet_wanted(s->want, s->n_sheets, sheet) &&
        (!(s->first_rid = ig_strdup(rid)) || !(s->chosen = ig_strdup(sheet ? sheet : ""))))
        stop(s);
    if (s->names.failed)
        stop(s);
}

static void rels_start(void *ud, const char *name, const char **atts)
{
    sax *s = ud;
    const char *id = attr(atts, "Id"), *target = attr(atts, "Target");
    if (!s->target && !strcmp(local(name), "Relationship") && id && target && s->first_rid &&
        !strcmp(id, s->first_rid) && !(s->target = ig_strdup(target)))
        stop(s);
}

static void strings_start(void *ud, const char *name, const char **atts)
{
    (void)atts;
    sax *s = ud;
    const char *n = local(name);
    if (!strcmp(n, "si")) {
        s->in_si = true;
        s->text.len = 0;
        ig_buf_putn(&s->text, "", 0);
    } else if (!strcmp(n, "t") && s->in_si) {
        s->in_t = true;
    }
}

static void strings_end(void *ud, const char *name)
{
    sax *s = ud;
    const char *n = local(name);
    if (!strcmp(n, "t")) {
        s->in_t = false;
    } else if (!strcmp(n, "si") && s->in_si) {
        s->in_si = false;
        if (s->n_strings == s->cap_strings) {
            size_t cap = s->cap_strings ? 2 * s->cap_strings : 64;
            char **v = realloc(s->strings, cap * sizeof *v);
            if (!v) {
                stop(s);
                return;
            }
            s->strings = v;
            s->cap_strings = cap;
        }
        char *t = ig_strdup(s->text.data ? s->text.data : "");
        if (!t || s->text.failed) {
            free(t);
            stop(s);
            return;
        }
        s->strings[s->n_strings++] = t;
    }
}

static void strings_text(void *ud, const char *data, int len)
{
    sax *s = ud;
    if (s->in_t)
        ig_buf_putn(&s->text, data, (size_t)len);
}

/* "BC12" -> column 55 (1-based), row 12; false when it is no cell reference. */
static bool cell_ref(const char *r, long *col, long *row)
{
    long c = 0, w = 0;
    for (; *r >= 'A' && *r <= 'Z'; r++) {
        c = c * 26 + (*r - 'A' + 1);
        if (c > 16384)
            return false;
    }
    for (; *r >= '0' && *r <= '9'; r++) {
        w = w * 10 + (*r - '0');
        if (w > 1048576)
            return false;
    }
    if (*r || c == 0 || w == 0)
        return false;
    *col = c;
    *row = w;
    return true;
}

static void sheet_start(void *ud, const char *name, const char **atts)
{
    sax *s = ud;
    const char *n = local(name);
    if (!strcmp(n, "row")) {
        const char *r = attr(atts, "r");
        long row = r ? atol(r) : s->row + 1;
        if (row <= s->row || row > 1048576)
            row = s->row + 1;
        s->row = row;
        s->col = 0;
    } else if (!strcmp(n, "c")) {
        const char *r = attr(atts, "r"), *t = attr(atts, "t");
        long col = s->col + 1, row = s->row;
        if (r && !cell_ref(r, &col, &row)) {
            col = s->col + 1;
            row = s->row;
        }
        s->col = col;
        snprintf(s->type, sizeof s->type, "%s", t ? t : "n");
        s->text.len = 0;
        ig_buf_putn(&s->text, "", 0);
        s->has_value = false;
    } else if (!strcmp(n, "v")) {
        s->in_v = true;
    } else if (!strcmp(n, "t")) {
        s->in_is_t = !strcmp(s->type, "inlineStr");
    }
}

/* Keeps the current cell's value. */
static void put_cell(sax *s, const char *value)
{
    if (s->n_cells == s->cap_cells) {
        size_t cap = s->cap_cells ? 2 * s->cap_cells : 256;
        struct sheet_cell *v = realloc(s->cells, cap * sizeof *v);
        if (!v) {
            stop(s);
            return;
        }
        s->cells = v;
        s->cap_cells = cap;
    }
    char *copy = ig_strdup(value);
    if (!copy) {
        stop(s);
        return;
    }
    s->cells[s->n_cells++] = (struct sheet_cell){s->row, s->col, copy};
}

static int by_place(const void *a, const void *b)
{
    const struct sheet_cell *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return (x->col > y->col) - (x->col < y->col);
}

/* The cells as CSV lines, row r on line r. */
static void write_csv(sax *s, ig_buf *csv)
{
    qsort(s->cells, s->n_cells, sizeof *s->cells, by_place);
    long width = 0, widest = 0;
    for (size_t i = 0; i < s->n_cells;) {
        size_t j = i;
        while (j < s->n_cells && s->cells[j].row == s->cells[i].row)
            j++;
        const long last = s->cells[j - 1].col;
        widest = last > widest ? last : widest;
        if (j - i >= 2 && last > width)
            width = last;
        i = j;
    }
    if (width == 0)
        width = widest;
    long line = 1;
    for (size_t i = 0; i < s->n_cells;) {
        const long row = s->cells[i].row;
        for (; line < row; line++)
            ig_buf_putc(csv, '\n');
        long col = 1;
        for (; i < s->n_cells && s->cells[i].row == row; i++) {
            if (i > 0 && s->cells[i - 1].row == row && s->cells[i - 1].col == s->cells[i].col)
                continue; /* the same cell twice: the first counts */
            for (; col < s->cells[i].col; col++)
                ig_buf_putc(csv, ',');
            ig_csv_field(csv, s->cells[i].value);
        }
        for (; col < width; col++)
            ig_buf_putc(csv, ',');
        ig_buf_putc(csv, '\n');
        line++;
    }
}

static void sheet_end(void *ud, const char *name)
{
    sax *s = ud;
    const char *n = local(name);
    if (!strcmp(n, "v")) {
        s->in_v = false;
    } else if (!strcmp(n, "t")) {
        s->in_is_t = false;
    } else if (!strcmp(n, "c")) {
        if (!s->has_value)
            return;
        const char *v = s->text.data ? s->text.data : "";
        if (!strcmp(s->type, "s")) {
            char *end;
            unsigned long k = strtoul(v, &end, 10);
            if (*end || end == v || k >= s->n_strings) {
                s->failed = false;
                XML_StopParser(s->p, XML_FALSE);
                s->type[0] = '!'; /* a bad shared-string index: reported by the caller */
                return;
            }
            put_cell(s, s->strings[k]);
        } else if (!strcmp(s->type, "b")) {
            put_cell(s, strcmp(v, "0") ? "1" : "0");
        } else {
            put_cell(s, v); /* a number as stored, or text (str, inlineStr, e) */
        }
    }
}

static void sheet_text(void *ud, const char *data, int len)
{
    sax *s = ud;
    if (s->in_v || s->in_is_t) {
        ig_buf_putn(&s->text, data, (size_t)len);
        s->has_value = true;
    }
}

/* Parses `data` with the handlers; false (err set) when the XML is bad. */
static bool parse(sax *s, const char *file, const char *part, const char *data, size_t len,
                  XML_StartElementHandler start, XML_EndElementHandler end,
                  XML_CharacterDataHandler text, ingroei_error *err)
{
    s->p = XML_ParserCreate("UTF-8");
    if (!s->p) {
        ig_fail(err, INGROEI_ERR_NOMEM, file, 0, 0, "out of memory");
        return false;
    }
    XML_SetUserData(s->p, s);
    XML_SetElementHandler(s->p, start, end);
    XML_SetCharacterDataHandler(s->p, text);
    const enum XML_Status st = XML_Parse(s->p, data, (int)len, XML_TRUE);
    bool ok = true;
    if (s->failed) {
        ig_fail(err, INGROEI_ERR_NOMEM, file, 0, 0, "out of memory");
        ok = false;
    } else if (s->type[0] == '!') {
        ig_fail(err, INGROEI_ERR_DATA, file, (int)s->row, 0,
                "part %s of the workbook names a shared string it does not have", part);
        ok = false;
    } else if (st != XML_STATUS_OK) {
        ig_fail(err, INGROEI_ERR_DATA, file, 0, 0,
                "part %s of the workbook is not well-formed XML: %s (line %lu)", part,
                XML_ErrorString(XML_GetErrorCode(s->p)),
                (unsigned long)XML_GetCurrentLineNumber(s->p));
        ok = false;
    }
    XML_ParserFree(s->p);
    s->p = NULL;
    return ok;
}

static void sax_clear(sax *s)
{
    free(s->first_rid);
    free(s->chosen);
    ig_buf_free(&s->names);
    free(s->target);
    for (size_t i = 0; i < s->n_strings; i++)
        free(s->strings[i]);
    free(s->strings);
    ig_buf_free(&s->text);
    for (size_t i = 0; i < s->n_cells; i++)
        free(s->cells[i].value);
    free(s->cells);
}

bool ig_is_xlsx(const char *data, size_t len)
{
    return len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

ingroei_status ig_xlsx_sheet_csv(const char *file, const char *data, size_t len,
                                 const char *sheet, ig_buf *csv, char **chosen,
                                 ingroei_error *err)
{
    if (chosen)
        *chosen = NULL;
    ingroei_status loaded = zip_load(file, err);
    if (loaded != INGROEI_OK)
        return loaded;
    zip_error_t ze;
    zl.zip_error_init(&ze);
    zip_source_t *src = zl.zip_source_buffer_create(data, len, 0, &ze);
    zip_t *z = src ? zl.zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    if (!z) {
        ingroei_status st =
            xlsx_fail(err, file, "not a workbook that can be read: %s",
                      zl.zip_error_strerror(&ze));
        if (src)
            zl.zip_source_free(src);
        zl.zip_error_fini(&ze);
        return st;
    }
    zl.zip_error_fini(&ze);
    sax s = {.want = sheet};
    ingroei_status st = INGROEI_OK;
    size_t n = 0;
    bool missing = false;
    char *part = read_part(z, file, "xl/workbook.xml", &n, &missing, err);
    if (!part)
        st = missing ? xlsx_fail(err, file, "not an .xlsx workbook: it has no %s",
                                 "xl/workbook.xml")
                     : err->status;
    if (st == INGROEI_OK &&
        !parse(&s, file, "xl/workbook.xml", part, n, workbook_start, NULL, NULL, err))
        st = err->status;
    free(part);
    part = NULL;
    if (st == INGROEI_OK && !s.first_rid) {
        if (!sheet || s.n_sheets == 0)
            st = xlsx_fail(err, file, "the workbook has no sheet%s", "");
        else
            st = ig_fail(err, INGROEI_ERR_DATA, file, 0, 0,
                         "the workbook has no sheet '%s' (a name, or a number from 1 to %ld: "
                         "its sheets are %s)",
                         sheet, s.n_sheets, s.names.data ? s.names.data : "");
    }
    if (st == INGROEI_OK) {
        part = read_part(z, file, "xl/_rels/workbook.xml.rels", &n, &missing, err);
        if (!part)
            st = missing ? xlsx_fail(err, file, "not an .xlsx workbook: it has no %s",
                                     "xl/_rels/workbook.xml.rels")
                         : err->status;
        if (st == INGROEI_OK &&
            !parse(&s, file, "xl/_rels/workbook.xml.rels", part, n, rels_start, NULL, NULL, err))
            st = err->status;
        free(part);
        part = NULL;
        if (st == INGROEI_OK && !s.target)
            st = xlsx_fail(err, file, "the workbook does not say where its sheet %s is",
                           s.first_rid);
    }
    /* the shared strings, when there are any */
    if (st == INGROEI_OK) {
        part = read_part(z, file, "xl/sharedStrings.xml", &n, &missing, err);
        if (!part && !missing)
            st = err->status;
        if (part && !parse(&s, file, "xl/sharedStrings.xml", part, n, strings_start,
                           strings_end, strings_text, err))
            st = err->status;
        free(part);
        part = NULL;
    }
    if (st == INGROEI_OK) {
        /* the target is relative to xl/ ("worksheets/sheet1.xml") or absolute
         * ("/xl/worksheets/sheet1.xml") */
        char *name = s.target[0] == '/' ? ig_strdup(s.target + 1) : ig_path_join("xl", s.target);
        if (!name) {
            st = ig_fail(err, INGROEI_ERR_NOMEM, file, 0, 0, "out of memory");
        } else {
            part = read_part(z, file, name, &n, &missing, err);
            if (!part)
                st = missing ? xlsx_fail(err, file, "the workbook has no part %s", name)
                             : err->status;
            if (st == INGROEI_OK &&
                !parse(&s, file, name, part, n, sheet_start, sheet_end, sheet_text, err))
                st = err->status;
            if (st == INGROEI_OK && s.n_cells == 0)
                st = ig_fail(err, INGROEI_ERR_DATA, file, 0, 0,
                             "sheet '%s' of the workbook (%s) is empty", s.chosen, name);
            if (st == INGROEI_OK)
                write_csv(&s, csv);
            if (st == INGROEI_OK && csv->failed)
                st = ig_fail(err, INGROEI_ERR_NOMEM, file, 0, 0, "out of memory");
            free(part);
            free(name);
        }
    }
    if (st == INGROEI_OK && chosen) {
        *chosen = s.chosen;
        s.chosen = NULL;
    }
    sax_clear(&s);
    zl.zip_discard(z); /* read only: nothing to write back; frees the source too */
    return st;
}
