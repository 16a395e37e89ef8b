/*
 * xlsx_check.c - reads a workbook back before it is committed: libxlsxwriter ignores
 * failed writes, reads and seeks on its temporary files and then packs what is there,
 * so that a full disk gives a well-packed zip of broken XML. The check parses the zip's
 * central directory, inflates every entry (zlib), compares its CRC-32 and size with the
 * directory's, checks that every XML part is well-formed, and counts what the writer
 * says it wrote: the cells of each sheet and the strings of the shared-string table.
 */
#include "report/report.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* ---- XML, fed in pieces ------------------------------------------------------------ */

/* Element names up to this length; the deepest nesting kept. */
#define XML_NAME  64
#define XML_DEPTH 64

typedef enum xml_state {
    X_TEXT,       /* content (or outside the root) */
    X_LT,         /* after '<' */
    X_START_NAME, /* <name */
    X_IN_TAG,     /* between attributes */
    X_ATTR_NAME,
    X_ATTR_EQ,    /* after the name, before '=' */
    X_ATTR_QUOTE, /* after '=' */
    X_ATTR_VALUE,
    X_AFTER_VALUE, /* after the closing quote: space, '/' or '>' */
    X_EMPTY,       /* after '/' in a start tag: '>' */
    X_END_NAME,    /* </name */
    X_END_SPACE,   /* </name  : '>' */
    X_PI,          /* <? ... ?> */
    X_BANG,        /* <! */
    X_COMMENT,     /* <!-- ... --> */
    X_CDATA,       /* <![CDATA[ ... ]]> */
    X_ENTITY,      /* &...; */
} xml_state;

typedef struct xml_check {
    xml_state state, entity_return;
    char quote;
    size_t pos;                  /* bytes seen */
    char name[XML_NAME + 1];     /* the name being read */
    size_t name_len;
    char stack[XML_DEPTH][XML_NAME + 1];
    size_t depth;
    bool root_seen, root_closed;
    size_t marker;     /* characters matched of a terminator ("?>", "-->", "]]>") */
    char entity[12];   /* the entity being read, or what follows "<!" */
    size_t entity_len;
    const char *count_name; /* elements to count */
    size_t count;
    const char *attr_name; /* an attribute of the root to keep */
    bool in_attr_wanted;
    char attr_value[32];
    size_t attr_len;
    const char *error; /* the first error, or NULL */
} xml_check;

static bool name_start(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':' || c >= 0x80;
}

static bool name_char(unsigned char c)
{
    return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static bool space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void xml_error(xml_check *x, const char *why)
{
    if (!x->error)
        x->error = why;
}

static void name_add(xml_check *x, unsigned char c)
{
    if (x->name_len == XML_NAME)
        xml_error(x, "an element name is too long");
    else
        x->name[x->name_len++] = (char)c;
    x->name[x->name_len] = '\0';
}

static void push(xml_check *x)
{
    /* (the depth is 0 after the document element only once pop has closed it) */
    if (x->root_closed)
        xml_error(x, "an element after the document element");
    else if (x->depth == XML_DEPTH)
        xml_error(x, "elements are nested too deeply");
    else
        memcpy(x->stack[x->depth++], x->name, x->name_len + 1);
    x->root_seen = true;
    if (x->count_name && !strcmp(x->name, x->count_name))
        x->count++;
}

static void pop(xml_check *x)
{
    if (x->depth == 0)
        xml_error(x, "an end tag without its start tag");
    else if (strcmp(x->stack[--x->depth], x->name))
        xml_error(x, "an end tag does not match its start tag");
    if (x->depth == 0)
        x->root_closed = true;
}

/* A start tag that ends with '>' or '/>'. */
static void start_tag_end(xml_check *x, bool empty)
{
    x->in_attr_wanted = false;
    if (empty && !x->error) {
        push(x);
        pop(x);
    } else if (!x->error) {
        push(x);
    }
    x->state = X_TEXT;
}

static void entity_end(xml_check *x)
{
    static const char *const named[] = {"amp", "lt", "gt", "quot", "apos"};
    const char *e = x->entity;
    bool ok = false;
    if (e[0] == '#' && e[1] == 'x')
        ok = x->entity_len > 2 && strspn(e + 2, "0123456789abcdefABCDEF") == x->entity_len - 2;
    else if (e[0] == '#')
        ok = x->entity_len > 1 && strspn(e + 1, "0123456789") == x->entity_len - 1;
    else
        for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
            ok = ok || !strcmp(e, named[i]);
    if (!ok)
        xml_error(x, "an unknown or malformed character reference");
    x->state = x->entity_return;
}

static void feed_byte(xml_check *x, unsigned char c)
{
    switch (x->state) {
    case X_TEXT:
        if (c == '<') {
            x->state = X_LT;
        } else if (c == '&') {
            if (x->depth == 0)
                xml_error(x, "text outside the document element");
            x->entity_len = 0;
            x->entity_return = X_TEXT;
            x->state = X_ENTITY;
        } else if (x->depth == 0 && !space(c)) {
            xml_error(x, "text outside the document element");
        } else if (c == 0) {
            xml_error(x, "a NUL byte");
        }
        break;
    case X_LT:
        x->name_len = 0;
        x->marker = 0;
        x->entity_len = 0;
        if (c == '/')
            x->state = X_END_NAME;
        else if (c == '?')
            x->state = X_PI;
        else if (c == '!')
            x->state = X_BANG;
        else if (name_start(c)) {
            name_add(x, c);
            x->state = X_START_NAME;
            x->in_attr_wanted = false;
        } else
            xml_error(x, "'<' not followed by a tag");
        break;
    case X_START_NAME:
        if (name_char(c))
            name_add(x, c);
        else if (space(c))
            x->state = X_IN_TAG;
        else if (c == '>')
            start_tag_end(x, false);
        else if (c == '/')
            x->state = X_EMPTY;
        else
            xml_error(x, "a malformed start tag");
        break;
    case X_IN_TAG:
    case X_AFTER_VALUE:
        if (space(c))
            x->state = X_IN_TAG;
        else if (c == '>')
            start_tag_end(x, false);
        else if (c == '/')
            x->state = X_EMPTY;
        else if (x->state == X_IN_TAG && name_start(c)) {
            x->attr_len = 0;
            x->marker = 0;
            /* the attribute's name is matched against the one wanted, on the root only */
            x->in_attr_wanted = !x->root_seen && x->attr_name && x->attr_name[0] == (char)c;
            x->marker = 1;
            x->state = X_ATTR_NAME;
        } else
            xml_error(x, "a malformed attribute");
        break;
    case X_ATTR_NAME:
        if (name_char(c)) {
            x->in_attr_wanted = x->in_attr_wanted && x->attr_name[x->marker] == (char)c;
            x->marker++;
        } else {
            x->in_attr_wanted = x->in_attr_wanted && x->attr_name[x->marker] == '\0';
            if (space(c))
                x->state = X_ATTR_EQ;
            else if (c == '=')
                x->state = X_ATTR_QUOTE;
            else
                xml_error(x, "a malformed attribute");
        }
        break;
    case X_ATTR_EQ:
        if (c == '=')
            x->state = X_ATTR_QUOTE;
        else if (!space(c))
            xml_error(x, "an attribute without a value");
        break;
    case X_ATTR_QUOTE:
        if (c == '"' || c == '\'') {
            x->quote = (char)c;
            x->state = X_ATTR_VALUE;
        } else if (!space(c)) {
            xml_error(x, "an attribute value without quotes");
        }
        break;
    case X_ATTR_VALUE:
        if (c == (unsigned char)x->quote) {
            x->state = X_AFTER_VALUE;
            if (x->in_attr_wanted)
                x->attr_value[x->attr_len] = '\0';
            x->in_attr_wanted = false;
        } else if (c == '<') {
            xml_error(x, "'<' in an attribute value");
        } else if (c == '&') {
            x->entity_len = 0;
            x->entity_return = X_ATTR_VALUE;
            x->state = X_ENTITY;
        } else if (x->in_attr_wanted && x->attr_len + 1 < sizeof x->attr_value) {
            x->attr_value[x->attr_len++] = (char)c;
        }
        break;
    case X_EMPTY:
        if (c == '>')
            start_tag_end(x, true);
        else
            xml_error(x, "'/' in a start tag not followed by '>'");
        break;
    case X_END_NAME:
        if (name_char(c) && (x->name_len || name_start(c)))
            name_add(x, c);
        else if (x->name_len && (space(c) || c == '>')) {
            x->state = c == '>' ? X_TEXT : X_END_SPACE;
            if (c == '>')
                pop(x);
        } else
            xml_error(x, "a malformed end tag");
        break;
    case X_END_SPACE:
        if (c == '>') {
            pop(x);
            x->state = X_TEXT;
        } else if (!space(c)) {
            xml_error(x, "a malformed end tag");
        }
        break;
    case X_PI:
        if (c == '>' && x->marker)
            x->state = X_TEXT;
        x->marker = c == '?';
        break;
    case X_BANG:
        /* the characters after "<!" until they are "--" or "[CDATA[" */
        if (x->entity_len + 1 < sizeof x->entity)
            x->entity[x->entity_len++] = (char)c;
        x->entity[x->entity_len] = '\0';
        if (!strcmp(x->entity, "--")) {
            x->state = X_COMMENT;
            x->marker = 0;
        } else if (!strcmp(x->entity, "[CDATA[") && x->depth > 0) {
            x->state = X_CDATA;
            x->marker = 0;
        } else if (strncmp(x->entity, "--", x->entity_len) &&
                   strncmp(x->entity, "[CDATA[", x->entity_len)) {
            xml_error(x, "a declaration that is neither a comment nor CDATA");
        }
        break;
    case X_COMMENT:
        if (x->marker >= 2 && c == '>') {
            x->state = X_TEXT;
            x->marker = 0;
        } else {
            x->marker = c == '-' ? x->marker + 1 : 0;
        }
        break;
    case X_CDATA:
        if (x->marker >= 2 && c == '>') {
            x->state = X_TEXT;
            x->marker = 0;
        } else {
            x->marker = c == ']' ? x->marker + 1 : 0;
        }
        break;
    case X_ENTITY:
        if (c == ';') {
            x->entity[x->entity_len] = '\0';
            entity_end(x);
        } else if (x->entity_len + 1 < sizeof x->entity && (name_char(c) || c == '#')) {
            x->entity[x->entity_len++] = (char)c;
        } else {
            xml_error(x, "an unknown or malformed character reference");
        }
        break;
    }
}

static void xml_check_start(xml_check *x, const char *count_name, const char *attr_name)
{
    memset(x, 0, sizeof *x);
    x->count_name = count_name;
    x->attr_name = attr_name;
}

static void xml_check_feed(xml_check *x, const void *data, size_t len)
{
    const unsigned char *p = data;
    size_t i = 0;
    while (i < len && !x->error) {
        /* plain bytes of text and of attribute values change no state */
        size_t j = i;
        if (x->state == X_TEXT && x->depth > 0)
            while (j < len && p[j] != '<' && p[j] != '&' && p[j] != 0)
                j++;
        else if (x->state == X_ATTR_VALUE && !x->in_attr_wanted)
            while (j < len && p[j] != (unsigned char)x->quote && p[j] != '<' && p[j] != '&')
                j++;
        x->pos += j - i;
        i = j;
        if (i < len) {
            feed_byte(x, p[i++]);
            x->pos++;
        }
    }
}

static const char *xml_check_end(xml_check *x, size_t *count, const char **attr)
{
    if (!x->error && !x->root_seen)
        xml_error(x, "no document element");
    else if (!x->error && (!x->root_closed || x->state != X_TEXT))
        xml_error(x, "the document element is not closed (the part ends early)");
    if (count)
        *count = x->count;
    if (attr)
        *attr = x->attr_value;
    return x->error;
}

const char *ig_xml_check(const void *data, size_t len, const char *count_name, size_t *count)
{
    xml_check *x = malloc(sizeof *x);
    if (!x)
        return "out of memory";
    xml_check_start(x, count_name, NULL);
    xml_check_feed(x, data, len);
    const char *why = xml_check_end(x, count, NULL);
    free(x);
    return why;
}

/* ---- the zip ------------------------------------------------------------------------ */

static uint32_t le16(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
    return le16(p) | le16(p + 2) << 16;
}

/* One entry of the central directory. */
typedef struct zip_entry {
    char name[256];
    unsigned method;
    uint32_t crc, csize, usize, offset;
} zip_entry;

/* What a part must hold: `count` elements `element`, or as many as its root's
 * attribute `attr` says. */
static void part_rules(const char *name, const ig_xlsx_expect *expect, const char **element,
                       const char **attr, size_t *want, bool *known)
{
    *element = NULL;
    *attr = NULL;
    *known = false;
    if (!strcmp(name, "xl/sharedStrings.xml")) {
        *element = "si";
        *attr = "uniqueCount";
        return;
    }
    unsigned k;
    int used = 0;
    if (expect && sscanf(name, "xl/worksheets/sheet%u.xml%n", &k, &used) == 1 &&
        (size_t)used == strlen(name) && k >= 1 && k <= expect->n_sheets) {
        *element = "c";
        *want = expect->cells[k - 1];
        *known = true;
    }
}

/* Inflates (or copies) one entry through the XML check; NULL or why it is broken. */
static const char *check_entry(const unsigned char *zip, size_t size, const zip_entry *e,
                               const ig_xlsx_expect *expect, xml_check *xml, char *why,
                               size_t why_size)
{
    if ((size_t)e->offset + 30 > size || le32(zip + e->offset) != 0x04034b50)
        return "its local header is missing";
    const unsigned char *h = zip + e->offset;
    size_t data = (size_t)e->offset + 30 + le16(h + 26) + le16(h + 28);
    if (data > size || e->csize > size - data)
        return "its data run past the end of the file";
    if (e->method != 0 && e->method != 8)
        return "it is compressed with an unknown method";
    size_t n = strlen(e->name);
    bool is_xml = (n > 4 && !strcmp(e->name + n - 4, ".xml")) ||
                  (n > 5 && !strcmp(e->name + n - 5, ".rels"));
    const char *element = NULL, *attr = NULL;
    size_t want = 0;
    bool known = false;
    part_rules(e->name, expect, &element, &attr, &want, &known);
    xml_check_start(xml, element, attr);
    uLong crc = crc32(0L, Z_NULL, 0);
    size_t total = 0;
    const char *fail = NULL;
    if (e->method == 0) {
        if (e->csize != e->usize)
            return "its stored size differs from its size";
        crc = crc32(crc, zip + data, e->csize);
        total = e->csize;
        if (is_xml)
            xml_check_feed(xml, zip + data, e->csize);
    } else {
        z_stream z = {0};
        if (inflateInit2(&z, -MAX_WBITS) != Z_OK)
            return "out of memory";
        unsigned char out[65536];
        z.next_in = (Bytef *)(zip + data);
        z.avail_in = e->csize;
        int zr = Z_OK;
        while (zr == Z_OK) {
            z.next_out = out;
            z.avail_out = sizeof out;
            zr = inflate(&z, Z_NO_FLUSH);
            size_t got = sizeof out - z.avail_out;
            crc = crc32(crc, out, (uInt)got);
            total += got;
            if (total > e->usize) {
                fail = "it inflates to more than its size in the zip directory";
                break;
            }
            if (is_xml)
                xml_check_feed(xml, out, got);
            if (zr == Z_BUF_ERROR && z.avail_in == 0)
                break;
            if (zr == Z_BUF_ERROR && got)
                zr = Z_OK;
        }
        if (!fail && zr != Z_STREAM_END)
            fail = z.msg ? z.msg : "its compressed data end early";
        inflateEnd(&z);
        if (fail)
            return fail;
    }
    if (crc != e->crc)
        return "its CRC-32 differs from the one in the zip directory";
    if (total != e->usize)
        return "its size differs from the one in the zip directory";
    if (!is_xml)
        return NULL;
    size_t count = 0;
    const char *value = NULL;
    fail = xml_check_end(xml, &count, &value);
    if (fail) {
        snprintf(why, why_size, "malformed XML: %s (near byte %zu of %zu)", fail, xml->pos, total);
        return why;
    }
    if (attr) {
        char *end = NULL;
        unsigned long long said = strtoull(value, &end, 10);
        if (!value[0] || *end || said != count) {
            snprintf(why, why_size, "it holds %zu <%s> elements, but its %s says '%s'", count,
                     element, attr, value);
            return why;
        }
    }
    if (known && count != want) {
        snprintf(why, why_size, "it holds %zu cells, but %zu were written", count, want);
        return why;
    }
    return NULL;
}

ingroei_status ig_xlsx_verify(const void *data, size_t size, const ig_xlsx_expect *expect,
                              const char *file, ingroei_error *err)
{
    const unsigned char *zip = data;
    /* the end of central directory record: 22 bytes and a comment of up to 65535 */
    size_t eocd = SIZE_MAX;
    for (size_t back = 22; back <= size && back <= 22 + 65535 && eocd == SIZE_MAX; back++)
        if (le32(zip + size - back) == 0x06054b50)
            eocd = size - back;
    if (eocd == SIZE_MAX)
        return ig_fail(err, INGROEI_ERR_IO, file, 0, 0,
                       "the workbook is broken: it is not a zip file (no end of its directory)");
    const unsigned char *end = zip + eocd;
    size_t n = le16(end + 10), cd_size = le32(end + 12), cd_off = le32(end + 16);
    if (le16(end + 4) != 0 || le16(end + 6) != 0 || le16(end + 8) != n ||
        cd_off > eocd || cd_size > eocd - cd_off || n == 0)
        return ig_fail(err, INGROEI_ERR_IO, file, 0, 0,
                       "the workbook is broken: its zip directory is malformed");
    xml_check *xml = malloc(sizeof *xml);
    if (!xml)
        return ig_fail(err, INGROEI_ERR_NOMEM, file, 0, 0, "out of memory");
    ingroei_status st = INGROEI_OK;
    size_t p = cd_off, sheets = 0;
    for (size_t i = 0; i < n && st == INGROEI_OK; i++) {
        const unsigned char *c = zip + p;
        if (p + 46 > cd_off + cd_size || le32(c) != 0x02014b50) {
            st = ig_fail(err, INGROEI_ERR_IO, file, 0, 0,
                         "the workbook is broken: its zip directory is malformed");
            break;
        }
        zip_entry e = {.method = le16(c + 10), .crc = le32(c + 16), .csize = le32(c + 20),
                       .usize = le32(c + 24), .offset = le32(c + 42)};
        size_t name_len = le16(c + 28), extra = le16(c + 30), comment = le16(c + 32);
        if (p + 46 + name_len > cd_off + cd_size || name_len >= sizeof e.name) {
            st = ig_fail(err, INGROEI_ERR_IO, file, 0, 0,
                         "the workbook is broken: its zip directory is malformed");
            break;
        }
        memcpy(e.name, c + 46, name_len);
        e.name[name_len] = '\0';
        p += 46 + name_len + extra + comment;
        unsigned k;
        if (sscanf(e.name, "xl/worksheets/sheet%u.xml", &k) == 1)
            sheets++;
        char why[200];
        const char *broken = check_entry(zip, size, &e, expect, xml, why, sizeof why);
        if (broken && !strcmp(broken, "out of memory"))
            st = ig_fail(err, INGROEI_ERR_NOMEM, file, 0, 0, "out of memory");
        else if (broken)
            st = ig_fail(err, INGROEI_ERR_IO, file, 0, 0, "the workbook is broken: part %s: %s",
                         e.name, broken);
    }
    free(xml);
    if (st == INGROEI_OK && expect && sheets != expect->n_sheets)
        st = ig_fail(err, INGROEI_ERR_IO, file, 0, 0,
                     "the workbook is broken: it holds %zu sheets, but %zu were written", sheets,
                     expect->n_sheets);
    return st;
}
