/*
 * test_receiver.c: the receiver as a stream, by hand: the wrapper
 * (receiver_stream.c, Rust: tokio-stream's ReceiverStream and
 * UnboundedReceiverStream) and the hand-written rx_stream (rx_stream.c).
 *
 * The size_hint tests are ports of tokio-stream's own tests, named in a
 * comment above each one (tokio-stream/tests/mpsc_bounded_stream.rs and
 * mpsc_unbounded_stream.rs); `stream.next().await` becomes one poll that
 * must yield an item.
 */
#include "tests.h"

#include "probe.h"

#include "receiver_stream.h"

/* A bounded channel of plain values wrapped at once; tx receives the sender. */
static struct stream *bounded_stream(size_t capacity, struct mpsc_sender *tx)
{
	struct mpsc_receiver rx;
	check_err(mpsc_channel(capacity, NULL, tx, &rx), 0);
	struct stream *s = stream_from_receiver(&rx);
	check_not_null(s);
	return s;
}

static struct stream *unbounded_stream(struct mpsc_sender *tx)
{
	struct mpsc_receiver rx;
	check_err(mpsc_unbounded_channel(NULL, tx, &rx), 0);
	struct stream *s = stream_from_receiver(&rx);
	check_not_null(s);
	return s;
}

/* One poll that must yield the item v. */
static void expect_item(struct stream *s, int64_t v)
{
	union value out = value_int(-1);
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_int(out.i, v);
}

/* ---- items, Pending, wake-ups, end ---------------------------------------------- */

void test_receiver_stream_yields_items_in_order_then_end(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct stream *s = bounded_stream(4, &tx);

	check_err(mpsc_try_send(&tx, value_int(10)), 0);
	check_err(mpsc_try_send(&tx, value_int(20)), 0);
	check_err(mpsc_try_send(&tx, value_int(30)), 0);
	mpsc_sender_drop(&tx);
	expect_item(s, 10);
	expect_item(s, 20);
	expect_item(s, 30); /* the sender is gone, but what it sent still arrives */
	union value out = value_int(-1);
	check_next(poll_noop(s, &out), POLL_NEXT_END);
	check_int(out.i, -1);
	stream_drop(s);
}

void test_receiver_stream_takes_the_receiver(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;

	check_err(mpsc_channel(2, NULL, &tx, &rx), 0);
	struct stream *s = stream_from_receiver(&rx);
	check_not_null(s);
	check_true(rx.chan == NULL, "the caller's receiver handle must be emptied");
	check_contract_violation(stream_from_receiver(&rx)); /* it was given away */
	check_true(!mpsc_sender_is_closed(&tx), "the channel is open: the stream holds it");
	stream_drop(s);
	check_true(mpsc_sender_is_closed(&tx), "dropping the stream drops the receiver");
	mpsc_sender_drop(&tx);
}

/// [test_receiver_pending]
void test_receiver_stream_empty_is_pending_and_keeps_one_waker(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct mpsc_sender tx;
	struct stream *s = bounded_stream(2, &tx);
	union value out = value_int(-1);

	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_PENDING);
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_PENDING);
	check_int(out.i, -1);
	check_uint(cw.clones, 1); /* kept once; the second poll saw the same waker */
	check_uint(counting_waker_woken(&cw), 0);
	check_uint(cw.refs, 2);
	stream_drop(s); /* the channel gives the kept waker back */
	check_uint(cw.refs, 1);
	mpsc_sender_drop(&tx);
	waker_drop(&w);
}
/// [test_receiver_pending]

void test_receiver_stream_send_wakes_the_parked_waker_once(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct mpsc_sender tx;
	struct stream *s = bounded_stream(4, &tx);
	union value out;

	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_PENDING);
	check_err(mpsc_try_send(&tx, value_int(1)), 0);
	check_uint(counting_waker_woken(&cw), 1);
	check_err(mpsc_try_send(&tx, value_int(2)), 0); /* nobody parked any more */
	check_uint(counting_waker_woken(&cw), 1);
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_ITEM);
	check_int(out.i, 1);
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_ITEM);
	check_int(out.i, 2);
	check_uint(cw.refs, 1); /* the channel used up its clone when it woke */
	stream_drop(s);
	mpsc_sender_drop(&tx);
	waker_drop(&w);
}

void test_receiver_stream_last_sender_drop_wakes_and_ends(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct mpsc_sender tx, tx2;
	struct stream *s = bounded_stream(4, &tx);
	union value out;

	tx2 = mpsc_sender_clone(&tx);
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_PENDING);
	mpsc_sender_drop(&tx);
	check_uint(counting_waker_woken(&cw), 0); /* one sender is left */
	mpsc_sender_drop(&tx2);
	check_uint(counting_waker_woken(&cw), 1); /* the last one wakes the stream */
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_END);
	check_true(s->ended, "the wrapper records the end");
	stream_drop(s);
	check_uint(cw.refs, 1);
	waker_drop(&w);
}

/// [test_receiver_close]
void test_receiver_stream_close_keeps_buffered_items_then_ends(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct stream *s = bounded_stream(4, &tx);
	union value out;

	check_err(mpsc_try_send(&tx, value_int(1)), 0);
	check_err(mpsc_try_send(&tx, value_int(2)), 0);
	receiver_stream_close(s);
	check_true(mpsc_sender_is_closed(&tx), "the senders see the close");
	check_err(mpsc_try_send(&tx, value_int(3)), ERR_CLOSED);
	expect_item(s, 1); /* what was sent before the close still arrives */
	expect_item(s, 2);
	check_next(poll_noop(s, &out), POLL_NEXT_END); /* though a sender is alive */
	stream_drop(s);
	mpsc_sender_drop(&tx);
}
/// [test_receiver_close]

void test_receiver_stream_close_wakes_a_waiting_sender(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct mpsc_sender tx;
	struct stream *s = bounded_stream(1, &tx);
	struct mpsc_send_op op;
	int result = 1;

	check_err(mpsc_try_send(&tx, value_int(1)), 0);
	mpsc_send_op_init(&op, &tx, value_int(2));
	check_poll(mpsc_send_op_poll(&op, &cx, &result), POLL_PENDING); /* full */
	receiver_stream_close(s);
	check_uint(counting_waker_woken(&cw), 1);
	check_poll(mpsc_send_op_poll(&op, &cx, &result), POLL_READY);
	check_err(result, ERR_CLOSED);
	mpsc_send_op_cancel(&op, NULL);
	expect_item(s, 1);
	union value out;
	check_next(poll_noop(s, &out), POLL_NEXT_END);
	stream_drop(s);
	mpsc_sender_drop(&tx);
	check_uint(cw.refs, 1);
	waker_drop(&w);
}

/* ---- size_hint: ports of tokio-stream's tests ---------------------------------------- */

/// [test_hint_open]
/* tokio-stream/tests/mpsc_bounded_stream.rs: size_hint_stream_open */
void test_receiver_stream_size_hint_stream_open(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct stream *s = bounded_stream(4, &tx);

	check_err(mpsc_try_send(&tx, value_int(1)), 0);
	check_err(mpsc_try_send(&tx, value_int(2)), 0);
	check_hint(s, 2, false, 0); /* (2, None): the sender may send more */
	expect_item(s, 1);
	check_hint(s, 1, false, 0);
	expect_item(s, 2);
	check_hint(s, 0, false, 0);
	stream_drop(s);
	mpsc_sender_drop(&tx);
}
/// [test_hint_open]

/* tokio-stream/tests/mpsc_bounded_stream.rs: size_hint_stream_closed */
void test_receiver_stream_size_hint_stream_closed(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct stream *s = bounded_stream(4, &tx);

	check_err(mpsc_try_send(&tx, value_int(1)), 0);
	check_err(mpsc_try_send(&tx, value_int(2)), 0);
	receiver_stream_close(s);
	check_hint(s, 2, true, 2);
	expect_item(s, 1);
	check_hint(s, 1, true, 1);
	expect_item(s, 2);
	check_hint(s, 0, true, 0);
	stream_drop(s);
	mpsc_sender_drop(&tx);
}

/* tokio-stream/tests/mpsc_bounded_stream.rs: size_hint_sender_dropped */
void test_receiver_stream_size_hint_sender_dropped(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct stream *s = bounded_stream(4, &tx);

	check_err(mpsc_try_send(&tx, value_int(1)), 0);
	check_err(mpsc_try_send(&tx, value_int(2)), 0);
	mpsc_sender_drop(&tx); /* closed too: no sender can add anything */
	check_hint(s, 2, true, 2);
	expect_item(s, 1);
	check_hint(s, 1, true, 1);
	expect_item(s, 2);
	check_hint(s, 0, true, 0);
	stream_drop(s);
}

/* tokio-stream/tests/mpsc_bounded_stream.rs: size_hint_stream_instantly_closed */
void test_receiver_stream_size_hint_stream_instantly_closed(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct stream *s = bounded_stream(4, &tx);

	receiver_stream_close(s);
	check_hint(s, 0, true, 0);
	stream_drop(s);
	mpsc_sender_drop(&tx);
}

/// [test_hint_permits]
/* tokio-stream/tests/mpsc_bounded_stream.rs: size_hint_stream_closed_permits_send */
void test_receiver_stream_size_hint_stream_closed_permits_send(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_permit permit1, permit2;
	struct stream *s = bounded_stream(4, &tx);
	union value out;

	check_err(mpsc_try_send(&tx, value_int(1)), 0);
	check_err(mpsc_try_reserve(&tx, &permit1), 0);
	check_err(mpsc_try_reserve(&tx, &permit2), 0);
	receiver_stream_close(s);
	check_hint(s, 1, true, 3); /* 1 buffered, up to 2 more from the permits */
	mpsc_permit_send(&permit1, value_int(2));
	check_hint(s, 2, true, 3);
	expect_item(s, 1);
	check_hint(s, 1, true, 2);
	expect_item(s, 2);
	check_hint(s, 0, true, 1); /* empty, but permit2 may still send */
	mpsc_permit_send(&permit2, value_int(3));
	check_hint(s, 1, true, 1);
	expect_item(s, 3);
	check_hint(s, 0, true, 0);
	check_next(poll_noop(s, &out), POLL_NEXT_END);
	stream_drop(s);
	mpsc_sender_drop(&tx);
}
/// [test_hint_permits]

/* tokio-stream/tests/mpsc_bounded_stream.rs: size_hint_stream_closed_permits_drop */
void test_receiver_stream_size_hint_stream_closed_permits_drop(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_permit permit1, permit2;
	struct stream *s = bounded_stream(4, &tx);
	union value out;

	check_err(mpsc_try_send(&tx, value_int(1)), 0);
	check_err(mpsc_try_reserve(&tx, &permit1), 0);
	check_err(mpsc_try_reserve(&tx, &permit2), 0);
	receiver_stream_close(s);
	check_hint(s, 1, true, 3);
	mpsc_permit_drop(&permit1);
	check_hint(s, 1, true, 2);
	expect_item(s, 1);
	check_hint(s, 0, true, 1);
	mpsc_permit_drop(&permit2);
	check_hint(s, 0, true, 0);
	check_next(poll_noop(s, &out), POLL_NEXT_END);
	stream_drop(s);
	mpsc_sender_drop(&tx);
}

/* tokio-stream/tests/mpsc_bounded_stream.rs:
 * fused_stream_termination_includes_outstanding_permit (minus is_terminated,
 * which chapter 7 brings): a permit keeps a closed stream from ending. */
void test_receiver_stream_closed_outstanding_permit_delays_end(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct mpsc_sender tx;
	struct mpsc_permit permit;
	struct stream *s = bounded_stream(1, &tx);
	union value out;

	check_err(mpsc_try_reserve(&tx, &permit), 0);
	receiver_stream_close(s);
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_PENDING); /* the permit may send */
	mpsc_permit_send(&permit, value_int(1));
	check_uint(counting_waker_woken(&cw), 1);
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_ITEM);
	check_int(out.i, 1);
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_END);
	stream_drop(s);
	mpsc_sender_drop(&tx);
	check_uint(cw.refs, 1);
	waker_drop(&w);
}

/* tokio-stream/tests/mpsc_unbounded_stream.rs: size_hint_stream_open and
 * size_hint_stream_closed */
void test_unbounded_receiver_stream_size_hint_open_then_closed(void **state)
{
	(void)state;
	for (int closed = 0; closed < 2; closed++) {
		struct mpsc_sender tx;
		struct stream *s = unbounded_stream(&tx);

		check_err(mpsc_unbounded_send(&tx, value_int(1)), 0);
		check_err(mpsc_unbounded_send(&tx, value_int(2)), 0);
		if (closed)
			receiver_stream_close(s);
		check_hint(s, 2, closed, closed ? 2 : 0);
		expect_item(s, 1);
		check_hint(s, 1, closed, closed ? 1 : 0);
		expect_item(s, 2);
		check_hint(s, 0, closed, 0);
		stream_drop(s);
		mpsc_sender_drop(&tx);
	}
}

/* tokio-stream/tests/mpsc_unbounded_stream.rs: size_hint_sender_dropped and
 * size_hint_stream_instantly_closed */
void test_unbounded_receiver_stream_size_hint_sender_dropped_or_instantly_closed(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct stream *s = unbounded_stream(&tx);

	check_err(mpsc_unbounded_send(&tx, value_int(1)), 0);
	check_err(mpsc_unbounded_send(&tx, value_int(2)), 0);
	mpsc_sender_drop(&tx);
	check_hint(s, 2, true, 2);
	expect_item(s, 1);
	check_hint(s, 1, true, 1);
	expect_item(s, 2);
	check_hint(s, 0, true, 0);
	stream_drop(s);

	s = unbounded_stream(&tx);
	receiver_stream_close(s);
	check_hint(s, 0, true, 0);
	stream_drop(s);
	mpsc_sender_drop(&tx);
}

/* ---- into_inner, drop, contract ---------------------------------------------------- */

void test_receiver_stream_into_inner_gives_the_receiver_back(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx = {0};
	struct stream *s = bounded_stream(4, &tx);
	union value out;
	size_t blocks;

	check_err(mpsc_try_send(&tx, value_int(1)), 0);
	check_err(mpsc_try_send(&tx, value_int(2)), 0);
	expect_item(s, 1);
	blocks = mem_live_blocks();
	receiver_stream_into_inner(s, &rx);
	check_uint(mem_live_blocks(), blocks - 1); /* the wrapper's block is gone */
	check_not_null(rx.chan);
	check_err(mpsc_try_recv(&rx, &out), 0); /* what the stream left is still there */
	check_int(out.i, 2);
	check_err(mpsc_try_recv(&rx, &out), ERR_EMPTY);
	mpsc_receiver_drop(&rx);
	mpsc_sender_drop(&tx);
}

void test_receiver_stream_drop_releases_buffered_items_once(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct stream *s;
	union value out;

	check_err(mpsc_channel(4, box_drop, &tx, &rx), 0);
	s = stream_from_receiver(&rx);
	check_not_null(s);
	box_reset();
	check_err(mpsc_try_send(&tx, box_new(1)), 0);
	check_err(mpsc_try_send(&tx, box_new(2)), 0);
	check_err(mpsc_try_send(&tx, box_new(3)), 0);
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_int(box_take(out), 1);
	stream_drop(s);
	check_uint(boxes_dropped, 2); /* 2 and 3, by the channel's drop_item */
	mpsc_sender_drop(&tx);
	check_uint(boxes_dropped, 2);
}

void test_receiver_stream_drop_item_is_the_channels(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct stream *s;
	union value out;

	check_err(mpsc_unbounded_channel(box_drop, &tx, &rx), 0);
	s = stream_from_receiver(&rx);
	check_not_null(s);
	box_reset();
	check_err(mpsc_unbounded_send(&tx, box_new(5)), 0);
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	stream_drop_item(s, out); /* a consumer that does not want it */
	check_uint(boxes_dropped, 1);
	stream_drop(s);
	mpsc_sender_drop(&tx);
}

void test_receiver_stream_size_hint_after_end_is_zero(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct stream *s = bounded_stream(2, &tx);
	union value out;

	mpsc_sender_drop(&tx);
	check_next(poll_noop(s, &out), POLL_NEXT_END);
	check_hint(s, 0, true, 0);
	check_contract_violation(poll_noop(s, &out)); /* Rust's would answer None again */
	stream_drop(s);
}

void test_receiver_stream_calls_on_other_streams_are_contract_violations(void **state)
{
	(void)state;
	struct stream *s = stream_empty_new();
	struct mpsc_receiver rx;

	check_not_null(s);
	check_contract_violation(receiver_stream_close(s));
	check_contract_violation(receiver_stream_into_inner(s, &rx));
	check_contract_violation(receiver_stream_close(NULL));
	stream_drop(s);
}

void test_stream_from_receiver_oom_leaves_receiver_with_caller(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct stream *s = NULL;

	check_err(mpsc_channel(2, NULL, &tx, &rx), 0);
	for (uint64_t n = 1; n <= 10; n++) {
		size_t blocks = mem_live_blocks();
		mem_fail_at(n);
		s = stream_from_receiver(&rx);
		bool failed = mem_fail_triggered();
		mem_fail_at(0);
		if (!failed)
			break;
		check_true(s == NULL, "a failed stream_from_receiver must return NULL");
		check_uint(mem_live_blocks(), blocks);
		check_not_null(rx.chan); /* still the caller's */
	}
	check_not_null(s);
	check_true(rx.chan == NULL, "on success the handle moved into the stream");
	stream_drop(s);
	mpsc_sender_drop(&tx);
}

/* ---- the hand-written rx_stream --------------------------------------------------- */

/* One step of a scripted run: poll, send a value, drop the sender, or close. */
enum step { POLL, SEND, DROP_TX };

struct event {
	enum step step;
	int64_t value;
};

/* A stream, its channel's sender and a counting waker, side by side. */
struct side {
	struct stream *s;
	struct mpsc_sender tx;
	struct counting_waker cw;
	struct waker w;
};

static void side_open(struct side *side, bool hand_written, bool unbounded)
{
	struct mpsc_receiver rx;
	if (unbounded)
		check_err(mpsc_unbounded_channel(NULL, &side->tx, &rx), 0);
	else
		check_err(mpsc_channel(2, NULL, &side->tx, &rx), 0);
	side->s = hand_written ? rx_stream_new(&rx) : stream_from_receiver(&rx);
	check_not_null(side->s);
	side->w = counting_waker_new(&side->cw);
}

static int side_send(struct side *side, int64_t v, bool unbounded)
{
	return unbounded ? mpsc_unbounded_send(&side->tx, value_int(v))
			 : mpsc_try_send(&side->tx, value_int(v));
}

/// [test_same_thing]
/* Runs the same events on a wrapper and on a hand-written rx_stream and
 * checks, at every step, that they answer alike and wake alike. */
static void run_side_by_side(const struct event *events, size_t n, bool unbounded)
{
	struct side wrapper, by_hand;

	side_open(&wrapper, false, unbounded);
	side_open(&by_hand, true, unbounded);
	for (size_t i = 0; i < n; i++) {
		switch (events[i].step) {
		case POLL: {
			struct context cx1 = context_from_waker(&wrapper.w);
			struct context cx2 = context_from_waker(&by_hand.w);
			union value out1 = value_int(-1), out2 = value_int(-1);
			int a = stream_poll_next(wrapper.s, &cx1, &out1);
			int b = stream_poll_next(by_hand.s, &cx2, &out2);
			check_next(b, a);         /* same answer ... */
			check_int(out2.i, out1.i); /* ... same item (or none) */
			break;
		}
		case SEND:
			check_err(side_send(&by_hand, events[i].value, unbounded),
				  side_send(&wrapper, events[i].value, unbounded));
			break;
		case DROP_TX:
			mpsc_sender_drop(&wrapper.tx);
			mpsc_sender_drop(&by_hand.tx);
			break;
		}
		check_uint(by_hand.cw.wakes + by_hand.cw.wakes_by_ref,
			   wrapper.cw.wakes + wrapper.cw.wakes_by_ref); /* same wake-ups */
		check_uint(by_hand.cw.refs, wrapper.cw.refs);            /* same wakers kept */
	}
	check_true(wrapper.s->ended && by_hand.s->ended, "both scripts must reach the end");
	struct side *sides[2] = {&wrapper, &by_hand};
	for (int k = 0; k < 2; k++) {
		stream_drop(sides[k]->s);
		mpsc_sender_drop(&sides[k]->tx);
		check_uint(sides[k]->cw.refs, 1);
		waker_drop(&sides[k]->w);
	}
}

void test_rx_stream_matches_the_wrapper_event_by_event(void **state)
{
	(void)state;
	const struct event events[] = {
		{POLL, 0},  {SEND, 1}, {SEND, 2}, {SEND, 3}, /* the third finds a bounded one full */
		{POLL, 0},  {POLL, 0}, {POLL, 0}, {POLL, 0}, {SEND, 4}, {POLL, 0},
		{DROP_TX, 0}, {POLL, 0},
	};
	run_side_by_side(events, sizeof events / sizeof events[0], false);
	run_side_by_side(events, sizeof events / sizeof events[0], true);
}
/// [test_same_thing]

void test_rx_stream_takes_and_drops_the_receiver(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct stream *s;
	union value out;

	check_err(mpsc_channel(4, box_drop, &tx, &rx), 0);
	s = rx_stream_new(&rx);
	check_not_null(s);
	check_true(rx.chan == NULL, "the caller's receiver handle must be emptied");
	box_reset();
	check_err(mpsc_try_send(&tx, box_new(1)), 0);
	check_err(mpsc_try_send(&tx, box_new(2)), 0);
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_int(box_take(out), 1);
	stream_drop(s);
	check_uint(boxes_dropped, 1);
	check_true(mpsc_sender_is_closed(&tx), "dropping the stream dropped the receiver");
	mpsc_sender_drop(&tx);
}

void test_rx_stream_size_hint_is_unknown(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct stream *s;
	union value out;

	check_err(mpsc_channel(4, NULL, &tx, &rx), 0);
	s = rx_stream_new(&rx);
	check_not_null(s);
	check_err(mpsc_try_send(&tx, value_int(1)), 0);
	mpsc_sender_drop(&tx);
	check_hint(s, 0, false, 0); /* no slot: (0, None), though one item is certain */
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_next(poll_noop(s, &out), POLL_NEXT_END);
	check_hint(s, 0, true, 0);
	stream_drop(s);
}

void test_rx_stream_new_oom_leaves_receiver_with_caller(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct stream *s = NULL;

	check_err(mpsc_channel(2, NULL, &tx, &rx), 0);
	for (uint64_t n = 1; n <= 10; n++) {
		size_t blocks = mem_live_blocks();
		mem_fail_at(n);
		s = rx_stream_new(&rx);
		bool failed = mem_fail_triggered();
		mem_fail_at(0);
		if (!failed)
			break;
		check_true(s == NULL, "a failed rx_stream_new must return NULL");
		check_uint(mem_live_blocks(), blocks);
		check_not_null(rx.chan);
	}
	check_not_null(s);
	stream_drop(s);
	mpsc_sender_drop(&tx);
}
