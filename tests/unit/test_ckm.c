/* test_ckm.c - the perturbation table of the cell key method has the
 * properties it promises: every row a distribution (sums to 1) with mean
 * 0, the variance V where its targets allow it (the documented values
 * where they do not), no deviation beyond D, no positive count up to
 * CKM_BLOCKED ever published, 0 published as 0; and publishing is a
 * function of (count, key) alone, unbiased over the keys. */
#include "harness.h"
#include "ckm.h"

#include <math.h>
#include <stdio.h>

/* Every property of one table, whatever its parameters. */
static void check_table(const ckm_table_t *t)
{
    for (int i = 0; i < t->rows; i++) {
        const ckm_row_t *r = &t->row[i];
        double sum = 0, mean = 0, var = 0;
        for (int k = 0; k < r->n; k++) {
            int j = (i == t->rows - 1 ? 1000 : i) + r->dev[k]; /* the last row serves large counts */
            ck_assert_msg(r->p[k] >= 0 && r->p[k] <= 1, "row %d: p out of [0, 1]", i);
            ck_assert_msg(abs(r->dev[k]) <= t->d, "row %d: deviation %d beyond D %d", i, r->dev[k], t->d);
            ck_assert_msg(j >= 0 && (j == 0 || j > CKM_BLOCKED), "row %d: publishes %d", i, j);
            ck_assert_msg(k == 0 || r->dev[k] > r->dev[k - 1], "row %d: targets not ascending", i);
            sum += r->p[k];
            mean += r->p[k] * r->dev[k];
            var += r->p[k] * r->dev[k] * r->dev[k];
        }
        ck_assert_msg(fabs(sum - 1) < 1e-9, "row %d sums to %.12f", i, sum);
        ck_assert_msg(fabs(mean) < 1e-9, "row %d is biased: %.12f", i, mean);
        ck_assert_msg(fabs(var - r->variance) < 1e-9, "row %d: variance recorded wrong", i);
        ck_assert_msg(r->upper[r->n - 1] == 1, "row %d: intervals do not cover [0, 1)", i);
    }
    ck_assert_int_eq(t->row[0].n, 1); /* 0 stays 0 */
    ck_assert_int_eq(t->row[0].dev[0], 0);
    ck_assert_msg(fabs(t->row[t->rows - 1].variance - t->v) < 1e-6, "large counts: variance %.9f, want %.3f",
                  t->row[t->rows - 1].variance, t->v);
}

START_TEST(default_table_has_its_properties)
{
    ckm_table_t t;
    ck_assert_int_eq(ckm_build(&t, 2, 1.0), 0);
    check_table(&t);
    ck_assert_int_eq(t.rows, 6);
    /* the documented rows: 1 -> 0 (2/3) or 3 (1/3); 2 -> 0, 3 or 4 with variance 3; 3 stays 3 */
    ck_assert_int_eq(t.row[1].n, 2);
    ck_assert(fabs(t.row[1].p[0] - 2.0 / 3) < 1e-9 && t.row[1].dev[1] == 2);
    ck_assert(fabs(t.row[1].variance - 2) < 1e-9);
    ck_assert_int_eq(t.row[2].n, 3);
    ck_assert(fabs(t.row[2].variance - 3) < 1e-6);
    ck_assert_int_eq(t.row[3].n, 1);
    ck_assert(fabs(t.row[4].variance - 1) < 1e-6 && fabs(t.row[5].variance - 1) < 1e-6);
}
END_TEST

START_TEST(other_parameters_keep_the_properties)
{
    static const struct { int d; double v; } P[] = {{2, 0.5}, {2, 2}, {3, 1}, {3, 2.5}, {4, 3}, {5, 4}};
    for (size_t i = 0; i < sizeof P / sizeof P[0]; i++) {
        ckm_table_t t;
        ck_assert_int_eq(ckm_build(&t, P[i].d, P[i].v), 0);
        check_table(&t);
    }
    ckm_table_t t;
    ck_assert_int_eq(ckm_build(&t, 1, 1), -1); /* D below the blocked counts: 1 could not move */
    ck_assert_int_eq(ckm_build(&t, 6, 1), -1);
    ck_assert_int_eq(ckm_build(&t, 2, 0), -1);
    ck_assert_int_eq(ckm_build(&t, 2, 5), -1);
}
END_TEST

START_TEST(publishing_is_consistent_and_unbiased)
{
    ckm_table_t t;
    ckm_build(&t, 2, 1.0);
    for (long n = 0; n < 40; n++) {
        double sum = 0;
        int keys = 100000;
        for (int k = 0; k < keys; k++) {
            uint32_t key = (uint32_t)((4294967296.0 * (k + 0.5)) / keys);
            long j = ckm_publish(&t, n, key);
            ck_assert_int_eq(j, ckm_publish(&t, n, key)); /* the same cell, the same answer */
            ck_assert_msg(j >= 0 && (j == 0 || j > CKM_BLOCKED) && labs(j - n) <= 2, "%ld -> %ld", n, j);
            sum += (double)j;
        }
        ck_assert_msg(fabs(sum / keys - (double)n) < 1e-3, "count %ld published %.4f on average", n,
                      sum / keys);
    }
}
END_TEST

Suite *suite_ckm(void)
{
    Suite *s = suite_create("ckm");
    TCase *tc = tcase_create("table");
    tcase_add_test(tc, default_table_has_its_properties);
    tcase_add_test(tc, other_parameters_keep_the_properties);
    tcase_add_test(tc, publishing_is_consistent_and_unbiased);
    suite_add_tcase(s, tc);
    return s;
}
