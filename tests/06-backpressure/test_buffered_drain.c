/*
 * test_buffered_drain.c: buffered and buffer_unordered taken through
 * stream_poll_drain() answer exactly as the loop over stream_poll_next()
 * does. Each test runs one script twice, once per way of taking the items,
 * records everything a caller can see (items, answers, polls of the source,
 * futures in flight, wake-ups of the task's waker, what a drop releases) and
 * compares the two records.
 */
#include "tests.h"

#include "helpers.h"

#include <string.h>

#define SCRIPT_FUTURES 12
#define SCRIPT_STEPS 8

/* What a caller can see of one run of a script. */
struct seen {
	int64_t items[SCRIPT_FUTURES + 4];
	size_t len;
	int answers[SCRIPT_STEPS];   /* the answer that ended each step */
	size_t items_at[SCRIPT_STEPS]; /* items seen when each step ended */
	unsigned polls[SCRIPT_STEPS];  /* source polls when each step ended */
	unsigned woken[SCRIPT_STEPS];  /* wake-ups of the task's waker before each step */
	unsigned in_flight[SCRIPT_STEPS];
	size_t steps;
	unsigned peak, dropped, boxes_dropped;
	struct stream *stream;                 /* whose size hint each push records */
	size_t hint_lower[SCRIPT_FUTURES + 4]; /* its lower bound at each push */
	bool hint_has_upper[SCRIPT_FUTURES + 4];
};

struct seen_sink {
	struct stream_sink base;
	struct seen *seen;
};

static void seen_push(struct stream_sink *sink, union value item)
{
	struct seen *seen = container_of(sink, struct seen_sink, base)->seen;

	check_true(seen->len < SCRIPT_FUTURES + 4, "more items than futures");
	if (seen->stream != NULL) { /* a sink may ask its stream, as a consumer can */
		struct size_hint hint;
		stream_size_hint(seen->stream, &hint);
		seen->hint_lower[seen->len] = hint.lower;
		seen->hint_has_upper[seen->len] = hint.has_upper;
	}
	seen->items[seen->len++] = box_take(item);
}

/* Takes items from s until an answer that is not an item, through the
 * drain or one poll at a time, and records what can be seen. */
static enum poll_next take(struct stream *s, struct context *cx, bool drain, struct seen *seen,
			   const struct manual *m, const struct counting_waker *cw,
			   union value *out)
{
	enum poll_next r;

	check_true(seen->steps < SCRIPT_STEPS, "too many steps");
	seen->woken[seen->steps] = counting_waker_woken(cw);
	if (drain) {
		struct seen_sink sink = {{seen_push}, seen};
		r = stream_poll_drain(s, cx, &sink.base, out);
	} else {
		while ((r = stream_poll_next(s, cx, out)) == POLL_NEXT_ITEM)
			seen_push(&(struct seen_sink){{seen_push}, seen}.base, *out);
	}
	seen->answers[seen->steps] = r;
	seen->items_at[seen->steps] = seen->len;
	seen->polls[seen->steps] = m->polls;
	seen->in_flight[seen->steps] = flight.now;
	seen->steps++;
	return r;
}

/* A manual source of gates with boxed outputs 0..11, through cap slots (3
 * unless a test says otherwise); gates 1 and 6 start closed. It runs the stream through Pending (a closed gate at the head),
 * a steady run of futures Ready at once, a silent source, and the end; with
 * drop_early, it drops the stream while outputs wait behind a closed head. */
static void run_script_with(size_t cap, bool unordered, bool drain, bool drop_early,
			    struct seen *seen)
{
	struct manual m;
	struct gate g[SCRIPT_FUTURES];
	struct stream *src = manual_new(&m, future_item_drop);
	struct stream *s;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	union value out;

	memset(seen, 0, sizeof *seen);
	box_reset();
	flight_reset();
	for (int i = 0; i < SCRIPT_FUTURES; i++) {
		g[i] = (struct gate){.open = i != 1 && i != 6, .output = box_new(i)};
		g[i].kept = waker_empty();
	}
	for (int i = 0; i < 8; i++)
		manual_push(&m, value_ptr(gate_new(&g[i], box_drop)));
	check_err(unordered ? stream_buffer_unordered(src, cap, &s) : stream_buffered(src, cap, &s),
		  0);
	seen->stream = s;

	check_next(take(s, &cx, drain, seen, &m, &cw, &out), POLL_NEXT_PENDING);
	gate_open(&g[1]);
	check_next(take(s, &cx, drain, seen, &m, &cw, &out), POLL_NEXT_PENDING);
	if (!drop_early) {
		for (int i = 8; i < 11; i++)
			manual_push(&m, value_ptr(gate_new(&g[i], box_drop)));
		take(s, &cx, drain, seen, &m, &cw, &out);
		gate_open(&g[6]);
		check_next(take(s, &cx, drain, seen, &m, &cw, &out), POLL_NEXT_PENDING);
		manual_push(&m, value_ptr(gate_new(&g[11], box_drop)));
		manual_end(&m);
		check_next(take(s, &cx, drain, seen, &m, &cw, &out), POLL_NEXT_END);
	}
	seen->peak = flight.peak;
	seen->stream = NULL;
	stream_drop(s);
	seen->dropped = flight.dropped;
	seen->boxes_dropped = boxes_dropped;
	check_uint(flight.now, 0);
	for (int i = 0; i < SCRIPT_FUTURES; i++) {
		if (drop_early && !g[i].open)
			box_drop(g[i].output); /* never handed out by its gate */
		waker_drop(&g[i].kept);
	}
	if (drop_early)
		for (int i = 8; i < SCRIPT_FUTURES; i++)
			box_drop(g[i].output); /* never made into a future */
	waker_drop(&m.kept);
	waker_drop(&w);
	check_uint(cw.refs, 0);
}

static void run_script(bool unordered, bool drain, bool drop_early, struct seen *seen)
{
	run_script_with(3, unordered, drain, drop_early, seen);
}

/* The two records are the same, field by field. */
static void check_same(const struct seen *loop, const struct seen *drain)
{
	check_uint(drain->len, loop->len);
	for (size_t i = 0; i < loop->len; i++) {
		check_int(drain->items[i], loop->items[i]);
		check_uint(drain->hint_lower[i], loop->hint_lower[i]);
		check_true(drain->hint_has_upper[i] == loop->hint_has_upper[i],
			   "the size hint's upper bound differs");
	}
	check_uint(drain->steps, loop->steps);
	for (size_t k = 0; k < loop->steps; k++) {
		check_next(drain->answers[k], loop->answers[k]);
		check_uint(drain->items_at[k], loop->items_at[k]);
		check_uint(drain->polls[k], loop->polls[k]);
		check_uint(drain->woken[k], loop->woken[k]);
		check_uint(drain->in_flight[k], loop->in_flight[k]);
	}
	check_uint(drain->peak, loop->peak);
	check_uint(drain->dropped, loop->dropped);
	check_uint(drain->boxes_dropped, loop->boxes_dropped);
}

void test_buffered_drain_answers_as_the_poll_next_loop(void **state)
{
	(void)state;
	struct seen loop, drain;

	run_script(false, false, false, &loop);
	run_script(false, true, false, &drain);
	check_same(&loop, &drain);
	check_uint(loop.len, SCRIPT_FUTURES); /* in source order, all of them */
	for (size_t i = 0; i < loop.len; i++)
		check_int(loop.items[i], (int64_t)i);
	check_true(loop.peak <= 3, "never more than 3 in flight");
	check_uint(loop.dropped, SCRIPT_FUTURES);
}

void test_buffer_unordered_drain_answers_as_the_poll_next_loop(void **state)
{
	(void)state;
	struct seen loop, drain;

	run_script(true, false, false, &loop);
	run_script(true, true, false, &drain);
	check_same(&loop, &drain);
	check_uint(loop.len, SCRIPT_FUTURES);
	check_int(loop.items[0], 0); /* 1 waits for its gate; 3 takes slot 0 and passes it */
	check_int(loop.items[1], 3);
	check_true(loop.peak <= 3, "never more than 3 in flight");
	check_uint(loop.dropped, SCRIPT_FUTURES);
}

void test_buffered_drain_then_drop_releases_everything_once(void **state)
{
	(void)state;
	struct seen loop, drain;

	for (int unordered = 0; unordered < 2; unordered++) {
		run_script(unordered, false, true, &loop);
		run_script(unordered, true, true, &drain);
		check_same(&loop, &drain);
		check_uint(loop.dropped, 8); /* in the ring, done or not, and in the source */
	}
}

void test_buffered_drain_passes_error_items_like_poll_next(void **state)
{
	(void)state;

	for (int unordered = 0; unordered < 2; unordered++) {
		for (int drain = 0; drain < 2; drain++) {
			struct executor *ex = test_executor(NULL);
			struct manual m;
			/* A timeout of 0 over a silent source: an error item first. */
			struct stream *errors = stream_timeout(manual_new(&m, NULL), ex, 0);
			struct stream *s;
			struct seen seen;
			struct counting_waker cw;
			struct waker w = counting_waker_new(&cw);
			struct context cx = context_from_waker(&w);
			union value out;

			memset(&seen, 0, sizeof seen);
			check_not_null(errors);
			check_err(unordered ? stream_buffer_unordered(errors, 2, &s)
					    : stream_buffered(errors, 2, &s),
				  0);
			check_next(take(s, &cx, drain, &seen, &m, &cw, &out), POLL_NEXT_ERROR);
			check_err(out.i, ERR_TIMEDOUT);
			check_next(take(s, &cx, drain, &seen, &m, &cw, &out), POLL_NEXT_PENDING);
			check_uint(seen.len, 0);
			check_uint(m.polls, 2); /* once per answer: the error did not stop the source */
			stream_drop(s);
			waker_drop(&m.kept);
			waker_drop(&w);
			executor_drop(ex);
		}
	}
}

/* A sink may look at the stream it drains, through its vtable: size_hint
 * then answers as it would between two polls. The ring runs several laps
 * of Ready futures here, the case the drains handle in a loop of their
 * own, with 1, 2 and 3 slots (with one, the new future is the head and
 * leaves at once). The source (manual) knows nothing, so the lower bound is
 * the number of futures held, in flight or done, never more than the slots. */
void test_buffered_drain_size_hint_seen_by_the_sink_as_poll_next(void **state)
{
	(void)state;
	struct seen loop, drain;

	for (size_t cap = 1; cap <= 3; cap++) {
		for (int unordered = 0; unordered < 2; unordered++) {
			run_script_with(cap, unordered, false, false, &loop);
			run_script_with(cap, unordered, true, false, &drain);
			check_same(&loop, &drain);
			check_uint(loop.len, SCRIPT_FUTURES);
			check_true(loop.peak <= cap, "never more in flight than slots");
			for (size_t i = 0; i < loop.len; i++)
				check_true(loop.hint_lower[i] < cap, "the hint counts what is held");
			check_uint(loop.hint_lower[SCRIPT_FUTURES - 1], 0); /* the last one out */
		}
	}
}
