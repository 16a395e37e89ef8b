/* test_vec.c - base/vec.h: the growable array keeps what it held while it doubles, gives
 * zeroed elements, reports the room it has, and refuses sizes that would overflow
 * instead of allocating too little. */
#include "base/vec.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

typedef struct pair {
    int a;
    double b;
} pair;

static void push_keeps_every_element_and_zeroes_new_ones(void **state)
{
    (void)state;
    IG_VEC(pair) v = {0};
    for (int i = 0; i < 1000; i++) {
        pair *p = ig_vec_push(&v);
        assert_non_null(p);
        assert_int_equal(p->a, 0);
        assert_true(p->b == 0.0);
        p->a = i;
        p->b = i / 2.0;
        assert_true(v.n <= v.cap);
    }
    assert_int_equal(v.n, 1000);
    assert_true(v.cap >= 1000 && v.cap < 2000); /* doubling, not one at a time */
    for (int i = 0; i < 1000; i++) {
        assert_int_equal(v.v[i].a, i);
        assert_true(v.v[i].b == i / 2.0);
    }
    free(v.v);
}

static void reserve_makes_room_without_changing_n(void **state)
{
    (void)state;
    IG_VEC(int) v = {0};
    assert_true(ig_vec_reserve(&v, 100));
    assert_int_equal(v.n, 0);
    assert_true(v.cap >= 100);
    int *before = v.v;
    size_t cap = v.cap;
    assert_true(ig_vec_reserve(&v, cap)); /* fits: nothing moves */
    assert_ptr_equal(v.v, before);
    assert_int_equal(v.cap, cap);
    free(v.v);
}

static void grow_refuses_sizes_that_overflow(void **state)
{
    (void)state;
    size_t cap = 0;
    assert_null(ig_vec_grow(NULL, &cap, SIZE_MAX / 2 + 2, 1, 16));
    assert_int_equal(cap, 0);
    assert_null(ig_vec_grow(NULL, &cap, SIZE_MAX / 8, 16, 16));
    assert_int_equal(cap, 0);
    /* a failed growth leaves the array as it was */
    char *p = ig_vec_grow(NULL, &cap, 3, 1, 4);
    assert_non_null(p);
    assert_int_equal(cap, 4);
    p[0] = 'x';
    assert_null(ig_vec_grow(p, &cap, SIZE_MAX, 1, 4));
    assert_int_equal(cap, 4);
    assert_int_equal(p[0], 'x');
    free(p);
}

/* n + extra beyond SIZE_MAX, and a first capacity of 0, are refused or handled, never
 * wrapped into too little room or an endless loop. */
static void reserve_refuses_a_count_that_wraps(void **state)
{
    (void)state;
    IG_VEC(char) v = {0};
    assert_non_null(ig_vec_push(&v));
    assert_false(ig_vec_reserve(&v, SIZE_MAX)); /* 1 + SIZE_MAX wraps to 0 */
    assert_int_equal(v.n, 1);
    size_t cap = 0;
    char *p = ig_vec_grow(NULL, &cap, 5, 1, 0);
    assert_non_null(p);
    assert_true(cap >= 5);
    free(p);
    free(v.v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(push_keeps_every_element_and_zeroes_new_ones),
        cmocka_unit_test(reserve_makes_room_without_changing_n),
        cmocka_unit_test(grow_refuses_sizes_that_overflow),
        cmocka_unit_test(reserve_refuses_a_count_that_wraps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
