/*
 * test_time.c: throttle and timeout on the virtual clock (Rust:
 * tokio-stream's StreamExt::throttle and StreamExt::timeout).
 */
#include "tests.h"

#include "helpers.h"

/* A stream yielding i at time delays[i] (all started together). */
static struct stream *timed_source(struct executor *ex, const uint64_t *delays, size_t n)
{
	union value items[8];
	struct stream *s;

	for (size_t i = 0; i < n; i++)
		items[i] = value_ptr(delay_new(ex, delays[i], value_int((int64_t)i), NULL));
	struct stream *futs = stream_iter_new(items, n, future_item_drop);
	check_not_null(futs);
	check_err(stream_buffered(futs, n, &s), 0);
	return s;
}

/// [throttle_test]
void test_throttle_first_item_at_once_then_one_per_period(void **state)
{
	(void)state;
	struct executor *ex = test_executor(NULL);
	struct stream *s = stream_throttle(stream_range_new(0, 5), ex, 100);
	struct drained d = {.boxed = false};

	check_not_null(s);
	drain(ex, s, &d);
	check_uint(d.len, 5);
	for (size_t i = 0; i < 5; i++) {
		check_int(d.items[i], (int64_t)i);
		check_uint(d.at[i], 100 * i); /* 0, 100, 200, ...: the first is not delayed */
	}
	check_uint(d.end_at, 500); /* the end, too, waits for the period */
	executor_drop(ex);
}
/// [throttle_test]

void test_throttle_period_starts_when_the_item_leaves(void **state)
{
	(void)state;
	struct executor *ex = test_executor(NULL);
	const uint64_t delays[3] = {0, 250, 260};
	struct stream *s = stream_throttle(timed_source(ex, delays, 3), ex, 100);
	struct drained d = {.boxed = false};

	check_not_null(s);
	drain(ex, s, &d);
	check_uint(d.len, 3);
	check_uint(d.at[0], 0);
	check_uint(d.at[1], 250); /* late source: passes when it comes */
	check_uint(d.at[2], 350); /* ready at 260, but the period runs from 250 */
	executor_drop(ex);
}

void test_throttle_does_not_poll_the_source_during_the_period(void **state)
{
	(void)state;
	struct executor *ex = test_executor(NULL);
	struct manual m;
	struct stream *s = stream_throttle(manual_new(&m, box_drop), ex, 100);
	union value out;

	box_reset();
	check_not_null(s);
	for (int i = 0; i < 3; i++)
		manual_push(&m, box_new(i));
	check_next(poll_noop(s, &out), POLL_NEXT_ITEM);
	check_int(box_take(out), 0);
	check_next(poll_noop(s, &out), POLL_NEXT_PENDING);
	check_next(poll_noop(s, &out), POLL_NEXT_PENDING);
	check_uint(m.polls, 1); /* items are there, but the period holds them back */
	stream_drop(s);         /* mid-stream: the two items left are released */
	check_uint(boxes_dropped, 2);
	check_true(m.dropped, "the source must be dropped");
	waker_drop(&m.kept);
	check_int(executor_run(ex), 0); /* the period's timer went with the stream */
	executor_drop(ex);
}

void test_throttle_zero_period_lets_everything_through(void **state)
{
	(void)state;
	struct executor *ex = test_executor(NULL);
	struct stream *s = stream_throttle(stream_range_new(0, 4), ex, 0);
	struct drained d = {.boxed = false};

	check_not_null(s);
	drain(ex, s, &d);
	check_uint(d.len, 4);
	check_uint(d.at[3], 0);
	check_uint(d.end_at, 0);
	executor_drop(ex);
}

void test_throttle_oom_leaves_the_source(void **state)
{
	(void)state;
	struct executor *ex = test_executor(NULL);
	struct stream *src = stream_range_new(0, 3);
	uint64_t n;

	for (n = 1; n < 10; n++) {
		size_t before = mem_live_blocks();
		mem_fail_at(n);
		struct stream *s = stream_throttle(src, ex, 10);
		if (!mem_fail_triggered()) {
			check_not_null(s);
			stream_drop(s);
			break;
		}
		check_true(s == NULL, "a failed constructor returns NULL");
		check_uint(mem_live_blocks(), before);
	}
	check_true(n < 10, "stream_throttle kept failing");
	executor_drop(ex);
}

/// [timeout_test]
void test_timeout_error_when_late_then_keeps_going(void **state)
{
	(void)state;
	struct executor *ex = test_executor(NULL);
	const uint64_t delays[3] = {50, 250, 280};
	struct stream *s = stream_timeout(timed_source(ex, delays, 3), ex, 100);
	struct drained d = {.boxed = false};

	check_not_null(s);
	drain(ex, s, &d);
	check_uint(d.len, 4);
	check_true(!d.error[0] && d.items[0] == 0 && d.at[0] == 50, "item 0 at 50");
	check_true(d.error[1], "then a timeout");
	check_err(d.items[1], ERR_TIMEDOUT);
	check_uint(d.at[1], 150); /* 100 ms after item 0 */
	check_true(!d.error[2] && d.items[2] == 1 && d.at[2] == 250, "item 1 still comes");
	check_true(!d.error[3] && d.items[3] == 2 && d.at[3] == 280, "item 2 in time");
	executor_drop(ex);
}
/// [timeout_test]

void test_timeout_one_error_per_silence(void **state)
{
	(void)state;
	struct executor *ex = test_executor(NULL);
	const uint64_t delays[1] = {450};
	struct stream *s = stream_timeout(timed_source(ex, delays, 1), ex, 100);
	struct drained d = {.boxed = false};

	check_not_null(s);
	drain(ex, s, &d);
	check_uint(d.len, 2); /* one timeout at 100, none at 200, 300, 400 */
	check_true(d.error[0] && d.at[0] == 100, "one timeout at 100");
	check_true(!d.error[1] && d.at[1] == 450, "then the item");
	executor_drop(ex);
}

void test_timeout_items_in_time_give_no_error(void **state)
{
	(void)state;
	struct executor *ex = test_executor(NULL);
	const uint64_t delays[3] = {90, 180, 270};
	struct stream *s = stream_timeout(timed_source(ex, delays, 3), ex, 100);
	struct drained d = {.boxed = false};

	check_not_null(s);
	drain(ex, s, &d);
	check_uint(d.len, 3);
	for (size_t i = 0; i < 3; i++)
		check_true(!d.error[i], "no timeout: each item came within 100 ms of the last");
	executor_drop(ex);
}

void test_timeout_pending_source_keeps_both_wakeups(void **state)
{
	(void)state;
	struct executor *ex = test_executor(NULL);
	struct manual m;
	struct stream *s = stream_timeout(manual_new(&m, NULL), ex, 100);
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	union value out;

	check_not_null(s);
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_PENDING);
	check_true(m.kept.vtable != NULL, "the source keeps the waker");
	manual_push(&m, value_int(7));
	check_uint(counting_waker_woken(&cw), 1);
	check_next(stream_poll_next(s, &cx, &out), POLL_NEXT_ITEM);
	check_int(out.i, 7);
	stream_drop(s);
	waker_drop(&m.kept);
	waker_drop(&w);
	check_uint(cw.refs, 0); /* the deadline's clone went with the stream */
	executor_drop(ex);
}

void test_timeout_oom_leaves_the_source(void **state)
{
	(void)state;
	struct executor *ex = test_executor(NULL);
	struct stream *src = stream_range_new(0, 3);
	uint64_t n;

	for (n = 1; n < 10; n++) {
		size_t before = mem_live_blocks();
		mem_fail_at(n);
		struct stream *s = stream_timeout(src, ex, 10);
		if (!mem_fail_triggered()) {
			check_not_null(s);
			stream_drop(s);
			break;
		}
		check_true(s == NULL, "a failed constructor returns NULL");
		check_uint(mem_live_blocks(), before);
	}
	check_true(n < 10, "stream_timeout kept failing");
	executor_drop(ex);
}
