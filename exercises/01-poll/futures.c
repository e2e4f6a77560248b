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
	/* TODO: write ready_poll(). Read chapters/01-poll.md, section "The simplest future: ready". */
	(void)self;
	(void)cx;
	(void)out;
	TODO_NOT_DONE("ready_poll", "chapters/01-poll.md", "The simplest future: ready");
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
	/* TODO: write yield_poll(). Read chapters/01-poll.md, section "Yielding: Pending with a wake-up". */
	(void)self;
	(void)cx;
	(void)out;
	TODO_NOT_DONE("yield_poll", "chapters/01-poll.md", "Yielding: Pending with a wake-up");
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
