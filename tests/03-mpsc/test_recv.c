/*
 * test_recv.c: receiving. The receiver's waker (kept on Pending, woken once
 * by the next send, replaced by a later poll), the order of values, what END
 * means, try_recv's two errors, recv_many and the recv future.
 */
#include "tests.h"

#include "helpers.h"

/// [recv_wakes_once]
void test_recv_pending_then_two_sends_wake_once(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct poller p;
	union value v;

	poller_init(&p);
	check_err(mpsc_channel(4, NULL, &tx, &rx), 0);
	check_int(mpsc_poll_recv(&rx, &p.cx, &v), POLL_NEXT_PENDING);
	check_uint(p.cw.refs, 2); /* the channel keeps a clone */
	check_err(mpsc_try_send(&tx, value_int(1)), 0);
	check_uint(p.cw.wakes, 1); /* woken by value: the clone is used up */
	check_uint(p.cw.refs, 1);
	check_err(mpsc_try_send(&tx, value_int(2)), 0);
	check_uint(poller_woken(&p), 1); /* nobody parked any more: no second wake */
	check_int(mpsc_poll_recv(&rx, &p.cx, &v), POLL_NEXT_ITEM);
	check_int(v.i, 1);
	check_int(mpsc_poll_recv(&rx, &p.cx, &v), POLL_NEXT_ITEM);
	check_int(v.i, 2);
	check_uint(p.cw.clones, 1); /* Ready polls do not touch the waker */
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
}
/// [recv_wakes_once]

void test_recv_repolled_wakes_latest_waker(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct poller a, b;
	union value v;

	poller_init(&a);
	poller_init(&b);
	check_err(mpsc_channel(4, NULL, &tx, &rx), 0);
	check_int(mpsc_poll_recv(&rx, &a.cx, &v), POLL_NEXT_PENDING);
	check_int(mpsc_poll_recv(&rx, &a.cx, &v), POLL_NEXT_PENDING);
	check_uint(a.cw.clones, 1); /* same wakee: kept, not cloned again */
	check_int(mpsc_poll_recv(&rx, &b.cx, &v), POLL_NEXT_PENDING);
	check_uint(a.cw.refs, 1); /* replaced: a's clone was dropped */
	check_err(mpsc_try_send(&tx, value_int(1)), 0);
	check_uint(poller_woken(&a), 0);
	check_uint(poller_woken(&b), 1);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
	poller_finish(&a);
	poller_finish(&b);
}

void test_recv_end_only_after_buffer_drained(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct poller p;
	union value v;

	poller_init(&p);
	check_err(mpsc_channel(3, NULL, &tx, &rx), 0);
	for (int i = 0; i < 3; i++)
		check_err(mpsc_try_send(&tx, value_int(i)), 0);
	mpsc_sender_drop(&tx);
	check_true(mpsc_receiver_is_closed(&rx), "no sender left: the channel is closed");
	for (int i = 0; i < 3; i++) {
		check_int(mpsc_poll_recv(&rx, &p.cx, &v), POLL_NEXT_ITEM);
		check_int(v.i, i);
	}
	check_int(mpsc_poll_recv(&rx, &p.cx, &v), POLL_NEXT_END);
	check_int(mpsc_poll_recv(&rx, &p.cx, &v), POLL_NEXT_END); /* and it stays the end */
	check_uint(p.cw.clones, 0);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
}

void test_last_sender_drop_wakes_parked_receiver_once(void **state)
{
	(void)state;
	struct mpsc_sender tx, tx2;
	struct mpsc_receiver rx;
	struct poller p;
	union value v;

	poller_init(&p);
	check_err(mpsc_channel(2, NULL, &tx, &rx), 0);
	tx2 = mpsc_sender_clone(&tx);
	check_int(mpsc_poll_recv(&rx, &p.cx, &v), POLL_NEXT_PENDING);
	mpsc_sender_drop(&tx);
	check_uint(poller_woken(&p), 0); /* one sender left: nothing to tell */
	check_int(mpsc_poll_recv(&rx, &p.cx, &v), POLL_NEXT_PENDING);
	mpsc_sender_drop(&tx2);
	check_uint(p.cw.wakes, 1); /* the last one out wakes the receiver */
	check_uint(p.cw.refs, 1);
	check_int(mpsc_poll_recv(&rx, &p.cx, &v), POLL_NEXT_END);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
}

void test_try_recv_empty_then_disconnected(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	union value v;

	check_err(mpsc_channel(2, NULL, &tx, &rx), 0);
	check_err(mpsc_try_recv(&rx, &v), ERR_EMPTY);
	check_err(mpsc_try_send(&tx, value_int(4)), 0);
	mpsc_sender_drop(&tx);
	check_err(mpsc_try_recv(&rx, &v), 0); /* buffered values come before the end */
	check_int(v.i, 4);
	check_err(mpsc_try_recv(&rx, &v), ERR_DISCONNECTED);
	mpsc_receiver_drop(&rx);
}

void test_recv_many_takes_up_to_limit_and_frees_slots(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_send_op op[2];
	struct poller p, ps[2];
	union value buf[8];
	size_t count = 99;
	int result;

	poller_init(&p);
	check_err(mpsc_channel(3, NULL, &tx, &rx), 0);
	check_poll(mpsc_poll_recv_many(&rx, &p.cx, buf, 2, &count), POLL_PENDING);
	for (int i = 0; i < 3; i++)
		check_err(mpsc_try_send(&tx, value_int(i)), 0);
	check_uint(p.cw.wakes, 1);
	for (int i = 0; i < 2; i++) {
		poller_init(&ps[i]);
		mpsc_send_op_init(&op[i], &tx, value_int(3 + i));
		check_poll(mpsc_send_op_poll(&op[i], &ps[i].cx, &result), POLL_PENDING);
	}
	check_poll(mpsc_poll_recv_many(&rx, &p.cx, buf, 0, &count), POLL_READY);
	check_uint(count, 0); /* limit 0: Ready with nothing at once */
	check_poll(mpsc_poll_recv_many(&rx, &p.cx, buf, 2, &count), POLL_READY);
	check_uint(count, 2);
	check_int(buf[0].i, 0);
	check_int(buf[1].i, 1);
	check_uint(poller_woken(&ps[0]), 1); /* two slots freed: both waiters, in order */
	check_uint(poller_woken(&ps[1]), 1);
	for (int i = 0; i < 2; i++)
		check_poll(mpsc_send_op_poll(&op[i], &ps[i].cx, &result), POLL_READY);
	mpsc_sender_drop(&tx);
	check_poll(mpsc_poll_recv_many(&rx, &p.cx, buf, 8, &count), POLL_READY);
	check_uint(count, 3);
	for (int i = 0; i < 3; i++)
		check_int(buf[i].i, 2 + i);
	check_poll(mpsc_poll_recv_many(&rx, &p.cx, buf, 8, &count), POLL_READY);
	check_uint(count, 0); /* the end */
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
	poller_finish(&ps[0]);
	poller_finish(&ps[1]);
}

void test_recv_future_outputs_one_with_item_then_zero_at_end(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct poller p;
	union value out, slot;

	poller_init(&p);
	check_err(mpsc_channel(1, NULL, &tx, &rx), 0);
	struct future *f = mpsc_recv(&rx, &slot);
	check_not_null(f);
	check_poll(future_poll(f, &p.cx, &out), POLL_PENDING);
	check_err(mpsc_try_send(&tx, value_int(8)), 0);
	check_uint(p.cw.wakes, 1);
	check_poll(future_poll(f, &p.cx, &out), POLL_READY);
	check_int(out.i, 1);
	check_int(slot.i, 8);
	check_contract_violation(future_poll(f, &p.cx, &out)); /* future_poll reports it */
	future_drop(f);
	mpsc_sender_drop(&tx);
	f = mpsc_recv(&rx, &slot);
	check_poll(future_poll(f, &p.cx, &out), POLL_READY);
	check_int(out.i, 0);
	future_drop(f);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
}
