/*
 * test_next.c: the next future (next.c), Rust's StreamExt::next: one poll of
 * the future is one poll of the stream, the item lands in the slot, the
 * output says whether there was one.
 */
#include "tests.h"

#include "probe.h"

#include "futures.h"

void test_next_is_ready_with_one_and_the_item(void **state)
{
	(void)state;
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	struct stream *s = stream_range_new(41, 43);
	union value slot = value_int(0), flag = value_int(-1);
	struct future *f;

	check_not_null(s);
	f = stream_next(s, &slot);
	check_not_null(f);
	check_poll(future_poll(f, &cx, &flag), POLL_READY);
	check_int(flag.i, 1);
	check_int(slot.i, 41);
	future_drop(f);
	check_hint(s, 1, true, 1); /* exactly one item was taken */
	stream_drop(s);
}

void test_next_at_end_is_ready_with_zero_and_slot_untouched(void **state)
{
	(void)state;
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	struct stream *s = stream_empty_new();
	union value slot = value_int(77), flag = value_int(-1);
	struct future *f;

	check_not_null(s);
	f = stream_next(s, &slot);
	check_not_null(f);
	check_poll(future_poll(f, &cx, &flag), POLL_READY);
	check_int(flag.i, 0);
	check_int(slot.i, 77);
	check_true(s->ended, "next went through stream_poll_next, which records the end");
	future_drop(f);
	stream_drop(s);
}

/// [test_next_pending]
void test_next_is_pending_while_the_stream_is_and_passes_its_waker(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct probe_stream_stats st;
	struct probe_script script = {.steps = {{STEP_PENDING, 0}, {STEP_ITEM, 8}}, .len = 2};
	union value slot = value_int(0), flag = value_int(-1);
	struct stream *s;
	struct future *f;

	probe_stream_stats_init(&st);
	s = probe_stream_new(&script, &st);
	f = stream_next(s, &slot);
	check_not_null(f);
	check_poll(future_poll(f, &cx, &flag), POLL_PENDING);
	check_int(slot.i, 0);
	check_true(waker_will_wake(&st.kept, &w), "the stream must get the future's waker");
	check_uint(cw.clones, 1);                 /* the stream kept one clone ... */
	check_uint(counting_waker_woken(&cw), 0); /* ... and next woke nobody */
	waker_wake(&st.kept);                     /* the item arrives */
	check_uint(cw.wakes, 1);
	check_poll(future_poll(f, &cx, &flag), POLL_READY);
	check_int(flag.i, 1);
	check_int(slot.i, 8);
	check_uint(st.polls, 2); /* one poll of the stream per poll of the future */
	future_drop(f);
	stream_drop(s);
	check_uint(cw.refs, 1);
	waker_drop(&w);
}
/// [test_next_pending]

void test_next_poll_after_ready_is_contract_violation(void **state)
{
	(void)state;
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	struct stream *s = stream_repeat_new(value_int(2));
	union value slot, flag;
	struct future *f;

	check_not_null(s);
	f = stream_next(s, &slot);
	check_not_null(f);
	check_poll(future_poll(f, &cx, &flag), POLL_READY);
	check_contract_violation(future_poll(f, &cx, &flag));
	future_drop(f);
	stream_drop(s);
}

void test_next_on_an_ended_stream_is_contract_violation(void **state)
{
	(void)state;
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	struct stream *s = stream_empty_new();
	union value slot, flag;
	struct future *f;

	check_not_null(s);
	check_next(poll_noop(s, &slot), POLL_NEXT_END);
	f = stream_next(s, &slot);
	check_not_null(f);
	check_contract_violation(future_poll(f, &cx, &flag));
	future_drop(f);
	stream_drop(s);
}

void test_next_dropped_unpolled_leaves_the_stream_alone(void **state)
{
	(void)state;
	union value items[2] = {box_new(1), box_new(2)};
	struct stream *s = stream_iter_new(items, 2, box_drop);
	union value slot = value_int(0), out;
	struct future *f;

	check_not_null(s);
	box_reset();
	f = stream_next(s, &slot);
	check_not_null(f);
	future_drop(f); /* cancelled before its first poll */
	check_uint(boxes_dropped, 0);
	check_hint(s, 2, true, 2);
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_int(box_take(out), 1);
	stream_drop(s);
	check_uint(boxes_dropped, 1);
}

/* Drains s with one next future per item, each driven by future_block_on,
 * as `while let Some(x) = s.next().await` would; at most max items. */
static size_t drain_with_next(struct stream *s, int64_t *got, size_t max)
{
	size_t n = 0;

	while (n < max) {
		union value slot = value_int(0), flag = value_int(-1);
		struct future *f = stream_next(s, &slot);
		check_not_null(f);
		check_err(future_block_on(f, &flag), 0);
		if (flag.i == 0)
			break;
		check_int(flag.i, 1);
		got[n++] = slot.i;
	}
	return n;
}

/// [test_next_each]
void test_next_drains_each_kind_of_stream(void **state)
{
	(void)state;
	union value items[3] = {value_int(4), value_int(5), value_int(6)};
	struct {
		struct stream *s;
		size_t count;        /* items before the end (or the cap, for repeat) */
		int64_t first, step; /* the items are first, first + step, ... */
	} cases[] = {
		{stream_iter_new(items, 3, NULL), 3, 4, 1},
		{stream_range_new(-1, 2), 3, -1, 1},
		{stream_once_new(value_int(12), NULL), 1, 12, 0},
		{stream_empty_new(), 0, 0, 0},
		{stream_repeat_new(value_int(3)), 5, 3, 0},
	};

	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		int64_t got[8];
		check_not_null(cases[c].s);
		size_t n = drain_with_next(cases[c].s, got, c == 4 ? 5 : 8);
		check_uint(n, cases[c].count);
		for (size_t i = 0; i < n; i++)
			check_int(got[i], cases[c].first + (int64_t)i * cases[c].step);
		check_true(cases[c].s->ended == (c != 4), "stream %zu: ended only if finite", c);
		stream_drop(cases[c].s);
	}
}
/// [test_next_each]

void test_next_new_oom_returns_null(void **state)
{
	(void)state;
	struct stream *s = stream_range_new(0, 1);
	union value slot;
	struct future *f = NULL;

	check_not_null(s);
	for (uint64_t n = 1; n <= 10; n++) {
		size_t blocks = mem_live_blocks();
		mem_fail_at(n);
		f = stream_next(s, &slot);
		bool failed = mem_fail_triggered();
		mem_fail_at(0);
		if (!failed)
			break;
		check_true(f == NULL, "a failed stream_next must return NULL");
		check_uint(mem_live_blocks(), blocks);
		check_hint(s, 1, true, 1); /* the stream was not touched */
	}
	check_not_null(f);
	future_drop(f);
	stream_drop(s);
}
