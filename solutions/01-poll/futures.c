/*
 * futures.c: the two leaf futures of chapter 1, written as the state
 * machines a compiler would generate for them.
 *
 * - ready: Ready with its value at the first poll (Rust: std::future::ready).
 * - yield: Pending a given number of times, waking itself before each
 *   Pending, then Ready (Rust: yield_now, repeated).
 *
 * Both own nothing but their own block: their output is a plain value, so
 * their vtables have no drop_output.
 */
#include "futures.h"

#include "diag.h"
#include "mem.h"

#include <stddef.h>

/* ---- ready ------------------------------------------------------------- */

/// [ready_future]
/* The states of a ready future: there is only one thing to wait for. */
enum ready_state {
	READY_WAITING, /* not polled yet: the value is still inside */
	READY_DONE,    /* returned Ready: the value was handed out */
};

struct ready_future {
	struct future base; /* first member: a struct future * points here */
	enum ready_state state;
	union value output; /* what the first poll hands out */
};
/// [ready_future]

static enum poll ready_poll(struct future *self, struct context *cx, union value *out)
{
	/* SOLUTION BEGIN ready_poll: The simplest future: ready */
	struct ready_future *r = container_of(self, struct ready_future, base);
	(void)cx; /* Ready at once: no wake-up to arrange, so the waker is not touched */

	switch (r->state) {
	case READY_WAITING:
		r->state = READY_DONE;
		*out = r->output;
		return POLL_READY;
	case READY_DONE:
		break;
	}
	/* future_poll() reports this first; this catches a direct vtable call. */
	CONTRACT(false, "ready future polled after it returned Ready");
	return POLL_PENDING;
	/* SOLUTION END */
}

static void ready_drop(struct future *self)
{
	mem_free(container_of(self, struct ready_future, base));
}

/// [ready_new]
static const struct future_vtable ready_vtable = {
	.name = "ready",
	.poll = ready_poll,
	.drop = ready_drop,
	.drop_output = NULL, /* the output is a plain value: nothing to release */
};

struct future *future_ready_new(union value v)
{
	struct ready_future *r = mem_alloc(sizeof *r);
	if (r == NULL)
		return NULL;
	future_init(&r->base, &ready_vtable);
	r->state = READY_WAITING;
	r->output = v;
	return &r->base;
}
/// [ready_new]

/* ---- yield ------------------------------------------------------------- */

/// [yield_future]
/* The states of a yield future. */
enum yield_state {
	YIELD_YIELDING, /* still owes `remaining` Pending answers */
	YIELD_DONE,     /* returned Ready */
};

struct yield_future {
	struct future base;
	enum yield_state state;
	unsigned remaining; /* a local that lives across Pending: a field */
	union value output;
};
/// [yield_future]

static enum poll yield_poll(struct future *self, struct context *cx, union value *out)
{
	/* SOLUTION BEGIN yield_poll: Yielding: Pending with a wake-up */
	struct yield_future *y = container_of(self, struct yield_future, base);

	switch (y->state) {
	case YIELD_YIELDING:
		if (y->remaining > 0) {
			y->remaining--;
			/* Nobody else will wake us: ask to be polled again, then
			 * step aside. Borrowing the waker is enough; keeping a
			 * clone would only cost a reference. */
			waker_wake_by_ref(context_waker(cx));
			return POLL_PENDING;
		}
		y->state = YIELD_DONE;
		*out = y->output;
		return POLL_READY;
	case YIELD_DONE:
		break;
	}
	CONTRACT(false, "yield future polled after it returned Ready");
	return POLL_PENDING;
	/* SOLUTION END */
}

static void yield_drop(struct future *self)
{
	/* A yield keeps no waker, so there is no reference to give back. */
	mem_free(container_of(self, struct yield_future, base));
}

static const struct future_vtable yield_vtable = {
	.name = "yield",
	.poll = yield_poll,
	.drop = yield_drop,
	.drop_output = NULL,
};

struct future *future_yield_new(unsigned pendings, union value v)
{
	struct yield_future *y = mem_alloc(sizeof *y);
	if (y == NULL)
		return NULL;
	future_init(&y->base, &yield_vtable);
	y->state = YIELD_YIELDING;
	y->remaining = pendings;
	y->output = v;
	return &y->base;
}
