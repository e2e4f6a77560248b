/*
 * test_futures.c: the leaf futures ready and yield (futures.c), and what
 * every future shares (future.c): polling after Ready is reported.
 */
#include "suite.h"

/* ---- ready ---- */

void test_ready_first_poll_is_ready_with_value(void **state)
{
	(void)state;
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	struct future *f = future_ready_new(value_int(42));
	union value out = value_int(0);

	check_not_null(f);
	check_poll(future_poll(f, &cx, &out), POLL_READY);
	check_int(out.i, 42);
	future_drop(f);
}

void test_ready_poll_does_not_touch_waker(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct future *f = future_ready_new(value_int(1));
	union value out;

	check_not_null(f);
	check_poll(future_poll(f, &cx, &out), POLL_READY);
	future_drop(f);
	check_uint(cw.clones, 0);
	check_uint(counting_waker_woken(&cw), 0);
	check_uint(cw.refs, 1);
	waker_drop(&w);
}

void test_ready_poll_after_ready_is_contract_violation(void **state)
{
	(void)state;
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	struct future *f = future_ready_new(value_int(7));
	union value out = value_int(0);

	check_not_null(f);
	check_poll(future_poll(f, &cx, &out), POLL_READY);
	out = value_int(0);
	check_contract_violation(future_poll(f, &cx, &out));
	future_drop(f);
}

void test_ready_drop_unpolled_frees_it(void **state)
{
	(void)state;
	size_t before = mem_live_blocks();
	struct future *f = future_ready_new(value_int(3));

	check_not_null(f);
	check_uint(mem_live_blocks(), before + 1);
	future_drop(f); /* cancelled before it ever ran */
	check_uint(mem_live_blocks(), before);
}

void test_ready_new_out_of_memory_returns_null(void **state)
{
	(void)state;
	size_t before = mem_live_blocks();
	unsigned n;

	for (n = 1; n <= 10; n++) {
		mem_fail_at(n);
		struct future *f = future_ready_new(value_int(1));
		if (!mem_fail_triggered()) {
			check_not_null(f);
			future_drop(f);
			break;
		}
		check_true(f == NULL, "allocation %u failed: expected NULL, got a future", n);
		check_uint(mem_live_blocks(), before);
	}
	mem_fail_at(0);
	check_true(n > 1, "future_ready_new() must allocate its future");
}

/* ---- yield ---- */

void test_yield_is_pending_n_times_then_ready(void **state)
{
	(void)state;
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	struct future *f = future_yield_new(3, value_int(9));
	union value out = value_int(0);

	check_not_null(f);
	for (int i = 0; i < 3; i++)
		check_poll(future_poll(f, &cx, &out), POLL_PENDING);
	check_poll(future_poll(f, &cx, &out), POLL_READY);
	check_int(out.i, 9);
	future_drop(f);
}

/// [test_yield_wakes]
void test_yield_wakes_by_ref_before_each_pending(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct future *f = future_yield_new(3, value_int(0));
	union value out;

	check_not_null(f);
	for (unsigned i = 1; i <= 3; i++) {
		check_poll(future_poll(f, &cx, &out), POLL_PENDING);
		check_uint(cw.wakes_by_ref, i); /* one wake-up per Pending, before it */
	}
	check_poll(future_poll(f, &cx, &out), POLL_READY);
	check_uint(cw.wakes_by_ref, 3); /* Ready wakes no one */
	check_uint(cw.wakes, 0);
	future_drop(f);
	waker_drop(&w);
}
/// [test_yield_wakes]

void test_yield_keeps_no_waker(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct future *f = future_yield_new(2, value_int(0));
	union value out;

	check_not_null(f);
	check_poll(future_poll(f, &cx, &out), POLL_PENDING);
	check_uint(cw.clones, 0);
	check_uint(cw.refs, 1);
	check_poll(future_poll(f, &cx, &out), POLL_PENDING);
	check_uint(cw.clones, 0);
	check_uint(cw.refs, 1);
	future_drop(f); /* dropped while pending: nothing to give back */
	check_uint(cw.drops, 0);
	check_uint(cw.refs, 1);
	waker_drop(&w);
}

void test_yield_zero_is_ready_at_once(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct future *f = future_yield_new(0, value_int(-4));
	union value out = value_int(0);

	check_not_null(f);
	check_poll(future_poll(f, &cx, &out), POLL_READY);
	check_int(out.i, -4);
	check_uint(counting_waker_woken(&cw), 0);
	future_drop(f);
	waker_drop(&w);
}

void test_yield_poll_after_ready_is_contract_violation(void **state)
{
	(void)state;
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	struct future *f = future_yield_new(1, value_int(0));
	union value out;

	check_not_null(f);
	check_poll(future_poll(f, &cx, &out), POLL_PENDING);
	check_poll(future_poll(f, &cx, &out), POLL_READY);
	check_contract_violation(future_poll(f, &cx, &out));
	future_drop(f);
}

void test_yield_new_out_of_memory_returns_null(void **state)
{
	(void)state;
	size_t before = mem_live_blocks();
	unsigned n;

	for (n = 1; n <= 10; n++) {
		mem_fail_at(n);
		struct future *f = future_yield_new(2, value_int(1));
		if (!mem_fail_triggered()) {
			check_not_null(f);
			future_drop(f);
			break;
		}
		check_true(f == NULL, "allocation %u failed: expected NULL, got a future", n);
		check_uint(mem_live_blocks(), before);
	}
	mem_fail_at(0);
	check_true(n > 1, "future_yield_new() must allocate its future");
}
