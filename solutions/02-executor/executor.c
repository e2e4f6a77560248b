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
	/* SOLUTION BEGIN executor_spawn: Spawning a task */
	CONTRACT(ex != NULL && fut != NULL, "executor_spawn() needs an executor and a future");
	if (ex->shutting_down)
		return ERR_SHUTDOWN;
	struct task *t = task_new(ex, name, fut, handle != NULL);
	if (t == NULL)
		return ERR_NOMEM; /* the caller still owns fut */
	t->state = TASK_QUEUED;
	run_queue_push(ex, t);
	if (handle != NULL)
		*handle = &t->handle;
	return 0;
	/* SOLUTION END */
}

void executor_poll_task(struct executor *ex, struct task *t)
{
	/* SOLUTION BEGIN executor_poll_task: A wake during its own poll */
	struct waker waker = task_waker_borrow(t); /* borrowed: no reference needed */
	struct context cx = context_from_waker(&waker);
	union value out;

	t->state = TASK_RUNNING;
	if (task_poll_future(t, &cx, &out) == POLL_READY) {
		task_finish(t, out);
	} else if (t->state == TASK_NOTIFIED) {
		t->state = TASK_QUEUED; /* woken during its poll: the wake is not lost */
		run_queue_push(ex, t);
	} else {
		t->state = TASK_IDLE; /* a wake will queue it */
	}
	/* SOLUTION END */
}

/* Polls the tasks that are queued now, once each. Tasks queued meanwhile
 * (woken, or spawned) wait for the next batch, so that a task that always
 * wakes itself cannot keep the timers from firing. */
static void executor_run_ready_tasks(struct executor *ex)
{
	/* FAST PATH BEGIN: run_queue_pop()'s shuffle test, the trace tests of each poll, and the rounds of the run loop between batches that have nothing else to do; the simple version is below */
	/* The same batches, popped from the front of the queue and polled in
	 * place; a batch ends with the task that was last in the queue when it
	 * began (tasks queued meanwhile go behind it, and a queued task is never
	 * pushed twice). executor_poll_task() and task_poll_future() inlined, with
	 * their trace tests asked once (a poll cannot open or close the trace
	 * or set a seed, so the answer holds). After a batch, the run loop
	 * would fire no timer if none is armed, and would find its goal
	 * unreached if no task finished in the batch (a goal is a task done,
	 * or no task left while some are queued): it would only start the
	 * next batch. So the next batch starts here, and the loop gets control
	 * back as soon as a timer is armed, a task finished, or nothing is
	 * queued. */
	if (ex->shuffle_seed == 0 && !trace_on(ex)) {
		struct list_node *head = &ex->run_queue;
		struct list_node *last = head->prev; /* the batch ends with this task */
		bool finished = false;
		struct waker waker;
		struct context cx = context_from_waker(&waker);
		if (last == head)
			return; /* nothing queued */
		for (;;) {
			struct list_node *link = head->next;
			struct task *t = container_of(link, struct task, queue_link);
			/* Unlinked from the front without resetting its own links:
			 * nothing reads them until the next push rewrites them. */
			head->next = link->next;
			link->next->prev = head;
			ex->queued--;
			waker = task_waker_borrow(t); /* a fresh handle for each poll */
			union value out;
			t->state = TASK_RUNNING;
			t->polls++;
			ex->current = t;
			enum poll result = future_poll(t->future, &cx, &out);
			ex->current = NULL;
			if (result == POLL_READY) {
				task_finish(t, out);
				finished = true;
			} else if (t->state == TASK_NOTIFIED) {
				t->state = TASK_QUEUED;
				run_queue_push(ex, t);
			} else {
				t->state = TASK_IDLE;
			}
			if (link != last)
				continue; /* tasks queued during the batch wait behind it */
			if (finished || ex->timers.count > 0)
				return;
			last = head->prev; /* the next batch: what is queued now */
			if (last == head)
				return;
		}
	}
	/* FAST PATH END */
	/* SOLUTION BEGIN executor_run_ready_tasks: The run loop */
	size_t batch = ex->queued;

	while (batch-- > 0) {
		struct task *t = run_queue_pop(ex);
		if (t == NULL)
			break;
		executor_poll_task(ex, t);
	}
	/* SOLUTION END */
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
	/* SOLUTION BEGIN executor_block_on: Blocking on one future */
	struct future *handle;
	int err;

	CONTRACT(ex != NULL && fut != NULL && out != NULL,
		 "executor_block_on() needs an executor, a future and an output");
	executor_check_not_polling(ex, "executor_block_on");
	err = executor_spawn(ex, NULL, fut, &handle);
	if (err != 0)
		return err;
	err = executor_run_until(ex, container_of(handle, struct task, handle));
	if (err == 0) {
		/* Done: the handle is Ready at once and hands the output over. */
		struct waker noop = waker_noop();
		struct context cx = context_from_waker(&noop);
		future_poll(handle, &cx, out);
	}
	future_drop(handle); /* on a stall, the task stays in the executor, detached */
	return err;
	/* SOLUTION END */
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
