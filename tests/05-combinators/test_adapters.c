/*
 * test_adapters.c: the one-source adapters (map, filter, filter_map, then,
 * take, skip, take_while, skip_while, enumerate, inspect): their items,
 * their end, Pending and the waker, size_hint, drop, error items. Each test
 * says which futures-rs behaviour it pins down.
 */
#include "tests.h"

#include "closures.h"
#include "helpers.h"

#include "error.h"
#include "mem.h"

/* ---- map ------------------------------------------------------------------ */

/* futures-rs Map: f is applied to every item, in order; the end is the source's. */
void test_map_applies_f_to_each_item_in_order(void **state)
{
	(void)state;
	struct calls calls = {0};
	int64_t got[8];
	struct stream *s = stream_map(stream_range_new(1, 4), add_ten, &calls, NULL);
	check_not_null(s);
	check_uint(drain(s, got, 8), 3);
	check_int(got[0], 11);
	check_int(got[1], 12);
	check_int(got[2], 13);
	check_uint(calls.n, 3);
	stream_drop(s);
}

/* futures-rs Map polls its source with the same Context: a Pending source
 * makes map Pending, and the source holds map's caller's waker. */
void test_map_pending_source_is_pending_and_waker_reaches_source(void **state)
{
	(void)state;
	struct script sc;
	struct calls calls = {0};
	union value v;
	struct stream *s = stream_map(script_new(&sc, "P 5 ."), add_ten, &calls, NULL);
	check_pending_reaches(s, &sc);
	check_uint(calls.n, 0); /* nothing to map yet */
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	check_int(v.i, 15);
	check_next(poll_noop(s, &v), POLL_NEXT_END);
	check_uint(sc.polls, 3);
	stream_drop(s);
	check_uint(sc.drops, 1); /* map owned its source */
	script_done(&sc);
}

/* futures-rs Map::size_hint is the source's, unchanged. */
void test_map_size_hint_is_the_sources(void **state)
{
	(void)state;
	union value v;
	struct stream *s = stream_map(stream_range_new(0, 5), add_ten, NULL, NULL);
	check_hint(s, 5, true, 5);
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	check_hint(s, 4, true, 4);
	stream_drop(s);
	s = stream_map(stream_repeat_new(value_int(1)), add_ten, NULL, NULL);
	check_hint(s, SIZE_MAX, false, 0);
	stream_drop(s);
}

/* Our map is futures-rs map_ok: an error item passes untouched and f never sees it. */
void test_map_error_items_pass_untouched(void **state)
{
	(void)state;
	struct script sc;
	struct calls calls = {0};
	union value v;
	struct stream *s = stream_map(script_new(&sc, "1 !-8 2 ."), add_ten, &calls, NULL);
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	check_int(v.i, 11);
	check_next(poll_noop(s, &v), POLL_NEXT_ERROR);
	check_int(v.i, ERR_TIMEDOUT); /* -8, as the source gave it */
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	check_int(v.i, 12);
	check_uint(calls.n, 2);
	check_next(poll_noop(s, &v), POLL_NEXT_END);
	stream_drop(s);
	script_done(&sc);
}

/* Dropping a Map drops its source, which releases every item it still
 * holds exactly once; items already handed out are the caller's. The new
 * items are released with drop_out. */
void test_map_drop_mid_stream_releases_each_item_once(void **state)
{
	(void)state;
	union value v;
	box_reset();
	struct stream *s = stream_map(boxed_range(1, 5), rebox_plus_100, NULL, box_drop);
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	check_int(box_peek(v), 101);
	stream_drop_item(s, v); /* map's drop_item is drop_out */
	check_uint(boxes_dropped, 1);
	stream_drop(s);
	check_uint(boxes_dropped, 5); /* the four unconsumed, once each */
}

/* ---- filter and filter_map ------------------------------------------------ */

/* futures-rs Filter: rejected items are dropped, kept ones come in order. */
void test_filter_keeps_matching_and_releases_rejected_once(void **state)
{
	(void)state;
	int64_t got[8];
	box_reset();
	struct stream *s = stream_filter(boxed_range(1, 6), is_even_boxed, NULL);
	check_uint(drain_boxed(s, got, 8), 3);
	check_int(got[0], 2);
	check_int(got[1], 4);
	check_int(got[2], 6);
	check_uint(boxes_dropped, 3); /* 1, 3, 5 */
	stream_drop(s);
	check_uint(boxes_dropped, 3);
}

/* futures-rs Filter loops inside one poll: a rejected item then a Pending
 * source is Pending, with the waker at the source. */
void test_filter_rejects_then_pending_keeps_waker(void **state)
{
	(void)state;
	struct script sc;
	struct calls calls = {0};
	union value v;
	struct stream *s = stream_filter(script_new(&sc, "1 3 P 4 ."), is_even, &calls);
	check_pending_reaches(s, &sc);
	check_uint(sc.polls, 3); /* 1, 3 rejected in the same poll */
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	check_int(v.i, 4);
	check_next(poll_noop(s, &v), POLL_NEXT_END);
	check_uint(calls.n, 3);
	stream_drop(s);
	script_done(&sc);
}

/* futures-rs Filter::size_hint: (0, the source's upper bound). */
void test_filter_size_hint_has_no_lower_bound(void **state)
{
	(void)state;
	struct stream *s = stream_filter(stream_range_new(0, 7), is_even, NULL);
	check_hint(s, 0, true, 7);
	stream_drop(s);
}

/* Error items pass through filter; the predicate never sees them. */
void test_filter_error_items_pass_untouched(void **state)
{
	(void)state;
	struct script sc;
	struct calls calls = {0};
	union value v;
	struct stream *s = stream_filter(script_new(&sc, "1 !-3 2 ."), is_even, &calls);
	check_next(poll_noop(s, &v), POLL_NEXT_ERROR);
	check_int(v.i, ERR_CLOSED);
	check_uint(calls.n, 1); /* only 1 */
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	check_int(v.i, 2);
	check_next(poll_noop(s, &v), POLL_NEXT_END);
	stream_drop(s);
	script_done(&sc);
}

/* futures-rs FilterMap: the items f keeps, rewritten; hint (0, upper). */
void test_filter_map_keeps_rewritten_items(void **state)
{
	(void)state;
	int64_t got[8];
	struct stream *s = stream_filter_map(stream_range_new(1, 7), keep_even_times_ten, NULL, NULL);
	check_hint(s, 0, true, 6);
	check_uint(drain(s, got, 8), 3);
	check_int(got[0], 20);
	check_int(got[2], 60);
	stream_drop(s);
}

/* ---- then ----------------------------------------------------------------- */

/* futures-rs Then: each item becomes a future; its output is the item. The
 * future's Pending (with its wake-up) is the stream's Pending. */
void test_then_yields_each_futures_output_after_its_pending(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	union value v;
	struct stream *s = stream_then(stream_range_new(1, 3), double_later, NULL);
	for (int64_t i = 1; i <= 2; i++) {
		check_next(stream_poll_next(s, &cx, &v), POLL_NEXT_PENDING);
		check_uint(cw.wakes_by_ref, (uint64_t)i); /* the yield woke us */
		check_next(stream_poll_next(s, &cx, &v), POLL_NEXT_ITEM);
		check_int(v.i, 2 * i);
	}
	check_next(stream_poll_next(s, &cx, &v), POLL_NEXT_END);
	stream_drop(s);
	waker_drop(&w);
	check_uint(cw.refs, 0);
}

/* futures-rs Then runs one future at a time: the source is not polled while
 * it runs, and size_hint counts it as one more item. */
void test_then_does_not_poll_source_while_future_runs(void **state)
{
	(void)state;
	struct script sc;
	union value v;
	struct stream *s = stream_then(script_new(&sc, "1 2 ."), double_later, NULL);
	script_set_hint(&sc, size_hint_exact(2));
	check_hint(s, 2, true, 2);
	check_next(poll_noop(s, &v), POLL_NEXT_PENDING);
	check_uint(sc.polls, 1);
	sc.hint = size_hint_exact(1);
	check_hint(s, 2, true, 2); /* one in the source, one running */
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	check_uint(sc.polls, 1); /* the future finished without asking the source */
	check_hint(s, 1, true, 1);
	stream_drop(s);
	script_done(&sc);
}

/* Dropping a Then drops its running future and its source. */
void test_then_drop_mid_future_drops_future_and_source(void **state)
{
	(void)state;
	struct script sc;
	union value v;
	struct stream *s = stream_then(script_new(&sc, "1 2 ."), double_later, NULL);
	check_next(poll_noop(s, &v), POLL_NEXT_PENDING);
	stream_drop(s); /* the fixture checks the future's block was freed */
	check_uint(sc.drops, 1);
	script_done(&sc);
}

/* Our then: a closure that cannot make its future (NULL) gives an error
 * item ERR_NOMEM, and the stream goes on; error items of the source pass. */
void test_then_null_future_is_nomem_error_item(void **state)
{
	(void)state;
	struct script sc;
	union value v;
	struct stream *s = stream_then(script_new(&sc, "!-3 1 ."), no_future, NULL);
	check_next(poll_noop(s, &v), POLL_NEXT_ERROR);
	check_int(v.i, ERR_CLOSED);
	check_next(poll_noop(s, &v), POLL_NEXT_ERROR);
	check_int(v.i, ERR_NOMEM);
	check_next(poll_noop(s, &v), POLL_NEXT_END);
	stream_drop(s);
	script_done(&sc);
}

/* ---- take and skip -------------------------------------------------------- */

/* futures-rs Take: after n items it ends without polling its source again. */
void test_take_yields_n_then_ends_without_polling_source(void **state)
{
	(void)state;
	struct script sc;
	union value v;
	struct stream *s = stream_take(script_new(&sc, "1 2 3 ."), 2);
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	check_int(v.i, 1);
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	check_int(v.i, 2);
	check_next(poll_noop(s, &v), POLL_NEXT_END);
	check_uint(sc.polls, 2); /* the third item was never asked for */
	stream_drop(s);
	script_done(&sc);
}

/* take(0) ends at once and never touches its source (an endless one either). */
void test_take_zero_never_polls_source(void **state)
{
	(void)state;
	struct script sc;
	union value v;
	struct stream *s = stream_take(script_new(&sc, "1 ."), 0);
	check_hint(s, 0, true, 0);
	check_next(poll_noop(s, &v), POLL_NEXT_END);
	check_uint(sc.polls, 0);
	stream_drop(s);
	script_done(&sc);
}

/* futures-rs Take::size_hint: both bounds capped at what is left. */
void test_take_size_hint_is_capped_at_remaining(void **state)
{
	(void)state;
	union value v;
	struct stream *s = stream_take(stream_range_new(0, 10), 3);
	check_hint(s, 3, true, 3);
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	check_hint(s, 2, true, 2);
	stream_drop(s);
	s = stream_take(stream_range_new(0, 2), 5);
	check_hint(s, 2, true, 2); /* the source is shorter */
	stream_drop(s);
	s = stream_take(stream_repeat_new(value_int(7)), 4);
	check_hint(s, 4, true, 4); /* (MAX, None) capped: the cap is an upper bound */
	stream_drop(s);
	struct script sc;
	s = stream_take(script_new(&sc, "."), 4);
	check_hint(s, 0, true, 4); /* (0, None) gains an upper bound */
	stream_drop(s);
	script_done(&sc);
}

/* Error items are not counted by take, and Pending reaches the source. */
void test_take_error_items_not_counted_pending_reaches_source(void **state)
{
	(void)state;
	struct script sc;
	union value v;
	struct stream *s = stream_take(script_new(&sc, "!-1 P 4 ."), 1);
	check_next(poll_noop(s, &v), POLL_NEXT_ERROR);
	check_pending_reaches(s, &sc);
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	check_int(v.i, 4);
	check_next(poll_noop(s, &v), POLL_NEXT_END);
	check_uint(sc.polls, 3);
	stream_drop(s);
	script_done(&sc);
}

/* Dropping a Take mid-stream releases the untaken items once (the source's drop). */
void test_take_drop_mid_stream_releases_rest_once(void **state)
{
	(void)state;
	union value v;
	box_reset();
	struct stream *s = stream_take(boxed_range(1, 6), 3);
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	stream_drop_item(s, v); /* take's drop_item is the source's */
	stream_drop(s);
	check_uint(boxes_dropped, 6);
}

/* futures-rs Skip: the first n items are dropped, the rest pass. */
void test_skip_releases_skipped_and_yields_rest(void **state)
{
	(void)state;
	int64_t got[8];
	box_reset();
	struct stream *s = stream_skip(boxed_range(1, 5), 2);
	check_uint(drain_boxed(s, got, 8), 3);
	check_int(got[0], 3);
	check_int(got[2], 5);
	check_uint(boxes_dropped, 2);
	stream_drop(s);
}

/* Skip counts across a Pending: the count lives in the stream, not the poll. */
void test_skip_pending_midway_resumes_the_count(void **state)
{
	(void)state;
	struct script sc;
	union value v;
	struct stream *s = stream_skip(script_new(&sc, "1 P 2 3 ."), 2);
	check_pending_reaches(s, &sc);
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	check_int(v.i, 3);
	check_next(poll_noop(s, &v), POLL_NEXT_END);
	stream_drop(s);
	script_done(&sc);
}

/* futures-rs Skip::size_hint: both bounds minus the items left to skip, saturating. */
void test_skip_size_hint_subtracts_saturating(void **state)
{
	(void)state;
	struct stream *s = stream_skip(stream_range_new(0, 10), 3);
	check_hint(s, 7, true, 7);
	stream_drop(s);
	s = stream_skip(stream_range_new(0, 2), 5);
	check_hint(s, 0, true, 0);
	stream_drop(s);
}

/* ---- take_while and skip_while --------------------------------------------- */

/* futures-rs TakeWhile: ends at the first item failing the predicate, which
 * is dropped; the source is never polled again. */
void test_take_while_ends_at_first_failure_and_releases_it(void **state)
{
	(void)state;
	int64_t limit = 3;
	union value v;
	box_reset();
	struct script sc;
	struct stream *s = stream_take_while(script_new(&sc, "1 2 3 1 ."), below, &limit);
	script_set_hint(&sc, size_hint_exact(4));
	check_hint(s, 0, true, 4);
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	check_int(v.i, 2);
	check_next(poll_noop(s, &v), POLL_NEXT_END);
	check_uint(sc.polls, 3);
	check_hint(s, 0, true, 0);
	stream_drop(s);
	script_done(&sc);
	struct stream *b = stream_take_while(boxed_range(0, 4), is_even_boxed, NULL);
	check_next(poll_noop(b, &v), POLL_NEXT_ITEM);
	box_take(v);
	check_next(poll_noop(b, &v), POLL_NEXT_END); /* 1 failed: released */
	check_uint(boxes_dropped, 1);
	stream_drop(b);
	check_uint(boxes_dropped, 3); /* 2 and 3 with the source */
}

/* futures-rs SkipWhile: skips the leading items that match, then lets all
 * through, never calling the predicate again. */
void test_skip_while_skips_prefix_then_never_asks_again(void **state)
{
	(void)state;
	struct calls calls = {0};
	int64_t got[8];
	box_reset();
	struct script sc;
	struct stream *s = stream_skip_while(script_boxed_new(&sc, "2 4 5 6 7 ."), is_even_boxed,
					     NULL);
	check_uint(drain_boxed(s, got, 8), 3);
	check_int(got[0], 5);
	check_int(got[1], 6); /* even, but the skipping is over */
	check_int(got[2], 7);
	check_uint(boxes_dropped, 2);
	stream_drop(s);
	script_done(&sc);
	s = stream_skip_while(stream_range_new(0, 6), is_even, &calls);
	check_uint(drain(s, got, 8), 5);
	check_uint(calls.n, 2); /* 0 skipped, 1 ended the skipping */
	stream_drop(s);
}

/* SkipWhile across Pending; size_hint (0, upper) while skipping, then the source's. */
void test_skip_while_pending_and_size_hint(void **state)
{
	(void)state;
	struct script sc;
	union value v;
	struct stream *s = stream_skip_while(script_new(&sc, "0 P 3 4 ."), is_even, NULL);
	script_set_hint(&sc, size_hint_exact(4));
	check_hint(s, 0, true, 4);
	check_pending_reaches(s, &sc);
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	check_int(v.i, 3);
	sc.hint = size_hint_exact(1);
	check_hint(s, 1, true, 1); /* done skipping: the source's hint */
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	check_int(v.i, 4);
	check_next(poll_noop(s, &v), POLL_NEXT_END);
	stream_drop(s);
	script_done(&sc);
}

/* ---- enumerate and inspect -------------------------------------------------- */

/* futures-rs Enumerate: indices from 0; our error items get no index. */
void test_enumerate_indexes_items_from_zero_skipping_errors(void **state)
{
	(void)state;
	struct script sc;
	union value v;
	struct stream *s = stream_enumerate(script_new(&sc, "7 !-2 8 P 9 ."), index_plain, NULL, NULL);
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	check_int(v.i, 7);
	check_next(poll_noop(s, &v), POLL_NEXT_ERROR);
	check_int(v.i, ERR_INVAL);
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	check_int(v.i, 108);
	check_pending_reaches(s, &sc);
	check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
	check_int(v.i, 209);
	check_next(poll_noop(s, &v), POLL_NEXT_END);
	stream_drop(s);
	script_done(&sc);
}

/* futures-rs Inspect: f sees each item by reference, the item passes unchanged. */
void test_inspect_sees_each_item_and_passes_it_on(void **state)
{
	(void)state;
	struct calls calls = {0};
	int64_t got[8];
	struct stream *s = stream_inspect(stream_range_new(4, 7), note_item, &calls);
	check_hint(s, 3, true, 3);
	check_uint(drain(s, got, 8), 3);
	check_int(got[0], 4);
	check_int(got[2], 6);
	check_uint(calls.n, 3);
	check_int(calls.last, 6);
	stream_drop(s);
}
