/*
 * lost_wakeup.c: three tasks on chapter 2's executor. Two of them sleep and
 * finish; the third waits for a "doorbell" that it forgets to leave its
 * waker with, the classic lost wake-up. Instead of hanging, the executor
 * stops and names the stuck task.
 *
 *     make example-lost_wakeup            (WB_TRACE=1 make example-lost_wakeup
 *                                          shows every event as it happens)
 */
#include "error.h"
#include "executor.h"
#include "mem.h"
#include "timer.h"

#include <stdbool.h>
#include <stdio.h>

/* ---- a task that sleeps, then says when it woke ----------------------- */

enum napper_state { NAPPER_START, NAPPER_SLEEPING, NAPPER_DONE };

struct napper {
	struct future base;
	enum napper_state state;
	struct executor *ex;
	const char *name;
	uint64_t ms;
	struct future *sleep; /* owned while NAPPER_SLEEPING */
};

static enum poll napper_poll(struct future *self, struct context *cx, union value *out)
{
	struct napper *n = container_of(self, struct napper, base);
	union value fired;

	switch (n->state) {
	case NAPPER_START:
		n->sleep = timer_sleep(n->ex, n->ms);
		if (n->sleep == NULL) { /* out of memory: give up, say so */
			*out = value_int(ERR_NOMEM);
			n->state = NAPPER_DONE;
			return POLL_READY;
		}
		n->state = NAPPER_SLEEPING;
		printf("t=%4llu ms  %s goes to sleep for %llu ms\n",
		       (unsigned long long)executor_now(n->ex), n->name, (unsigned long long)n->ms);
		/* Poll the sleep at once, so that it arms its timer. */
		/* fall through */
	case NAPPER_SLEEPING:
		if (future_poll(n->sleep, cx, &fired) == POLL_PENDING)
			return POLL_PENDING; /* the sleep keeps our waker: the timer will wake us */
		future_drop(n->sleep);
		n->sleep = NULL;
		n->state = NAPPER_DONE;
		printf("t=%4llu ms  %s wakes up\n", (unsigned long long)fired.u, n->name);
		*out = value_int(0);
		return POLL_READY;
	case NAPPER_DONE:
		break;
	}
	return POLL_PENDING; /* not reached: future_poll() reports a poll after Ready */
}

static void napper_drop(struct future *self)
{
	struct napper *n = container_of(self, struct napper, base);
	future_drop(n->sleep);
	mem_free(n);
}

static const struct future_vtable napper_vtable = {"napper", napper_poll, napper_drop, NULL};

static struct future *napper_new(struct executor *ex, const char *name, uint64_t ms)
{
	struct napper *n = mem_alloc(sizeof *n);
	if (n == NULL)
		return NULL;
	future_init(&n->base, &napper_vtable);
	n->state = NAPPER_START;
	n->ex = ex;
	n->name = name;
	n->ms = ms;
	n->sleep = NULL;
	return &n->base;
}

/* ---- a task that waits for a doorbell, and loses its waker -------------- */

/* The doorbell: whoever rings it should wake the waiter. Nobody keeps the
 * waiter's waker, so a ring could not reach it anyway: that is the bug. */
static bool doorbell_rung;

struct forgetful {
	struct future base;
};

/// [forgetful_poll]
static enum poll forgetful_poll(struct future *self, struct context *cx, union value *out)
{
	(void)self;
	(void)cx; /* BUG, on purpose: Pending without keeping cx's waker anywhere */
	if (!doorbell_rung)
		return POLL_PENDING;
	*out = value_int(0);
	return POLL_READY;
}
/// [forgetful_poll]

static void forgetful_drop(struct future *self)
{
	mem_free(container_of(self, struct forgetful, base));
}

static const struct future_vtable forgetful_vtable = {"forgetful", forgetful_poll,
						      forgetful_drop, NULL};

static struct future *forgetful_new(void)
{
	struct forgetful *f = mem_alloc(sizeof *f);
	if (f != NULL)
		future_init(&f->base, &forgetful_vtable);
	return f != NULL ? &f->base : NULL;
}

/* ---- main ----------------------------------------------------------------- */

static int spawn_or_report(struct executor *ex, const char *name, struct future *f)
{
	int err = f == NULL ? ERR_NOMEM : executor_spawn(ex, name, f, NULL);
	if (err != 0) {
		fprintf(stderr, "cannot spawn %s: %s\n", name, err_strerror(err));
		future_drop(f);
	}
	return err;
}

int main(void)
{
	struct executor_options options;
	executor_options_default(&options);
	options.diag = stdout; /* the stall report goes with the rest of the story */
	struct executor *ex = executor_new(&options);
	if (ex == NULL)
		return 1;

	int err = spawn_or_report(ex, "short nap", napper_new(ex, "short nap", 100));
	if (err == 0)
		err = spawn_or_report(ex, "long nap", napper_new(ex, "long nap", 300));
	if (err == 0)
		err = spawn_or_report(ex, "doorbell waiter", forgetful_new());
	if (err == 0) {
		err = executor_run(ex);
		printf("executor_run: %s\n", err_strerror(err));
	}
	executor_drop(ex);
	/* The stall is the expected outcome of this story: exit 0 when we saw it. */
	return err == ERR_STALLED ? 0 : 1;
}
