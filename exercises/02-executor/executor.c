/*
 * executor.c: creating and dropping the executor, spawning, the run loop and
 * block_on.
 *
 * The run loop is written as a table of contents: each line is one phase
 * (run the ready tasks, fire the expired timers, advance the clock, report a
 * stall), and each phase is a function of its own, most of them in the file
 * of their concept.
 */
#include "task.h"

#include "diag.h"
#include "error.h"
#include "mem.h"

#include <stdlib.h>

void executor_options_default(struct executor_options *options)
{
	CONTRACT(options != NULL, "executor_options_default(NULL)");
	const char *seed = getenv("WB_SEED");
	options->clock = EXECUTOR_CLOCK_VIRTUAL;
	options->shuffle_seed = seed != NULL ? strtoull(seed, NULL, 10) : 0;
	options->diag = NULL;
	options->trace = NULL;
}

struct executor *executor_new(const struct executor_options *options)
{
	struct executor_options defaults;
	struct executor *ex;

	if (options == NULL) {
		executor_options_default(&defaults);
		options = &defaults;
	}
	CONTRACT(options->clock == EXECUTOR_CLOCK_VIRTUAL || options->clock == EXECUTOR_CLOCK_REAL,
		 "executor_new() with an unknown clock (%d)", (int)options->clock);
	ex = mem_zalloc(sizeof *ex);
	if (ex == NULL)
		return NULL;
	run_queue_init(ex, options->shuffle_seed);
	list_init(&ex->tasks);
	ex->next_id = 1;
	ex->clock = options->clock;
	clock_init(ex);
	timers_init(ex);
	ex->diag = options->diag != NULL ? options->diag : stderr;
	trace_open(ex, options->trace);
	return ex;
}

/* Running the loop from inside a poll would poll the running task again. */
static void executor_check_not_polling(const struct executor *ex, const char *what)
{
	CONTRACT(ex->current == NULL,
		 "%s() called from inside a poll (task %llu \"%s\"): a future must return "
		 "Pending and let the executor run, never run it itself",
		 what, ex->current ? (unsigned long long)ex->current->id : 0ULL,
		 ex->current ? ex->current->name : "");
	CONTRACT(!ex->shutting_down, "%s() called while the executor is being dropped", what);
}

/* The first task still to cancel, or NULL. Scanning from the start each time
 * is deliberate: cancelling one task drops its future, which may free other
 * tasks (by dropping their wakers or join handles) anywhere in the list. */
static struct task *executor_first_unfinished(struct executor *ex)
{
	struct list_node *it;

	for (it = ex->tasks.next; it != &ex->tasks; it = it->next) {
		struct task *t = container_of(it, struct task, all_link);
		if (t->state != TASK_DONE && t->state != TASK_CANCELLED)
			return t;
	}
	return NULL;
}

void executor_drop(struct executor *ex)
{
	struct task *t;

	if (ex == NULL)
		return;
	executor_check_not_polling(ex, "executor_drop");
	ex->shutting_down = true; /* from here on, spawn answers ERR_SHUTDOWN */
	while ((t = executor_first_unfinished(ex)) != NULL)
		task_cancel(t);
	CONTRACT(ex->timers.count == 0,
		 "executor_drop() while %zu sleep(s) outside its tasks are still armed: drop "
		 "every sleep future before its executor",
		 ex->timers.count);
	stall_detach_survivors(ex);
	trace_close(ex);
	mem_free(ex);
}

int executor_spawn(struct executor *ex, const char *name, struct future *fut,
		   struct future **handle)
{
	/* TODO: write executor_spawn(). Read chapters/02-executor.md, section "Spawning a task". */
	(void)ex;
	(void)name;
	(void)fut;
	(void)handle;
	TODO_NOT_DONE("executor_spawn", "chapters/02-executor.md", "Spawning a task");
}

void executor_poll_task(struct executor *ex, struct task *t)
{
	/* TODO: write executor_poll_task(). Read chapters/02-executor.md, section "A wake during its own poll". */
	(void)ex;
	(void)t;
	TODO_NOT_DONE("executor_poll_task", "chapters/02-executor.md", "A wake during its own poll");
}

/* Polls the tasks that are queued now, once each. Tasks queued meanwhile
 * (woken, or spawned) wait for the next batch, so that a task that always
 * wakes itself cannot keep the timers from firing. */
static void executor_run_ready_tasks(struct executor *ex)
{
	/* TODO: write executor_run_ready_tasks(). Read chapters/02-executor.md, section "The run loop". */
	(void)ex;
	TODO_NOT_DONE("executor_run_ready_tasks", "chapters/02-executor.md", "The run loop");
}

/* Whether the loop has reached its goal: target done, or no task left. */
static bool executor_finished(const struct executor *ex, const struct task *target)
{
	if (target != NULL)
		return target->state == TASK_DONE;
	return ex->live_tasks == 0;
}

/// [run_loop]
static int executor_run_until(struct executor *ex, const struct task *target)
{
	for (;;) {
		executor_run_ready_tasks(ex);
		if (ex->timers.count > 0) /* no timer armed: nothing to fire, no clock to read */
			timers_fire_expired(ex);
		if (executor_finished(ex, target))
			return 0;
		if (ex->queued > 0)
			continue;
		if (!clock_advance(ex))
			return stall_report(ex);
	}
}
/// [run_loop]

int executor_run(struct executor *ex)
{
	CONTRACT(ex != NULL, "executor_run(NULL)");
	executor_check_not_polling(ex, "executor_run");
	return executor_run_until(ex, NULL);
}

int executor_block_on(struct executor *ex, struct future *fut, union value *out)
{
	/* TODO: write executor_block_on(). Read chapters/02-executor.md, section "Blocking on one future". */
	(void)ex;
	(void)fut;
	(void)out;
	TODO_NOT_DONE("executor_block_on", "chapters/02-executor.md", "Blocking on one future");
}

uint64_t executor_now(const struct executor *ex)
{
	CONTRACT(ex != NULL, "executor_now(NULL)");
	return clock_now(ex);
}

size_t executor_live_tasks(const struct executor *ex)
{
	CONTRACT(ex != NULL, "executor_live_tasks(NULL)");
	return ex->live_tasks;
}
