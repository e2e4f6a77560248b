/*
 * stream_cost.c: what it costs to move one integer through a stream.
 *
 * The same N integers (0, 1, ..., N - 1) go through six pipes, from the
 * cheapest to the dearest, and each case prints one line:
 *
 *     case=<name> items=N ns_per_item=X checksum=Y
 *
 * - loop:            a plain C loop over an array: the floor.
 * - iter:            stream_iter_new() over the same array, polled by hand
 *                    with a no-op waker, through stream_poll_next().
 * - range:           stream_range_new(0, N), polled the same way.
 * - range_next:      the range again, one stream_next() future per item,
 *                    polled once and dropped: what `while let Some(x) =
 *                    s.next().await` costs when each next is a heap future.
 * - channel_by_hand: a bounded channel (capacity 1024) wrapped by
 *                    stream_from_receiver(), filled with mpsc_try_send()
 *                    until full, then drained through the stream, in turn,
 *                    with no executor: the channel's own bookkeeping.
 * - channel_tasks:   the same channel and stream between a producer task and
 *                    a consumer task on the chapter 2 executor: the
 *                    bookkeeping plus wakes, the run queue and task polls.
 *
 * Each case runs three times and keeps the fastest. The checksum is the sum
 * of the items received, checked against N(N - 1)/2; a mismatch exits 1.
 *
 *     make bench-stream_cost                 N = 1,000,000
 *     make bench-stream_cost ARGS=10000000   N from the command line
 */
#include "executor.h"
#include "mpsc.h"
#include "receiver_stream.h"
#include "stream.h"

#include "mem.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define CHANNEL_CAPACITY 1024
#define RUNS 3

static uint64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

_Noreturn static void die(const char *what)
{
	fprintf(stderr, "stream_cost: %s\n", what);
	exit(2);
}

/* Polls s with a no-op waker until it ends; every answer must be an item
 * until then (these streams are always ready). */
static uint64_t drain_by_hand(struct stream *s)
{
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	union value item;
	uint64_t sum = 0;
	enum poll_next answer;

	while ((answer = stream_poll_next(s, &cx, &item)) == POLL_NEXT_ITEM)
		sum += (uint64_t)item.i;
	if (answer != POLL_NEXT_END)
		die("an always-ready stream answered Pending");
	return sum;
}

/* ---- the cases ------------------------------------------------------------ */

static uint64_t case_loop(const union value *items, uint64_t n)
{
	uint64_t sum = 0;
	for (uint64_t i = 0; i < n; i++)
		sum += (uint64_t)items[i].i;
	return sum;
}

static uint64_t case_iter(const union value *items, uint64_t n)
{
	struct stream *s = stream_iter_new(items, (size_t)n, NULL);
	if (s == NULL)
		die("out of memory");
	uint64_t sum = drain_by_hand(s);
	stream_drop(s);
	return sum;
}

static uint64_t case_range(const union value *items, uint64_t n)
{
	(void)items;
	struct stream *s = stream_range_new(0, (int64_t)n);
	if (s == NULL)
		die("out of memory");
	uint64_t sum = drain_by_hand(s);
	stream_drop(s);
	return sum;
}

static uint64_t case_range_next(const union value *items, uint64_t n)
{
	(void)items;
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	struct stream *s = stream_range_new(0, (int64_t)n);
	uint64_t sum = 0;

	if (s == NULL)
		die("out of memory");
	for (;;) {
		union value slot, more;
		struct future *next = stream_next(s, &slot);
		if (next == NULL)
			die("out of memory");
		if (future_poll(next, &cx, &more) != POLL_READY)
			die("next of a range answered Pending");
		future_drop(next);
		if (more.i == 0)
			break;
		sum += (uint64_t)slot.i;
	}
	stream_drop(s);
	return sum;
}

static uint64_t case_channel_by_hand(const union value *items, uint64_t n)
{
	(void)items;
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct stream *s;
	union value item;
	uint64_t sent = 0, sum = 0;

	if (mpsc_channel(CHANNEL_CAPACITY, NULL, &tx, &rx) != 0 ||
	    (s = stream_from_receiver(&rx)) == NULL)
		die("out of memory");
	while (sent < n) {
		while (sent < n && mpsc_try_send(&tx, value_int((int64_t)sent)) == 0)
			sent++; /* fill until full (or done) */
		while (stream_poll_next(s, &cx, &item) == POLL_NEXT_ITEM)
			sum += (uint64_t)item.i; /* drain until Pending */
	}
	mpsc_sender_drop(&tx);
	if (stream_poll_next(s, &cx, &item) != POLL_NEXT_END)
		die("the channel did not end");
	stream_drop(s);
	return sum;
}

/* The producer task: sends 0..n-1 with an embedded send operation, waiting
 * (Pending) whenever the channel is full; drops its sender at the end. */
struct producer {
	struct future base;
	struct mpsc_sender tx;
	struct mpsc_send_op op;
	bool sending;
	uint64_t next, n;
};

static enum poll producer_poll(struct future *self, struct context *cx, union value *out)
{
	struct producer *p = container_of(self, struct producer, base);
	int result;

	for (;;) {
		if (!p->sending) {
			if (p->next == p->n) {
				mpsc_sender_drop(&p->tx);
				*out = value_int(0);
				return POLL_READY;
			}
			mpsc_send_op_init(&p->op, &p->tx, value_int((int64_t)p->next));
			p->sending = true;
		}
		if (mpsc_send_op_poll(&p->op, cx, &result) == POLL_PENDING)
			return POLL_PENDING;
		if (result != 0)
			die("send failed");
		p->sending = false;
		p->next++;
	}
}

static void producer_drop(struct future *self)
{
	struct producer *p = container_of(self, struct producer, base);
	if (p->sending)
		mpsc_send_op_cancel(&p->op, NULL);
	mpsc_sender_drop(&p->tx);
	mem_free(p);
}

static const struct future_vtable producer_vtable = {"producer", producer_poll, producer_drop,
						     NULL};

/* The consumer task: polls the stream until Pending or the end. */
struct consumer {
	struct future base;
	struct stream *s;
	uint64_t *sum;
};

static enum poll consumer_poll(struct future *self, struct context *cx, union value *out)
{
	struct consumer *c = container_of(self, struct consumer, base);
	union value item;

	for (;;) {
		switch (stream_poll_next(c->s, cx, &item)) {
		case POLL_NEXT_ITEM:
			*c->sum += (uint64_t)item.i;
			break;
		case POLL_NEXT_PENDING:
			return POLL_PENDING;
		case POLL_NEXT_ERROR: /* none of these streams can fail */
		case POLL_NEXT_END:
			*out = value_int(0);
			return POLL_READY;
		}
	}
}

static void consumer_drop(struct future *self)
{
	struct consumer *c = container_of(self, struct consumer, base);
	stream_drop(c->s);
	mem_free(c);
}

static const struct future_vtable consumer_vtable = {"consumer", consumer_poll, consumer_drop,
						     NULL};

static uint64_t case_channel_tasks(const union value *items, uint64_t n)
{
	(void)items;
	struct executor *ex = executor_new(NULL);
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct producer *p = mem_zalloc(sizeof *p);
	struct consumer *c = mem_zalloc(sizeof *c);
	uint64_t sum = 0;

	if (ex == NULL || p == NULL || c == NULL ||
	    mpsc_channel(CHANNEL_CAPACITY, NULL, &tx, &rx) != 0 ||
	    (c->s = stream_from_receiver(&rx)) == NULL)
		die("out of memory");
	future_init(&p->base, &producer_vtable);
	p->tx = tx;
	p->n = n;
	future_init(&c->base, &consumer_vtable);
	c->sum = &sum;
	if (executor_spawn(ex, "consumer", &c->base, NULL) != 0 ||
	    executor_spawn(ex, "producer", &p->base, NULL) != 0)
		die("out of memory");
	if (executor_run(ex) != 0)
		die("the executor stalled");
	executor_drop(ex);
	return sum;
}

/* ---- the driver ------------------------------------------------------------ */

struct bench_case {
	const char *name;
	uint64_t (*run)(const union value *items, uint64_t n);
};

static const struct bench_case cases[] = {
	{"loop", case_loop},
	{"iter", case_iter},
	{"range", case_range},
	{"range_next", case_range_next},
	{"channel_by_hand", case_channel_by_hand},
	{"channel_tasks", case_channel_tasks},
};

int main(int argc, char **argv)
{
	uint64_t n = 1000000;
	int status = 0;

	if (argc > 1) {
		char *end;
		n = strtoull(argv[1], &end, 10);
		if (*end != '\0' || n == 0 || n > (uint64_t)INT64_MAX || n > SIZE_MAX / 16)
			die("usage: stream_cost [N], N a positive item count");
	}
	union value *items = malloc((size_t)n * sizeof *items);
	if (items == NULL)
		die("out of memory");
	for (uint64_t i = 0; i < n; i++)
		items[i] = value_int((int64_t)i);
	/* Computed in halves so that n(n - 1) cannot overflow before dividing. */
	const uint64_t expected = (n % 2 == 0) ? (n / 2) * (n - 1) : n * ((n - 1) / 2);

	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		uint64_t best = UINT64_MAX, sum = 0;
		for (int run = 0; run < RUNS; run++) {
			uint64_t start = now_ns();
			sum = cases[k].run(items, n);
			uint64_t took = now_ns() - start;
			if (took < best)
				best = took;
		}
		printf("case=%s items=%" PRIu64 " ns_per_item=%.2f checksum=%" PRIu64 "\n",
		       cases[k].name, n, (double)best / (double)n, sum);
		if (sum != expected) {
			fprintf(stderr, "stream_cost: case %s: checksum %" PRIu64 ", expected %" PRIu64
					"\n",
				cases[k].name, sum, expected);
			status = 1;
		}
		if (mem_live_blocks() != 0) {
			fprintf(stderr, "stream_cost: case %s leaked %zu block(s)\n", cases[k].name,
				mem_live_blocks());
			status = 1;
		}
	}
	free(items);
	return status;
}
