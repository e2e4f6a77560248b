/*
 * test_time.c: sleeps, the timer heap, the virtual and the real clock.
 */
#include "tests.h"

#include "probe.h"
#include "wbtest.h"

#include "executor.h"
#include "timer.h"

void test_sleep_300ms_on_virtual_clock_ends_at_300(void **state)
{
	(void)state;
	struct watch_stats ws;
	struct executor *ex = executor_new(NULL);

	check_uint(executor_now(ex), 0);
	check_err(executor_spawn(ex, "nap", watch_new(ex, timer_sleep(ex, 300), &ws), NULL), 0);
	check_err(executor_run(ex), 0);
	check_uint(executor_now(ex), 300); /* jumped there: no real time was spent */
	check_uint(ws.polls, 2);           /* Pending (armed), then Ready once fired */
	check_uint(ws.ready_at, 300);
	check_uint(ws.output.u, 300); /* a sleep's output is the time it ended */
	executor_drop(ex);
}

/* tokio: Sleep::reset moves an armed sleep's deadline; the old timer is gone. */
void test_sleep_reset_moves_an_armed_deadline(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct watch_stats ws;
	struct executor *ex = executor_new(NULL);
	struct future *nap = timer_sleep(ex, 300);
	union value out;

	check_poll(future_poll(nap, &cx, &out), POLL_PENDING); /* armed for 300 */
	check_uint(cw.refs, 2);                                 /* it keeps our waker */
	timer_sleep_reset(nap, 50);
	check_uint(cw.refs, 1); /* reset dropped the kept waker */
	check_err(executor_spawn(ex, "nap", watch_new(ex, nap, &ws), NULL), 0);
	check_err(executor_run(ex), 0);
	check_uint(ws.ready_at, 50);
	check_uint(executor_now(ex), 50); /* no timer was left at 300 */
	check_uint(cw.wakes + cw.wakes_by_ref, 0);
	executor_drop(ex);
	waker_drop(&w);
}

/* A sleep that was Ready can be reset and waited on again. */
void test_sleep_reset_after_ready_waits_again(void **state)
{
	(void)state;
	struct executor *ex = executor_new(NULL);
	struct future *nap = timer_sleep(ex, 0);
	struct waker w = waker_noop();
	struct context cx = context_from_waker(&w);
	union value out;
	struct watch_stats ws;

	check_poll(future_poll(nap, &cx, &out), POLL_READY);
	timer_sleep_reset(nap, 40);
	check_err(executor_spawn(ex, "again", watch_new(ex, nap, &ws), NULL), 0);
	check_err(executor_run(ex), 0);
	check_uint(ws.ready_at, 40);
	check_uint(ws.output.u, 40);
	executor_drop(ex);
}

void test_sleep_reset_of_another_future_is_contract_violation(void **state)
{
	(void)state;
	struct probe_stats st;
	struct future *f;

	probe_stats_init(&st);
	f = probe_simple(&st, 0, PROBE_WAKE_SELF, 1);
	check_contract_violation(timer_sleep_reset(f, 10));
	future_drop(f);
}

void test_sleep_zero_is_ready_at_first_poll(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct executor *ex = executor_new(NULL);
	struct future *nap = timer_sleep(ex, 0);
	union value out = {.u = 99};

	check_not_null(nap);
	check_poll(future_poll(nap, &cx, &out), POLL_READY);
	check_uint(out.u, 0);
	check_uint(cw.clones, 0); /* no timer armed, no waker kept */
	future_drop(nap);
	executor_drop(ex);
	waker_drop(&w);
}

void test_sleep_until_past_deadline_is_ready_at_first_poll(void **state)
{
	(void)state;
	struct watch_stats ws;
	struct executor *ex = executor_new(NULL);
	union value out;

	check_err(executor_block_on(ex, timer_sleep(ex, 80), &out), 0);
	check_uint(out.u, 80);
	check_err(executor_block_on(ex, watch_new(ex, timer_sleep_until(ex, 50), &ws), &out), 0);
	check_uint(ws.polls, 1);
	check_uint(out.u, 80); /* the time it was polled, not its deadline */
	check_uint(executor_now(ex), 80);
	executor_drop(ex);
}

void test_timers_fire_in_deadline_then_arming_order(void **state)
{
	(void)state;
	/* Four sleeps polled by hand, armed in this order, with these deadlines.
	 * Their wakers log their id when woken: the firing order. */
	const uint64_t deadlines[4] = {30, 10, 30, 20};
	struct probe_log log = {0};
	struct log_waker lw[4];
	struct waker w[4];
	struct future *naps[4];
	struct executor *ex = executor_new(NULL);
	union value out;

	for (int i = 0; i < 4; i++) {
		struct context cx;
		w[i] = log_waker_new(&lw[i], &log, i + 1);
		cx = context_from_waker(&w[i]);
		naps[i] = timer_sleep_until(ex, deadlines[i]);
		check_not_null(naps[i]);
		check_poll(future_poll(naps[i], &cx, &out), POLL_PENDING);
	}
	/* A task sleeping longer drives the clock past all of them. */
	check_err(executor_block_on(ex, timer_sleep(ex, 100), &out), 0);
	check_uint(log.len, 4);
	int expected[] = {2, 4, 1, 3}; /* 10, 20, then the two 30s in arming order */
	for (int i = 0; i < 4; i++)
		check_int(log.ids[i], expected[i]);
	for (int i = 0; i < 4; i++) {
		struct context cx = context_from_waker(&w[i]);
		check_poll(future_poll(naps[i], &cx, &out), POLL_READY);
		check_uint(out.u, 100);
		future_drop(naps[i]);
		waker_drop(&w[i]);
		check_uint(lw[i].refs, 0); /* firing consumed the sleep's clone */
	}
	executor_drop(ex);
}

void test_sleep_not_due_is_not_fired(void **state)
{
	(void)state;
	struct counting_waker cw;
	struct waker w = counting_waker_new(&cw);
	struct context cx = context_from_waker(&w);
	struct executor *ex = executor_new(NULL);
	struct future *nap = timer_sleep(ex, 100);
	union value out;

	check_poll(future_poll(nap, &cx, &out), POLL_PENDING);
	check_uint(cw.refs, 2);
	check_err(executor_block_on(ex, timer_sleep(ex, 50), &out), 0);
	check_uint(executor_now(ex), 50);
	check_uint(counting_waker_woken(&cw), 0); /* due at 100, not yet */
	check_poll(future_poll(nap, &cx, &out), POLL_PENDING);
	future_drop(nap); /* disarms it, drops its clone */
	check_uint(cw.refs, 1);
	executor_drop(ex);
	waker_drop(&w);
}

void test_sleep_repolled_wakes_latest_waker(void **state)
{
	(void)state;
	struct counting_waker c1, c2;
	struct waker w1 = counting_waker_new(&c1), w2 = counting_waker_new(&c2);
	struct context cx1 = context_from_waker(&w1), cx2 = context_from_waker(&w2);
	struct executor *ex = executor_new(NULL);
	struct future *nap = timer_sleep(ex, 50);
	union value out;

	check_poll(future_poll(nap, &cx1, &out), POLL_PENDING);
	check_poll(future_poll(nap, &cx2, &out), POLL_PENDING);
	check_uint(c1.refs, 1); /* replaced */
	check_uint(c2.refs, 2);
	check_err(executor_block_on(ex, timer_sleep(ex, 60), &out), 0);
	check_uint(counting_waker_woken(&c1), 0);
	check_uint(counting_waker_woken(&c2), 1);
	check_poll(future_poll(nap, &cx2, &out), POLL_READY);
	check_uint(out.u, 60);
	future_drop(nap);
	executor_drop(ex);
	waker_drop(&w1);
	waker_drop(&w2);
	check_uint(c2.refs, 0);
}

void test_sleep_dropped_while_armed_is_disarmed(void **state)
{
	(void)state;
	struct watch_stats race, other;
	struct executor *ex = executor_new(NULL);

	/* A race of a 10 ms and a 100 ms sleep: at 10 the winner is Ready and the
	 * loser, still armed, is dropped. Another task sleeps until 200. */
	check_err(executor_spawn(ex, "race",
				 race_new(ex, timer_sleep(ex, 10), timer_sleep(ex, 100), &race), NULL),
		  0);
	check_err(executor_spawn(ex, "other", watch_new(ex, timer_sleep(ex, 200), &other), NULL), 0);
	check_err(executor_run(ex), 0);
	check_true(race.ready, "the race must finish");
	check_int(race.output.i, 0);   /* the 10 ms sleep won */
	check_uint(race.ready_at, 10);
	check_uint(race.polls, 2);     /* the dropped sleep never woke it */
	check_uint(other.ready_at, 200);
	check_uint(other.polls, 2);
	executor_drop(ex);
}

void test_virtual_clock_waits_for_ready_tasks(void **state)
{
	(void)state;
	struct probe_stats st;
	struct watch_stats busy, nap;
	struct executor *ex = executor_new(NULL);

	probe_stats_init(&st);
	check_err(executor_spawn(ex, "nap", watch_new(ex, timer_sleep(ex, 10), &nap), NULL), 0);
	check_err(executor_spawn(ex, "busy",
				 watch_new(ex, probe_simple(&st, 5, PROBE_WAKE_SELF, 0), &busy), NULL),
		  0);
	check_err(executor_run(ex), 0);
	check_uint(busy.ready_at, 0); /* time moves only when nothing is ready */
	check_uint(nap.ready_at, 10);
	executor_drop(ex);
}

void test_real_clock_sleeps_for_real(void **state)
{
	(void)state;
	struct executor_options options;
	struct executor *ex;
	union value out = {0};

	executor_options_default(&options);
	options.clock = EXECUTOR_CLOCK_REAL;
	ex = executor_new(&options);
	check_not_null(ex);
	check_err(executor_block_on(ex, timer_sleep(ex, 20), &out), 0);
	check_true(out.u >= 20, "a 20 ms sleep ended at %llu ms", (unsigned long long)out.u);
	check_true(executor_now(ex) >= 20, "the clock reads %llu ms after a 20 ms sleep",
		   (unsigned long long)executor_now(ex));
	executor_drop(ex);
}

void test_timer_sleep_oom_returns_null(void **state)
{
	(void)state;
	struct executor *ex = executor_new(NULL);
	size_t blocks = mem_live_blocks();

	mem_fail_at(1);
	check_true(timer_sleep(ex, 5) == NULL, "timer_sleep must return NULL when out of memory");
	mem_fail_at(1);
	check_true(timer_sleep_until(ex, 5) == NULL,
		   "timer_sleep_until must return NULL when out of memory");
	mem_fail_at(0);
	check_uint(mem_live_blocks(), blocks);
	executor_drop(ex);
}
