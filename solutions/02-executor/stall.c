/*
 * stall.c: the reports the executor writes when something is stuck.
 *
 * A stall is the moment when tasks are unfinished, none is in the run queue
 * and no timer is armed: nothing the executor knows of can ever wake them.
 * In a single-threaded program that is final, so instead of sleeping forever
 * (or spinning) the run stops and says which tasks are stuck, and why, as
 * far as the reference counts can tell:
 *
 * - no clone of the task's waker is alive: the future returned Pending and
 *   kept no waker at all. Nobody can wake it: a lost wake-up, a bug in that
 *   future;
 * - clones are alive: someone kept the waker (a channel, a join handle, a
 *   test) and has not woken it. The bug is on their side, or the event they
 *   wait for never comes.
 */
#include "task.h"

#include "error.h"

/// [stall_task_line]
static void stall_report_task(const struct executor *ex, const struct task *t)
{
	unsigned clones = task_waker_clones(t);

	fprintf(ex->diag, "  task %llu \"%s\" (future \"%s\", %u poll(s), %u wake(s)): ",
		(unsigned long long)t->id, t->name, future_name(t->future), t->polls, t->wakes);
	if (clones == 0)
		fprintf(ex->diag, "nothing holds its waker: a future returned Pending without "
				  "keeping the waker (lost wake-up)\n");
	else
		fprintf(ex->diag, "%u waker clone(s) alive, never woken since its last poll: "
				  "whoever holds it never called wake\n",
			clones);
}
/// [stall_task_line]

int stall_report(struct executor *ex)
{
	struct list_node *it;

	fprintf(ex->diag,
		"executor stalled at %llu ms: %zu task(s) pending, none ready, no timer armed\n",
		(unsigned long long)clock_now(ex), ex->live_tasks);
	for (it = ex->tasks.next; it != &ex->tasks; it = it->next) {
		const struct task *t = container_of(it, struct task, all_link);
		if (t->state != TASK_IDLE)
			continue; /* finished ones are not stuck */
		stall_report_task(ex, t);
		trace_task(ex, "stall", t, NULL);
	}
	if (ex->shuffle_seed != 0)
		fprintf(ex->diag,
			"  shuffle seed %llu: replay this order with WB_SEED=%llu "
			"(make check-chapter2 SEED=%llu)\n",
			(unsigned long long)ex->shuffle_seed, (unsigned long long)ex->shuffle_seed,
			(unsigned long long)ex->shuffle_seed);
	fflush(ex->diag);
	return ERR_STALLED;
}

void stall_detach_survivors(struct executor *ex)
{
	struct list_node *it;

	while ((it = list_pop_front(&ex->tasks)) != NULL) {
		struct task *t = container_of(it, struct task, all_link);
		unsigned clones = task_waker_clones(t);
		if (clones > 0)
			fprintf(ex->diag,
				"executor dropped while %u waker clone(s) are alive: task %llu \"%s\" "
				"(%s); waking them does nothing, the last one dropped frees the task\n",
				clones, (unsigned long long)t->id, t->name,
				task_state_name(t->state));
		t->ex = NULL; /* later wakes do nothing; the last release frees it */
	}
	fflush(ex->diag);
}
