/*
 * test_block_on.c: future_block_on (block_on.c). It must poll again only
 * when woken, report a future that returns Pending without arranging a
 * wake-up, always drop the future, and catch a waker that outlives it.
 */
#include "suite.h"

void test_block_on_ready_returns_its_output(void **state)
{
	(void)state;
	struct future *f = future_ready_new(value_int(42));
	union value out = value_int(0);

	check_not_null(f);
	check_err(future_block_on(f, &out), 0);
	check_int(out.i, 42);
}

void test_block_on_yield_returns_its_output(void **state)
{
	(void)state;
	struct future *f = future_yield_new(5, value_int(-3));
	union value out = value_int(0);

	check_not_null(f);
	check_err(future_block_on(f, &out), 0);
	check_int(out.i, -3);
}

void test_block_on_polls_again_only_after_a_wake(void **state)
{
	(void)state;
	struct probe p;
	probe_init(&p, 3, PROBE_WAKE_BY_REF, value_int(8));
	struct future *f = probe_future(&p);
	union value out = value_int(0);

	check_not_null(f);
	check_err(future_block_on(f, &out), 0);
	check_int(out.i, 8);
	check_uint(p.polls, 4); /* three Pending, each after a wake, then Ready */
	check_uint(p.drops, 1);
}

void test_block_on_wake_through_kept_clone_polls_again(void **state)
{
	(void)state;
	struct probe p;
	probe_init(&p, 2, PROBE_WAKE_KEPT, value_int(6)); /* clones, then wakes the clone */
	struct future *f = probe_future(&p);
	union value out = value_int(0);

	check_not_null(f);
	check_err(future_block_on(f, &out), 0);
	check_int(out.i, 6);
	check_uint(p.polls, 3);
	check_true(waker_is_empty(&p.waker), "the woken clone must be consumed");
}

void test_block_on_join_returns_both_outputs(void **state)
{
	(void)state;
	struct future *a = future_ready_new(value_int(1));
	struct future *b = future_yield_new(2, value_int(2));
	check_not_null(a);
	check_not_null(b);
	struct future *j = future_join_new(a, b);
	check_not_null(j);
	union value out = value_ptr(NULL);

	check_err(future_block_on(j, &out), 0);
	const struct join_output *pair = out.ptr;
	check_not_null(pair);
	check_int(pair->first.i, 1);
	check_int(pair->second.i, 2);
	join_output_drop(out); /* the join is gone: release the pair directly */
}

/// [test_forgetful]
void test_block_on_forgetful_future_is_stalled(void **state)
{
	(void)state;
	struct probe p; /* keeps the waker, but nothing will ever wake it */
	probe_init(&p, PROBE_FOREVER, PROBE_WAKE_NONE, value_int(1));
	struct future *f = probe_future(&p);
	union value out = value_int(77);

	check_not_null(f);
	check_err(future_block_on(f, &out), ERR_STALLED);
	check_uint(p.polls, 1); /* not polled again without a wake */
	check_int(out.i, 77);   /* no output written */
}
/// [test_forgetful]

void test_block_on_stall_after_progress_is_stalled(void **state)
{
	(void)state;
	struct probe p; /* wakes itself at its first two Pending, then forgets */
	probe_init(&p, PROBE_FOREVER, PROBE_WAKE_BY_REF, value_int(1));
	p.wake_limit = 2;
	struct future *f = probe_future(&p);
	union value out;

	check_not_null(f);
	check_err(future_block_on(f, &out), ERR_STALLED);
	check_uint(p.polls, 3);
	check_uint(p.drops, 1);
}

void test_block_on_stalled_drops_future_and_its_waker(void **state)
{
	(void)state;
	unsigned out_drops = 0;
	struct probe p;
	probe_init(&p, PROBE_FOREVER, PROBE_WAKE_NONE, tracked_new(&out_drops, 1));
	struct future *f = probe_future_owning(&p);
	size_t before;
	union value out;

	check_not_null(f);
	before = mem_live_blocks();
	check_err(future_block_on(f, &out), ERR_STALLED);
	check_uint(p.drops, 1);
	check_true(waker_is_empty(&p.waker), "the future's kept waker must be dropped with it");
	check_uint(out_drops, 1); /* its unfinished output went with it */
	check_uint(mem_live_blocks(), before - 2);
}

void test_block_on_drops_future_after_ready(void **state)
{
	(void)state;
	struct probe p;
	probe_init(&p, 1, PROBE_WAKE_KEPT, value_int(4));
	struct future *f = probe_future(&p);
	union value out;

	check_not_null(f);
	check_err(future_block_on(f, &out), 0);
	check_uint(p.drops, 1);
}

void test_block_on_waker_clone_outliving_it_is_contract_violation(void **state)
{
	(void)state;
	struct probe p;
	probe_init(&p, 1, PROBE_WAKE_BY_REF, value_int(1));
	p.leak_waker = true; /* its drop forgets to give back the kept clone */
	struct future *f = probe_future(&p);
	union value out;

	check_not_null(f);
	check_contract_violation(future_block_on(f, &out));
	check_uint(p.drops, 1); /* the future itself was dropped before the check */
	/* The leaked clone points into block_on's finished stack frame: it
	 * must not be dropped or woken, only forgotten. */
	p.waker = waker_empty();
}

void test_block_on_null_future_is_contract_violation(void **state)
{
	(void)state;
	union value out;

	check_contract_violation(future_block_on(NULL, &out));
}
