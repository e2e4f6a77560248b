/*
 * test_join.c: join handles (awaiting, detaching, outputs) and block_on.
 *
 * Tests that pin an order build their executor with seed 0 (FIFO) whatever
 * WB_SEED says; the others use executor_new(NULL) and must pass in any order.
 */
#include "tests.h"

#include "probe.h"
#include "wbtest.h"

#include "executor.h"
#include "timer.h"

/* ---- join handles ------------------------------------------------------- */

void test_join_handle_returns_task_output(void **state)
{
	(void)state;
	struct probe_stats st;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct executor *ex = executor_new(NULL);
	struct future *handle = NULL;
	union value out = {0};

	probe_stats_init(&st);
	check_err(executor_spawn(ex, "answer", probe_simple(&st, 1, PROBE_WAKE_SELF, 42), &handle), 0);
	check_not_null(handle);
	check_err(executor_run(ex), 0);
	check_poll(future_poll(handle, &cx, &out), POLL_READY);
	check_int(out.i, 42);
	check_uint(cw.clones, 0); /* Ready at once: no waker kept */
	future_drop(handle);
	executor_drop(ex);
	waker_drop(&w);
	check_uint(cw.refs, 0);
}

void test_join_handle_is_woken_when_task_finishes(void **state)
{
	(void)state;
	struct probe_stats st;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct executor *ex = executor_new(NULL);
	struct future *handle = NULL;
	union value out = {0};

	probe_stats_init(&st);
	check_err(executor_spawn(ex, "task", probe_simple(&st, 2, PROBE_WAKE_SELF, 8), &handle), 0);
	check_poll(future_poll(handle, &cx, &out), POLL_PENDING);
	check_uint(cw.refs, 2); /* the handle keeps a clone */
	check_err(executor_run(ex), 0);
	check_uint(counting_waker_woken(&cw), 1); /* exactly once, when the task finished */
	check_uint(cw.refs, 1);                   /* woken by value: the clone is gone */
	check_poll(future_poll(handle, &cx, &out), POLL_READY);
	check_int(out.i, 8);
	future_drop(handle);
	executor_drop(ex);
	waker_drop(&w);
	check_uint(cw.refs, 0);
}

void test_join_handle_repolled_wakes_latest_waker(void **state)
{
	(void)state;
	struct probe_stats st;
	struct counting_waker c1, c2;
	struct waker w1 = counting_waker_new(&c1), w2 = counting_waker_new(&c2);
	struct context cx1 = context_from_waker(&w1), cx2 = context_from_waker(&w2);
	struct executor *ex = executor_new(NULL);
	struct future *handle = NULL;
	union value out;

	probe_stats_init(&st);
	check_err(executor_spawn(ex, "task", probe_simple(&st, 1, PROBE_WAKE_SELF, 1), &handle), 0);
	check_poll(future_poll(handle, &cx1, &out), POLL_PENDING);
	check_poll(future_poll(handle, &cx2, &out), POLL_PENDING);
	check_uint(c1.refs, 1); /* replaced: the old clone was dropped */
	check_uint(c2.refs, 2);
	check_err(executor_run(ex), 0);
	check_uint(counting_waker_woken(&c1), 0);
	check_uint(counting_waker_woken(&c2), 1);
	check_poll(future_poll(handle, &cx2, &out), POLL_READY);
	future_drop(handle);
	executor_drop(ex);
	waker_drop(&w1);
	waker_drop(&w2);
}

void test_join_handle_awaited_by_another_task(void **state)
{
	(void)state;
	struct probe_stats st;
	struct watch_stats ws;
	struct executor *ex = test_executor(0, NULL, NULL);
	struct future *handle = NULL;

	probe_stats_init(&st);
	check_err(executor_spawn(ex, "worker", probe_simple(&st, 3, PROBE_WAKE_SELF, 5), &handle), 0);
	check_err(executor_spawn(ex, "waiter", watch_new(ex, handle, &ws), NULL), 0);
	check_err(executor_run(ex), 0);
	check_uint(st.polls, 4);
	check_uint(ws.polls, 2); /* Pending once, then Ready when woken by the finish */
	check_true(ws.ready, "the waiting task must finish");
	check_int(ws.output.i, 5);
	executor_drop(ex);
}

void test_join_handle_drop_detaches_running_task(void **state)
{
	(void)state;
	struct probe_stats st;
	struct probe_config cfg = {.pendings = 1, .wake = PROBE_WAKE_SELF, .output = 3, .boxed = true};
	struct executor *ex = executor_new(NULL);
	struct future *handle = NULL;

	probe_boxes_released = 0;
	probe_stats_init(&st);
	check_err(executor_spawn(ex, "detached", probe_new(&cfg, &st), &handle), 0);
	future_drop(handle); /* detach before it even ran */
	check_uint(st.drops, 0);
	check_err(executor_run(ex), 0);
	check_uint(st.polls, 2); /* it still ran to completion */
	check_uint(probe_boxes_released, 1); /* nobody will take the output: released */
	executor_drop(ex);
}

void test_join_handle_drop_releases_untaken_output(void **state)
{
	(void)state;
	struct probe_stats st;
	struct probe_config cfg = {.output = 4, .boxed = true};
	struct executor *ex = executor_new(NULL);
	struct future *handle = NULL;

	probe_boxes_released = 0;
	probe_stats_init(&st);
	check_err(executor_spawn(ex, "kept", probe_new(&cfg, &st), &handle), 0);
	check_err(executor_run(ex), 0);
	check_uint(probe_boxes_released, 0); /* the handle may still take it */
	future_drop(handle);
	check_uint(probe_boxes_released, 1);
	executor_drop(ex);
}

void test_join_handle_taken_output_is_not_released(void **state)
{
	(void)state;
	struct probe_stats st;
	struct probe_config cfg = {.output = 6, .boxed = true};
	struct executor *ex = executor_new(NULL);
	struct future *handle = NULL;
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	union value out = {0};

	probe_boxes_released = 0;
	probe_stats_init(&st);
	check_err(executor_spawn(ex, "taken", probe_new(&cfg, &st), &handle), 0);
	check_err(executor_run(ex), 0);
	check_poll(future_poll(handle, &cx, &out), POLL_READY);
	future_drop(handle);
	check_uint(probe_boxes_released, 0); /* the output is ours now */
	check_int(probe_unbox(out), 6);
	executor_drop(ex);
}

void test_join_handle_drop_output_is_the_tasks(void **state)
{
	(void)state;
	struct probe_stats st;
	struct probe_config cfg = {.output = 7, .boxed = true};
	struct executor *ex = executor_new(NULL);
	struct future *handle = NULL;
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	union value out = {0};

	probe_boxes_released = 0;
	probe_stats_init(&st);
	check_err(executor_spawn(ex, "boxed", probe_new(&cfg, &st), &handle), 0);
	check_err(executor_run(ex), 0);
	check_poll(future_poll(handle, &cx, &out), POLL_READY);
	/* Code that only knows the handle releases the output through it. */
	future_drop_output(handle, out);
	check_uint(probe_boxes_released, 1);
	future_drop(handle);
	check_uint(probe_boxes_released, 1);
	executor_drop(ex);
}

void test_join_handle_of_cancelled_task_is_contract_violation(void **state)
{
	(void)state;
	struct probe_stats st;
	struct executor *ex = executor_new(NULL);
	struct future *handle = NULL;
	struct waker noop = waker_noop();
	struct context cx = context_from_waker(&noop);
	union value out;

	probe_stats_init(&st);
	check_err(executor_spawn(ex, "cancelled", probe_simple(&st, 1, PROBE_LOSE_WAKER, 0), &handle),
		  0);
	executor_drop(ex); /* cancels the task; the handle stays ours */
	check_uint(st.drops, 1);
	check_contract_violation(future_poll(handle, &cx, &out));
	future_drop(handle);
}

/* ---- block_on ---------------------------------------------------------- */

void test_block_on_returns_output(void **state)
{
	(void)state;
	struct probe_stats st;
	struct executor *ex = executor_new(NULL);
	union value out = {0};

	probe_stats_init(&st);
	check_err(executor_block_on(ex, probe_simple(&st, 2, PROBE_WAKE_SELF, 9), &out), 0);
	check_int(out.i, 9);
	check_uint(st.polls, 3);
	check_uint(executor_live_tasks(ex), 0);
	executor_drop(ex);
}

void test_block_on_leaves_other_tasks_unfinished(void **state)
{
	(void)state;
	struct probe_stats stuck, slow, main;
	struct executor *ex = test_executor(0, NULL, NULL);
	union value out = {0};

	probe_stats_init(&stuck);
	probe_stats_init(&slow);
	probe_stats_init(&main);
	check_err(executor_spawn(ex, "stuck", probe_simple(&stuck, 1, PROBE_KEEP_WAKER, 0), NULL), 0);
	check_err(executor_spawn(ex, "slow", probe_simple(&slow, 10, PROBE_WAKE_SELF, 0), NULL), 0);
	check_err(executor_block_on(ex, probe_simple(&main, 1, PROBE_WAKE_SELF, 3), &out), 0);
	check_int(out.i, 3);
	check_uint(main.polls, 2);
	check_uint(stuck.polls, 1); /* the others ran meanwhile... */
	check_uint(slow.polls, 2);  /* ...and no longer than needed */
	check_uint(executor_live_tasks(ex), 2);
	waker_drop(&stuck.kept);
	executor_drop(ex); /* cancels the two others */
	check_uint(stuck.drops, 1);
	check_uint(slow.drops, 1);
}

void test_block_on_stall_returns_err_stalled(void **state)
{
	(void)state;
	struct wb_capture diag;
	struct probe_stats st;
	struct executor *ex;
	union value out = {0};

	wb_capture_open(&diag);
	ex = test_executor(0, diag.file, NULL);
	probe_stats_init(&st);
	check_err(executor_block_on(ex, probe_simple(&st, 1, PROBE_LOSE_WAKER, 0), &out),
		  ERR_STALLED);
	check_contains(wb_capture_text(&diag), "executor stalled");
	check_uint(executor_live_tasks(ex), 1); /* the task stays in the executor */
	check_uint(st.drops, 0);
	executor_drop(ex);
	check_uint(st.drops, 1);
	wb_capture_close(&diag);
}

void test_block_on_oom_keeps_future(void **state)
{
	(void)state;
	struct probe_stats st;
	struct executor *ex = executor_new(NULL);
	struct future *fut;
	union value out = {0};
	size_t blocks;

	probe_stats_init(&st);
	fut = probe_simple(&st, 0, PROBE_WAKE_SELF, 2);
	blocks = mem_live_blocks();
	mem_fail_at(1);
	check_err(executor_block_on(ex, fut, &out), ERR_NOMEM);
	mem_fail_at(0);
	check_uint(mem_live_blocks(), blocks);
	check_uint(st.drops, 0); /* still the caller's */
	check_err(executor_block_on(ex, fut, &out), 0);
	check_int(out.i, 2);
	executor_drop(ex);
}
