/*
 * test_buffered.c: buffered and buffer_unordered (Rust: StreamExt::buffered,
 * StreamExt::buffer_unordered), checked the way futures-rs's own tests do:
 * order of outputs, at most n in flight, Pending until a future finishes,
 * and what dropping releases.
 */
#include "tests.h"

#include "helpers.h"

/* A stream of futures from an array, released with future_drop if unused. */
static struct stream *futures_stream(struct future **futs, size_t n)
{
	union value items[16];

	for (size_t i = 0; i < n; i++)
		items[i] = value_ptr(futs[i]);
	struct stream *s = stream_iter_new(items, n, future_item_drop);
	check_not_null(s);
	return s;
}

void test_buffered_zero_is_inval(void **state)
{
	(void)state;
	struct stream *src = stream_empty_new();
	struct stream *s = NULL;

	check_err(stream_buffered(src, 0, &s), ERR_INVAL);
	check_true(s == NULL, "the out pointer must be left alone");
	stream_drop(src); /* still the caller's */
}

void test_buffer_unordered_zero_is_inval(void **state)
{
	(void)state;
	struct stream *src = stream_empty_new();
	struct stream *s = NULL;

	check_err(stream_buffer_unordered(src, 0, &s), ERR_INVAL);
	check_true(s == NULL, "the out pointer must be left alone");
	stream_drop(src);
}

/// [buffered_order_test]
void test_buffered_yields_in_source_order_whatever_the_finish_order(void **state)
{
	(void)state;
	struct executor *ex = test_executor(NULL);
	struct future *futs[3] = {
		delay_new(ex, 30, value_int(10), NULL),
		delay_new(ex, 10, value_int(11), NULL),
		delay_new(ex, 20, value_int(12), NULL),
	};
	struct stream *s;
	struct drained d = {.boxed = false};

	check_err(stream_buffered(futures_stream(futs, 3), 3, &s), 0);
	drain(ex, s, &d);
	check_uint(d.len, 3);
	check_int(d.items[0], 10); /* the slowest comes first: it was first in */
	check_int(d.items[1], 11);
	check_int(d.items[2], 12);
	check_uint(d.at[0], 30); /* the others waited behind it */
	check_uint(d.at[1], 30);
	check_uint(d.at[2], 30);
	executor_drop(ex);
}
/// [buffered_order_test]

void test_buffer_unordered_yields_in_finish_order(void **state)
{
	(void)state;
	struct executor *ex = test_executor(NULL);
	struct future *futs[3] = {
		delay_new(ex, 30, value_int(10), NULL),
		delay_new(ex, 10, value_int(11), NULL),
		delay_new(ex, 20, value_int(12), NULL),
	};
	struct stream *s;
	struct drained d = {.boxed = false};

	check_err(stream_buffer_unordered(futures_stream(futs, 3), 3, &s), 0);
	drain(ex, s, &d);
	check_uint(d.len, 3);
	check_int(d.items[0], 11);
	check_int(d.items[1], 12);
	check_int(d.items[2], 10);
	check_uint(d.at[0], 10);
	check_uint(d.at[1], 20);
	check_uint(d.at[2], 30);
	executor_drop(ex);
}

/* Ten futures of 100 ms through n slots: ceil(10 / n) rounds of 100 ms. */
static void check_peak_and_time(int (*make)(struct stream *, size_t, struct stream **), size_t n,
				unsigned expect_ms)
{
	struct executor *ex = test_executor(NULL);
	struct future *futs[10];
	struct stream *s;
	struct drained d = {.boxed = false};

	flight_reset();
	for (int i = 0; i < 10; i++)
		futs[i] = delay_new(ex, 100, value_int(i), NULL);
	check_err(make(futures_stream(futs, 10), n, &s), 0);
	drain(ex, s, &d);
	check_uint(d.len, 10);
	check_uint(flight.peak, n);
	check_uint(d.end_at, expect_ms);
	for (int i = 0; i < 10; i++)
		check_int(d.items[i], i); /* same delays: same order either way */
	executor_drop(ex);
}

void test_buffered_never_more_than_n_in_flight(void **state)
{
	(void)state;
	check_peak_and_time(stream_buffered, 3, 400);
}

void test_buffer_unordered_never_more_than_n_in_flight(void **state)
{
	(void)state;
	check_peak_and_time(stream_buffer_unordered, 4, 300);
}

void test_buffered_head_of_line_waits_for_the_oldest(void **state)
{
	(void)state;
	struct gate g[2] = {{.output = {.i = 1}}, {.output = {.i = 2}}};
	struct future *futs[2] = {gate_new(&g[0], NULL), gate_new(&g[1], NULL)};
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct stream *s;
	union value out;

	g[0].kept = waker_empty(), g[1].kept = waker_empty();
	check_err(stream_buffered(futures_stream(futs, 2), 2, &s), 0);
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_PENDING);
	gate_open(&g[1]); /* the younger finishes first... */
	check_uint(counting_waker_woken(&cw), 1);
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_PENDING); /* ...and waits */
	gate_open(&g[0]);
	check_uint(counting_waker_woken(&cw), 2);
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_ITEM);
	check_int(out.i, 1);
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_ITEM);
	check_int(out.i, 2);
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_END);
	stream_drop(s);
	waker_drop(&w);
	check_uint(cw.refs, 0);
}

void test_buffered_does_not_poll_source_while_full(void **state)
{
	(void)state;
	struct manual m;
	struct gate g[3] = {{.open = false}};
	struct stream *src = manual_new(&m, future_item_drop);
	struct stream *s;
	union value out;

	for (int i = 0; i < 3; i++) {
		g[i].kept = waker_empty();
		manual_push(&m, value_ptr(gate_new(&g[i], NULL)));
	}
	check_err(stream_buffered(src, 2, &s), 0);
	flight_reset();
	check_next(poll_noop(s, &out), POLL_NEXT_PENDING);
	check_uint(m.polls, 2); /* two taken, then full: not asked again */
	check_uint(m.len, 1);
	check_next(poll_noop(s, &out), POLL_NEXT_PENDING);
	check_uint(m.polls, 2);
	gate_open(&g[0]);
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM); /* a slot frees... */
	check_next(poll_noop(s, &out), POLL_NEXT_PENDING);
	check_uint(m.polls, 3); /* ...and only then the source is asked */
	check_uint(m.len, 0);
	stream_drop(s);
	check_true(m.dropped, "dropping buffered drops its source");
	check_uint(flight.now, 0);
	for (int i = 0; i < 3; i++)
		waker_drop(&g[i].kept);
	waker_drop(&m.kept);
}

void test_buffered_drop_mid_stream_releases_futures_and_outputs(void **state)
{
	(void)state;
	struct gate g[3] = {{.open = false}};
	struct future *futs[3];
	struct stream *s;
	union value out;

	box_reset();
	flight_reset();
	for (int i = 0; i < 3; i++) {
		g[i].kept = waker_empty();
		g[i].output = box_new(i);
		futs[i] = gate_new(&g[i], box_drop);
	}
	/* futures 0 and 1 in flight, 2 still in the source */
	check_err(stream_buffered(futures_stream(futs, 3), 2, &s), 0);
	check_next(poll_noop(s, &out), POLL_NEXT_PENDING);
	gate_open(&g[1]); /* finished behind the head: its output sits in its slot */
	check_next(poll_noop(s, &out), POLL_NEXT_PENDING);
	stream_drop(s);
	check_uint(flight.dropped, 3); /* in flight, finished and never started */
	check_uint(flight.now, 0);
	check_uint(boxes_dropped, 1); /* the finished output; the others never left their gates */
	mem_free(g[0].output.ptr);
	mem_free(g[2].output.ptr);
	for (int i = 0; i < 3; i++)
		waker_drop(&g[i].kept);
}

void test_buffer_unordered_drop_mid_stream_releases_everything(void **state)
{
	(void)state;
	struct gate g[3] = {{.open = false}};
	struct future *futs[3];
	struct stream *s;
	union value out;

	flight_reset();
	for (int i = 0; i < 3; i++) {
		g[i].kept = waker_empty();
		futs[i] = gate_new(&g[i], NULL);
	}
	check_err(stream_buffer_unordered(futures_stream(futs, 3), 2, &s), 0);
	check_next(poll_noop(s, &out), POLL_NEXT_PENDING);
	check_uint(flight.now, 2);
	gate_open(&g[1]);
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_next(poll_noop(s, &out), POLL_NEXT_PENDING); /* future 2 took the free slot */
	check_uint(flight.now, 2);
	stream_drop(s);
	check_uint(flight.dropped, 3);
	check_uint(flight.now, 0);
	for (int i = 0; i < 3; i++)
		waker_drop(&g[i].kept);
}

void test_buffered_oom_leaves_the_source_with_the_caller(void **state)
{
	(void)state;
	struct stream *src = stream_range_new(0, 3);
	uint64_t n;

	for (n = 1; n < 10; n++) {
		struct stream *s = NULL;
		size_t before = mem_live_blocks();
		mem_fail_at(n);
		int err = stream_buffered(src, 4, &s);
		if (!mem_fail_triggered()) {
			check_err(err, 0);
			stream_drop(s);
			break;
		}
		check_err(err, ERR_NOMEM);
		check_true(s == NULL, "out must be left alone on failure");
		check_uint(mem_live_blocks(), before);
	}
	check_true(n < 10, "stream_buffered kept failing");
}

void test_buffered_passes_error_items_through(void **state)
{
	(void)state;
	struct executor *ex = test_executor(NULL);
	struct manual m;
	/* A timeout of 0 over a silent source: its first poll is an error item. */
	struct stream *errors = stream_timeout(manual_new(&m, NULL), ex, 0);
	struct stream *s;
	union value out;

	check_not_null(errors);
	check_err(stream_buffered(errors, 2, &s), 0);
	check_next(poll_noop(s, &out), POLL_NEXT_ERROR);
	check_err(out.i, ERR_TIMEDOUT);
	check_next(poll_noop(s, &out), POLL_NEXT_PENDING); /* and the stream goes on */
	stream_drop(s);
	waker_drop(&m.kept);
	executor_drop(ex);
}
