/*
 * test_tasks.c: spawning, the run queue, wakes and reference counts.
 *
 * Tests that pin an order build their executor with seed 0 (FIFO) whatever
 * WB_SEED says; the others use executor_new(NULL) and must pass in any order.
 */
#include "tests.h"

#include "probe.h"
#include "wbtest.h"

#include "executor.h"
#include "timer.h"

/* ---- spawning ---------------------------------------------------------- */

void test_spawn_runs_task_to_completion(void **state)
{
	(void)state;
	struct probe_stats st;
	struct executor *ex = executor_new(NULL);
	probe_stats_init(&st);

	check_err(executor_spawn(ex, "once", probe_simple(&st, 0, PROBE_WAKE_SELF, 7), NULL), 0);
	check_uint(st.polls, 0); /* spawning only queues the task */
	check_uint(executor_live_tasks(ex), 1);
	check_err(executor_run(ex), 0);
	check_uint(st.polls, 1);
	check_uint(st.drops, 1); /* the future is dropped as soon as it is Ready */
	check_uint(executor_live_tasks(ex), 0);
	executor_drop(ex);
}

void test_spawn_first_polls_are_fifo(void **state)
{
	(void)state;
	struct probe_log log = {0};
	struct probe_stats st[5];
	struct executor *ex = test_executor(0, NULL, NULL);

	for (int i = 0; i < 5; i++) {
		struct probe_config cfg = {.id = i + 1, .log = &log};
		probe_stats_init(&st[i]);
		check_err(executor_spawn(ex, "fifo", probe_new(&cfg, &st[i]), NULL), 0);
	}
	check_err(executor_run(ex), 0);
	check_uint(log.len, 5);
	for (int i = 0; i < 5; i++)
		check_int(log.ids[i], i + 1);
	executor_drop(ex);
}

struct spawner {
	struct executor *ex;
	struct probe_log *log;
	struct probe_stats children[2];
	int spawn_err[2];
	bool done;
};

static void spawn_children(void *arg)
{
	struct spawner *sp = arg;
	if (sp->done)
		return;
	sp->done = true;
	for (int i = 0; i < 2; i++) {
		struct probe_config cfg = {.id = 10 + i, .log = sp->log};
		probe_stats_init(&sp->children[i]);
		sp->spawn_err[i] = executor_spawn(sp->ex, "child", probe_new(&cfg, &sp->children[i]),
						  NULL);
	}
}

void test_spawn_during_run_runs_in_same_run(void **state)
{
	(void)state;
	struct probe_log log = {0};
	struct probe_stats parent;
	struct executor *ex = test_executor(0, NULL, NULL);
	struct spawner sp = {.ex = ex, .log = &log};
	struct probe_config cfg = {.id = 1, .log = &log, .on_poll = spawn_children, .arg = &sp};

	probe_stats_init(&parent);
	check_err(executor_spawn(ex, "parent", probe_new(&cfg, &parent), NULL), 0);
	check_err(executor_run(ex), 0);
	check_err(sp.spawn_err[0], 0);
	check_err(sp.spawn_err[1], 0);
	check_uint(sp.children[0].polls, 1);
	check_uint(sp.children[1].polls, 1);
	check_uint(log.len, 3);
	check_int(log.ids[1], 10); /* children run after their parent, in spawn order */
	check_int(log.ids[2], 11);
	check_uint(executor_live_tasks(ex), 0);
	executor_drop(ex);
}

void test_spawn_null_future_is_contract_violation(void **state)
{
	(void)state;
	struct executor *ex = executor_new(NULL);

	check_contract_violation(executor_spawn(ex, "nothing", NULL, NULL));
	check_uint(executor_live_tasks(ex), 0);
	executor_drop(ex);
}

void test_spawn_oom_leaves_future_with_caller(void **state)
{
	(void)state;
	struct probe_stats st;
	struct executor *ex = executor_new(NULL);
	struct future *fut, *handle = NULL;
	int err = -1;

	probe_stats_init(&st);
	fut = probe_simple(&st, 0, PROBE_WAKE_SELF, 5);
	for (uint64_t n = 1; n <= 10; n++) {
		size_t blocks = mem_live_blocks();
		mem_fail_at(n);
		err = executor_spawn(ex, "oom", fut, &handle);
		bool failed = mem_fail_triggered();
		mem_fail_at(0);
		if (!failed)
			break;
		check_err(err, ERR_NOMEM);
		check_uint(mem_live_blocks(), blocks);  /* nothing allocated */
		check_uint(executor_live_tasks(ex), 0); /* nothing changed */
		check_uint(st.drops, 0);                /* the caller still owns fut */
	}
	check_err(err, 0);
	check_err(executor_run(ex), 0);
	check_uint(st.polls, 1);
	future_drop(handle);
	executor_drop(ex);
}

struct late_spawn {
	struct executor *ex;
	int err;
};

/* The drop of a cancelled task's future tries to spawn one more task. */
static void spawn_while_dropped(void *arg)
{
	struct late_spawn *ls = arg;
	struct probe_stats st;
	struct future *fut;

	probe_stats_init(&st);
	fut = probe_simple(&st, 0, PROBE_WAKE_SELF, 0);
	ls->err = executor_spawn(ls->ex, "late", fut, NULL);
	if (ls->err != 0)
		future_drop(fut); /* refused: still ours */
}

void test_spawn_during_executor_drop_is_refused(void **state)
{
	(void)state;
	struct probe_stats st;
	struct executor *ex = executor_new(NULL);
	struct late_spawn ls = {.ex = ex, .err = 1};
	struct probe_config cfg = {.on_drop = spawn_while_dropped, .arg = &ls};

	probe_stats_init(&st);
	check_err(executor_spawn(ex, "dropped", probe_new(&cfg, &st), NULL), 0);
	executor_drop(ex); /* cancels the task, never run */
	check_uint(st.polls, 0);
	check_uint(st.drops, 1);
	check_err(ls.err, ERR_SHUTDOWN);
}

void test_live_tasks_counts_unfinished_tasks(void **state)
{
	(void)state;
	struct wb_capture diag;
	struct probe_stats st[3];
	struct executor *ex;

	wb_capture_open(&diag);
	ex = test_executor(0, diag.file, NULL);
	for (int i = 0; i < 3; i++)
		probe_stats_init(&st[i]);
	check_err(executor_spawn(ex, "ready", probe_simple(&st[0], 0, PROBE_WAKE_SELF, 0), NULL), 0);
	check_err(executor_spawn(ex, "yield", probe_simple(&st[1], 2, PROBE_WAKE_SELF, 0), NULL), 0);
	check_err(executor_spawn(ex, "stuck", probe_simple(&st[2], 1, PROBE_LOSE_WAKER, 0), NULL), 0);
	check_uint(executor_live_tasks(ex), 3);
	check_err(executor_run(ex), ERR_STALLED);
	check_uint(executor_live_tasks(ex), 1);
	executor_drop(ex);
	check_uint(st[2].drops, 1);
	wb_capture_close(&diag);
}

/* ---- wakes ------------------------------------------------------------- */

/* An on_poll hook that wakes (by reference) the waker kept in a probe's stats. */
struct waker_poke {
	struct probe_stats *target;
	unsigned times;
	bool consume; /* waker_wake instead of waker_wake_by_ref (once) */
};

static void poke(void *arg)
{
	struct waker_poke *p = arg;
	if (waker_is_empty(&p->target->kept))
		return;
	if (p->consume) {
		waker_wake(&p->target->kept);
		return;
	}
	for (unsigned i = 0; i < p->times; i++)
		waker_wake_by_ref(&p->target->kept);
}

void test_wake_three_times_before_poll_polls_once(void **state)
{
	(void)state;
	struct probe_stats a, b;
	struct waker_poke wp = {.target = &a, .times = 3};
	struct probe_config poker = {.on_poll = poke, .arg = &wp};
	struct executor *ex = test_executor(0, NULL, NULL);

	probe_stats_init(&a);
	probe_stats_init(&b);
	/* FIFO: a is polled first and keeps its waker; b then wakes it 3 times. */
	check_err(executor_spawn(ex, "woken", probe_simple(&a, 1, PROBE_KEEP_WAKER, 0), NULL), 0);
	check_err(executor_spawn(ex, "poker", probe_new(&poker, &b), NULL), 0);
	check_err(executor_run(ex), 0);
	check_uint(b.polls, 1);
	check_uint(a.polls, 2); /* three wakes, one more poll: wakes coalesce */
	waker_drop(&a.kept);
	executor_drop(ex);
}

void test_wake_during_own_poll_is_not_lost(void **state)
{
	(void)state;
	struct probe_stats st;
	struct executor *ex = executor_new(NULL);

	probe_stats_init(&st);
	/* Each Pending is preceded by a wake_by_ref of its own waker, during
	 * its own poll: the task must be polled again each time. */
	check_err(executor_spawn(ex, "yield", probe_simple(&st, 3, PROBE_WAKE_SELF, 0), NULL), 0);
	check_err(executor_run(ex), 0);
	check_uint(st.polls, 4);
	check_uint(executor_live_tasks(ex), 0);
	executor_drop(ex);
}

void test_yielding_tasks_take_turns(void **state)
{
	(void)state;
	struct probe_log log = {0};
	struct probe_stats st[2];
	struct executor *ex = test_executor(0, NULL, NULL);

	for (int i = 0; i < 2; i++) {
		struct probe_config cfg = {.id = i + 1, .pendings = 2, .wake = PROBE_WAKE_SELF,
					   .log = &log};
		probe_stats_init(&st[i]);
		check_err(executor_spawn(ex, "turn", probe_new(&cfg, &st[i]), NULL), 0);
	}
	check_err(executor_run(ex), 0);
	/* A task woken during its poll goes to the back of the queue. */
	int expected[] = {1, 2, 1, 2, 1, 2};
	check_uint(log.len, 6);
	for (int i = 0; i < 6; i++)
		check_int(log.ids[i], expected[i]);
	executor_drop(ex);
}

void test_wake_after_done_does_nothing(void **state)
{
	(void)state;
	struct probe_stats a, b;
	struct waker_poke wp = {.target = &a, .times = 1};
	struct probe_config poker = {.on_poll = poke, .arg = &wp};
	struct executor *ex = test_executor(0, NULL, NULL);

	probe_stats_init(&a);
	probe_stats_init(&b);
	check_err(executor_spawn(ex, "done", probe_simple(&a, 1, PROBE_KEEP_WAKER, 0), NULL), 0);
	check_err(executor_spawn(ex, "poker", probe_new(&poker, &b), NULL), 0);
	check_err(executor_run(ex), 0);
	check_uint(a.polls, 2);
	waker_wake_by_ref(&a.kept); /* the task is done: nothing to schedule */
	check_err(executor_run(ex), 0);
	check_uint(a.polls, 2);
	check_uint(executor_live_tasks(ex), 0);
	waker_drop(&a.kept);
	executor_drop(ex);
}

void test_task_freed_after_last_waker_clone_dropped(void **state)
{
	(void)state;
	struct probe_stats a, b;
	struct waker_poke wp = {.target = &a, .times = 1};
	struct probe_config poker = {.on_poll = poke, .arg = &wp};
	struct executor *ex = test_executor(0, NULL, NULL);
	size_t blocks = mem_live_blocks();

	probe_stats_init(&a);
	probe_stats_init(&b);
	check_err(executor_spawn(ex, "kept", probe_simple(&a, 1, PROBE_KEEP_WAKER, 0), NULL), 0);
	check_err(executor_spawn(ex, "poker", probe_new(&poker, &b), NULL), 0);
	check_err(executor_run(ex), 0);
	/* Both futures are gone, the poker's task too; the finished task stays
	 * allocated because a clone of its waker is alive. */
	check_uint(a.drops, 1);
	check_uint(mem_live_blocks(), blocks + 1);
	waker_drop(&a.kept); /* the last reference: frees the task */
	check_uint(mem_live_blocks(), blocks);
	executor_drop(ex);
}

void test_wake_by_value_gives_up_the_clone(void **state)
{
	(void)state;
	struct probe_stats a, b;
	struct waker_poke wp = {.target = &a, .consume = true};
	struct probe_config poker = {.on_poll = poke, .arg = &wp};
	struct executor *ex = test_executor(0, NULL, NULL);
	size_t blocks = mem_live_blocks();

	probe_stats_init(&a);
	probe_stats_init(&b);
	check_err(executor_spawn(ex, "woken", probe_simple(&a, 1, PROBE_KEEP_WAKER, 0), NULL), 0);
	check_err(executor_spawn(ex, "poker", probe_new(&poker, &b), NULL), 0);
	check_err(executor_run(ex), 0);
	check_uint(a.polls, 2);
	check_true(waker_is_empty(&a.kept), "waker_wake must leave the handle empty");
	check_uint(mem_live_blocks(), blocks); /* the wake released the clone's reference */
	executor_drop(ex);
}

