/*
 * test_permit.c: reserving a slot and spending it later. The reserve
 * operation, permits counted in the capacity and as holders of the sending
 * side, a permit dropped (its slot to the first waiter), a permit sent twice.
 */
#include "tests.h"

#include "helpers.h"

void test_reserve_op_pending_then_permit(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_reserve_op op;
	struct mpsc_permit held, got = {NULL};
	struct poller p;
	union value v;
	int result;

	poller_init(&p);
	check_err(mpsc_channel(1, NULL, &tx, &rx), 0);
	check_err(mpsc_try_reserve(&tx, &held), 0);
	mpsc_reserve_op_init(&op, &tx);
	check_poll(mpsc_reserve_op_poll(&op, &p.cx, &got, &result), POLL_PENDING);
	check_true(got.chan == NULL, "no permit while Pending");
	mpsc_permit_send(&held, value_int(1));
	check_true(held.chan == NULL, "a sent permit is emptied");
	check_uint(poller_woken(&p), 0); /* sending fills the slot, it frees nothing */
	check_err(mpsc_try_recv(&rx, &v), 0);
	check_uint(p.cw.wakes, 1);
	check_poll(mpsc_reserve_op_poll(&op, &p.cx, &got, &result), POLL_READY);
	check_err(result, 0);
	check_true(got.chan != NULL, "Ready with 0 gives a permit");
	mpsc_reserve_op_cancel(&op); /* after Ready: does nothing */
	mpsc_permit_send(&got, value_int(2));
	check_err(mpsc_try_recv(&rx, &v), 0);
	check_int(v.i, 2);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
}

void test_permit_send_twice_is_contract_violation(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_permit permit;

	check_err(mpsc_channel(2, NULL, &tx, &rx), 0);
	check_err(mpsc_try_reserve(&tx, &permit), 0);
	mpsc_permit_send(&permit, value_int(1));
	check_contract_violation(mpsc_permit_send(&permit, value_int(2)));
	mpsc_permit_drop(&permit); /* an empty permit: nothing */
	check_uint(mpsc_receiver_len(&rx), 1);
	check_uint(mpsc_sender_capacity(&tx), 1);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
}

void test_permit_drop_wakes_first_waiter_only(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_permit permit;
	struct mpsc_send_op a, b;
	struct poller pa, pb, pr;
	union value v;
	int result;

	poller_init(&pa);
	poller_init(&pb);
	poller_init(&pr);
	check_err(mpsc_channel(1, NULL, &tx, &rx), 0);
	check_err(mpsc_try_reserve(&tx, &permit), 0);
	mpsc_send_op_init(&a, &tx, value_int(1));
	mpsc_send_op_init(&b, &tx, value_int(2));
	check_poll(mpsc_send_op_poll(&a, &pa.cx, &result), POLL_PENDING);
	check_poll(mpsc_send_op_poll(&b, &pb.cx, &result), POLL_PENDING);
	check_int(mpsc_poll_recv(&rx, &pr.cx, &v), POLL_NEXT_PENDING);
	mpsc_permit_drop(&permit);
	check_uint(pa.cw.wakes, 1);
	check_uint(poller_woken(&pb), 0);
	check_uint(poller_woken(&pr), 0); /* an unused slot is no news for the receiver */
	check_poll(mpsc_send_op_poll(&a, &pa.cx, &result), POLL_READY);
	check_uint(pr.cw.wakes, 1);
	check_poll(mpsc_send_op_poll(&b, &pb.cx, &result), POLL_PENDING);
	mpsc_send_op_cancel(&b, &v);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
	poller_finish(&pa);
	poller_finish(&pb);
	poller_finish(&pr);
}

void test_permit_keeps_sending_side_open(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_permit permit;
	struct poller p;
	union value v;

	poller_init(&p);
	check_err(mpsc_channel(2, NULL, &tx, &rx), 0);
	check_err(mpsc_try_reserve(&tx, &permit), 0);
	mpsc_sender_drop(&tx);
	check_true(!mpsc_receiver_is_closed(&rx), "an outstanding permit keeps the channel open");
	check_int(mpsc_poll_recv(&rx, &p.cx, &v), POLL_NEXT_PENDING);
	check_err(mpsc_try_recv(&rx, &v), ERR_EMPTY);
	mpsc_permit_send(&permit, value_int(5));
	check_uint(p.cw.wakes, 1);
	check_int(mpsc_poll_recv(&rx, &p.cx, &v), POLL_NEXT_ITEM);
	check_int(v.i, 5);
	check_int(mpsc_poll_recv(&rx, &p.cx, &v), POLL_NEXT_END);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
}

void test_last_permit_dropped_wakes_receiver_for_end(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_permit permit;
	struct poller p;
	union value v;

	poller_init(&p);
	check_err(mpsc_channel(2, NULL, &tx, &rx), 0);
	check_err(mpsc_try_reserve(&tx, &permit), 0);
	mpsc_sender_drop(&tx);
	check_int(mpsc_poll_recv(&rx, &p.cx, &v), POLL_NEXT_PENDING);
	mpsc_permit_drop(&permit);
	check_uint(p.cw.wakes, 1);
	check_int(mpsc_poll_recv(&rx, &p.cx, &v), POLL_NEXT_END);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
}

void test_permit_send_after_receiver_drop_releases_value(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_permit permit;

	items_reset();
	check_err(mpsc_channel(2, item_drop, &tx, &rx), 0);
	check_err(mpsc_try_reserve(&tx, &permit), 0);
	mpsc_receiver_drop(&rx);
	mpsc_permit_send(&permit, item_new(9)); /* never fails; nobody will take it */
	check_uint(items_dropped, 1);
	check_int(items_dropped_ids[0], 9);
	check_err(mpsc_try_reserve(&tx, &permit), ERR_CLOSED);
	mpsc_sender_drop(&tx);
}

void test_reserve_op_cancel_after_assignment_passes_slot(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_reserve_op first, second;
	struct mpsc_permit got;
	struct poller p1, p2;
	union value v;
	int result;

	poller_init(&p1);
	poller_init(&p2);
	check_err(mpsc_channel(1, NULL, &tx, &rx), 0);
	check_err(mpsc_try_send(&tx, value_int(0)), 0);
	mpsc_reserve_op_init(&first, &tx);
	mpsc_reserve_op_init(&second, &tx);
	check_poll(mpsc_reserve_op_poll(&first, &p1.cx, &got, &result), POLL_PENDING);
	check_poll(mpsc_reserve_op_poll(&second, &p2.cx, &got, &result), POLL_PENDING);
	check_err(mpsc_try_recv(&rx, &v), 0);
	check_uint(p1.cw.wakes, 1);
	mpsc_reserve_op_cancel(&first);
	mpsc_reserve_op_cancel(&first); /* twice: nothing more */
	check_uint(p2.cw.wakes, 1);
	check_poll(mpsc_reserve_op_poll(&second, &p2.cx, &got, &result), POLL_READY);
	check_err(result, 0);
	mpsc_permit_drop(&got);
	check_uint(mpsc_sender_capacity(&tx), 1);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
	poller_finish(&p1);
	poller_finish(&p2);
}

void test_reserve_op_hold_passes_to_permit_without_waking_receiver(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_reserve_op op;
	struct mpsc_permit permit;
	struct poller ps, pr;
	union value v;
	int result;

	poller_init(&ps);
	poller_init(&pr);
	check_err(mpsc_channel(1, NULL, &tx, &rx), 0);
	check_err(mpsc_try_send(&tx, value_int(0)), 0);
	mpsc_reserve_op_init(&op, &tx);
	check_poll(mpsc_reserve_op_poll(&op, &ps.cx, &permit, &result), POLL_PENDING);
	mpsc_sender_drop(&tx); /* the op alone holds the sending side now */
	check_int(mpsc_poll_recv(&rx, &pr.cx, &v), POLL_NEXT_ITEM); /* slot assigned to op */
	check_int(mpsc_poll_recv(&rx, &pr.cx, &v), POLL_NEXT_PENDING);
	check_poll(mpsc_reserve_op_poll(&op, &ps.cx, &permit, &result), POLL_READY);
	check_err(result, 0);
	/* The hold moved from the op to the permit: the sending side never
	 * looked shut, so the receiver has no news and must not be woken. */
	check_uint(poller_woken(&pr), 0);
	check_true(!mpsc_receiver_is_closed(&rx), "the permit keeps the channel open");
	mpsc_permit_send(&permit, value_int(1));
	check_uint(pr.cw.wakes, 1);
	check_int(mpsc_poll_recv(&rx, &pr.cx, &v), POLL_NEXT_ITEM);
	check_int(v.i, 1);
	check_int(mpsc_poll_recv(&rx, &pr.cx, &v), POLL_NEXT_END);
	mpsc_receiver_drop(&rx);
	poller_finish(&ps);
	poller_finish(&pr);
}
