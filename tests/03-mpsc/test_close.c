/*
 * test_close.c: the ends of a channel. The receiver closing (waiters get
 * ERR_CLOSED, buffered values still come, permits still send), the receiver
 * dropped (buffered values released exactly once), the sender's closed()
 * future, and the channel freed by whichever handle goes last.
 */
#include "tests.h"

#include "helpers.h"

/// [close_wakes_waiters]
void test_close_wakes_every_waiter_with_err_closed(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_send_op op[3];
	struct poller p[3];
	union value v;
	int result;

	items_reset();
	check_err(mpsc_channel(1, item_drop, &tx, &rx), 0);
	check_err(mpsc_try_send(&tx, item_new(0)), 0);
	for (int i = 0; i < 3; i++) {
		poller_init(&p[i]);
		mpsc_send_op_init(&op[i], &tx, item_new(i + 1));
		check_poll(mpsc_send_op_poll(&op[i], &p[i].cx, &result), POLL_PENDING);
	}
	mpsc_receiver_close(&rx);
	for (int i = 0; i < 3; i++) {
		check_uint(p[i].cw.wakes, 1);
		check_poll(mpsc_send_op_poll(&op[i], &p[i].cx, &result), POLL_READY);
		check_err(result, ERR_CLOSED);
		check_true(mpsc_send_op_cancel(&op[i], &v), "a failed send gives its value back");
		check_int(item_take(v), i + 1);
	}
	union value late = item_new(9);
	check_err(mpsc_try_send(&tx, late), ERR_CLOSED);
	check_int(item_take(late), 9); /* still ours */
	check_uint(items_dropped, 0);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx); /* releases item 0, still buffered */
	check_uint(items_dropped, 1);
	for (int i = 0; i < 3; i++)
		poller_finish(&p[i]);
}
/// [close_wakes_waiters]

void test_close_lets_buffered_values_drain_then_end(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct poller p;
	union value v;

	poller_init(&p);
	check_err(mpsc_channel(4, NULL, &tx, &rx), 0);
	check_err(mpsc_try_send(&tx, value_int(1)), 0);
	check_err(mpsc_try_send(&tx, value_int(2)), 0);
	mpsc_receiver_close(&rx);
	mpsc_receiver_close(&rx); /* twice: nothing more */
	check_true(mpsc_sender_is_closed(&tx), "the sender sees the close");
	check_true(mpsc_receiver_is_closed(&rx), "the receiver sees the close");
	check_uint(mpsc_receiver_len(&rx), 2);
	check_int(mpsc_poll_recv(&rx, &p.cx, &v), POLL_NEXT_ITEM);
	check_int(v.i, 1);
	check_int(mpsc_poll_recv(&rx, &p.cx, &v), POLL_NEXT_ITEM);
	check_int(v.i, 2);
	check_int(mpsc_poll_recv(&rx, &p.cx, &v), POLL_NEXT_END); /* a sender is alive, still the end */
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
}

void test_close_wakes_parked_receiver_when_idle(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct poller p;
	union value v;

	poller_init(&p);
	check_err(mpsc_channel(4, NULL, &tx, &rx), 0);
	check_int(mpsc_poll_recv(&rx, &p.cx, &v), POLL_NEXT_PENDING);
	mpsc_receiver_close(&rx); /* its answer changes from Pending to END: wake it */
	check_uint(p.cw.wakes, 1);
	check_int(mpsc_poll_recv(&rx, &p.cx, &v), POLL_NEXT_END);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
}

void test_close_after_slot_assigned_gives_err_closed_and_end(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_send_op op;
	struct poller ps, pr;
	union value v;
	int result;

	poller_init(&ps);
	poller_init(&pr);
	check_err(mpsc_channel(1, NULL, &tx, &rx), 0);
	check_err(mpsc_try_send(&tx, value_int(1)), 0);
	mpsc_send_op_init(&op, &tx, value_int(2));
	check_poll(mpsc_send_op_poll(&op, &ps.cx, &result), POLL_PENDING);
	check_int(mpsc_poll_recv(&rx, &pr.cx, &v), POLL_NEXT_ITEM); /* slot assigned to op */
	mpsc_receiver_close(&rx);
	/* The slot is held by op, so the channel is not idle: not the end yet. */
	check_int(mpsc_poll_recv(&rx, &pr.cx, &v), POLL_NEXT_PENDING);
	/* tokio checks for a close before anything else: the send fails, the
	 * slot comes back, and the receiver is woken to see the end. */
	check_poll(mpsc_send_op_poll(&op, &ps.cx, &result), POLL_READY);
	check_err(result, ERR_CLOSED);
	check_uint(pr.cw.wakes, 1);
	check_int(mpsc_poll_recv(&rx, &pr.cx, &v), POLL_NEXT_END);
	check_true(mpsc_send_op_cancel(&op, &v), "the value comes back");
	check_int(v.i, 2);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
	poller_finish(&ps);
	poller_finish(&pr);
}

/// [receiver_drop_releases]
void test_receiver_drop_releases_buffered_values_once(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	union value v = item_new(4);

	items_reset();
	check_err(mpsc_channel(4, item_drop, &tx, &rx), 0);
	for (int64_t id = 1; id <= 3; id++)
		check_err(mpsc_try_send(&tx, item_new(id)), 0);
	mpsc_receiver_drop(&rx);
	check_true(rx.chan == NULL, "a dropped receiver is emptied");
	check_uint(items_dropped, 3);
	for (int i = 0; i < 3; i++)
		check_int(items_dropped_ids[i], i + 1); /* oldest first */
	check_uint(mpsc_sender_capacity(&tx), 4); /* their slots came back too */
	check_err(mpsc_try_send(&tx, v), ERR_CLOSED); /* v is still ours */
	check_uint(items_dropped, 3);
	check_int(item_take(v), 4);
	mpsc_receiver_drop(&rx); /* an empty handle: nothing */
	mpsc_sender_drop(&tx);
	check_uint(items_dropped, 3);
}
/// [receiver_drop_releases]

void test_receiver_drop_does_not_wake_its_own_waker(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct poller p;
	union value v;

	poller_init(&p);
	check_err(mpsc_channel(4, NULL, &tx, &rx), 0);
	check_int(mpsc_poll_recv(&rx, &p.cx, &v), POLL_NEXT_PENDING);
	mpsc_receiver_drop(&rx); /* tokio drops the receiver's waker without waking it */
	check_uint(poller_woken(&p), 0);
	check_uint(p.cw.refs, 1);
	mpsc_sender_drop(&tx);
	poller_finish(&p);
}

void test_sender_closed_future_ready_after_close(void **state)
{
	(void)state;
	struct mpsc_sender tx, tx2;
	struct mpsc_receiver rx;
	struct poller a, b;
	union value out;

	poller_init(&a);
	poller_init(&b);
	check_err(mpsc_channel(1, NULL, &tx, &rx), 0);
	tx2 = mpsc_sender_clone(&tx);
	struct future *fa = mpsc_sender_closed(&tx);
	struct future *fb = mpsc_sender_closed(&tx2);
	check_not_null(fa);
	check_not_null(fb);
	check_poll(future_poll(fa, &a.cx, &out), POLL_PENDING);
	check_poll(future_poll(fb, &b.cx, &out), POLL_PENDING);
	mpsc_sender_drop(&tx2);
	check_uint(poller_woken(&b), 0);
	mpsc_receiver_drop(&rx);
	check_uint(a.cw.wakes, 1);
	check_uint(b.cw.wakes, 1);
	check_poll(future_poll(fa, &a.cx, &out), POLL_READY);
	check_poll(future_poll(fb, &b.cx, &out), POLL_READY);
	future_drop(fa);
	future_drop(fb);
	/* Once closed, a new closed() future is Ready at once. */
	fa = mpsc_sender_closed(&tx);
	check_poll(future_poll(fa, &a.cx, &out), POLL_READY);
	future_drop(fa);
	mpsc_sender_drop(&tx);
	poller_finish(&a);
	poller_finish(&b);
}

void test_sender_closed_future_does_not_keep_channel_open(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct poller p;
	union value out, v;

	poller_init(&p);
	check_err(mpsc_channel(1, NULL, &tx, &rx), 0);
	struct future *f = mpsc_sender_closed(&tx);
	check_poll(future_poll(f, &p.cx, &out), POLL_PENDING);
	mpsc_sender_drop(&tx);
	check_int(mpsc_poll_recv(&rx, &p.cx, &v), POLL_NEXT_END);
	mpsc_receiver_drop(&rx); /* the future still holds the channel's memory */
	check_uint(p.cw.wakes, 1);
	check_poll(future_poll(f, &p.cx, &out), POLL_READY);
	future_drop(f); /* the last holder: frees the channel */
	poller_finish(&p);
}

void test_channel_freed_by_whichever_holder_goes_last(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_permit permit;
	struct mpsc_send_op op;
	struct poller p;
	int result;
	size_t blocks = mem_live_blocks();

	poller_init(&p);
	/* Order 1: receiver, then sender. */
	check_err(mpsc_channel(1, NULL, &tx, &rx), 0);
	mpsc_receiver_drop(&rx);
	check_true(mem_live_blocks() > blocks, "the sender still holds the channel");
	mpsc_sender_drop(&tx);
	check_uint(mem_live_blocks(), blocks);
	/* Order 2: sender, receiver, then a permit. */
	check_err(mpsc_channel(1, NULL, &tx, &rx), 0);
	check_err(mpsc_try_reserve(&tx, &permit), 0);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
	check_true(mem_live_blocks() > blocks, "the permit still holds the channel");
	mpsc_permit_drop(&permit);
	check_uint(mem_live_blocks(), blocks);
	/* Order 3: a waiting send op outlives both handles. */
	check_err(mpsc_channel(1, NULL, &tx, &rx), 0);
	check_err(mpsc_try_send(&tx, value_int(1)), 0);
	mpsc_send_op_init(&op, &tx, value_int(2));
	check_poll(mpsc_send_op_poll(&op, &p.cx, &result), POLL_PENDING);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx); /* wakes op: its next poll says ERR_CLOSED */
	check_true(mem_live_blocks() > blocks, "the op still holds the channel");
	check_poll(mpsc_send_op_poll(&op, &p.cx, &result), POLL_READY);
	check_err(result, ERR_CLOSED);
	check_uint(mem_live_blocks(), blocks);
	poller_finish(&p);
}
