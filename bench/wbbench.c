/*
 * wbbench.c: what one item costs in each kind of pipeline.
 *
 * Every pipeline pushes the integers 0..N-1 through the same three stages,
 * map(x * 2) -> filter(x % 3 != 0) -> fold(+), and checks the sum against its
 * closed form. They differ in where the integers come from:
 *
 *   chan1024, chan16, chan1  a producer task sends into a bounded channel of
 *                            that capacity; the consumer is the receiver
 *                            stream with the three stages, on one executor.
 *   unbounded                the same with the unbounded channel (the
 *                            producer sends everything in its first poll, as
 *                            an UnboundedSender never waits).
 *   iter                     no channel: a range stream.
 *   loop                     a plain C loop doing the same arithmetic: the
 *                            floor.
 *   buffered16, unordered16  a stream of ready futures through buffered(16)
 *                            or buffer_unordered(16), then the three stages.
 *
 * Usage:
 *   wbbench NAME N   one run: RESULT name=NAME items=N ns_per_item=X checksum=S
 *   wbbench N        every pipeline at N and 2N, checksums checked (smoke)
 *   wbbench alloc    allocations per run of each pipeline at two sizes
 *   wbbench peak N   peak heap with a fast producer and a slow consumer, at N and 4N
 * Exit status 1 when a checksum is wrong (or, for alloc, when a pipeline
 * other than unbounded allocates per item); 2 on a usage error.
 *
 * Sums wrap modulo 2^64 on both sides (unsigned arithmetic), so a check holds
 * for any N.
 */
#include "backpressure.h"
#include "combinators.h"
#include "error.h"
#include "executor.h"
#include "futures.h"
#include "mem.h"
#include "mpsc.h"
#include "receiver_stream.h"
#include "stream.h"
#include "waker.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
#include <malloc.h>
#define HAVE_MALLINFO2 1
#else
#define HAVE_MALLINFO2 0
#endif

_Noreturn static void die(const char *what)
{
	fprintf(stderr, "wbbench: %s\n", what);
	exit(2);
}

static uint64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* ---- the arithmetic and its closed form ------------------------------------ */

static union value times_two(union value item, void *env)
{
	(void)env;
	return value_uint(item.u * 2);
}

static bool not_multiple_of_3(const union value *item, void *env)
{
	(void)env;
	return item->u % 3 != 0;
}

static union value add(union value acc, union value item, void *env)
{
	(void)env;
	return value_uint(acc.u + item.u);
}

/* a * b / 2 modulo 2^64, one of a and b being even. */
static uint64_t half_product(uint64_t a, uint64_t b)
{
	return a % 2 == 0 ? (a / 2) * b : a * (b / 2);
}

/* The sum of 2x over 0 <= x < n with 2x not a multiple of 3, modulo 2^64:
 * all the 2x, n(n - 1), minus the 2x = 6j for 0 <= j <= k = (n - 1) / 3. */
static uint64_t expected_sum(uint64_t n)
{
	if (n == 0)
		return 0;
	uint64_t k = (n - 1) / 3;
	return 2 * half_product(n, n - 1) - 6 * half_product(k, k + 1);
}

/* The floor: the same work with no stream at all. noinline so that the
 * compiler cannot fold it into main's constant arguments. */
__attribute__((noinline)) static uint64_t plain_loop(uint64_t n)
{
	uint64_t sum = 0;
	for (uint64_t x = 0; x < n; x++) {
		uint64_t y = x * 2;
		if (y % 3 != 0)
			sum += y;
	}
	return sum;
}

/* ---- the producer task: sends 0..n-1, then drops its sender -------------------- */

struct producer {
	struct future base;
	struct mpsc_sender tx;
	struct mpsc_send_op send;
	bool sending;   /* send is in flight (bounded channels) */
	bool unbounded; /* send with mpsc_unbounded_send() */
	uint64_t next, n;
	uint64_t batch; /* the most items per poll before yielding; 0: no limit */
	uint64_t *sent; /* counts the items delivered; outlives the task */
};

static void producer_finish(struct producer *p)
{
	mpsc_sender_drop(&p->tx); /* the end of the stream for the consumer */
}

/* The unbounded producer: an UnboundedSender never waits, so everything goes
 * in one poll (unless a batch limit makes it yield). */
static enum poll producer_poll_unbounded(struct producer *p, struct context *cx, union value *out)
{
	uint64_t next = p->next, n = p->n, first = next;
	/* The sends of this poll end at `stop` (a batch limit); then the task
	 * yields if items remain. */
	uint64_t stop = p->batch != 0 && n - next > p->batch ? next + p->batch : n;
	int result = 0;

	while (next != stop) {
		result = mpsc_unbounded_send(&p->tx, value_uint(next));
		if (result != 0)
			break; /* the receiver is gone (or out of memory) */
		next++;
	}
	*p->sent += next - first;
	p->next = next;
	if (result == 0 && next != n) {
		waker_wake_by_ref(context_waker(cx)); /* yield: let the consumer run */
		return POLL_PENDING;
	}
	producer_finish(p);
	*out = value_int(0);
	return POLL_READY;
}

/* The bounded producer: `for x in 0..n { tx.send(x).await }`. Each item is a
 * send operation, polled until Ready; a Pending (the channel is full) keeps
 * the operation in flight for the next poll, which polls it first. The
 * counters live in locals and are written back whenever the task returns,
 * which is when anyone else can look at them. */
static enum poll producer_poll(struct future *self, struct context *cx, union value *out)
{
	struct producer *p = container_of(self, struct producer, base);
	if (p->unbounded)
		return producer_poll_unbounded(p, cx, out);

	uint64_t next = p->next, n = p->n, first = next;
	const bool resumed = p->sending; /* a send was Pending: poll it first */
	bool resume = resumed;
	/* The sends of this poll end at `stop` (a batch limit, counting the
	 * resumed one); then the task yields if items remain. */
	uint64_t room = p->batch != 0 ? p->batch - resumed : UINT64_MAX;
	uint64_t stop = n - next < room ? n : next + room;
	int result = 0;

	p->sending = false;
	for (;;) {
		if (!resume) {
			if (next == stop)
				break;
			mpsc_send_op_init(&p->send, &p->tx, value_uint(next));
			next++;
		}
		resume = false;
		if (mpsc_send_op_poll(&p->send, cx, &result) == POLL_PENDING) {
			p->sending = true; /* the channel keeps our waker */
			break;
		}
		if (result != 0)
			break; /* the receiver is gone */
	}
	/* Every send polled here was delivered, but one still Pending or one
	 * that found the channel closed (the loop stops at either). */
	uint64_t delivered = next - first + resumed - (p->sending || result != 0);
	*p->sent += delivered;
	p->next = next;
	if (p->sending)
		return POLL_PENDING;
	if (result == 0 && next != n) {
		waker_wake_by_ref(context_waker(cx)); /* yield: let the consumer run */
		return POLL_PENDING;
	}
	producer_finish(p);
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

static struct producer *producer_new(struct mpsc_sender tx, bool unbounded, uint64_t n,
				     uint64_t batch, uint64_t *sent)
{
	struct producer *p = mem_alloc(sizeof *p);
	if (p == NULL)
		die("out of memory building the producer");
	future_init(&p->base, &producer_vtable);
	p->tx = tx;
	p->sending = false;
	p->unbounded = unbounded;
	p->next = 0;
	p->n = n;
	p->batch = batch;
	p->sent = sent;
	return p;
}

/* ---- ready futures from a pool: no allocation per item ----------------------------
 *
 * buffered and buffer_unordered take a stream whose items are owned futures
 * and drop each one when it is done. future_ready_new() would allocate one
 * per item; Rust's ready futures live inline in the stream's state instead.
 * The nearest C equivalent is a small pool: dropping a pooled future puts it
 * back. The pool is larger than the most futures alive at once (16 in
 * flight).
 */

#define POOL_SIZE 64

struct pooled_ready {
	struct future base;
	union value v;
	struct pooled_ready *next_free;
};

static struct pooled_ready pool[POOL_SIZE];
static struct pooled_ready *pool_free;

static enum poll pooled_ready_poll(struct future *self, struct context *cx, union value *out)
{
	(void)cx;
	*out = container_of(self, struct pooled_ready, base)->v;
	return POLL_READY;
}

static void pooled_ready_drop(struct future *self)
{
	struct pooled_ready *r = container_of(self, struct pooled_ready, base);
	r->next_free = pool_free;
	pool_free = r;
}

static const struct future_vtable pooled_ready_vtable = {"ready", pooled_ready_poll,
							 pooled_ready_drop, NULL};

static void pool_reset(void)
{
	pool_free = NULL;
	for (size_t i = 0; i < POOL_SIZE; i++)
		pooled_ready_drop(&pool[i].base);
}

/* The source of the buffered pipelines: a stream whose items are ready
 * futures of 0, 1, ..., n - 1, taken from the pool. */
struct ready_futures {
	struct stream base;
	uint64_t next, n;
};

static enum poll_next ready_futures_poll_next(struct stream *self, struct context *cx,
					      union value *out)
{
	struct ready_futures *s = container_of(self, struct ready_futures, base);
	(void)cx;
	if (s->next == s->n)
		return POLL_NEXT_END;
	struct pooled_ready *r = pool_free;
	if (r == NULL)
		die("the pool of ready futures ran dry");
	pool_free = r->next_free;
	future_init(&r->base, &pooled_ready_vtable);
	r->v = value_uint(s->next++);
	*out = value_ptr(&r->base);
	return POLL_NEXT_ITEM;
}

static void ready_futures_drop(struct stream *self)
{
	mem_free(container_of(self, struct ready_futures, base));
}

static void drop_future_item(union value v)
{
	future_drop(v.ptr);
}

static const struct stream_vtable ready_futures_vtable = {
	.name = "ready_futures",
	.poll_next = ready_futures_poll_next,
	.drop = ready_futures_drop,
	.drop_item = drop_future_item,
};

/* ---- the slow consumer stage of the peak mode ---------------------------------------
 *
 * Passes its source's items on, but yields to the executor before each one
 * (wake itself, answer Pending), so that the producer runs between any two
 * items. It samples the heap in use and the items queued at every item.
 */

/* What the peak mode learns from one run. */
struct peak {
	uint64_t max_queued;
	size_t max_heap; /* bytes above the heap in use before the run */
};

struct slow_stream {
	struct stream base;
	struct stream *source;
	const uint64_t *sent;             /* the items the producer delivered */
	struct peak *report;              /* written when the stage is dropped */
	bool yielded;
	uint64_t seen;
	uint64_t max_queued;
	size_t heap_base, max_heap;
};

static size_t heap_in_use(void)
{
#if HAVE_MALLINFO2
	struct mallinfo2 m = mallinfo2();
	return m.uordblks + m.hblkhd; /* small blocks + mmapped big ones */
#else
	return 0;
#endif
}

static enum poll_next slow_poll_next(struct stream *self, struct context *cx, union value *out)
{
	struct slow_stream *s = container_of(self, struct slow_stream, base);
	if (!s->yielded) {
		s->yielded = true;
		waker_wake_by_ref(context_waker(cx));
		return POLL_NEXT_PENDING;
	}
	s->yielded = false;
	uint64_t queued = *s->sent - s->seen; /* in the channel now */
	if (queued > s->max_queued)
		s->max_queued = queued;
	size_t heap = heap_in_use();
	if (heap > s->max_heap)
		s->max_heap = heap;
	enum poll_next r = stream_poll_next(s->source, cx, out);
	if (r == POLL_NEXT_ITEM)
		s->seen++;
	return r;
}

static void slow_drop(struct stream *self)
{
	struct slow_stream *s = container_of(self, struct slow_stream, base);
	s->report->max_queued = s->max_queued;
	s->report->max_heap = s->max_heap - s->heap_base;
	stream_drop(s->source);
	mem_free(s);
}

static const struct stream_vtable slow_vtable = {
	.name = "slow",
	.poll_next = slow_poll_next,
	.drop = slow_drop,
};

/* ---- the pipelines -------------------------------------------------------------------- */

enum kind { CHANNEL, UNBOUNDED, ITER, LOOP, BUFFERED, UNORDERED };

struct pipeline {
	const char *name;
	enum kind kind;
	size_t capacity; /* bounded channels */
};

static const struct pipeline pipelines[] = {
	{"chan1024", CHANNEL, 1024}, {"chan16", CHANNEL, 16},     {"chan1", CHANNEL, 1},
	{"unbounded", UNBOUNDED, 0}, {"iter", ITER, 0},           {"loop", LOOP, 0},
	{"buffered16", BUFFERED, 16}, {"unordered16", UNORDERED, 16},
};
#define PIPELINES (sizeof pipelines / sizeof pipelines[0])

static const struct pipeline *pipeline_named(const char *name)
{
	for (size_t i = 0; i < PIPELINES; i++)
		if (strcmp(pipelines[i].name, name) == 0)
			return &pipelines[i];
	return NULL;
}

/* map(x * 2) -> filter(x % 3 != 0) -> fold(+) over s. */
/// [three_stages]
static struct future *three_stages(struct stream *s)
{
	s = s ? stream_map(s, times_two, NULL, NULL) : NULL;
	s = s ? stream_filter(s, not_multiple_of_3, NULL) : NULL;
	struct future *sum = s ? stream_fold(s, value_uint(0), add, NULL) : NULL;
	if (sum == NULL)
		die("out of memory building the stages");
	return sum;
}
/// [three_stages]

/* The source of a buffered pipeline: 0..n-1 as ready futures, through
 * buffered(cap) or buffer_unordered(cap). */
static struct stream *buffered_source(const struct pipeline *p, uint64_t n)
{
	struct ready_futures *src = mem_alloc(sizeof *src);
	struct stream *s = NULL;
	if (src != NULL) {
		stream_init(&src->base, &ready_futures_vtable);
		src->next = 0;
		src->n = n;
		s = &src->base;
	}
	struct stream *out = NULL;
	int rc = s == NULL ? ERR_NOMEM
	       : p->kind == BUFFERED ? stream_buffered(s, p->capacity, &out)
				     : stream_buffer_unordered(s, p->capacity, &out);
	if (rc != 0)
		die("could not build the buffered stream");
	return out;
}

/* Runs pipeline p over n items once; returns the sum. With slow set, the
 * consumer yields before every item, the producer sends in batches of 64,
 * and *slow gets the peak figures. */
static uint64_t run(const struct pipeline *p, uint64_t n, struct peak *slow)
{
	if (p->kind == LOOP)
		return plain_loop(n);

	size_t heap_base = heap_in_use();
	struct executor *ex = executor_new(NULL);
	if (ex == NULL)
		die("out of memory building the executor");
	struct stream *source = NULL;
	struct producer *producer = NULL;
	uint64_t sent = 0; /* the producer's count, read by the slow stage */

	switch (p->kind) {
	case CHANNEL:
	case UNBOUNDED: {
		struct mpsc_sender tx;
		struct mpsc_receiver rx;
		int rc = p->kind == CHANNEL ? mpsc_channel(p->capacity, NULL, &tx, &rx)
					    : mpsc_unbounded_channel(NULL, &tx, &rx);
		if (rc != 0)
			die("out of memory building the channel");
		producer = producer_new(tx, p->kind == UNBOUNDED, n, slow ? 64 : 0, &sent);
		source = stream_from_receiver(&rx);
		if (source == NULL)
			die("out of memory building the receiver stream");
		break;
	}
	case ITER:
		source = stream_range_new(0, (int64_t)n);
		if (source == NULL)
			die("out of memory building the range");
		break;
	case BUFFERED:
	case UNORDERED:
		pool_reset();
		source = buffered_source(p, n);
		break;
	case LOOP:
		break;
	}

	struct slow_stream *s = NULL;
	if (slow != NULL) {
		s = mem_alloc(sizeof *s);
		if (s == NULL || producer == NULL)
			die("the peak mode needs a channel pipeline");
		stream_init(&s->base, &slow_vtable);
		s->source = source;
		s->sent = &sent;
		s->report = slow;
		s->yielded = false;
		s->seen = 0;
		s->max_queued = 0;
		s->heap_base = heap_base;
		s->max_heap = heap_base;
		source = &s->base;
	}

	struct future *sum = three_stages(source);
	union value total;
	if (producer != NULL && executor_spawn(ex, "producer", &producer->base, NULL) != 0)
		die("could not spawn the producer");
	if (executor_block_on(ex, sum, &total) != 0)
		die("the pipeline did not run to its end");
	executor_drop(ex);
	return total.u;
}

static int check(const struct pipeline *p, uint64_t n, uint64_t got)
{
	if (got == expected_sum(n))
		return 0;
	fprintf(stderr, "wbbench: %s at N=%" PRIu64 ": checksum %" PRIu64 ", expected %" PRIu64 "\n",
		p->name, n, got, expected_sum(n));
	return 1;
}

static int run_one(const struct pipeline *p, uint64_t n)
{
	uint64_t start = now_ns();
	uint64_t got = run(p, n, NULL);
	uint64_t ns = now_ns() - start;
	printf("RESULT name=%s items=%" PRIu64 " ns_per_item=%.2f checksum=%" PRIu64 "\n", p->name, n,
	       n ? (double)ns / (double)n : 0.0, got);
	return check(p, n, got);
}

/* ---- the modes -------------------------------------------------------------------------- */

static uint64_t parse_n(const char *arg)
{
	char *end;
	unsigned long long n = strtoull(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || arg[0] == '-')
		die("N must be a non-negative integer");
	return (uint64_t)n;
}

static int smoke(uint64_t n)
{
	int status = 0;
	for (size_t i = 0; i < PIPELINES; i++) {
		status |= run_one(&pipelines[i], n);
		status |= run_one(&pipelines[i], 2 * n);
	}
	if (mem_live_blocks() != 0) {
		fprintf(stderr, "wbbench: %zu block(s) still allocated\n", mem_live_blocks());
		status = 1;
	}
	return status;
}

static int alloc_counts(void)
{
	const uint64_t small = 10000, large = 100000;
	int status = 0;

	printf("%-12s %12s %12s  %s\n", "pipeline", "allocs", "allocs", "");
	printf("%-12s %12" PRIu64 " %12" PRIu64 "  %s\n", "(items)", small, large, "");
	for (size_t i = 0; i < PIPELINES; i++) {
		const struct pipeline *p = &pipelines[i];
		uint64_t before = mem_total_allocs();
		status |= check(p, small, run(p, small, NULL));
		uint64_t a = mem_total_allocs() - before;
		before = mem_total_allocs();
		status |= check(p, large, run(p, large, NULL));
		uint64_t b = mem_total_allocs() - before;
		const char *verdict = a == b ? "none per item" : "";
		if (a != b && p->kind == UNBOUNDED)
			verdict = "amortised growth of the buffer (doubling)";
		else if (a != b) {
			verdict = "ALLOCATES PER ITEM";
			status = 1;
		}
		printf("ALLOC name=%s small=%" PRIu64 " large=%" PRIu64 " allocs_small=%" PRIu64
		       " allocs_large=%" PRIu64 "  %s\n",
		       p->name, small, large, a, b, verdict);
	}
	return status;
}

/* One peak run, in a child process: every run then starts from the same
 * heap (the C library keeps freed blocks of earlier runs in caches that it
 * reports as in use, which would hide part of a later run's peak). */
static int peak_run(const struct pipeline *p, uint64_t n)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		die("fork failed");
	if (pid == 0) {
		struct peak peak = {0, 0};
		int status = check(p, n, run(p, n, &peak));
		printf("PEAK name=%s items=%" PRIu64 " max_queued=%" PRIu64 " peak_heap_bytes=%zu\n",
		       p->name, n, peak.max_queued, peak.max_heap);
		fflush(stdout);
		_exit(status);
	}
	int wstatus;
	if (waitpid(pid, &wstatus, 0) != pid || !WIFEXITED(wstatus))
		die("a peak run did not finish");
	return WEXITSTATUS(wstatus) != 0;
}

/* A producer that sends 64 items per turn, a consumer that takes one per
 * turn, at N and 4N items: the bounded channels hold the producer back (the
 * same peak for both), the unbounded one lets the backlog grow with N. */
static int peak_heap(uint64_t n)
{
	int status = 0;
	/* The first line also makes stdio allocate its buffer now, not during
	 * the first run, where it would count as the pipeline's. */
	printf("# fast producer (64 items per turn), slow consumer (one per turn)%s\n",
	       HAVE_MALLINFO2 ? "" : "; no mallinfo2 in this C library: heap figures read 0");
	fflush(stdout);
	for (size_t i = 0; i < PIPELINES; i++) {
		const struct pipeline *p = &pipelines[i];
		if (p->kind != CHANNEL && p->kind != UNBOUNDED)
			continue;
		for (uint64_t m = n; m <= 4 * n; m *= 4) { /* N, then 4N: does it grow? */
			status |= peak_run(p, m);
			if (m == 0)
				break;
		}
	}
	return status;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "peak") == 0)
		return peak_heap(parse_n(argv[2]));
	if (argc == 2 && strcmp(argv[1], "alloc") == 0)
		return alloc_counts();
	if (argc == 2)
		return smoke(parse_n(argv[1]));
	if (argc == 3) {
		const struct pipeline *p = pipeline_named(argv[1]);
		if (p == NULL)
			die("unknown pipeline (chan1024 chan16 chan1 unbounded iter loop buffered16 "
			    "unordered16)");
		return run_one(p, parse_n(argv[2]));
	}
	fprintf(stderr, "usage: wbbench NAME N | wbbench N | wbbench alloc | wbbench peak N\n");
	return 2;
}
