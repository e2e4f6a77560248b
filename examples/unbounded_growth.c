/*
 * unbounded_growth.c: why a channel needs a bound (chapter 6).
 *
 *   make example-unbounded_growth
 *
 * A producer makes one item (a 64-byte block) per millisecond; a consumer
 * takes one every 5 ms. Through an unbounded channel the producer never
 * waits, so the items it is ahead pile up in the channel: the count of
 * buffered items and of live blocks grows by about 4 per 5 ms for as long
 * as the producer runs. Through a channel of 8 the producer's send waits
 * whenever the channel is full, so it is slowed to the consumer's pace and
 * memory stays flat at a handful of blocks. Both runs are on the virtual
 * clock; a monitor task prints the figures every 100 ms.
 */
#include "error.h"
#include "executor.h"
#include "mem.h"
#include "mpsc.h"
#include "timer.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>

#define ITEMS 300

static void block_drop(union value v)
{
	mem_free(v.ptr);
}

/* ---- the producer: one block per ms, sent with or without waiting ------------ */

struct producer {
	struct future base;
	struct executor *ex;
	struct mpsc_sender tx;
	bool bounded;
	size_t sent;
	bool sending;          /* op holds a block waiting for room */
	struct mpsc_send_op op;
	struct future *sleep;
};

static enum poll producer_poll(struct future *self, struct context *cx, union value *out)
{
	struct producer *p = container_of(self, struct producer, base);
	union value v;
	int result;

	for (;;) {
		if (p->sleep != NULL) {
			if (future_poll(p->sleep, cx, &v) == POLL_PENDING)
				return POLL_PENDING;
			future_drop(p->sleep);
			p->sleep = NULL;
		}
		if (p->sent == ITEMS) {
			mpsc_sender_drop(&p->tx);
			*out = value_int(0);
			return POLL_READY;
		}
		if (p->bounded) {
			if (!p->sending) {
				void *block = mem_alloc(64);
				if (block == NULL)
					break;
				mpsc_send_op_init(&p->op, &p->tx, value_ptr(block));
				p->sending = true;
			}
			if (mpsc_send_op_poll(&p->op, cx, &result) == POLL_PENDING)
				return POLL_PENDING; /* full: this is the backpressure */
			p->sending = false;
		} else {
			void *block = mem_alloc(64);
			if (block == NULL || mpsc_unbounded_send(&p->tx, value_ptr(block)) != 0) {
				mem_free(block);
				break;
			}
		}
		p->sent++;
		if ((p->sleep = timer_sleep(p->ex, 1)) == NULL)
			break;
	}
	mpsc_sender_drop(&p->tx);
	*out = value_int(ERR_NOMEM);
	return POLL_READY;
}

static void producer_drop(struct future *self)
{
	struct producer *p = container_of(self, struct producer, base);

	if (p->sending)
		mpsc_send_op_cancel(&p->op, NULL);
	future_drop(p->sleep);
	mpsc_sender_drop(&p->tx);
	mem_free(p);
}

static const struct future_vtable producer_vtable = {
	.name = "producer", .poll = producer_poll, .drop = producer_drop, .drop_output = NULL,
};

/* ---- the consumer (one item per 5 ms) and the monitor (a line per 100 ms) ------ */

struct consumer {
	struct future base;
	struct executor *ex;
	struct mpsc_receiver *rx; /* borrowed */
	bool *done;               /* set at the end, for the monitor */
	struct future *sleep;
};

static enum poll consumer_poll(struct future *self, struct context *cx, union value *out)
{
	struct consumer *k = container_of(self, struct consumer, base);
	union value v;

	for (;;) {
		if (k->sleep != NULL) {
			if (future_poll(k->sleep, cx, &v) == POLL_PENDING)
				return POLL_PENDING;
			future_drop(k->sleep);
			k->sleep = NULL;
		}
		enum poll_next r = mpsc_poll_recv(k->rx, cx, &v);
		if (r == POLL_NEXT_PENDING)
			return POLL_PENDING;
		if (r == POLL_NEXT_END) {
			*k->done = true;
			*out = value_int(0);
			return POLL_READY;
		}
		mem_free(v.ptr);
		if ((k->sleep = timer_sleep(k->ex, 5)) == NULL) {
			*k->done = true;
			*out = value_int(ERR_NOMEM);
			return POLL_READY;
		}
	}
}

static void consumer_drop(struct future *self)
{
	struct consumer *k = container_of(self, struct consumer, base);

	future_drop(k->sleep);
	mem_free(k);
}

static const struct future_vtable consumer_vtable = {
	.name = "consumer", .poll = consumer_poll, .drop = consumer_drop, .drop_output = NULL,
};

struct monitor {
	struct future base;
	struct executor *ex;
	struct mpsc_receiver *rx; /* borrowed */
	const bool *done;
	size_t base_blocks;       /* live blocks before the run */
	struct future *sleep;
};

static enum poll monitor_poll(struct future *self, struct context *cx, union value *out)
{
	struct monitor *m = container_of(self, struct monitor, base);
	union value v;

	for (;;) {
		if (m->sleep != NULL) {
			if (future_poll(m->sleep, cx, &v) == POLL_PENDING)
				return POLL_PENDING;
			future_drop(m->sleep);
			m->sleep = NULL;
		}
		printf("  t=%4" PRIu64 " ms  buffered %3zu  live blocks %3zu\n", executor_now(m->ex),
		       mpsc_receiver_len(m->rx), mem_live_blocks() - m->base_blocks);
		if (*m->done || (m->sleep = timer_sleep(m->ex, 100)) == NULL) {
			*out = value_int(0);
			return POLL_READY;
		}
	}
}

static void monitor_drop(struct future *self)
{
	struct monitor *m = container_of(self, struct monitor, base);

	future_drop(m->sleep);
	mem_free(m);
}

static const struct future_vtable monitor_vtable = {
	.name = "monitor", .poll = monitor_poll, .drop = monitor_drop, .drop_output = NULL,
};

static int run(bool bounded)
{
	struct executor *ex = executor_new(NULL);
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	bool done = false;
	size_t base = mem_live_blocks();
	struct producer *p = mem_zalloc(sizeof *p);
	struct consumer *k = mem_zalloc(sizeof *k);
	struct monitor *m = mem_zalloc(sizeof *m);
	int err = bounded ? mpsc_channel(8, block_drop, &tx, &rx)
			  : mpsc_unbounded_channel(block_drop, &tx, &rx);

	if (ex == NULL || p == NULL || k == NULL || m == NULL || err != 0)
		return ERR_NOMEM; /* a demo: no clean-up on this path */
	printf("%s channel:\n", bounded ? "A bounded (8)" : "An unbounded");
	future_init(&p->base, &producer_vtable);
	p->ex = ex, p->tx = tx, p->bounded = bounded;
	future_init(&k->base, &consumer_vtable);
	k->ex = ex, k->rx = &rx, k->done = &done;
	future_init(&m->base, &monitor_vtable);
	m->ex = ex, m->rx = &rx, m->done = &done, m->base_blocks = base;
	executor_spawn(ex, "producer", &p->base, NULL);
	executor_spawn(ex, "consumer", &k->base, NULL);
	executor_spawn(ex, "monitor", &m->base, NULL);
	err = executor_run(ex);
	printf("  all %d items consumed at %" PRIu64 " ms\n\n", ITEMS, executor_now(ex));
	executor_drop(ex);
	mpsc_receiver_drop(&rx);
	return err;
}

int main(void)
{
	if (run(false) != 0 || run(true) != 0)
		return 1;
	return 0;
}
