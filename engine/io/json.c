/*
 * json.c - what the engine writes for machines: string literals from one escaper with a
 * mode per context (JSON, JSON inside an HTML <script> element, a YAML double-quoted
 * scalar for the resolved scenario), the opening every receipt shares, and object
 * members one per line.
 */
#include "io/io.h"

#include <stdbool.h>

enum { JSON_PLAIN, JSON_SCRIPT, JSON_YAML };

/* A JSON string literal. JSON_SCRIPT: also safe inside an HTML <script> element (see
 * ig_json_script in io/io.h). JSON_YAML: also a YAML double-quoted scalar that
 * reads back unchanged: YAML folds its line breaks U+0085, U+2028 and U+2029 and does
 * not allow DEL and the other C1 controls raw, so they are escaped too. */
static void json_string(ig_buf *b, const char *s, int mode)
{
    static const char hex[] = "0123456789abcdef";
    const bool script = mode == JSON_SCRIPT, yaml = mode == JSON_YAML;
    ig_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        /* a run of characters that are written as they are, at once */
        const unsigned char *run = p;
        while (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\' &&
               !(script && (*p == '<' || *p == '>' || *p == '&')))
            p++;
        if (p > run)
            ig_buf_putn(b, (const char *)run, (size_t)(p - run));
        if (!*p)
            break;
        bool markup = script && (*p == '<' || *p == '>' || *p == '&');
        /* U+2028 and U+2029 are E2 80 A8 and E2 80 A9 in UTF-8 */
        if ((script || yaml) && p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
            ig_buf_puts(b, p[2] == 0xa8 ? "\\u2028" : "\\u2029");
            p += 2;
            continue;
        }
        /* U+0080..U+009F (NEL among them) are C2 80..C2 9F */
        if (yaml && p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
            ig_buf_puts(b, "\\u00");
            ig_buf_putc(b, hex[p[1] >> 4]);
            ig_buf_putc(b, hex[p[1] & 15]);
            p += 1;
            continue;
        }
        if (yaml && *p == 0x7f) {
            ig_buf_puts(b, "\\u007f");
            continue;
        }
        switch (*p) {
        case '"': ig_buf_puts(b, "\\\""); break;
        case '\\': ig_buf_puts(b, "\\\\"); break;
        case '\n': ig_buf_puts(b, "\\n"); break;
        case '\r': ig_buf_puts(b, "\\r"); break;
        case '\t': ig_buf_puts(b, "\\t"); break;
        default:
            if (*p < 0x20 || markup) {
                ig_buf_puts(b, "\\u00");
                ig_buf_putc(b, hex[*p >> 4]);
                ig_buf_putc(b, hex[*p & 15]);
            } else {
                ig_buf_putc(b, (char)*p);
            }
        }
    }
    ig_buf_putc(b, '"');
}

void ig_json_string(ig_buf *b, const char *s)
{
    json_string(b, s, JSON_PLAIN);
}

void ig_json_script(ig_buf *b, const char *s)
{
    json_string(b, s, JSON_SCRIPT);
}

void ig_yaml_quoted(ig_buf *b, const char *s)
{
    json_string(b, s, JSON_YAML);
}

void ig_json_receipt_begin(ig_buf *b)
{
    ig_buf_puts(b, "{\n  \"engine\": {\"name\": \"ingroei\", \"version\": ");
    ig_json_string(b, INGROEI_VERSION);
    ig_buf_puts(b, "}");
}

void ig_json_indent(ig_buf *b, int indent)
{
    for (int i = 0; i < indent; i++)
        ig_buf_puts(b, "  ");
}

void ig_json_key(ig_buf *b, int indent, const char *key)
{
    ig_json_indent(b, indent);
    ig_json_string(b, key);
    ig_buf_puts(b, ": ");
}

void ig_json_str_field(ig_buf *b, int indent, const char *key, const char *v, bool last)
{
    ig_json_key(b, indent, key);
    if (v)
        ig_json_string(b, v);
    else
        ig_buf_puts(b, "null");
    ig_buf_puts(b, last ? "\n" : ",\n");
}

void ig_json_int_field(ig_buf *b, int indent, const char *key, int64_t v, bool last)
{
    ig_json_key(b, indent, key);
    ig_put_int(b, v);
    ig_buf_puts(b, last ? "\n" : ",\n");
}

void ig_json_fixed_field(ig_buf *b, int indent, const char *key, double v, int dec, bool last)
{
    ig_json_key(b, indent, key);
    ig_put_fixed(b, v, dec, '.');
    ig_buf_puts(b, last ? "\n" : ",\n");
}
