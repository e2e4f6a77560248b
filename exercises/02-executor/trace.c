/*
 * trace.c: one line per executor event, for people and for tools.
 *
 * Every line has the same shape, so that a script can split it on spaces:
 *
 *     trace <t_ms> <event> <task_id> <task_name>[ <extra>]
 *
 * The events: spawn, poll, pending (extra "notified" when the task was woken
 * during that poll and goes straight back to the queue), ready, wake (extra:
 * the state the wake found the task in: idle, queued, running, notified),
 * cancel, timer-arm and timer-fire (extra: the deadline; the task is the one
 * that armed the timer, id 0 and name "-" when none did), stall (one line per
 * stuck task). Task names should therefore be single words.
 *
 * Tracing is off unless the options give a stream or the environment
 * variable WB_TRACE is set: "1" writes to stderr, anything else is a file
 * path opened for appending (and closed when the executor is dropped).
 */
#include "task.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void trace_open(struct executor *ex, FILE *stream)
{
	const char *env = getenv("WB_TRACE");

	ex->trace = stream;
	ex->trace_owned = false;
	if (stream != NULL || env == NULL || env[0] == '\0' || strcmp(env, "0") == 0)
		return;
	if (strcmp(env, "1") == 0) {
		ex->trace = stderr;
		return;
	}
	ex->trace = fopen(env, "a");
	if (ex->trace == NULL)
		fprintf(ex->diag, "executor: cannot open WB_TRACE file \"%s\" (%s): no trace\n",
			env, strerror(errno));
	else
		ex->trace_owned = true;
}

void trace_close(struct executor *ex)
{
	if (ex->trace_owned)
		fclose(ex->trace);
	ex->trace = NULL;
	ex->trace_owned = false;
}

static void trace_line(const struct executor *ex, const char *event, uint64_t id,
		       const char *name, const char *extra)
{
	fprintf(ex->trace, "trace %llu %s %llu %s%s%s\n", (unsigned long long)clock_now(ex),
		event, (unsigned long long)id, name != NULL ? name : "-", extra ? " " : "",
		extra ? extra : "");
	fflush(ex->trace); /* a crash right after must not eat the last lines */
}

void trace_task_write(const struct executor *ex, const char *event, const struct task *t,
		      const char *extra)
{
	trace_line(ex, event, t != NULL ? t->id : 0, t != NULL ? t->name : NULL, extra);
}

void trace_timer(const struct executor *ex, const char *event, uint64_t task_id,
		 const char *name, uint64_t deadline)
{
	char extra[24];

	if (ex == NULL || ex->trace == NULL)
		return;
	snprintf(extra, sizeof extra, "%llu", (unsigned long long)deadline);
	trace_line(ex, event, task_id, name, extra);
}
