/*
 * test_drain.c: stream_poll_drain() on the streams of this chapter. A drain
 * promises the answers of the poll_next loop: the same items in the same
 * order, the same last answer, the same wake-ups, the same end. Each test
 * runs one scenario twice, once through stream_poll_drain() and once
 * through a loop over stream_poll_next() feeding the same sink, and checks
 * both against what the scenario expects. On code without drain slots both
 * runs take the loop, and the tests still hold.
 */
#include "tests.h"

#include "probe.h"

#include "receiver_stream.h"
#include "record_sink.h"

#include <stdint.h>
#include <string.h>

/* ---- always-ready streams ----------------------------------------------------- */

static void range_scenario(int64_t start, int64_t end, bool use_drain)
{
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct record_sink r;
	union value out = value_int(-1);
	struct stream *s = stream_range_new(start, end);

	check_not_null(s);
	record_init(&r, false);
	check_next(take_all(s, &cx, &r, use_drain, &out), POLL_NEXT_END);
	check_uint(r.n, start < end ? (size_t)(end - start) : 0);
	for (size_t i = 0; i < r.n; i++)
		check_int(r.items[i], start + (int64_t)i);
	check_true(s->ended, "the end must be recorded");
	check_hint(s, 0, true, 0);
	check_uint(cw.clones, 0); /* always ready: the waker is never kept */
	check_uint(counting_waker_woken(&cw), 0);
	stream_drop(s);
	waker_drop(&w);
}

void test_range_drain_matches_the_poll_next_loop(void **state)
{
	(void)state;
	for (int d = 0; d < 2; d++) {
		range_scenario(-3, 5, d == 1);
		range_scenario(4, 4, d == 1);
		range_scenario(7, 2, d == 1);
		range_scenario(INT64_MAX - 2, INT64_MAX, d == 1); /* must not overflow */
	}
}

static void iter_scenario(bool use_drain)
{
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct record_sink r;
	union value out;
	union value items[5];
	const int64_t want[] = {1, 2, 3, 4, 5};

	for (size_t i = 0; i < 5; i++)
		items[i] = box_new(want[i]);
	struct stream *s = stream_iter_new(items, 5, box_drop);
	check_not_null(s);
	box_reset();
	record_init(&r, true); /* the sink owns each item it gets, and frees it */
	check_next(take_all(s, &cx, &r, use_drain, &out), POLL_NEXT_END);
	check_items(&r, want, 5);
	check_true(s->ended, "the end must be recorded");
	check_uint(boxes_dropped, 0); /* handed out, never released by the stream */
	stream_drop(s);
	check_uint(boxes_dropped, 0); /* nothing left to release */
	check_uint(cw.clones, 0);
	check_uint(counting_waker_woken(&cw), 0);
	waker_drop(&w);

	s = stream_iter_new(NULL, 0, NULL);
	check_not_null(s);
	record_init(&r, false);
	check_next(take_all(s, &cx, &r, use_drain, &out), POLL_NEXT_END);
	check_uint(r.n, 0);
	stream_drop(s);
}

void test_iter_drain_hands_each_item_over_once_then_ends(void **state)
{
	(void)state;
	iter_scenario(false);
	iter_scenario(true);
}

/* ---- the receiver ------------------------------------------------------------ */

/* Items, Pending with the waker kept, a send waking it, the end. */
static void receiver_scenario(bool use_drain)
{
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct record_sink r;
	union value out = value_int(-1);
	const int64_t first[] = {1, 2, 3};
	const int64_t second[] = {4};

	check_err(mpsc_unbounded_channel(NULL, &tx, &rx), 0);
	struct stream *s = stream_from_receiver(&rx);
	check_not_null(s);
	for (int64_t v = 1; v <= 3; v++)
		check_err(mpsc_unbounded_send(&tx, value_int(v)), 0);

	record_init(&r, false);
	check_next(take_all(s, &cx, &r, use_drain, &out), POLL_NEXT_PENDING);
	check_items(&r, first, 3);
	check_uint(cw.clones, 1); /* parked once, with this waker */
	check_uint(counting_waker_woken(&cw), 0);

	check_err(mpsc_unbounded_send(&tx, value_int(4)), 0);
	check_uint(counting_waker_woken(&cw), 1);
	record_init(&r, false);
	check_next(take_all(s, &cx, &r, use_drain, &out), POLL_NEXT_PENDING);
	check_items(&r, second, 1);
	check_uint(cw.clones, 2);

	mpsc_sender_drop(&tx); /* the last sender: the parked receiver is woken */
	check_uint(counting_waker_woken(&cw), 2);
	record_init(&r, false);
	check_next(take_all(s, &cx, &r, use_drain, &out), POLL_NEXT_END);
	check_uint(r.n, 0);
	check_true(s->ended, "the end must be recorded");
	stream_drop(s);
	check_uint(cw.refs, 1); /* only ours is left */
	waker_drop(&w);
}

void test_receiver_drain_matches_the_poll_next_loop(void **state)
{
	(void)state;
	receiver_scenario(false);
	receiver_scenario(true);
}

/* Two senders wait on a full channel; at each item the sink sees, the hook
 * writes down how many of them were woken so far. */
struct two_waiters {
	struct counting_waker a, b;
};

static void note_waiters_woken(struct record_sink *r, int64_t item)
{
	struct two_waiters *tw = r->env;
	(void)item;
	r->seen[r->n] = counting_waker_woken(&tw->a) * 10 + counting_waker_woken(&tw->b);
}

static void waiting_senders_scenario(bool use_drain)
{
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct two_waiters tw;
	struct waker wa = counting_waker_new(&tw.a), wb = counting_waker_new(&tw.b);
	struct context cxa = context_from_waker(&wa), cxb = context_from_waker(&wb);
	struct mpsc_sender tx;
	struct record_sink r;
	struct mpsc_send_op a, b;
	union value out;
	int result = -1;
	const int64_t first[] = {1, 2};
	const int64_t second[] = {3, 4};
	struct stream *s = NULL;

	{
		struct mpsc_receiver rx;
		check_err(mpsc_channel(2, NULL, &tx, &rx), 0);
		s = stream_from_receiver(&rx);
		check_not_null(s);
	}
	check_err(mpsc_try_send(&tx, value_int(1)), 0);
	check_err(mpsc_try_send(&tx, value_int(2)), 0);
	mpsc_send_op_init(&a, &tx, value_int(3));
	mpsc_send_op_init(&b, &tx, value_int(4));
	check_poll(mpsc_send_op_poll(&a, &cxa, &result), POLL_PENDING); /* full */
	check_poll(mpsc_send_op_poll(&b, &cxb, &result), POLL_PENDING);

	record_init(&r, false);
	r.hook = note_waiters_woken;
	r.env = &tw;
	check_next(take_all(s, &cx, &r, use_drain, &out), POLL_NEXT_PENDING);
	check_items(&r, first, 2);
	/* Item 1's slot went to the first waiter before the sink saw item 1;
	 * item 2's to the second, before the sink saw item 2. */
	check_uint(r.seen[0], 10);
	check_uint(r.seen[1], 11);
	check_uint(counting_waker_woken(&cw), 0);

	check_poll(mpsc_send_op_poll(&a, &cxa, &result), POLL_READY);
	check_err(result, 0);
	check_poll(mpsc_send_op_poll(&b, &cxb, &result), POLL_READY);
	check_err(result, 0);
	check_uint(counting_waker_woken(&cw), 1); /* the first delivery woke us */
	record_init(&r, false);
	check_next(take_all(s, &cx, &r, use_drain, &out), POLL_NEXT_PENDING);
	check_items(&r, second, 2);
	check_uint(tw.a.clones, 1); /* nobody was woken twice or parked again */
	check_uint(tw.b.clones, 1);
	check_uint(counting_waker_woken(&tw.a) + counting_waker_woken(&tw.b), 2);

	mpsc_sender_drop(&tx);
	record_init(&r, false);
	check_next(take_all(s, &cx, &r, use_drain, &out), POLL_NEXT_END);
	check_uint(r.n, 0);
	stream_drop(s);
	waker_drop(&wa);
	waker_drop(&wb);
	waker_drop(&w);
	check_uint(cw.refs + tw.a.refs + tw.b.refs, 0);
}

void test_receiver_drain_serves_each_waiting_sender_before_the_next_item(void **state)
{
	(void)state;
	waiting_senders_scenario(false);
	waiting_senders_scenario(true);
}

/* The sink sends into the very channel it drains: the item sent while the
 * drain runs comes after the ones already buffered, in the same call. */
static void send_back(struct record_sink *r, int64_t item)
{
	if (item < 10)
		check_err(mpsc_unbounded_send(r->env, value_int(item * 10)), 0);
}

static void send_from_sink_scenario(bool use_drain)
{
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct record_sink r;
	union value out;
	const int64_t want[] = {1, 2, 10, 20};

	check_err(mpsc_unbounded_channel(NULL, &tx, &rx), 0);
	struct stream *s = stream_from_receiver(&rx);
	check_not_null(s);
	check_err(mpsc_unbounded_send(&tx, value_int(1)), 0);
	check_err(mpsc_unbounded_send(&tx, value_int(2)), 0);
	record_init(&r, false);
	r.hook = send_back;
	r.env = &tx;
	check_next(take_all(s, &cx, &r, use_drain, &out), POLL_NEXT_PENDING);
	check_items(&r, want, 4);
	check_uint(counting_waker_woken(&cw), 0); /* never parked while items came */
	check_uint(cw.clones, 1);
	mpsc_sender_drop(&tx);
	stream_drop(s);
	waker_drop(&w);
	check_uint(cw.refs, 0);
}

void test_receiver_drain_sees_items_sent_from_its_sink(void **state)
{
	(void)state;
	send_from_sink_scenario(false);
	send_from_sink_scenario(true);
}

/* The sink sends into the bounded channel it drains. At item 1, whose slot
 * is free again before the sink sees it, one try_send fits and the next
 * finds the channel full, so the sink starts a send that waits. The drain
 * must see that waiter at once: item 2's slot goes to it, woken, before the
 * sink sees item 2. */
struct bounded_sender {
	struct mpsc_sender tx;
	struct mpsc_send_op op;
	struct counting_waker cw;
	struct waker w;
};

static void send_back_bounded(struct record_sink *r, int64_t item)
{
	struct bounded_sender *bs = r->env;

	if (item == 1) {
		struct context cx = context_from_waker(&bs->w);
		int result = -1;
		check_err(mpsc_try_send(&bs->tx, value_int(10)), 0);
		check_err(mpsc_try_send(&bs->tx, value_int(11)), ERR_FULL);
		mpsc_send_op_init(&bs->op, &bs->tx, value_int(12));
		check_poll(mpsc_send_op_poll(&bs->op, &cx, &result), POLL_PENDING);
	}
	r->seen[r->n] = counting_waker_woken(&bs->cw);
}

static void send_from_sink_bounded_scenario(bool use_drain)
{
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct bounded_sender bs;
	struct context cxs;
	struct record_sink r;
	union value out;
	int result = -1;
	const int64_t first[] = {1, 2, 10};
	const int64_t second[] = {12};
	struct stream *s = NULL;

	bs.w = counting_waker_new(&bs.cw);
	cxs = context_from_waker(&bs.w);
	{
		struct mpsc_receiver rx;
		check_err(mpsc_channel(2, NULL, &bs.tx, &rx), 0);
		s = stream_from_receiver(&rx);
		check_not_null(s);
	}
	check_err(mpsc_try_send(&bs.tx, value_int(1)), 0);
	check_err(mpsc_try_send(&bs.tx, value_int(2)), 0);

	record_init(&r, false);
	r.hook = send_back_bounded;
	r.env = &bs;
	check_next(take_all(s, &cx, &r, use_drain, &out), POLL_NEXT_PENDING);
	check_items(&r, first, 3);
	check_uint(r.seen[0], 0); /* the send started at item 1 waits */
	check_uint(r.seen[1], 1); /* item 2's slot went to it first */
	check_uint(r.seen[2], 1);
	check_uint(cw.clones, 1); /* parked once: 12 is not sent yet */

	check_poll(mpsc_send_op_poll(&bs.op, &cxs, &result), POLL_READY);
	check_err(result, 0);
	check_uint(counting_waker_woken(&cw), 1);
	record_init(&r, false);
	check_next(take_all(s, &cx, &r, use_drain, &out), POLL_NEXT_PENDING);
	check_items(&r, second, 1);

	mpsc_sender_drop(&bs.tx);
	record_init(&r, false);
	check_next(take_all(s, &cx, &r, use_drain, &out), POLL_NEXT_END);
	check_uint(r.n, 0);
	stream_drop(s);
	waker_drop(&bs.w);
	waker_drop(&w);
	check_uint(cw.refs + bs.cw.refs, 0);
}

void test_receiver_drain_serves_a_sender_its_sink_made_wait(void **state)
{
	(void)state;
	send_from_sink_bounded_scenario(false);
	send_from_sink_bounded_scenario(true);
}

/* The sink sends enough into an unbounded channel to make its ring grow
 * while the drain runs, with the oldest value not at the start of the
 * ring: every item still comes once, in order. */
static void send_three_back(struct record_sink *r, int64_t item)
{
	if (item == 4)
		for (int64_t v = 40; v <= 42; v++)
			check_err(mpsc_unbounded_send(r->env, value_int(v)), 0);
}

static void ring_grows_scenario(bool use_drain)
{
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct record_sink r;
	union value out;
	const int64_t first[] = {1, 2, 3};
	const int64_t second[] = {4, 5, 6, 40, 41, 42};

	check_err(mpsc_unbounded_channel(NULL, &tx, &rx), 0);
	struct stream *s = stream_from_receiver(&rx);
	check_not_null(s);
	for (int64_t v = 1; v <= 3; v++)
		check_err(mpsc_unbounded_send(&tx, value_int(v)), 0);
	record_init(&r, false);
	check_next(take_all(s, &cx, &r, use_drain, &out), POLL_NEXT_PENDING);
	check_items(&r, first, 3);
	for (int64_t v = 4; v <= 6; v++) /* these wrap around the end of a small ring */
		check_err(mpsc_unbounded_send(&tx, value_int(v)), 0);
	record_init(&r, false);
	r.hook = send_three_back;
	r.env = &tx;
	check_next(take_all(s, &cx, &r, use_drain, &out), POLL_NEXT_PENDING);
	check_items(&r, second, 6);
	mpsc_sender_drop(&tx);
	record_init(&r, false);
	check_next(take_all(s, &cx, &r, use_drain, &out), POLL_NEXT_END);
	stream_drop(s);
}

void test_receiver_drain_sink_sends_until_the_ring_grows(void **state)
{
	(void)state;
	ring_grows_scenario(false);
	ring_grows_scenario(true);
}
