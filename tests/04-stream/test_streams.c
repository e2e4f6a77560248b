/*
 * test_streams.c: the generic contract (stream.c) and the streams that are
 * always ready: iter, range, once, empty, repeat.
 */
#include "tests.h"

#include "probe.h"

#include <stdint.h>

/* ---- the generic contract ------------------------------------------------ */

/// [test_poll_after_end]
void test_stream_poll_after_end_is_contract_violation(void **state)
{
	(void)state;
	struct stream *s = stream_empty_new();
	union value out = value_int(-1);

	check_not_null(s);
	check_next(poll_noop(s, &out), POLL_NEXT_END);
	check_true(s->ended, "the wrapper must record the end");
	check_contract_violation(poll_noop(s, &out));
	check_int(out.i, -1); /* nothing was ever written */
	stream_drop(s);
}
/// [test_poll_after_end]

/* A stream that says it is fused (Rust: FusedStream) and counts its polls:
 * ITEM once, then END for ever. */
static unsigned fused_polls;

static enum poll_next fused_poll_next(struct stream *self, struct context *cx, union value *out)
{
	(void)self;
	(void)cx;
	if (fused_polls++ > 0)
		return POLL_NEXT_END;
	*out = value_int(7);
	return POLL_NEXT_ITEM;
}

static void fused_drop(struct stream *self)
{
	mem_free(self);
}

static const struct stream_vtable fused_vtable = {
	.name = "fused",
	.poll_next = fused_poll_next,
	.drop = fused_drop,
	.fused = true,
};

void test_stream_fused_kind_polled_after_end_reaches_its_poll_next(void **state)
{
	(void)state;
	struct stream *s = mem_alloc(sizeof *s);
	union value out;

	check_not_null(s);
	stream_init(s, &fused_vtable);
	fused_polls = 0;
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_next(poll_noop(s, &out), POLL_NEXT_END);
	check_next(poll_noop(s, &out), POLL_NEXT_END); /* allowed: the vtable says fused */
	check_uint(fused_polls, 3);                    /* each poll reached the stream */
	stream_drop(s);
}

void test_stream_poll_null_argument_is_contract_violation(void **state)
{
	(void)state;
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	struct stream *s = stream_range_new(0, 3);
	union value out;

	check_not_null(s);
	check_contract_violation(stream_poll_next(NULL, &cx, &out));
	check_contract_violation(stream_poll_next(s, NULL, &out));
	check_contract_violation(stream_poll_next(s, &cx, NULL));
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_ITEM); /* nothing was consumed */
	check_int(out.i, 0);
	stream_drop(s);
}

void test_stream_answer_out_of_range_is_contract_violation(void **state)
{
	(void)state;
	struct probe_stream_stats st;
	struct probe_script script = {.steps = {{STEP_BAD, 0}}, .len = 1};
	struct stream *s;
	union value out;

	probe_stream_stats_init(&st);
	s = probe_stream_new(&script, &st);
	check_contract_violation(poll_noop(s, &out));
	check_uint(st.polls, 1);
	stream_drop(s);
}

void test_stream_pending_and_items_do_not_end_it(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct probe_stream_stats st;
	struct probe_script script = {
		.steps = {{STEP_PENDING, 0}, {STEP_ITEM, 5}, {STEP_PENDING, 0}, {STEP_END, 0}},
		.len = 4,
	};
	struct stream *s;
	union value out = value_int(0);

	probe_stream_stats_init(&st);
	s = probe_stream_new(&script, &st);
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_PENDING);
	check_true(!s->ended, "Pending is not the end");
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_ITEM);
	check_int(out.i, 5);
	check_true(!s->ended, "an item is not the end");
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_PENDING);
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_END);
	check_true(s->ended, "the wrapper must record the end");
	check_uint(st.polls, 4); /* the wrapper polls the stream once per call */
	stream_drop(s);
	check_uint(st.drops, 1);
	waker_drop(&st.kept);
	check_uint(cw.refs, 1);
	waker_drop(&w);
}

void test_stream_size_hint_without_slot_is_zero_none(void **state)
{
	(void)state;
	struct probe_stream_stats st;
	struct probe_script script = {.steps = {{STEP_END, 0}}, .len = 1, .has_size_hint = false};
	struct stream *s;
	union value out;

	probe_stream_stats_init(&st);
	s = probe_stream_new(&script, &st);
	check_hint(s, 0, false, 0);
	check_next(poll_noop(s, &out), POLL_NEXT_END);
	check_hint(s, 0, true, 0); /* ended: exactly none left */
	stream_drop(s);
}

void test_stream_size_hint_lower_above_upper_is_contract_violation(void **state)
{
	(void)state;
	struct probe_stream_stats st;
	struct probe_script script = {.len = 0, .has_size_hint = true, .hint = {3, 2, true}};
	struct size_hint h;
	struct stream *s;

	probe_stream_stats_init(&st);
	s = probe_stream_new(&script, &st);
	check_contract_violation(stream_size_hint(s, &h));
	stream_drop(s);
}

void test_stream_drop_null_is_noop(void **state)
{
	(void)state;
	size_t blocks = mem_live_blocks();

	stream_drop(NULL); /* like free(NULL): nothing to do, nothing to report */
	check_uint(mem_live_blocks(), blocks);
}

void test_stream_names_are_the_kinds(void **state)
{
	(void)state;
	struct stream *s[4] = {stream_iter_new(NULL, 0, NULL), stream_range_new(0, 1),
			       stream_once_new(value_int(1), NULL), stream_repeat_new(value_int(1))};
	const char *names[4] = {"iter", "range", "once", "repeat"};

	for (int i = 0; i < 4; i++) {
		check_not_null(s[i]);
		check_contains(stream_name(s[i]), names[i]);
		stream_drop(s[i]);
	}
}

/* ---- iter ------------------------------------------------------------------ */

void test_iter_yields_items_in_order_then_end(void **state)
{
	(void)state;
	union value items[3] = {value_int(10), value_int(20), value_int(30)};
	struct stream *s = stream_iter_new(items, 3, NULL);
	union value out = value_int(0);

	check_not_null(s);
	for (int i = 0; i < 3; i++) {
		check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
		check_int(out.i, 10 * (i + 1));
	}
	out = value_int(-1);
	check_next(poll_noop(s, &out), POLL_NEXT_END);
	check_int(out.i, -1); /* END writes nothing */
	stream_drop(s);
}

void test_iter_never_touches_the_waker(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	union value items[2] = {value_int(1), value_int(2)};
	struct stream *s = stream_iter_new(items, 2, NULL);
	union value out;

	check_not_null(s);
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_ITEM);
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_ITEM);
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_END);
	stream_drop(s);
	check_uint(cw.clones, 0);
	check_uint(counting_waker_woken(&cw), 0);
	check_uint(cw.refs, 1);
	waker_drop(&w);
}

/// [test_iter_size_hint]
void test_iter_size_hint_is_exact_at_each_step(void **state)
{
	(void)state;
	union value items[3] = {value_int(1), value_int(2), value_int(3)};
	struct stream *s = stream_iter_new(items, 3, NULL);
	union value out;

	check_not_null(s);
	check_hint(s, 3, true, 3);
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_hint(s, 2, true, 2);
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_hint(s, 0, true, 0);
	check_next(poll_noop(s, &out), POLL_NEXT_END);
	check_hint(s, 0, true, 0);
	stream_drop(s);
}
/// [test_iter_size_hint]

/// [test_iter_drop]
void test_iter_drop_releases_each_unconsumed_item_once(void **state)
{
	(void)state;
	union value items[4] = {box_new(1), box_new(2), box_new(3), box_new(4)};
	struct stream *s = stream_iter_new(items, 4, box_drop);
	union value out;

	check_not_null(s);
	box_reset();
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_int(box_take(out), 1); /* taken: ours to free, not the stream's */
	stream_drop(s);
	check_uint(boxes_dropped, 3); /* 2, 3 and 4, once each */
}
/// [test_iter_drop]

void test_iter_drop_after_end_releases_nothing(void **state)
{
	(void)state;
	union value items[2] = {box_new(1), box_new(2)};
	struct stream *s = stream_iter_new(items, 2, box_drop);
	union value out;

	check_not_null(s);
	box_reset();
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_int(box_take(out), 1);
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_int(box_take(out), 2);
	check_next(poll_noop(s, &out), POLL_NEXT_END);
	stream_drop(s);
	check_uint(boxes_dropped, 0);
}

void test_iter_copies_the_array(void **state)
{
	(void)state;
	union value items[2] = {value_int(7), value_int(8)};
	struct stream *s = stream_iter_new(items, 2, NULL);
	union value out;

	check_not_null(s);
	items[0] = value_int(-7); /* the caller's array is free again at once */
	items[1] = value_int(-8);
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_int(out.i, 7);
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_int(out.i, 8);
	stream_drop(s);
}

void test_iter_of_nothing_ends_at_once(void **state)
{
	(void)state;
	struct stream *s = stream_iter_new(NULL, 0, box_drop);
	union value out;

	check_not_null(s);
	check_hint(s, 0, true, 0);
	check_next(poll_noop(s, &out), POLL_NEXT_END);
	box_reset();
	stream_drop(s);
	check_uint(boxes_dropped, 0);
}

void test_iter_new_oom_leaves_items_with_caller(void **state)
{
	(void)state;
	union value items[2] = {box_new(1), box_new(2)};
	struct stream *s = NULL;

	box_reset();
	for (uint64_t n = 1; n <= 10; n++) {
		size_t blocks = mem_live_blocks();
		mem_fail_at(n);
		s = stream_iter_new(items, 2, box_drop);
		bool failed = mem_fail_triggered();
		mem_fail_at(0);
		if (!failed)
			break;
		check_true(s == NULL, "a failed stream_iter_new must return NULL");
		check_uint(mem_live_blocks(), blocks);
		check_uint(boxes_dropped, 0); /* the items are still the caller's */
	}
	check_not_null(s);
	stream_drop(s);
	check_uint(boxes_dropped, 2);
}

/* ---- range ------------------------------------------------------------------ */

void test_range_yields_start_to_end_exclusive(void **state)
{
	(void)state;
	struct stream *s = stream_range_new(1, 5); /* the RangeStream of every tutorial */
	union value out;

	check_not_null(s);
	for (int64_t i = 1; i < 5; i++) {
		check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
		check_int(out.i, i);
	}
	check_next(poll_noop(s, &out), POLL_NEXT_END);
	stream_drop(s);
}

void test_range_negative_bounds_count_up(void **state)
{
	(void)state;
	struct stream *s = stream_range_new(-2, 1);
	union value out;

	check_not_null(s);
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_int(out.i, -2);
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_int(out.i, -1);
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_int(out.i, 0);
	check_next(poll_noop(s, &out), POLL_NEXT_END);
	stream_drop(s);
}

void test_range_empty_when_start_not_below_end(void **state)
{
	(void)state;
	int64_t bounds[3][2] = {{4, 4}, {5, 2}, {INT64_MAX, INT64_MIN}};

	for (int i = 0; i < 3; i++) {
		struct stream *s = stream_range_new(bounds[i][0], bounds[i][1]);
		union value out = value_int(99);
		check_not_null(s);
		check_hint(s, 0, true, 0);
		check_next(poll_noop(s, &out), POLL_NEXT_END);
		check_int(out.i, 99);
		stream_drop(s);
	}
}

void test_range_size_hint_is_exact_at_each_step(void **state)
{
	(void)state;
	struct stream *s = stream_range_new(10, 13);
	union value out;

	check_not_null(s);
	check_hint(s, 3, true, 3);
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_hint(s, 2, true, 2);
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_hint(s, 1, true, 1);
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_hint(s, 0, true, 0);
	check_next(poll_noop(s, &out), POLL_NEXT_END);
	stream_drop(s);
}

void test_range_near_int64_max_does_not_overflow(void **state)
{
	(void)state;
	struct stream *s = stream_range_new(INT64_MAX - 2, INT64_MAX);
	union value out;

	check_not_null(s);
	check_hint(s, 2, true, 2);
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_int(out.i, INT64_MAX - 2);
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_int(out.i, INT64_MAX - 1);
	check_next(poll_noop(s, &out), POLL_NEXT_END);
	stream_drop(s);
}

void test_range_widest_size_hint_does_not_overflow(void **state)
{
	(void)state;
	/* 2^64 - 1 values: more than INT64_MAX, so end - start overflows int64_t. */
	struct stream *s = stream_range_new(INT64_MIN, INT64_MAX);
	union value out;

	check_not_null(s);
#if SIZE_MAX >= UINT64_MAX
	check_hint(s, UINT64_MAX, true, UINT64_MAX); /* Rust: (usize::MAX, Some(usize::MAX)) */
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_hint(s, UINT64_MAX - 1, true, UINT64_MAX - 1);
#else
	check_hint(s, SIZE_MAX, false, 0); /* does not fit: (usize::MAX, None) */
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
#endif
	check_int(out.i, INT64_MIN);
	stream_drop(s);
}

void test_range_new_oom_returns_null(void **state)
{
	(void)state;
	struct stream *s = NULL;

	for (uint64_t n = 1; n <= 10; n++) {
		size_t blocks = mem_live_blocks();
		mem_fail_at(n);
		s = stream_range_new(0, 10);
		bool failed = mem_fail_triggered();
		mem_fail_at(0);
		if (!failed)
			break;
		check_true(s == NULL, "a failed stream_range_new must return NULL");
		check_uint(mem_live_blocks(), blocks);
	}
	check_not_null(s);
	stream_drop(s);
}

/* ---- once, empty, repeat ------------------------------------------------------ */

void test_once_yields_its_item_then_end(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct stream *s = stream_once_new(value_int(17), NULL);
	union value out = value_int(0);

	check_not_null(s);
	check_hint(s, 1, true, 1);
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_ITEM);
	check_int(out.i, 17);
	check_hint(s, 0, true, 0);
	out = value_int(-1);
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_END);
	check_int(out.i, -1);
	stream_drop(s);
	check_uint(cw.clones, 0);
	check_uint(counting_waker_woken(&cw), 0);
	waker_drop(&w);
}

void test_once_drop_unpolled_releases_its_item(void **state)
{
	(void)state;
	struct stream *s = stream_once_new(box_new(3), box_drop);

	check_not_null(s);
	box_reset();
	stream_drop(s);
	check_uint(boxes_dropped, 1);
}

void test_once_drop_after_its_item_releases_nothing(void **state)
{
	(void)state;
	struct stream *s = stream_once_new(box_new(3), box_drop);
	union value out;

	check_not_null(s);
	box_reset();
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_int(box_take(out), 3);
	stream_drop(s); /* before the end: the item is gone all the same */
	check_uint(boxes_dropped, 0);
}

void test_empty_ends_at_first_poll(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct stream *s = stream_empty_new();
	union value out = value_int(5);

	check_not_null(s);
	check_hint(s, 0, true, 0);
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_END);
	check_int(out.i, 5);
	stream_drop(s);
	check_uint(counting_waker_woken(&cw), 0);
	check_uint(cw.clones, 0);
	waker_drop(&w);
}

void test_repeat_yields_the_same_item_every_time(void **state)
{
	(void)state;
	struct stream *s = stream_repeat_new(value_int(9));
	union value out;

	check_not_null(s);
	for (int i = 0; i < 1000; i++) {
		out = value_int(0);
		check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
		check_int(out.i, 9);
	}
	check_true(!s->ended, "repeat never ends");
	stream_drop(s);
}

void test_repeat_size_hint_is_max_without_upper(void **state)
{
	(void)state;
	struct stream *s = stream_repeat_new(value_int(1));
	union value out;

	check_not_null(s);
	check_hint(s, SIZE_MAX, false, 0); /* Rust: (usize::MAX, None) */
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_hint(s, SIZE_MAX, false, 0); /* infinite minus one is infinite */
	stream_drop(s);
}

void test_once_empty_repeat_new_oom_return_null(void **state)
{
	(void)state;
	union value item = box_new(4);

	box_reset();
	for (int kind = 0; kind < 3; kind++) {
		struct stream *s = NULL;
		for (uint64_t n = 1; n <= 10; n++) {
			size_t blocks = mem_live_blocks();
			mem_fail_at(n);
			s = kind == 0   ? stream_once_new(item, box_drop)
			    : kind == 1 ? stream_empty_new()
					: stream_repeat_new(value_int(1));
			bool failed = mem_fail_triggered();
			mem_fail_at(0);
			if (!failed)
				break;
			check_true(s == NULL, "a failed constructor must return NULL");
			check_uint(mem_live_blocks(), blocks);
			if (kind == 0)
				check_uint(boxes_dropped, 0); /* once's item is still ours */
		}
		check_not_null(s);
		stream_drop(s);
	}
	check_uint(boxes_dropped, 1); /* once released it when dropped */
}
