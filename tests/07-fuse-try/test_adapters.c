/* test_adapters.c: map_ok, map_err, inspect_err, and_then, or_else, try_filter. */
#include "helpers.h"
#include "tests.h"

#include "error.h"
#include "mem.h"

static unsigned calls;

static union value times_two(union value v, void *env)
{
	(void)env;
	calls++;
	return value_int(v.i * 2);
}

static union value minus_hundred(union value e, void *env)
{
	(void)env;
	calls++;
	return value_int(e.i - 100);
}

static void count_err(const union value *e, void *env)
{
	calls++;
	*(int64_t *)env += e->i;
}

void test_map_ok_maps_items_and_passes_errors(void **state)
{
	(void)state;
	struct script sc = {{ITEM(1), ERR(-2), ITEM(3), END}, 4, false};
	struct script_stats st;
	struct waker w = waker_noop();
	union value v;
	struct stream *s = stream_map_ok(script_new(&sc, &st), times_two, NULL, NULL);

	calls = 0;
	check_next(poll_with(s, &w, &v), POLL_NEXT_ITEM);
	check_int(v.i, 2);
	check_next(poll_with(s, &w, &v), POLL_NEXT_ERROR);
	check_int(v.i, -2);
	check_uint(calls, 1); /* the error never reached the closure */
	check_next(poll_with(s, &w, &v), POLL_NEXT_ITEM);
	check_int(v.i, 6);
	check_next(poll_with(s, &w, &v), POLL_NEXT_END);
	stream_drop(s);
}

/// [test_map_err]
void test_map_err_maps_errors_and_passes_items(void **state)
{
	(void)state;
	struct script sc = {{ITEM(1), ERR(-2), ITEM(3), ERR(-4), END}, 5, false};
	struct script_stats st;
	struct waker w = waker_noop();
	union value v;
	struct stream *s = stream_map_err(script_new(&sc, &st), minus_hundred, NULL);

	calls = 0;
	check_next(poll_with(s, &w, &v), POLL_NEXT_ITEM);
	check_int(v.i, 1);
	check_uint(calls, 0); /* items pass untouched */
	check_next(poll_with(s, &w, &v), POLL_NEXT_ERROR);
	check_int(v.i, -102);
	check_next(poll_with(s, &w, &v), POLL_NEXT_ITEM);
	check_int(v.i, 3);
	check_next(poll_with(s, &w, &v), POLL_NEXT_ERROR);
	check_int(v.i, -104);
	check_uint(calls, 2);
	check_next(poll_with(s, &w, &v), POLL_NEXT_END);
	stream_drop(s);
}
/// [test_map_err]

void test_map_err_pending_passes_through_with_waker(void **state)
{
	(void)state;
	struct script sc = {{PEND, ERR(-1), END}, 3, false};
	struct script_stats st;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	union value v;
	struct stream *s = stream_map_err(script_new(&sc, &st), minus_hundred, NULL);

	check_next(poll_with(s, &w, &v), POLL_NEXT_PENDING);
	check_uint(cw.clones, 1);
	waker_wake(&st.kept);
	check_uint(cw.wakes, 1);
	check_next(poll_with(s, &w, &v), POLL_NEXT_ERROR);
	check_int(v.i, -101);
	check_next(poll_with(s, &w, &v), POLL_NEXT_END);
	stream_drop(s);
	waker_drop(&w);
	check_uint(cw.refs, 0);
}

void test_map_err_keeps_items_drop_function(void **state)
{
	(void)state;
	struct script sc = {{ITEM(1), END}, 2, true};
	struct script_stats st;
	struct stream *s = stream_map_err(script_new(&sc, &st), minus_hundred, NULL);

	box_reset();
	stream_drop_item(s, box_new(5)); /* released as the source's items are */
	check_uint(boxes_dropped, 1);
	stream_drop(s);
}

void test_inspect_err_sees_each_error_once(void **state)
{
	(void)state;
	struct script sc = {{ERR(-1), ITEM(5), ERR(-2), END}, 4, false};
	struct script_stats st;
	struct waker w = waker_noop();
	union value v;
	int64_t seen = 0;
	struct stream *s = stream_inspect_err(script_new(&sc, &st), count_err, &seen);

	calls = 0;
	check_next(poll_with(s, &w, &v), POLL_NEXT_ERROR);
	check_int(v.i, -1);
	check_next(poll_with(s, &w, &v), POLL_NEXT_ITEM);
	check_int(v.i, 5);
	check_next(poll_with(s, &w, &v), POLL_NEXT_ERROR);
	check_int(v.i, -2);
	check_next(poll_with(s, &w, &v), POLL_NEXT_END);
	check_uint(calls, 2);
	check_int(seen, -3);
	stream_drop(s);
}

/* ---- and_then / or_else ---------------------------------------------------------- */

/* Even items succeed as ten times themselves; odd ones fail with -item. */
static struct future *even_ok(union value v, union value *slot, void *env)
{
	(void)env;
	calls++;
	if (v.i % 2 == 0)
		return try_future_ready(true, value_int(v.i * 10), NULL, slot);
	return try_future_ready(false, value_int(-v.i), NULL, slot);
}

/* The error -1 recovers to the item 100; any other error e fails as 2e. */
static struct future *recover_minus_one(union value e, union value *slot, void *env)
{
	(void)env;
	calls++;
	if (e.i == -1)
		return try_future_ready(true, value_int(100), NULL, slot);
	return try_future_ready(false, value_int(e.i * 2), NULL, slot);
}

struct slow_env {
	struct waker kept;
	unsigned drops;
	bool ok;
};

static struct future *slow(union value v, union value *slot, void *env)
{
	struct slow_env *e = env;
	return slow_try_new(e->ok, value_int(v.i + 1), slot, &e->kept, &e->drops);
}

static struct future *no_memory(union value v, union value *slot, void *env)
{
	(void)v;
	(void)slot;
	(void)env;
	return NULL;
}

/// [test_and_then]
void test_and_then_yields_future_results_and_passes_errors(void **state)
{
	(void)state;
	struct script sc = {{ITEM(1), ITEM(2), ERR(-5), END}, 4, false};
	struct script_stats st;
	struct waker w = waker_noop();
	union value v;
	struct stream *s = stream_and_then(script_new(&sc, &st), even_ok, NULL, NULL);

	calls = 0;
	check_next(poll_with(s, &w, &v), POLL_NEXT_ERROR); /* 1 failed */
	check_int(v.i, -1);
	check_next(poll_with(s, &w, &v), POLL_NEXT_ITEM);
	check_int(v.i, 20);
	check_next(poll_with(s, &w, &v), POLL_NEXT_ERROR); /* the source's own error */
	check_int(v.i, -5);
	check_uint(calls, 2);
	check_next(poll_with(s, &w, &v), POLL_NEXT_END);
	stream_drop(s);
}
/// [test_and_then]

void test_and_then_does_not_poll_source_while_future_pending(void **state)
{
	(void)state;
	struct script sc = {{ITEM(1), END}, 2, false};
	struct script_stats st;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct slow_env env = {waker_empty(), 0, true};
	union value v;
	struct stream *s = stream_and_then(script_new(&sc, &st), slow, &env, NULL);

	check_next(poll_with(s, &w, &v), POLL_NEXT_PENDING);
	check_uint(cw.clones, 1); /* the future kept our waker */
	check_next(poll_with(s, &w, &v), POLL_NEXT_ITEM);
	check_int(v.i, 2);
	check_uint(st.polls, 1); /* not polled while the future ran */
	check_uint(env.drops, 1);
	check_next(poll_with(s, &w, &v), POLL_NEXT_END);
	stream_drop(s);
	waker_drop(&env.kept);
	waker_drop(&w);
	check_uint(cw.refs, 0);
}

void test_and_then_drop_while_future_runs_drops_it_once(void **state)
{
	(void)state;
	struct script sc = {{ITEM(1), END}, 2, false};
	struct script_stats st;
	struct waker w = waker_noop();
	struct slow_env env = {waker_empty(), 0, true};
	union value v;
	struct stream *s = stream_and_then(script_new(&sc, &st), slow, &env, NULL);

	check_next(poll_with(s, &w, &v), POLL_NEXT_PENDING);
	stream_drop(s);
	check_uint(env.drops, 1);
	check_uint(st.drops, 1);
	waker_drop(&env.kept);
}

void test_and_then_null_future_is_nomem_error(void **state)
{
	(void)state;
	struct script sc = {{ITEM(1), END}, 2, false};
	struct script_stats st;
	struct waker w = waker_noop();
	union value v;
	struct stream *s = stream_and_then(script_new(&sc, &st), no_memory, NULL, NULL);

	check_next(poll_with(s, &w, &v), POLL_NEXT_ERROR);
	check_err(v.i, ERR_NOMEM);
	check_next(poll_with(s, &w, &v), POLL_NEXT_END);
	stream_drop(s);
}

/// [test_or_else]
void test_or_else_recovers_errors_and_passes_items(void **state)
{
	(void)state;
	struct script sc = {{ITEM(1), ERR(-1), ERR(-3), END}, 4, false};
	struct script_stats st;
	struct waker w = waker_noop();
	union value v;
	struct stream *s = stream_or_else(script_new(&sc, &st), recover_minus_one, NULL);

	calls = 0;
	check_next(poll_with(s, &w, &v), POLL_NEXT_ITEM);
	check_int(v.i, 1);
	check_uint(calls, 0); /* items never reach the closure */
	check_next(poll_with(s, &w, &v), POLL_NEXT_ITEM); /* recovered */
	check_int(v.i, 100);
	check_next(poll_with(s, &w, &v), POLL_NEXT_ERROR); /* not recovered */
	check_int(v.i, -6);
	check_next(poll_with(s, &w, &v), POLL_NEXT_END);
	check_uint(calls, 2);
	stream_drop(s);
}
/// [test_or_else]

void test_or_else_pending_future_then_error(void **state)
{
	(void)state;
	struct script sc = {{ERR(-7), ITEM(3), END}, 3, false};
	struct script_stats st;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct slow_env env = {waker_empty(), 0, false};
	union value v;
	struct stream *s = stream_or_else(script_new(&sc, &st), slow, &env);

	check_next(poll_with(s, &w, &v), POLL_NEXT_PENDING);
	check_uint(cw.clones, 1);
	waker_wake_by_ref(&env.kept);
	check_uint(counting_waker_woken(&cw), 1);
	check_next(poll_with(s, &w, &v), POLL_NEXT_ERROR);
	check_int(v.i, -6);
	check_uint(st.polls, 1);
	check_next(poll_with(s, &w, &v), POLL_NEXT_ITEM);
	check_int(v.i, 3);
	check_next(poll_with(s, &w, &v), POLL_NEXT_END);
	stream_drop(s);
	waker_drop(&env.kept);
	waker_drop(&w);
	check_uint(cw.refs, 0);
}

void test_try_future_ready_dropped_unpolled_releases_value(void **state)
{
	(void)state;
	union value slot = value_int(0);

	box_reset();
	struct future *f = try_future_ready(true, box_new(1), box_drop, &slot);
	future_drop(f);
	check_uint(boxes_dropped, 1);
	check_int(slot.i, 0);
}

/* ---- try_filter -------------------------------------------------------------------- */

static bool is_even_box(const union value *item, void *env)
{
	(void)env;
	calls++;
	return *(int64_t *)item->ptr % 2 == 0;
}

/// [test_try_filter]
void test_try_filter_keeps_matching_items_and_every_error(void **state)
{
	(void)state;
	struct script sc = {{ITEM(1), ITEM(2), ERR(-3), ITEM(5), ITEM(7), END}, 6, true};
	struct script_stats st;
	struct waker w = waker_noop();
	union value v;
	struct stream *s = stream_try_filter(script_new(&sc, &st), is_even_box, NULL);

	box_reset();
	calls = 0;
	check_next(poll_with(s, &w, &v), POLL_NEXT_ITEM);
	check_int(box_take(v), 2);
	check_uint(boxes_dropped, 1); /* 1 was rejected and released */
	check_next(poll_with(s, &w, &v), POLL_NEXT_ERROR);
	check_int(v.i, -3);
	check_uint(calls, 2); /* the predicate never saw the error */
	check_next(poll_with(s, &w, &v), POLL_NEXT_END);
	check_uint(boxes_dropped, 3);
	stream_drop(s);
}
/// [test_try_filter]

void test_try_filter_pending_after_rejected_item(void **state)
{
	(void)state;
	struct script sc = {{ITEM(1), PEND, ITEM(4), END}, 4, true};
	struct script_stats st;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	union value v;
	struct stream *s = stream_try_filter(script_new(&sc, &st), is_even_box, NULL);

	box_reset();
	check_next(poll_with(s, &w, &v), POLL_NEXT_PENDING);
	check_uint(st.polls, 2);
	check_uint(boxes_dropped, 1);
	check_uint(cw.clones, 1);
	waker_wake(&st.kept);
	check_next(poll_with(s, &w, &v), POLL_NEXT_ITEM);
	check_int(box_take(v), 4);
	check_next(poll_with(s, &w, &v), POLL_NEXT_END);
	stream_drop(s);
	waker_drop(&w);
	check_uint(cw.refs, 0);
}

/* ---- OOM of every adapter's constructor ----------------------------------------------- */

static struct stream *build(int which, struct stream *s)
{
	switch (which) {
	case 0:
		return stream_map_ok(s, times_two, NULL, NULL);
	case 1:
		return stream_map_err(s, minus_hundred, NULL);
	case 2:
		return stream_inspect_err(s, count_err, NULL);
	case 3:
		return stream_and_then(s, even_ok, NULL, NULL);
	case 4:
		return stream_or_else(s, recover_minus_one, NULL);
	default:
		return stream_try_filter(s, is_even_box, NULL);
	}
}

void test_adapters_oom_leave_source_with_caller(void **state)
{
	(void)state;
	for (int which = 0; which < 6; which++) {
		struct script sc = {{END}, 1, false};
		struct script_stats st;
		struct stream *s = script_new(&sc, &st);
		size_t live = mem_live_blocks();

		mem_fail_at(1);
		check_true(build(which, s) == NULL, "adapter %d: NULL on OOM", which);
		check_uint(mem_live_blocks(), live);
		check_uint(st.drops, 0);
		struct stream *a = build(which, s); /* the source is still usable */
		check_not_null(a);
		stream_drop(a);
		check_uint(st.drops, 1);
	}
}

/// [test_collect_into_result]
static union value box_of(union value v, void *env)
{
	(void)env;
	return box_new(v.i);
}

/* As recover_minus_one, with the recovered item boxed like the others. */
static struct future *recover_boxed(union value e, union value *slot, void *env)
{
	(void)env;
	if (e.i == -1)
		return try_future_ready(true, box_new(100), box_drop, slot);
	return try_future_ready(false, value_int(e.i * 2), NULL, slot);
}

void test_collect_into_result_after_adapters_short_circuits(void **state)
{
	(void)state;
	struct script sc = {{ITEM(1), ERR(-1), ITEM(2), ERR(-8), ITEM(3), END}, 6, false};
	struct script_stats st;
	union value slot, out;
	struct stream *s = stream_map_ok(script_new(&sc, &st), box_of, NULL, box_drop);
	s = stream_or_else(s, recover_boxed, NULL); /* -1 becomes 100: recovered */
	struct future *f = stream_try_collect(s, &slot);

	box_reset();
	check_poll(poll_once(f, &out), POLL_READY);
	check_int(out.i, -1);
	check_int(slot.i, -16); /* the first error not recovered */
	check_uint(boxes_dropped, 3); /* the boxes of 1, 100 and 2, each once */
	check_uint(st.polls, 4);
	future_drop(f);
}
/// [test_collect_into_result]
