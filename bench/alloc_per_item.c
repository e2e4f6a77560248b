/*
 * alloc_per_item.c: a steady-state pipeline allocates when it is built, never
 * per item. A producer task sends 0..N-1 into a bounded channel; the consumer
 * task folds the receiver stream through map(x * 2) and filter(x % 3 != 0).
 * The program runs it for two sizes and prints how many allocations each run
 * made: the two counts must be equal. Exit status 1 if they are not, or if a
 * checksum is wrong.
 *
 *     make bench-alloc_per_item            (ARGS="1000 100000" by default)
 */
#include "combinators.h"
#include "error.h"
#include "executor.h"
#include "mem.h"
#include "mpsc.h"
#include "receiver_stream.h"

#include <stdio.h>
#include <stdlib.h>

/* ---- the producer: sends 0..n-1, then drops its sender ---------------- */

struct producer {
	struct future base;
	struct mpsc_sender tx;
	struct mpsc_send_op send;
	bool sending;
	int64_t next, n;
};

static enum poll producer_poll(struct future *self, struct context *cx, union value *out)
{
	struct producer *p = container_of(self, struct producer, base);
	int result;

	for (;;) {
		if (!p->sending) {
			if (p->next == p->n)
				break;
			mpsc_send_op_init(&p->send, &p->tx, value_int(p->next++));
			p->sending = true;
		}
		if (mpsc_send_op_poll(&p->send, cx, &result) == POLL_PENDING)
			return POLL_PENDING; /* the channel keeps our waker */
		p->sending = false;
		if (result != 0)
			break; /* the consumer went away */
	}
	mpsc_sender_drop(&p->tx); /* the end of the stream for the consumer */
	*out = value_int(0);
	return POLL_READY;
}

static void producer_drop(struct future *self)
{
	struct producer *p = container_of(self, struct producer, base);
	union value back;
	if (p->sending)
		mpsc_send_op_cancel(&p->send, &back);
	mpsc_sender_drop(&p->tx);
	mem_free(p);
}

static const struct future_vtable producer_vtable = {"producer", producer_poll, producer_drop,
						     NULL};

/* ---- the stages ---------------------------------------------------------- */

static union value times_two(union value item, void *env)
{
	(void)env;
	return value_int(item.i * 2);
}

static bool not_multiple_of_3(const union value *item, void *env)
{
	(void)env;
	return item->i % 3 != 0;
}

static union value add(union value acc, union value item, void *env)
{
	(void)env;
	return value_int(acc.i + item.i);
}

/* The sum of 2x over 0 <= x < n with 2x not a multiple of 3. */
static int64_t expected_sum(int64_t n)
{
	int64_t all = n * (n - 1); /* sum of 2x */
	int64_t k = (n - 1) / 3;   /* x = 3j, 0 <= j <= k */
	return all - 6 * (k * (k + 1) / 2);
}

/* Runs the pipeline for n items; returns the allocations it made, or -1. */
static long long run(int64_t n, size_t capacity)
{
	uint64_t before = mem_total_allocs();
	struct mpsc_sender tx;
	struct mpsc_receiver rx;
	struct executor *ex = executor_new(NULL);
	struct producer *p = mem_alloc(sizeof *p);
	if (ex == NULL || p == NULL || mpsc_channel(capacity, NULL, &tx, &rx) != 0) {
		fprintf(stderr, "out of memory building the pipeline\n");
		exit(1);
	}
	future_init(&p->base, &producer_vtable);
	p->tx = tx;
	p->sending = false;
	p->next = 0;
	p->n = n;
	struct stream *s = stream_from_receiver(&rx);
	s = s ? stream_map(s, times_two, NULL, NULL) : NULL;
	s = s ? stream_filter(s, not_multiple_of_3, NULL) : NULL;
	struct future *sum = s ? stream_fold(s, value_int(0), add, NULL) : NULL;
	union value total;
	if (sum == NULL || executor_spawn(ex, "producer", &p->base, NULL) != 0 ||
	    executor_block_on(ex, sum, &total) != 0) {
		fprintf(stderr, "the pipeline did not run to its end\n");
		exit(1);
	}
	executor_drop(ex);
	if (total.i != expected_sum(n)) {
		fprintf(stderr, "checksum: expected %lld, got %lld\n", (long long)expected_sum(n),
			(long long)total.i);
		return -1;
	}
	return (long long)(mem_total_allocs() - before);
}

int main(int argc, char **argv)
{
	int64_t small = argc > 1 ? atoll(argv[1]) : 1000;
	int64_t large = argc > 2 ? atoll(argv[2]) : 100000;
	const size_t capacities[] = {1, 16, 1024};
	int status = 0;

	printf("%-10s %14s %14s\n", "capacity", "allocs/run", "allocs/run");
	printf("%-10s %14lld %14lld  (items)\n", "", (long long)small, (long long)large);
	for (size_t i = 0; i < sizeof capacities / sizeof capacities[0]; i++) {
		long long a = run(small, capacities[i]), b = run(large, capacities[i]);
		printf("%-10zu %14lld %14lld  %s\n", capacities[i], a, b,
		       a >= 0 && a == b ? "same: none per item" : "DIFFERENT");
		if (a < 0 || a != b)
			status = 1;
	}
	if (mem_live_blocks() != 0) {
		printf("%zu block(s) still allocated at the end\n", mem_live_blocks());
		status = 1;
	}
	return status;
}
