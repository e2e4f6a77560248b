/*
 * test_fec.c: for_each_concurrent (Rust: StreamExt::for_each_concurrent).
 */
#include "tests.h"

#include "helpers.h"

/* The env of make_delay: the executor and how long each piece of work takes. */
struct delay_env {
	struct executor *ex;
	uint64_t ms;
	bool boxed_output; /* give each future a boxed output */
	bool fail;         /* return NULL (out of memory) */
};

static struct future *make_delay(union value item, void *env)
{
	struct delay_env *e = env;

	if (e->fail)
		return NULL;
	if (e->boxed_output)
		return delay_new(e->ex, e->ms, box_new(item.i), box_drop);
	return delay_new(e->ex, e->ms, item, NULL);
}

static struct future *make_gate(union value item, void *env)
{
	struct gate *gates = env;

	return gate_new(&gates[item.i], NULL);
}

void test_for_each_concurrent_zero_is_inval(void **state)
{
	(void)state;
	struct stream *src = stream_empty_new();
	struct future *f = NULL;

	check_err(stream_for_each_concurrent(src, 0, make_gate, NULL, &f), ERR_INVAL);
	check_true(f == NULL, "the out pointer must be left alone");
	stream_drop(src);
}

/// [fec_test]
void test_for_each_concurrent_runs_n_at_a_time_on_the_clock(void **state)
{
	(void)state;
	struct executor *ex = test_executor(NULL);
	struct delay_env env = {ex, 100, true, false};
	struct future *f;
	union value out;

	flight_reset();
	box_reset();
	check_err(stream_for_each_concurrent(stream_range_new(0, 10), 3, make_delay, &env, &f), 0);
	check_err(executor_block_on(ex, f, &out), 0);
	check_int(out.i, 0);
	check_uint(flight.peak, 3);       /* never more than n at once */
	check_uint(executor_now(ex), 400); /* 10 pieces, 3 at a time: 4 rounds of 100 ms */
	check_uint(boxes_dropped, 10);     /* every output released */
	executor_drop(ex);
}
/// [fec_test]

void test_for_each_concurrent_pending_until_work_finishes(void **state)
{
	(void)state;
	struct gate g[2] = {{.open = false}};
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct future *f;
	union value out;

	flight_reset();
	g[0].kept = waker_empty(), g[1].kept = waker_empty();
	check_err(stream_for_each_concurrent(stream_range_new(0, 2), 1, make_gate, g, &f), 0);
	check_poll(future_poll(f, &cx, &out), POLL_PENDING);
	check_uint(flight.made, 1); /* one slot: the second item is not taken */
	gate_open(&g[0]);
	check_uint(counting_waker_woken(&cw), 1);
	check_poll(future_poll(f, &cx, &out), POLL_PENDING);
	check_uint(flight.made, 2);
	check_uint(flight.peak, 1);
	gate_open(&g[1]);
	check_poll(future_poll(f, &cx, &out), POLL_READY);
	check_int(out.i, 0);
	future_drop(f);
	waker_drop(&w);
	check_uint(cw.refs, 0);
}

void test_for_each_concurrent_drop_cancels_work_in_flight(void **state)
{
	(void)state;
	struct gate g[4] = {{.open = false}};
	struct future *f;
	struct waker w = waker_noop();
	struct context cx = context_from_waker(&w);
	union value out;

	flight_reset();
	for (int i = 0; i < 4; i++)
		g[i].kept = waker_empty();
	check_err(stream_for_each_concurrent(stream_range_new(0, 4), 3, make_gate, g, &f), 0);
	check_poll(future_poll(f, &cx, &out), POLL_PENDING);
	check_uint(flight.now, 3);
	future_drop(f);
	check_uint(flight.now, 0);
	check_uint(flight.dropped, 3);
	for (int i = 0; i < 4; i++)
		waker_drop(&g[i].kept);
}

void test_for_each_concurrent_closure_oom_finishes_with_nomem(void **state)
{
	(void)state;
	struct executor *ex = test_executor(NULL);
	struct delay_env env = {ex, 10, false, true};
	struct future *f;
	union value out;

	check_err(stream_for_each_concurrent(stream_range_new(0, 3), 2, make_delay, &env, &f), 0);
	check_err(executor_block_on(ex, f, &out), 0);
	check_err(out.i, ERR_NOMEM);
	executor_drop(ex);
}

void test_for_each_concurrent_oom_leaves_the_source(void **state)
{
	(void)state;
	struct stream *src = stream_range_new(0, 3);
	uint64_t n;

	for (n = 1; n < 10; n++) {
		struct future *f = NULL;
		size_t before = mem_live_blocks();
		mem_fail_at(n);
		int err = stream_for_each_concurrent(src, 2, make_gate, NULL, &f);
		if (!mem_fail_triggered()) {
			check_err(err, 0);
			future_drop(f);
			break;
		}
		check_err(err, ERR_NOMEM);
		check_true(f == NULL, "out must be left alone on failure");
		check_uint(mem_live_blocks(), before);
	}
	check_true(n < 10, "stream_for_each_concurrent kept failing");
}

void test_for_each_concurrent_error_item_is_contract_violation(void **state)
{
	(void)state;
	struct executor *ex = test_executor(NULL);
	struct manual m;
	struct stream *errors = stream_timeout(manual_new(&m, NULL), ex, 0);
	struct waker w = waker_noop();
	struct context cx = context_from_waker(&w);
	struct future *f;
	union value out;

	check_not_null(errors);
	check_err(stream_for_each_concurrent(errors, 2, make_gate, NULL, &f), 0);
	check_contract_violation(future_poll(f, &cx, &out)); /* use try_for_each (chapter 7) */
	future_drop(f);
	waker_drop(&m.kept);
	executor_drop(ex);
}
