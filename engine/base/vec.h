/*
 * vec.h - one growable array for every list the library builds as it reads: a struct
 * with the fields `v` (the elements), `n` (how many) and `cap` (room for how many),
 * grown by doubling. It knows nothing of what it holds; the owner frees `v`.
 */
#ifndef IG_VEC_H
#define IG_VEC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A growable array of T: declare a field or variable as IG_VEC(T) name = {0}. Invariant:
 * n <= cap, and v holds cap elements (v is NULL when cap is 0). */
#define IG_VEC(T)                                                                                  \
    struct {                                                                                       \
        T *v;                                                                                      \
        size_t n, cap;                                                                             \
    }

/* The array `v` of elements of `size` bytes with room for at least `need` (doubling
 * from `first` elements), or NULL without memory, `v` then untouched. *cap is updated
 * on success. `v` itself when it has the room already. */
static inline void *ig_vec_grow(void *v, size_t *cap, size_t need, size_t size, size_t first)
{
    if (need <= *cap && v)
        return v;
    size_t c = *cap ? *cap : first ? first : 1;
    while (c < need) {
        if (c > SIZE_MAX / 2)
            return NULL;
        c *= 2;
    }
    if (c > SIZE_MAX / size)
        return NULL;
    void *grown = realloc(v, c * size);
    if (grown)
        *cap = c;
    return grown;
}

/* Makes room in the IG_VEC `*vec` for `extra` more elements: true, or false without
 * memory or when n + extra would overflow (the array then unchanged). */
#define ig_vec_reserve(vec, extra)                                                                 \
    __extension__({                                                                                \
        __typeof__(vec) vec_ = (vec);                                                              \
        size_t extra_ = (extra);                                                                   \
        void *grown_ =                                                                             \
            extra_ > SIZE_MAX - vec_->n                                                            \
                ? NULL                                                                             \
                : ig_vec_grow(vec_->v, &vec_->cap, vec_->n + extra_, sizeof *vec_->v, 16);         \
        if (grown_)                                                                                \
            vec_->v = grown_;                                                                      \
        grown_ != NULL;                                                                            \
    })

/* A pointer to a new, zeroed element at the end of the IG_VEC `*vec`, or NULL without
 * memory. */
#define ig_vec_push(vec)                                                                           \
    __extension__({                                                                                \
        __typeof__(vec) vp_ = (vec);                                                               \
        __typeof__(vp_->v) at_ = NULL;                                                             \
        if (ig_vec_reserve(vp_, 1)) {                                                              \
            at_ = &vp_->v[vp_->n++];                                                               \
            memset(at_, 0, sizeof *at_);                                                           \
        }                                                                                          \
        at_;                                                                                       \
    })

#endif /* IG_VEC_H */
