/*
 * join.c: a future that waits for two futures at once (Rust:
 * futures::future::join, built on MaybeDone).
 *
 * Each child is a small state machine of its own: running (the future is
 * still to be polled), done (the future is dropped and its output is kept
 * here) or taken (the output went to the join's caller). The join's output,
 * a struct join_output, is allocated when the join is built, so finishing
 * can never fail for lack of memory.
 */
#include "futures.h"

#include "diag.h"
#include "mem.h"

#include <stdbool.h>
#include <stddef.h>

/// [join_future]
/* What became of one joined future (Rust: MaybeDone's three variants). */
enum join_child_state {
	JOIN_CHILD_RUNNING, /* Future(f): poll it at each poll of the join */
	JOIN_CHILD_DONE,    /* Done(output): future dropped, output in *slot */
	JOIN_CHILD_TAKEN,   /* Gone: the output went out with the join's */
};

struct join_child {
	enum join_child_state state;
	struct future *future;     /* owned while RUNNING, NULL afterwards */
	union value *slot;         /* where the output goes: inside the join_output */
	value_drop_fn drop_output; /* the child's drop_output, saved: the child
				      is gone by the time its output is released */
};

/* The states of the join itself. */
enum join_state {
	JOIN_WAITING, /* at least one child is still running */
	JOIN_DONE,    /* returned Ready with both outputs */
};

struct join_future {
	struct future base;
	enum join_state state;
	struct join_child children[2]; /* in argument order: first, second */
	struct join_output *output;    /* owned until Ready hands it out */
};
/// [join_future]

static enum poll join_poll(struct future *self, struct context *cx, union value *out)
{
	/* TODO: write join_poll(). Read chapters/01-poll.md, section "Joining two futures". */
	(void)self;
	(void)cx;
	(void)out;
	TODO_NOT_DONE("join_poll", "chapters/01-poll.md", "Joining two futures");
}

/// [join_drop]
static void join_drop(struct future *self)
{
	struct join_future *j = container_of(self, struct join_future, base);

	for (size_t i = 0; i < 2; i++) {
		struct join_child *c = &j->children[i];
		switch (c->state) {
		case JOIN_CHILD_RUNNING: /* cancelled: drop it with its wakers */
			future_drop(c->future);
			break;
		case JOIN_CHILD_DONE: /* finished, output never handed out */
			if (c->drop_output != NULL)
				c->drop_output(*c->slot);
			break;
		case JOIN_CHILD_TAKEN: /* the caller owns the output now */
			break;
		}
	}
	mem_free(j->output); /* NULL once handed out */
	mem_free(j);
}
/// [join_drop]

void join_output_drop(union value v)
{
	struct join_output *pair = v.ptr;

	CONTRACT(pair != NULL, "join_output_drop() of a NULL join output");
	if (pair->drop_first != NULL)
		pair->drop_first(pair->first);
	if (pair->drop_second != NULL)
		pair->drop_second(pair->second);
	mem_free(pair);
}

static const struct future_vtable join_vtable = {
	.name = "join",
	.poll = join_poll,
	.drop = join_drop,
	.drop_output = join_output_drop,
};

/// [join_new]
/* Makes c the running child f whose output will land in *slot. */
static void join_child_init(struct join_child *c, struct future *f, union value *slot)
{
	c->state = JOIN_CHILD_RUNNING;
	c->future = f;
	c->slot = slot;
	c->drop_output = f->vtable->drop_output;
}

struct future *future_join_new(struct future *a, struct future *b)
{
	CONTRACT(a != NULL && b != NULL, "future_join_new() needs two futures, got NULL");
	CONTRACT(a != b, "future_join_new() got the same future twice");

	/* Both blocks now, so that completing the join never allocates. */
	struct join_future *j = mem_alloc(sizeof *j);
	struct join_output *pair = mem_zalloc(sizeof *pair);
	if (j == NULL || pair == NULL) {
		mem_free(j);
		mem_free(pair);
		return NULL; /* a and b were not touched: still the caller's */
	}
	future_init(&j->base, &join_vtable);
	j->state = JOIN_WAITING;
	join_child_init(&j->children[0], a, &pair->first);
	join_child_init(&j->children[1], b, &pair->second);
	pair->drop_first = a->vtable->drop_output;
	pair->drop_second = b->vtable->drop_output;
	j->output = pair;
	return &j->base;
}
/// [join_new]
