/* closures.c: see closures.h. */
#include "closures.h"

#include "helpers.h"

#include "futures.h"

static void count(void *env, int64_t v)
{
	struct calls *c = env;
	if (c != NULL) {
		c->n++;
		c->last = v;
	}
}

union value add_ten(union value item, void *env)
{
	count(env, item.i);
	return value_int(item.i + 10);
}

union value rebox_plus_100(union value item, void *env)
{
	(void)env;
	return box_new(box_take(item) + 100);
}

bool is_even(const union value *item, void *env)
{
	count(env, item->i);
	return item->i % 2 == 0;
}

bool is_even_boxed(const union value *item, void *env)
{
	(void)env;
	return box_peek(*item) % 2 == 0;
}

bool below(const union value *item, void *env)
{
	return item->i < *(const int64_t *)env;
}

bool keep_even_times_ten(union value item, union value *out, void *env)
{
	(void)env;
	if (item.i % 2 != 0)
		return false; /* a plain item: nothing to release */
	*out = value_int(item.i * 10);
	return true;
}

union value pair_plain(union value a, union value b, void *env)
{
	(void)env;
	return value_int(a.i * 100 + b.i);
}

union value pair_boxed(union value a, union value b, void *env)
{
	(void)env;
	int64_t x = box_take(a);
	return box_new(x * 100 + box_take(b));
}

union value index_plain(uint64_t index, union value item, void *env)
{
	(void)env;
	return value_int((int64_t)index * 100 + item.i);
}

void note_item(const union value *item, void *env)
{
	count(env, item->i);
}

union value sum_fold(union value acc, union value item, void *env)
{
	(void)env;
	return value_int(acc.i + item.i);
}

void sum_each(union value item, void *env)
{
	*(int64_t *)env += item.i;
}

struct future *double_later(union value item, void *env)
{
	(void)env;
	return future_yield_new(1, value_int(2 * item.i));
}

struct future *no_future(union value item, void *env)
{
	(void)item;
	(void)env;
	return NULL;
}
