/*
 * test_tokio.c: the cases of tokio's own suite, tokio/tests/sync_mpsc.rs,
 * that apply to one thread, ported one by one. The comment above each test
 * names the Rust test (or tests) it comes from. tokio_test's task::spawn
 * (poll by hand, ask is_woken) becomes a poller; `.await` on something that
 * is ready becomes a single poll that must answer Ready.
 *
 * Not ported, and why: the stream tests (chapter 4), reserve_many and its
 * permit iterator, weak senders, send_timeout, blocking_send/recv and the
 * thread and panic tests (no such API, or no threads here).
 */
#include "tests.h"

#include "helpers.h"

#include "executor.h"

/* Receives one value by polling once; it must be there. */
static int64_t recv_now(struct mpsc_receiver *rx, struct poller *p)
{
	union value v;
	int got = mpsc_poll_recv(rx, &p->cx, &v);
	check_int(got, POLL_NEXT_ITEM);
	return v.i;
}

/* Polls a reserve op that must be Ready with a permit at once. */
static void reserve_now(const struct mpsc_sender *tx, struct mpsc_permit *permit,
			struct poller *p)
{
	struct mpsc_reserve_op op;
	int result;

	mpsc_reserve_op_init(&op, tx);
	check_poll(mpsc_reserve_op_poll(&op, &p->cx, permit, &result), POLL_READY);
	check_err(result, 0);
}

/* tokio: sync_mpsc.rs send_recv_with_buffer */
void test_tokio_send_recv_with_buffer(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_permit permit;
	struct poller p;
	union value v;

	poller_init(&p);
	check_err(mpsc_channel(16, NULL, &tx, &rx), 0);
	reserve_now(&tx, &permit, &p);
	mpsc_permit_send(&permit, value_int(1));
	check_err(mpsc_try_send(&tx, value_int(2)), 0);
	mpsc_sender_drop(&tx);
	check_int(recv_now(&rx, &p), 1);
	check_int(recv_now(&rx, &p), 2);
	check_int(mpsc_poll_recv(&rx, &p.cx, &v), POLL_NEXT_END);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
}

/// [tokio_reserve_disarm]
/* tokio: sync_mpsc.rs reserve_disarm */
void test_tokio_reserve_disarm(void **state)
{
	(void)state;
	struct mpsc_sender tx1, tx2, tx3, tx4;
	struct mpsc_receiver rx;
	struct mpsc_permit permit1, permit2, got3, got4, got1;
	struct mpsc_reserve_op r3, r4, r1;
	struct poller p, p3, p4, p1;
	int result;

	poller_init(&p);
	poller_init(&p3);
	poller_init(&p4);
	poller_init(&p1);
	check_err(mpsc_channel(2, NULL, &tx1, &rx), 0);
	tx2 = mpsc_sender_clone(&tx1);
	tx3 = mpsc_sender_clone(&tx1);
	tx4 = mpsc_sender_clone(&tx1);
	reserve_now(&tx1, &permit1, &p);
	reserve_now(&tx2, &permit2, &p);
	mpsc_reserve_op_init(&r3, &tx3);
	check_poll(mpsc_reserve_op_poll(&r3, &p3.cx, &got3, &result), POLL_PENDING);
	mpsc_reserve_op_init(&r4, &tx4);
	check_poll(mpsc_reserve_op_poll(&r4, &p4.cx, &got4, &result), POLL_PENDING);

	mpsc_permit_send(&permit1, value_int(1));
	check_uint(poller_woken(&p3), 0); /* the slot is full, not free */
	check_int(recv_now(&rx, &p), 1);
	check_uint(poller_woken(&p3), 1);
	check_uint(poller_woken(&p4), 0);
	mpsc_permit_drop(&permit2); /* dropping a permit frees a slot too */
	check_uint(poller_woken(&p4), 1);

	mpsc_reserve_op_init(&r1, &tx1);
	check_poll(mpsc_reserve_op_poll(&r1, &p1.cx, &got1, &result), POLL_PENDING);

	check_poll(mpsc_reserve_op_poll(&r3, &p3.cx, &got3, &result), POLL_READY);
	check_poll(mpsc_reserve_op_poll(&r4, &p4.cx, &got4, &result), POLL_READY);
	mpsc_reserve_op_cancel(&r1);
	mpsc_permit_drop(&got3);
	mpsc_permit_drop(&got4);
	mpsc_sender_drop(&tx1);
	mpsc_sender_drop(&tx2);
	mpsc_sender_drop(&tx3);
	mpsc_sender_drop(&tx4);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
	poller_finish(&p3);
	poller_finish(&p4);
	poller_finish(&p1);
}
/// [tokio_reserve_disarm]

/* tokio: sync_mpsc.rs async_send_recv_with_buffer, async_send_recv_unbounded */
void test_tokio_async_send_recv_with_buffer(void **state)
{
	(void)state;
	struct executor *ex = executor_new(NULL);
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct producer_stats ps;
	struct consumer_log log;

	check_err(mpsc_channel(16, NULL, &tx, &rx), 0);
	check_err(executor_spawn(ex, "producer", producer_new(&tx, 1, 2, &ps), NULL), 0);
	check_err(executor_spawn(ex, "consumer", consumer_new(ex, &rx, 0, &log), NULL), 0);
	check_err(executor_run(ex), 0);
	check_uint(log.len, 2);
	check_int(log.values[0], 1);
	check_int(log.values[1], 2);
	check_true(log.ended, "the consumer must see the end after the producer is done");
	mpsc_receiver_drop(&rx);
	executor_drop(ex);

	/* The unbounded flavour: sends never wait. */
	ex = executor_new(NULL);
	check_err(mpsc_unbounded_channel(NULL, &tx, &rx), 0);
	check_err(mpsc_unbounded_send(&tx, value_int(1)), 0);
	check_err(mpsc_unbounded_send(&tx, value_int(2)), 0);
	mpsc_sender_drop(&tx);
	check_err(executor_spawn(ex, "consumer", consumer_new(ex, &rx, 0, &log), NULL), 0);
	check_err(executor_run(ex), 0);
	check_uint(log.len, 2);
	check_true(log.ended, "the consumer must see the end");
	mpsc_receiver_drop(&rx);
	executor_drop(ex);
}

/* A task that receives in batches of up to 3 until the end, logging each batch. */
struct batch_consumer {
	struct future base;
	struct mpsc_receiver *rx;
	int64_t values[8];
	size_t len;
	unsigned batches;
};

static enum poll batch_consumer_poll(struct future *self, struct context *cx, union value *out)
{
	struct batch_consumer *b = container_of(self, struct batch_consumer, base);
	union value buf[3];
	size_t count;

	for (;;) {
		if (mpsc_poll_recv_many(b->rx, cx, buf, 3, &count) == POLL_PENDING)
			return POLL_PENDING;
		if (count == 0) {
			*out = value_uint(b->len);
			return POLL_READY;
		}
		b->batches++;
		for (size_t i = 0; i < count && b->len < 8; i++)
			b->values[b->len++] = buf[i].i;
	}
}

static void batch_consumer_drop(struct future *self)
{
	(void)self; /* lives on the test's stack */
}

static const struct future_vtable batch_consumer_vtable = {
	.name = "batch_consumer",
	.poll = batch_consumer_poll,
	.drop = batch_consumer_drop,
	.drop_output = NULL,
};

/* tokio: sync_mpsc.rs async_send_recv_many_with_buffer */
void test_tokio_async_send_recv_many_with_buffer(void **state)
{
	(void)state;
	struct executor *ex = executor_new(NULL);
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct producer_stats ps;
	struct batch_consumer bc = {.rx = &rx};
	struct poller p;
	union value buf[4];
	size_t count;

	poller_init(&p);
	future_init(&bc.base, &batch_consumer_vtable);
	check_err(mpsc_channel(2, NULL, &tx, &rx), 0);
	check_poll(mpsc_poll_recv_many(&rx, &p.cx, buf, 0, &count), POLL_READY);
	check_uint(count, 0); /* limit 0 does not wait */
	check_err(executor_spawn(ex, "producer", producer_new(&tx, 1, 4, &ps), NULL), 0);
	check_err(executor_spawn(ex, "consumer", &bc.base, NULL), 0);
	check_err(executor_run(ex), 0);
	check_uint(bc.len, 4);
	for (int i = 0; i < 4; i++)
		check_int(bc.values[i], i + 1);
	check_true(bc.batches > 1, "a channel of 2 cannot hand over 4 values in one batch");
	check_poll(mpsc_poll_recv_many(&rx, &p.cx, buf, 3, &count), POLL_READY);
	check_uint(count, 0);
	mpsc_receiver_drop(&rx);
	executor_drop(ex);
	poller_finish(&p);
}

/* tokio: sync_mpsc.rs start_send_past_cap */
void test_tokio_start_send_past_cap(void **state)
{
	(void)state;
	struct mpsc_sender tx1, tx2;
	struct mpsc_receiver rx;
	struct mpsc_reserve_op r1, r2;
	struct mpsc_permit got;
	struct poller t1, t2, p;
	union value v;
	int result;

	poller_init(&t1);
	poller_init(&t2);
	poller_init(&p);
	check_err(mpsc_channel(1, NULL, &tx1, &rx), 0);
	tx2 = mpsc_sender_clone(&tx1);
	check_err(mpsc_try_send(&tx1, value_int(0)), 0);
	mpsc_reserve_op_init(&r1, &tx1);
	check_poll(mpsc_reserve_op_poll(&r1, &t1.cx, &got, &result), POLL_PENDING);
	mpsc_reserve_op_init(&r2, &tx2);
	check_poll(mpsc_reserve_op_poll(&r2, &t2.cx, &got, &result), POLL_PENDING);
	mpsc_reserve_op_cancel(&r1); /* drop(r1) */
	check_int(recv_now(&rx, &p), 0);
	check_uint(poller_woken(&t2), 1);
	check_uint(poller_woken(&t1), 0);
	mpsc_reserve_op_cancel(&r2); /* r2 goes out of scope with its slot */
	mpsc_sender_drop(&tx1);
	mpsc_sender_drop(&tx2);
	check_int(mpsc_poll_recv(&rx, &p.cx, &v), POLL_NEXT_END);
	mpsc_receiver_drop(&rx);
	poller_finish(&t1);
	poller_finish(&t2);
	poller_finish(&p);
}

/* tokio: sync_mpsc.rs buffer_gteq_one (a panic there, ERR_INVAL here) */
void test_tokio_buffer_gteq_one(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;

	check_err(mpsc_channel(0, NULL, &tx, &rx), ERR_INVAL);
	check_err(mpsc_channel(1, NULL, &tx, &rx), 0);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
}

/* tokio: sync_mpsc.rs send_recv_unbounded, no_t_bounds_unbounded */
void test_tokio_send_recv_unbounded(void **state)
{
	(void)state;
	struct mpsc_sender tx, clone;
	struct mpsc_receiver rx;
	struct poller p;
	union value v;

	poller_init(&p);
	check_err(mpsc_unbounded_channel(NULL, &tx, &rx), 0);
	check_err(mpsc_unbounded_send(&tx, value_int(1)), 0);
	clone = mpsc_sender_clone(&tx);
	check_err(mpsc_unbounded_send(&clone, value_int(2)), 0);
	mpsc_sender_drop(&clone);
	check_int(recv_now(&rx, &p), 1);
	check_int(recv_now(&rx, &p), 2);
	mpsc_sender_drop(&tx);
	check_int(mpsc_poll_recv(&rx, &p.cx, &v), POLL_NEXT_END);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
}

/* tokio: sync_mpsc.rs send_recv_many_unbounded, send_recv_many_unbounded_capacity */
void test_tokio_send_recv_many_unbounded(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct poller p;
	union value buf[32];
	size_t count;
	const int64_t first[4] = {7, 13, 100, 1002}, second[4] = {5, 6, 7, 2};

	poller_init(&p);
	check_err(mpsc_unbounded_channel(NULL, &tx, &rx), 0);
	check_poll(mpsc_poll_recv_many(&rx, &p.cx, buf, 0, &count), POLL_READY);
	check_uint(count, 0);
	for (int i = 0; i < 4; i++)
		check_err(mpsc_unbounded_send(&tx, value_int(first[i])), 0);
	check_poll(mpsc_poll_recv_many(&rx, &p.cx, buf, 0, &count), POLL_READY);
	check_uint(count, 0);
	for (int i = 0; i < 4; i++) { /* limit 1: one at a time */
		check_poll(mpsc_poll_recv_many(&rx, &p.cx, buf, 1, &count), POLL_READY);
		check_uint(count, 1);
		check_int(buf[0].i, first[i]);
	}
	for (int i = 0; i < 4; i++)
		check_err(mpsc_unbounded_send(&tx, value_int(second[i])), 0);
	check_poll(mpsc_poll_recv_many(&rx, &p.cx, buf, 32, &count), POLL_READY);
	check_uint(count, 4);
	for (int i = 0; i < 4; i++)
		check_int(buf[i].i, second[i]);
	mpsc_sender_drop(&tx);
	check_poll(mpsc_poll_recv_many(&rx, &p.cx, buf, 4, &count), POLL_READY);
	check_uint(count, 0); /* closed and drained: 0 at once */
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
}

/* tokio: sync_mpsc.rs send_recv_many_bounded_capacity */
void test_tokio_send_recv_many_bounded_capacity(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_permit permit;
	struct poller p;
	union value buf[9];
	size_t count;

	poller_init(&p);
	check_err(mpsc_channel(100, NULL, &tx, &rx), 0);
	for (int i = 0; i < 10; i++)
		check_err(mpsc_try_send(&tx, value_int(i)), 0);
	check_poll(mpsc_poll_recv_many(&rx, &p.cx, buf, 9, &count), POLL_READY);
	check_uint(count, 9); /* all but the last: the limit */
	check_poll(mpsc_poll_recv_many(&rx, &p.cx, buf, 9, &count), POLL_READY);
	check_uint(count, 1);
	check_int(buf[0].i, 9);
	/* A reservation outlives the sender: recv_many must not say 0 yet. */
	check_err(mpsc_try_reserve(&tx, &permit), 0);
	mpsc_sender_drop(&tx);
	check_poll(mpsc_poll_recv_many(&rx, &p.cx, buf, 9, &count), POLL_PENDING);
	mpsc_permit_send(&permit, value_int(42));
	check_uint(p.cw.wakes, 1);
	check_poll(mpsc_poll_recv_many(&rx, &p.cx, buf, 9, &count), POLL_READY);
	check_uint(count, 1);
	check_int(buf[0].i, 42);
	check_poll(mpsc_poll_recv_many(&rx, &p.cx, buf, 9, &count), POLL_READY);
	check_uint(count, 0);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
}

/* tokio: sync_mpsc.rs recv_many_with_non_empty_buffer_bounded_rx_closed_and_idle,
 * recv_many_with_non_empty_buffer_unbounded_rx_closed_and_idle */
void test_tokio_recv_many_rx_closed_and_idle(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct poller p;
	union value buf[2] = {value_int(1), value_int(-1)};
	size_t count;

	poller_init(&p);
	for (int unbounded = 0; unbounded < 2; unbounded++) {
		check_err(unbounded ? mpsc_unbounded_channel(NULL, &tx, &rx)
				    : mpsc_channel(1, NULL, &tx, &rx),
			  0);
		mpsc_receiver_close(&rx);
		check_poll(mpsc_poll_recv_many(&rx, &p.cx, buf + 1, 1, &count), POLL_READY);
		check_uint(count, 0);
		check_int(buf[0].i, 1); /* what the caller had is untouched */
		mpsc_sender_drop(&tx);
		mpsc_receiver_drop(&rx);
	}
	poller_finish(&p);
}

/* tokio: sync_mpsc.rs no_t_bounds_buffer */
void test_tokio_no_t_bounds_buffer(void **state)
{
	(void)state;
	struct mpsc_sender tx, clone;
	struct mpsc_receiver rx;
	struct poller p;

	poller_init(&p);
	check_err(mpsc_channel(100, NULL, &tx, &rx), 0);
	clone = mpsc_sender_clone(&tx);
	check_err(mpsc_try_send(&clone, value_int(0)), 0);
	mpsc_sender_drop(&clone);
	check_int(recv_now(&rx, &p), 0);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
}

/* tokio: sync_mpsc.rs send_recv_buffer_limited */
void test_tokio_send_recv_buffer_limited(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_permit p1, permit;
	struct mpsc_reserve_op p2;
	struct poller p, t2;
	int result;

	poller_init(&p);
	poller_init(&t2);
	check_err(mpsc_channel(1, NULL, &tx, &rx), 0);
	reserve_now(&tx, &p1, &p);
	mpsc_permit_send(&p1, value_int(1));
	mpsc_reserve_op_init(&p2, &tx);
	check_poll(mpsc_reserve_op_poll(&p2, &t2.cx, &permit, &result), POLL_PENDING);
	check_int(recv_now(&rx, &p), 1);
	check_uint(poller_woken(&t2), 1);
	check_err(mpsc_try_send(&tx, value_int(1337)), ERR_FULL); /* the slot is p2's */
	check_poll(mpsc_reserve_op_poll(&p2, &t2.cx, &permit, &result), POLL_READY);
	check_err(result, 0);
	mpsc_permit_send(&permit, value_int(2));
	check_int(recv_now(&rx, &p), 2);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
	poller_finish(&t2);
}

/* tokio: sync_mpsc.rs recv_close_gets_none_idle */
void test_tokio_recv_close_gets_none_idle(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_send_op op;
	struct poller p;
	union value v;
	int result;

	poller_init(&p);
	check_err(mpsc_channel(10, NULL, &tx, &rx), 0);
	mpsc_receiver_close(&rx);
	check_int(mpsc_poll_recv(&rx, &p.cx, &v), POLL_NEXT_END);
	mpsc_send_op_init(&op, &tx, value_int(1));
	check_poll(mpsc_send_op_poll(&op, &p.cx, &result), POLL_READY);
	check_err(result, ERR_CLOSED);
	mpsc_send_op_cancel(&op, &v);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
}

/* tokio: sync_mpsc.rs recv_close_gets_none_reserved */
void test_tokio_recv_close_gets_none_reserved(void **state)
{
	(void)state;
	struct mpsc_sender tx1, tx2;
	struct mpsc_receiver rx;
	struct mpsc_permit permit1, permit;
	struct mpsc_reserve_op permit2;
	struct poller p, t2, recv;
	union value v;
	int result;

	poller_init(&p);
	poller_init(&t2);
	poller_init(&recv);
	check_err(mpsc_channel(1, NULL, &tx1, &rx), 0);
	tx2 = mpsc_sender_clone(&tx1);
	reserve_now(&tx1, &permit1, &p);
	mpsc_reserve_op_init(&permit2, &tx2);
	check_poll(mpsc_reserve_op_poll(&permit2, &t2.cx, &permit, &result), POLL_PENDING);
	mpsc_receiver_close(&rx);
	check_uint(poller_woken(&t2), 1);
	check_poll(mpsc_reserve_op_poll(&permit2, &t2.cx, &permit, &result), POLL_READY);
	check_err(result, ERR_CLOSED);

	check_int(mpsc_poll_recv(&rx, &recv.cx, &v), POLL_NEXT_PENDING); /* permit1 is out */
	mpsc_permit_send(&permit1, value_int(123));
	check_uint(poller_woken(&recv), 1);
	check_int(mpsc_poll_recv(&rx, &recv.cx, &v), POLL_NEXT_ITEM);
	check_int(v.i, 123);
	check_int(mpsc_poll_recv(&rx, &p.cx, &v), POLL_NEXT_END);
	mpsc_sender_drop(&tx1);
	mpsc_sender_drop(&tx2);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
	poller_finish(&t2);
	poller_finish(&recv);
}

/* tokio: sync_mpsc.rs tx_close_gets_none */
void test_tokio_tx_close_gets_none(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct poller p;
	union value v;

	poller_init(&p);
	check_err(mpsc_channel(10, NULL, &tx, &rx), 0);
	mpsc_sender_drop(&tx);
	check_int(mpsc_poll_recv(&rx, &p.cx, &v), POLL_NEXT_END);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
}

/* tokio: sync_mpsc.rs try_send_fail, try_send_fail_with_try_recv */
void test_tokio_try_send_fail(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct poller p;
	union value v;

	poller_init(&p);
	for (int with_try_recv = 0; with_try_recv < 2; with_try_recv++) {
		check_err(mpsc_channel(1, NULL, &tx, &rx), 0);
		check_err(mpsc_try_send(&tx, value_int(1)), 0);
		check_err(mpsc_try_send(&tx, value_int(2)), ERR_FULL);
		if (with_try_recv) {
			check_err(mpsc_try_recv(&rx, &v), 0);
			check_int(v.i, 1);
		} else {
			check_int(recv_now(&rx, &p), 1);
		}
		check_err(mpsc_try_send(&tx, value_int(3)), 0);
		mpsc_sender_drop(&tx);
		if (with_try_recv) {
			check_err(mpsc_try_recv(&rx, &v), 0);
			check_int(v.i, 3);
			check_err(mpsc_try_recv(&rx, &v), ERR_DISCONNECTED);
		} else {
			check_int(recv_now(&rx, &p), 3);
			check_int(mpsc_poll_recv(&rx, &p.cx, &v), POLL_NEXT_END);
		}
		mpsc_receiver_drop(&rx);
	}
	poller_finish(&p);
}

/* tokio: sync_mpsc.rs try_reserve_fails */
void test_tokio_try_reserve_fails(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_permit permit, other;
	struct poller p;

	poller_init(&p);
	check_err(mpsc_channel(1, NULL, &tx, &rx), 0);
	check_err(mpsc_try_reserve(&tx, &permit), 0);
	check_err(mpsc_try_reserve(&tx, &other), ERR_FULL);
	mpsc_permit_send(&permit, value_int(1));
	check_int(recv_now(&rx, &p), 1);
	check_err(mpsc_try_reserve(&tx, &permit), 0);
	mpsc_permit_drop(&permit); /* releases the slot */
	check_err(mpsc_try_reserve(&tx, &permit), 0);
	mpsc_permit_drop(&permit);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
}

/* tokio: sync_mpsc.rs drop_permit_releases_permit */
void test_tokio_drop_permit_releases_permit(void **state)
{
	(void)state;
	struct mpsc_sender tx1, tx2;
	struct mpsc_receiver rx;
	struct mpsc_permit permit, got;
	struct mpsc_reserve_op reserve2;
	struct poller p, t2;
	int result;

	poller_init(&p);
	poller_init(&t2);
	check_err(mpsc_channel(1, NULL, &tx1, &rx), 0);
	tx2 = mpsc_sender_clone(&tx1);
	reserve_now(&tx1, &permit, &p);
	mpsc_reserve_op_init(&reserve2, &tx2);
	check_poll(mpsc_reserve_op_poll(&reserve2, &t2.cx, &got, &result), POLL_PENDING);
	mpsc_permit_drop(&permit);
	check_uint(poller_woken(&t2), 1);
	check_poll(mpsc_reserve_op_poll(&reserve2, &t2.cx, &got, &result), POLL_READY);
	check_err(result, 0);
	mpsc_permit_drop(&got);
	mpsc_sender_drop(&tx1);
	mpsc_sender_drop(&tx2);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
	poller_finish(&t2);
}

/* tokio: sync_mpsc.rs dropping_rx_closes_channel, dropping_rx_closes_channel_for_try
 * (Arc::strong_count becomes our count of released items) */
void test_tokio_dropping_rx_closes_channel(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_reserve_op op;
	struct mpsc_permit permit = {NULL};
	struct poller p;
	int result;

	items_reset();
	poller_init(&p);
	check_err(mpsc_channel(100, item_drop, &tx, &rx), 0);
	check_err(mpsc_try_send(&tx, item_new(1)), 0);
	mpsc_receiver_drop(&rx);
	check_uint(items_dropped, 1); /* the buffered message went with the receiver */
	mpsc_reserve_op_init(&op, &tx);
	check_poll(mpsc_reserve_op_poll(&op, &p.cx, &permit, &result), POLL_READY);
	check_err(result, ERR_CLOSED);
	union value msg = item_new(2);
	check_err(mpsc_try_send(&tx, msg), ERR_CLOSED);
	check_int(item_take(msg), 2);
	check_err(mpsc_try_reserve(&tx, &permit), ERR_CLOSED);
	check_true(permit.chan == NULL, "no permit from a closed channel");
	check_uint(items_dropped, 1);
	mpsc_sender_drop(&tx);
	poller_finish(&p);
}

/* tokio: sync_mpsc.rs unconsumed_messages_are_dropped, and the count of
 * drop_all_elements_during_panic (every element released when the receiver goes) */
void test_tokio_unconsumed_messages_are_dropped(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;

	items_reset();
	check_err(mpsc_channel(100, item_drop, &tx, &rx), 0);
	check_err(mpsc_try_send(&tx, item_new(1)), 0);
	check_uint(items_dropped, 0);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
	check_uint(items_dropped, 1);

	items_reset();
	check_err(mpsc_unbounded_channel(item_drop, &tx, &rx), 0);
	for (int64_t id = 1; id <= 3; id++)
		check_err(mpsc_unbounded_send(&tx, item_new(id)), 0);
	mpsc_receiver_drop(&rx);
	check_uint(items_dropped, 3);
	mpsc_sender_drop(&tx);
	check_uint(items_dropped, 3);
}

/* tokio: sync_mpsc.rs ready_close_cancel_bounded */
void test_tokio_ready_close_cancel_bounded(void **state)
{
	(void)state;
	struct mpsc_sender tx, tx2;
	struct mpsc_receiver rx;
	struct mpsc_permit permit;
	struct poller p, recv;
	union value v;

	poller_init(&p);
	poller_init(&recv);
	check_err(mpsc_channel(100, NULL, &tx, &rx), 0);
	tx2 = mpsc_sender_clone(&tx);
	reserve_now(&tx, &permit, &p);
	mpsc_receiver_close(&rx);
	check_int(mpsc_poll_recv(&rx, &recv.cx, &v), POLL_NEXT_PENDING);
	mpsc_permit_drop(&permit);
	check_uint(poller_woken(&recv), 1);
	check_int(mpsc_poll_recv(&rx, &recv.cx, &v), POLL_NEXT_END);
	mpsc_sender_drop(&tx);
	mpsc_sender_drop(&tx2);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
	poller_finish(&recv);
}

/* tokio: sync_mpsc.rs permit_available_not_acquired_close */
void test_tokio_permit_available_not_acquired_close(void **state)
{
	(void)state;
	struct mpsc_sender tx1, tx2;
	struct mpsc_receiver rx;
	struct mpsc_permit permit1, got;
	struct mpsc_reserve_op permit2;
	struct poller p, t2;
	union value v;
	int result;

	poller_init(&p);
	poller_init(&t2);
	check_err(mpsc_channel(1, NULL, &tx1, &rx), 0);
	tx2 = mpsc_sender_clone(&tx1);
	reserve_now(&tx1, &permit1, &p);
	mpsc_reserve_op_init(&permit2, &tx2);
	check_poll(mpsc_reserve_op_poll(&permit2, &t2.cx, &got, &result), POLL_PENDING);
	mpsc_receiver_close(&rx);
	mpsc_permit_drop(&permit1);
	check_uint(poller_woken(&t2), 1);
	mpsc_reserve_op_cancel(&permit2);
	check_int(mpsc_poll_recv(&rx, &p.cx, &v), POLL_NEXT_END);
	mpsc_sender_drop(&tx1);
	mpsc_sender_drop(&tx2);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
	poller_finish(&t2);
}

/* tokio: sync_mpsc.rs try_recv_bounded */
void test_tokio_try_recv_bounded(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	union value v;

	check_err(mpsc_channel(5, NULL, &tx, &rx), 0);
	for (int i = 0; i < 5; i++)
		check_err(mpsc_try_send(&tx, value_int(i)), 0);
	check_err(mpsc_try_send(&tx, value_int(5)), ERR_FULL);
	for (int i = 0; i < 5; i++) {
		check_err(mpsc_try_recv(&rx, &v), 0);
		check_int(v.i, i);
	}
	check_err(mpsc_try_recv(&rx, &v), ERR_EMPTY);
	for (int i = 0; i < 4; i++)
		check_err(mpsc_try_send(&tx, value_int(10 + i)), 0);
	check_err(mpsc_try_recv(&rx, &v), 0);
	check_int(v.i, 10);
	check_err(mpsc_try_send(&tx, value_int(14)), 0);
	check_err(mpsc_try_send(&tx, value_int(15)), 0);
	check_err(mpsc_try_send(&tx, value_int(16)), ERR_FULL);
	for (int i = 11; i <= 15; i++) {
		check_err(mpsc_try_recv(&rx, &v), 0);
		check_int(v.i, i);
	}
	check_err(mpsc_try_recv(&rx, &v), ERR_EMPTY);
	for (int i = 0; i < 3; i++)
		check_err(mpsc_try_send(&tx, value_int(20 + i)), 0);
	mpsc_sender_drop(&tx);
	for (int i = 0; i < 3; i++) {
		check_err(mpsc_try_recv(&rx, &v), 0);
		check_int(v.i, 20 + i);
	}
	check_err(mpsc_try_recv(&rx, &v), ERR_DISCONNECTED);
	mpsc_receiver_drop(&rx);
}

/* tokio: sync_mpsc.rs try_recv_unbounded */
void test_tokio_try_recv_unbounded(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	union value v;

	for (int num = 0; num < 100; num++) {
		check_err(mpsc_unbounded_channel(NULL, &tx, &rx), 0);
		for (int i = 0; i < num; i++)
			check_err(mpsc_unbounded_send(&tx, value_int(i)), 0);
		for (int i = 0; i < num; i++) {
			check_err(mpsc_try_recv(&rx, &v), 0);
			check_int(v.i, i);
		}
		check_err(mpsc_try_recv(&rx, &v), ERR_EMPTY);
		mpsc_sender_drop(&tx);
		check_err(mpsc_try_recv(&rx, &v), ERR_DISCONNECTED);
		mpsc_receiver_drop(&rx);
	}
}

/* tokio: sync_mpsc.rs try_recv_after_receiver_close, try_recv_close_while_empty_bounded,
 * try_recv_close_while_empty_unbounded */
void test_tokio_try_recv_close_while_empty(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	union value v;

	check_err(mpsc_channel(5, NULL, &tx, &rx), 0);
	check_err(mpsc_try_recv(&rx, &v), ERR_EMPTY);
	mpsc_receiver_close(&rx); /* a sender is alive, but nothing can come any more */
	check_err(mpsc_try_recv(&rx, &v), ERR_DISCONNECTED);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
	for (int unbounded = 0; unbounded < 2; unbounded++) {
		check_err(unbounded ? mpsc_unbounded_channel(NULL, &tx, &rx)
				    : mpsc_channel(5, NULL, &tx, &rx),
			  0);
		check_err(mpsc_try_recv(&rx, &v), ERR_EMPTY);
		mpsc_sender_drop(&tx);
		check_err(mpsc_try_recv(&rx, &v), ERR_DISCONNECTED);
		mpsc_receiver_drop(&rx);
	}
}

/* tokio: sync_mpsc.rs test_tx_capacity */
void test_tokio_tx_capacity(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct mpsc_permit permit;
	struct mpsc_send_op op;
	struct poller p;
	int result;

	poller_init(&p);
	check_err(mpsc_channel(10, NULL, &tx, &rx), 0);
	check_uint(mpsc_sender_capacity(&tx), 10);
	check_uint(mpsc_sender_max_capacity(&tx), 10);
	reserve_now(&tx, &permit, &p);
	check_uint(mpsc_sender_capacity(&tx), 9);
	check_uint(mpsc_sender_max_capacity(&tx), 10);
	mpsc_send_op_init(&op, &tx, value_int(0));
	check_poll(mpsc_send_op_poll(&op, &p.cx, &result), POLL_READY);
	check_uint(mpsc_sender_capacity(&tx), 8);
	check_uint(mpsc_sender_max_capacity(&tx), 10);
	mpsc_permit_drop(&permit);
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
	poller_finish(&p);
}

/* tokio: sync_mpsc.rs test_rx_is_closed_when_calling_close_with_sender,
 * test_rx_is_closed_when_dropping_all_senders, test_rx_is_not_closed_when_there_are_senders,
 * test_rx_is_not_closed_when_there_are_senders_and_buffer_filled,
 * test_rx_is_closed_when_there_are_no_senders_and_there_are_messages,
 * test_rx_is_closed_when_there_are_messages_and_close_is_called,
 * test_rx_is_not_closed_when_there_are_permits_but_not_senders, and their
 * test_rx_unbounded_... twins */
void test_tokio_rx_is_closed(void **state)
{
	(void)state;
	struct mpsc_sender tx, tx2;
	struct mpsc_receiver rx;
	struct mpsc_permit permit;

	for (int unbounded = 0; unbounded < 2; unbounded++) {
#define NEW_CHANNEL()                                                                     \
	check_err(unbounded ? mpsc_unbounded_channel(NULL, &tx, &rx)                       \
			    : mpsc_channel(10, NULL, &tx, &rx),                            \
		  0)
#define SEND(i)                                                                           \
	check_err(unbounded ? mpsc_unbounded_send(&tx, value_int(i))                       \
			    : mpsc_try_send(&tx, value_int(i)),                            \
		  0)
		NEW_CHANNEL(); /* close with a sender alive */
		check_true(!mpsc_receiver_is_closed(&rx), "a sender is alive: not closed");
		mpsc_receiver_close(&rx);
		check_true(mpsc_receiver_is_closed(&rx), "closed by the receiver");
		mpsc_sender_drop(&tx);
		mpsc_receiver_drop(&rx);

		NEW_CHANNEL(); /* every sender dropped */
		tx2 = mpsc_sender_clone(&tx);
		mpsc_sender_drop(&tx2);
		check_true(!mpsc_receiver_is_closed(&rx), "one sender left: not closed");
		mpsc_sender_drop(&tx);
		check_true(mpsc_receiver_is_closed(&rx), "no sender left: closed");
		mpsc_receiver_drop(&rx);

		NEW_CHANNEL(); /* a full buffer is not a closed channel */
		for (int i = 0; i < 10; i++)
			SEND(i);
		check_true(!mpsc_receiver_is_closed(&rx), "full, with a sender: not closed");
		mpsc_receiver_close(&rx);
		check_true(mpsc_receiver_is_closed(&rx), "messages and close: closed");
		mpsc_sender_drop(&tx);
		mpsc_receiver_drop(&rx);

		NEW_CHANNEL(); /* messages buffered, no sender */
		for (int i = 0; i < 10; i++)
			SEND(i);
		mpsc_sender_drop(&tx);
		check_true(mpsc_receiver_is_closed(&rx), "messages, no sender: closed");
		mpsc_receiver_drop(&rx);
#undef NEW_CHANNEL
#undef SEND
	}
	/* A permit without a sender keeps it open (bounded only: tokio's
	 * reserve_owned). */
	check_err(mpsc_channel(10, NULL, &tx, &rx), 0);
	check_err(mpsc_try_reserve(&tx, &permit), 0);
	mpsc_sender_drop(&tx);
	check_true(!mpsc_receiver_is_closed(&rx), "a permit, no sender: not closed");
	mpsc_permit_drop(&permit);
	check_true(mpsc_receiver_is_closed(&rx), "the permit gone: closed");
	mpsc_receiver_drop(&rx);
}

/* tokio: sync_mpsc.rs test_rx_is_empty_when_no_messages_were_sent,
 * test_rx_is_not_empty_when_there_are_messages_in_the_buffer,
 * test_rx_is_not_empty_when_the_buffer_is_full,
 * test_rx_is_not_empty_when_all_but_one_messages_are_consumed,
 * test_rx_is_empty_when_all_messages_are_consumed,
 * test_rx_is_empty_all_senders_are_dropped_and_messages_consumed,
 * test_is_empty_32_msgs, and the test_rx_unbounded_is_... twins */
void test_tokio_rx_is_empty(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	union value v;

	for (int unbounded = 0; unbounded < 2; unbounded++) {
		check_err(unbounded ? mpsc_unbounded_channel(NULL, &tx, &rx)
				    : mpsc_channel(10, NULL, &tx, &rx),
			  0);
		check_true(mpsc_receiver_is_empty(&rx), "nothing sent: empty");
		for (int i = 0; i < 10; i++) {
			check_err(unbounded ? mpsc_unbounded_send(&tx, value_int(i))
					    : mpsc_try_send(&tx, value_int(i)),
				  0);
			check_true(!mpsc_receiver_is_empty(&rx), "a message buffered: not empty");
		}
		mpsc_sender_drop(&tx);
		for (int i = 0; i < 9; i++)
			check_err(mpsc_try_recv(&rx, &v), 0);
		check_true(!mpsc_receiver_is_empty(&rx), "all but one consumed: not empty");
		check_err(mpsc_try_recv(&rx, &v), 0);
		check_true(mpsc_receiver_is_empty(&rx), "all consumed: empty");
		mpsc_receiver_drop(&rx);
	}
	/* test_is_empty_32_msgs: a send and a receive, 256 times over. */
	check_err(mpsc_channel(33, NULL, &tx, &rx), 0);
	for (int i = 1; i < 257; i++) {
		check_err(mpsc_try_send(&tx, value_int(i)), 0);
		check_err(mpsc_try_recv(&rx, &v), 0);
		check_true(mpsc_receiver_is_empty(&rx), "%d. len: %zu", i, mpsc_receiver_len(&rx));
	}
	mpsc_sender_drop(&tx);
	mpsc_receiver_drop(&rx);
}

/* tokio: sync_mpsc.rs test_rx_len_on_empty_channel, test_rx_len_on_empty_channel_without_senders,
 * test_rx_len_on_filled_channel, test_rx_len_on_filled_channel_without_senders,
 * test_rx_len_when_consuming_all_messages, test_rx_len_when_close_is_called,
 * test_rx_len_when_close_is_called_before_dropping_sender,
 * test_rx_len_when_close_is_called_after_dropping_sender, and the test_rx_unbounded_len_... twins */
void test_tokio_rx_len(void **state)
{
	(void)state;
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	union value v;

	for (int unbounded = 0; unbounded < 2; unbounded++) {
#define NEW_CHANNEL()                                                                     \
	check_err(unbounded ? mpsc_unbounded_channel(NULL, &tx, &rx)                       \
			    : mpsc_channel(100, NULL, &tx, &rx),                           \
		  0)
#define SEND(i)                                                                           \
	check_err(unbounded ? mpsc_unbounded_send(&tx, value_int(i))                       \
			    : mpsc_try_send(&tx, value_int(i)),                            \
		  0)
		NEW_CHANNEL();
		check_uint(mpsc_receiver_len(&rx), 0);
		mpsc_sender_drop(&tx);
		check_uint(mpsc_receiver_len(&rx), 0); /* the end is not a message */
		mpsc_receiver_drop(&rx);

		NEW_CHANNEL();
		for (int i = 0; i < 100; i++) {
			SEND(i);
			check_uint(mpsc_receiver_len(&rx), (size_t)i + 1);
		}
		mpsc_sender_drop(&tx);
		check_uint(mpsc_receiver_len(&rx), 100);
		for (int i = 99; i >= 0; i--) {
			check_err(mpsc_try_recv(&rx, &v), 0);
			check_uint(mpsc_receiver_len(&rx), (size_t)i);
		}
		mpsc_receiver_drop(&rx);

		for (int order = 0; order < 3; order++) { /* close only, close then drop, drop then close */
			NEW_CHANNEL();
			SEND(1);
			if (order == 2)
				mpsc_sender_drop(&tx);
			mpsc_receiver_close(&rx);
			if (order == 1)
				mpsc_sender_drop(&tx);
			check_uint(mpsc_receiver_len(&rx), 1);
			mpsc_sender_drop(&tx);
			mpsc_receiver_drop(&rx);
		}
#undef NEW_CHANNEL
#undef SEND
	}
}
