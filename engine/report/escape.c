/*
 * escape.c - one escaper for each context a string of the data (a gemeente name, a
 * scenario name, a source) can reach in a report: HTML text and attributes, a gnuplot
 * string, and the page's data (through io/json.c's script-safe JSON). A name is data,
 * never markup or code.
 */
#include "report/report.h"

void ig_html_text(ig_buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '&': ig_buf_puts(b, "&amp;"); break;
        case '<': ig_buf_puts(b, "&lt;"); break;
        case '>': ig_buf_puts(b, "&gt;"); break;
        case '"': ig_buf_puts(b, "&quot;"); break;
        case '\'': ig_buf_puts(b, "&#39;"); break;
        default:
            if ((*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7f)
                break;
            ig_buf_putc(b, (char)*p);
        }
    }
}

/* ig_json_script is in io/json.c, beside ig_json_string, whose escapes it extends. */

void ig_html_json_text(ig_buf *b, const char *key, const char *value)
{
    ig_buf_printf(b, "\"%s\":", key);
    if (value)
        ig_json_script(b, value);
    else
        ig_buf_puts(b, "null");
}

void ig_html_json_gemeente(ig_buf *b, const char *code, const char *name, const char *province)
{
    ig_html_json_text(b, "code", code);
    ig_buf_putc(b, ',');
    ig_html_json_text(b, "name", name);
    ig_buf_putc(b, ',');
    ig_html_json_text(b, "province", province);
}

void ig_html_json_per_inhabitant(ig_buf *b, int64_t amount, int64_t inhabitants)
{
    if (inhabitants > 0)
        ig_put_fixed(b, (double)amount / (double)inhabitants, 2, '.');
    else
        ig_buf_puts(b, "null");
}

void ig_notice_nl(ig_buf *b, const ig_obj_model *obj)
{
    if (obj->own_key) { /* a key file (README "Your own key") */
        ig_buf_printf(b, "Eigen objectieve sleutel: %s.", obj->name ? obj->name : "");
        return;
    }
    ig_buf_printf(b,
                  "De offici\u00eble maatstaven en gewichten van het objectieve verdeelmodel "
                  "beschermd wonen zijn niet openbaar. Deze berekening gebruikt \u201c%s\u201d, "
                  "niet het offici\u00eble model; de toelichting bij de sleutel staat in "
                  "summary.json.",
                  obj->name ? obj->name : "");
}

void ig_gp_quote(ig_buf *b, const char *s)
{
    ig_buf_putc(b, '\'');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            continue;
        if (*p == '\'')
            ig_buf_putc(b, '\'');
        ig_buf_putc(b, (char)*p);
    }
    ig_buf_putc(b, '\'');
}

void ig_base64(ig_buf *b, const void *data, size_t len)
{
    static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i += 3) {
        unsigned v = (unsigned)p[i] << 16;
        if (i + 1 < len)
            v |= (unsigned)p[i + 1] << 8;
        if (i + 2 < len)
            v |= p[i + 2];
        char out[4] = {digits[v >> 18], digits[(v >> 12) & 63],
                       i + 1 < len ? digits[(v >> 6) & 63] : '=',
                       i + 2 < len ? digits[v & 63] : '='};
        ig_buf_putn(b, out, 4);
    }
}
