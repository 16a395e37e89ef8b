/*
 * cap.c - caps on the change of a gemeente's allocation per inhabitant (README, "Caps":
 * herijking of 2023 capped losses at 7.50, 15 and 15 euro per inhabitant, at most 37.50
 * over three years; Bfv art. 29), kept budget neutral: what capped losers keep is paid
 * by scaling down the gains of the others. The scale is solved per year in closed form on
 * the excess's linear pieces (GSL's Brent method is the fallback when rounding gets in the
 * way, and the tests' independent check). Ratio limits (a floor and a ceiling as a share
 * of the reference, like the 90 % to 120 % of last year of OpenFisca's DSR) and a
 * guarantee at a base year's allocation narrow the same floor and ceiling, and are kept
 * budget neutral by the same solve.
 */
#include "core/core.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sort.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* x86-64 processors with AVX2 (vectors of four doubles) run the loss-only year's set-up
 * and placing in variants compiled for it (set_up_avx2, place_loss_avx2; base.h,
 * IG_X86_VECTORS). */
#if IG_X86_VECTORS
#include <immintrin.h>
#endif

/* The capped allocation of one gemeente at gain scale lambda: losses stay as they are
 * (and are then limited from below), gains are scaled by lambda (and limited from
 * above). Non-decreasing in lambda. */
static double capped(double u, double r, double lo, double hi, double lambda)
{
    double d = u - r;
    double x = d < 0 ? u : r + lambda * d;
    return x < lo ? lo : x > hi ? hi : x;
}

/* capped() where hi is +infinity: no value lies above it (NaN neither), so the ceiling
 * test never chooses it, and this is the same value to the bit. */
static inline double capped_lo(double u, double r, double lo, double lambda)
{
    double d = u - r;
    double x = d < 0 ? u : r + lambda * d;
    return x < lo ? lo : x;
}

/* Neumaier's compensated sum, one addend at a time: s the rounded sum, c the sum of
 * the rounding errors of its additions. Neumaier takes the error of s + x with the
 * larger of the two first, (s - t) + x or (x - t) + s (Dekker's Fast2Sum, exact in
 * round-to-nearest); Knuth's TwoSum below gives that same exact error without the
 * comparison, so c, and s + c, are the same to the bit (an error that is exactly zero
 * may come out as -0, which adds to c as +0 does; c itself starts at +0 and is never
 * -0). Amounts near DBL_MAX, where the two would differ, are no euro amounts. */
typedef struct csum {
    double s, c;
} csum;

static inline void csum_add(csum *a, double x)
{
    const double t = a->s + x, xv = t - a->s, sv = t - xv;
    a->c += (a->s - sv) + (x - xv);
    a->s = t;
}

static inline double csum_value(const csum *a)
{
    return a->s + a->c;
}

typedef struct cap_problem {
    const double *u, *r, *lo, *hi;
    size_t n;
    double target;
    ig_cap_how how; /* set by the step that settled the scale */
    /* Not NULL: a loss-only year of ig_cap_apply, every hi +infinity; place() then also
     * writes who the loss floor holds into flag and their number into *n_loss. */
    signed char *flag;
    size_t *n_loss;
    bool vec; /* with flag: place() runs place_loss_avx2 */
} cap_problem;

/* F(lambda) = sum of the capped allocations - target, with compensated summation. */
static double excess(double lambda, void *params)
{
    const cap_problem *p = params;
    csum a = {0, 0};
    for (size_t g = 0; g < p->n; g++)
        csum_add(&a, capped(p->u[g], p->r[g], p->lo[g], p->hi[g], lambda));
    return csum_value(&a) - p->target;
}

/* Solves excess(lambda) = 0 on [a, b] with Brent's method, given that the excess is
 * non-positive at a and non-negative at b. Succeeds when |excess| <= tol (euro); fails
 * when the bracket narrows below 1e-15 relative first. */
static ingroei_status brent(cap_problem *p, double a, double b, double tol, double *lambda)
{
    p->how = IG_CAP_HOW_BRENT;
    gsl_function f = {excess, p};
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s)
        return INGROEI_ERR_NOMEM;
    if (gsl_root_fsolver_set(s, &f, a, b) != GSL_SUCCESS) {
        gsl_root_fsolver_free(s);
        return INGROEI_ERR_NUMERIC;
    }
    ingroei_status st = INGROEI_ERR_NUMERIC;
    for (int iter = 0; iter < 200; iter++) {
        if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
            break;
        double x = gsl_root_fsolver_root(s);
        double lo = gsl_root_fsolver_x_lower(s), hi = gsl_root_fsolver_x_upper(s);
        if (fabs(excess(x, p)) <= tol) {
            *lambda = x;
            st = INGROEI_OK;
            break;
        }
        if (gsl_root_test_interval(lo, hi, 0, 1e-15) == GSL_SUCCESS)
            break; /* the bracket collapsed without reaching the tolerance: a failure */
    }
    gsl_root_fsolver_free(s);
    return st;
}

/* One breakpoint of the excess in the bracket: at `at` gainer g leaves its floor and
 * starts to follow its scale (to_hi false), or reaches its ceiling (to_hi true). */
typedef struct cap_event {
    size_t g;
    bool to_hi;
} cap_event;

/* place() for a loss-only year (p->flag set, every hi +infinity: capped_lo is capped),
 * which also says who is held, in the same pass: at the loss floor when the amount
 * without the cap lay below it and the capped amount lies on it (every ceiling is
 * infinite and every capped amount finite, so c >= hi never holds: no gainer is held,
 * and no limits conflict). The last place() of a solve is at the scale it answers, so
 * the flags are those of the amounts in c. */
static double place_loss(const cap_problem *p, double lambda, double *c)
{
    csum a = {0, 0};
    size_t n_loss = 0;
    /* local and restrict: a store through signed char may otherwise alias *p */
    const double *restrict uu = p->u, *restrict rr = p->r, *restrict ll = p->lo;
    signed char *restrict flag = p->flag;
    const size_t n = p->n;
    for (size_t g = 0; g < n; g++) {
        const double u = uu[g], lo = ll[g], x = capped_lo(u, rr[g], lo, lambda);
        c[g] = x;
        csum_add(&a, x);
        const bool loss = (u < lo) & (x <= lo);
        flag[g] = (signed char)-(int)loss;
        n_loss += loss;
    }
    *p->n_loss = n_loss;
    return csum_value(&a) - p->target;
}

#if IG_X86_VECTORS
/* place_loss four gemeenten at a time (AVX2): the capped amounts and who is held in
 * vectors, with place_loss's operations, so the same to the bit; their compensated sum in
 * gemeente order, as place_loss makes it, block after block in the same loop (its chain
 * of dependent additions then runs beside the next block's vectors; measured faster than
 * a pass of its own after the loop). */
IG_TARGET_AVX2 IG_NOINLINE static double place_loss_avx2(const cap_problem *p, double lambda,
                                                          double *c)
{
    /* flag bytes of four gemeenten (-1 held, 0 not) by movemask's four bits */
    static const uint32_t held4[16] = {0x00000000u, 0x000000ffu, 0x0000ff00u, 0x0000ffffu,
                                       0x00ff0000u, 0x00ff00ffu, 0x00ffff00u, 0x00ffffffu,
                                       0xff000000u, 0xff0000ffu, 0xff00ff00u, 0xff00ffffu,
                                       0xffff0000u, 0xffff00ffu, 0xffffff00u, 0xffffffffu};
    const double *restrict uu = p->u, *restrict rr = p->r, *restrict ll = p->lo;
    signed char *restrict flag = p->flag;
    double *restrict cc = c;
    const size_t n = p->n;
    const __m256d lam = _mm256_set1_pd(lambda), zero = _mm256_setzero_pd();
    __m256i held = _mm256_setzero_si256();
    csum a = {0, 0};
    size_t g = 0, n_loss = 0;
    for (; g + 4 <= n; g += 4) {
        const __m256d u = _mm256_loadu_pd(uu + g), r = _mm256_loadu_pd(rr + g),
                      lo = _mm256_loadu_pd(ll + g), d = _mm256_sub_pd(u, r);
        /* capped_lo(u, r, lo, lambda) */
        __m256d x = _mm256_blendv_pd(_mm256_add_pd(r, _mm256_mul_pd(lam, d)), u,
                                     _mm256_cmp_pd(d, zero, _CMP_LT_OQ));
        x = _mm256_blendv_pd(x, lo, _mm256_cmp_pd(x, lo, _CMP_LT_OQ));
        _mm256_storeu_pd(cc + g, x);
        /* the compensated sum in gemeente order, beside the vectors of the next block */
        csum_add(&a, cc[g]);
        csum_add(&a, cc[g + 1]);
        csum_add(&a, cc[g + 2]);
        csum_add(&a, cc[g + 3]);
        const __m256d loss =
            _mm256_and_pd(_mm256_cmp_pd(u, lo, _CMP_LT_OQ), _mm256_cmp_pd(x, lo, _CMP_LE_OQ));
        held = _mm256_sub_epi64(held, _mm256_castpd_si256(loss));
        memcpy(flag + g, &held4[_mm256_movemask_pd(loss)], 4);
    }
    uint64_t h[4];
    _mm256_storeu_si256((__m256i *)h, held);
    _mm256_zeroupper();
    n_loss = (size_t)(h[0] + h[1] + h[2] + h[3]);
    for (; g < n; g++) {
        const double u = uu[g], lo = ll[g], x = capped_lo(u, rr[g], lo, lambda);
        cc[g] = x;
        csum_add(&a, x);
        const bool loss = (u < lo) & (x <= lo);
        flag[g] = (signed char)-(int)loss;
        n_loss += loss;
    }
    *p->n_loss = n_loss;
    return csum_value(&a) - p->target;
}
#endif

/* Writes the capped amounts at lambda into c and returns their excess over the target,
 * summed as excess() sums. */
static double place(const cap_problem *p, double lambda, double *c)
{
    if (p->flag) {
#if IG_X86_VECTORS
        if (p->vec)
            return place_loss_avx2(p, lambda, c);
#endif
        return place_loss(p, lambda, c);
    }
    csum a = {0, 0};
    for (size_t g = 0; g < p->n; g++) {
        c[g] = capped(p->u[g], p->r[g], p->lo[g], p->hi[g], lambda);
        csum_add(&a, c[g]);
    }
    return csum_value(&a) - p->target;
}

/* What one pass over the gemeenten learns about the piece of the excess just above a:
 * with the gainers that follow the scale there, F(lambda) = K + lambda S - target, K the
 * sum of the fixed amounts and of those gainers' references, S the sum of their gains;
 * m breakpoints (a gainer reaching its floor or ceiling) lie inside (a, b). The same
 * pass sums the excess at `at` as excess() sums it. */
typedef struct cap_piece {
    csum k, s, f;
    size_t m;
} cap_piece;

static void piece_above(const cap_problem *p, double a, double b, double at, cap_piece *pc)
{
    *pc = (cap_piece){{0, 0}, {0, 0}, {0, 0}, 0};
    for (size_t g = 0; g < p->n; g++) {
        const double u = p->u[g], r = p->r[g], lo = p->lo[g], hi = p->hi[g], d = u - r;
        csum_add(&pc->f, capped(u, r, lo, hi, at));
        if (!(d > 0)) { /* a loser, or no change: a fixed amount */
            csum_add(&pc->k, capped(u, r, lo, hi, a));
            continue;
        }
        const double at_lo = (lo - r) / d, at_hi = (hi - r) / d;
        if (at_lo > a) { /* at its floor just above a */
            csum_add(&pc->k, lo);
            pc->m += (size_t)(at_lo < b) + (size_t)(at_hi < b);
        } else if (at_hi <= a) { /* at its ceiling */
            csum_add(&pc->k, hi);
        } else {
            csum_add(&pc->k, r);
            csum_add(&pc->s, d);
            pc->m += at_hi < b;
        }
    }
}

/* The exact root of the excess on [a, b], given excess(a) < -tol and excess(b) > tol,
 * with every gainer's floor at or below its ceiling, from the piece just above a
 * (piece_above). The breakpoints inside the bracket are sorted (GSL, with an index) and
 * walked from a until F reaches zero; the root on that piece is (target - K) / S. The
 * amounts at it are written into c; when they miss the target by more than tol
 * (rounding in K and S), one Newton step on the piece is tried, then Brent. */
static ingroei_status solve_linear(cap_problem *p, double a, double b, double tol, cap_piece *pc,
                                   double *c, double *lambda)
{
    const size_t n = p->n, m = pc->m;
    double kk = csum_value(&pc->k), s = csum_value(&pc->s), from = a, to = b;
    if (m > 0) {
        double *at = malloc(m * sizeof *at);
        size_t *order = malloc(m * sizeof *order);
        cap_event *ev = malloc(m * sizeof *ev);
        if (!at || !order || !ev) {
            free(at);
            free(order);
            free(ev);
            return INGROEI_ERR_NOMEM;
        }
        size_t j = 0;
        for (size_t g = 0; g < n; g++) {
            const double u = p->u[g], r = p->r[g], lo = p->lo[g], hi = p->hi[g], d = u - r;
            if (!(d > 0))
                continue;
            const double at_lo = (lo - r) / d, at_hi = (hi - r) / d;
            if (at_lo > a && at_lo < b)
                at[j] = at_lo, ev[j++] = (cap_event){g, false};
            if ((at_lo > a || at_hi > a) && at_hi < b)
                at[j] = at_hi, ev[j++] = (cap_event){g, true};
        }
        gsl_sort_index(order, at, 1, m);
        /* Walk the pieces: K and S change at each breakpoint (all those at one point
         * together); stop at the first breakpoint where the excess is no longer
         * negative. */
        for (size_t i = 0; i < m;) {
            const double x = at[order[i]];
            if (kk + x * s - p->target >= 0) {
                to = x;
                break;
            }
            for (; i < m && at[order[i]] == x; i++) {
                const cap_event e = ev[order[i]];
                const double r = p->r[e.g], d = p->u[e.g] - r;
                if (e.to_hi) { /* follows the scale no more: fixed at the ceiling */
                    csum_add(&pc->k, p->hi[e.g] - r);
                    csum_add(&pc->s, -d);
                } else { /* leaves the floor */
                    csum_add(&pc->k, r - p->lo[e.g]);
                    csum_add(&pc->s, d);
                }
            }
            kk = csum_value(&pc->k);
            s = csum_value(&pc->s);
            from = x;
        }
        free(at);
        free(order);
        free(ev);
    }
    double x = s > 0 ? (p->target - kk) / s : from;
    x = x < from ? from : x > to ? to : x;
    double f = place(p, x, c);
    p->how = IG_CAP_HOW_PIECE;
    if (fabs(f) > tol && s > 0) { /* one Newton step on the piece */
        double y = x - f / s;
        y = y < from ? from : y > to ? to : y;
        if (y != x)
            x = y, f = place(p, x, c), p->how = IG_CAP_HOW_NEWTON;
    }
    if (fabs(f) > tol) { /* rounding got in the way: the bracketing solver decides */
        ingroei_status st = brent(p, a, b, tol, &x);
        if (st != INGROEI_OK)
            return st;
        place(p, x, c);
    }
    *lambda = x;
    return INGROEI_OK;
}

/* ig_cap_solve for problems where some gainer's floor lies above its ceiling (the
 * excess is not monotone there; ig_cap_apply never makes such problems): the excess at
 * 0, 1 and the largest useful scale, and GSL's Brent method in between. */
static ingroei_status solve_unordered(cap_problem *p, double top, bool unbounded, double tol,
                                      double *c, double *lambda, double *gap)
{
    double f0 = excess(0.0, p), f1 = excess(1.0, p);
    p->how = IG_CAP_HOW_BOUND; /* unless Brent is needed */
    if (unbounded && f1 < -tol)
        for (top = fmax(top, 2.0); excess(top, p) < -tol && top < 1e15;)
            top *= 2.0;
    double ftop = excess(top, p);
    ingroei_status st = INGROEI_OK;
    double x;
    if (fabs(f1) <= tol) {
        x = 1.0;
    } else if (f1 > 0) {
        if (f0 > tol) {
            *gap = f0;
            return INGROEI_ERR_DATA;
        }
        st = fabs(f0) <= tol ? (x = 0.0, INGROEI_OK) : brent(p, 0.0, 1.0, tol, &x);
    } else {
        if (ftop < -tol) {
            *gap = ftop;
            return INGROEI_ERR_DATA;
        }
        st = fabs(ftop) <= tol ? (x = top, INGROEI_OK) : brent(p, 1.0, top, tol, &x);
    }
    if (st != INGROEI_OK)
        return st;
    place(p, x, c);
    *lambda = x;
    return INGROEI_OK;
}

/* The root on [a, b] when no breakpoint lies inside: the excess is linear there and its
 * values at the ends fa < -tol and fb > tol give the root (the secant). The amounts are
 * written into c; when they miss by more than tol, the piecewise solve decides. */
static ingroei_status solve_secant(cap_problem *p, double a, double fa, double b, double fb,
                                   double tol, double *c, double *lambda)
{
    double x = a + (b - a) * (-fa / (fb - fa));
    x = x < a ? a : x > b ? b : x;
    p->how = IG_CAP_HOW_SECANT;
    if (fabs(place(p, x, c)) > tol) {
        cap_piece pc;
        piece_above(p, a, b, a, &pc);
        return solve_linear(p, a, b, tol, &pc, c, lambda);
    }
    *lambda = x;
    return INGROEI_OK;
}

/* Whether gainer (r, d > 0, lo, hi) has a breakpoint strictly inside the scales (a, b):
 * a < (lo - r) / d < b or a < (hi - r) / d < b, without dividing. */
static inline size_t breaks_inside(double r, double d, double lo, double hi, double a, double b)
{
    const double l = lo - r, h = hi - r;
    return (size_t)(l > a * d && l < b * d) + (size_t)(h > a * d && h < b * d);
}

ingroei_status ig_cap_solve(const double *u, const double *r, const double *lo, const double *hi,
                            size_t n, double target, double tol, double *c, double *lambda,
                            double *gap)
{
    return ig_cap_solve_how(u, r, lo, hi, n, target, tol, c, lambda, gap, NULL);
}

static ingroei_status solve(cap_problem *pp, double tol, double *c, double *lambda, double *gap);

/* The largest useful scale: beyond it every gainer sits at its upper bound. A gainer
 * without an upper bound can take any amount (*unbounded): then the scale is widened
 * until the target is reached. */
static double top_of(const cap_problem *p, bool *unbounded)
{
    double top = 1.0;
    *unbounded = false;
    for (size_t g = 0; g < p->n; g++) {
        const double d = p->u[g] - p->r[g];
        if (d > 0) {
            if (!isfinite(p->hi[g]))
                *unbounded = true;
            else if ((p->hi[g] - p->r[g]) / d > top)
                top = (p->hi[g] - p->r[g]) / d;
        }
    }
    return top;
}

ingroei_status ig_cap_solve_how(const double *u, const double *r, const double *lo,
                                const double *hi, size_t n, double target, double tol, double *c,
                                double *lambda, double *gap, ig_cap_how *how)
{
    cap_problem p = {u, r, lo, hi, n, target, IG_CAP_HOW_NONE, NULL, NULL, false};
    ingroei_status st = solve(&p, tol, c, lambda, gap);
    if (how)
        *how = p.how;
    return st;
}

/* What the solver's first pass learns: the excess at 1 and at 0 (before the target is
 * subtracted; each summed as excess() sums it), whether every gainer's floor lies at or
 * below its ceiling, and how many breakpoints the excess has between 0 and 1. */
typedef struct cap_first {
    csum s0, s1;
    size_t breaks01;
    bool ordered;
} cap_first;

static inline void first_add(cap_first *f, double u, double r, double lo, double hi)
{
    const double d = u - r;
    if (d > 0) {
        f->ordered &= lo <= hi;
        f->breaks01 += breaks_inside(r, d, lo, hi, 0.0, 1.0);
    }
    csum_add(&f->s1, capped(u, r, lo, hi, 1.0));
    csum_add(&f->s0, capped(u, r, lo, hi, 0.0));
}

/* 2^52: below it a whole number's double is even in units of its last place. */
#define CAP_WHOLE 4503599627370496.0

/* first_add for ig_cap_apply, where u = (double)tot and r = (double)ref * q for whole
 * euros tot and ref, and every floor and ceiling is a whole number (or infinite): the
 * excess at 1 is then summed without compensation, as the plain sum w1 of
 * clamp(u, lo, hi), with a certificate that this is the compensated sum to the bit
 * (cap_whole_s1). Why: at lambda = 1 capped() takes r + 1 * (u - r) for u >= r, and that
 * is u itself when u is whole, 0 <= u < 2^52 and r >= 0 (or u == r). For r < u the
 * difference d = u - r lies in (0, u], so its rounding error e is at most half a unit in
 * the last place of d, which is at most half of u's; r + d is exactly u + e, and rounding
 * it gives u: strictly nearer, or a tie that goes to u, which is even in its last place
 * (a whole number below 2^52; a power of two has the finer spacing below it, and d < u
 * then lies below u's binade, halving e's bound too). So the addends are those of the
 * compensated sum, whole numbers; while the sum of their magnitudes stays below 2^53
 * every partial sum is exact, the compensation stays +0, and the compensated sum is the
 * plain sum. */
typedef struct cap_whole {
    double w1, mag; /* the plain sum at 1, and the sum of its addends' magnitudes */
    uint64_t bits;  /* every tot and ref or-ed: below 2^52 when all are in [0, 2^52) */
} cap_whole;

/* `no_ceiling` is a promise that hi is +infinity (a loss-only year): then the ceiling's
 * breakpoint never lies strictly inside (0, 1), hi - r being +infinity or NaN, neither
 * below 1 * d; no u lies above it; and the magnitudes' sum is w1 itself, kept in mag
 * without a second sum: when the certificate's bits hold, every tot is >= 0, so u is +0
 * or more and so is x1 = (u < lo ? lo : u), whose fabs is itself (and without them mag
 * is not looked at). */
static inline void first_add_whole(cap_first *f, cap_whole *w, double u, double r, double lo,
                                   double hi, bool no_ceiling)
{
    const double d = u - r;
    if (d > 0) {
        f->ordered &= no_ceiling ? lo == lo : lo <= hi; /* lo <= +infinity: lo is no NaN */
        if (no_ceiling) {
            const double l = lo - r;
            f->breaks01 += (size_t)(l > 0.0 * d && l < 1.0 * d);
        } else {
            f->breaks01 += breaks_inside(r, d, lo, hi, 0.0, 1.0);
        }
    }
    if (no_ceiling) {
        w->w1 += u < lo ? lo : u; /* capped(u, r, lo, hi, 1.0) */
        csum_add(&f->s0, capped_lo(u, r, lo, 0.0));
        return;
    }
    const double x1 = u < lo ? lo : u > hi ? hi : u; /* capped(u, r, lo, hi, 1.0) */
    w->w1 += x1;
    w->mag += fabs(x1);
    csum_add(&f->s0, capped(u, r, lo, hi, 0.0));
}

/* The excess at 1 of the first pass made with first_add_whole, for the year's scale q:
 * the plain sum when the certificate holds (the magnitudes' sum, rounded, at most 2^52, so
 * exactly below 2^53; infinities and NaN fail it), else the compensated sum made anew. */
static csum cap_whole_s1(const cap_problem *p, const cap_whole *w, double q)
{
    /* tot and ref in [0, 2^52), so u below 2^52, and a finite q >= 0 keeps every r >= 0
     * and not NaN; the magnitudes' sum, rounded, at most 2^52 */
    if (w->bits < (uint64_t)1 << 52 && q >= 0 && q <= DBL_MAX && w->mag <= CAP_WHOLE)
        return (csum){w->w1, 0};
    csum a = {0, 0};
    for (size_t g = 0; g < p->n; g++)
        csum_add(&a, capped(p->u[g], p->r[g], p->lo[g], p->hi[g], 1.0));
    return a;
}

static ingroei_status solve_first(cap_problem *p, const cap_first *first, double tol, double *c,
                                  double *lambda, double *gap);

static ingroei_status solve(cap_problem *p, double tol, double *c, double *lambda, double *gap)
{
    cap_first f = {{0, 0}, {0, 0}, 0, true};
    for (size_t g = 0; g < p->n; g++)
        first_add(&f, p->u[g], p->r[g], p->lo[g], p->hi[g]);
    return solve_first(p, &f, tol, c, lambda, gap);
}

/* The solve after its first pass (made by solve, or by ig_cap_apply's set-up in the same
 * order with the same operations). */
static ingroei_status solve_first(cap_problem *p, const cap_first *first, double tol, double *c,
                                  double *lambda, double *gap)
{
    const double target = p->target;
    const bool ordered = first->ordered;
    const size_t breaks01 = first->breaks01;
    const csum s0 = first->s0, s1 = first->s1;
    *gap = 0.0;
    /* The largest useful scale, only where a scale above 1 is looked for. */
    double top = 1.0;
    bool unbounded = false;
    if (!ordered || csum_value(&s1) - target < -tol)
        top = top_of(p, &unbounded);
    if (!ordered)
        return solve_unordered(p, top, unbounded, tol, c, lambda, gap);
    const double f0 = csum_value(&s0) - target, f1 = csum_value(&s1) - target;
    if (fabs(f1) <= tol) {
        place(p, 1.0, c); /* the amounts at 1, as summed above */
        *lambda = 1.0; /* the cap costs nothing, or its costs and gains balance */
        p->how = IG_CAP_HOW_BOUND;
        return INGROEI_OK;
    }
    if (f1 > 0) { /* the gainers pay: a scale in [0, 1) */
        if (f0 > tol) {
            *gap = f0; /* even without any gain the protection costs more */
            return INGROEI_ERR_DATA;
        }
        if (fabs(f0) <= tol) {
            place(p, 0.0, c);
            p->how = IG_CAP_HOW_BOUND;
            *lambda = 0.0;
            return INGROEI_OK;
        }
        if (breaks01 == 0)
            return solve_secant(p, 0.0, f0, 1.0, f1, tol, c, lambda);
        cap_piece pc;
        piece_above(p, 0.0, 1.0, 0.0, &pc);
        return solve_linear(p, 0.0, 1.0, tol, &pc, c, lambda);
    }
    /* capped gains go to the other gainers: a scale in (1, top] */
    if (unbounded)
        for (top = fmax(top, 2.0); excess(top, p) < -tol && top < 1e15;)
            top *= 2.0;
    cap_piece pc;
    piece_above(p, 1.0, top, top, &pc);
    const double ftop = csum_value(&pc.f) - target;
    if (ftop < -tol) {
        *gap = ftop; /* capped gains cannot all be placed on other gainers */
        return INGROEI_ERR_DATA;
    }
    if (fabs(ftop) <= tol) {
        place(p, top, c);
        p->how = IG_CAP_HOW_BOUND;
        *lambda = top;
        return INGROEI_OK;
    }
    if (pc.m == 0)
        return solve_secant(p, 1.0, f1, top, ftop, tol, c, lambda);
    return solve_linear(p, 1.0, top, tol, &pc, c, lambda);
}

/* floor and ceil, to the bit (the sign of a zero too), without the library's general
 * sequence: below 2^52 a double converts to int64 exactly after truncation; above it
 * (and for infinities and NaN) it is its own floor. A positive x (always the case for
 * the limits floored in limit_euros) needs no sign: its floor is +0 or more, which is
 * what copysign would give it. ceil_of has no such shortcut: the floors it rounds are
 * often negative (a small reference, a large limit), and a branch on the sign would be
 * mispredicted. */
static inline double floor_of(double x)
{
    if (x > 0 && x < 4503599627370496.0)
        return (double)(int64_t)x; /* truncation is the floor */
    if (!(fabs(x) < 4503599627370496.0))
        return x;
    const double t = (double)(int64_t)x;
    return copysign(t - (double)(t > x), x);
}

static inline double ceil_of(double x)
{
    if (!(fabs(x) < 4503599627370496.0))
        return x;
    const double t = (double)(int64_t)x;
    return copysign(t + (double)(t < x), x);
}

/* x86 processors with SSE4.1 (every x86-64 one since about 2008) round to a whole
 * number in one instruction (ROUNDSD), exactly as floor and ceil round: the set-up of a
 * capped year runs in a variant compiled for it when the processor has it (`r41`), and
 * as floor_of and ceil_of are floor and ceil to the bit, both variants compute the same
 * values. Elsewhere (and without the instruction) floor_of and ceil_of do it. `r41` is
 * true only in a function compiled for SSE4.1 (IG_TARGET_SSE41), where the builtins are
 * the instruction; everywhere else false, and the builtins are never reached. */
static IG_ALWAYS_INLINE double floor_r(double x, bool r41)
{
    return r41 ? __builtin_floor(x) : floor_of(x);
}

static IG_ALWAYS_INLINE double ceil_r(double x, bool r41)
{
    return r41 ? __builtin_ceil(x) : ceil_of(x);
}

static IG_ALWAYS_INLINE double limit_euros_r(double per_inhabitant, int64_t inhabitants, bool r41)
{
    /* per_inhabitant x inhabitants, floored; the product of a decimal amount such as
     * 32.01 and a count comes out a hair below the whole euro it is in decimals, so
     * a relative 1e-12 is allowed for before flooring */
    double x = per_inhabitant * (double)inhabitants;
    return floor_r(x + x * 1e-12 + 1e-9, r41);
}

static IG_ALWAYS_INLINE double loss_floor_r(double reference, double per_inhabitant,
                                            int64_t inhabitants, bool r41)
{
    if (!isfinite(per_inhabitant))
        return -INFINITY;
    return ceil_r(reference - limit_euros_r(per_inhabitant, inhabitants, r41) - 1e-9, r41);
}

static IG_ALWAYS_INLINE double gain_ceiling_r(double reference, double per_inhabitant,
                                              int64_t inhabitants, bool r41)
{
    if (!isfinite(per_inhabitant))
        return INFINITY;
    return floor_r(reference + limit_euros_r(per_inhabitant, inhabitants, r41) + 1e-9, r41);
}

/* A floor of ratio x reference, rounded up (towards the gemeente); the same allowance
 * for a decimal ratio a hair off as limit_euros makes. */
static IG_ALWAYS_INLINE double ratio_floor_r(double reference, double ratio, bool r41)
{
    if (!isfinite(ratio))
        return -INFINITY;
    const double x = reference * ratio;
    return ceil_r(x - fabs(x) * 1e-12 - 1e-9, r41);
}

/* A ceiling of ratio x reference, rounded down (towards the gemeente). */
static IG_ALWAYS_INLINE double ratio_ceiling_r(double reference, double ratio, bool r41)
{
    if (!isfinite(ratio))
        return INFINITY;
    const double x = reference * ratio;
    return floor_r(x + fabs(x) * 1e-12 + 1e-9, r41);
}

static double limit_euros(double per_inhabitant, int64_t inhabitants)
{
    return limit_euros_r(per_inhabitant, inhabitants, false);
}

static double loss_floor(double reference, double per_inhabitant, int64_t inhabitants)
{
    return loss_floor_r(reference, per_inhabitant, inhabitants, false);
}

static double gain_ceiling(double reference, double per_inhabitant, int64_t inhabitants)
{
    return gain_ceiling_r(reference, per_inhabitant, inhabitants, false);
}

static double ratio_floor(double reference, double ratio)
{
    return ratio_floor_r(reference, ratio, false);
}

static double ratio_ceiling(double reference, double ratio)
{
    return ratio_ceiling_r(reference, ratio, false);
}

static inline double ratio_at(const double *ratio, size_t t)
{
    return ratio ? ratio[t] : NAN;
}

double ig_guarantee_weight(const ig_guarantee *g, int year)
{
    const int k = year - g->base_year;
    if (g->rule == IG_GUARANTEE_NONE || k <= 0 || (g->years > 0 && k > g->years))
        return NAN;
    switch (g->rule) {
    case IG_GUARANTEE_REBASED: return g->factor;
    case IG_GUARANTEE_PHASED_OUT:
        return k >= g->years ? NAN : (double)(g->years - k) / (double)g->years;
    default: return 1.0;
    }
}

/* The allocation of the guarantee's base year, for the years it applies in (after
 * base_year, which is a scenario year before them, so its allocation is final), or NULL
 * when it does not apply in year t. */
static const int64_t *guarantee_row(const ig_cap *cap, const ig_cap_in *in, const ig_alloc_out *out,
                                    size_t t, double *weight)
{
    *weight = ig_guarantee_weight(&cap->guarantee, in->first_year + (int)t);
    const int base = cap->guarantee.base_year;
    if (isnan(*weight) || base < in->first_year || base >= in->first_year + (int)t)
        return NULL;
    return out->total + (size_t)(base - in->first_year) * in->n_g;
}

/* The references of year t: gemeente g's is row[g] x *scale. That is its allocation of
 * the year before (for IG_CAP_PREVIOUS_YEAR scaled to this year's total, so that a
 * change of the macro budget is not counted as a gemeente's loss or gain), or the year's
 * fully historical allocation. `from` is the year whose allocation is compared with
 * (t - 1, or the year before a cumulative period). A scale of 1 leaves the amount as it
 * is, to the bit. */
static const int64_t *reference_row(const ig_cap *cap, const ig_cap_in *in, const ig_alloc_out *out,
                                    size_t t, size_t from, double *scale)
{
    const size_t n = in->n_g;
    *scale = 1.0;
    if (cap->reference == IG_CAP_HISTORICAL && from == t)
        return out->full_hist + t * n;
    if (cap->reference == IG_CAP_PREVIOUS_YEAR)
        *scale = (double)in->target[t] / (double)in->target[from];
    return out->total + from * n;
}

void ig_cap_bounds_of(const ig_cap *cap, const ig_cap_in *in, const ig_alloc_out *out, size_t t,
                      size_t g, ig_cap_bounds *b)
{
    const size_t n = in->n_g;
    const int year = in->first_year + (int)t;
    const size_t prev = cap->reference == IG_CAP_HISTORICAL ? t : t - 1;
    const int64_t inh = in->inhabitants[t * n + g];
    double q = 1.0;
    const int64_t *ref = reference_row(cap, in, out, t, prev, &q);
    *b = (ig_cap_bounds){
        .reference_year = in->first_year + (int)prev,
        .reference_amount = ref[g],
        .scale = q,
        .reference = (double)ref[g] * q,
        .inhabitants = inh,
        .loss_limit = isfinite(cap->max_loss[t]) ? limit_euros(cap->max_loss[t], inh) : NAN,
        .gain_limit = isfinite(cap->max_gain[t]) ? limit_euros(cap->max_gain[t], inh) : NAN,
        .cumulative = false};
    b->floor = loss_floor(b->reference, cap->max_loss[t], inh);
    b->ceiling = gain_ceiling(b->reference, cap->max_gain[t], inh);
    if (cap->cumulative && year >= cap->cum_from && year <= cap->cum_to &&
        cap->cum_from - 1 >= in->first_year) {
        const size_t base = (size_t)(cap->cum_from - 1 - in->first_year);
        double qb = 1.0;
        const int64_t *rb = reference_row(cap, in, out, t, base, &qb);
        const double ref_b = (double)rb[g] * qb;
        const double lb = loss_floor(ref_b, cap->cum_max_loss, inh),
                     hb = gain_ceiling(ref_b, cap->cum_max_gain, inh);
        b->cumulative = true;
        b->cum_reference = ref_b;
        b->cum_loss_limit = isfinite(cap->cum_max_loss) ? limit_euros(cap->cum_max_loss, inh) : NAN;
        b->cum_gain_limit = isfinite(cap->cum_max_gain) ? limit_euros(cap->cum_max_gain, inh) : NAN;
        b->floor = lb > b->floor ? lb : b->floor;
        b->ceiling = hb < b->ceiling ? hb : b->ceiling;
    }
    b->min_ratio = ratio_at(cap->min_ratio, t);
    b->max_ratio = ratio_at(cap->max_ratio, t);
    b->ratio_floor = ratio_floor(b->reference, b->min_ratio);
    b->ratio_ceiling = ratio_ceiling(b->reference, b->max_ratio);
    b->floor = b->ratio_floor > b->floor ? b->ratio_floor : b->floor;
    b->ceiling = b->ratio_ceiling < b->ceiling ? b->ratio_ceiling : b->ceiling;
    double w = NAN;
    const int64_t *gr = guarantee_row(cap, in, out, t, &w);
    b->guaranteed = gr != NULL;
    b->guarantee_amount = gr ? gr[g] : 0;
    b->guarantee_weight = gr ? w : NAN;
    b->guarantee_floor = gr ? ratio_floor((double)gr[g], w) : -INFINITY;
    b->floor = b->guarantee_floor > b->floor ? b->guarantee_floor : b->floor;
    if (b->ceiling < b->floor) /* contradictory limits: protection against losses first */
        b->ceiling = b->floor;
}

/* What the set-up of one capped year reads. */
typedef struct cap_year {
    const int64_t *tot, *ref, *ref_base, *inh, *gbase;
    int64_t *uncapped; /* the year's row of ig_cap_out.uncapped, written from tot */
    double *limit;     /* the loss limits in euros of a loss-only year (limit_euros) */
    double q, qb, ml, mg, cml, cmg, rmin, rmax, gw;
} cap_year;

/* The references and limits of a capped year in one pass: u the rounded allocation
 * without the cap, r the reference, lo and hi the floor and ceiling (a ceiling below the
 * floor is the floor, flagged 2); returns how many such conflicts there are and adds the
 * u to *sum_u. `general` false is a promise of the caller: the year's loss limit is
 * finite, and the steps it leaves out give INFINITY (no gain limit, ratio or guarantee):
 * the variants compute the same values, to the bit, with fewer tests per gemeente (the
 * flags, 0 or 2 here in a general year, are place_loss's in a loss-only one; all its
 * ceilings are written after the loop). Not general and in_cum also
 * promise a finite cumulative loss limit; `kept` (not general) that y->limit holds this
 * year's loss limits in euros already; `r41` that it runs in set_up_41 (floor_r). */
static IG_ALWAYS_INLINE size_t set_up(const cap_year *y, size_t n, double *restrict u,
                                      double *restrict r, double *restrict lo, double *restrict hi,
                                      signed char *restrict flag, double *sum_u, cap_first *first,
                                      cap_whole *whole, bool general, bool in_cum, bool kept,
                                      bool r41)
{
    size_t n_conflict = 0;
    /* y's fields in locals: the stores below could otherwise alias them, and they would
     * be read again for every gemeente */
    const cap_year yy = *y;
    const int64_t *restrict tot = yy.tot, *restrict ref = yy.ref, *restrict inhs = yy.inh;
    int64_t *restrict uncapped = yy.uncapped;
    double *restrict limit = yy.limit;
    double su = *sum_u;
    cap_first f = *first; /* in registers */
    cap_whole w = {0, 0, 0};
    for (size_t g = 0; g < n; g++) {
        /* the cap works on whole euros: the rounded allocation without it */
        const int64_t tg = tot[g];
        const double ug = (double)tg, rg = (double)ref[g] * yy.q;
        uncapped[g] = tg;
        w.bits |= (uint64_t)tg | (uint64_t)ref[g];
        const int64_t inh = inhs[g];
        su += ug;
        /* not general: the loss limit is finite, and loss_floor's test is left out; its
         * limit in euros is kept from the year before when that had the same */
        double l, h = general ? gain_ceiling_r(rg, yy.mg, inh, r41) : INFINITY;
        if (general) {
            l = loss_floor_r(rg, yy.ml, inh, r41);
        } else {
            double lim;
            if (kept) {
                lim = limit[g];
            } else {
                lim = limit_euros_r(yy.ml, inh, r41);
                limit[g] = lim;
            }
            l = ceil_r(rg - lim - 1e-9, r41);
        }
        if (in_cum) {
            const double b = (double)yy.ref_base[g] * yy.qb;
            /* not general: the caller's promise that the cumulative loss limit is finite
             * (an infinite one gives -infinity, which changes no l) */
            const double lb = general ? loss_floor_r(b, yy.cml, inh, r41)
                                      : ceil_r(b - limit_euros_r(yy.cml, inh, r41) - 1e-9, r41);
            l = lb > l ? lb : l;
            if (general) {
                const double hb = gain_ceiling_r(b, yy.cmg, inh, r41);
                h = hb < h ? hb : h;
            }
        }
        if (general) {
            if (!isnan(yy.rmin)) {
                const double lr = ratio_floor_r(rg, yy.rmin, r41);
                l = lr > l ? lr : l;
            }
            if (!isnan(yy.rmax)) {
                const double hr = ratio_ceiling_r(rg, yy.rmax, r41);
                h = hr < h ? hr : h;
            }
            if (yy.gbase) {
                const double lg = ratio_floor_r((double)yy.gbase[g], yy.gw, r41);
                l = lg > l ? lg : l;
            }
        }
        /* contradictory limits: protection against losses first (never without a
         * finite ceiling) */
        const bool conflict = general && h < l;
        const double hg = conflict ? l : h;
        u[g] = ug;
        r[g] = rg;
        lo[g] = l;
        if (general) { /* a loss-only year's ceilings are filled after the loop, and its
                        * flags written by place_loss */
            hi[g] = hg;
            flag[g] = conflict ? 2 : 0;
        }
        n_conflict += conflict;
        /* the solver's first pass, on the same values */
        first_add_whole(&f, &w, ug, rg, l, hg, !general);
    }
    if (!general) {
        w.mag = w.w1; /* see first_add_whole */
        for (size_t g = 0; g < n; g++)
            hi[g] = INFINITY;
    }
    *sum_u = su;
    *first = f;
    *whole = w;
    return n_conflict;
}

/* The kinds of capped year set_up is compiled for: its `general`, `in_cum` and `kept`. A
 * loss-only year in a cumulative period whose loss limit is infinite is a plain
 * loss-only year (its floor of -infinity changes no floor). */
typedef enum cap_kind {
    CAP_GENERAL,
    CAP_GENERAL_CUM,
    CAP_LOSS,
    CAP_LOSS_KEPT,
    CAP_LOSS_CUM,
    CAP_LOSS_CUM_KEPT
} cap_kind;

static IG_ALWAYS_INLINE size_t set_up_kind(const cap_year *y, size_t n, double *u, double *r,
                                           double *lo, double *hi, signed char *flag, double *sum_u,
                                           cap_first *first, cap_whole *whole, cap_kind kind,
                                           bool r41)
{
    switch (kind) {
    case CAP_GENERAL:
        return set_up(y, n, u, r, lo, hi, flag, sum_u, first, whole, true, false, false, r41);
    case CAP_GENERAL_CUM:
        return set_up(y, n, u, r, lo, hi, flag, sum_u, first, whole, true, true, false, r41);
    case CAP_LOSS:
        return set_up(y, n, u, r, lo, hi, flag, sum_u, first, whole, false, false, false, r41);
    case CAP_LOSS_KEPT:
        return set_up(y, n, u, r, lo, hi, flag, sum_u, first, whole, false, false, true, r41);
    case CAP_LOSS_CUM:
        return set_up(y, n, u, r, lo, hi, flag, sum_u, first, whole, false, true, false, r41);
    default: return set_up(y, n, u, r, lo, hi, flag, sum_u, first, whole, false, true, true, r41);
    }
}

/* set_up of every kind as a function of its own, so that its loops' registers are
 * allocated apart from ig_cap_apply's; once as it is, once for SSE4.1. */
IG_NOINLINE static size_t set_up_plain(const cap_year *y, size_t n, double *u, double *r,
                                       double *lo, double *hi, signed char *flag, double *sum_u,
                                       cap_first *first, cap_whole *whole, cap_kind kind)
{
    return set_up_kind(y, n, u, r, lo, hi, flag, sum_u, first, whole, kind, false);
}

#if IG_X86_VECTORS
IG_TARGET_SSE41 IG_NOINLINE static size_t set_up_41(const cap_year *y, size_t n, double *u,
                                                    double *r, double *lo, double *hi,
                                                    signed char *flag, double *sum_u,
                                                    cap_first *first, cap_whole *whole,
                                                    cap_kind kind)
{
    return set_up_kind(y, n, u, r, lo, hi, flag, sum_u, first, whole, kind, true);
}
#endif

/* The loss-only set-up with 256-bit vectors (x86 AVX2), four gemeenten at a time: every
 * value per gemeente (u, r, the floor, the uncapped copy, the limit in euros, and the
 * first pass's addends and breakpoints) is computed in vectors with the same operations,
 * in the same order, as set_up computes it, so to the bit the same; the sums, whose bits
 * depend on their order, are made in four lanes when that is provably the same to the bit
 * (cap_lane_sum), else in gemeente order with exactly set_up's operations from the
 * addends kept in u, lo (the plain sum at 1 of u < lo ? lo : u) and `a0` (the compensated
 * sum at 0: the caller's row of capped amounts, which the solve writes only after the
 * set-up). An int64 v becomes its double exactly as v | 2^52's exponent, less 2^52, when
 * 0 <= v < 2^52; a block of four where some tot, ref, inhabitants (or base reference)
 * lies outside goes through the scalar steps, which convert as set_up does. */
#if IG_X86_VECTORS

/* One gemeente of the loss-only set-up, as set_up does it; the first pass's addends to
 * x1 and a0. */
IG_TARGET_AVX2 static IG_ALWAYS_INLINE void
set_up_loss_one(const cap_year *yy, size_t g, double *u, double *r, double *lo, double *x1,
                double *a0, size_t *breaks, bool *ordered, uint64_t *bits, bool in_cum, bool kept)
{
    const int64_t tg = yy->tot[g];
    const double ug = (double)tg, rg = (double)yy->ref[g] * yy->q;
    yy->uncapped[g] = tg;
    *bits |= (uint64_t)tg | (uint64_t)yy->ref[g];
    const int64_t inh = yy->inh[g];
    double lim;
    if (kept) {
        lim = yy->limit[g];
    } else {
        lim = limit_euros_r(yy->ml, inh, true);
        yy->limit[g] = lim;
    }
    double l = ceil_r(rg - lim - 1e-9, true);
    if (in_cum) {
        const double b = (double)yy->ref_base[g] * yy->qb;
        const double lb = ceil_r(b - limit_euros_r(yy->cml, inh, true) - 1e-9, true);
        l = lb > l ? lb : l;
    }
    u[g] = ug;
    r[g] = rg;
    lo[g] = l;
    const double d = ug - rg;
    if (d > 0) {
        *ordered &= l == l;
        const double ll = l - rg;
        *breaks += (size_t)(ll > 0.0 * d && ll < 1.0 * d);
    }
    x1[g] = ug < l ? l : ug;
    a0[g] = capped_lo(ug, rg, l, 0.0);
}

IG_TARGET_AVX2 static IG_ALWAYS_INLINE __m256d cap_to_double(__m256i v)
{
    const __m256d m = _mm256_set1_pd(CAP_WHOLE);
    return _mm256_sub_pd(_mm256_castsi256_pd(_mm256_or_si256(v, _mm256_castpd_si256(m))), m);
}

IG_TARGET_AVX2 static IG_ALWAYS_INLINE __m256d cap_floor4(__m256d x)
{
    return _mm256_round_pd(x, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);
}

IG_TARGET_AVX2 static IG_ALWAYS_INLINE __m256d cap_ceil4(__m256d x)
{
    return _mm256_round_pd(x, _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC);
}

/* limit_euros_r of four inhabitant counts */
IG_TARGET_AVX2 static IG_ALWAYS_INLINE __m256d cap_limit4(__m256d per, __m256d inh)
{
    const __m256d x = _mm256_mul_pd(per, inh);
    return cap_floor4(_mm256_add_pd(_mm256_add_pd(x, _mm256_mul_pd(x, _mm256_set1_pd(1e-12))),
                                    _mm256_set1_pd(1e-9)));
}

/* The lane sums of the loss-only set-up (set_up_loss_avx2): u, the plain sum at 1's addends
 * x1 = (u < lo ? lo : u) and the compensated sum at 0's a0, four lanes each; `whole` is
 * all ones in a lane while every a0 it added was a whole number >= 0. */
typedef struct cap_lanes {
    __m256d su, w1, s0, whole;
} cap_lanes;

/* Adds the addends of four gemeenten to the lanes. */
IG_TARGET_AVX2 static IG_ALWAYS_INLINE void cap_lanes_add(cap_lanes *s, __m256d u, __m256d x1,
                                                           __m256d a0)
{
    s->su = _mm256_add_pd(s->su, u);
    s->w1 = _mm256_add_pd(s->w1, x1);
    s->s0 = _mm256_add_pd(s->s0, a0);
    /* NaN fails both; an infinity passes, and fails cap_lane_sum's bound */
    const __m256d whole = _mm256_and_pd(
        _mm256_cmp_pd(_mm256_round_pd(a0, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC), a0,
                      _CMP_EQ_OQ),
        _mm256_cmp_pd(a0, _mm256_setzero_pd(), _CMP_GE_OQ));
    s->whole = _mm256_and_pd(s->whole, whole);
}

/* Gemeenten g .. g + 3 (those of `mask`) set up by set_up_loss_one: their addends added to
 * the lanes from the arrays, and their ceilings set to +infinity. */
IG_TARGET_AVX2 static IG_ALWAYS_INLINE void cap_lanes_load(cap_lanes *s, const double *u,
                                                            const double *x1, const double *a0,
                                                            double *hi, size_t g, __m256i mask)
{
    cap_lanes_add(s, _mm256_maskload_pd(u + g, mask), _mm256_maskload_pd(x1 + g, mask),
                  _mm256_maskload_pd(a0 + g, mask));
    _mm256_maskstore_pd(hi + g, mask, _mm256_set1_pd(INFINITY));
}

/* The four lanes of v added up, then `start` added: into *sum, and true, when that is the
 * sum the gemeente-order loop `for k: start += x[k]` makes, to the bit. The contract: the
 * caller has shown every addend x[k] (each added to one lane, lanes starting at +0) to be
 * a whole number >= 0 (+0, -0 or more), or +infinity; here start must be a whole number
 * with its sign bit clear, and the total below 2^53. Why: every whole number up to 2^53 is
 * a double, so an addition of two whole numbers >= 0 is exact unless its exact sum exceeds
 * 2^53, and then it rounds to 2^53 or more (rounding is monotone); adding numbers >= 0 to
 * that never brings it below 2^53 again. So a computed total below 2^53 (no infinity, no
 * NaN) means every addition on the way, in lanes or across them, was exact: the total is
 * the exact sum S. The loop's partial sums are exact sums of a prefix, whole and at most
 * S < 2^53, so each of its additions is exact too, and it ends at S. The bits agree for
 * S = 0 as well: no partial sum on either way is -0 (each starts at +0 or above, start's
 * sign bit being clear, and p + -0 is p for such a p, +0 + -0 being +0), so both are +0. */
IG_TARGET_AVX2 static IG_ALWAYS_INLINE bool cap_lane_sum(__m256d v, double start, double *sum)
{
    double l[4];
    _mm256_storeu_pd(l, v);
    const double t = start + ((l[0] + l[1]) + (l[2] + l[3]));
    if (!(!signbit(start) && start == __builtin_floor(start) && t < 2 * CAP_WHOLE))
        return false;
    *sum = t;
    return true;
}

IG_TARGET_AVX2 static IG_ALWAYS_INLINE size_t
set_up_loss_avx2(const cap_year *y, size_t n, double *restrict u, double *restrict r,
                 double *restrict lo, double *restrict hi, double *restrict a0, double *sum_u,
                 cap_first *first, cap_whole *whole, bool in_cum, bool kept)
{
    const cap_year yy = *y;
    const int64_t *restrict tot = yy.tot, *restrict ref = yy.ref, *restrict inhs = yy.inh,
                            *restrict refb = yy.ref_base;
    int64_t *restrict uncapped = yy.uncapped;
    double *restrict limit = yy.limit;
    size_t breaks = 0;
    bool ordered = true;
    uint64_t bits = 0;
    const __m256i high = _mm256_set1_epi64x((int64_t)(~(((uint64_t)1 << 52) - 1)));
    const __m256d q = _mm256_set1_pd(yy.q), qb = _mm256_set1_pd(yy.qb), ml = _mm256_set1_pd(yy.ml),
                  cml = _mm256_set1_pd(yy.cml), eps = _mm256_set1_pd(1e-9),
                  zero = _mm256_setzero_pd(), one = _mm256_set1_pd(1.0);
    __m256i vbits = _mm256_setzero_si256(), vbreaks = _mm256_setzero_si256();
    __m256d vord = _mm256_castsi256_pd(_mm256_set1_epi64x(-1));
    const __m256i all4 = _mm256_set1_epi64x(-1);
    const __m256d inf = _mm256_set1_pd(INFINITY);
    cap_lanes sums = {zero, zero, zero, _mm256_castsi256_pd(all4)};
    size_t g = 0;
    for (; g + 4 <= n; g += 4) {
        const __m256i ti = _mm256_loadu_si256((const __m256i *)(tot + g)),
                      ri = _mm256_loadu_si256((const __m256i *)(ref + g)),
                      ii = _mm256_loadu_si256((const __m256i *)(inhs + g));
        __m256i all = _mm256_or_si256(ti, ri);
        const __m256i tr = all;
        __m256i bi = _mm256_setzero_si256();
        if (in_cum) {
            bi = _mm256_loadu_si256((const __m256i *)(refb + g));
            all = _mm256_or_si256(all, bi);
        }
        all = _mm256_or_si256(all, ii);
        if (!_mm256_testz_si256(all, high)) { /* some value outside [0, 2^52) */
            for (size_t k = g; k < g + 4; k++)
                set_up_loss_one(&yy, k, u, r, lo, hi, a0, &breaks, &ordered, &bits, in_cum, kept);
            cap_lanes_load(&sums, u, hi, a0, hi, g, all4);
            continue;
        }
        vbits = _mm256_or_si256(vbits, tr);
        _mm256_storeu_si256((__m256i *)(uncapped + g), ti);
        const __m256d ug = cap_to_double(ti), rg = _mm256_mul_pd(cap_to_double(ri), q);
        const __m256d inh = cap_to_double(ii);
        __m256d lim;
        if (kept) {
            lim = _mm256_loadu_pd(limit + g);
        } else {
            lim = cap_limit4(ml, inh);
            _mm256_storeu_pd(limit + g, lim);
        }
        __m256d l = cap_ceil4(_mm256_sub_pd(_mm256_sub_pd(rg, lim), eps));
        if (in_cum) {
            const __m256d b = _mm256_mul_pd(cap_to_double(bi), qb);
            const __m256d lb =
                cap_ceil4(_mm256_sub_pd(_mm256_sub_pd(b, cap_limit4(cml, inh)), eps));
            l = _mm256_blendv_pd(l, lb, _mm256_cmp_pd(lb, l, _CMP_GT_OQ));
        }
        _mm256_storeu_pd(u + g, ug);
        _mm256_storeu_pd(r + g, rg);
        _mm256_storeu_pd(lo + g, l);
        const __m256d d = _mm256_sub_pd(ug, rg);
        const __m256d gain = _mm256_cmp_pd(d, zero, _CMP_GT_OQ);
        /* ordered &= l == l for the gainers: a NaN floor of a gainer clears it */
        vord = _mm256_andnot_pd(_mm256_andnot_pd(_mm256_cmp_pd(l, l, _CMP_EQ_OQ), gain), vord);
        const __m256d ll = _mm256_sub_pd(l, rg);
        const __m256d in = _mm256_and_pd(
            gain, _mm256_and_pd(_mm256_cmp_pd(ll, _mm256_mul_pd(zero, d), _CMP_GT_OQ),
                                _mm256_cmp_pd(ll, _mm256_mul_pd(one, d), _CMP_LT_OQ)));
        vbreaks = _mm256_sub_epi64(vbreaks, _mm256_castpd_si256(in)); /* -(-1) per break */
        const __m256d x1 = _mm256_blendv_pd(ug, l, _mm256_cmp_pd(ug, l, _CMP_LT_OQ));
        _mm256_storeu_pd(hi + g, inf);
        /* capped_lo(u, r, l, 0.0) */
        const __m256d x0 = _mm256_blendv_pd(_mm256_add_pd(rg, _mm256_mul_pd(zero, d)), ug,
                                            _mm256_cmp_pd(d, zero, _CMP_LT_OQ));
        const __m256d s0 = _mm256_blendv_pd(x0, l, _mm256_cmp_pd(x0, l, _CMP_LT_OQ));
        _mm256_storeu_pd(a0 + g, s0);
        cap_lanes_add(&sums, ug, x1, s0);
    }
    if (g < n) {
        for (size_t k = g; k < n; k++)
            set_up_loss_one(&yy, k, u, r, lo, hi, a0, &breaks, &ordered, &bits, in_cum, kept);
        /* the lanes of the gemeenten after the last: 0 from the masked loads */
        const __m256i lane = _mm256_setr_epi64x(0, 1, 2, 3);
        cap_lanes_load(&sums, u, hi, a0, hi, g,
                       _mm256_cmpgt_epi64(_mm256_set1_epi64x((int64_t)(n - g)), lane));
    }
    uint64_t lanes[4], br[4];
    _mm256_storeu_si256((__m256i *)lanes, vbits);
    _mm256_storeu_si256((__m256i *)br, vbreaks);
    bits |= lanes[0] | lanes[1] | lanes[2] | lanes[3];
    breaks += (size_t)(br[0] + br[1] + br[2] + br[3]);
    ordered &= _mm256_movemask_pd(vord) == 0xf;
    cap_first f = *first;
    /* The sums of u and x1: with the certificate's bits (every tot and ref in [0, 2^52)),
     * every u is a whole number in [+0, 2^52) (an int64 converts to +0, never -0), and x1
     * is u or, when u < lo, lo: a whole number above u (a ceiling of set_up, or the larger
     * of two), or +infinity; a floor of -0 (a ceiling of a number in (-1, 0]) or NaN is
     * never chosen. So cap_lane_sum's contract holds, with su's start *sum_u checked
     * there and w1's +0. */
    double su = *sum_u, w1 = 0;
    const bool cert = bits < (uint64_t)1 << 52;
    bool lanes_uw = cert && cap_lane_sum(sums.su, su, &su);
    lanes_uw = lanes_uw && cap_lane_sum(sums.w1, 0.0, &w1);
    /* The compensated sum at 0 when every a0 is a whole number >= 0 (checked per lane;
     * so in every year whose reference scale q is 1 when the certificate holds, r and u
     * then being whole): each csum_add then adds a whole x >= 0 to a whole s >= 0 (not
     * -0), their sum staying below 2^53 (cap_lane_sum, with s0.s as its start), so t =
     * s + x exactly, xv = t - s = x exactly (+0 for x = -0), sv = t - xv = s, and the
     * error (s - sv) + (x - xv) is +0 + +0, or for x = -0, +0 + (-0 - +0) = +0. c + +0
     * leaves c as it is unless c were -0 (it would become +0) or NaN, so c must be finite
     * with its sign bit clear (the caller's start {+0, +0} is); s is the plain sum. */
    const bool lanes_s0 = _mm256_movemask_pd(sums.whole) == 0xf && !signbit(f.s0.c) &&
                          f.s0.c <= DBL_MAX && cap_lane_sum(sums.s0, f.s0.s, &f.s0.s);
    _mm256_zeroupper();
    /* else the sums in gemeente order, as set_up makes them */
    if (!lanes_uw) {
        su = *sum_u;
        w1 = 0;
        for (size_t k = 0; k < n; k++) {
            su += u[k];
            w1 += u[k] < lo[k] ? lo[k] : u[k]; /* x1, as the vectors and set_up_loss_one */
        }
    }
    if (!lanes_s0)
        for (size_t k = 0; k < n; k++)
            csum_add(&f.s0, a0[k]);
    f.ordered &= ordered;
    f.breaks01 += breaks;
    *sum_u = su;
    *first = f;
    *whole = (cap_whole){w1, w1, bits};
    return 0;
}

IG_TARGET_AVX2 IG_NOINLINE static size_t set_up_avx2(const cap_year *y, size_t n, double *u,
                                                      double *r, double *lo, double *hi, double *a0,
                                                      double *sum_u, cap_first *first,
                                                      cap_whole *whole, cap_kind kind)
{
    switch (kind) {
    case CAP_LOSS_KEPT:
        return set_up_loss_avx2(y, n, u, r, lo, hi, a0, sum_u, first, whole, false, true);
    case CAP_LOSS_CUM:
        return set_up_loss_avx2(y, n, u, r, lo, hi, a0, sum_u, first, whole, true, false);
    case CAP_LOSS_CUM_KEPT:
        return set_up_loss_avx2(y, n, u, r, lo, hi, a0, sum_u, first, whole, true, true);
    default: return set_up_loss_avx2(y, n, u, r, lo, hi, a0, sum_u, first, whole, false, false);
    }
}
#endif

bool ig_cap_vector_instructions = true;
bool ig_cap_round_instructions = true;

/* When ig_cap_apply stops at year t (whose row of uncapped the set-up wrote), the
 * uncapped rows of the later years, as they were; returns st. */
static ingroei_status uncapped_rest(ig_cap_out *co, const ig_cap_in *in, const int64_t *tot,
                                    size_t t, ingroei_status st)
{
    const size_t n = in->n_g;
    memcpy(co->uncapped + (t + 1) * n, tot + n, (in->n_y - t - 1) * n * sizeof *tot);
    return st;
}

ingroei_status ig_cap_apply(const ig_cap *cap, const ig_cap_in *in, ig_alloc_out *out,
                            ig_cap_out *co, ig_lr_slot *slots, double *work, ingroei_error *err)
{
    const size_t n = in->n_g;
    const int last_year = in->first_year + (int)in->n_y - 1;
    if (cap->enabled && cap->cumulative &&
        !(cap->cum_from - 1 >= in->first_year && cap->cum_from <= cap->cum_to &&
          cap->cum_to <= last_year))
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0,
                       "cumulative cap %d-%d: its base year %d and its years must lie within "
                       "%d-%d",
                       cap->cum_from, cap->cum_to, cap->cum_from - 1, in->first_year, last_year);
    const int gb = cap->guarantee.base_year;
    if (cap->enabled && cap->guarantee.rule != IG_GUARANTEE_NONE &&
        !(gb >= in->first_year && gb < last_year))
        return ig_fail(err, INGROEI_ERR_USAGE, NULL, 0, 0,
                       "guarantee at the allocation of %d: its base year must lie within %d-%d "
                       "(a scenario year with a year after it)",
                       gb, in->first_year, last_year - 1);
#if IG_X86_VECTORS
    const bool use41 = ig_cap_round_instructions && __builtin_cpu_supports("sse4.1");
#endif
#if IG_X86_VECTORS
    const bool use_avx2 = ig_cap_vector_instructions && __builtin_cpu_supports("avx2");
#endif
    double *r = work, *lo = work + n, *hi = work + 2 * n, *c = work + 3 * n, *u = work + 4 * n,
           *limit = work + 5 * n;
    /* the year whose loss limits `limit` holds (SIZE_MAX: none), and its limit */
    size_t limit_year = SIZE_MAX;
    double limit_of = NAN;
    for (size_t t = 0; t < in->n_y; t++) {
        int64_t *tot = out->total + t * n;
        const int year = in->first_year + (int)t;
        co->lambda[t] = 1.0;
        co->n_loss[t] = co->n_gain[t] = 0;
        co->feasible[t] = true;
        co->active[t] = false;
        co->gap[t] = 0.0;
        co->n_conflict[t] = 0;
        const bool has_ref = cap->reference == IG_CAP_HISTORICAL || t > 0;
        const bool in_cum = cap->cumulative && year >= cap->cum_from && year <= cap->cum_to;
        const double ml = cap->max_loss[t], mg = cap->max_gain[t];
        const double rmin = ratio_at(cap->min_ratio, t), rmax = ratio_at(cap->max_ratio, t);
        double gw = NAN;
        const int64_t *gbase = cap->enabled ? guarantee_row(cap, in, out, t, &gw) : NULL;
        if (!cap->enabled || !has_ref ||
            (isnan(ml) && isnan(mg) && !in_cum && isnan(rmin) && isnan(rmax) && !gbase)) {
            memset(co->flag + t * n, 0, n * sizeof *co->flag);
            memcpy(co->uncapped + t * n, tot, n * sizeof *tot);
            continue;
        }
        co->active[t] = true;
        const size_t prev = cap->reference == IG_CAP_HISTORICAL ? t : t - 1;
        const size_t base = in_cum ? (size_t)(cap->cum_from - 1 - in->first_year) : 0;
        const int64_t *inh = in->inhabitants + t * n;
        double q = 1.0, qb = 1.0;
        const int64_t *ref = reference_row(cap, in, out, t, prev, &q);
        const int64_t *ref_base = in_cum ? reference_row(cap, in, out, t, base, &qb) : ref;
        /* Budget neutral: the capped allocation adds up to what the uncapped one did (the
         * year's total; in per-line mode that total plus the rounding residual). */
        /* The loss limits in euros (per inhabitant x inhabitants, floored) depend on the
         * limit and the inhabitants alone: the same, to the bit, as the year's before when
         * both are. */
        const bool loss_only = isfinite(ml) && !isfinite(mg) && isnan(rmin) && isnan(rmax) &&
                               !gbase && !(in_cum && isfinite(cap->cum_max_gain));
        const bool kept = loss_only && limit_year != SIZE_MAX && ml == limit_of &&
                          memcmp(inh, in->inhabitants + limit_year * n, n * sizeof *inh) == 0;
        const cap_year y = {tot,
                            ref,
                            ref_base,
                            inh,
                            gbase,
                            co->uncapped + t * n,
                            limit,
                            q,
                            qb,
                            ml,
                            mg,
                            cap->cum_max_loss,
                            cap->cum_max_gain,
                            rmin,
                            rmax,
                            gw};
        signed char *flag = co->flag + t * n;
        double sum_u = 0;
        size_t n_conflict;
        cap_first first = {{0, 0}, {0, 0}, 0, true};
        cap_whole whole;
        /* Without a gain limit, ratio or guarantee every ceiling is infinite: the
         * set-up without them (the herijking's kind of cap) is the general one with
         * those steps known to do nothing. */
        const cap_kind kind = !loss_only ? (in_cum ? CAP_GENERAL_CUM : CAP_GENERAL)
                              : in_cum && isfinite(cap->cum_max_loss)
                                  ? (kept ? CAP_LOSS_CUM_KEPT : CAP_LOSS_CUM)
                                  : (kept ? CAP_LOSS_KEPT : CAP_LOSS);
#if IG_X86_VECTORS
        if (use_avx2 && loss_only)
            n_conflict = set_up_avx2(&y, n, u, r, lo, hi, c, &sum_u, &first, &whole, kind);
        else
#endif
#if IG_X86_VECTORS
            if (use41)
            n_conflict = set_up_41(&y, n, u, r, lo, hi, flag, &sum_u, &first, &whole, kind);
        else
#endif
            n_conflict = set_up_plain(&y, n, u, r, lo, hi, flag, &sum_u, &first, &whole, kind);
        if (loss_only) {
            limit_year = t;
            limit_of = ml;
        }
        co->n_conflict[t] = n_conflict;
        double gap = 0.0;
        size_t n_held = 0; /* place_loss's count of a loss-only year */
        cap_problem p = {u,       r,    lo, hi, n, sum_u, IG_CAP_HOW_NONE, loss_only ? flag : NULL,
                         &n_held, false};
#if IG_X86_VECTORS
        p.vec = use_avx2 && loss_only;
#endif
        first.s1 = cap_whole_s1(&p, &whole, q);
        ingroei_status st = solve_first(&p, &first, cap->tolerance, c, &co->lambda[t], &gap);
        if (st == INGROEI_ERR_DATA) {
            co->feasible[t] = false;
            co->gap[t] = gap;
            co->n_conflict[t] = 0;
            memset(co->flag + t * n, 0, n * sizeof *co->flag);
            if (cap->relax_infeasible)
                continue; /* this year stays uncapped, and says so */
            ig_buf g = {0};
            ig_put_fixed(&g, fabs(gap), 2, '.');
            st = ig_fail(err, INGROEI_ERR_DATA, NULL, 0, 0,
                         gap > 0 ? "the cap of %d cannot be paid: the gemeenten that gain would "
                                   "have to give up %s euro more than they gain"
                                 : "the cap of %d cannot be kept: %s euro of capped gains cannot "
                                   "be placed on gemeenten below their gain cap (what a gain "
                                   "cap takes goes to the other gainers only; a loss cap gives "
                                   "it to the losers)",
                         year, g.data ? g.data : "?");
            ig_buf_free(&g);
            return uncapped_rest(co, in, tot, t, st);
        }
        if (st != INGROEI_OK)
            return uncapped_rest(
                co, in, tot, t,
                ig_fail(err, st, NULL, 0, 0, "the cap of %d: the root finder failed", year));
        /* the sum of the capped amounts: the target of the largest remainder, which
         * hands out exactly the euros that make it up; per line, as rounded */
        int64_t s = 0;
        if (in->rounding == IG_ROUND_EXACT_TOTAL) {
            s = (int64_t)sum_u;
            st = ig_largest_remainder(c, n, s, tot, slots);
            if (st != INGROEI_OK)
                return uncapped_rest(
                    co, in, tot, t,
                    ig_fail(err, st, NULL, 0, 0, "the cap of %d: rounding failed", year));
        } else {
            for (size_t g = 0; g < n; g++)
                s += tot[g] = ig_round(c[g]);
        }
        /* Who is held, without a branch per gemeente: at the loss floor (contradictory
         * limits, flagged 2 by the set-up, or a loser the floor holds), else a gainer
         * held at its ceiling (cut to it, or pushed up to it). */
        const bool pushed = co->lambda[t] > 1;
        size_t n_loss = n_held, n_gain = 0;
        if (!loss_only) { /* a loss-only year's flags and n_loss are place_loss's */
            for (size_t g = 0; g < n; g++) {
                const bool loss = (flag[g] == 2) | ((u[g] < lo[g]) & (c[g] <= lo[g]));
                const bool gain =
                    !loss & (u[g] > r[g]) & (c[g] >= hi[g]) & ((u[g] > hi[g]) | pushed);
                flag[g] = (signed char)((int)gain - (int)loss);
                n_loss += loss;
                n_gain += gain;
            }
        }
        co->n_loss[t] = n_loss;
        co->n_gain[t] = n_gain;
        out->sum_total[t] = s;
        out->residual[t] = s - in->target[t];
    }
    return INGROEI_OK;
}
