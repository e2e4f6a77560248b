/*
 * fan_out.c: one source, three consumers of different speeds, one of which
 * leaves halfway (chapter 6).
 *
 *   make example-fan_out
 *
 * Thirty numbers go through stream_fan_out() into three channels of 4. The
 * consumers take 10, 30 and 50 ms per item; the slow one stops after 8
 * items and drops its receiver. While all three are there, the fan-out can
 * only go as fast as the slowest: an item leaves the source once every sink
 * has taken it, so the fast consumers idle. Once the slow one is gone the
 * fan-out notices at its next send, removes that sink, and the pace becomes
 * the 30 ms of the middle one. No channel ever holds more than 4 items.
 */
#include "backpressure.h"
#include "error.h"
#include "executor.h"
#include "mem.h"
#include "receiver_stream.h"
#include "timer.h"

#include <inttypes.h>
#include <stdio.h>

struct consumer {
	struct future base;
	struct executor *ex;
	const char *name;
	struct stream *items;  /* owned; dropped when the consumer leaves */
	uint64_t per_item_ms;
	size_t limit;          /* leave after this many items */
	size_t got;
	uint64_t at[32];       /* when each item arrived */
	struct future *sleep;  /* the time spent on the latest item */
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
		if (k->got == k->limit) {
			stream_drop(k->items); /* leaving: the receiver goes, the sink closes */
			k->items = NULL;
			*out = value_int(0);
			return POLL_READY;
		}
		enum poll_next r = stream_poll_next(k->items, cx, &v);
		if (r == POLL_NEXT_PENDING)
			return POLL_PENDING;
		if (r != POLL_NEXT_ITEM) {
			*out = value_int(0);
			return POLL_READY;
		}
		k->at[k->got++] = executor_now(k->ex);
		k->sleep = timer_sleep(k->ex, k->per_item_ms);
		if (k->sleep == NULL) {
			*out = value_int(ERR_NOMEM);
			return POLL_READY;
		}
	}
}

static void consumer_drop(struct future *self)
{
	struct consumer *k = container_of(self, struct consumer, base);

	future_drop(k->sleep);
	stream_drop(k->items);
}

static const struct future_vtable consumer_vtable = {
	.name = "consumer", .poll = consumer_poll, .drop = consumer_drop, .drop_output = NULL,
};

int main(void)
{
	static struct consumer consumers[3] = {
		{.name = "fast", .per_item_ms = 10, .limit = 30},
		{.name = "middle", .per_item_ms = 30, .limit = 30},
		{.name = "slow", .per_item_ms = 50, .limit = 8},
	};
	struct mpsc_sender tx[3];
	struct mpsc_receiver rx[3];
	struct future *fan_out;
	struct executor *ex = executor_new(NULL);
	union value result;

	if (ex == NULL)
		return 1;
	for (int i = 0; i < 3; i++) {
		if (mpsc_channel(4, NULL, &tx[i], &rx[i]) != 0)
			return 1;
		consumers[i].ex = ex;
		consumers[i].items = stream_from_receiver(&rx[i]);
		future_init(&consumers[i].base, &consumer_vtable);
		/* The consumers are static: the executor must not free them, so
		 * each runs inside a task that only borrows it. */
		if (consumers[i].items == NULL ||
		    executor_spawn(ex, consumers[i].name, &consumers[i].base, NULL) != 0)
			return 1;
	}
	if (stream_fan_out(stream_range_new(0, 30), tx, 3, NULL, NULL, &fan_out) != 0)
		return 1;
	if (executor_block_on(ex, fan_out, &result) != 0)
		return 1;
	printf("fan-out ended at %" PRIu64 " ms: %s\n", executor_now(ex),
	       result.i == 0 ? "the source ended" : err_strerror((int)result.i));
	if (executor_run(ex) != 0)
		return 1;
	for (int i = 0; i < 3; i++) {
		const struct consumer *k = &consumers[i];
		printf("%-6s (%2" PRIu64 " ms per item): %2zu items;", k->name, k->per_item_ms, k->got);
		for (size_t j = 0; j < k->got; j += (j < 10 ? 1 : 5))
			printf(" #%zu@%" PRIu64, j, k->at[j]);
		printf("\n");
	}
	executor_drop(ex);
	return 0;
}
