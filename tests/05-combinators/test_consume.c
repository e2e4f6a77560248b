/*
 * test_consume.c: the futures that consume a stream (fold, for_each, count,
 * collect) and the value_vec; out-of-memory of every constructor; the
 * "allocate once" rule; combinators between tasks of the chapter 2
 * executor, over channels.
 */
#include "tests.h"

#include "closures.h"
#include "helpers.h"

#include "error.h"
#include "executor.h"
#include "futures.h"
#include "mem.h"
#include "receiver_stream.h"

/* ---- fold, for_each, count ---------------------------------------------- */

/* futures-rs Fold: Ready with the accumulator when the stream ends. */
void test_fold_sums_every_item(void **state)
{
	(void)state;
	union value out;
	struct future *f = stream_fold(stream_range_new(1, 11), value_int(0), sum_fold, NULL);
	check_poll(poll_future_noop(f, &out), POLL_READY);
	check_int(out.i, 55);
	future_drop(f);
}

/* futures-rs Fold is Pending while its stream is, with the waker at the
 * stream, and keeps its accumulator across the Pending. */
void test_fold_pending_keeps_accumulator_and_waker(void **state)
{
	(void)state;
	struct script sc;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	union value out;
	struct future *f = stream_fold(script_new(&sc, "1 2 P 3 ."), value_int(100), sum_fold, NULL);
	check_poll(future_poll(f, &cx, &out), POLL_PENDING);
	check_true(waker_will_wake(&sc.kept, &w), "the stream must hold the fold's waker");
	waker_wake(&sc.kept);
	check_uint(cw.wakes, 1);
	check_poll(future_poll(f, &cx, &out), POLL_READY);
	check_int(out.i, 106);
	check_uint(sc.polls, 5);
	future_drop(f);
	check_uint(sc.drops, 1);
	waker_drop(&w);
	check_uint(cw.refs, 0);
}

/* Our fold cannot report an error item: it is a contract violation (chapter
 * 7's try_fold takes them); so is polling it after Ready. */
void test_fold_error_item_and_poll_after_ready_are_contract_violations(void **state)
{
	(void)state;
	struct script sc;
	union value out;
	struct future *f = stream_fold(script_new(&sc, "1 !-1 ."), value_int(0), sum_fold, NULL);
	check_contract_violation(poll_future_noop(f, &out));
	future_drop(f);
	script_done(&sc);
	f = stream_fold(stream_empty_new(), value_int(3), sum_fold, NULL);
	check_poll(poll_future_noop(f, &out), POLL_READY);
	check_int(out.i, 3);
	check_contract_violation(poll_future_noop(f, &out));
	future_drop(f);
}

/* futures-rs ForEach gives each item to f and is Ready with (); Count
 * counts, releasing each item. */
void test_for_each_and_count_consume_every_item(void **state)
{
	(void)state;
	int64_t sum = 0;
	union value out;
	struct future *f = stream_for_each(stream_range_new(1, 5), sum_each, &sum);
	check_poll(poll_future_noop(f, &out), POLL_READY);
	check_int(out.i, 0);
	check_int(sum, 10);
	future_drop(f);
	box_reset();
	f = stream_count(boxed_range(0, 7));
	check_poll(poll_future_noop(f, &out), POLL_READY);
	check_uint(out.u, 7);
	check_uint(boxes_dropped, 7);
	future_drop(f);
}

/* ---- collect and value_vec ----------------------------------------------- */

/* futures-rs Collect into a Vec: every item, in order; the vec owns them. */
void test_collect_gathers_items_in_order(void **state)
{
	(void)state;
	struct script sc;
	union value out;
	box_reset();
	struct future *f = stream_collect(script_boxed_new(&sc, "1 2 P 3 4 5 6 ."));
	check_poll(poll_future_noop(f, &out), POLL_PENDING);
	check_poll(poll_future_noop(f, &out), POLL_READY);
	struct value_vec *v = out.ptr;
	check_not_null(v);
	check_uint(v->len, 6);
	for (size_t i = 0; i < v->len; i++)
		check_int(box_peek(v->items[i]), (int64_t)i + 1);
	future_drop_output(f, out); /* value_vec_drop: each item once */
	check_uint(boxes_dropped, 6);
	future_drop(f);
	check_uint(boxes_dropped, 6);
	script_done(&sc);
}

/* Dropping a collect before Ready releases what it gathered, once each. */
void test_collect_drop_before_ready_releases_gathered_items(void **state)
{
	(void)state;
	struct script sc;
	union value out;
	box_reset();
	struct future *f = stream_collect(script_boxed_new(&sc, "1 2 3 P ."));
	check_poll(poll_future_noop(f, &out), POLL_PENDING);
	future_drop(f);
	check_uint(boxes_dropped, 3);
	script_done(&sc);
}

/* Our collect when growing fails: the items are released and the output is
 * NULL (Rust would abort); value_vec_push on failure leaves the vec as it was. */
void test_collect_growth_oom_releases_items_and_is_null(void **state)
{
	(void)state;
	union value out;
	box_reset();
	struct future *f = stream_collect(boxed_range(0, 10));
	mem_fail_at(2); /* 4 slots, then 8: the second growth fails */
	check_poll(poll_future_noop(f, &out), POLL_READY);
	check_true(mem_fail_triggered(), "the growth must have been asked");
	check_true(out.ptr == NULL, "an out-of-memory collect gives NULL");
	check_uint(boxes_dropped, 5); /* 4 gathered + the one that did not fit */
	future_drop(f);
	check_uint(boxes_dropped, 10);
	struct value_vec *v = value_vec_new(NULL);
	check_not_null(v);
	mem_fail_at(1);
	check_err(value_vec_push(v, value_int(1)), ERR_NOMEM);
	check_uint(v->len, 0);
	check_uint(v->cap, 0);
	check_err(value_vec_push(v, value_int(1)), 0);
	value_vec_drop(value_ptr(v));
}

/* ---- out of memory -------------------------------------------------------- */

static struct stream *make_map(struct stream *s) { return stream_map(s, add_ten, NULL, NULL); }
static struct stream *make_filter(struct stream *s) { return stream_filter(s, is_even, NULL); }
static struct stream *make_filter_map(struct stream *s)
{
	return stream_filter_map(s, keep_even_times_ten, NULL, NULL);
}
static struct stream *make_then(struct stream *s) { return stream_then(s, double_later, NULL); }
static struct stream *make_take(struct stream *s) { return stream_take(s, 2); }
static struct stream *make_skip(struct stream *s) { return stream_skip(s, 1); }
static struct stream *make_take_while(struct stream *s) { return stream_take_while(s, is_even, NULL); }
static struct stream *make_skip_while(struct stream *s) { return stream_skip_while(s, is_even, NULL); }
static struct stream *make_enumerate(struct stream *s)
{
	return stream_enumerate(s, index_plain, NULL, NULL);
}
static struct stream *make_inspect(struct stream *s) { return stream_inspect(s, note_item, NULL); }
static struct stream *make_flatten(struct stream *s) { return stream_flatten(s); }

/* Every one-source constructor, out of memory: NULL, nothing allocated, the
 * source still the caller's and untouched (as futures-rs's adapters, which
 * cannot fail, never consume a source they do not wrap). */
void test_adapter_constructors_oom_leave_source_with_caller(void **state)
{
	(void)state;
	struct stream *(*makers[])(struct stream *) = {
		make_map,        make_filter,     make_filter_map, make_then,
		make_take,       make_skip,       make_take_while, make_skip_while,
		make_enumerate,  make_inspect,    make_flatten,
	};
	for (size_t m = 0; m < sizeof makers / sizeof makers[0]; m++) {
		for (uint64_t n = 1; n < 10; n++) {
			struct stream *src = stream_range_new(0, 3);
			size_t live = mem_live_blocks();
			mem_fail_at(n);
			struct stream *s = makers[m](src);
			bool failed = mem_fail_triggered();
			mem_fail_at(0);
			if (s != NULL) {
				check_true(!failed, "maker %zu: a failed allocation, yet a stream", m);
				stream_drop(s);
				break;
			}
			check_uint(mem_live_blocks(), live);
			check_hint(src, 3, true, 3); /* untouched, still usable */
			stream_drop(src);
		}
	}
}

/* The two-source constructors and select_all, out of memory. */
void test_multi_constructors_oom_leave_sources_with_caller(void **state)
{
	(void)state;
	for (int m = 0; m < 4; m++) {
		for (uint64_t n = 1; n < 10; n++) {
			struct stream *ab[2] = {stream_range_new(0, 2), stream_range_new(0, 3)};
			struct stream *s = NULL;
			size_t live = mem_live_blocks();
			mem_fail_at(n);
			if (m == 0)
				s = stream_chain(ab[0], ab[1]);
			else if (m == 1)
				s = stream_zip(ab[0], ab[1], pair_plain, NULL, NULL);
			else if (m == 2)
				s = stream_select(ab[0], ab[1]);
			else
				s = stream_select_all(ab, 2);
			mem_fail_at(0);
			if (s != NULL) {
				stream_drop(s);
				break;
			}
			check_uint(mem_live_blocks(), live);
			check_hint(ab[0], 2, true, 2);
			check_hint(ab[1], 3, true, 3);
			stream_drop(ab[0]);
			stream_drop(ab[1]);
		}
	}
}

/* The consuming futures, out of memory (collect allocates twice). */
void test_consumer_constructors_oom_leave_source_with_caller(void **state)
{
	(void)state;
	for (int m = 0; m < 4; m++) {
		for (uint64_t n = 1; n < 10; n++) {
			struct stream *src = stream_range_new(0, 4);
			struct future *f = NULL;
			int64_t sum = 0;
			size_t live = mem_live_blocks();
			mem_fail_at(n);
			if (m == 0)
				f = stream_fold(src, value_int(0), sum_fold, NULL);
			else if (m == 1)
				f = stream_for_each(src, sum_each, &sum);
			else if (m == 2)
				f = stream_count(src);
			else
				f = stream_collect(src);
			bool failed = mem_fail_triggered();
			mem_fail_at(0);
			if (f != NULL) {
				check_true(!failed, "consumer %d: a failed allocation, yet a future", m);
				future_drop(f);
				break;
			}
			check_uint(mem_live_blocks(), live);
			check_hint(src, 4, true, 4);
			stream_drop(src);
		}
	}
}

/* ---- allocation ----------------------------------------------------------- */

/* skip_while's predicate in the pipeline: false for the first item already. */
static bool is_odd_index(const union value *item, void *env)
{
	(void)env;
	return item->i < 0;
}

static void drop_stream_item(union value v)
{
	stream_drop(v.ptr);
}

static uint64_t allocs_for_pipeline(int64_t n)
{
	uint64_t before = mem_total_allocs();
	int64_t limit = 1 << 30;
	struct stream *pairs = stream_zip(stream_range_new(0, n), stream_range_new(0, n), pair_plain,
					  NULL, NULL);
	struct stream *s = stream_select(pairs, stream_repeat_new(value_int(0)));
	s = stream_take(s, (uint64_t)(2 * n));
	s = stream_chain(s, stream_once_new(value_int(1), NULL));
	s = stream_map(s, add_ten, NULL, NULL);
	s = stream_inspect(stream_filter(s, is_even, NULL), note_item, NULL);
	s = stream_enumerate(s, index_plain, NULL, NULL);
	s = stream_take_while(s, below, &limit);
	s = stream_skip_while(s, is_odd_index, NULL); /* skips nothing: items pass */
	s = stream_filter_map(stream_select_all(&s, 1), keep_even_times_ten, NULL, NULL);
	s = stream_flatten(stream_once_new(value_ptr(s), drop_stream_item));
	struct future *f = stream_count(stream_skip(s, 1));
	union value out;
	check_poll(poll_future_noop(f, &out), POLL_READY);
	check_uint(out.u, (uint64_t)((n + 1) / 2 + n - 1)); /* the items did flow */
	future_drop(f);
	return mem_total_allocs() - before;
}

/* Every combinator allocates once, when built, never per item: the same
 * pipeline over 10 and over 1000 items makes the same number of allocations. */
void test_combinators_allocate_once_never_per_item(void **state)
{
	(void)state;
	uint64_t small = allocs_for_pipeline(10);
	uint64_t large = allocs_for_pipeline(1000);
	check_uint(large, small);
	check_uint(small, 20); /* 5 leaves + 14 adapters + count */
}

/* ---- on the executor, over channels --------------------------------------- */

/* A producer task: sends first..end-1 on an unbounded channel, yielding to
 * the executor after each send, then drops its sender (the stream ends). */
struct producer {
	struct future base;
	struct mpsc_sender tx;
	int64_t next, end;
};

static enum poll producer_poll(struct future *self, struct context *cx, union value *out)
{
	struct producer *p = container_of(self, struct producer, base);
	if (p->next == p->end) {
		mpsc_sender_drop(&p->tx);
		*out = value_int(0);
		return POLL_READY;
	}
	check_err(mpsc_unbounded_send(&p->tx, value_int(p->next++)), 0);
	waker_wake_by_ref(context_waker(cx)); /* come back after the others ran */
	return POLL_PENDING;
}

static void producer_drop(struct future *self)
{
	struct producer *p = container_of(self, struct producer, base);
	mpsc_sender_drop(&p->tx);
	mem_free(p);
}

static const struct future_vtable producer_vtable = {"producer", producer_poll, producer_drop,
						     NULL};

/* A receiver stream over a new channel, and a producer task feeding it. */
static struct stream *channel_fed_by_task(struct executor *ex, int64_t first, int64_t end)
{
	struct mpsc_receiver rx;
	struct producer *p = mem_zalloc(sizeof *p);
	check_not_null(p);
	future_init(&p->base, &producer_vtable);
	check_err(mpsc_unbounded_channel(NULL, &p->tx, &rx), 0);
	p->next = first;
	p->end = end;
	struct stream *s = stream_from_receiver(&rx);
	check_not_null(s);
	check_err(executor_spawn(ex, "producer", &p->base, NULL), 0);
	return s;
}

static struct executor *fifo_executor(void)
{
	struct executor_options options;
	executor_options_default(&options);
	options.shuffle_seed = 0;
	struct executor *ex = executor_new(&options);
	check_not_null(ex);
	return ex;
}

/// [pipeline_test]
/* A pipeline receiver -> filter -> map -> collect as a task: each Pending of
 * the channel travels up to the task and the producer's send wakes it; a
 * lost waker would stall the executor (ERR_STALLED). */
void test_pipeline_over_channel_on_executor(void **state)
{
	(void)state;
	struct executor *ex = fifo_executor();
	union value out;
	struct stream *s = channel_fed_by_task(ex, 0, 20);
	s = stream_map(stream_filter(s, is_even, NULL), add_ten, NULL, NULL);
	check_err(executor_block_on(ex, stream_collect(s), &out), 0);
	struct value_vec *v = out.ptr;
	check_uint(v->len, 10);
	for (size_t i = 0; i < v->len; i++)
		check_int(v->items[i].i, 2 * (int64_t)i + 10);
	value_vec_drop(out);
	check_err(executor_run(ex), 0);
	executor_drop(ex);
}
/// [pipeline_test]

/* select of two channels, folded in a task: every item of both arrives
 * once, and the select ends only when both producers are done. */
void test_select_of_two_channels_on_executor(void **state)
{
	(void)state;
	struct executor *ex = executor_new(NULL); /* any order: must pass with any seed */
	union value out;
	struct stream *s = stream_select(channel_fed_by_task(ex, 1, 11),
					 channel_fed_by_task(ex, 100, 105));
	struct calls calls = {0};
	s = stream_inspect(s, note_item, &calls);
	check_err(executor_block_on(ex, stream_fold(s, value_int(0), sum_fold, NULL), &out), 0);
	check_int(out.i, 55 + 510);
	check_uint(calls.n, 15);
	check_err(executor_run(ex), 0);
	executor_drop(ex);
}

/* ---- drop mid-stream, contracts -------------------------------------------- */

static struct stream *make_rebox(struct stream *s) { return stream_map(s, rebox_plus_100, NULL, box_drop); }
static struct stream *make_filter_boxed(struct stream *s) { return stream_filter(s, is_even_boxed, NULL); }
static struct stream *make_take_while_boxed(struct stream *s)
{
	return stream_take_while(s, is_even_boxed, NULL);
}
static struct stream *make_skip_while_boxed(struct stream *s)
{
	return stream_skip_while(s, is_even_boxed, NULL);
}

/* Rust drops an adapter with its source and every item inside: each adapter
 * dropped after its first item releases the rest of the items exactly once
 * (the item handed out is released by the caller, once). */
void test_adapters_drop_mid_stream_release_each_item_once(void **state)
{
	(void)state;
	struct stream *(*makers[])(struct stream *) = {
		make_rebox, make_filter_boxed, make_take, make_skip,
		make_take_while_boxed, make_skip_while_boxed, make_inspect,
	};
	for (size_t m = 0; m < sizeof makers / sizeof makers[0]; m++) {
		union value v;
		box_reset();
		struct stream *s = makers[m](boxed_range(0, 6));
		check_not_null(s);
		check_next(poll_noop(s, &v), POLL_NEXT_ITEM);
		stream_drop_item(s, v);
		stream_drop(s);
		check_true(boxes_dropped == 6, "adapter %zu: %u of 6 items released", m, boxes_dropped);
	}
}

/* A NULL function or source is a caller's bug, reported before anything is
 * allocated (Rust would not compile it). */
void test_constructors_null_arguments_are_contract_violations(void **state)
{
	(void)state;
	struct stream *src = stream_range_new(0, 3);
	check_contract_violation(stream_map(src, NULL, NULL, NULL));
	check_contract_violation(stream_filter(src, NULL, NULL));
	check_contract_violation(stream_take(NULL, 1));
	check_contract_violation(stream_zip(src, NULL, pair_plain, NULL, NULL));
	check_contract_violation(stream_chain(NULL, src));
	check_contract_violation(stream_fold(src, value_int(0), NULL, NULL));
	check_hint(src, 3, true, 3);
	stream_drop(src);
}
