/* categories.h - the data categories of a case (DESIGN.md: identity,
 * residence, potential, plan, journal) as bits; a consent covers a set. */
#ifndef LOTSE_CATEGORIES_H
#define LOTSE_CATEGORIES_H

enum {
    CAT_IDENTITY = 1u << 0,
    CAT_RESIDENCE = 1u << 1,
    CAT_POTENTIAL = 1u << 2,
    CAT_PLAN = 1u << 3,
    CAT_JOURNAL = 1u << 4,
};
#define CAT_ALL (CAT_IDENTITY | CAT_RESIDENCE | CAT_POTENTIAL | CAT_PLAN | CAT_JOURNAL)

#endif
