/*
 * test_send.c: sending with a wait. The send operation's answer at each
 * poll, the waiter queue (first come, first served), the slot assigned
 * before the waiter polls again, cancellation, and the send future.
 */
#include "tests.h"

#include "helpers.h"

/* Fills a bounded channel of capacity n with plain values 100, 101, ... */
static void fill(struct mpsc_sender *tx, size_t n)
{
	for (size_t i = 0; i < n; i++)
		check_err(mpsc_try_send(tx, value_int(100 + (int64_t)i)), 0);
	check_err(mpsc_try_send(tx, value_int(-1)), ERR_FULL);
}

void test_send_op_ready_at_once_when_room(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_send_op op;
	struct poller p;
	union value v;
	int result = -99;

	poller_init(&p);
	check_err(mpsc_channel(1, NULL, &tx, &rx), 0);
	mpsc_send_op_init(&op, &tx, value_int(5));
	check_poll(mpsc_send_op_poll(&op, &p.cx, &result), POLL_READY);
	check_err(result, 0);
	check_uint(p.cw.clones, 0); /* Ready at once: no waker kept */
	check_true(!mpsc_send_op_cancel(&op, &v), "cancel after a send must give nothing back");
	check_err(mpsc_try_recv(&rx, &v), 0);
	check_int(v.i, 5);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
}

/// [send_pending_until_recv]
void test_send_op_pending_when_full_then_ready_after_recv(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_send_op op;
	struct poller p;
	union value v;
	int result;

	poller_init(&p);
	check_err(mpsc_channel(1, NULL, &tx, &rx), 0);
	fill(&tx, 1);
	mpsc_send_op_init(&op, &tx, value_int(2));
	check_poll(mpsc_send_op_poll(&op, &p.cx, &result), POLL_PENDING);
	check_poll(mpsc_send_op_poll(&op, &p.cx, &result), POLL_PENDING); /* still full */
	check_uint(p.cw.refs, 2);    /* the waiter keeps one clone... */
	check_uint(p.cw.clones, 1);  /* ...made once, not once per poll */
	check_uint(poller_woken(&p), 0);

	check_err(mpsc_try_recv(&rx, &v), 0); /* frees the slot: assigned to op */
	check_uint(p.cw.wakes, 1);            /* woken by value, exactly once */
	check_uint(p.cw.refs, 1);
	check_poll(mpsc_send_op_poll(&op, &p.cx, &result), POLL_READY);
	check_err(result, 0);
	check_err(mpsc_try_recv(&rx, &v), 0);
	check_int(v.i, 2);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
}
/// [send_pending_until_recv]

void test_send_waiters_served_first_come_first_served(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_send_op op[3];
	struct poller p[3];
	union value v;
	int result;

	check_err(mpsc_channel(1, NULL, &tx, &rx), 0);
	fill(&tx, 1);
	for (int i = 0; i < 3; i++) {
		poller_init(&p[i]);
		mpsc_send_op_init(&op[i], &tx, value_int(i));
		check_poll(mpsc_send_op_poll(&op[i], &p[i].cx, &result), POLL_PENDING);
	}
	/* Each receive frees one slot; it goes to the oldest waiter, and only
	 * that waiter is woken. */
	for (int i = 0; i < 3; i++) {
		check_err(mpsc_try_recv(&rx, &v), 0);
		for (int k = 0; k < 3; k++)
			check_uint(poller_woken(&p[k]), k <= i ? 1 : 0);
		for (int k = i + 1; k < 3; k++) /* the others are still waiting */
			check_poll(mpsc_send_op_poll(&op[k], &p[k].cx, &result), POLL_PENDING);
		check_poll(mpsc_send_op_poll(&op[i], &p[i].cx, &result), POLL_READY);
		check_err(result, 0);
	}
	check_err(mpsc_try_recv(&rx, &v), 0);
	check_int(v.i, 2);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
	for (int i = 0; i < 3; i++)
		poller_finish(&p[i]);
}

/// [no_barging]
void test_freed_slot_assigned_before_waiter_repolls(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_send_op op;
	struct poller p;
	union value v;
	int result;

	poller_init(&p);
	check_err(mpsc_channel(1, NULL, &tx, &rx), 0);
	fill(&tx, 1);
	mpsc_send_op_init(&op, &tx, value_int(2));
	check_poll(mpsc_send_op_poll(&op, &p.cx, &result), POLL_PENDING);
	check_err(mpsc_try_recv(&rx, &v), 0); /* the slot is op's from this moment */
	check_uint(mpsc_sender_capacity(&tx), 0);
	/* A late-comer arrives before op runs again: it must not take the slot. */
	check_err(mpsc_try_send(&tx, value_int(99)), ERR_FULL);
	check_poll(mpsc_send_op_poll(&op, &p.cx, &result), POLL_READY);
	check_err(result, 0);
	check_err(mpsc_try_recv(&rx, &v), 0);
	check_int(v.i, 2);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
}
/// [no_barging]

void test_cancelled_waiter_gives_up_its_place(void **state)
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
	/* The middle one gives up: out of the queue, its waker dropped, the
	 * value back to the caller (not released by the channel). */
	check_true(mpsc_send_op_cancel(&op[1], &v), "a waiting send must give its value back");
	check_int(item_take(v), 2);
	check_uint(p[1].cw.refs, 1);
	check_uint(poller_woken(&p[1]), 0);

	check_err(mpsc_try_recv(&rx, &v), 0);
	check_int(item_take(v), 0);
	check_uint(poller_woken(&p[0]), 1);
	check_poll(mpsc_send_op_poll(&op[0], &p[0].cx, &result), POLL_READY);
	check_err(mpsc_try_recv(&rx, &v), 0);
	check_int(item_take(v), 1);
	check_uint(poller_woken(&p[2]), 1); /* the third is next: the second left */
	check_poll(mpsc_send_op_poll(&op[2], &p[2].cx, &result), POLL_READY);
	check_err(mpsc_try_recv(&rx, &v), 0);
	check_int(item_take(v), 3);
	check_uint(items_dropped, 0);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
	for (int i = 0; i < 3; i++)
		poller_finish(&p[i]);
}

/// [cancel_passes_slot]
void test_cancelled_assigned_waiter_passes_slot_to_next(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_send_op first, second;
	struct poller p1, p2;
	union value v;
	int result;

	poller_init(&p1);
	poller_init(&p2);
	check_err(mpsc_channel(1, NULL, &tx, &rx), 0);
	fill(&tx, 1);
	mpsc_send_op_init(&first, &tx, value_int(1));
	mpsc_send_op_init(&second, &tx, value_int(2));
	check_poll(mpsc_send_op_poll(&first, &p1.cx, &result), POLL_PENDING);
	check_poll(mpsc_send_op_poll(&second, &p2.cx, &result), POLL_PENDING);

	check_err(mpsc_try_recv(&rx, &v), 0); /* slot assigned to first */
	check_uint(poller_woken(&p1), 1);
	check_uint(poller_woken(&p2), 0);
	check_true(mpsc_send_op_cancel(&first, &v), "first still held its value");
	check_uint(poller_woken(&p2), 1); /* the slot moved on, with one wake */
	check_uint(mpsc_sender_capacity(&tx), 0); /* and was not lost or freed */
	check_poll(mpsc_send_op_poll(&second, &p2.cx, &result), POLL_READY);
	check_err(result, 0);
	check_err(mpsc_try_recv(&rx, &v), 0);
	check_int(v.i, 2);
	check_uint(poller_woken(&p1), 1);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
	poller_finish(&p1);
	poller_finish(&p2);
}
/// [cancel_passes_slot]

void test_cancelled_assigned_waiter_with_nobody_behind_frees_slot(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_send_op op;
	struct poller p;
	union value v;
	int result;

	poller_init(&p);
	check_err(mpsc_channel(1, NULL, &tx, &rx), 0);
	fill(&tx, 1);
	mpsc_send_op_init(&op, &tx, value_int(1));
	check_poll(mpsc_send_op_poll(&op, &p.cx, &result), POLL_PENDING);
	check_err(mpsc_try_recv(&rx, &v), 0);
	mpsc_send_op_cancel(&op, &v);
	check_uint(mpsc_sender_capacity(&tx), 1);
	check_err(mpsc_try_send(&tx, value_int(3)), 0);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
}

void test_send_op_repolled_keeps_latest_waker(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_send_op op;
	struct poller a, b;
	union value v;
	int result;

	poller_init(&a);
	poller_init(&b);
	check_err(mpsc_channel(1, NULL, &tx, &rx), 0);
	fill(&tx, 1);
	mpsc_send_op_init(&op, &tx, value_int(1));
	check_poll(mpsc_send_op_poll(&op, &a.cx, &result), POLL_PENDING);
	check_poll(mpsc_send_op_poll(&op, &b.cx, &result), POLL_PENDING);
	check_uint(a.cw.refs, 1); /* a's clone was replaced and dropped */
	check_err(mpsc_try_recv(&rx, &v), 0);
	check_uint(poller_woken(&a), 0);
	check_uint(poller_woken(&b), 1);
	check_poll(mpsc_send_op_poll(&op, &b.cx, &result), POLL_READY);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
	poller_finish(&a);
	poller_finish(&b);
}

void test_send_op_poll_after_ready_is_contract_violation(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_send_op op;
	struct poller p;
	int result, err;

	poller_init(&p);
	check_err(mpsc_channel(1, NULL, &tx, &rx), 0);
	mpsc_send_op_init(&op, &tx, value_int(1));
	check_poll(mpsc_send_op_poll(&op, &p.cx, &result), POLL_READY);
	check_contract_violation(mpsc_send_op_poll(&op, &p.cx, &err));
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
}

void test_send_op_keeps_sending_side_open_after_sender_dropped(void **state)
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
	fill(&tx, 1);
	mpsc_send_op_init(&op, &tx, value_int(7));
	check_poll(mpsc_send_op_poll(&op, &ps.cx, &result), POLL_PENDING);
	mpsc_sender_drop(&tx); /* the op still holds the sending side */
	check_true(!mpsc_receiver_is_closed(&rx), "a live send op keeps the channel open");
	check_int(mpsc_poll_recv(&rx, &pr.cx, &v), POLL_NEXT_ITEM);
	check_int(v.i, 100);
	check_int(mpsc_poll_recv(&rx, &pr.cx, &v), POLL_NEXT_PENDING); /* op's value is coming */
	check_poll(mpsc_send_op_poll(&op, &ps.cx, &result), POLL_READY);
	check_uint(pr.cw.wakes, 1);
	check_int(mpsc_poll_recv(&rx, &pr.cx, &v), POLL_NEXT_ITEM);
	check_int(v.i, 7);
	check_int(mpsc_poll_recv(&rx, &pr.cx, &v), POLL_NEXT_END);
	mpsc_receiver_drop(&rx);
	poller_finish(&ps);
	poller_finish(&pr);
}

void test_send_op_dropped_unsent_never_polled_releases_value(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_send_op op;

	items_reset();
	check_err(mpsc_channel(1, item_drop, &tx, &rx), 0);
	mpsc_send_op_init(&op, &tx, item_new(1));
	mpsc_sender_drop(&tx); /* the op still holds the sending side */
	check_true(mpsc_send_op_cancel(&op, NULL), "a send never polled still has its value");
	check_uint(items_dropped, 1); /* released with the channel's drop function */
	check_int(items_dropped_ids[0], 1);
	check_int(mpsc_receiver_len(&rx), 0);
	mpsc_receiver_drop(&rx);
}

void test_send_op_dropped_unsent_after_channel_freed_releases_value(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_send_op op;
	struct poller p;
	int result;

	items_reset();
	poller_init(&p);
	size_t blocks = mem_live_blocks();
	check_err(mpsc_channel(1, item_drop, &tx, &rx), 0);
	mpsc_receiver_drop(&rx);
	mpsc_send_op_init(&op, &tx, item_new(2));
	mpsc_sender_drop(&tx);
	check_poll(mpsc_send_op_poll(&op, &p.cx, &result), POLL_READY);
	check_err(result, ERR_CLOSED);
	check_uint(mem_live_blocks(), blocks + 1); /* the item only: the channel was freed */
	check_uint(items_dropped, 0);          /* the value is still the op's */
	check_true(mpsc_send_op_cancel(&op, NULL), "a closed send gives its value back");
	check_uint(items_dropped, 1);
	check_int(items_dropped_ids[0], 2);
	poller_finish(&p);
}

/* ---- the send future ----------------------------------------------------------- */

void test_send_future_dropped_unsent_releases_value(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct poller p;
	union value out;

	items_reset();
	poller_init(&p);
	check_err(mpsc_channel(1, item_drop, &tx, &rx), 0);
	check_err(mpsc_try_send(&tx, item_new(1)), 0);
	struct future *f = mpsc_send(&tx, item_new(2));
	check_not_null(f);
	check_poll(future_poll(f, &p.cx, &out), POLL_PENDING);
	future_drop(f); /* like dropping tokio's send future: the value goes with it */
	check_uint(items_dropped, 1);
	check_int(items_dropped_ids[0], 2);
	check_uint(p.cw.refs, 1); /* its waker left the queue too */
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx); /* releases item 1 */
	check_uint(items_dropped, 2);
	poller_finish(&p);
}

void test_send_future_outputs_zero_then_err_closed(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct poller p;
	union value out, v;

	items_reset();
	poller_init(&p);
	check_err(mpsc_channel(1, item_drop, &tx, &rx), 0);
	struct future *f = mpsc_send(&tx, item_new(1));
	check_poll(future_poll(f, &p.cx, &out), POLL_READY);
	check_int(out.i, 0);
	future_drop(f);
	check_uint(items_dropped, 0);
	check_err(mpsc_try_recv(&rx, &v), 0);
	check_int(item_take(v), 1);

	mpsc_receiver_close(&rx);
	f = mpsc_send(&tx, item_new(2));
	check_poll(future_poll(f, &p.cx, &out), POLL_READY);
	check_err(out.i, ERR_CLOSED);
	check_uint(items_dropped, 1); /* nobody can get it back from a future: released */
	future_drop(f);
	check_uint(items_dropped, 1);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
}

void test_send_future_oom_keeps_value_with_caller(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct future *f = NULL;

	items_reset();
	check_err(mpsc_channel(1, item_drop, &tx, &rx), 0);
	union value item = item_new(1);
	for (uint64_t n = 1; n <= 5; n++) {
		size_t blocks = mem_live_blocks();
		mem_fail_at(n);
		f = mpsc_send(&tx, item);
		bool failed = mem_fail_triggered();
		mem_fail_at(0);
		if (!failed)
			break;
		check_true(f == NULL, "a failed mpsc_send() returns NULL");
		check_uint(mem_live_blocks(), blocks);
		check_uint(items_dropped, 0);
	}
	check_not_null(f);
	future_drop(f);
	check_uint(items_dropped, 1);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
}
