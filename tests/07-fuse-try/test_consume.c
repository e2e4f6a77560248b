/* test_consume.c: try_for_each, try_collect, try_fold. */
#include "helpers.h"
#include "tests.h"

#include "combinators.h"
#include "mem.h"

/* Sums plain items into *env; fails with the error -9 on the item 99. */
static bool sum_or_fail(union value item, union value *err, void *env)
{
	if (item.i == 99) {
		*err = value_int(-9);
		return false;
	}
	*(int64_t *)env += item.i;
	return true;
}

/* Takes boxed items, sums them; fails on 99. */
static bool sum_boxes(union value item, union value *err, void *env)
{
	int64_t v = box_take(item);
	if (v == 99) {
		*err = value_int(-9);
		return false;
	}
	*(int64_t *)env += v;
	return true;
}

void test_try_for_each_sees_every_item_and_is_ok_at_end(void **state)
{
	(void)state;
	struct script sc = {{ITEM(1), ITEM(2), ITEM(3), END}, 4, false};
	struct script_stats st;
	int64_t sum = 0;
	union value err = value_int(0), out;
	struct future *f = stream_try_for_each(script_new(&sc, &st), sum_or_fail, &sum, &err);

	check_poll(poll_once(f, &out), POLL_READY);
	check_int(out.i, 0);
	check_int(sum, 6);
	check_uint(st.polls, 4);
	future_drop(f);
	check_uint(st.drops, 1);
}

/// [test_try_for_each_short_circuit]
void test_try_for_each_stops_at_first_error_without_polling_again(void **state)
{
	(void)state;
	struct script sc = {{ITEM(1), ERR(-7), ITEM(2), END}, 4, false};
	struct script_stats st;
	int64_t sum = 0;
	union value err, out;
	struct future *f = stream_try_for_each(script_new(&sc, &st), sum_or_fail, &sum, &err);

	check_poll(poll_once(f, &out), POLL_READY);
	check_int(out.i, -1);
	check_int(err.i, -7);
	check_int(sum, 1);
	check_uint(st.polls, 2); /* the item after the error was never asked for */
	future_drop(f);
}
/// [test_try_for_each_short_circuit]

void test_try_for_each_error_first_is_ready_at_once(void **state)
{
	(void)state;
	struct script sc = {{ERR(-2), ITEM(1), END}, 3, false};
	struct script_stats st;
	int64_t sum = 0;
	union value err, out;
	struct waker w = waker_noop();
	struct future *f = stream_try_for_each(script_new(&sc, &st), sum_or_fail, &sum, &err);

	check_poll(poll_future(f, &w, &out), POLL_READY);
	check_int(out.i, -1);
	check_int(err.i, -2);
	check_uint(st.polls, 1);
	check_contract_violation(poll_future(f, &w, &out));
	future_drop(f);
}

void test_try_for_each_stops_when_closure_fails(void **state)
{
	(void)state;
	struct script sc = {{ITEM(5), ITEM(99), ITEM(6), END}, 4, true};
	struct script_stats st;
	int64_t sum = 0;
	union value err, out;
	struct future *f = stream_try_for_each(script_new(&sc, &st), sum_boxes, &sum, &err);

	check_poll(poll_once(f, &out), POLL_READY);
	check_int(out.i, -1);
	check_int(err.i, -9);
	check_int(sum, 5);
	check_uint(st.polls, 2);
	future_drop(f);
}

void test_try_for_each_pending_then_woken_exact_counts(void **state)
{
	(void)state;
	struct script sc = {{PEND, ITEM(4), PEND, END}, 4, false};
	struct script_stats st;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	int64_t sum = 0;
	union value err, out;
	struct future *f = stream_try_for_each(script_new(&sc, &st), sum_or_fail, &sum, &err);

	check_poll(poll_future(f, &w, &out), POLL_PENDING);
	check_uint(cw.clones, 1);
	waker_wake_by_ref(&st.kept);
	check_poll(poll_future(f, &w, &out), POLL_PENDING);
	check_int(sum, 4);
	check_uint(cw.clones, 1); /* waker_set kept the same waker: no new clone */
	waker_wake_by_ref(&st.kept);
	check_uint(counting_waker_woken(&cw), 2);
	check_poll(poll_future(f, &w, &out), POLL_READY);
	check_int(out.i, 0);
	future_drop(f);
	waker_drop(&st.kept);
	waker_drop(&w);
	check_uint(cw.refs, 0);
}

void test_try_for_each_oom_leaves_source_with_caller(void **state)
{
	(void)state;
	struct script sc = {{END}, 1, false};
	struct script_stats st;
	struct stream *s = script_new(&sc, &st);
	union value err;
	int64_t sum = 0;
	size_t live = mem_live_blocks();

	mem_fail_at(1);
	check_true(stream_try_for_each(s, sum_or_fail, &sum, &err) == NULL, "NULL on OOM");
	check_uint(mem_live_blocks(), live);
	check_uint(st.drops, 0);
	stream_drop(s);
}

/* ---- try_collect ------------------------------------------------------------- */

/// [test_try_collect_ok]
void test_try_collect_gathers_items_in_order(void **state)
{
	(void)state;
	struct script sc = {{ITEM(1), PEND, ITEM(2), ITEM(3), END}, 5, true};
	struct script_stats st;
	struct waker w = waker_noop();
	union value slot, out;
	struct future *f = stream_try_collect(script_new(&sc, &st), &slot);

	box_reset();
	check_poll(poll_future(f, &w, &out), POLL_PENDING);
	check_poll(poll_future(f, &w, &out), POLL_READY);
	check_int(out.i, 0);
	struct value_vec *vec = slot.ptr;
	check_uint(vec->len, 3);
	for (size_t i = 0; i < 3; i++)
		check_int(*(int64_t *)vec->items[i].ptr, (int64_t)i + 1);
	future_drop(f);
	check_uint(boxes_dropped, 0); /* handed out: not the future's any more */
	value_vec_drop(slot);
	check_uint(boxes_dropped, 3);
	waker_drop(&st.kept);
}
/// [test_try_collect_ok]

/// [test_try_collect_error]
void test_try_collect_releases_partial_collection_on_error(void **state)
{
	(void)state;
	struct script sc = {{ITEM(1), ITEM(2), ERR(-4), ITEM(3), END}, 5, true};
	struct script_stats st;
	union value slot, out;
	struct future *f = stream_try_collect(script_new(&sc, &st), &slot);

	box_reset();
	check_poll(poll_once(f, &out), POLL_READY);
	check_int(out.i, -1);
	check_int(slot.i, -4);
	check_uint(boxes_dropped, 2); /* released with the error, each once */
	check_uint(st.polls, 3);
	future_drop(f);
	check_uint(boxes_dropped, 2);
}
/// [test_try_collect_error]

void test_try_collect_empty_stream_gives_empty_vec(void **state)
{
	(void)state;
	union value slot, out;
	struct future *f = stream_try_collect(stream_empty_new(), &slot);

	check_poll(poll_once(f, &out), POLL_READY);
	check_int(out.i, 0);
	check_uint(((struct value_vec *)slot.ptr)->len, 0);
	future_drop(f);
	value_vec_drop(slot);
}

void test_try_collect_drop_mid_stream_releases_items_once(void **state)
{
	(void)state;
	struct script sc = {{ITEM(1), ITEM(2), PEND}, 3, true};
	struct script_stats st;
	struct waker w = waker_noop();
	union value slot = value_int(5), out;
	struct future *f = stream_try_collect(script_new(&sc, &st), &slot);

	box_reset();
	check_poll(poll_future(f, &w, &out), POLL_PENDING);
	future_drop(f);
	check_uint(boxes_dropped, 2);
	check_uint(st.drops, 1);
	check_int(slot.i, 5); /* nothing handed out */
	waker_drop(&st.kept);
}

void test_try_collect_oom_leaves_source_with_caller(void **state)
{
	(void)state;
	struct script sc = {{END}, 1, false};
	struct script_stats st;
	struct stream *s = script_new(&sc, &st);
	union value slot;

	for (int n = 1; n < 10; n++) {
		size_t live = mem_live_blocks();
		mem_fail_at(n);
		struct future *f = stream_try_collect(s, &slot);
		if (!mem_fail_triggered()) {
			check_not_null(f);
			future_drop(f);
			check_uint(st.drops, 1);
			check_true(n > 2, "both allocations were made to fail first");
			return;
		}
		check_true(f == NULL, "NULL on OOM");
		check_uint(mem_live_blocks(), live);
		check_uint(st.drops, 0);
	}
	wb_fail(__FILE__, __LINE__, "stream_try_collect() never succeeded");
}

/* ---- try_fold ------------------------------------------------------------------- */

static bool add_or_fail(union value acc, union value item, union value *out, void *env)
{
	(void)env;
	if (item.i == 99) {
		*out = value_int(-9);
		return false;
	}
	*out = value_int(acc.i + item.i);
	return true;
}

/* A boxed accumulator: released by box_drop when nobody takes it. */
static bool add_boxed(union value acc, union value item, union value *out, void *env)
{
	(void)env;
	*(int64_t *)acc.ptr += item.i;
	*out = acc;
	return true;
}

void test_try_fold_sums_until_end(void **state)
{
	(void)state;
	struct script sc = {{ITEM(1), ITEM(2), PEND, ITEM(3), END}, 5, false};
	struct script_stats st;
	struct waker w = waker_noop();
	union value slot, out;
	struct future *f = stream_try_fold(script_new(&sc, &st), value_int(10), add_or_fail, NULL,
					   NULL, &slot);

	check_poll(poll_future(f, &w, &out), POLL_PENDING);
	check_poll(poll_future(f, &w, &out), POLL_READY);
	check_int(out.i, 0);
	check_int(slot.i, 16);
	future_drop(f);
	waker_drop(&st.kept);
}

void test_try_fold_stops_at_error_and_releases_acc(void **state)
{
	(void)state;
	struct script sc = {{ITEM(1), ERR(-3), ITEM(2), END}, 4, false};
	struct script_stats st;
	union value slot, out;

	box_reset();
	struct future *f = stream_try_fold(script_new(&sc, &st), box_new(0), add_boxed, NULL,
					   box_drop, &slot);
	check_poll(poll_once(f, &out), POLL_READY);
	check_int(out.i, -1);
	check_int(slot.i, -3);
	check_uint(boxes_dropped, 1);
	check_uint(st.polls, 2);
	future_drop(f);
	check_uint(boxes_dropped, 1);
}

void test_try_fold_stops_when_step_fails(void **state)
{
	(void)state;
	struct script sc = {{ITEM(1), ITEM(99), ITEM(2), END}, 4, false};
	struct script_stats st;
	union value slot, out;
	struct future *f = stream_try_fold(script_new(&sc, &st), value_int(0), add_or_fail, NULL,
					   NULL, &slot);

	check_poll(poll_once(f, &out), POLL_READY);
	check_int(out.i, -1);
	check_int(slot.i, -9);
	check_uint(st.polls, 2);
	future_drop(f);
}

void test_try_fold_drop_mid_way_releases_acc_once(void **state)
{
	(void)state;
	struct script sc = {{ITEM(1), PEND}, 2, false};
	struct script_stats st;
	struct waker w = waker_noop();
	union value slot, out;

	box_reset();
	struct future *f = stream_try_fold(script_new(&sc, &st), box_new(0), add_boxed, NULL,
					   box_drop, &slot);
	check_poll(poll_future(f, &w, &out), POLL_PENDING);
	future_drop(f);
	check_uint(boxes_dropped, 1);
	waker_drop(&st.kept);
}
