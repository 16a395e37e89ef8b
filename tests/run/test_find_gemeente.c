/* test_find_gemeente.c - ingroei_run_find_gemeente (run/run.c), the lookup behind
 * --gemeente of run, compare, bridge and explain: codes and names folded, a name that
 * fits several listed with its candidates, a gemeente that merged named with the
 * gemeente it went into and the date, from the shipped dataset's herindelingen.csv. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ingroei.h"

#include <stdio.h>
#include <string.h>

static ingroei_scenario *sc;
static ingroei_run *run;

static int setup(void **state)
{
    (void)state;
    ingroei_error err;
    if (ingroei_scenario_load(&sc, "scenarios/default.yaml", &err) != INGROEI_OK ||
        ingroei_run_new(&run, sc, &err) != INGROEI_OK) {
        fprintf(stderr, "%s\n", err.message);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ingroei_run_free(run);
    ingroei_scenario_free(sc);
    return 0;
}

/* The code of the gemeente `key` finds. */
static const char *code_of(const char *key)
{
    size_t g;
    ingroei_error err;
    if (ingroei_run_find_gemeente(run, key, &g, &err) != INGROEI_OK)
        fail_msg("'%s': %s", key, err.message);
    ingroei_row row;
    assert_int_equal(ingroei_run_row(run, 0, g, &row), INGROEI_OK);
    return row.code;
}

static void refused(const char *key, const char *needle)
{
    size_t g;
    ingroei_error err;
    assert_int_equal(ingroei_run_find_gemeente(run, key, &g, &err), INGROEI_ERR_USAGE);
    if (!strstr(err.message, needle))
        fail_msg("'%s': '%s' lacks '%s'", key, err.message, needle);
}

static void folded(void **state)
{
    (void)state;
    assert_string_equal(code_of("GM0193"), "GM0193");
    assert_string_equal(code_of("gm0193"), "GM0193");
    assert_string_equal(code_of("ZWOLLE"), "GM0193");
    assert_string_equal(code_of("s Hertogenbosch"), "GM0796");
    assert_string_equal(code_of("Bergen (NH.)"), "GM0373");
    assert_string_equal(code_of("bergen nh"), "GM0373");
    assert_string_equal(code_of("Sudwest Fryslan"), code_of("Súdwest-Fryslân"));
}

static void helps(void **state)
{
    (void)state;
    refused("Bergen", "no gemeente 'Bergen' in the boundaries of");
    refused("Bergen", "did you mean Bergen (NH.) (GM0373), Bergen op Zoom (GM0748), Bergen (L.) "
                      "(GM0893)");
    refused("Zwole", "did you mean Zwolle (GM0193)");
    refused("Weesp", "Weesp (GM0457) merged into Amsterdam (GM0363) on 2022-03-24");
    refused("GM0457", "Weesp (GM0457) merged into Amsterdam (GM0363) on 2022-03-24");
    refused("Brielle", "Brielle (GM0501) merged into Voorne aan Zee (GM1992) on 2023-01-01");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(folded),
        cmocka_unit_test(helps),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
