/*
 * test_multi.c: the adapters over two streams or more (chain, zip, select,
 * select_all) and over a stream of streams (flatten).
 */
#include "tests.h"

#include "closures.h"
#include "helpers.h"

#include "error.h"
#include "mem.h"

/* ---- chain ---------------------------------------------------------------- */

/* futures-rs Chain: the first's items, then the second's. */
void test_chain_yields_first_then_second(void **state)
{
	(void)state;
	int64_t got[8];
	struct stream *s = stream_chain(stream_range_new(0, 2), stream_range_new(10, 12));
	check_uint(drain(s, got, 8), 4);
	check_int(got[0], 0);
	check_int(got[1], 1);
	check_int(got[2], 10);
	check_int(got[3], 11);
	stream_drop(s);
}

/* futures-rs Chain polls the second only after the first ended, and drops
 * the first then; a Pending first reaches its waker. */
void test_chain_does_not_poll_second_before_first_ends(void **state)
{
	(void)state;
	struct script a, b;
	union value v;
	struct stream *s = stream_chain(script_new(&a, "1 P ."), script_new(&b, "!-1 2 ."));
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	check_pending_reaches(s, &a);
	check_uint(b.polls, 0);
	check_next(poll_noop(s, &v), POLL_NEXT_ERROR); /* a ended, b's error item passes */
	check_uint(a.drops, 1);                        /* dropped as soon as it ended */
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	check_int(v.i, 2);
	check_next(poll_noop(s, &v), POLL_NEXT_END);
	stream_drop(s);
	check_uint(b.drops, 1);
	script_done(&a);
	script_done(&b);
}

/* futures-rs Chain::size_hint: lower bounds add (saturating), upper bounds
 * add when both exist and the sum fits. */
void test_chain_size_hint_sums_bounds(void **state)
{
	(void)state;
	struct stream *s = stream_chain(stream_range_new(0, 3), stream_range_new(0, 4));
	check_hint(s, 7, true, 7);
	stream_drop(s);
	s = stream_chain(stream_range_new(0, 3), stream_repeat_new(value_int(0)));
	check_hint(s, SIZE_MAX, false, 0);
	stream_drop(s);
	struct script a, b;
	s = stream_chain(script_new(&a, "."), script_new(&b, "."));
	script_set_hint(&a, size_hint_between(1, SIZE_MAX));
	script_set_hint(&b, size_hint_exact(2));
	check_hint(s, 3, false, 0); /* SIZE_MAX + 2 does not fit: no upper bound */
	stream_drop(s);
	script_done(&a);
	script_done(&b);
}

/* Dropping a chain mid-stream releases the items of both, once each. */
void test_chain_drop_mid_stream_releases_both(void **state)
{
	(void)state;
	union value v;
	box_reset();
	struct stream *s = stream_chain(boxed_range(0, 3), boxed_range(10, 2));
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	stream_drop_item(s, v);
	stream_drop(s);
	check_uint(boxes_dropped, 5);
}

/* ---- zip ------------------------------------------------------------------ */

/* futures-rs Zip: pairs in order, ending with the shorter side. */
void test_zip_pairs_items_and_ends_with_the_shorter(void **state)
{
	(void)state;
	int64_t got[8];
	struct stream *s = stream_zip(stream_range_new(1, 4), stream_range_new(5, 7), pair_plain,
				      NULL, NULL);
	check_hint(s, 2, true, 2);
	check_uint(drain(s, got, 8), 2);
	check_int(got[0], 105);
	check_int(got[1], 206);
	stream_drop(s);
}

/// [zip_pending_test]
/* futures-rs Zip keeps an item of one side while the other is Pending, and
 * polls both sides with the same waker; the kept item is not asked again. */
void test_zip_keeps_item_across_pending_of_other_side(void **state)
{
	(void)state;
	struct script a, b;
	union value v;
	struct stream *s = stream_zip(script_new(&a, "1 2 ."), script_new(&b, "P 10 P 20 ."),
				      pair_plain, NULL, NULL);
	check_pending_reaches(s, &b);
	check_uint(a.polls, 1);
	check_hint(s, 0, false, 0); /* min(1 kept + 0, 0), no upper bound on either side */
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	check_int(v.i, 110);
	check_uint(a.polls, 1); /* a's item was kept, not asked for again */
	check_next(poll_noop(s, &v), POLL_NEXT_PENDING);
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	check_int(v.i, 220);
	check_next(poll_noop(s, &v), POLL_NEXT_END);
	check_uint(a.polls, 3);
	check_uint(b.polls, 5); /* futures-rs polls b in the poll where a ends */
	stream_drop(s);
	script_done(&a);
	script_done(&b);
}
/// [zip_pending_test]

/* Dropping a zip releases its kept item once, and both sources. */
void test_zip_drop_releases_kept_item_once(void **state)
{
	(void)state;
	struct script b;
	union value v;
	box_reset();
	struct stream *s = stream_zip(boxed_range(1, 3), script_boxed_new(&b, "P 10 ."), pair_boxed,
				      NULL, box_drop);
	check_next(poll_noop(s, &v), POLL_NEXT_PENDING); /* holds boxed 1 */
	stream_drop(s);
	check_uint(boxes_dropped, 3); /* 1 kept, 2 and 3 in the source */
	check_uint(b.drops, 1);
	script_done(&b);
}

/* futures-rs Zip: when one side ends, the zip ends; an item the other side
 * gave in that same poll is kept and released at drop. An ended side is not
 * polled again. */
void test_zip_ends_when_a_side_ends_and_releases_the_partner(void **state)
{
	(void)state;
	struct script a;
	union value v;
	box_reset();
	struct stream *s = stream_zip(script_boxed_new(&a, "1 ."), boxed_range(10, 3), pair_boxed,
				      NULL, box_drop);
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	check_int(box_take(v), 110);
	check_next(poll_noop(s, &v), POLL_NEXT_END);
	check_uint(a.polls, 2);
	stream_drop(s);
	check_uint(boxes_dropped, 2); /* 11 (kept) and 12 */
	script_done(&a);
}

/* futures-rs Zip::size_hint: the minimum of both sides, each counting its kept item. */
void test_zip_size_hint_is_the_minimum(void **state)
{
	(void)state;
	struct stream *s = stream_zip(stream_range_new(0, 3), stream_repeat_new(value_int(1)),
				      pair_plain, NULL, NULL);
	check_hint(s, 3, true, 3);
	stream_drop(s);
	struct script a, b;
	s = stream_zip(script_new(&a, "."), script_new(&b, "."), pair_plain, NULL, NULL);
	script_set_hint(&a, size_hint_between(2, 9));
	script_set_hint(&b, size_hint_between(4, 6));
	check_hint(s, 2, true, 6);
	stream_drop(s);
	script_done(&a);
	script_done(&b);
}

/* Error items of either side pass through zip; a kept item stays kept. */
void test_zip_error_item_passes_and_keeps_partner(void **state)
{
	(void)state;
	struct script a, b;
	union value v;
	struct stream *s = stream_zip(script_new(&a, "1 ."), script_new(&b, "!-9 5 ."), pair_plain,
				      NULL, NULL);
	check_next(poll_noop(s, &v), POLL_NEXT_ERROR);
	check_int(v.i, ERR_CANCELLED);
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	check_int(v.i, 105);
	check_uint(a.polls, 1);
	stream_drop(s);
	script_done(&a);
	script_done(&b);
}

/* ---- select and select_all ------------------------------------------------ */

/* futures-rs select: round robin, the left first, when both are always ready. */
void test_select_alternates_starting_with_left(void **state)
{
	(void)state;
	int64_t got[8];
	struct stream *s = stream_select(stream_range_new(0, 3), stream_range_new(10, 13));
	check_hint(s, 6, true, 6);
	check_uint(drain(s, got, 8), 6);
	int64_t want[6] = {0, 10, 1, 11, 2, 12};
	for (int i = 0; i < 6; i++)
		check_int(got[i], want[i]);
	stream_drop(s);
}

/* futures-rs select_with_strategy: the side polled second is asked only when
 * the first had nothing; an ended side is never polled again. */
void test_select_falls_back_and_never_polls_an_ended_side(void **state)
{
	(void)state;
	struct script a, b;
	union value v;
	struct stream *s = stream_select(script_new(&a, "P 1 ."), script_new(&b, "5 6 . "));
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM); /* a Pending, b's 5 */
	check_int(v.i, 5);
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM); /* b first this time */
	check_int(v.i, 6);
	check_uint(a.polls, 1);
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM); /* a first: 1 */
	check_int(v.i, 1);
	check_next(poll_noop(s, &v), POLL_NEXT_END); /* b ends, then a ends */
	check_uint(a.polls, 3);
	check_uint(b.polls, 3);
	stream_drop(s);
	script_done(&a);
	script_done(&b);
}

/* When both sides are Pending, both hold the caller's waker: either wakes it. */
void test_select_both_pending_both_keep_the_waker(void **state)
{
	(void)state;
	struct script a, b;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	union value v;
	struct stream *s = stream_select(script_new(&a, "P 1 ."), script_new(&b, "P ."));
	check_next(stream_poll_next(s, &cx, &v), POLL_NEXT_PENDING);
	check_uint(cw.refs, 3);
	waker_wake(&b.kept);
	check_uint(cw.wakes, 1);
	check_next(stream_poll_next(s, &cx, &v), POLL_NEXT_ITEM); /* b first: ends; a: 1 */
	check_int(v.i, 1);
	check_next(stream_poll_next(s, &cx, &v), POLL_NEXT_END);
	stream_drop(s);
	script_done(&a);
	waker_drop(&w);
	check_uint(cw.refs, 0);
	check_uint(cw.clones, 2);
}

/* select_all: three sources round robin; an ended one is dropped at once. */
void test_select_all_round_robin_over_three(void **state)
{
	(void)state;
	struct script c;
	int64_t got[8];
	struct stream *in[3] = {stream_range_new(0, 2), stream_range_new(10, 13),
				script_new(&c, "20 .")};
	struct stream *s = stream_select_all(in, 3);
	check_hint(s, 5, false, 0); /* the script has no upper bound */
	check_uint(drain(s, got, 8), 6);
	int64_t want[6] = {0, 10, 20, 1, 11, 12};
	for (int i = 0; i < 6; i++)
		check_int(got[i], want[i]);
	check_uint(c.drops, 1);
	stream_drop(s);
	script_done(&c);
}

/* select_all of nothing ends at once; Pending sources keep the waker. */
void test_select_all_empty_ends_and_pending_reaches_sources(void **state)
{
	(void)state;
	union value v;
	struct stream *s = stream_select_all(NULL, 0);
	check_next(poll_noop(s, &v), POLL_NEXT_END);
	stream_drop(s);
	struct script a;
	struct stream *in[2] = {stream_empty_new(), script_new(&a, "P 3 .")};
	s = stream_select_all(in, 2);
	check_pending_reaches(s, &a);
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	check_int(v.i, 3);
	check_next(poll_noop(s, &v), POLL_NEXT_END);
	stream_drop(s);
	script_done(&a);
}

/* ---- flatten -------------------------------------------------------------- */

static void drop_stream_item(union value v)
{
	stream_drop(v.ptr);
}

/* futures-rs Flatten: each inner stream's items in order, to its end. */
void test_flatten_yields_inner_items_in_order(void **state)
{
	(void)state;
	int64_t got[8];
	union value inner[3] = {value_ptr(stream_range_new(0, 2)), value_ptr(stream_empty_new()),
				value_ptr(stream_range_new(5, 7))};
	struct stream *s = stream_flatten(stream_iter_new(inner, 3, drop_stream_item));
	check_hint(s, 0, false, 0); /* futures-rs's Flatten gives no hint */
	check_uint(drain(s, got, 8), 4);
	check_int(got[0], 0);
	check_int(got[1], 1);
	check_int(got[2], 5);
	check_int(got[3], 6);
	stream_drop(s);
}

/* Flatten polls the current inner stream until its end before asking the
 * outer one: a Pending inner is the flatten's Pending. */
void test_flatten_pending_inner_is_pending_outer_not_asked(void **state)
{
	(void)state;
	struct script in;
	union value v;
	union value inner[2] = {value_ptr(script_new(&in, "1 P !-1 2 .")),
				value_ptr(stream_range_new(7, 8))};
	struct stream *s = stream_flatten(stream_iter_new(inner, 2, drop_stream_item));
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	check_int(v.i, 1);
	check_pending_reaches(s, &in);
	check_next(poll_noop(s, &v), POLL_NEXT_ERROR); /* inner error items pass */
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	check_int(v.i, 2);
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM); /* inner ended: dropped, next one */
	check_uint(in.drops, 1);
	check_int(v.i, 7);
	check_next(poll_noop(s, &v), POLL_NEXT_END);
	stream_drop(s);
	script_done(&in);
}

/* Dropping a flatten drops the current inner stream and the outer one, with
 * every item they hold, once each. */
void test_flatten_drop_releases_inner_and_outer(void **state)
{
	(void)state;
	union value v;
	box_reset();
	union value inner[2] = {value_ptr(boxed_range(0, 3)), value_ptr(boxed_range(10, 2))};
	struct stream *s = stream_flatten(stream_iter_new(inner, 2, drop_stream_item));
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	stream_drop_item(s, v); /* flatten's drop_item is the inner streams' */
	check_uint(boxes_dropped, 1);
	stream_drop(s);
	check_uint(boxes_dropped, 5);
}
