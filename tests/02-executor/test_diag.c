/*
 * test_diag.c: stall reports, shuffle mode, traces, dropping the executor,
 * out-of-memory paths and contract violations.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* setenv, unsetenv, mkstemp */
#endif

#include "tests.h"

#include "probe.h"
#include "wbtest.h"

#include "executor.h"
#include "timer.h"

#include <stdlib.h>
#include <unistd.h>

/* Whether every line of text after the first starts with two spaces. */
static bool lines_after_first_are_indented(const char *text)
{
	const char *line = strchr(text, '\n');

	while (line != NULL && line[1] != '\0') {
		if (strncmp(line + 1, "  ", 2) != 0)
			return false;
		line = strchr(line + 1, '\n');
	}
	return true;
}

/* ---- stall reports ------------------------------------------------------- */

void test_stall_lost_wakeup_is_reported(void **state)
{
	(void)state;
	struct wb_capture diag;
	struct probe_stats st;
	struct executor *ex;

	wb_capture_open(&diag);
	ex = test_executor(0, diag.file, NULL);
	probe_stats_init(&st);
	/// [stall_lost_wakeup]
	/* A future that returns Pending and keeps no waker: nothing can wake it. */
	check_err(executor_spawn(ex, "forgetful", probe_simple(&st, 1, PROBE_LOSE_WAKER, 0), NULL), 0);
	check_err(executor_run(ex), ERR_STALLED);
	const char *report = wb_capture_text(&diag);
	check_true(strncmp(report, "executor stalled", 16) == 0, "first line: %s", report);
	check_contains(report, "  task 1 \"forgetful\"");
	check_contains(report, "nothing holds its waker");
	check_contains(report, "(lost wake-up)");
	/// [stall_lost_wakeup]
	check_true(lines_after_first_are_indented(report), "report lines: %s", report);
	check_uint(st.polls, 1); /* reported, not polled again: no spinning */
	check_uint(executor_live_tasks(ex), 1);
	executor_drop(ex);
	wb_capture_close(&diag);
}

void test_stall_held_waker_never_woken_is_reported(void **state)
{
	(void)state;
	struct wb_capture diag;
	struct probe_stats st;
	struct executor *ex;

	wb_capture_open(&diag);
	ex = test_executor(0, diag.file, NULL);
	probe_stats_init(&st);
	check_err(executor_spawn(ex, "patient", probe_simple(&st, 1, PROBE_KEEP_WAKER, 0), NULL), 0);
	check_err(executor_run(ex), ERR_STALLED);
	check_contains(wb_capture_text(&diag), "  task 1 \"patient\"");
	check_contains(wb_capture_text(&diag),
		       "1 waker clone(s) alive, never woken since its last poll");
	waker_drop(&st.kept);
	executor_drop(ex);
	wb_capture_close(&diag);
}

void test_stall_report_blames_task_that_lost_its_waker(void **state)
{
	(void)state;
	struct wb_capture diag;
	struct probe_stats st;
	struct watch_stats ws;
	struct executor *ex;
	struct future *handle;

	wb_capture_open(&diag);
	ex = test_executor(0, diag.file, NULL);
	probe_stats_init(&st);
	/* "waiter" awaits the handle of "loser", which loses its waker. */
	check_err(executor_spawn(ex, "loser", probe_simple(&st, 1, PROBE_LOSE_WAKER, 0), &handle), 0);
	check_err(executor_spawn(ex, "waiter", watch_new(ex, handle, &ws), NULL), 0);
	check_err(executor_run(ex), ERR_STALLED);
	const char *report = wb_capture_text(&diag);
	check_contains(report, "2 task(s) pending");
	check_contains(report, "task 1 \"loser\" (future \"probe\", 1 poll(s), 0 wake(s)): nothing holds");
	check_contains(report, "task 2 \"waiter\" (future \"watch\", 1 poll(s), 0 wake(s)): 1 waker clone");
	executor_drop(ex);
	wb_capture_close(&diag);
}

void test_stall_report_prints_shuffle_seed(void **state)
{
	(void)state;
	struct wb_capture diag;
	struct probe_stats st;
	struct executor *ex;

	wb_capture_open(&diag);
	ex = test_executor(42, diag.file, NULL);
	probe_stats_init(&st);
	check_err(executor_spawn(ex, "lost", probe_simple(&st, 1, PROBE_LOSE_WAKER, 0), NULL), 0);
	check_err(executor_run(ex), ERR_STALLED);
	check_contains(wb_capture_text(&diag), "  shuffle seed 42");
	check_contains(wb_capture_text(&diag), "WB_SEED=42");
	executor_drop(ex);
	wb_capture_close(&diag);
}

/* ---- shuffle mode -------------------------------------------------------- */

/* Runs 8 ready tasks with the given seed; log receives their poll order. */
static void run_eight(uint64_t seed, struct probe_log *log)
{
	struct probe_stats st[8];
	struct executor *ex = test_executor(seed, NULL, NULL);

	*log = (struct probe_log){0};
	for (int i = 0; i < 8; i++) {
		struct probe_config cfg = {.id = i + 1, .log = log};
		probe_stats_init(&st[i]);
		check_err(executor_spawn(ex, "shuffled", probe_new(&cfg, &st[i]), NULL), 0);
	}
	check_err(executor_run(ex), 0);
	executor_drop(ex);
	check_uint(log->len, 8);
	unsigned seen = 0;
	for (int i = 0; i < 8; i++)
		seen |= 1u << log->ids[i];
	check_uint(seen, 0x1FE); /* each task exactly once */
}

void test_shuffle_same_seed_same_order(void **state)
{
	(void)state;
	struct probe_log a, b;

	run_eight(7, &a);
	run_eight(7, &b);
	check_true(memcmp(a.ids, b.ids, sizeof a.ids) == 0, "seed 7 gave two different orders");
}

void test_shuffle_different_seeds_different_orders(void **state)
{
	(void)state;
	struct probe_log fifo, a, b;

	run_eight(0, &fifo);
	run_eight(1, &a);
	run_eight(2, &b);
	for (int i = 0; i < 8; i++)
		check_int(fifo.ids[i], i + 1);
	check_true(memcmp(a.ids, b.ids, sizeof a.ids) != 0, "seeds 1 and 2 gave the same order");
	check_true(memcmp(a.ids, fifo.ids, sizeof a.ids) != 0, "seed 1 gave the FIFO order");
}

void test_options_default_reads_wb_seed(void **state)
{
	(void)state;
	struct executor_options options;
	const char *before = getenv("WB_SEED");
	char saved[32] = "";

	if (before != NULL)
		snprintf(saved, sizeof saved, "%s", before);
	setenv("WB_SEED", "1234", 1);
	executor_options_default(&options);
	check_uint(options.shuffle_seed, 1234);
	check_int(options.clock, EXECUTOR_CLOCK_VIRTUAL);
	unsetenv("WB_SEED");
	executor_options_default(&options);
	check_uint(options.shuffle_seed, 0);
	if (before != NULL)
		setenv("WB_SEED", saved, 1);
}

/* ---- dropping the executor ------------------------------------------------ */

void test_drop_cancels_unfinished_tasks(void **state)
{
	(void)state;
	struct wb_capture diag;
	struct probe_stats lost, queued;
	struct executor *ex;
	size_t blocks = mem_live_blocks();

	wb_capture_open(&diag);
	ex = test_executor(0, diag.file, NULL);
	probe_stats_init(&lost);
	probe_stats_init(&queued);
	check_err(executor_spawn(ex, "lost", probe_simple(&lost, 1, PROBE_LOSE_WAKER, 0), NULL), 0);
	check_err(executor_run(ex), ERR_STALLED);
	check_err(executor_spawn(ex, "queued", probe_simple(&queued, 0, PROBE_WAKE_SELF, 0), NULL), 0);
	executor_drop(ex);
	check_uint(lost.drops, 1);
	check_uint(queued.drops, 1);
	check_uint(queued.polls, 0); /* cancelled, never run */
	check_true(strstr(wb_capture_text(&diag), "executor dropped") == NULL,
		   "no clone is alive: nothing to report at drop");
	wb_capture_close(&diag);
	check_uint(mem_live_blocks(), blocks);
}

void test_drop_with_live_waker_clone_is_reported(void **state)
{
	(void)state;
	struct wb_capture diag;
	struct probe_stats st;
	struct executor *ex;
	size_t blocks;

	wb_capture_open(&diag);
	ex = test_executor(0, diag.file, NULL);
	probe_stats_init(&st);
	check_err(executor_spawn(ex, "keeper", probe_simple(&st, 1, PROBE_KEEP_WAKER, 0), NULL), 0);
	check_err(executor_run(ex), ERR_STALLED);
	blocks = mem_live_blocks();
	executor_drop(ex); /* frees the executor and the future; the task lives on */
	check_contains(wb_capture_text(&diag),
		       "executor dropped while 1 waker clone(s) are alive: task 1 \"keeper\"");
	check_uint(mem_live_blocks(), blocks - 2);
	waker_wake_by_ref(&st.kept); /* does nothing: no executor to run it */
	check_uint(st.polls, 1);
	waker_drop(&st.kept); /* the last reference frees the task */
	check_uint(mem_live_blocks(), blocks - 3);
	wb_capture_close(&diag);
}

/* ---- traces -------------------------------------------------------------- */

void test_trace_task_events_exact_format(void **state)
{
	(void)state;
	struct wb_capture trace;
	struct probe_stats st;
	struct executor *ex;

	wb_capture_open(&trace);
	ex = test_executor(0, NULL, trace.file);
	probe_stats_init(&st);
	check_err(executor_spawn(ex, "a", probe_simple(&st, 1, PROBE_WAKE_SELF, 0), NULL), 0);
	check_err(executor_run(ex), 0);
	const char *expected = "trace 0 spawn 1 a\n"
			       "trace 0 poll 1 a\n"
			       "trace 0 wake 1 a running\n"
			       "trace 0 pending 1 a notified\n"
			       "trace 0 poll 1 a\n"
			       "trace 0 ready 1 a\n";
	check_true(strcmp(wb_capture_text(&trace), expected) == 0, "trace:\n%s\nexpected:\n%s",
		   wb_capture_text(&trace), expected);
	executor_drop(ex);
	wb_capture_close(&trace);
}

void test_trace_timer_events_exact_format(void **state)
{
	(void)state;
	struct wb_capture trace;
	struct executor *ex;
	union value out;

	wb_capture_open(&trace);
	ex = test_executor(0, NULL, trace.file);
	/// [trace_sleep]
	check_err(executor_block_on(ex, timer_sleep(ex, 30), &out), 0);
	const char *expected = "trace 0 spawn 1 sleep\n" /* no name given: the future's */
			       "trace 0 poll 1 sleep\n"
			       "trace 0 timer-arm 1 sleep 30\n"
			       "trace 0 pending 1 sleep\n"
			       "trace 30 timer-fire 1 sleep 30\n"
			       "trace 30 wake 1 sleep idle\n"
			       "trace 30 poll 1 sleep\n"
			       "trace 30 ready 1 sleep\n";
	/// [trace_sleep]
	check_true(strcmp(wb_capture_text(&trace), expected) == 0, "trace:\n%s\nexpected:\n%s",
		   wb_capture_text(&trace), expected);
	executor_drop(ex);
	wb_capture_close(&trace);
}

void test_trace_stall_and_cancel_events(void **state)
{
	(void)state;
	struct wb_capture trace, diag;
	struct probe_stats st;
	struct executor *ex;

	wb_capture_open(&trace);
	wb_capture_open(&diag);
	ex = test_executor(0, diag.file, trace.file);
	probe_stats_init(&st);
	check_err(executor_spawn(ex, "stuck", probe_simple(&st, 1, PROBE_LOSE_WAKER, 0), NULL), 0);
	check_err(executor_run(ex), ERR_STALLED);
	check_contains(wb_capture_text(&trace), "trace 0 pending 1 stuck\ntrace 0 stall 1 stuck\n");
	executor_drop(ex);
	check_contains(wb_capture_text(&trace), "trace 0 cancel 1 stuck\n");
	wb_capture_close(&trace);
	wb_capture_close(&diag);
}

void test_wb_trace_env_appends_to_file(void **state)
{
	(void)state;
	char path[] = "/tmp/wb-trace-XXXXXX";
	const char *before = getenv("WB_TRACE");
	char saved[256] = "", text[256] = "";
	struct probe_stats st;
	struct executor *ex;
	int fd = mkstemp(path);
	FILE *f;

	check_true(fd >= 0, "mkstemp failed");
	close(fd);
	if (before != NULL)
		snprintf(saved, sizeof saved, "%s", before);
	setenv("WB_TRACE", path, 1);
	ex = executor_new(NULL); /* trace as WB_TRACE says */
	if (before != NULL)
		setenv("WB_TRACE", saved, 1);
	else
		unsetenv("WB_TRACE");
	check_not_null(ex);
	probe_stats_init(&st);
	check_err(executor_spawn(ex, "filed", probe_simple(&st, 0, PROBE_WAKE_SELF, 0), NULL), 0);
	check_err(executor_run(ex), 0);
	executor_drop(ex); /* closes the file */
	f = fopen(path, "r");
	check_not_null(f);
	size_t n = fread(text, 1, sizeof text - 1, f);
	text[n] = '\0';
	fclose(f);
	remove(path);
	check_contains(text, "trace 0 spawn 1 filed\ntrace 0 poll 1 filed\ntrace 0 ready 1 filed\n");
}

/* ---- out of memory --------------------------------------------------------- */

void test_executor_new_oom_returns_null(void **state)
{
	(void)state;
	struct executor *ex = NULL;

	for (uint64_t n = 1; n <= 10; n++) {
		size_t blocks = mem_live_blocks();
		mem_fail_at(n);
		ex = executor_new(NULL);
		bool failed = mem_fail_triggered();
		mem_fail_at(0);
		if (!failed)
			break;
		check_true(ex == NULL, "executor_new must return NULL when allocation %llu fails",
			   (unsigned long long)n);
		check_uint(mem_live_blocks(), blocks);
	}
	check_not_null(ex);
	executor_drop(ex);
}

/* ---- contract violations --------------------------------------------------- */

static void run_inside_poll(void *arg)
{
	struct executor *ex = arg;
	check_contract_violation(executor_run(ex));
}

void test_run_from_inside_poll_is_contract_violation(void **state)
{
	(void)state;
	struct probe_stats st;
	struct executor *ex = executor_new(NULL);
	struct probe_config cfg = {.on_poll = run_inside_poll, .arg = ex};

	probe_stats_init(&st);
	check_err(executor_spawn(ex, "reentrant", probe_new(&cfg, &st), NULL), 0);
	check_err(executor_run(ex), 0);
	check_uint(st.polls, 1);
	executor_drop(ex);
}

static void drop_inside_poll(void *arg)
{
	struct executor *ex = arg;
	check_contract_violation(executor_drop(ex));
}

void test_drop_from_inside_poll_is_contract_violation(void **state)
{
	(void)state;
	struct probe_stats st;
	struct executor *ex = executor_new(NULL);
	struct probe_config cfg = {.on_poll = drop_inside_poll, .arg = ex};

	probe_stats_init(&st);
	check_err(executor_spawn(ex, "dropper", probe_new(&cfg, &st), NULL), 0);
	check_err(executor_run(ex), 0);
	check_uint(st.polls, 1);
	executor_drop(ex);
}
