/* closures.h: the small functions the chapter 5 tests give to combinators. */
#ifndef WB_CH5_CLOSURES_H
#define WB_CH5_CLOSURES_H

#include "combinators.h"

/* Calls counted by the closures that count (reset by each test). */
struct calls {
	unsigned n;       /* how many calls */
	int64_t last;     /* the last item seen */
};

union value add_ten(union value item, void *env);          /* plain; env: struct calls * or NULL */
union value rebox_plus_100(union value item, void *env);    /* boxed in, boxed out */
bool is_even(const union value *item, void *env);           /* plain; env: struct calls * or NULL */
bool is_even_boxed(const union value *item, void *env);
bool below(const union value *item, void *env);             /* env: int64_t *limit */
bool keep_even_times_ten(union value item, union value *out, void *env); /* filter_map, plain */
union value pair_plain(union value a, union value b, void *env); /* a * 100 + b */
union value pair_boxed(union value a, union value b, void *env); /* boxed, same number */
union value index_plain(uint64_t index, union value item, void *env); /* index * 100 + item */
void note_item(const union value *item, void *env);          /* inspect: env struct calls * */
union value sum_fold(union value acc, union value item, void *env);
void sum_each(union value item, void *env);                  /* env: int64_t *sum */
struct future *double_later(union value item, void *env);    /* then: yield_new(1, 2 * item) */
struct future *no_future(union value item, void *env);       /* then: NULL (out of memory) */

#endif
