/* test_json.c - io/json.c: the one escaper in its three modes (JSON, JSON inside an HTML
 * <script> element, a YAML double-quoted scalar), the receipt's opening that every
 * command's JSON shares, and the member writers, checked against literal expected text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "io/io.h"

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

static void json_string_escapes_what_json_requires(void **state)
{
    (void)state;
    expect(ig_json_string, "", "\"\"");
    expect(ig_json_string, "plain text", "\"plain text\"");
    expect(ig_json_string, "say \"hi\"", "\"say \\\"hi\\\"\"");
    expect(ig_json_string, "C:\\data\\x", "\"C:\\\\data\\\\x\"");
    expect(ig_json_string, "a\nb\tc\rd", "\"a\\nb\\tc\\rd\"");
    expect(ig_json_string, "\x01\x08\x0c\x1f", "\"\\u0001\\u0008\\u000c\\u001f\"");
    expect(ig_json_string, "\x7f", "\"\x7f\"");
    expect(ig_json_string, "/", "\"/\"");
    /* UTF-8 is passed through byte for byte: é, €, a 4-byte emoji. */
    expect(ig_json_string, "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80",
                "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"");
}


static void json_script_is_safe_inside_a_script_element(void **state)
{
    (void)state;
    expect(ig_json_script, "", "\"\"");
    expect(ig_json_script, "</script><!--", "\"\\u003c/script\\u003e\\u003c!--\"");
    expect(ig_json_script, "a\"b\\c", "\"a\\\"b\\\\c\"");
    expect(ig_json_script, "R&D", "\"R\\u0026D\"");
    expect(ig_json_script, "\n\r\t\x01", "\"\\n\\r\\t\\u0001\"");
    /* U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR; other E2 80 xx stay as they are */
    expect(ig_json_script,
           "a\xe2\x80\xa8"
           "b\xe2\x80\xa9"
           "c\xe2\x80\x94",
           "\"a\\u2028b\\u2029c\xe2\x80\x94\"");
    expect(ig_json_script, "Fryslân", "\"Fryslân\"");
}


/* YAML folds NEL, U+2028 and U+2029 into spaces and does not allow DEL and the C1
 * controls raw, so the YAML mode escapes them; JSON's own escapes stay as in JSON. */
static void yaml_quoted_reads_back_as_written(void **state)
{
    (void)state;
    expect(ig_yaml_quoted, "plain", "\"plain\"");
    expect(ig_yaml_quoted, "a\"b\\c\n", "\"a\\\"b\\\\c\\n\"");
    expect(ig_yaml_quoted, "x\xc2\x85y", "\"x\\u0085y\"");               /* NEL */
    expect(ig_yaml_quoted, "x\xc2\x9fy", "\"x\\u009fy\"");               /* a C1 control */
    expect(ig_yaml_quoted, "x\x7fy", "\"x\\u007fy\"");                    /* DEL */
    expect(ig_yaml_quoted, "x\xe2\x80\xa8y\xe2\x80\xa9", "\"x\\u2028y\\u2029\"");
    expect(ig_yaml_quoted, "Fryslân <&>", "\"Fryslân <&>\"");             /* no HTML escapes */
    /* NEL in JSON mode stays raw: JSON allows it */
    expect(ig_json_string, "x\xc2\x85y", "\"x\xc2\x85y\"");
}

/* Every receipt opens with the same engine member, the version from the public header. */
static void receipt_opens_with_the_engine(void **state)
{
    (void)state;
    ig_buf b = {0};
    ig_json_receipt_begin(&b);
    ig_buf_puts(&b, "\n}");
    char want[128];
    snprintf(want, sizeof want, "{\n  \"engine\": {\"name\": \"ingroei\", \"version\": \"%s\"}\n}",
             INGROEI_VERSION);
    assert_string_equal(b.data, want);
    ig_buf_free(&b);
}

/* Members one per line at two spaces per level, a comma unless last, null for NULL. */
static void member_writers(void **state)
{
    (void)state;
    ig_buf b = {0};
    ig_buf_puts(&b, "{\n");
    ig_json_str_field(&b, 1, "name", "a \"b\"", false);
    ig_json_str_field(&b, 1, "notice", NULL, false);
    ig_json_int_field(&b, 1, "total", -1234567890123, false);
    ig_json_fixed_field(&b, 2, "share", 0.125, 2, false);
    ig_json_key(&b, 1, "list");
    ig_buf_puts(&b, "[]\n");
    ig_json_indent(&b, 3);
    ig_json_fixed_field(&b, 0, "p", 1.0 / 3.0, 6, true);
    ig_buf_puts(&b, "}\n");
    assert_false(b.failed);
    assert_false(b.invalid);
    assert_string_equal(b.data, "{\n"
                                "  \"name\": \"a \\\"b\\\"\",\n"
                                "  \"notice\": null,\n"
                                "  \"total\": -1234567890123,\n"
                                "    \"share\": 0.13,\n"
                                "  \"list\": []\n"
                                "      \"p\": 0.333333\n"
                                "}\n");
    ig_buf_free(&b);
    /* a number that cannot be written marks the buffer, so no file is written from it */
    ig_buf bad = {0};
    ig_json_fixed_field(&bad, 1, "x", 1.0 / 0.0, 2, true);
    assert_true(bad.invalid);
    ig_buf_free(&bad);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_string_escapes_what_json_requires),
        cmocka_unit_test(json_script_is_safe_inside_a_script_element),
        cmocka_unit_test(yaml_quoted_reads_back_as_written),
        cmocka_unit_test(receipt_opens_with_the_engine),
        cmocka_unit_test(member_writers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
