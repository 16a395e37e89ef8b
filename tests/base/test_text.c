/* test_text.c - base/text.c: printed names folded (case, accents, punctuation,
 * spacing) and the edit distance that ranks the nearest names of an unknown one. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "base/base.h"

#include <stdlib.h>
#include <string.h>

/* ig_fold, ig_fold_into (in a buffer just large enough, and one byte too small) and
 * ig_fold_equal (against the expected folding, and one byte more or less) agree. */
static void fold_is(const char *in, const char *want)
{
    char *f = ig_fold(in);
    assert_non_null(f);
    if (strcmp(f, want) != 0)
        fail_msg("ig_fold(\"%s\") = \"%s\", expected \"%s\"", in, f, want);
    free(f);
    const size_t n = strlen(want);
    char buf[64];
    assert_true(n + 1 <= sizeof buf);
    assert_true(ig_fold_into(in, buf, n + 1));
    assert_string_equal(buf, want);
    assert_false(ig_fold_into(in, buf, n)); /* no room for the terminator */
    assert_true(ig_fold_equal(in, want));
    char *longer = malloc(n + 2);
    assert_non_null(longer);
    memcpy(longer, want, n);
    memcpy(longer + n, "x", 2);
    assert_false(ig_fold_equal(in, longer));
    if (n) {
        longer[n - 1] = '\0';
        assert_false(ig_fold_equal(in, longer));
    }
    free(longer);
}

static void folds(void **state)
{
    (void)state;
    fold_is("Éénpersoonshuishoudens", "eenpersoonshuishoudens");
    fold_is("  Eenpersoons-huishoudens ", "eenpersoonshuishoudens");
    fold_is("INWONERS  75+ met drempel", "inwoners75metdrempel");
    fold_is("oppervlak bebouwing woonkern ∗ bodemfactor woonkern",
            "oppervlakbebouwingwoonkernbodemfactorwoonkern");
    fold_is("oppervlak bebouwing woonkern * bodemfactor woonkern",
            "oppervlakbebouwingwoonkernbodemfactorwoonkern");
    fold_is("Súdwest-Fryslân", "sudwestfryslan");
    fold_is("’s-Hertogenbosch", "shertogenbosch");
    fold_is("\xC4\xB2sselstein", "ijsselstein"); /* Ĳ, U+0132 */
    fold_is("Straße Œuvre Þór Æ", "strasseoeuvrethorae");
    fold_is("a\xC2\xA0"
            "b\xE2\x80\x93"
            "c € 5",
            "abc5");           /* NBSP, en dash, euro sign */
    fold_is("Ωμέγα", "Ωμέγα"); /* other scripts as they are */
    fold_is("", "");
    fold_is(" ,;. ", "");
    fold_is("GM0363", "gm0363");
    fold_is("a\xC3", "a\xC3"); /* a cut sequence: the byte as itself */
    assert_null(ig_fold(NULL));
    assert_false(ig_fold_equal(NULL, "a"));
    assert_false(ig_fold_equal("a", NULL));
    assert_true(ig_fold_equal("Bergen (NH.)", "bergen nh"));
    assert_false(
        ig_fold_equal("bewoonde oorden 1930", "historische woningen in bewoonde oorden 1930"));
}

static void distances(void **state)
{
    (void)state;
    assert_int_equal(ig_edit_distance("", ""), 0);
    assert_int_equal(ig_edit_distance("abc", ""), 3);
    assert_int_equal(ig_edit_distance("", "abc"), 3);
    assert_int_equal(ig_edit_distance("kitten", "sitting"), 3);
    assert_int_equal(ig_edit_distance("inwoners", "inwoner"), 1);
    assert_int_equal(ig_edit_distance("bijstand", "bijstandsontvangers"), 11);
}

static void names(void **state)
{
    (void)state;
    static const char *const codes[] = {"GM0373", "GM0893", "GM0748", "GM0363", "GM0796"};
    static const char *const names[] = {"Bergen (NH.)", "Bergen (L.)", "Bergen op Zoom",
                                        "Amsterdam", "'s-Hertogenbosch"};
    size_t at = 99;
    assert_int_equal(ig_find_name("bergen nh", codes, names, 5, &at), 1);
    assert_int_equal(at, 0);
    assert_int_equal(ig_find_name("gm0363", codes, names, 5, &at), 1);
    assert_int_equal(at, 3);
    assert_int_equal(ig_find_name("s Hertogenbosch", codes, names, 5, &at), 1);
    assert_int_equal(at, 4);
    assert_int_equal(ig_find_name("Bergen", codes, names, 5, &at), 0);
    assert_int_equal(ig_find_name("x", NULL, names, 5, &at), 0);
    ig_buf b = {0};
    ig_near_names(&b, "Bergen", codes, names, 5, 6);
    assert_string_equal(b.data,
                        "Bergen (NH.) (GM0373), Bergen (L.) (GM0893), Bergen op Zoom (GM0748)");
    b.len = 0;
    ig_near_names(&b, "zoom", codes, names, 5, 6);
    assert_string_equal(b.data, "Bergen op Zoom (GM0748)");
    b.len = 0;
    ig_near_names(&b, "Amsterdm", codes, names, 5, 6);
    assert_string_equal(b.data, "Amsterdam (GM0363)");
    ig_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(folds),
        cmocka_unit_test(distances),
        cmocka_unit_test(names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
