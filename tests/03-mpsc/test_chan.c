/*
 * test_chan.c: creating a channel, the ring buffer, try_send and try_recv,
 * the capacity figures, the unbounded channel, out-of-memory paths and the
 * reports for handles used after they were dropped.
 */
#include "tests.h"

#include "helpers.h"

#include <stdint.h>

/* ---- creating ------------------------------------------------------------------ */

void test_channel_capacity_zero_is_inval_and_allocates_nothing(void **state)
{
	(void)state;
	struct mpsc_sender tx = {(struct mpsc_chan *)&tx};
	struct mpsc_receiver rx = {(struct mpsc_chan *)&rx};
	size_t blocks = mem_live_blocks();

	check_err(mpsc_channel(0, NULL, &tx, &rx), ERR_INVAL);
	check_uint(mem_live_blocks(), blocks);
	check_true(tx.chan == (struct mpsc_chan *)&tx && rx.chan == (struct mpsc_chan *)&rx,
		   "a failed mpsc_channel() must leave both handles untouched");
	check_err(mpsc_channel(MPSC_MAX_CAPACITY + 1, NULL, &tx, &rx), ERR_INVAL);
	check_uint(mem_live_blocks(), blocks);
}

void test_channel_oom_allocates_nothing(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	int err = -1;

	for (int unbounded = 0; unbounded < 2; unbounded++) {
		for (uint64_t n = 1; n <= 10; n++) {
			size_t blocks = mem_live_blocks();
			tx.chan = NULL;
			rx.chan = NULL;
			mem_fail_at(n);
			err = unbounded ? mpsc_unbounded_channel(item_drop, &tx, &rx)
					: mpsc_channel(4, item_drop, &tx, &rx);
			bool failed = mem_fail_triggered();
			mem_fail_at(0);
			if (!failed)
				break;
			check_err(err, ERR_NOMEM);
			check_uint(mem_live_blocks(), blocks);
			check_true(tx.chan == NULL && rx.chan == NULL,
				   "a failed constructor must leave both handles untouched");
		}
		check_err(err, 0);
		mpsc_sender_drop(&tx);
		mpsc_receiver_drop(&rx);
	}
}

/// [clone_allocates_nothing]
void test_sender_clone_allocates_nothing(void **state)
{
	(void)state;
	struct mpsc_sender tx, tx2;
	struct mpsc_receiver rx;

	check_err(mpsc_channel(2, NULL, &tx, &rx), 0);
	uint64_t allocs = mem_total_allocs();
	tx2 = mpsc_sender_clone(&tx);
	check_uint(mem_total_allocs(), allocs);
	check_true(tx2.chan == tx.chan, "a clone must point at the same channel");
	check_err(mpsc_try_send(&tx2, value_int(7)), 0);
	mpsc_sender_drop(&tx);
	mpsc_sender_drop(&tx2);
	check_true(tx.chan == NULL && tx2.chan == NULL, "a dropped sender must be emptied");
	union value v;
	check_err(mpsc_try_recv(&rx, &v), 0);
	check_int(v.i, 7);
	check_err(mpsc_try_recv(&rx, &v), ERR_DISCONNECTED);
	mpsc_receiver_drop(&rx);
}
/// [clone_allocates_nothing]

/* ---- the ring buffer -------------------------------------------------------------- */

void test_ring_wraps_around_keeping_fifo_order(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	union value v;
	int64_t next_in = 0, next_out = 0;

	check_err(mpsc_channel(3, NULL, &tx, &rx), 0);
	/* Two in, one out, many times: head and tail go round the 3 slots
	 * again and again, and the order must never change. */
	for (int round = 0; round < 20; round++) {
		while (mpsc_try_send(&tx, value_int(next_in)) == 0)
			next_in++;
		check_uint(mpsc_receiver_len(&rx), 3);
		for (int k = 0; k < 1 + round % 3; k++) {
			check_err(mpsc_try_recv(&rx, &v), 0);
			check_int(v.i, next_out);
			next_out++;
		}
	}
	while (mpsc_try_recv(&rx, &v) == 0) {
		check_int(v.i, next_out);
		next_out++;
	}
	check_int(next_out, next_in);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
}

void test_unbounded_grows_keeping_order_across_wrap(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	union value v;
	int64_t next_in = 0, next_out = 0;

	check_err(mpsc_unbounded_channel(NULL, &tx, &rx), 0);
	check_true(mpsc_receiver_is_unbounded(&rx), "an unbounded channel must say so");
	/* Leave the head in the middle of the ring before each growth, so that
	 * growing has to unwrap the values. */
	for (int round = 1; round <= 6; round++) {
		for (int k = 0; k < 3 * round; k++)
			check_err(mpsc_unbounded_send(&tx, value_int(next_in++)), 0);
		for (int k = 0; k < round; k++) {
			check_err(mpsc_try_recv(&rx, &v), 0);
			check_int(v.i, next_out++);
		}
	}
	check_uint(mpsc_receiver_len(&rx), (size_t)(next_in - next_out));
	while (mpsc_try_recv(&rx, &v) == 0)
		check_int(v.i, next_out++);
	check_int(next_out, next_in);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
}

void test_unbounded_grows_from_any_head_keeping_order(void **state)
{
	(void)state;
	/* A full ring of 8 whose oldest value sits at each index in turn, then
	 * one more send: growing must keep the order wherever the wrap is. */
	for (int64_t head = 0; head < 8; head++) {
		struct mpsc_sender tx;
		struct mpsc_receiver rx;
		union value v;
		int64_t next_in = 0, next_out = 0;

		check_err(mpsc_unbounded_channel(NULL, &tx, &rx), 0);
		for (int k = 0; k < 8; k++)
			check_err(mpsc_unbounded_send(&tx, value_int(next_in++)), 0);
		for (int64_t k = 0; k < head; k++) {
			check_err(mpsc_try_recv(&rx, &v), 0);
			check_int(v.i, next_out++);
			check_err(mpsc_unbounded_send(&tx, value_int(next_in++)), 0);
		}
		for (int k = 0; k < 9; k++) /* the first one grows the ring */
			check_err(mpsc_unbounded_send(&tx, value_int(next_in++)), 0);
		while (mpsc_try_recv(&rx, &v) == 0)
			check_int(v.i, next_out++);
		check_int(next_out, next_in);
		mpsc_sender_drop(&tx);
		mpsc_receiver_drop(&rx);
	}
}

void test_unbounded_send_oom_changes_nothing(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	union value v, item;

	items_reset();
	check_err(mpsc_unbounded_channel(item_drop, &tx, &rx), 0);
	for (int64_t id = 0; id < 20; id++) {
		item = item_new(id);
		for (uint64_t n = 1;; n++) {
			size_t blocks = mem_live_blocks(), len = mpsc_receiver_len(&rx);
			mem_fail_at(n);
			int err = mpsc_unbounded_send(&tx, item);
			bool failed = mem_fail_triggered();
			mem_fail_at(0);
			if (!failed) {
				check_err(err, 0);
				break;
			}
			check_err(err, ERR_NOMEM);
			check_uint(mem_live_blocks(), blocks);
			check_uint(mpsc_receiver_len(&rx), len);
			check_uint(items_dropped, 0); /* the item is still ours */
			check_true(n < 5, "mpsc_unbounded_send() keeps failing");
		}
	}
	for (int64_t id = 0; id < 20; id++) {
		check_err(mpsc_try_recv(&rx, &v), 0);
		check_int(item_take(v), id);
	}
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
	check_uint(items_dropped, 0);
}

/* ---- capacity -------------------------------------------------------------------- */

void test_capacity_counts_buffered_permits_and_assigned_slots(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_permit permit;
	struct mpsc_send_op op;
	struct poller p;
	union value v;
	int result;

	poller_init(&p);
	check_err(mpsc_channel(3, NULL, &tx, &rx), 0);
	check_uint(mpsc_sender_capacity(&tx), 3);
	check_uint(mpsc_sender_max_capacity(&tx), 3);
	check_err(mpsc_try_send(&tx, value_int(1)), 0);
	check_err(mpsc_try_send(&tx, value_int(2)), 0);
	check_err(mpsc_try_reserve(&tx, &permit), 0);
	check_uint(mpsc_sender_capacity(&tx), 0);
	check_uint(mpsc_receiver_outstanding_permits(&rx), 1);

	mpsc_send_op_init(&op, &tx, value_int(3));
	check_poll(mpsc_send_op_poll(&op, &p.cx, &result), POLL_PENDING);
	check_err(mpsc_try_recv(&rx, &v), 0); /* the slot goes to op, not to the free pool */
	check_uint(mpsc_receiver_capacity(&rx), 0);
	check_uint(mpsc_receiver_len(&rx), 1);
	check_uint(mpsc_receiver_outstanding_permits(&rx), 2); /* the permit and op's slot */
	check_poll(mpsc_send_op_poll(&op, &p.cx, &result), POLL_READY);
	check_err(result, 0);
	check_uint(mpsc_receiver_outstanding_permits(&rx), 1);
	mpsc_permit_drop(&permit);
	check_uint(mpsc_receiver_capacity(&rx), 1);
	check_uint(mpsc_receiver_max_capacity(&rx), 3);
	check_uint(mpsc_receiver_outstanding_permits(&rx), 0);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
}

void test_unbounded_capacity_is_size_max(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;

	check_err(mpsc_unbounded_channel(NULL, &tx, &rx), 0);
	check_uint(mpsc_sender_capacity(&tx), SIZE_MAX);
	check_uint(mpsc_sender_max_capacity(&tx), SIZE_MAX);
	check_uint(mpsc_receiver_capacity(&rx), SIZE_MAX);
	check_uint(mpsc_receiver_outstanding_permits(&rx), 0);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
}

/* ---- misuse -------------------------------------------------------------------- */

void test_dropped_handles_are_contract_violations(void **state)
{
	(void)state;
	struct mpsc_sender tx, dead_tx;
	struct mpsc_receiver rx, dead_rx;
	struct mpsc_send_op op;
	union value v;

	check_err(mpsc_channel(2, NULL, &tx, &rx), 0);
	dead_tx = mpsc_sender_clone(&tx);
	mpsc_sender_drop(&dead_tx);
	check_contract_violation(mpsc_try_send(&dead_tx, value_int(1)));
	check_contract_violation(mpsc_sender_clone(&dead_tx));
	check_contract_violation(mpsc_send_op_init(&op, &dead_tx, value_int(1)));
	check_contract_violation(mpsc_sender_capacity(&dead_tx));
	mpsc_sender_drop(&dead_tx); /* dropping an empty handle does nothing */

	check_err(mpsc_channel(2, NULL, &dead_tx, &dead_rx), 0);
	mpsc_sender_drop(&dead_tx);
	mpsc_receiver_drop(&dead_rx);
	check_contract_violation(mpsc_try_recv(&dead_rx, &v));
	check_contract_violation(mpsc_receiver_close(&dead_rx));
	check_contract_violation(mpsc_receiver_len(&dead_rx));
	mpsc_receiver_drop(&dead_rx);

	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
}

void test_bounded_only_calls_on_unbounded_are_contract_violations(void **state)
{
	(void)state;
	struct mpsc_sender tx, btx;
	struct mpsc_receiver rx, brx;
	struct mpsc_send_op op;
	struct mpsc_reserve_op rop;
	struct mpsc_permit permit;

	check_err(mpsc_unbounded_channel(NULL, &tx, &rx), 0);
	check_contract_violation(mpsc_try_send(&tx, value_int(1)));
	check_contract_violation(mpsc_send_op_init(&op, &tx, value_int(1)));
	check_contract_violation(mpsc_reserve_op_init(&rop, &tx));
	check_contract_violation(mpsc_try_reserve(&tx, &permit));
	check_err(mpsc_channel(1, NULL, &btx, &brx), 0);
	check_contract_violation(mpsc_unbounded_send(&btx, value_int(1)));
	mpsc_sender_drop(&btx);
	mpsc_receiver_drop(&brx);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
}

void test_future_constructors_oom_return_null_and_change_nothing(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	union value slot;
	struct future *f = NULL;

	check_err(mpsc_channel(1, NULL, &tx, &rx), 0);
	for (int which = 0; which < 2; which++) {
		for (uint64_t n = 1; n <= 5; n++) {
			size_t blocks = mem_live_blocks();
			mem_fail_at(n);
			f = which == 0 ? mpsc_recv(&rx, &slot) : mpsc_sender_closed(&tx);
			bool failed = mem_fail_triggered();
			mem_fail_at(0);
			if (!failed)
				break;
			check_true(f == NULL, "a failed constructor returns NULL");
			check_uint(mem_live_blocks(), blocks);
		}
		check_not_null(f);
		future_drop(f);
	}
	mpsc_sender_drop(&tx); /* the failed closed() futures left no count behind: */
	mpsc_receiver_drop(&rx); /* the channel is freed here, or the fixture sees a leak */
}
