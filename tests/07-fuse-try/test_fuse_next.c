/* test_fuse_next.c: fuse, is_terminated, the contract without fuse, try_next. */
#include "helpers.h"
#include "tests.h"

#include "mem.h"

/// [test_fuse_passes_everything_until_end]
void test_fuse_passes_items_errors_and_pending_until_end(void **state)
{
	(void)state;
	struct script sc = {{ITEM(1), ERR(-5), PEND, ITEM(2), END}, 5, false};
	struct script_stats st;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	union value v;
	struct stream *f = stream_fuse(script_new(&sc, &st));
	check_not_null(f);
	struct context cx = context_from_waker(&w);

	check_next(stream_poll_next(f, &cx, &v), POLL_NEXT_ITEM);
	check_int(v.i, 1);
	check_next(stream_poll_next(f, &cx, &v), POLL_NEXT_ERROR);
	check_int(v.i, -5);
	check_next(stream_poll_next(f, &cx, &v), POLL_NEXT_PENDING);
	check_uint(cw.clones, 1); /* the source kept our waker */
	waker_wake_by_ref(&st.kept);
	check_uint(counting_waker_woken(&cw), 1);
	check_next(stream_poll_next(f, &cx, &v), POLL_NEXT_ITEM);
	check_int(v.i, 2);
	check_true(!stream_fuse_is_terminated(f), "not terminated before the end");
	check_next(stream_poll_next(f, &cx, &v), POLL_NEXT_END);
	check_true(stream_fuse_is_terminated(f), "terminated after the end");
	stream_drop(f);
	waker_drop(&st.kept);
	waker_drop(&w);
	check_uint(cw.refs, 0);
}
/// [test_fuse_passes_everything_until_end]

/// [test_fuse_after_end]
void test_fuse_after_end_answers_end_without_polling_source(void **state)
{
	(void)state;
	struct script sc = {{ITEM(1), END}, 2, false};
	struct script_stats st;
	struct waker w = waker_noop();
	struct context cx = context_from_waker(&w);
	union value v;
	struct stream *f = stream_fuse(script_new(&sc, &st));

	check_next(stream_poll_next(f, &cx, &v), POLL_NEXT_ITEM);
	check_next(stream_poll_next(f, &cx, &v), POLL_NEXT_END);
	check_uint(st.drops, 1); /* the source went at its end */
	for (int i = 0; i < 3; i++)
		check_next(stream_poll_next(f, &cx, &v), POLL_NEXT_END);
	check_uint(st.polls, 2); /* never asked again */
	stream_drop(f);
	check_uint(st.drops, 1);
}
/// [test_fuse_after_end]

void test_fuse_is_terminated_only_after_end(void **state)
{
	(void)state;
	struct script sc = {{PEND, ITEM(3), END}, 3, false};
	struct script_stats st;
	struct waker w = waker_noop();
	struct context cx = context_from_waker(&w);
	union value v;
	struct stream *f = stream_fuse(script_new(&sc, &st));

	check_true(!stream_fuse_is_terminated(f), "a new fuse is not terminated");
	check_next(stream_poll_next(f, &cx, &v), POLL_NEXT_PENDING);
	check_true(!stream_fuse_is_terminated(f), "Pending does not terminate");
	check_next(stream_poll_next(f, &cx, &v), POLL_NEXT_ITEM);
	check_true(!stream_fuse_is_terminated(f), "an item does not terminate");
	check_next(stream_poll_next(f, &cx, &v), POLL_NEXT_END);
	check_true(stream_fuse_is_terminated(f), "the end terminates");
	stream_drop(f);
	waker_drop(&st.kept);
}

/// [test_poll_after_end_without_fuse]
void test_poll_after_end_without_fuse_is_contract_violation(void **state)
{
	(void)state;
	struct script sc = {{END}, 1, false};
	struct script_stats st;
	union value v;
	struct waker w = waker_noop();
	struct stream *s = script_new(&sc, &st);

	check_next(poll_with(s, &w, &v), POLL_NEXT_END);
	check_contract_violation(poll_with(s, &w, &v));
	check_uint(st.polls, 1); /* refused before reaching the stream */
	stream_drop(s);
}
/// [test_poll_after_end_without_fuse]

void test_fuse_polled_after_end_through_stream_poll_next_answers_end(void **state)
{
	(void)state;
	struct script sc = {{END}, 1, false};
	struct script_stats st;
	union value v;
	struct waker w = waker_noop();
	struct context cx = context_from_waker(&w);
	struct stream *f = stream_fuse(script_new(&sc, &st));

	check_next(poll_with(f, &w, &v), POLL_NEXT_END);
	check_next(poll_with(f, &w, &v), POLL_NEXT_END); /* fused: no contract report */
	check_next(stream_poll_next(f, &cx, &v), POLL_NEXT_END);
	check_next(stream_poll_next(f, &cx, &v), POLL_NEXT_END);
	check_uint(st.polls, 1);
	stream_drop(f);
}

void test_fuse_size_hint_is_source_then_zero(void **state)
{
	(void)state;
	struct waker w = waker_noop();
	struct context cx = context_from_waker(&w);
	struct size_hint h;
	union value v;
	struct stream *f = stream_fuse(stream_range_new(0, 2));

	stream_size_hint(f, &h);
	check_uint(h.lower, 2);
	check_true(h.has_upper && h.upper == 2, "(2, Some(2)) before the end");
	check_next(stream_poll_next(f, &cx, &v), POLL_NEXT_ITEM);
	check_next(stream_poll_next(f, &cx, &v), POLL_NEXT_ITEM);
	check_next(stream_poll_next(f, &cx, &v), POLL_NEXT_END);
	stream_size_hint(f, &h);
	check_uint(h.lower, 0);
	check_true(h.has_upper && h.upper == 0, "(0, Some(0)) after the end");
	stream_drop(f);
}

void test_fuse_drop_before_end_releases_unconsumed_items_once(void **state)
{
	(void)state;
	union value items[3];
	union value v;
	struct waker w = waker_noop();
	struct context cx = context_from_waker(&w);

	box_reset();
	for (int i = 0; i < 3; i++)
		items[i] = box_new(i);
	struct stream *f = stream_fuse(stream_iter_new(items, 3, box_drop));
	check_next(stream_poll_next(f, &cx, &v), POLL_NEXT_ITEM);
	check_int(box_take(v), 0);
	stream_drop(f);
	check_uint(boxes_dropped, 2);
}

void test_fuse_oom_leaves_source_with_caller(void **state)
{
	(void)state;
	struct script sc = {{ITEM(1), END}, 2, false};
	struct script_stats st;
	struct stream *s = script_new(&sc, &st);

	for (int n = 1; n < 10; n++) {
		size_t live = mem_live_blocks();
		mem_fail_at(n);
		struct stream *f = stream_fuse(s);
		if (!mem_fail_triggered()) {
			check_not_null(f);
			stream_drop(f);
			check_uint(st.drops, 1);
			return;
		}
		check_true(f == NULL, "a failed stream_fuse() returns NULL");
		check_uint(mem_live_blocks(), live);
		check_uint(st.drops, 0);
	}
	wb_fail(__FILE__, __LINE__, "stream_fuse() never succeeded");
}

void test_fuse_is_terminated_on_other_stream_is_contract_violation(void **state)
{
	(void)state;
	struct stream *s = stream_empty_new();
	check_contract_violation(stream_fuse_is_terminated(s));
	stream_drop(s);
}

/* ---- try_next ------------------------------------------------------------------ */

/// [test_try_next_three_cases]
void test_try_next_gives_item_then_error_then_end(void **state)
{
	(void)state;
	struct script sc = {{ITEM(7), ERR(-3), END}, 3, false};
	struct script_stats st;
	struct stream *s = script_new(&sc, &st);
	union value slot = value_int(42), out;

	struct future *n = stream_try_next(s, &slot);
	check_poll(poll_once(n, &out), POLL_READY);
	check_int(out.i, 1);
	check_int(slot.i, 7);
	future_drop(n);
	n = stream_try_next(s, &slot);
	check_poll(poll_once(n, &out), POLL_READY);
	check_int(out.i, -1);
	check_int(slot.i, -3);
	future_drop(n);
	slot = value_int(42);
	n = stream_try_next(s, &slot);
	check_poll(poll_once(n, &out), POLL_READY);
	check_int(out.i, 0);
	check_int(slot.i, 42); /* untouched at the end */
	future_drop(n);
	stream_drop(s);
}
/// [test_try_next_three_cases]

void test_try_next_pending_until_stream_wakes(void **state)
{
	(void)state;
	struct script sc = {{PEND, ITEM(4)}, 2, false};
	struct script_stats st;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct stream *s = script_new(&sc, &st);
	union value slot, out;
	struct future *n = stream_try_next(s, &slot);

	check_poll(poll_future(n, &w, &out), POLL_PENDING);
	check_uint(cw.clones, 1);
	check_uint(counting_waker_woken(&cw), 0);
	waker_wake(&st.kept);
	check_uint(counting_waker_woken(&cw), 1);
	check_poll(poll_future(n, &w, &out), POLL_READY);
	check_int(out.i, 1);
	check_int(slot.i, 4);
	check_uint(st.polls, 2);
	future_drop(n);
	stream_drop(s);
	waker_drop(&w);
	check_uint(cw.refs, 0);
}

void test_try_next_polled_after_ready_is_contract_violation(void **state)
{
	(void)state;
	struct script sc = {{ERR(-1), END}, 2, false};
	struct script_stats st;
	struct stream *s = script_new(&sc, &st);
	struct waker w = waker_noop();
	union value slot, out;
	struct future *n = stream_try_next(s, &slot);

	check_poll(poll_future(n, &w, &out), POLL_READY);
	check_int(out.i, -1);
	check_contract_violation(poll_future(n, &w, &out));
	check_uint(st.polls, 1);
	future_drop(n);
	stream_drop(s);
}

void test_try_next_oom_returns_null(void **state)
{
	(void)state;
	struct stream *s = stream_empty_new();
	union value slot;
	size_t live = mem_live_blocks();

	mem_fail_at(1);
	check_true(stream_try_next(s, &slot) == NULL, "a failed stream_try_next() returns NULL");
	check_uint(mem_live_blocks(), live);
	stream_drop(s);
}
