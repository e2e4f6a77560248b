/*
 * test_drain.c: stream_poll_drain() through the adapters (map, filter,
 * filter_map, inspect, enumerate) and the consumers that use it (fold).
 * Each scenario runs twice, once through stream_poll_drain() and once
 * through a loop over stream_poll_next() feeding the same sink, and both
 * runs must match what the scenario expects: the same items, the same last
 * answer (an error item in *out), the waker reaching the source, each
 * rejected item released once. On code without drain slots both runs take
 * the loop, and the tests still hold.
 */
#include "tests.h"

#include "closures.h"
#include "helpers.h"
#include "record_sink.h"

#include "error.h"

#include <string.h>

/* Takes every item s has ready with a no-op waker; they must be want[0..n). */
static enum poll_next take_expecting(struct stream *s, bool use_drain, union value *out,
				     const int64_t *want, size_t n)
{
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	struct record_sink r;

	record_init(&r, false);
	enum poll_next a = take_all(s, &cx, &r, use_drain, out);
	check_uint(r.n, n);
	for (size_t i = 0; i < n && i < r.n; i++)
		check_int(r.items[i], want[i]);
	return a;
}

/* ---- map and filter ---------------------------------------------------------- */

static void map_filter_scenario(bool use_drain)
{
	struct calls mapped = {0}, tested = {0};
	union value out;
	const int64_t want[] = {10, 12, 14, 16, 18, 20, 22, 24, 26, 28};
	struct stream *s = stream_filter(stream_map(stream_range_new(0, 20), add_ten, &mapped, NULL),
					 is_even, &tested);

	check_not_null(s);
	check_next(take_expecting(s, use_drain, &out, want, 10), POLL_NEXT_END);
	check_uint(mapped.n, 20); /* f saw every item, once */
	check_uint(tested.n, 20);
	check_true(s->ended, "the end must be recorded");
	stream_drop(s);
}

void test_map_filter_drain_matches_the_poll_next_loop(void **state)
{
	(void)state;
	map_filter_scenario(false);
	map_filter_scenario(true);
}

static void error_scenario(bool use_drain)
{
	struct script sc;
	struct calls mapped = {0};
	union value out = value_int(0);
	const int64_t before[] = {12};
	const int64_t after[] = {14};
	struct stream *s = stream_filter(stream_map(script_new(&sc, "1 2 !-8 3 4 ."), add_ten,
						    &mapped, NULL),
					 is_even, NULL);

	check_next(take_expecting(s, use_drain, &out, before, 1), POLL_NEXT_ERROR);
	check_int(out.i, ERR_TIMEDOUT); /* -8, untouched by map and filter */
	check_uint(mapped.n, 2);        /* f never saw the error */
	check_true(!s->ended, "an error item does not end the stream");
	check_next(take_expecting(s, use_drain, &out, after, 1), POLL_NEXT_END);
	check_uint(mapped.n, 4);
	check_uint(sc.polls, 6);
	stream_drop(s);
	check_uint(sc.drops, 1);
	script_done(&sc);
}

void test_map_filter_drain_error_item_comes_back_in_out(void **state)
{
	(void)state;
	error_scenario(false);
	error_scenario(true);
}

static void pending_scenario(bool use_drain)
{
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct script sc;
	struct record_sink r;
	union value out;
	struct stream *s = stream_filter(stream_map(script_new(&sc, "1 2 P 3 4 ."), add_ten, NULL,
						    NULL),
					 is_even, NULL);

	record_init(&r, false);
	check_next(take_all(s, &cx, &r, use_drain, &out), POLL_NEXT_PENDING);
	check_uint(r.n, 1);
	check_int(r.items[0], 12);
	check_true(waker_will_wake(&sc.kept, &w),
		   "the source must have been polled with the caller's waker");
	check_uint(cw.clones, 1);
	check_uint(counting_waker_woken(&cw), 0);
	waker_wake(&sc.kept); /* the source's event */
	check_uint(cw.wakes, 1);

	record_init(&r, false);
	check_next(take_all(s, &cx, &r, use_drain, &out), POLL_NEXT_END);
	check_uint(r.n, 1);
	check_int(r.items[0], 14);
	check_uint(sc.polls, 6);
	check_uint(cw.clones, 1); /* nothing kept after the Pending */
	stream_drop(s);
	script_done(&sc);
	waker_drop(&w);
	check_uint(cw.refs, 0);
}

void test_map_filter_drain_pending_reaches_the_source(void **state)
{
	(void)state;
	pending_scenario(false);
	pending_scenario(true);
}

static void rejected_scenario(bool use_drain)
{
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	struct record_sink r;
	union value out;
	struct stream *s = stream_filter(boxed_range(0, 10), is_even_boxed, NULL);

	check_not_null(s);
	box_reset();
	record_init(&r, true);
	check_next(take_all(s, &cx, &r, use_drain, &out), POLL_NEXT_END);
	check_uint(r.n, 5);
	for (size_t i = 0; i < r.n; i++)
		check_int(r.items[i], 2 * (int64_t)i);
	check_uint(boxes_dropped, 5); /* 1, 3, 5, 7, 9: each released once */
	stream_drop(s);
	check_uint(boxes_dropped, 5); /* nothing left, nothing released twice */
}

void test_filter_drain_releases_each_rejected_item_once(void **state)
{
	(void)state;
	rejected_scenario(false);
	rejected_scenario(true);
}

/* A filter right over a map: the reference drains both with one sink. f
 * runs on every item, before the predicate, and each item it makes that
 * the predicate rejects is released once, with map's drop_item. */
static void map_rejected_scenario(bool use_drain)
{
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	struct record_sink r;
	union value out;
	struct stream *s = stream_filter(
		stream_map(boxed_range(0, 10), rebox_plus_100, NULL, box_drop), is_even_boxed, NULL);

	check_not_null(s);
	box_reset();
	record_init(&r, true);
	check_next(take_all(s, &cx, &r, use_drain, &out), POLL_NEXT_END);
	check_uint(r.n, 5);
	for (size_t i = 0; i < r.n; i++)
		check_int(r.items[i], 100 + 2 * (int64_t)i);
	check_uint(boxes_dropped, 5); /* 101, 103, ..., 109: each released once */
	check_true(s->ended, "the end must be recorded");
	stream_drop(s);
	check_uint(boxes_dropped, 5); /* nothing left, nothing released twice */
}

void test_map_filter_drain_releases_each_rejected_item_once(void **state)
{
	(void)state;
	map_rejected_scenario(false);
	map_rejected_scenario(true);
}

/* ---- filter_map, inspect, enumerate -------------------------------------------- */

static void three_adapters_scenario(bool use_drain)
{
	struct script sc;
	struct calls seen = {0};
	union value out = value_int(0);
	const int64_t first[] = {20};   /* index 0, item 2 * 10 */
	const int64_t second[] = {140}; /* index 1, item 4 * 10 */
	const int64_t third[] = {260};  /* index 2, item 6 * 10 */
	struct stream *s = stream_enumerate(
		stream_inspect(stream_filter_map(script_new(&sc, "1 2 !-8 3 4 P 5 6 ."),
						 keep_even_times_ten, NULL, NULL),
			       note_item, &seen),
		index_plain, NULL, NULL);

	check_not_null(s);
	check_next(take_expecting(s, use_drain, &out, first, 1), POLL_NEXT_ERROR);
	check_int(out.i, ERR_TIMEDOUT);
	check_uint(seen.n, 1); /* inspect saw no error */
	check_next(take_expecting(s, use_drain, &out, second, 1), POLL_NEXT_PENDING);
	check_uint(seen.n, 2);
	check_next(take_expecting(s, use_drain, &out, third, 1), POLL_NEXT_END);
	check_uint(seen.n, 3);
	check_int(seen.last, 60);
	check_uint(sc.polls, 9);
	check_true(s->ended, "the end must be recorded");
	stream_drop(s);
	script_done(&sc);
}

void test_filter_map_inspect_enumerate_drain_matches_the_poll_next_loop(void **state)
{
	(void)state;
	three_adapters_scenario(false);
	three_adapters_scenario(true);
}

/* ---- fold over drains ---------------------------------------------------------- */

/* fold takes its items through the drain door when its source has one;
 * wrapped in take, which has none, the same pipeline is polled item by
 * item. Both are Pending at the same point and fold the same items. */
static void fold_scenario(bool wrap_in_take)
{
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct script sc;
	union value out = value_int(0);
	struct stream *s = stream_filter(stream_map(script_new(&sc, "1 2 P 3 4 ."), add_ten, NULL,
						    NULL),
					 is_even, NULL);

	if (wrap_in_take)
		s = stream_take(s, UINT64_MAX);
	check_not_null(s);
	struct future *f = stream_fold(s, value_int(0), sum_fold, NULL);
	check_not_null(f);
	check_poll(future_poll(f, &cx, &out), POLL_PENDING);
	check_true(waker_will_wake(&sc.kept, &w),
		   "the source must have been polled with the fold's waker");
	check_uint(sc.polls, 3);
	waker_wake(&sc.kept);
	check_uint(cw.wakes, 1);
	check_poll(future_poll(f, &cx, &out), POLL_READY);
	check_int(out.i, 12 + 14);
	check_uint(sc.polls, 6);
	future_drop(f);
	check_uint(sc.drops, 1);
	script_done(&sc);
	waker_drop(&w);
	check_uint(cw.refs, 0);
}

void test_fold_over_a_drain_matches_fold_over_polls(void **state)
{
	(void)state;
	fold_scenario(true);
	fold_scenario(false);
}
