/*
 * test_join.c: future_join_new (join.c), checked the way futures-rs checks
 * its join: Pending while either side is, both outputs in argument order,
 * a finished side never polled again, the join's waker handed down, and
 * what a drop releases at each stage.
 */
#include "suite.h"

/* A join of two probes; fails the test when out of memory. */
static struct future *join_probes(struct probe *a, struct probe *b)
{
	struct future *fa = probe_future(a);
	struct future *fb = probe_future(b);
	check_not_null(fa);
	check_not_null(fb);
	struct future *j = future_join_new(fa, fb);
	check_not_null(j);
	return j;
}

static const struct join_output *pair_of(union value out)
{
	return out.ptr;
}

void test_join_pending_while_first_pending(void **state)
{
	(void)state;
	struct probe a, b;
	probe_init(&a, PROBE_FOREVER, PROBE_WAKE_NONE, value_int(1));
	probe_init(&b, 0, PROBE_WAKE_NONE, value_int(2));
	struct future *j = join_probes(&a, &b);
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	union value out;

	check_poll(future_poll(j, &cx, &out), POLL_PENDING);
	check_poll(future_poll(j, &cx, &out), POLL_PENDING);
	check_uint(a.polls, 2);
	future_drop(j);
}

void test_join_pending_while_second_pending(void **state)
{
	(void)state;
	struct probe a, b;
	probe_init(&a, 0, PROBE_WAKE_NONE, value_int(1));
	probe_init(&b, PROBE_FOREVER, PROBE_WAKE_NONE, value_int(2));
	struct future *j = join_probes(&a, &b);
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	union value out;

	check_poll(future_poll(j, &cx, &out), POLL_PENDING);
	check_poll(future_poll(j, &cx, &out), POLL_PENDING);
	check_uint(b.polls, 2);
	future_drop(j);
}

void test_join_ready_when_both_ready_with_outputs_in_order(void **state)
{
	(void)state;
	struct probe a, b;
	probe_init(&a, PROBE_FOREVER, PROBE_WAKE_NONE, value_int(10));
	probe_init(&b, 0, PROBE_WAKE_NONE, value_int(20)); /* b finishes first */
	struct future *j = join_probes(&a, &b);
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	union value out = value_ptr(NULL);

	check_poll(future_poll(j, &cx, &out), POLL_PENDING);
	probe_finish(&a);
	check_poll(future_poll(j, &cx, &out), POLL_READY);
	check_not_null(out.ptr);
	check_int(pair_of(out)->first.i, 10);
	check_int(pair_of(out)->second.i, 20);
	future_drop_output(j, out);
	future_drop(j);
}

void test_join_polls_first_then_second(void **state)
{
	(void)state;
	struct probe a, b;
	probe_init(&a, PROBE_FOREVER, PROBE_WAKE_NONE, value_int(1));
	probe_init(&b, PROBE_FOREVER, PROBE_WAKE_NONE, value_int(2));
	struct future *j = join_probes(&a, &b);
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	union value out;

	for (unsigned i = 1; i <= 2; i++) {
		check_poll(future_poll(j, &cx, &out), POLL_PENDING);
		check_uint(a.polls, i); /* each poll of the join polls each child once */
		check_uint(b.polls, i);
		check_true(a.poll_seq < b.poll_seq,
			   "the first future must be polled before the second");
	}
	future_drop(j);
}

void test_join_does_not_poll_finished_child_again(void **state)
{
	(void)state;
	struct probe a, b;
	probe_init(&a, 0, PROBE_WAKE_NONE, value_int(1));
	probe_init(&b, 3, PROBE_WAKE_NONE, value_int(2));
	struct future *j = join_probes(&a, &b);
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	union value out;

	for (int i = 0; i < 3; i++)
		check_poll(future_poll(j, &cx, &out), POLL_PENDING);
	check_poll(future_poll(j, &cx, &out), POLL_READY);
	check_uint(a.polls, 1); /* Ready at its first poll, never polled again */
	check_uint(b.polls, 4);
	future_drop_output(j, out);
	future_drop(j);
}

void test_join_drops_child_as_soon_as_it_finishes(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct probe a, b;
	probe_init(&a, 1, PROBE_WAKE_NONE, value_int(1));
	probe_init(&b, PROBE_FOREVER, PROBE_WAKE_NONE, value_int(2));
	struct future *j = join_probes(&a, &b);
	union value out;

	check_poll(future_poll(j, &cx, &out), POLL_PENDING);
	check_uint(a.drops, 0);
	check_poll(future_poll(j, &cx, &out), POLL_PENDING); /* a finishes here */
	check_uint(a.drops, 1);
	check_uint(b.drops, 0);
	check_true(waker_is_empty(&a.waker), "a finished child's waker goes with it");
	check_uint(cw.refs, 2); /* the context's handle and b's kept clone */
	future_drop(j);
	check_uint(b.drops, 1);
	check_uint(cw.refs, 1);
	waker_drop(&w);
}

void test_join_passes_its_waker_to_children(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct probe a, b;
	probe_init(&a, PROBE_FOREVER, PROBE_WAKE_NONE, value_int(1));
	probe_init(&b, PROBE_FOREVER, PROBE_WAKE_NONE, value_int(2));
	struct future *j = join_probes(&a, &b);
	union value out;

	check_poll(future_poll(j, &cx, &out), POLL_PENDING);
	check_true(waker_will_wake(&a.waker, &w), "the first child must get the join's waker");
	check_true(waker_will_wake(&b.waker, &w), "the second child must get the join's waker");
	check_uint(cw.refs, 3);
	probe_wake(&b); /* b's event: whoever polls the join must hear of it */
	check_uint(cw.wakes_by_ref, 1);
	future_drop(j);
	check_uint(cw.refs, 1);
	waker_drop(&w);
}

void test_join_of_yields_wakes_once_per_pending_child(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct future *ya = future_yield_new(1, value_int(1));
	struct future *yb = future_yield_new(3, value_int(3));
	check_not_null(ya);
	check_not_null(yb);
	struct future *j = future_join_new(ya, yb);
	check_not_null(j);
	union value out;
	static const unsigned woken_after[] = {2, 3, 4};

	for (unsigned i = 0; i < 3; i++) {
		check_poll(future_poll(j, &cx, &out), POLL_PENDING);
		check_uint(cw.wakes_by_ref, woken_after[i]);
	}
	check_poll(future_poll(j, &cx, &out), POLL_READY);
	check_uint(cw.wakes_by_ref, 4);
	check_int(pair_of(out)->first.i, 1);
	check_int(pair_of(out)->second.i, 3);
	future_drop_output(j, out);
	future_drop(j);
	check_uint(cw.refs, 1);
	waker_drop(&w);
}

void test_join_drop_unfinished_drops_both_children(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct probe a, b;
	probe_init(&a, PROBE_FOREVER, PROBE_WAKE_NONE, value_int(1));
	probe_init(&b, PROBE_FOREVER, PROBE_WAKE_NONE, value_int(2));
	struct future *j = join_probes(&a, &b);
	union value out;

	check_poll(future_poll(j, &cx, &out), POLL_PENDING);
	future_drop(j);
	check_uint(a.drops, 1);
	check_uint(b.drops, 1);
	check_uint(cw.refs, 1); /* the children's kept wakers were given back */
	check_uint(counting_waker_woken(&cw), 0);
	waker_drop(&w);
}

void test_join_drop_unpolled_drops_both_children(void **state)
{
	(void)state;
	struct probe a, b;
	probe_init(&a, 0, PROBE_WAKE_NONE, value_int(1));
	probe_init(&b, 0, PROBE_WAKE_NONE, value_int(2));
	struct future *j = join_probes(&a, &b);

	future_drop(j);
	check_uint(a.drops, 1);
	check_uint(b.drops, 1);
	check_uint(a.polls + b.polls, 0);
}

void test_join_drop_unfinished_releases_kept_output(void **state)
{
	(void)state;
	unsigned a_out_drops = 0, b_out_drops = 0;
	struct probe a, b;
	probe_init(&a, 0, PROBE_WAKE_NONE, tracked_new(&a_out_drops, 1));
	probe_init(&b, PROBE_FOREVER, PROBE_WAKE_NONE, tracked_new(&b_out_drops, 2));
	struct future *fa = probe_future_owning(&a);
	struct future *fb = probe_future_owning(&b);
	check_not_null(fa);
	check_not_null(fb);
	struct future *j = future_join_new(fa, fb);
	check_not_null(j);
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	union value out;

	check_poll(future_poll(j, &cx, &out), POLL_PENDING); /* a done, output kept */
	check_uint(a.drops, 1);
	check_uint(a_out_drops, 0);
	future_drop(j);
	check_uint(a_out_drops, 1); /* released by the join, with a's drop_output */
	check_uint(b.drops, 1);
	check_uint(b_out_drops, 1); /* b never finished: released by b itself */
}

void test_join_output_released_with_children_drop_functions(void **state)
{
	(void)state;
	unsigned a_out_drops = 0, b_out_drops = 0;
	struct probe a, b;
	probe_init(&a, 0, PROBE_WAKE_NONE, tracked_new(&a_out_drops, 1));
	probe_init(&b, 1, PROBE_WAKE_NONE, tracked_new(&b_out_drops, 2));
	struct future *fa = probe_future_owning(&a);
	struct future *fb = probe_future_owning(&b);
	check_not_null(fa);
	check_not_null(fb);
	struct future *j = future_join_new(fa, fb);
	check_not_null(j);
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	union value out;

	check_true(j->vtable->drop_output == join_output_drop,
		   "a join's drop_output must be join_output_drop");
	check_poll(future_poll(j, &cx, &out), POLL_PENDING);
	check_poll(future_poll(j, &cx, &out), POLL_READY);
	check_int(tracked_id(pair_of(out)->first), 1);
	check_int(tracked_id(pair_of(out)->second), 2);
	future_drop(j); /* the outputs are the caller's now: not released here */
	check_uint(a_out_drops, 0);
	check_uint(b_out_drops, 0);
	join_output_drop(out);
	check_uint(a_out_drops, 1);
	check_uint(b_out_drops, 1);
}

void test_join_output_released_by_future_drop_output(void **state)
{
	(void)state;
	unsigned a_out_drops = 0;
	struct probe a, b;
	probe_init(&a, 0, PROBE_WAKE_NONE, tracked_new(&a_out_drops, 1));
	probe_init(&b, 0, PROBE_WAKE_NONE, value_int(2)); /* a plain output */
	struct future *fa = probe_future_owning(&a);
	struct future *fb = probe_future(&b);
	check_not_null(fa);
	check_not_null(fb);
	struct future *j = future_join_new(fa, fb);
	check_not_null(j);
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	union value out;

	check_poll(future_poll(j, &cx, &out), POLL_READY);
	check_int(pair_of(out)->second.i, 2);
	future_drop_output(j, out); /* a's with tracked_drop, b's with nothing */
	check_uint(a_out_drops, 1);
	future_drop(j);
	check_uint(a_out_drops, 1);
}

void test_join_poll_after_ready_is_contract_violation(void **state)
{
	(void)state;
	struct future *ra = future_ready_new(value_int(1));
	struct future *rb = future_ready_new(value_int(2));
	check_not_null(ra);
	check_not_null(rb);
	struct future *j = future_join_new(ra, rb);
	check_not_null(j);
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	union value out, again;

	check_poll(future_poll(j, &cx, &out), POLL_READY);
	check_contract_violation(future_poll(j, &cx, &again));
	future_drop_output(j, out);
	future_drop(j);
}

void test_join_new_same_future_twice_is_contract_violation(void **state)
{
	(void)state;
	struct future *f = future_ready_new(value_int(1));
	check_not_null(f);

	check_contract_violation(future_join_new(f, f));
	future_drop(f);
}

void test_join_new_out_of_memory_returns_null_and_keeps_children(void **state)
{
	(void)state;
	struct probe a, b;
	probe_init(&a, 0, PROBE_WAKE_NONE, value_int(1));
	probe_init(&b, 0, PROBE_WAKE_NONE, value_int(2));
	struct future *fa = probe_future(&a);
	struct future *fb = probe_future(&b);
	check_not_null(fa);
	check_not_null(fb);
	size_t before = mem_live_blocks();
	struct future *j = NULL;
	unsigned n;

	for (n = 1; n <= 10; n++) {
		mem_fail_at(n);
		j = future_join_new(fa, fb);
		if (!mem_fail_triggered())
			break;
		check_true(j == NULL, "allocation %u failed: expected NULL, got a future", n);
		check_uint(mem_live_blocks(), before);
		check_uint(a.drops + b.drops, 0); /* still the caller's */
		check_uint(a.polls + b.polls, 0);
	}
	mem_fail_at(0);
	check_true(n > 2, "future_join_new() must allocate the join and its output up front");
	check_not_null(j);

	/* The children survived every failure: the join still works. */
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	union value out;
	check_poll(future_poll(j, &cx, &out), POLL_READY);
	check_int(pair_of(out)->first.i, 1);
	check_int(pair_of(out)->second.i, 2);
	future_drop_output(j, out);
	future_drop(j);
}

void test_join_ready_allocates_nothing(void **state)
{
	(void)state;
	struct probe a, b;
	probe_init(&a, 0, PROBE_WAKE_NONE, value_int(1));
	probe_init(&b, 1, PROBE_WAKE_NONE, value_int(2));
	struct future *j = join_probes(&a, &b);
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	union value out;
	uint64_t allocs = mem_total_allocs();

	mem_fail_at(1); /* any allocation from here on fails */
	check_poll(future_poll(j, &cx, &out), POLL_PENDING);
	check_poll(future_poll(j, &cx, &out), POLL_READY);
	check_true(!mem_fail_triggered(), "completing a join must not allocate");
	mem_fail_at(0);
	check_uint(mem_total_allocs(), allocs);
	future_drop_output(j, out);
	future_drop(j);
}
