/*
 * text.c - escaping for the text formats the engine writes: RFC 4180 CSV fields and
 * JSON strings.
 */
#include "../ig.h"

#include <string.h>

void ig_csv_field(ig_buf *b, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        ig_buf_puts(b, s);
        return;
    }
    ig_buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            ig_buf_putc(b, '"');
        ig_buf_putc(b, *s);
    }
    ig_buf_putc(b, '"');
}

void ig_json_string(ig_buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    ig_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': ig_buf_puts(b, "\\\""); break;
        case '\\': ig_buf_puts(b, "\\\\"); break;
        case '\n': ig_buf_puts(b, "\\n"); break;
        case '\r': ig_buf_puts(b, "\\r"); break;
        case '\t': ig_buf_puts(b, "\\t"); break;
        default:
            if (*p < 0x20) {
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
