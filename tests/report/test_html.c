/*
 * test_html.c - the escapers of the HTML report (report/escape.c), one per context (the
 * script-safe JSON string is tested with io/json.c), and the Dutch number formatting of
 * its tables (report/html.c): every character that could end a context or start markup
 * or code comes out as text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "report/report.h"

#include <string.h>

typedef void escape_fn(ig_buf *b, const char *s);

static void expect(escape_fn *f, const char *in, const char *want)
{
    ig_buf b = {0};
    f(&b, in);
    assert_false(b.failed);
    assert_string_equal(b.data ? b.data : "", want);
    ig_buf_free(&b);
}

static void test_html_text(void **state)
{
    (void)state;
    expect(ig_html_text, "", "");
    expect(ig_html_text, "Súdwest-Fryslân", "Súdwest-Fryslân");
    expect(ig_html_text, "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(ig_html_text, "a & b \"c\" 'd'", "a &amp; b &quot;c&quot; &#39;d&#39;");
    expect(ig_html_text, "&amp;", "&amp;amp;"); /* an entity in the data stays text */
    expect(ig_html_text, "x\\y", "x\\y");
    expect(ig_html_text,
           "a\x01"
           "b\x7f"
           "c\td\ne",
           "abc\td\ne"); /* no control characters */
}

static void test_gp_quote(void **state)
{
    (void)state;
    expect(ig_gp_quote, "", "''");
    expect(ig_gp_quote, "'s-Gravenhage", "'''s-Gravenhage'");
    /* a double-quoted breakout and a backslash mean nothing inside '...' */
    expect(ig_gp_quote, "\"; system \"touch /tmp/pwned\"; \"",
           "'\"; system \"touch /tmp/pwned\"; \"'");
    expect(ig_gp_quote, "a\\'b", "'a\\''b'");
    /* a line break would end the command: dropped */
    expect(ig_gp_quote, "x\n!touch /tmp/pwned", "'x!touch /tmp/pwned'");
}

static void test_base64(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {{"", ""},
                 {"f", "Zg=="},
                 {"fo", "Zm8="},
                 {"foo", "Zm9v"},
                 {"foob", "Zm9vYg=="},
                 {"fooba", "Zm9vYmE="},
                 {"foobar", "Zm9vYmFy"}}; /* RFC 4648 */
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ig_buf b = {0};
        ig_base64(&b, cases[i].in, strlen(cases[i].in));
        assert_string_equal(b.data ? b.data : "", cases[i].out);
        ig_buf_free(&b);
    }
    unsigned char bytes[] = {0xff, 0xfe, 0x00};
    ig_buf b = {0};
    ig_base64(&b, bytes, sizeof bytes);
    assert_string_equal(b.data, "//4A");
    ig_buf_free(&b);
}

static void test_dutch_numbers(void **state)
{
    (void)state;
    static const struct {
        int64_t v;
        const char *out;
    } ints[] = {{0, "0"},
                {999, "999"},
                {1000, "1.000"},
                {-1000, "-1.000"},
                {1234567, "1.234.567"},
                {-12345678, "-12.345.678"},
                {INT64_MIN, "-9.223.372.036.854.775.808"}};
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        ig_buf b = {0};
        ig_html_put_int(&b, ints[i].v);
        assert_string_equal(b.data, ints[i].out);
        ig_buf_free(&b);
    }
    /* a cell: the exact value for sorting, the Dutch one for reading */
    ig_buf b = {0};
    ig_html_td_fixed(&b, -1234.5, 2, false);
    assert_string_equal(b.data, "<td class=\"num\" data-v=\"-1234.50\">-1.234,50</td>");
    ig_buf_free(&b);
    ig_html_td_int(&b, 1745850000);
    assert_string_equal(b.data, "<td class=\"num\" data-v=\"1745850000\">1.745.850.000</td>");
    ig_buf_free(&b);
    ig_html_td_link(&b, "#GM0363", "A<b>");
    assert_string_equal(b.data,
                        "<td data-v=\"A&lt;b&gt;\"><a href=\"#GM0363\">A&lt;b&gt;</a></td>");
    ig_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_text),
        cmocka_unit_test(test_gp_quote),
        cmocka_unit_test(test_base64),
        cmocka_unit_test(test_dutch_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
