/*
 * task.c: the task, its waker and its join handle.
 *
 * A task is reference counted because three kinds of owner outlive each
 * other in any order: the executor (until the task finishes), the join
 * handle (until whoever spawned the task drops it) and every clone of the
 * task's waker (kept by whatever the task waits for: a timer, a channel, the
 * join handle of another task). The last one to let go frees the task.
 */
#include "task.h"

#include "diag.h"
#include "mem.h"

#include <stddef.h>

static const char *const state_names[] = {
	[TASK_IDLE] = "idle",         [TASK_QUEUED] = "queued",
	[TASK_RUNNING] = "running",   [TASK_NOTIFIED] = "notified",
	[TASK_DONE] = "done",         [TASK_CANCELLED] = "cancelled",
};

const char *task_state_name(enum task_state state)
{
	return state_names[state];
}

static bool task_unfinished(const struct task *t)
{
	return t->state != TASK_DONE && t->state != TASK_CANCELLED;
}

unsigned task_waker_clones(const struct task *t)
{
	return t->refs - (task_unfinished(t) ? 1u : 0u) - (t->handle_held ? 1u : 0u);
}

/* ---- references --------------------------------------------------------- */

void task_release(struct task *t)
{
	/* SOLUTION BEGIN task_release: Counting references */
	CONTRACT(t->refs > 0, "task %llu \"%s\" released more times than it was referenced",
		 (unsigned long long)t->id, t->name);
	if (--t->refs > 0)
		return;
	if (t->ex != NULL)
		list_remove(&t->all_link); /* a detached task is in no list */
	mem_free(t);
	/* SOLUTION END */
}

/* ---- the task waker ------------------------------------------------------ */

static struct waker task_waker_clone(void *data);
static void task_waker_wake(void *data);
static void task_waker_wake_by_ref(void *data);
static void task_waker_drop(void *data);

/// [task_waker_vtable]
static const struct waker_vtable task_waker_vtable = {
	.clone = task_waker_clone,
	.wake = task_waker_wake,
	.wake_by_ref = task_waker_wake_by_ref,
	.drop = task_waker_drop,
};

struct waker task_waker_borrow(struct task *t)
{
	struct waker w = {&task_waker_vtable, t};
	return w;
}
/// [task_waker_vtable]

static struct waker task_waker_clone(void *data)
{
	/* SOLUTION BEGIN task_waker_clone: Counting references */
	struct task *t = data;
	t->refs++; /* the new handle holds its own reference */
	return task_waker_borrow(t);
	/* SOLUTION END */
}

/* FAST PATH BEGIN: the wake of an idle task with nothing traced; the simple version is task_waker_wake_by_ref() */
/* An idle task is unfinished, so it still has its executor, and it is in no
 * queue: the wake counts itself and queues the task, without the questions
 * of task_schedule(). Returns false, having done nothing, in every other case. */
static bool task_wake_idle(struct task *t)
{
	if (t->state != TASK_IDLE || t->ex->trace != NULL)
		return false;
	t->wakes++;
	t->state = TASK_QUEUED;
	run_queue_push(t->ex, t);
	return true;
}
/* FAST PATH END */

/// [task_waker_wake]
static void task_waker_wake_by_ref(void *data)
{
	struct task *t = data;
	/* FAST PATH BEGIN: an idle task with nothing traced; the simple version is below */
	if (task_wake_idle(t))
		return;
	/* FAST PATH END */
	if (t->ex != NULL && task_unfinished(t)) {
		t->wakes++;
		if (trace_on(t->ex)) /* the state's name is looked up only for a trace */
			trace_task(t->ex, "wake", t, task_state_name(t->state));
	}
	task_schedule(t);
}

/* Rust's rule: wake is wake_by_ref followed by drop. */
static void task_waker_wake(void *data)
{
	/* FAST PATH BEGIN: an idle task with nothing traced, its reference dropped in place; the simple version is below */
	if (task_wake_idle(data)) {
		((struct task *)data)->refs--; /* never the last: an idle task holds the executor's */
		return;
	}
	/* FAST PATH END */
	task_waker_wake_by_ref(data);
	task_release(data);
}

static void task_waker_drop(void *data)
{
	task_release(data);
}
/// [task_waker_wake]

void task_schedule(struct task *t)
{
	/* SOLUTION BEGIN task_schedule: Coalescing wakes */
	if (t->ex == NULL)
		return; /* the executor is gone: nobody would ever run it */
	switch (t->state) {
	case TASK_IDLE:
		t->state = TASK_QUEUED;
		run_queue_push(t->ex, t);
		break;
	case TASK_RUNNING:
		t->state = TASK_NOTIFIED; /* requeued when this poll returns Pending */
		break;
	case TASK_QUEUED:   /* already going to be polled: wakes coalesce */
	case TASK_NOTIFIED: /* already going to be requeued */
	case TASK_DONE:     /* nothing left to poll */
	case TASK_CANCELLED:
		break;
	}
	/* SOLUTION END */
}

/* ---- life of a task ---------------------------------------------------- */

static const struct future_vtable join_handle_vtable;

struct task *task_new(struct executor *ex, const char *name, struct future *fut,
		      bool with_handle)
{
	struct task *t = mem_zalloc(sizeof *t);
	if (t == NULL)
		return NULL;
	t->future = fut;
	t->drop_output = fut->vtable->drop_output;
	t->handle_vtable = join_handle_vtable;
	t->handle_vtable.drop_output = t->drop_output; /* the handle's output is the task's */
	future_init(&t->handle, &t->handle_vtable);
	t->name = name != NULL ? name : future_name(fut);
	t->id = ex->next_id++;
	t->state = TASK_IDLE;
	t->refs = with_handle ? 2 : 1;
	t->handle_held = with_handle;
	t->join_waker = waker_empty();
	list_init(&t->queue_link);
	list_push_back(&ex->tasks, &t->all_link);
	t->ex = ex;
	ex->live_tasks++;
	trace_task(ex, "spawn", t, NULL);
	return t;
}

/// [task_poll_future]
enum poll task_poll_future(struct task *t, struct context *cx, union value *out)
{
	struct executor *ex = t->ex;
	bool tracing = trace_on(ex); /* asked once: no poll opens or closes the trace */

	t->polls++;
	if (tracing)
		trace_task_write(ex, "poll", t, NULL);
	ex->current = t; /* for contract checks and timer traces */
	enum poll result = future_poll(t->future, cx, out);
	ex->current = NULL;
	if (!tracing)
		return result;
	if (result == POLL_READY)
		trace_task_write(ex, "ready", t, NULL);
	else
		trace_task_write(ex, "pending", t, t->state == TASK_NOTIFIED ? "notified" : NULL);
	return result;
}
/// [task_poll_future]

/* An output nobody will take: release what it owns. */
static void task_release_output(struct task *t)
{
	if (!t->output_taken && t->drop_output != NULL)
		t->drop_output(t->output);
	t->output_taken = true;
}

/// [task_finish]
void task_finish(struct task *t, union value out)
{
	struct future *fut = t->future;

	t->state = TASK_DONE; /* first: wakes from the future's drop are ignored */
	t->future = NULL;
	t->output = out;
	t->output_taken = false;
	t->ex->live_tasks--;
	if (!t->handle_held)
		task_release_output(t); /* detached: nobody will ever take it */
	future_drop(fut);               /* may drop clones of our own waker */
	if (!waker_is_empty(&t->join_waker))
		waker_wake(&t->join_waker); /* whoever awaits the handle can take it now */
	task_release(t);                    /* the executor's reference */
}
/// [task_finish]

void task_cancel(struct task *t)
{
	struct executor *ex = t->ex;
	struct future *fut = t->future;

	if (t->state == TASK_QUEUED)
		run_queue_remove(ex, t);
	t->state = TASK_CANCELLED;
	t->future = NULL;
	ex->live_tasks--;
	trace_task(ex, "cancel", t, NULL);
	future_drop(fut);
	if (!waker_is_empty(&t->join_waker))
		waker_wake(&t->join_waker);
	task_release(t); /* the executor's reference */
}

/* ---- the join handle --------------------------------------------------- */

static enum poll join_handle_poll(struct future *self, struct context *cx, union value *out)
{
	/* SOLUTION BEGIN join_handle_poll: Join handles */
	struct task *t = container_of(self, struct task, handle);

	CONTRACT(t->state != TASK_CANCELLED,
		 "join handle of task %llu \"%s\" polled after executor_drop() cancelled the task: "
		 "its output will never come",
		 (unsigned long long)t->id, t->name);
	if (t->state == TASK_DONE) {
		*out = t->output; /* ownership moves to whoever awaited the handle */
		t->output_taken = true;
		return POLL_READY;
	}
	waker_set(&t->join_waker, cx->waker); /* woken by task_finish() */
	return POLL_PENDING;
	/* SOLUTION END */
}

static void join_handle_drop(struct future *self)
{
	/* SOLUTION BEGIN join_handle_drop: Detaching */
	struct task *t = container_of(self, struct task, handle);

	if (t->state == TASK_DONE)
		task_release_output(t); /* finished, and nobody took the output */
	waker_drop(&t->join_waker);
	t->handle_held = false; /* detached: the task runs on, its output is released */
	task_release(t);
	/* SOLUTION END */
}

static const struct future_vtable join_handle_vtable = {
	.name = "join_handle",
	.poll = join_handle_poll,
	.drop = join_handle_drop,
	.drop_output = NULL, /* each task's copy gets its future's drop_output */
};
